"""The `project_ingest_github` job end to end: stages, clone, analysis, patch, push, PR."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from tests.github.conftest import FIXTURE_REPOS, sqlite_only
from tests.github.fake_github import run_git
from tests.github.support import connect, ingest, start_ingest

STAGES = ["cloning", "analyzing", "generating_sdk_patch", "opening_pr", "finalizing"]


def clone_back(fake, full_name: str, branch: str, into) -> None:
    """What the partner sees: a plain clone of the branch the job pushed."""
    owner, name = full_name.split("/")
    run_git("clone", "-q", "--branch", branch, str(fake.bare_path(owner, name)), str(into))


async def test_expo_repository_end_to_end(api, worker, fake_github, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="layers.jobs")
    await connect(api, fake_github, "acme")
    fake_github.create_repo(
        "acme/stride", FIXTURE_REPOS / "expo", description="Run your first half, calmly."
    )
    # Slow answers stretch the stages that talk to GitHub, so the polls below see them.
    fake_github.delay("POST", r"git-upload-pack$", 0.4)
    fake_github.delay("POST", r"/pulls$", 0.4)
    project = await api.create_project(name="Stride")
    response = await start_ingest(api, project["id"], repoFullName="acme/stride")
    assert response.status_code == 202, response.text
    envelope = response.json()
    assert envelope["kind"] == "project_ingest_github"
    assert envelope["stage"] == "queued"

    seen = []
    while True:
        job = (await api.get(f"/v1/jobs/{envelope['jobId']}")).json()
        seen.append((job["progress"], job["stage"]))
        if job["finishedAt"]:
            break
        await asyncio.sleep(0.02)
    assert job["status"] == "completed", job
    progress = [p for p, _ in seen]
    assert progress == sorted(progress) and progress[-1] == 1.0
    stages = [
        r.stage
        for r in caplog.records
        if r.getMessage() == "job stage" and r.job_id == envelope["jobId"]
    ]
    assert stages == STAGES
    assert {"cloning", "opening_pr"} <= {stage for _, stage in seen}

    result = job["result"]
    assert result["repoFullName"] == "acme/stride"
    assert result["branch"] == "layers/sdk-setup"
    assert result["baseBranch"] == "main"
    assert result["platforms"] == ["react-native", "expo"]
    assert result["apps"] == [
        {
            "path": "",
            "platforms": ["react-native", "expo"],
            "configFile": "layers.config.json",
            "sdkPackage": "@layers/expo",
            "note": None,
        }
    ]
    assert result["patch"] is None
    assert result["sandbox"] is False
    pull = result["pullRequest"]
    assert pull["number"] == 1 and pull["reused"] is False
    assert pull["url"] == f"{fake_github.origin}/acme/stride/pull/1"

    # The branch is really on the remote: clone it back and read what the job wrote.
    assert fake_github.branch_sha("acme/stride", "layers/sdk-setup") == result["commitSha"]
    checkout = tmp_path / "checkout"
    clone_back(fake_github, "acme/stride", "layers/sdk-setup", checkout)
    config = json.loads((checkout / "layers.config.json").read_text())
    assert config == {
        "projectId": project["id"],
        "appName": "Stride",
        "platforms": ["react-native", "expo"],
        "eventAllowlist": None,
    }
    package = json.loads((checkout / "package.json").read_text())
    assert package["dependencies"]["@layers/expo"] == "latest"
    assert list(package["dependencies"]) == sorted(package["dependencies"])
    assert (
        package["scripts"]
        == json.loads((FIXTURE_REPOS / "expo" / "package.json").read_text())["scripts"]
    )
    changed = run_git("diff", "--name-only", "origin/main", "HEAD", cwd=checkout).split()
    assert sorted(changed) == ["layers.config.json", "package.json"]

    # The pull request describes what was learned.
    opened = fake_github.repos[("acme", "stride")].pulls[0]
    assert opened["title"] == "chore: instrument with Layers SDK"
    assert opened["head"]["ref"] == "layers/sdk-setup" and opened["base"]["ref"] == "main"
    assert "**App name:** Stride" in opened["body"]
    assert "running coach for busy runners" in opened["body"]
    assert "`com.stridelabs.stride`" in opened["body"]

    after = (await api.get(f"/v1/projects/{project['id']}")).json()
    assert after["ingestState"]["github"] == {
        "status": "completed",
        "jobId": envelope["jobId"],
        "completedAt": result["completedAt"],
        "repoFullName": "acme/stride",
        "pullRequestUrl": pull["url"],
    }
    assert after["platformIosBundleId"] == "com.stridelabs.stride"
    assert after["platformAndroidBundleId"] == "com.stridelabs.stride.android"
    github = after["brandContext"]["sources"]["github"]
    assert github["appName"] == "Stride"
    assert github["jobId"] == envelope["jobId"]
    # The project's first appDescription came from the repository: the brand workflows ran.
    assert after["appDescription"].startswith("Stride is a running coach")
    for _ in range(200):
        bank = (await api.get(f"/v1/projects/{project['id']}/keywords")).json()
        if bank["hashtags"]:
            break
        await asyncio.sleep(0.05)
    assert bank["hashtags"], bank
    influencers = (await api.get(f"/v1/projects/{project['id']}/influencers")).json()
    assert len(influencers["items"]) == 1


@sqlite_only
async def test_a_second_run_reuses_the_open_pull_request(api, worker, fake_github):
    await connect(api, fake_github, "acme")
    fake_github.create_repo("acme/stride", FIXTURE_REPOS / "expo")
    project = await api.create_project(name="Stride")
    first = await ingest(api, project["id"], repoFullName="acme/stride")
    second = await ingest(api, project["id"], repoFullName="acme/stride")
    assert first["status"] == second["status"] == "completed", second
    assert second["result"]["pullRequest"] == {**first["result"]["pullRequest"], "reused": True}
    # The same patch on the same base is the same commit: nothing new was pushed.
    assert second["result"]["commitSha"] == first["result"]["commitSha"]
    assert fake_github.count("POST", r"git-receive-pack$") == 1
    assert len(fake_github.repos[("acme", "stride")].pulls) == 1


async def test_open_pr_false_returns_the_diff_and_pushes_nothing(api, worker, fake_github):
    await connect(api, fake_github, "acme")
    fake_github.create_repo("acme/trailmix", FIXTURE_REPOS / "react-native")
    project = await api.create_project(name="TrailMix")
    job = await ingest(api, project["id"], repoFullName="acme/trailmix", openPR=False)
    assert job["status"] == "completed", job
    result = job["result"]
    assert result["pullRequest"] is None
    patch = result["patch"]
    assert "+++ b/layers.config.json" in patch and "+++ b/package.json" in patch
    assert '+    "@layers/react-native": "latest",' in patch
    # The diff applies to the repository as it is.
    checkout = fake_github.root / "apply"
    run_git("clone", "-q", str(fake_github.bare_path("acme", "trailmix")), str(checkout))
    run_git("apply", "--check", "-", cwd=checkout, input=patch.encode())
    assert fake_github.branch_sha("acme/trailmix", "layers/sdk-setup") is None
    assert fake_github.count("POST", r"git-receive-pack$") == 0
    assert fake_github.count("POST", r"/pulls$") == 0


@sqlite_only
@pytest.mark.parametrize(
    ("body", "patched"),
    [
        ({"platforms": ["ios", "react-native"]}, ["ios", "react-native"]),
        ({"sdkConfig": {"includePlatforms": ["android"]}}, ["android"]),
        ({"platforms": ["ios"], "sdkConfig": {"includePlatforms": ["ios", "android"]}}, ["ios"]),
    ],
)
async def test_platforms_narrow_what_is_patched(api, worker, fake_github, body, patched):
    await connect(api, fake_github, "acme")
    fake_github.create_repo("acme/trailmix", FIXTURE_REPOS / "react-native")
    project = await api.create_project(name="TrailMix")
    sdk_config = {"appName": "Trail Mix", "eventAllowlist": ["hike_started"]}
    sdk_config.update(body.get("sdkConfig", {}))
    options = {k: v for k, v in body.items() if k != "sdkConfig"}
    job = await ingest(
        api,
        project["id"],
        repoFullName="acme/trailmix",
        openPR=False,
        sdkConfig=sdk_config,
        **options,
    )
    assert job["status"] == "completed", job
    (app,) = job["result"]["apps"]
    assert app["platforms"] == patched
    patch = job["result"]["patch"]
    assert json.loads(new_file(patch, "layers.config.json")) == {
        "projectId": project["id"],
        "appName": "Trail Mix",
        "platforms": patched,
        "eventAllowlist": ["hike_started"],
    }
    # Only the JavaScript platform brings the JavaScript SDK.
    assert ("b/package.json" in patch) == ("react-native" in patched)


def new_file(patch: str, path: str) -> str:
    """The content of a file the unified diff adds."""
    section = patch.split(f"+++ b/{path}\n", 1)[1].split("\ndiff --git", 1)[0]
    return "".join(line[1:] + "\n" for line in section.splitlines() if line.startswith("+"))


async def test_another_organizations_project_is_not_found(api, new_api, worker, fake_github):
    await connect(api, fake_github, "acme")
    fake_github.create_repo("acme/stride", FIXTURE_REPOS / "expo")
    project = await api.create_project(name="Stride")
    stranger = await new_api()
    await connect(stranger, fake_github, "stranger")
    for spelling in (project["id"], project["id"].removeprefix("prj_")):
        response = await start_ingest(stranger, spelling, repoFullName="acme/stride")
        assert response.status_code == 404, response.text
        assert response.json()["error"]["code"] == "NOT_FOUND"
    assert (await api.get(f"/v1/projects/{project['id']}")).json() == {
        **project,
        "brandContext": None,
    }
    assert fake_github.count(path_regex=r"/repos/") == 0
    assert (await ingest(api, project["id"], repoFullName="acme/stride"))["status"] == "completed"
