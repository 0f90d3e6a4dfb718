"""Every statement the delivery worker makes on the webhook tables, and nothing else.

The rules live in `delivery`; here is only how each step reads or writes the rows. Every write
a worker makes to a delivery it is sending is guarded by `held_by`, like the job engine's.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from ..db.direct import Direct
from ..db.engine import Database
from ..db.tables import webhook_attempts, webhook_deliveries, webhook_endpoints, webhook_events

# The channel the database NOTIFYs when a delivery becomes due (migration 0012's triggers).
NOTIFY_CHANNEL = "layers_webhooks"

d, e, ev = webhook_deliveries.c, webhook_endpoints.c, webhook_events.c


def held_by(delivery_id: uuid.UUID, worker_id: str) -> tuple[sa.ColumnElement[bool], ...]:
    """The guard on every write about a delivery being sent: if the worker's lease expired and
    another worker took the delivery over, the late write matches nothing."""
    return (d.id == delivery_id, d.locked_by == worker_id, d.status == "pending")


def _claimable(now: datetime) -> sa.ColumnElement[bool]:
    # A lease that ran out means the worker sending it died (or hung): the delivery is due again.
    return sa.and_(
        d.status == "pending",
        d.next_attempt_at <= now,
        sa.or_(d.lease_expires_at.is_(None), d.lease_expires_at < now),
    )


# Schedule order: retries and re-activated held deliveries go out oldest first.
_SCHEDULE_ORDER = (d.next_attempt_at, d.created_at, d.id)


@dataclass(frozen=True, slots=True)
class ClaimedDelivery:
    """A delivery this worker holds, with what sending it needs."""

    id: uuid.UUID
    event_id: str
    endpoint_id: uuid.UUID
    attempt: int  # this attempt's number, from 1
    event_type: str
    payload: bytes
    url: str
    endpoint_status: str
    secret: str
    previous_secret: str | None
    previous_secret_expires_at: datetime | None


async def any_claimable(conn: AsyncConnection, now: datetime) -> bool:
    """Whether some delivery is due: a read, so an idle SQLite worker woken by every commit
    does not take the write lock to learn that there is nothing to send."""
    return await conn.scalar(sa.select(sa.exists().where(_claimable(now)))) or False


_CLAIMED_COLUMNS = (
    d.id,
    d.event_id,
    d.endpoint_id,
    d.attempt_count,
    d.next_attempt_at,
    d.created_at,
    ev.type,
    ev.payload,
    e.url,
    e.status,
    e.secret,
    e.previous_secret,
    e.previous_secret_expires_at,
)


async def claim(
    conn: AsyncConnection, *, limit: int, worker_id: str, now: datetime, lease_until: datetime
) -> list[ClaimedDelivery]:
    """Claim up to ``limit`` due deliveries, counting the attempt each is about to get, and
    return what sending them needs (on PostgreSQL in one statement)."""
    candidates = sa.select(d.id).where(_claimable(now)).order_by(*_SCHEDULE_ORDER).limit(limit)
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        # Any number of workers claim disjoint deliveries without waiting on each other.
        candidates = candidates.with_for_update(skip_locked=True)
    update = webhook_deliveries.update().values(
        locked_by=worker_id,
        lease_expires_at=lease_until,
        attempt_count=d.attempt_count + 1,
        updated_at=now,
    )
    if postgres:
        rows: Sequence[Any] = (
            await conn.execute(
                update.where(
                    d.id.in_(candidates.scalar_subquery()),
                    ev.id == d.event_id,
                    e.id == d.endpoint_id,
                ).returning(*_CLAIMED_COLUMNS)
            )
        ).all()
    else:
        # SQLite's RETURNING sees only the updated table (and the whole database is this
        # transaction's alone, so reading the claimed rows back is as good).
        claimed = (
            (
                await conn.execute(
                    update.where(d.id.in_(candidates.scalar_subquery())).returning(d.id)
                )
            )
            .scalars()
            .all()
        )
        if not claimed:
            return []
        rows = (
            await conn.execute(
                sa.select(*_CLAIMED_COLUMNS)
                .select_from(
                    webhook_deliveries.join(webhook_events, ev.id == d.event_id).join(
                        webhook_endpoints, e.id == d.endpoint_id
                    )
                )
                .where(d.id.in_(claimed))
            )
        ).all()
    # RETURNING has no order: sent in schedule order all the same.
    ordered = sorted(rows, key=lambda row: (row.next_attempt_at, row.created_at, str(row.id)))
    return [
        ClaimedDelivery(
            id=row.id,
            event_id=row.event_id,
            endpoint_id=row.endpoint_id,
            attempt=row.attempt_count,
            event_type=row.type,
            payload=row.payload,
            url=row.url,
            endpoint_status=row.status,
            secret=row.secret,
            previous_secret=row.previous_secret,
            previous_secret_expires_at=row.previous_secret_expires_at,
        )
        for row in ordered
    ]


@dataclass(frozen=True, slots=True)
class Attempt:
    """One attempt's row of ``webhook_attempts``."""

    attempted_at: datetime
    response_status: int | None
    duration_ms: int
    error: str | None

    def params(self) -> dict[str, Any]:
        return {
            "attempted_at": self.attempted_at,
            "response_status": self.response_status,
            "duration_ms": self.duration_ms,
            "error": self.error,
        }


_ATTEMPT = ("delivery_id", "attempted_at", "response_status", "duration_ms", "error")


async def record_attempt(conn: AsyncConnection, delivery_id: uuid.UUID, attempt: Attempt) -> None:
    await conn.execute(
        webhook_attempts.insert().values(delivery_id=delivery_id, **attempt.params())
    )


# A busy endpoint succeeds many times a second, and every success writing its row would queue
# all of its workers' transactions on that one row lock: its last success is therefore
# recorded at most once per this many seconds (a failure streak is always reset at once).
LAST_SUCCESS_RESOLUTION = timedelta(seconds=1)


def _sql(text: str) -> Any:
    # A constant as SQL text: every bind parameter of a `Direct` statement is one of its params.
    return sa.literal_column(text)


def _endpoint_succeeded(endpoint_id: Any, now: Any, stale_before: Any) -> sa.Update:
    return (
        webhook_endpoints.update()
        .where(
            e.id == endpoint_id,
            sa.or_(
                e.consecutive_failure_count != _sql("0"),
                e.last_success_at.is_(None),
                e.last_success_at < stale_before,
            ),
        )
        .values(consecutive_failure_count=_sql("0"), last_success_at=now, updated_at=now)
    )


def _finish_succeeded(delivery_id: Any, worker_id: Any, now: Any, last_status: Any) -> sa.Update:
    return (
        webhook_deliveries.update()
        .where(d.id == delivery_id, d.locked_by == worker_id, d.status == _sql("'pending'"))
        .values(
            status=_sql("'succeeded'"),
            next_attempt_at=sa.null(),
            locked_by=sa.null(),
            lease_expires_at=sa.null(),
            last_status=last_status,
            last_error=sa.null(),
            updated_at=now,
            finished_at=now,
        )
    )


def _succeeded_in_one_statement() -> sa.Select:
    """PostgreSQL: the delivery finished, its attempt and the endpoint's success in one
    data-modifying statement (its own transaction: no BEGIN, no COMMIT). The attempt and the
    endpoint are written only if the delivery was still this worker's (`held_by`)."""

    def param(name: str, column: sa.Column) -> sa.BindParameter:
        return sa.bindparam(name, type_=column.type)

    now = param("now", d.updated_at)
    finished = (
        _finish_succeeded(
            param("id", d.id),
            param("worker_id", d.locked_by),
            now,
            param("response_status", d.last_status),
        )
        .returning(d.id)
        .cte("finished")
    )
    attempted = sa.select(
        finished.c.id, *[param(name, webhook_attempts.c[name]) for name in _ATTEMPT[1:]]
    )
    attempt = webhook_attempts.insert().from_select(list(_ATTEMPT), attempted).cte("attempt")
    endpoint = (
        _endpoint_succeeded(param("endpoint_id", e.id), now, param("stale_before", e.updated_at))
        .where(sa.exists(sa.select(finished.c.id)))
        .cte("endpoint")
    )
    return sa.select(sa.func.count()).select_from(finished).add_cte(attempt, endpoint)


_SUCCEEDED = Direct(_succeeded_in_one_statement())


async def succeeded(
    db: Database,
    delivery_id: uuid.UUID,
    worker_id: str,
    endpoint_id: uuid.UUID,
    attempt: Attempt,
    now: datetime,
) -> bool:
    """A 2xx: the delivery succeeded, its attempt is recorded and the endpoint's failure streak
    ends; False (nothing written) if another worker holds the delivery now. Takes the database
    rather than a transaction: on PostgreSQL it is one round trip, its own transaction."""
    if not db.is_sqlite:
        params = {
            "id": delivery_id,
            "worker_id": worker_id,
            "endpoint_id": endpoint_id,
            "now": now,
            "stale_before": now - LAST_SUCCESS_RESOLUTION,
            **attempt.params(),
        }
        async with db.connection() as conn:
            row = await _SUCCEEDED.first(conn, params)
        return row is not None and row[0] == 1
    async with db.write() as conn:
        finish = _finish_succeeded(delivery_id, worker_id, now, attempt.response_status)
        if (await conn.execute(finish)).rowcount != 1:
            return False
        await record_attempt(conn, delivery_id, attempt)
        await conn.execute(_endpoint_succeeded(endpoint_id, now, now - LAST_SUCCESS_RESOLUTION))
    return True


async def endpoint_failed(
    conn: AsyncConnection,
    endpoint_id: uuid.UUID,
    now: datetime,
    *,
    pause_after: int,
    disable: bool,
) -> tuple[str, bool]:
    """Count a failed attempt against the endpoint; ``disable`` (a 410) disables it, and the
    ``pause_after``-th consecutive failure of an active one pauses it. Returns its status and
    whether this attempt changed it."""
    failures = e.consecutive_failure_count + 1
    if disable:
        status: Any = sa.literal("disabled")
    else:
        status = sa.case(
            (sa.and_(e.status == "active", failures >= pause_after), sa.literal("auto_paused")),
            else_=e.status,
        )
    current = sa.select(e.status).where(e.id == endpoint_id)
    if conn.dialect.name == "postgresql":
        # Workers failing the same endpoint at once count one after another.
        current = current.with_for_update()
    before = await conn.scalar(current)
    after = await conn.scalar(
        webhook_endpoints.update()
        .where(e.id == endpoint_id)
        .values(
            consecutive_failure_count=failures,
            last_failure_at=now,
            status=status,
            updated_at=now,
        )
        .returning(e.status)
    )
    if after is None:  # deleted meanwhile
        return "deleted", False
    return after, after != before


async def hold_pending(conn: AsyncConnection, endpoint_id: uuid.UUID, now: datetime) -> int:
    """Hold the endpoint's pending deliveries that no worker is sending (those in flight are
    held, if they need another attempt, by the worker sending them)."""
    held = await conn.execute(
        webhook_deliveries.update()
        .where(
            d.endpoint_id == endpoint_id,
            d.status == "pending",
            sa.or_(d.lease_expires_at.is_(None), d.lease_expires_at < now),
        )
        .values(
            status="held",
            next_attempt_at=None,
            locked_by=None,
            lease_expires_at=None,
            updated_at=now,
        )
    )
    return held.rowcount


async def finish(
    conn: AsyncConnection,
    delivery_id: uuid.UUID,
    worker_id: str,
    *,
    status: str,
    now: datetime,
    next_attempt_at: datetime | None = None,
    last_status: int | None = None,
    last_error: str | None = None,
    count_attempt: bool = True,
) -> bool:
    """Write the delivery's state after an attempt (``pending`` again for a retry, ``held``, or
    a final state) and release it; False if another worker holds it now."""
    values: dict[str, Any] = {
        "status": status,
        "next_attempt_at": next_attempt_at,
        "locked_by": None,
        "lease_expires_at": None,
        "updated_at": now,
    }
    if count_attempt:
        values.update(last_status=last_status, last_error=last_error)
    else:  # nothing was sent: the claim's count is given back
        values["attempt_count"] = d.attempt_count - 1
    if status in ("succeeded", "failed", "abandoned"):
        values["finished_at"] = now
    updated = await conn.execute(
        webhook_deliveries.update().where(*held_by(delivery_id, worker_id)).values(values)
    )
    return updated.rowcount == 1


async def hand_back(conn: AsyncConnection, worker_id: str, now: datetime) -> int:
    """Release every delivery the worker holds (it is stopping before sending them); the claim's
    attempt count is given back, since nothing reached the receiver."""
    released = await conn.execute(
        webhook_deliveries.update()
        .where(d.locked_by == worker_id, d.status == "pending")
        .values(
            locked_by=None,
            lease_expires_at=None,
            attempt_count=d.attempt_count - 1,
            updated_at=now,
        )
    )
    return released.rowcount


async def next_due_at(conn: AsyncConnection) -> datetime | None:
    """When the soonest pending delivery is due (a lease running out included)."""
    return await conn.scalar(
        sa.select(sa.func.min(sa.func.coalesce(d.lease_expires_at, d.next_attempt_at))).where(
            d.status == "pending"
        )
    )


# --------------------------------------------------------------------------- reaping

REAP_BATCH = 1000


async def reap_finished(conn: AsyncConnection, finished_before: datetime) -> tuple[int, int]:
    """Delete up to `REAP_BATCH` deliveries finished before the cutoff, with their attempts,
    and the events (created before it) that have no delivery left. (deliveries, events)."""
    doomed = (
        sa.select(d.id)
        .where(d.finished_at.is_not(None), d.finished_at < finished_before)
        .limit(REAP_BATCH)
    )
    ids: Sequence[uuid.UUID] = list((await conn.execute(doomed)).scalars())
    if ids:
        # Explicit rather than left to the foreign key's cascade: the same on both databases.
        await conn.execute(webhook_attempts.delete().where(webhook_attempts.c.delivery_id.in_(ids)))
        await conn.execute(webhook_deliveries.delete().where(d.id.in_(ids)))
    orphans = (
        sa.select(ev.id)
        .where(
            ev.created_at < finished_before,
            ~sa.exists().where(d.event_id == ev.id),
        )
        .limit(REAP_BATCH)
    )
    event_ids = list((await conn.execute(orphans)).scalars())
    if event_ids:
        await conn.execute(webhook_events.delete().where(ev.id.in_(event_ids)))
    return len(ids), len(event_ids)


# --------------------------------------------------------------------------- metrics

# Due deliveries: pending, due now and not being sent — what workers should be sending.
_DUE = sa.select(sa.func.count(), sa.func.min(d.next_attempt_at)).where(
    d.status == "pending",
    d.next_attempt_at <= sa.bindparam("now"),
    sa.or_(d.lease_expires_at.is_(None), d.lease_expires_at < sa.bindparam("now")),
)


async def due(conn: AsyncConnection, now: datetime) -> tuple[int, datetime | None]:
    """How many deliveries are due, and since when the oldest of them has been."""
    count, oldest = (await conn.execute(_DUE, {"now": now})).one()
    return count, oldest
