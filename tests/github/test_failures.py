"""How GitHub ingestion fails: cleanly, with a stable code, leaving no working copy behind."""

from __future__ import annotations

import json
import os
import random

import pytest

from tests.github.conftest import FIXTURE_REPOS, sqlite_only
from tests.github.fake_github import Symlink, run_git
from tests.github.support import admin_for, connect, ingest, start_ingest
from tests.jobs.support import finished, job_row, wait_for

EXPO_PACKAGE = (FIXTURE_REPOS / "expo" / "package.json").read_text()
EXPO_APP = (FIXTURE_REPOS / "expo" / "app.json").read_text()


def working_copies(work_dir) -> list[str]:
    return sorted(os.listdir(work_dir)) if os.path.isdir(work_dir) else []


@pytest.fixture
def settings(settings, request):
    # Fast polling, so a retry is picked up as soon as it is due; and a test's own limits.
    overrides = getattr(request, "param", {})  # a test's own: parametrize("settings", indirect)
    return settings.model_copy(update={"job_poll_seconds": 0.1, **overrides})


async def test_a_repository_the_installation_cannot_see(api, worker, fake_github, work_dir):
    await connect(api, fake_github, "acme", repositories=["stride"])
    fake_github.create_repo("acme/stride", FIXTURE_REPOS / "expo")
    fake_github.create_repo("acme/secret-app", FIXTURE_REPOS / "expo", private=True)
    fake_github.create_repo("other/app", FIXTURE_REPOS / "expo")
    project = await api.create_project()
    for repo in ("acme/secret-app", "other/app", "acme/does-not-exist"):
        job = await ingest(api, project["id"], repoFullName=repo)
        assert job["status"] == "failed", job
        assert job["error"]["code"] == "GITHUB_REPO_NOT_FOUND"
        assert repo in job["error"]["message"]
    assert fake_github.count(path_regex=r"\.git/") == 0  # nothing was cloned
    assert working_copies(work_dir) == []
    after = (await api.get(f"/v1/projects/{project['id']}")).json()
    assert after["ingestState"]["github"] is None and after["brandContext"] is None


async def test_a_deleted_installation_is_marked_uninstalled(api, worker, fake_github):
    installation, _ = await connect(api, fake_github, "acme")
    fake_github.create_repo("acme/stride", FIXTURE_REPOS / "expo")
    project = await api.create_project()
    fake_github.delete_installation(installation)
    job = await ingest(api, project["id"], repoFullName="acme/stride")
    assert job["status"] == "failed"
    assert job["error"]["code"] == "GITHUB_UNINSTALLED"
    record = (await (await admin_for(api)).get("/v1/github/installation")).json()
    assert record["status"] == "uninstalled"
    later = await start_ingest(api, project["id"], repoFullName="acme/stride")
    assert later.status_code == 422
    assert later.json()["error"]["details"]["subcode"] == "GITHUB_UNINSTALLED"
    # Installing the App again and registering the new installation brings it back.
    again, record = await connect(api, fake_github, "acme")
    assert record["status"] == "active" and record["installationId"] == again.id
    assert (await ingest(api, project["id"], repoFullName="acme/stride"))["status"] == "completed"


def big_repo(fake, full_name: str, *, reported_size_kb: int | None) -> None:
    noise = random.Random(7).randbytes(3 * 1024 * 1024)  # incompressible: the pack is as big
    files = {"package.json": EXPO_PACKAGE, "app.json": EXPO_APP, "assets/video.bin": noise}
    fake.create_repo(full_name, files, reported_size_kb=reported_size_kb)


@sqlite_only
@pytest.mark.parametrize(
    "settings", [{"github_clone_max_bytes": 1024 * 1024}], ids=["1MiB-cap"], indirect=True
)
async def test_a_repository_over_the_size_cap_is_not_cloned(api, worker, fake_github, work_dir):
    await connect(api, fake_github, "acme")
    project = await api.create_project()
    # GitHub's own figure is over the cap: refused before any byte is fetched.
    big_repo(fake_github, "acme/big", reported_size_kb=None)
    job = await ingest(api, project["id"], repoFullName="acme/big")
    assert job["status"] == "failed"
    assert job["error"]["code"] == "GITHUB_REPO_TOO_LARGE"
    assert fake_github.count(path_regex=r"\.git/") == 0
    # GitHub's figure is stale (it lags pushes): the clone itself is stopped at the cap.
    big_repo(fake_github, "acme/sneaky", reported_size_kb=10)
    job = await ingest(api, project["id"], repoFullName="acme/sneaky")
    assert job["status"] == "failed"
    assert job["error"]["code"] == "GITHUB_REPO_TOO_LARGE", job
    assert fake_github.count("POST", r"sneaky\.git/git-upload-pack$") >= 1
    assert working_copies(work_dir) == []


@sqlite_only
@pytest.mark.parametrize(
    "settings", [{"github_clone_timeout_seconds": 0.5}], ids=["half-second-limit"], indirect=True
)
async def test_a_clone_over_the_time_limit_is_stopped(api, worker, fake_github, work_dir):
    await connect(api, fake_github, "acme")
    fake_github.create_repo("acme/slow", FIXTURE_REPOS / "expo")
    fake_github.delay("POST", r"git-upload-pack$", 3.0, times=5)
    project = await api.create_project()
    job = await ingest(api, project["id"], repoFullName="acme/slow")
    assert job["status"] == "failed"
    assert job["error"] == {
        "code": "GITHUB_CLONE_TIMEOUT",
        "message": "git fetch did not finish within 0.5 seconds and was stopped.",
    }
    assert working_copies(work_dir) == []


@sqlite_only
async def test_github_5xx_is_retried_by_the_job_engine(api, worker, fake_github):
    await connect(api, fake_github, "acme")
    fake_github.create_repo("acme/stride", FIXTURE_REPOS / "expo")
    fake_github.fail("GET", r"/repos/acme/stride$", 502)
    project = await api.create_project()
    job = await ingest(api, project["id"], repoFullName="acme/stride")
    assert job["status"] == "completed", job
    assert (await job_row(api.db, job["jobId"])).attempts == 2
    assert fake_github.count("GET", r"/repos/acme/stride$") == 2


@sqlite_only
async def test_cancel_is_honoured_between_stages(api, worker, fake_github, work_dir):
    await connect(api, fake_github, "acme")
    fake_github.create_repo("acme/stride", FIXTURE_REPOS / "expo")
    fake_github.delay("POST", r"git-upload-pack$", 1.0)
    project = await api.create_project()
    started = (await start_ingest(api, project["id"], repoFullName="acme/stride")).json()
    await wait_for(api, started["jobId"], lambda job: job["stage"] == "cloning")
    canceled = await api.post(f"/v1/jobs/{started['jobId']}/cancel")
    assert canceled.status_code == 202 and canceled.json()["accepted"] is True
    job = await wait_for(api, started["jobId"], finished)
    assert job["status"] == "canceled"
    assert fake_github.branch_sha("acme/stride", "layers/sdk-setup") is None
    assert fake_github.count("POST", r"/pulls$") == 0
    assert working_copies(work_dir) == []
    after = (await api.get(f"/v1/projects/{project['id']}")).json()
    assert after["ingestState"]["github"] is None


@sqlite_only
async def test_opening_the_pull_request_cannot_be_interrupted(api, worker, fake_github):
    await connect(api, fake_github, "acme")
    fake_github.create_repo("acme/stride", FIXTURE_REPOS / "expo")
    fake_github.delay("POST", r"/pulls$", 1.0)
    project = await api.create_project()
    started = (await start_ingest(api, project["id"], repoFullName="acme/stride")).json()
    await wait_for(api, started["jobId"], lambda job: job["stage"] == "opening_pr")
    refused = await api.post(f"/v1/jobs/{started['jobId']}/cancel")
    assert refused.status_code == 409
    assert refused.json()["error"]["details"]["subcode"] == "JOB_CANCEL_UNAVAILABLE"
    assert (await wait_for(api, started["jobId"], finished))["status"] == "completed"


@sqlite_only
async def test_symlinks_pointing_outside_are_never_followed(api, worker, fake_github, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("TOP SECRET: this file is outside the repository\n")
    await connect(api, fake_github, "acme")
    fake_github.create_repo(
        "acme/linky",
        {
            "package.json": EXPO_PACKAGE,
            "app.json": EXPO_APP,
            "README.md": Symlink(str(outside)),
            "docs/README.md": Symlink("../../../../../../../../etc/passwd"),
            "ios/Info.plist": Symlink("/etc/hosts"),
            "apps/web/package.json": Symlink(str(outside)),
        },
    )
    project = await api.create_project()
    job = await ingest(api, project["id"], repoFullName="acme/linky")
    assert job["status"] == "completed", job
    result = json.dumps(job["result"])
    assert "TOP SECRET" not in result and "root:" not in result
    skipped = {entry["path"]: entry["reason"] for entry in job["result"]["skipped"]}
    assert skipped["README.md"] == "a symbolic link: not read"
    assert skipped["apps/web/package.json"] == "a symbolic link: not read"
    assert outside.read_text().startswith("TOP SECRET")  # nothing was written through a link
    # The pushed branch keeps the links as links.
    tree = run_git("ls-tree", "-r", "layers/sdk-setup", cwd=fake_github.bare_path("acme", "linky"))
    assert "120000 blob" in next(line for line in tree.splitlines() if line.endswith("\tREADME.md"))


@sqlite_only
async def test_a_fifty_thousand_file_tree(api, worker, fake_github):
    commands = [
        b"blob\nmark :1\ndata 6\nhello\n",
        b"blob\nmark :2\ndata %d\n%s\n" % (len(EXPO_PACKAGE.encode()), EXPO_PACKAGE.encode()),
        b"blob\nmark :3\ndata %d\n%s\n" % (len(EXPO_APP.encode()), EXPO_APP.encode()),
        b"commit refs/heads/main\ncommitter Fixture <f@example.com> 1767323045 +0000\n"
        b"data 6\nhuge!\nM 100644 :2 package.json\nM 100644 :3 app.json\n",
    ]
    for index in range(50_000):
        folder = "node_modules/pkg" if index % 2 else "src/generated"
        commands.append(
            b"M 100644 :1 %s/%03d/file%05d.txt\n" % (folder.encode(), index % 500, index)
        )
    fake_github.create_repo_fast_import("acme/huge-tree", b"".join(commands) + b"\n")
    await connect(api, fake_github, "acme")
    project = await api.create_project()
    job = await ingest(api, project["id"], repoFullName="acme/huge-tree", within=60)
    assert job["status"] == "completed", job
    assert job["result"]["platforms"] == ["react-native", "expo"]
    assert job["result"]["brandContext"]["appName"] == "Stride"
    tree = run_git(
        "ls-tree", "-r", "--name-only", "layers/sdk-setup",
        cwd=fake_github.bare_path("acme", "huge-tree"),
    )  # fmt: skip
    assert len(tree.splitlines()) == 50_003  # every file kept, plus layers.config.json


@sqlite_only
async def test_a_huge_package_json_is_not_read(api, worker, fake_github):
    huge = json.loads(EXPO_PACKAGE)
    huge["description"] = "x" * (8 * 1024 * 1024)
    await connect(api, fake_github, "acme")
    fake_github.create_repo(
        "acme/bloated",
        {
            "package.json": json.dumps(huge),
            "README.md": "# Bloated\n\nA very large manifest, and a README that says what it is.\n",
        },
    )
    project = await api.create_project()
    job = await ingest(api, project["id"], repoFullName="acme/bloated")
    assert job["status"] == "completed", job
    assert {"path": "package.json", "reason": "larger than 1024 KiB: not read"} in job["result"][
        "skipped"
    ]
    assert job["result"]["platforms"] == []
    assert job["result"]["brandContext"]["appName"] == "Bloated"
