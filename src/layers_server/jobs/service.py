"""The durable job record: enqueue, read, cancel, and what a running handler may do.

The ``jobs`` table is both the public job record and a transactional outbox: a job is inserted
in the transaction of the request that starts it, so it exists exactly when that request's
writes do (a rolled-back request leaves no job, a committed one never loses its job).

Public status. A queued job reports ``status: "running"`` with ``stage: "queued"``: from the
partner's point of view the work started when the request was accepted (contract §6 answers
``202 {status: "running"}``), and whether a worker has picked it up yet is our business. For
the same reason ``startedAt`` is the time the job was accepted. Terminal states never change.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncConnection

from ..db.tables import jobs
from ..kit import clock
from ..kit.clock import iso
from ..kit.errors import ApiError, conflict, not_found
from ..kit.idempotency import Transaction
from ..kit.ids import new_ulid
from . import registry

if TYPE_CHECKING:
    from ..db.engine import Database
    from ..services import Services
    from ..settings import Settings

log = logging.getLogger("layers.jobs")

NOTIFY_CHANNEL = "layers_jobs"
ACTIVE_STATUSES = ("queued", "running")
TERMINAL_STATUSES = ("completed", "failed", "canceled")
QUEUED_STAGE = "queued"
COMPLETED_STAGE = "completed"

# pg_advisory_xact_lock(namespace, key): serializes the capacity check per organization.
_CAPACITY_LOCK_NAMESPACE = 0x4A4F4253  # "JOBS"


# ---------------------------------------------------------------------------------------------
# Errors a handler raises


class JobError(Exception):
    """A failure a handler reports. ``transient`` ones are retried with backoff; others fail
    the job at once. ``code`` and ``message`` are shown to the partner as the job's error."""

    def __init__(self, code: str, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.transient = transient

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class JobCanceled(Exception):
    """Raised by `JobContext.progress` at a stage boundary once a cancel was requested."""


class LeaseLost(Exception):
    """This worker no longer holds the job (its lease expired and another worker took it)."""


CANCELED_ERROR = JobError("CANCELED", "The job was canceled.")
# Unexpected exceptions are retried, then reported with this and nothing of their own text.
INTERNAL_ERROR_MESSAGE = "The job failed unexpectedly; the request id finds the log lines."


# ---------------------------------------------------------------------------------------------
# Per-process job state of one database: the concurrency cap and in-process wake-ups


class JobQueue:
    """What enqueue needs from the process but cannot get from a transaction: the cap on
    concurrent jobs and the in-process workers to wake. Bound to the database's engine, so
    `enqueue_job(tx)` and `ensure_job_capacity(tx)` find it from ``tx.conn`` alone."""

    _by_engine: weakref.WeakKeyDictionary[Engine, JobQueue] = weakref.WeakKeyDictionary()

    def __init__(self, concurrent_jobs_per_org: int) -> None:
        self.concurrent_jobs_per_org = concurrent_jobs_per_org
        self._wakeups: set[asyncio.Event] = set()

    @classmethod
    def attach(cls, db: Database, settings: Settings) -> JobQueue:
        queue = cls(settings.concurrent_jobs_per_org)
        cls._by_engine[db.engine.sync_engine] = queue
        return queue

    @classmethod
    def of(cls, conn: AsyncConnection) -> JobQueue | None:
        return cls._by_engine.get(conn.sync_engine)

    @classmethod
    def of_database(cls, db: Database) -> JobQueue | None:
        return cls._by_engine.get(db.engine.sync_engine)

    def subscribe(self, event: asyncio.Event) -> None:
        self._wakeups.add(event)

    def unsubscribe(self, event: asyncio.Event) -> None:
        self._wakeups.discard(event)

    @property
    def has_local_workers(self) -> bool:
        return bool(self._wakeups)

    def wake(self) -> None:
        for event in self._wakeups:
            event.set()


# ---------------------------------------------------------------------------------------------
# Enqueue


def public_job_id(job_id: str) -> str:
    return f"job_{job_id}"


def location_url(job_id: str) -> str:
    return f"/v1/jobs/{public_job_id(job_id)}"


async def enqueue_job(
    tx: Transaction,
    *,
    kind: str,
    project_id: uuid.UUID | None,
    payload: dict[str, Any],
    stage: str = QUEUED_STAGE,
) -> dict[str, Any]:
    """Insert a job in the caller's transaction; returns the 202 envelope of contract §6.

    Does not apply the concurrent-jobs cap: a route that starts a job on the partner's request
    calls `ensure_job_capacity` first, while workflows a request starts as a side effect (a
    project create's keyword research) must never fail that request.
    """
    now = clock.utcnow()
    job_id = new_ulid()
    organization_id = tx.principal.organization_id
    insert = jobs.insert().values(
        id=job_id,
        organization_id=organization_id,
        project_id=project_id,
        kind=kind,
        status="queued",
        stage=stage,
        progress=0.0,
        payload=payload,
        attempts=0,
        run_after=now,
        cancel_requested=False,
        request_id=tx.request_id,
        created_at=now,
        updated_at=now,
    )
    if tx.conn.dialect.name == "postgresql":
        # The insert and the NOTIFY in one round trip. PostgreSQL delivers a notification only
        # when its transaction commits and folds identical ones within a transaction, so
        # listening workers wake once per committed request and never for a rolled-back job.
        enqueued = insert.returning(jobs.c.id).cte("enqueued")
        await tx.conn.execute(
            sa.select(sa.func.pg_notify(NOTIFY_CHANNEL, "")).select_from(enqueued)
        )
    else:
        await tx.conn.execute(insert)

    def announce() -> None:
        log_transition(job_id, kind, "queued", tx.request_id, stage=stage)

    tx.after_commit(announce)
    queue = JobQueue.of(tx.conn)
    if queue is not None and queue.has_local_workers:
        tx.after_commit(queue.wake)
    return {
        "jobId": public_job_id(job_id),
        "kind": kind,
        "status": "running",
        "stage": stage,
        "projectId": f"prj_{project_id}" if project_id is not None else None,
        "locationUrl": location_url(job_id),
        "startedAt": iso(now),
    }


async def ensure_job_capacity(tx: Transaction, *, limit: int | None = None) -> None:
    """Refuse (429 CONCURRENT_JOBS) a new job when the organization already has ``limit``
    unfinished ones; ``limit`` defaults to ``settings.concurrent_jobs_per_org``.

    On PostgreSQL a transaction-scoped advisory lock per organization makes the check exact
    under concurrency: a second job-starting request of the same organization waits for the
    first to commit its job before counting. The lock is released at commit.
    """
    if limit is None:
        queue = JobQueue.of(tx.conn)
        limit = queue.concurrent_jobs_per_org if queue is not None else _default_limit()
    organization_id = tx.principal.organization_id
    if tx.conn.dialect.name == "postgresql":
        await tx.conn.execute(
            sa.select(
                sa.func.pg_advisory_xact_lock(_CAPACITY_LOCK_NAMESPACE, _int32_of(organization_id))
            )
        )
    # Counting at most `limit` rows keeps the check cheap however large a backlog grows.
    unfinished = (
        sa.select(sa.literal(1))
        .where(jobs.c.organization_id == organization_id, jobs.c.status.in_(ACTIVE_STATUSES))
        .limit(limit)
        .subquery()
    )
    running = await tx.conn.scalar(sa.select(sa.func.count()).select_from(unfinished))
    if running >= limit:
        raise ApiError(
            429,
            "RATE_LIMITED",
            f"This organization already has {limit} jobs running, the most allowed at once; "
            "retry when one finishes.",
            {"subcode": "CONCURRENT_JOBS", "limit": limit, "endpointClass": "long-running"},
            headers={"Retry-After": "5"},
        )


def _default_limit() -> int:
    from ..settings import get_settings

    return get_settings().concurrent_jobs_per_org


def _int32_of(value: uuid.UUID) -> int:
    return int.from_bytes(value.bytes[:4], "big", signed=True)


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


def job_etag(row: Any) -> str:
    # Everything a client sees changes updated_at, status or progress; heartbeats touch none.
    digest = hashlib.sha256(
        f"{row.id}|{iso(row.updated_at)}|{row.status}|{row.progress!r}".encode()
    ).hexdigest()
    return f'"{digest[:32]}"'


async def fetch_job(
    conn: AsyncConnection, organization_id: uuid.UUID, job_id: str, *, for_update: bool = False
) -> Any:
    query = sa.select(jobs).where(jobs.c.id == job_id, jobs.c.organization_id == organization_id)
    if for_update and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = (await conn.execute(query)).first()
    if row is None:
        raise not_found("job")
    return row


async def cancel_job(tx: Transaction, job_id: str) -> dict[str, Any]:
    """Cancel a job (contract §6). A queued job is canceled at once; a running one is asked to
    stop and honours it at its next stage boundary; a terminal one is left alone."""
    row = await fetch_job(tx.conn, tx.principal.organization_id, job_id, for_update=True)
    answer = {"jobId": public_job_id(job_id)}
    if row.status in TERMINAL_STATUSES:
        return {**answer, "accepted": False, "reason": "ALREADY_COMPLETED"}
    if row.status == "queued":
        now = clock.utcnow()
        await tx.conn.execute(
            jobs.update()
            .where(jobs.c.id == job_id)
            .values(
                status="canceled",
                cancel_requested=True,
                finished_at=now,
                updated_at=now,
                locked_by=None,
                lease_expires_at=None,
            )
        )
        await run_failure_hook(tx.conn, JobInfo.from_row(row), CANCELED_ERROR)
        tx.after_commit(lambda: log_transition(job_id, row.kind, "canceled", row.request_id))
        return {**answer, "accepted": True}
    if not registry.is_cancellable(row.kind, row.stage):
        raise conflict(
            f"The job is in its `{row.stage}` stage, which cannot be interrupted; "
            "it will finish on its own.",
            subcode="JOB_CANCEL_UNAVAILABLE",
            jobId=public_job_id(job_id),
            stage=row.stage,
        )
    if not row.cancel_requested:
        await tx.conn.execute(
            jobs.update().where(jobs.c.id == job_id).values(cancel_requested=True)
        )
        tx.after_commit(
            lambda: log.info(
                "job cancel requested",
                extra=_log_fields(job_id, row.kind, row.status, row.request_id, stage=row.stage),
            )
        )
    return {**answer, "accepted": True}


# ---------------------------------------------------------------------------------------------
# What a handler gets


@dataclass(frozen=True, slots=True)
class JobInfo:
    """The identity and input of a job, as failure hooks receive it."""

    job_id: str  # the bare ULID; `public_job_id` adds the prefix
    kind: str
    payload: dict[str, Any]
    organization_id: uuid.UUID
    project_id: uuid.UUID | None
    request_id: str | None

    @classmethod
    def from_row(cls, row: Any) -> JobInfo:
        return cls(
            job_id=row.id,
            kind=row.kind,
            payload=row.payload,
            organization_id=row.organization_id,
            project_id=row.project_id,
            request_id=row.request_id,
        )


async def run_failure_hook(conn: AsyncConnection, info: JobInfo, error: JobError) -> None:
    """Let the kind mark its domain rows failed, inside the transaction that ends the job.

    The hook runs in a savepoint: if it breaks, its writes roll back and the job still ends
    (a job must never stay unfinished because its cleanup failed).
    """
    spec = registry.get(info.kind)
    if spec is None or spec.on_failure is None:
        return
    try:
        async with conn.begin_nested():
            await spec.on_failure(conn, info, error)
    except Exception:
        log.exception(
            "job failure hook raised", extra=_log_fields(info.job_id, info.kind, None, None)
        )


@dataclass
class JobContext:
    """Handed to a handler: the job's input, the process services, and progress reporting.

    Handlers write domain rows through ``ctx.db`` (``async with ctx.db.write() as conn``).
    A job runs at least once: after a crash another worker runs it again, so handlers must be
    safe to repeat.
    """

    info: JobInfo
    services: Services
    attempt: int  # 1 on the first run
    max_attempts: int
    stage: str
    worker_id: str
    progress_value: float = 0.0
    # Set by the worker's heartbeat; `progress` checks the row itself at stage boundaries.
    cancel_requested: bool = False
    canceled: bool = field(default=False, init=False)

    @property
    def job_id(self) -> str:
        return self.info.job_id

    @property
    def kind(self) -> str:
        return self.info.kind

    @property
    def payload(self) -> dict[str, Any]:
        return self.info.payload

    @property
    def organization_id(self) -> uuid.UUID:
        return self.info.organization_id

    @property
    def project_id(self) -> uuid.UUID | None:
        return self.info.project_id

    @property
    def request_id(self) -> str | None:
        return self.info.request_id

    @property
    def db(self) -> Database:
        return self.services.db

    @property
    def settings(self) -> Settings:
        return self.services.settings

    async def progress(self, fraction: float, stage: str | None = None) -> None:
        """Record progress (0–1; it never goes down) and optionally enter a new stage.

        Entering a new stage is a cancellation point: if a cancel was requested, this raises
        `JobCanceled` instead, before the stage starts. Raises `LeaseLost` if another worker
        has taken the job over. It writes in a transaction of its own: do not call it while
        holding ``ctx.db.write()`` (on SQLite that would wait on itself).
        """
        fraction = min(max(float(fraction), 0.0), 1.0)
        boundary = stage is not None and stage != self.stage
        async with self.db.write() as conn:
            if boundary:
                # Locked, so a concurrent cancel either sees the new stage (and is refused if
                # it cannot be interrupted) or is seen here, before the stage starts.
                query = sa.select(jobs.c.cancel_requested).where(
                    *held_by(self.job_id, self.worker_id)
                )
                if conn.dialect.name == "postgresql":
                    query = query.with_for_update()
                cancel = await conn.scalar(query)
                if cancel is None:
                    raise LeaseLost(self.job_id)
                if cancel:
                    self.canceled = True
                    raise JobCanceled(self.job_id)
            values: dict[str, Any] = {
                # Monotonic in SQL too: a retried attempt restarts from 0 but must not show it.
                "progress": sa.case((jobs.c.progress < fraction, fraction), else_=jobs.c.progress),
                "updated_at": clock.utcnow(),
            }
            if boundary:
                values["stage"] = stage
            updated = await conn.execute(
                jobs.update().where(*held_by(self.job_id, self.worker_id)).values(values)
            )
            if updated.rowcount != 1:
                raise LeaseLost(self.job_id)
        self.progress_value = max(self.progress_value, fraction)
        if boundary:
            log.info(
                "job stage",
                extra=_log_fields(self.job_id, self.kind, "running", self.request_id, stage=stage),
            )
            self.stage = stage  # type: ignore[assignment]


def held_by(job_id: str, worker_id: str) -> tuple:
    """The guard on every write a worker makes to a job it runs: if its lease was lost and
    another worker took the job, the write matches nothing, so a job reaches exactly one
    terminal state however slow or partitioned a worker is."""
    return (jobs.c.id == job_id, jobs.c.locked_by == worker_id, jobs.c.status == "running")


# ---------------------------------------------------------------------------------------------
# Logging


def _log_fields(
    job_id: str, kind: str, status: str | None, request_id: str | None, **extra: Any
) -> dict[str, Any]:
    return {
        "job_id": public_job_id(job_id),
        "kind": kind,
        "status": status,
        "request_id": request_id,
        **extra,
    }


def log_transition(
    job_id: str, kind: str, status: str, request_id: str | None, **extra: Any
) -> None:
    """One structured line per state change, carrying the request id that started the job."""
    level = logging.WARNING if status == "failed" else logging.INFO
    log.log(level, f"job {status}", extra=_log_fields(job_id, kind, status, request_id, **extra))
