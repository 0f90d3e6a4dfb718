"""job.* events (docs/api/webhooks.md): every terminal transition writes its event in the same
unit of work as the terminal state, so the event exists exactly when the job is terminal.
Runs the job engine's throwaway kinds (tests/jobs/kinds.py) with its fast settings."""

from __future__ import annotations

import asyncio

import pytest

from layers_server.jobs import runner
from layers_server.jobs.service import emit_finished
from tests.jobs import conftest as job_engine
from tests.jobs import kinds
from tests.jobs.support import finished, job_row, start_job, wait_for
from tests.support.webhooks import create_endpoint, events_of

JOB_EVENTS = ["job.completed", "job.failed", "job.canceled"]

# The job engine's fixtures: its fast settings, its test-only route and a worker of its kinds.
settings, app, worker = job_engine.settings, job_engine.app, job_engine.worker


async def test_a_completed_job_emits_job_completed_with_its_result(api, worker):
    await create_endpoint(api, JOB_EVENTS)
    started = await start_job(api, kinds.STEPS, {"steps": [[0.5, "working", 0]]})
    job = await wait_for(api, started["jobId"], finished)
    assert job["status"] == "completed"
    (event,) = await events_of(api)
    assert event["type"] == "job.completed"
    assert event["data"] == {
        "jobId": job["jobId"],
        "kind": kinds.STEPS,
        "projectId": None,
        "result": job["result"],
    }
    assert event["projectId"] is None and event["env"] == "live"


async def test_a_failed_job_emits_job_failed_with_its_error(api, worker):
    await create_endpoint(api, JOB_EVENTS)
    started = await start_job(api, kinds.BROKEN)
    job = await wait_for(api, started["jobId"], finished)
    assert job["status"] == "failed"
    (event,) = await events_of(api)
    assert event["type"] == "job.failed"
    assert event["data"] == {
        "jobId": job["jobId"],
        "kind": kinds.BROKEN,
        "projectId": None,
        "error": {"code": "BAD_INPUT", "message": "The input cannot be processed."},
    }


async def test_canceling_a_queued_job_emits_job_canceled_in_the_same_transaction(api):
    await create_endpoint(api, JOB_EVENTS)
    started = await start_job(api, kinds.STEPS)  # no worker: it stays queued
    response = await api.post(f"/v1/jobs/{started['jobId']}/cancel", json={})
    assert response.json()["accepted"] is True
    (event,) = await events_of(api)
    assert event["type"] == "job.canceled"
    assert event["data"] == {"jobId": started["jobId"], "kind": kinds.STEPS, "projectId": None}
    assert (await job_row(api.db, started["jobId"])).status == "canceled"


async def test_a_test_keys_job_emits_into_the_test_environment(api, new_api, worker):
    test_key = await new_api(env="test", organization_id=api.organization_id)
    await create_endpoint(api, JOB_EVENTS)
    await create_endpoint(test_key, JOB_EVENTS)
    started = await start_job(test_key, kinds.STEPS)
    await wait_for(test_key, started["jobId"], finished)
    (event,) = await events_of(api)
    assert (event["type"], event["env"]) == ("job.completed", "test")


@pytest.mark.parametrize("kind", [kinds.STEPS, kinds.BROKEN])
async def test_when_the_write_after_the_finish_fails_neither_state_nor_event_is_kept(
    api, worker, monkeypatch, kind
):
    await create_endpoint(api, JOB_EVENTS)
    failed = asyncio.Event()

    def emit_then_fail(uow, info, status, **values):
        emit_finished(uow, info, status, **values)
        write_pending = uow.write_pending

        async def write_then_fail():
            await write_pending()  # the event rows are written in the transaction, beside the state
            failed.set()
            raise RuntimeError("forced failure after the terminal write")

        uow.write_pending = write_then_fail

    monkeypatch.setattr(runner, "emit_finished", emit_then_fail)
    started = await start_job(api, kind)
    await asyncio.wait_for(failed.wait(), timeout=30)
    await asyncio.sleep(0)  # let the rollback finish before reading

    async def settled():
        row = await job_row(api.db, started["jobId"])
        return row.status == "running" and row.finished_at is None

    for _ in range(200):
        if await settled():
            break
        await asyncio.sleep(0.05)
    assert await settled()  # not terminal: the lease will hand it to a worker again
    assert await events_of(api) == []
