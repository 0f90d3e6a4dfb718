"""Running jobs in-process: completion, retries, failures, progress, leases, shutdown."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import httpx
import sqlalchemy as sa

from layers_server.app import create_app
from layers_server.db.tables import idempotency_keys, jobs
from layers_server.kit import clock
from layers_server.settings import Settings
from tests.jobs import kinds
from tests.jobs.support import finished, job_row, start_job, starting_router, wait_for
from tests.support.api import make_api


async def test_a_job_runs_to_completion(api, worker):
    envelope = await start_job(api, payload={"steps": [[0.5, "working", 0]]})
    job = await wait_for(api, envelope["jobId"], finished)
    assert job["status"] == "completed"
    assert job["stage"] == "completed"
    assert job["progress"] == 1.0
    assert job["result"]["attempt"] == 1
    assert job["error"] is None
    assert job["startedAt"] == envelope["startedAt"]
    assert job["finishedAt"] >= job["startedAt"]
    row = await job_row(api.db, envelope["jobId"])
    assert row.attempts == 1
    assert row.started_at is not None
    assert row.locked_by == worker.worker_id
    assert [event.event for event in await kinds.events_of(api.db, row.id)] == ["run"]


async def test_transient_failures_are_retried_with_backoff_until_success(api, worker):
    envelope = await start_job(api, kinds.FLAKY, {"failures": 2})
    job = await wait_for(api, envelope["jobId"], finished)
    assert job["status"] == "completed"
    assert job["result"] == {"attempt": 3}
    assert job["error"] is None
    runs = await kinds.events_of(api.db, envelope["jobId"].removeprefix("job_"))
    assert [run.attempt for run in runs] == [1, 2, 3]
    # Backoff with base 0.1 s: the 1st retry waits 0.05–0.1 s, the 2nd 0.1–0.2 s.
    gaps = [
        (later.at - earlier.at).total_seconds()
        for earlier, later in zip(runs, runs[1:], strict=False)
    ]
    assert gaps[0] >= 0.05
    assert gaps[1] >= 0.1


async def test_transient_failures_fail_the_job_after_max_attempts(api, worker):
    envelope = await start_job(api, kinds.FLAKY, {"failures": 10})
    job = await wait_for(api, envelope["jobId"], finished)
    assert job["status"] == "failed"
    assert job["error"] == {"code": "UPSTREAM_DOWN", "message": "The upstream is down."}
    assert job["result"] is None
    assert (await job_row(api.db, envelope["jobId"])).attempts == 4  # the kind's max_attempts


async def test_a_permanent_failure_fails_at_once_and_runs_the_failure_hook(api, worker):
    envelope = await start_job(api, kinds.BROKEN)
    job = await wait_for(api, envelope["jobId"], finished)
    assert job["status"] == "failed"
    assert job["error"] == {"code": "BAD_INPUT", "message": "The input cannot be processed."}
    assert job["finishedAt"] is not None
    job_id = envelope["jobId"].removeprefix("job_")
    assert (await job_row(api.db, job_id)).attempts == 1
    events = [event.event for event in await kinds.events_of(api.db, job_id)]
    assert events == ["run", "hook:BAD_INPUT"]


async def test_an_unexpected_exception_is_retried_then_fails_saying_nothing_internal(api, worker):
    envelope = await start_job(api, kinds.CRASHING)
    job = await wait_for(api, envelope["jobId"], finished)
    assert job["status"] == "failed"
    assert job["error"]["code"] == "INTERNAL"
    assert "secret" not in job["error"]["message"]
    assert "RuntimeError" not in job["error"]["message"]
    assert (await job_row(api.db, envelope["jobId"])).attempts == 2


async def test_progress_never_decreases(api, worker):
    steps = [[0.6, "preparing", 0.0], [0.3, "working", 0.6], [0.8, "finishing", 0.0]]
    envelope = await start_job(api, payload={"steps": steps})
    job = await wait_for(api, envelope["jobId"], lambda job: job["stage"] == "working")
    assert job["progress"] == 0.6  # the handler reported 0.3; the job does not go back
    seen = [job["progress"]]
    while not finished(job):
        job = (await api.get(envelope["locationUrl"])).json()
        seen.append(job["progress"])
        await asyncio.sleep(0.02)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


async def test_get_answers_304_while_the_etag_still_matches(api, worker):
    envelope = await start_job(api, payload={"steps": [[0.5, "working", 0.3]]})
    first = await api.get(envelope["locationUrl"])
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')

    job = await wait_for(api, envelope["jobId"], finished)
    done = await api.get(envelope["locationUrl"])
    assert done.headers["etag"] != etag
    assert done.json() == job

    for if_none_match in (done.headers["etag"], f"W/{done.headers['etag']}", f'"x", {etag}, *'):
        cached = await api.get(envelope["locationUrl"], headers={"If-None-Match": if_none_match})
        assert cached.status_code == 304
        assert cached.content == b""
        assert cached.headers["etag"] == done.headers["etag"]
        assert cached.headers["x-request-id"].startswith("req_")
    stale = await api.get(envelope["locationUrl"], headers={"If-None-Match": etag})
    assert stale.status_code == 200


async def test_an_abandoned_job_is_taken_over_when_its_lease_expires(api, worker):
    envelope = await start_job(api)
    job_id = envelope["jobId"].removeprefix("job_")
    # Before any worker sees it, make it look claimed by a worker that died.
    async with api.db.write() as conn:
        await conn.execute(
            jobs.update()
            .where(jobs.c.id == job_id)
            .values(
                status="running",
                locked_by="dead-worker",
                attempts=1,
                lease_expires_at=clock.utcnow() - timedelta(seconds=1),
            )
        )
    job = await wait_for(api, envelope["jobId"], finished)
    assert job["status"] == "completed"
    assert job["result"]["attempt"] == 2
    row = await job_row(api.db, job_id)
    assert row.locked_by == worker.worker_id


async def test_a_worker_that_lost_its_lease_cannot_finish_the_job(api, worker):
    envelope = await start_job(api, payload={"steps": [[0.5, "working", 1.0]]})
    job_id = envelope["jobId"].removeprefix("job_")
    await wait_for(api, envelope["jobId"], lambda job: job["stage"] == "working")
    # Another worker takes the job over (as if our lease had expired during a pause).
    lease = clock.utcnow() + timedelta(minutes=5)
    async with api.db.write() as conn:
        await conn.execute(
            jobs.update()
            .where(jobs.c.id == job_id)
            .values(locked_by="thief", lease_expires_at=lease)
        )
    for _ in range(100):
        await asyncio.sleep(0.05)
        if job_id not in worker._executions:
            break
    row = await job_row(api.db, job_id)
    assert row.status == "running"
    assert row.locked_by == "thief"
    assert row.result is None


async def test_shutdown_hands_unfinished_jobs_back_to_the_queue(api, settings):
    services = api.app.state.services
    worker = services.new_worker(concurrency=2, kinds=kinds.TEST_KINDS)
    worker.start()
    envelope = await start_job(api, payload={"steps": [[0.3, "working", 30]]})
    await wait_for(api, envelope["jobId"], lambda job: job["stage"] == "working")
    stopping = asyncio.get_running_loop().time()
    await worker.stop()
    elapsed = asyncio.get_running_loop().time() - stopping
    # Far sooner than the job's 30 s step: stop did not wait for it. (Not a tight bound: on a
    # busy machine handing the job back can take a few seconds.)
    assert elapsed < settings.shutdown_grace_seconds + 10
    row = await job_row(api.db, envelope["jobId"])
    assert row.status == "queued"
    assert row.locked_by is None
    assert row.lease_expires_at is None
    assert row.attempts == 0  # an interrupted attempt is not counted against the job
    assert row.progress == 0.3
    job = (await api.get(envelope["locationUrl"])).json()
    assert job["status"] == "running"


async def test_shutdown_lets_a_job_finish_within_the_grace_period(api):
    worker = api.app.state.services.new_worker(concurrency=1, kinds=kinds.TEST_KINDS)
    worker.start()
    envelope = await start_job(api, payload={"steps": [[0.5, "working", 0.3]]})
    await wait_for(api, envelope["jobId"], lambda job: job["stage"] == "working")
    await worker.stop()
    assert (await job_row(api.db, envelope["jobId"])).status == "completed"


async def test_the_in_process_worker_runs_jobs_woken_at_commit(settings, fresh_database_url):
    """`serve` on SQLite: Services starts a worker, and enqueue wakes it without waiting for a
    poll (the poll interval here is far longer than the test's patience)."""
    app = create_app(
        settings.model_copy(
            update={
                "database_url": Settings(database_url=fresh_database_url).database_url,
                "in_process_worker": True,
                "job_poll_seconds": 30,
            }
        )
    )
    app.include_router(starting_router)
    async with app.router.lifespan_context(app):
        assert app.state.services.worker is not None
        await kinds.create_events_table(app.state.services.db)
        await asyncio.sleep(0.2)  # past the worker's first claim, which happens at start
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            api = await make_api(app, http)
            envelope = await start_job(api)
            job = await wait_for(api, envelope["jobId"], finished, within=3)
    assert job["status"] == "completed"


async def test_the_worker_reaps_expired_idempotency_keys(api):
    now = clock.utcnow()
    async with api.db.write() as conn:
        await conn.execute(
            idempotency_keys.insert().values(
                api_key_id=uuid.UUID(api.key_record["id"].removeprefix("key_")),
                method="POST",
                route="/v1/reaped",
                key="old",
                request_hash=b"x" * 32,
                response_status=200,
                response_body=b"{}",
                created_at=now - timedelta(days=2),
                expires_at=now - timedelta(days=1),
            )
        )
    worker = api.app.state.services.new_worker(concurrency=1, kinds=kinds.TEST_KINDS)
    worker.start()
    try:
        for _ in range(50):
            async with api.db.read() as conn:
                left = await conn.scalar(
                    sa.select(sa.func.count())
                    .select_from(idempotency_keys)
                    .where(idempotency_keys.c.route == "/v1/reaped")
                )
            if not left:
                break
            await asyncio.sleep(0.05)
        assert left == 0
    finally:
        await worker.stop()
