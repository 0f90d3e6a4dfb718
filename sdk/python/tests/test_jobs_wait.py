"""``jobs.wait`` polls with ETag / If-None-Match until the job is terminal."""

from __future__ import annotations

import pytest

import layers
import samples
from harness import Client, ScriptedAPI, resolve

RUNNING = {**samples.JOB, "progress": 0.25}
COMPLETED = {
    **samples.JOB,
    "status": "completed",
    "progress": 1.0,
    "result": {"pages": 3},
    "finishedAt": "2026-04-18T19:03:00.000000+00:00",
}
FAILED = {
    **COMPLETED,
    "status": "failed",
    "result": None,
    "error": {"code": "SCRAPE_FAILED", "message": "No listing."},
}


async def test_wait_polls_conditionally_until_terminal(
    client: Client, api: ScriptedAPI, sleeps: list[float]
) -> None:
    api.reply(200, RUNNING, headers={"ETag": '"v1"'})
    api.reply(304, headers={"ETag": '"v1"'})
    api.reply(200, COMPLETED, headers={"ETag": '"v2"'})

    job = await resolve(client.jobs.wait(samples.JOB["jobId"], poll_interval=0.5))

    assert isinstance(job, layers.Job)
    assert job.status == "completed" and job.is_terminal
    assert job.result == {"pages": 3}
    assert job.finished_at is not None
    first, second, third = api.requests
    assert "if-none-match" not in first.headers
    assert second.headers["if-none-match"] == third.headers["if-none-match"] == '"v1"'
    assert all(r.url.path == f"/v1/jobs/{samples.JOB['jobId']}" for r in api.requests)
    assert sleeps == [0.5, 0.5]


async def test_wait_returns_a_failed_job(client: Client, api: ScriptedAPI) -> None:
    api.reply(200, FAILED)

    job = await resolve(client.jobs.wait("job_1"))

    assert job.status == "failed"
    assert job.error == layers.JobError(code="SCRAPE_FAILED", message="No listing.")


async def test_wait_gives_up_after_its_timeout(
    client: Client, api: ScriptedAPI, sleeps: list[float]
) -> None:
    api.always(200, RUNNING)

    with pytest.raises(layers.JobWaitTimeoutError) as raised:
        await resolve(client.jobs.wait("job_1", timeout=0))

    assert raised.value.job.status == "running"
    assert isinstance(raised.value, TimeoutError)
    assert sleeps == []


async def test_wait_retries_a_failed_poll(
    client: Client, api: ScriptedAPI, sleeps: list[float]
) -> None:
    api.reply(503, samples.error("UNAVAILABLE"), headers={"Retry-After": "2"})
    api.reply(200, COMPLETED)

    job = await resolve(client.jobs.wait("job_1"))

    assert job.status == "completed"
    assert sleeps == [2.0]
