"""The installation token and the App's private key stay secret, and working copies go away.

Every place a secret could leak is looked at while a real clone runs: the command lines ``ps``
shows, the URLs the fake GitHub received, every file of the working copy (``config``
included), every log record, the job's result and error, and every row of the database.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import subprocess

import sqlalchemy as sa

from layers_server.db.tables import metadata
from tests.github.conftest import FIXTURE_REPOS, sqlite_only
from tests.github.support import connect, ingest, start_ingest


def command_lines() -> list[str]:
    """What any user of the machine sees: ``ps`` and every process's /proc cmdline."""
    seen = [subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout]
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                    seen.append(cmdline.read().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                pass
    return seen


def files_under(root: str) -> dict[str, bytes]:
    found = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as handle:
                    found[path] = handle.read()
            except OSError:
                pass
    return found


async def database_dump(db) -> str:
    rows = []
    async with db.read() as conn:
        for table in metadata.sorted_tables:
            rows += [repr(tuple(row)) for row in await conn.execute(sa.select(table))]
    return "\n".join(rows)


def secret_forms(tokens: list[str]) -> list[str]:
    forms = []
    for token in tokens:
        forms += [token, base64.b64encode(f"x-access-token:{token}".encode()).decode()]
    return forms


@sqlite_only
async def test_the_token_never_shows_anywhere(
    api, worker, fake_github, work_dir, caplog, app_key_pair
):
    caplog.set_level(logging.DEBUG)
    await connect(api, fake_github, "acme")
    fake_github.create_repo("acme/stride", FIXTURE_REPOS / "expo")
    # A slow fetch and a push that fails once: the clone is watched while it runs, and the
    # failure's logging and error are looked at too.
    fake_github.delay("POST", r"git-upload-pack$", 1.5)
    fake_github.fail("POST", r"git-receive-pack$", 500)
    project = await api.create_project()
    started = (await start_ingest(api, project["id"], repoFullName="acme/stride")).json()

    watched: list[str] = []
    copies: dict[str, bytes] = {}
    git_seen = False
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    while loop.time() < deadline:
        lines = await asyncio.to_thread(command_lines)
        watched += lines
        git_seen = git_seen or any("git" in line and "fetch" in line for line in lines)
        copies.update(await asyncio.to_thread(files_under, str(work_dir)))
        job = (await api.get(f"/v1/jobs/{started['jobId']}")).json()
        if job["finishedAt"]:
            break
        await asyncio.sleep(0.05)
    assert job["status"] == "completed", job
    assert git_seen, "the clone was never seen running"
    assert any(path.endswith("/config") for path in copies), sorted(copies)

    tokens = fake_github.issued_tokens
    assert len(tokens) >= 2  # one per attempt: the failed push was retried
    secrets = secret_forms(tokens)
    private_key_body = "".join(app_key_pair[0].splitlines()[1:-1])
    requests = [f"{r.path}?{r.query}" for r in fake_github.requests]
    records = [
        json.dumps({**record.__dict__, "msg": record.getMessage()}, default=str)
        for record in caplog.records
    ]
    assert any("git push failed" in record for record in records)  # the failure was logged
    places = {
        "ps and /proc/*/cmdline": "\n".join(watched),
        "URLs sent to GitHub": "\n".join(requests),
        "working copy files": "\n".join(data.decode(errors="replace") for data in copies.values()),
        "log records": "\n".join(records) + caplog.text,
        "job": json.dumps(job),
        "database": await database_dump(api.db),
    }
    for place, text in places.items():
        for secret in secrets:
            assert secret not in text, f"a token leaked into {place}"
        if place in ("log records", "database", "job"):
            assert private_key_body[:64] not in text, f"the private key leaked into {place}"
    # And the header really was how git authenticated.
    git_requests = [r for r in fake_github.requests if ".git/" in r.path]
    assert git_requests and all(
        r.headers["Authorization"].startswith("Basic ") for r in git_requests
    )
    assert os.listdir(work_dir) == []


@sqlite_only
async def test_a_failed_job_says_nothing_secret(api, worker, fake_github):
    await connect(api, fake_github, "acme")
    fake_github.create_repo("acme/stride", FIXTURE_REPOS / "expo")
    fake_github.fail("POST", r"git-upload-pack$", 403, times=10)
    project = await api.create_project()
    job = await ingest(api, project["id"], repoFullName="acme/stride", within=60)
    assert job["status"] == "failed", job
    assert job["error"] == {
        "code": "GITHUB_GIT_FAILED",
        "message": "GitHub refused git fetch (HTTP 403).",
    }
    for secret in secret_forms(fake_github.issued_tokens):
        assert secret not in json.dumps(job)
