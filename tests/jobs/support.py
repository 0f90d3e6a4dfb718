"""Helpers of the job tests: a test-only job-starting route and polling helpers."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends

from layers_server.db.tables import jobs
from layers_server.db.unit_of_work import UnitOfWork
from layers_server.jobs.schemas import JobStarted
from layers_server.jobs.service import enqueue_job, ensure_job_capacity
from layers_server.kit.body import StrictBody, json_body
from layers_server.kit.errors import ApiError
from layers_server.kit.idempotency import Write, writes
from layers_server.kit.openapi import ok
from tests.jobs import kinds


class StartJob(StrictBody):
    kind: str
    payload: dict[str, Any] = {}
    # After enqueueing, fail the request: "conflict" (a 4xx answer) or "crash" (a 500).
    failAfterEnqueue: str | None = None


starting_router = APIRouter()


@starting_router.post("/v1/test-jobs", status_code=202, responses=ok(JobStarted, 202))
async def start_test_job(
    write: Annotated[Write, Depends(writes("jobs:read", "long-running"))],
    body: Annotated[StartJob, Depends(json_body(StartJob))],
):
    """A job-starting route as a domain would write one: cap, enqueue, answer 202."""
    return await write(_start_test_job, body)


async def _start_test_job(uow: UnitOfWork, body: StartJob) -> dict[str, Any]:
    await ensure_job_capacity(uow)
    envelope = await enqueue_job(uow, kind=body.kind, project_id=None, payload=body.payload)
    if body.failAfterEnqueue == "conflict":
        raise ApiError(409, "CONFLICT", "Refused after enqueueing.")
    if body.failAfterEnqueue == "crash":
        raise RuntimeError("crashed after enqueueing")
    return envelope


async def start_job(api, kind: str = kinds.STEPS, payload: dict | None = None, **options):
    response = await api.post(
        "/v1/test-jobs", json={"kind": kind, "payload": payload or {}, **options}
    )
    assert response.status_code == 202, response.text
    return response.json()


async def wait_for(api, job_id: str, predicate, within: float = 10.0) -> dict:
    """Poll GET /v1/jobs/{id} until ``predicate(job)`` holds; returns that job."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        response = await api.get(f"/v1/jobs/{job_id}")
        assert response.status_code == 200, response.text
        job = response.json()
        if predicate(job):
            return job
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting on {job_id}: {job}")
        await asyncio.sleep(0.05)


def finished(job: dict) -> bool:
    return job["finishedAt"] is not None


async def job_row(db, job_id: str):
    async with db.read() as conn:
        return (
            await conn.execute(sa.select(jobs).where(jobs.c.id == job_id.removeprefix("job_")))
        ).one()


async def count_jobs(db, organization_id: uuid.UUID) -> int:
    async with db.read() as conn:
        return await conn.scalar(
            sa.select(sa.func.count())
            .select_from(jobs)
            .where(jobs.c.organization_id == organization_id)
        )
