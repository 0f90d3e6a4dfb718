"""Starting a job: the 202 envelope, durability with the request's transaction, idempotent
replays, and the per-organization cap on unfinished jobs."""

from __future__ import annotations

import asyncio
import re

import pytest
import sqlalchemy as sa

from layers_server.db.tables import idempotency_keys, jobs
from layers_server.db.unit_of_work import unit_of_work
from layers_server.jobs.service import enqueue_job
from tests.jobs import kinds
from tests.jobs.support import count_jobs, job_row, start_job

TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00"


@pytest.fixture
def settings(settings):
    # A small cap keeps the cap tests quick, and proves the setting is what counts.
    return settings.model_copy(update={"concurrent_jobs_per_org": 3})


async def test_a_started_job_answers_202_with_the_envelope(api):
    response = await api.post("/v1/test-jobs", json={"kind": kinds.STEPS, "payload": {"n": 1}})
    assert response.status_code == 202, response.text
    envelope = response.json()
    assert list(envelope) == [
        "jobId", "kind", "status", "stage", "projectId", "locationUrl", "startedAt",
    ]  # fmt: skip
    assert re.fullmatch(r"job_[0-9A-Z]{26}", envelope["jobId"])
    assert envelope["kind"] == kinds.STEPS
    assert envelope["status"] == "running"  # queued reads as running (docs/api/jobs.md)
    assert envelope["stage"] == "queued"
    assert envelope["projectId"] is None
    assert envelope["locationUrl"] == f"/v1/jobs/{envelope['jobId']}"
    assert re.fullmatch(TIMESTAMP, envelope["startedAt"])

    row = await job_row(api.db, envelope["jobId"])
    assert row.status == "queued"
    assert row.organization_id == api.organization_id
    assert row.payload == {"n": 1}
    assert row.attempts == 0
    # The job remembers the request that started it: its log lines carry that id.
    assert row.request_id == response.headers["x-request-id"]


async def test_a_queued_job_reads_as_running_in_stage_queued(api):
    envelope = await start_job(api)
    response = await api.get(envelope["locationUrl"])
    assert response.status_code == 200
    job = response.json()
    assert job == {
        "jobId": envelope["jobId"],
        "kind": kinds.STEPS,
        "status": "running",
        "stage": "queued",
        "projectId": None,
        "progress": 0.0,
        "locationUrl": envelope["locationUrl"],
        "startedAt": envelope["startedAt"],
        "result": None,
        "error": None,
        "finishedAt": None,
    }


async def test_a_request_that_fails_after_enqueueing_leaves_no_job(api):
    for failure, status in (("conflict", 409), ("crash", 500)):
        for headers in ({}, {"Idempotency-Key": f"fail-{failure}"}):
            response = await api.post(
                "/v1/test-jobs",
                json={"kind": kinds.STEPS, "failAfterEnqueue": failure},
                headers=headers,
            )
            assert response.status_code == status, response.text
    assert await count_jobs(api.db, api.organization_id) == 0


async def test_an_idempotent_replay_returns_the_same_job_and_starts_no_other(api):
    body = {"kind": kinds.STEPS, "payload": {"x": 1}}
    headers = {"Idempotency-Key": "start-once"}
    first = await api.post("/v1/test-jobs", json=body, headers=headers)
    again = await api.post("/v1/test-jobs", json=body, headers=headers)
    assert first.status_code == again.status_code == 202
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert await count_jobs(api.db, api.organization_id) == 1


async def test_concurrent_replays_start_one_job(api):
    body = {"kind": kinds.STEPS}
    headers = {"Idempotency-Key": "start-once-concurrently"}
    responses = await asyncio.gather(
        *(api.post("/v1/test-jobs", json=body, headers=headers) for _ in range(5))
    )
    assert {response.status_code for response in responses} == {202}
    assert len({response.json()["jobId"] for response in responses}) == 1
    assert await count_jobs(api.db, api.organization_id) == 1


async def test_the_cap_on_unfinished_jobs_refuses_the_one_too_many(api, new_api):
    limit = 3
    started = [await start_job(api) for _ in range(limit)]

    refused = await api.post("/v1/test-jobs", json={"kind": kinds.STEPS})
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "RATE_LIMITED"
    assert error["details"]["subcode"] == "CONCURRENT_JOBS"
    assert error["details"]["limit"] == limit
    assert int(refused.headers["retry-after"]) > 0
    assert await count_jobs(api.db, api.organization_id) == limit

    # Another organization has its own allowance.
    other = await new_api()
    await start_job(other)

    # Finishing (here: canceling) one frees a slot.
    assert (await api.post(f"/v1/jobs/{started[0]['jobId']}/cancel")).status_code == 202
    await start_job(api)


async def test_a_refusal_for_the_cap_leaves_the_key_free_for_the_retry(new_api):
    """429 CONCURRENT_JOBS is transient: it is not stored as the key's answer, so the same
    request with the same key starts its job once a slot is free (docs/api/README.md)."""
    api = await new_api(tier="standard")  # a rate-limited tier: its answers carry budgets
    project = await api.create_project(name="Capped")
    started = [await start_job(api) for _ in range(3)]
    url = f"/v1/projects/{project['id']}/ingest/website"
    body = {"url": "https://example.com"}
    headers = {"Idempotency-Key": "ingest-when-free"}

    refused = await api.post(url, json=body, headers=headers)
    assert refused.status_code == 429
    assert refused.json()["error"]["details"]["subcode"] == "CONCURRENT_JOBS"
    assert int(refused.headers["retry-after"]) > 0
    assert await _stored_answers(api, "ingest-when-free") == []

    assert (await api.post(f"/v1/jobs/{started[0]['jobId']}/cancel")).status_code == 202
    accepted = await api.post(url, json=body, headers=headers)
    assert accepted.status_code == 202, accepted.text
    assert "idempotent-replayed" not in accepted.headers
    job_url = accepted.json()["locationUrl"]
    assert accepted.headers["location"] == job_url

    replay = await api.post(url, json=body, headers=headers)
    assert replay.status_code == 202
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.content == accepted.content
    assert replay.headers["location"] == job_url
    # The replay's budget headers are its own; the stored answer holds only its Location.
    assert "x-ratelimit-remaining" in replay.headers
    assert "retry-after" not in replay.headers
    assert await _stored_answers(api, "ingest-when-free") == [{"Location": job_url}]
    assert await count_jobs(api.db, api.organization_id) == 4


async def _stored_answers(api, key: str) -> list:
    async with api.db.read() as conn:
        rows = await conn.execute(
            sa.select(idempotency_keys.c.response_headers).where(idempotency_keys.c.key == key)
        )
        return [row.response_headers for row in rows]


async def test_jobs_a_request_starts_as_a_side_effect_bypass_the_cap(api):
    """A project create's background workflows never make the create fail."""
    limit = 3
    for _ in range(limit):
        await start_job(api)
    services = api.app.state.services
    async with unit_of_work(
        api.db, organization_id=api.organization_id, request_id="req_test", jobs=services.jobs
    ) as uow:
        await enqueue_job(uow, kind=kinds.STEPS, project_id=None, payload={})
    assert await count_jobs(api.db, api.organization_id) == limit + 1


async def test_the_cap_holds_under_concurrent_requests(api):
    limit = 3
    responses = await asyncio.gather(
        *(api.post("/v1/test-jobs", json={"kind": kinds.STEPS}) for _ in range(limit + 10))
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [202] * limit + [429] * 10
    async with api.db.read() as conn:
        unfinished = await conn.scalar(
            sa.select(sa.func.count())
            .select_from(jobs)
            .where(jobs.c.organization_id == api.organization_id)
        )
    assert unfinished == limit
