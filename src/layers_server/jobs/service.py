"""The durable job record: enqueue, read, cancel (docs/api/jobs.md).

The ``jobs`` table is both the public job record and a transactional outbox: a job is inserted
in the unit of work of the request that starts it, so it exists exactly when that request's
writes do (a rolled-back request leaves no job, a committed one never loses its job).

Public status. A queued job reports ``status: "running"`` with ``stage: "queued"``: from the
partner's point of view the work started when the request was accepted (the job-start answer
is ``202 {status: "running"}``), and whether a worker has picked it up yet is our business.
For the same reason ``startedAt`` is the time the job was accepted. Terminal states never
change.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from ..db.tables import api_keys, jobs
from ..db.unit_of_work import UnitOfWork
from ..kit import clock
from ..kit.auth import Companion
from ..kit.clock import iso
from ..kit.errors import ApiError, conflict, not_found
from ..kit.idempotency import Answer
from ..kit.ids import new_ulid, parse_ulid_id
from ..webhooks import events
from . import store
from .context import CANCELED_ERROR, JobError, JobInfo
from .registry import JobKinds
from .transitions import log_fields, log_transition, public_job_id

log = logging.getLogger("layers.jobs")

TERMINAL_STATUSES = ("completed", "failed", "canceled")
QUEUED_STAGE = "queued"
COMPLETED_STAGE = "completed"


def location_url(job_id: str) -> str:
    return f"/v1/jobs/{public_job_id(job_id)}"


async def enqueue_job(
    uow: UnitOfWork,
    *,
    kind: str,
    project_id: uuid.UUID | None,
    payload: dict[str, Any],
    stage: str = QUEUED_STAGE,
) -> dict[str, Any]:
    """Insert a job in the unit of work; returns the 202 envelope (docs/api/jobs.md).

    Does not apply the concurrent-jobs cap: a route that starts a job on the partner's request
    calls `ensure_job_capacity` first, while workflows a request starts as a side effect (a
    project create's keyword research) must never fail that request.
    """
    now = clock.utcnow()
    job_id = new_ulid()
    await store.insert(
        uow.conn,
        {
            "id": job_id,
            "organization_id": uow.organization_id,
            "project_id": project_id,
            "kind": kind,
            "status": "queued",
            "stage": stage,
            "progress": 0.0,
            "payload": payload,
            "attempts": 0,
            "run_after": now,
            "cancel_requested": False,
            "request_id": uow.request_id,
            "sandbox": uow.sandbox,
            "created_at": now,
            "updated_at": now,
        },
    )
    request_id = uow.request_id
    uow.after_commit(lambda: log_transition(job_id, kind, "queued", request_id, stage=stage))
    uow.after_commit(uow.jobs.wake)
    return {
        "jobId": public_job_id(job_id),
        "kind": kind,
        "status": "running",
        "stage": stage,
        "projectId": f"prj_{project_id}" if project_id is not None else None,
        "locationUrl": location_url(job_id),
        "startedAt": iso(now),
    }


def job_started(envelope: dict[str, Any]) -> Answer:
    """The answer of a route that starts a job: the envelope, and the job's URL as Location."""
    return Answer(envelope, headers={"Location": envelope["locationUrl"]})


async def ensure_job_capacity(uow: UnitOfWork) -> None:
    """Refuse (429 CONCURRENT_JOBS) a new job when the organization already has
    ``concurrent_jobs_per_org`` unfinished ones (exact under concurrency: `store.count_unfinished`).
    The refusal is transient: an Idempotency-Key is not spent on it (kit/idempotency.py)."""
    limit = uow.jobs.concurrent_jobs_per_org
    if await store.count_unfinished(uow.conn, uow.organization_id, limit) >= limit:
        raise ApiError(
            429,
            "RATE_LIMITED",
            f"This organization already has {limit} jobs running, the most allowed at once; "
            "retry when one finishes.",
            {"subcode": "CONCURRENT_JOBS", "limit": limit, "endpointClass": "long-running"},
            headers={"Retry-After": "5"},
        )


# ---------------------------------------------------------------------------------------------
# Reading and canceling


def public_status(status: str) -> str:
    return "running" if status == "queued" else status


def job_json(row: Any) -> dict[str, Any]:
    """A job as ``GET /v1/jobs/{jobId}`` shows it. Every field is always present (``null`` when
    it does not apply) so clients read one shape."""
    return {
        "jobId": public_job_id(row.id),
        "kind": row.kind,
        "status": public_status(row.status),
        "stage": row.stage,
        "projectId": f"prj_{row.project_id}" if row.project_id is not None else None,
        "progress": row.progress,
        "locationUrl": location_url(row.id),
        "startedAt": iso(row.created_at),
        "result": row.result if row.status == "completed" else None,
        "error": row.error if row.status == "failed" else None,
        "finishedAt": iso(row.finished_at) if row.status in TERMINAL_STATUSES else None,
    }


def _requested_job(request: Any) -> dict[str, Any] | None:
    try:
        return {"job_id": parse_ulid_id("job", request.path_params["jobId"], field="jobId")}
    except ApiError:
        return None  # the route answers 422 once the caller is authenticated


# `GET /v1/jobs/{jobId}`: the caller's job, read with the caller's key.
JOB_COMPANION = Companion(
    jobs,
    sa.and_(
        jobs.c.id == sa.bindparam("job_id"), jobs.c.organization_id == api_keys.c.organization_id
    ),
    _requested_job,
)


def job_etag(row: Any) -> str:
    # Everything a client sees changes updated_at, status or progress; heartbeats touch none.
    digest = hashlib.sha256(
        f"{row.id}|{iso(row.updated_at)}|{row.status}|{row.progress!r}".encode()
    ).hexdigest()
    return f'"{digest[:32]}"'


async def fetch_job(
    conn: AsyncConnection, organization_id: uuid.UUID, job_id: str, *, for_update: bool = False
) -> Any:
    row = await store.fetch(conn, organization_id, job_id, for_update=for_update)
    if row is None:
        raise not_found("job")
    return row


async def cancel_job(uow: UnitOfWork, job_id: str, kinds: JobKinds) -> dict[str, Any] | Answer:
    """Cancel a job (docs/api/jobs.md). A queued job is canceled at once; a running one is asked
    to stop and honours it at its next stage boundary; a terminal one is left alone (200)."""
    row = await fetch_job(uow.conn, uow.organization_id, job_id, for_update=True)
    answer = {"jobId": public_job_id(job_id)}
    if row.status in TERMINAL_STATUSES:
        return Answer({**answer, "accepted": False, "reason": "ALREADY_COMPLETED"}, status=200)
    if row.status == "queued":
        info = JobInfo.from_row(row)
        await store.cancel_queued(uow.conn, job_id, clock.utcnow())
        await run_failure_hook(uow, kinds, info, CANCELED_ERROR)
        emit_finished(uow, info, "canceled")
        uow.after_commit(lambda: log_transition(job_id, row.kind, "canceled", row.request_id))
        return {**answer, "accepted": True}
    if not kinds.is_cancellable(row.kind, row.stage):
        raise conflict(
            f"The job is in its `{row.stage}` stage, which cannot be interrupted; "
            "it will finish on its own.",
            subcode="JOB_CANCEL_UNAVAILABLE",
            jobId=public_job_id(job_id),
            stage=row.stage,
        )
    if not row.cancel_requested:
        await store.request_cancel(uow.conn, job_id)
        uow.after_commit(
            lambda: log.info(
                "job cancel requested",
                extra=log_fields(job_id, row.kind, row.status, row.request_id, stage=row.stage),
            )
        )
    return {**answer, "accepted": True}


async def run_failure_hook(
    uow: UnitOfWork, kinds: JobKinds, info: JobInfo, error: JobError
) -> None:
    """Let the kind mark its domain rows failed, inside the transaction that ends the job.

    The hook runs in a savepoint: if it breaks, its writes roll back and the job still ends
    (a job must never stay unfinished because its cleanup failed).
    """
    spec = kinds.get(info.kind)
    if spec is None or spec.on_failure is None:
        return
    try:
        async with uow.conn.begin_nested():
            await spec.on_failure(uow, info, error)
    except Exception:
        log.exception(
            "job failure hook raised", extra=log_fields(info.job_id, info.kind, None, None)
        )


_FINISHED_EVENTS = {
    "completed": "job.completed",
    "failed": "job.failed",
    "canceled": "job.canceled",
}


def emit_finished(
    uow: UnitOfWork,
    info: JobInfo,
    status: str,
    *,
    result: Any = None,
    error: dict[str, Any] | None = None,
) -> None:
    """The webhook event of a job's terminal transition, in the unit of work that writes it
    (docs/api/webhooks.md): ``{jobId, kind, projectId}`` plus the ``result`` of a completed
    job or the ``error`` of a failed one. A test key's job emits into the test environment."""
    data: dict[str, Any] = {
        "jobId": public_job_id(info.job_id),
        "kind": info.kind,
        "projectId": None if info.project_id is None else f"prj_{info.project_id}",
    }
    if status == "completed":
        data["result"] = result
    elif status == "failed":
        data["error"] = error
    events.emit(
        uow, _FINISHED_EVENTS[status], project_id=info.project_id, data=data, sandbox=info.sandbox
    )
