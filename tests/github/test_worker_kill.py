"""SIGKILL of a worker: its working copy is swept by the next worker that starts.

The workers run as real processes on a database of this test's own, so they claim no other
test's jobs.
"""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from layers_server.settings import Settings
from tests.github.conftest import FIXTURE_REPOS, sqlite_only
from tests.github.support import connect, start_ingest
from tests.jobs.support import finished, wait_for
from tests.jobs.test_worker_processes import WorkerProcess


@pytest.fixture
def settings(settings, fresh_database_url):
    return settings.model_copy(
        update={"database_url": Settings(database_url=fresh_database_url).database_url}
    )


def processes_inside(folder) -> list[int]:
    """Processes whose working directory is inside ``folder`` (git runs in the copy)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.readlink(f"/proc/{pid}/cwd").startswith(str(folder)):
                found.append(int(pid))
        except OSError:
            pass
    return found


@sqlite_only
async def test_a_killed_workers_working_copy_is_swept_at_the_next_start(
    api,
    fresh_database_url,
    fake_github,
    settings,
    tmp_path,
):
    """SIGKILL leaves the copy behind (nothing in the process can run); the next worker to start
    removes it, and takes the job over once its lease runs out."""
    await connect(api, fake_github, "acme")
    fake_github.create_repo("acme/stride", FIXTURE_REPOS / "expo")
    fake_github.delay("POST", r"git-upload-pack$", 30.0)
    work_dir = tmp_path / "worker-copies"
    env = {
        "LAYERS_GITHUB_API_URL": settings.github_api_url,
        "LAYERS_GITHUB_WEB_URL": settings.github_web_url,
        "LAYERS_GITHUB_APP_ID": str(settings.github_app_id),
        "LAYERS_GITHUB_APP_SLUG": settings.github_app_slug,
        "LAYERS_GITHUB_PRIVATE_KEY": settings.github_private_key.get_secret_value(),
        "LAYERS_GITHUB_WORK_DIR": str(work_dir),
        "LAYERS_FETCH_ALLOW_PRIVATE": "true",
    }
    project = await api.create_project()
    started = (await start_ingest(api, project["id"], repoFullName="acme/stride")).json()
    first = WorkerProcess(fresh_database_url, tmp_path / "first.log", concurrency=1, **env)
    try:
        await first.started()
        for _ in range(400):  # until the clone is under way (its answer held back)
            if fake_github.count("POST", r"git-upload-pack$"):
                break
            await asyncio.sleep(0.05)
        leftovers = sorted(os.listdir(work_dir))
        assert leftovers and processes_inside(work_dir), first.log()
        first.process.send_signal(signal.SIGKILL)
        first.process.wait()
        assert sorted(os.listdir(work_dir)) == leftovers  # nothing could clean up
        second = WorkerProcess(fresh_database_url, tmp_path / "second.log", concurrency=1, **env)
        try:
            await second.started()
            for _ in range(100):
                if not set(os.listdir(work_dir)) & set(leftovers):
                    break
                await asyncio.sleep(0.05)
            assert not set(os.listdir(work_dir)) & set(leftovers), second.log()
            # Nor is anything the killed worker started still at work in it.
            assert not processes_inside(work_dir / leftovers[0])
            job = await wait_for(api, started["jobId"], finished, within=60)
            assert job["status"] == "completed", (job, second.log())
        finally:
            second.kill()
    finally:
        first.kill()
    assert os.listdir(work_dir) == []
