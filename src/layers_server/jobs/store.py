"""Every statement on the ``jobs`` table, and nothing else.

The engine's rules live in the callers (`service` for requests, `context` for a running
handler, `runner` for the worker); here is only how each step reads or writes the rows. Every
write a worker makes to a job it runs is guarded by `held_by`.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from ..db.tables import jobs

NOTIFY_CHANNEL = "layers_jobs"
ACTIVE_STATUSES = ("queued", "running")

# pg_advisory_xact_lock(namespace, key): serializes the capacity check per organization.
_CAPACITY_LOCK_NAMESPACE = 0x4A4F4253  # "JOBS"


def held_by(job_id: str, worker_id: str) -> tuple[sa.ColumnElement[bool], ...]:
    """The guard on every write a worker makes to a job it runs: if its lease was lost and
    another worker took the job, the write matches nothing, so a job reaches exactly one
    terminal state however slow or partitioned a worker is."""
    return (jobs.c.id == job_id, jobs.c.locked_by == worker_id, jobs.c.status == "running")


# --------------------------------------------------------------------------- requests


async def insert(conn: AsyncConnection, values: dict[str, Any]) -> None:
    """Insert a job; on PostgreSQL also NOTIFY the listening workers (delivered at commit)."""
    statement = jobs.insert().values(values)
    if conn.dialect.name != "postgresql":
        await conn.execute(statement)
        return
    # The insert and the NOTIFY in one round trip. PostgreSQL delivers a notification only when
    # its transaction commits and folds identical ones within a transaction, so listening
    # workers wake once per committed request and never for a rolled-back job.
    enqueued = statement.returning(jobs.c.id).cte("enqueued")
    await conn.execute(sa.select(sa.func.pg_notify(NOTIFY_CHANNEL, "")).select_from(enqueued))


async def count_unfinished(conn: AsyncConnection, organization_id: uuid.UUID, limit: int) -> int:
    """How many of the organization's jobs are unfinished, counting no further than ``limit``.

    On PostgreSQL a transaction-scoped advisory lock per organization makes a check on this
    count exact under concurrency: a second job-starting request of the same organization waits
    for the first to commit its job before counting. The lock is released at commit.
    """
    if conn.dialect.name == "postgresql":
        key = int.from_bytes(organization_id.bytes[:4], "big", signed=True)
        await conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_CAPACITY_LOCK_NAMESPACE, key)))
    # Counting at most `limit` rows keeps the check cheap however large a backlog grows.
    unfinished = (
        sa.select(sa.literal(1))
        .where(jobs.c.organization_id == organization_id, jobs.c.status.in_(ACTIVE_STATUSES))
        .limit(limit)
        .subquery()
    )
    return int(await conn.scalar(sa.select(sa.func.count()).select_from(unfinished)) or 0)


async def fetch(
    conn: AsyncConnection, organization_id: uuid.UUID, job_id: str, *, for_update: bool = False
) -> Any:
    """The organization's job, or None."""
    query = sa.select(jobs).where(jobs.c.id == job_id, jobs.c.organization_id == organization_id)
    if for_update and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return (await conn.execute(query)).first()


async def cancel_queued(conn: AsyncConnection, job_id: str, now: datetime) -> None:
    await conn.execute(
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


async def request_cancel(conn: AsyncConnection, job_id: str) -> None:
    await conn.execute(jobs.update().where(jobs.c.id == job_id).values(cancel_requested=True))


# --------------------------------------------------------------------------- a running handler


async def cancel_requested(conn: AsyncConnection, job_id: str, worker_id: str) -> bool | None:
    """Whether a cancel was asked for (locked, on PostgreSQL); None if the lease is lost."""
    query = sa.select(jobs.c.cancel_requested).where(*held_by(job_id, worker_id))
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return await conn.scalar(query)


async def record_progress(
    conn: AsyncConnection,
    job_id: str,
    worker_id: str,
    fraction: float,
    stage: str | None,
    now: datetime,
) -> bool:
    """Raise the progress to ``fraction`` (never lower it) and enter ``stage``; False if the
    lease is lost."""
    values: dict[str, Any] = {
        # Monotonic in SQL too: a retried attempt restarts from 0 but must not show it.
        "progress": sa.case((jobs.c.progress < fraction, fraction), else_=jobs.c.progress),
        "updated_at": now,
    }
    if stage is not None:
        values["stage"] = stage
    updated = await conn.execute(jobs.update().where(*held_by(job_id, worker_id)).values(values))
    return updated.rowcount == 1


# --------------------------------------------------------------------------- the worker


async def claim(
    conn: AsyncConnection,
    *,
    kinds: Collection[str],
    limit: int,
    worker_id: str,
    now: datetime,
    lease_until: datetime,
    take_over_abandoned: bool,
) -> tuple[Sequence[Any], dict[str, str]]:
    """Claim up to ``limit`` runnable jobs of ``kinds``; returns the claimed rows and, for the
    ones taken over from a worker whose lease expired, that worker's id."""
    conditions = [sa.and_(jobs.c.status == "queued", jobs.c.run_after <= now)]
    if take_over_abandoned:
        # Abandoned jobs come first: they have waited a whole lease already.
        conditions.insert(0, sa.and_(jobs.c.status == "running", jobs.c.lease_expires_at < now))
    picked: list[str] = []
    abandoned: dict[str, str] = {}
    for condition in conditions:
        candidates = (
            sa.select(jobs.c.id, jobs.c.locked_by)
            .where(jobs.c.kind.in_(kinds), condition)
            .order_by(jobs.c.run_after, jobs.c.id)
            .limit(limit - len(picked))
        )
        if conn.dialect.name == "postgresql":
            # Any number of workers claim disjoint jobs without waiting on each other.
            candidates = candidates.with_for_update(skip_locked=True)
        for row in await conn.execute(candidates):
            picked.append(row.id)
            if row.locked_by is not None:
                abandoned[row.id] = row.locked_by
        if len(picked) >= limit:
            break
    if not picked:
        return [], {}
    # The picked rows are locked by this transaction (or, on SQLite, nothing else writes),
    # so the update needs no further guard.
    claimed = (
        await conn.execute(
            jobs.update()
            .where(jobs.c.id.in_(picked))
            .values(
                status="running",
                locked_by=worker_id,
                lease_expires_at=lease_until,
                attempts=jobs.c.attempts + 1,
                started_at=sa.func.coalesce(jobs.c.started_at, now),
                updated_at=now,
            )
            .returning(*jobs.c)
        )
    ).all()
    return claimed, abandoned


async def renew_lease(
    conn: AsyncConnection, job_id: str, worker_id: str, lease_until: datetime
) -> bool | None:
    """Extend the lease; returns whether a cancel was requested, or None if the lease is lost."""
    return await conn.scalar(
        jobs.update()
        .where(*held_by(job_id, worker_id))
        .values(lease_expires_at=lease_until)
        .returning(jobs.c.cancel_requested)
    )


async def finish(
    conn: AsyncConnection,
    job_id: str,
    worker_id: str,
    status: str,
    values: dict[str, Any],
    now: datetime,
) -> bool:
    """Write the terminal state; False if another worker holds the job now."""
    updated = await conn.execute(
        jobs.update()
        .where(*held_by(job_id, worker_id))
        .values(status=status, finished_at=now, updated_at=now, lease_expires_at=None, **values)
    )
    return updated.rowcount == 1


async def requeue_for_retry(
    conn: AsyncConnection,
    job_id: str,
    worker_id: str,
    error: dict[str, str],
    run_after: datetime,
    now: datetime,
) -> bool:
    updated = await conn.execute(
        jobs.update()
        .where(*held_by(job_id, worker_id))
        .values(
            status="queued",
            run_after=run_after,
            locked_by=None,
            lease_expires_at=None,
            # Kept for operators; the public job shows an error only once it failed.
            error=error,
            updated_at=now,
        )
    )
    return updated.rowcount == 1


async def hand_back(conn: AsyncConnection, worker_id: str, now: datetime) -> Sequence[Any]:
    """Requeue every job the worker holds, without counting the interrupted attempt."""
    return (
        await conn.execute(
            jobs.update()
            .where(jobs.c.locked_by == worker_id, jobs.c.status == "running")
            .values(
                status="queued",
                locked_by=None,
                lease_expires_at=None,
                run_after=now,
                attempts=jobs.c.attempts - 1,
                updated_at=now,
            )
            .returning(jobs.c.id, jobs.c.kind, jobs.c.request_id)
        )
    ).all()


# --------------------------------------------------------------------------- metrics


# Only jobs that have not finished are counted from the table: they are few and reached through
# the (status, run_after) index, while finished jobs pile up forever and counting them would make
# every scrape a full scan.
_UNFINISHED_BY_KIND = (
    sa.select(jobs.c.kind, jobs.c.status, sa.func.count())
    .where(jobs.c.status.in_(ACTIVE_STATUSES))
    .group_by(jobs.c.kind, jobs.c.status)
)
# Due jobs: queued and not waiting out a retry backoff, i.e. what workers should be running now.
_DUE = sa.select(sa.func.count(), sa.func.min(jobs.c.run_after)).where(
    jobs.c.status == "queued", jobs.c.run_after <= sa.bindparam("now")
)


async def unfinished_by_kind(conn: AsyncConnection) -> dict[tuple[str, str], int]:
    """(kind, status) → count of the jobs not finished yet."""
    return {
        (kind, status): count for kind, status, count in await conn.execute(_UNFINISHED_BY_KIND)
    }


async def due(conn: AsyncConnection, now: datetime) -> tuple[int, datetime | None]:
    """How many queued jobs are due, and since when the oldest of them has been."""
    count, oldest = (await conn.execute(_DUE, {"now": now})).one()
    return count, oldest
