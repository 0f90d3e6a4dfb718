"""The unit of work: one write transaction, for whom it writes, and what follows its commit.

Every business write runs inside one `UnitOfWork`: the request's (opened by the idempotency
protocol, `kit/idempotency.py`) or a job's (`JobContext.unit_of_work`). Services take it as
their first argument and write through ``uow.conn``; everything they write commits together or
not at all, the jobs they start included (the jobs table is a transactional outbox).

What it carries:

* ``conn`` — the open transaction;
* ``organization_id`` — the tenant every row read or written here belongs to; ``principal`` —
  the API key calling (``None`` when a job writes);
* ``request_id`` — the request that caused the writes (a job's is its starting request's);
* ``jobs`` — the process's job queue (the concurrent-jobs cap, the in-process workers to wake),
  handed in by whoever opens the unit of work; nothing looks it up;
* after-commit hooks — work that must see the commit (wake a worker, log a transition) and must
  never run for a rolled-back transaction;
* ``reactions`` — what other domains do, in this same transaction, when one domain announces a
  change (`announce`). A project that gains an appDescription announces it; keyword research and
  the first influencer react. The composition root (services.py) wires who reacts to what, so a
  domain never imports the domains that react to it.
* pending rows (`insert`) — rows nothing reads back before the commit (a created project), and
  the claim (`claim`: the request's idempotency key with its answer), written together at the
  end by `direct.write_rows`: on PostgreSQL one statement, which is its own transaction when
  the call ran nothing else (a create is then one round trip, no BEGIN, no COMMIT); on SQLite
  one call into the database thread. The claim is inserted first and gates the other rows: if
  the key was taken meanwhile nothing is written and `ClaimTaken` is raised.

Events (webhooks). An event is a row written through ``uow.conn`` into an outbox table, in the
same transaction as the change it reports: it exists exactly when the change does. A process
that delivers events and wants waking registers that with `after_commit`. There is no separate
event buffer to flush: the transaction is the buffer.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from . import direct
from .engine import Database

AfterCommit = Callable[[], Awaitable[None] | None]
Change = TypeVar("Change")
Reaction = Callable[["UnitOfWork", Any], Awaitable[None]]
# Turns a unique violation of a pending row into the error to raise (it may read: the
# transaction has been rolled back by then).
ConflictHandler = Callable[[AsyncConnection], Awaitable[Exception]]


class ClaimTaken(Exception):
    """The unit of work's claim was already taken (by a concurrent request with the same
    idempotency key): nothing it wrote was committed."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The API key a request authenticated with (`kit.auth.authenticate` builds it)."""

    api_key_id: uuid.UUID
    key_id: str
    organization_id: uuid.UUID
    organization_name: str
    owner_email: str | None
    scopes: frozenset[str]
    rate_limit_tier: str
    env: str  # "live" or "test"

    @property
    def sandbox(self) -> bool:
        """Test keys are a sandbox: nothing they do leaves the machine (ingestion fetches
        nothing, the LLM is not called). The one switch every outbound path consults."""
        return self.env == "test"


class JobQueue(Protocol):
    """What a unit of work needs of the job engine (`jobs.queue.ProcessJobQueue` is the one)."""

    @property
    def concurrent_jobs_per_org(self) -> int: ...

    def wake(self) -> None:
        """Wake this process's idle workers (called after a commit that enqueued jobs)."""

    def wake_deliveries(self) -> None:
        """Wake this process's webhook delivery workers (after a commit that wrote deliveries)."""


class Reactions:
    """Who reacts, in the announcing transaction, to each kind of change (a change is any
    object; its type is what reactions subscribe to). Built once by the composition root."""

    def __init__(self) -> None:
        self._by_change: dict[type, list[Reaction]] = {}

    def on(
        self, change: type[Change], reaction: Callable[[UnitOfWork, Change], Awaitable[None]]
    ) -> None:
        self._by_change.setdefault(change, []).append(reaction)

    def of(self, change: object) -> list[Reaction]:
        return self._by_change.get(type(change), [])


@dataclass
class UnitOfWork:
    conn: AsyncConnection
    organization_id: uuid.UUID
    request_id: str | None
    jobs: JobQueue
    principal: Principal | None = None
    # Test-key work: nothing it causes may leave the machine (docs/api/sandbox.md). Set from
    # the principal for a request, and from the job for a job's own writes; every job enqueued
    # here inherits it.
    sandbox: bool = False
    reactions: Reactions = field(default_factory=Reactions)
    _after_commit: list[AfterCommit] = field(default_factory=list)
    _pending: list[tuple[direct.AnyRow, ConflictHandler | None]] = field(default_factory=list)
    _claim: direct.Row | None = None

    def insert(
        self, table: sa.Table, values: dict[str, Any], *, on_conflict: ConflictHandler | None = None
    ) -> None:
        """Insert a row with the unit of work's other writes, at its end, in the fewest round
        trips the database allows (see the module docstring). Every column is named in
        ``values``. Nothing may read or reference the row before `flush` or the commit;
        ``on_conflict`` turns a unique violation of it into the error to raise."""
        self._pending.append((direct.Row(table, values), on_conflict))

    def insert_selected(self, rows: direct.SelectedRows) -> None:
        """Insert what an INSERT … SELECT selects, at the end like `insert`. The SELECT must not
        read this unit's pending rows: on PostgreSQL they are written by the same statement,
        which sees the database as it was before it."""
        self._pending.append((rows, None))

    def claim(self, table: sa.Table, values: dict[str, Any]) -> None:
        """Insert this row first at the commit, unless its primary key exists; if it does, write
        nothing and raise `ClaimTaken`."""
        self._claim = direct.Row(table, values)

    async def flush(self) -> None:
        """Write the pending rows now, in the transaction, for statements that reference them."""
        pending, self._pending = self._pending, []
        for row, on_conflict in pending:
            statement = (
                row.insert(direct.plain_param)
                if isinstance(row, direct.SelectedRows)
                else row.table.insert()
            )
            try:
                await self.conn.execute(statement, dict(row.values))
            except IntegrityError as error:
                await self._refuse(error, on_conflict)

    async def write_pending(self) -> None:
        """The end of the unit of work: the claim and the pending rows (`direct.write_rows`)."""
        if self._claim is None and not self._pending:
            return
        try:
            claimed = await direct.write_rows(self.conn, self._claim, [r for r, _ in self._pending])
        except IntegrityError as error:
            violated = getattr(error, "violated", None)
            await self._refuse(error, next((h for r, h in self._pending if r is violated), None))
        if not claimed:
            raise ClaimTaken

    async def _refuse(self, error: IntegrityError, on_conflict: ConflictHandler | None) -> None:
        if on_conflict is None:
            raise error
        if self.conn.in_transaction():
            await self.conn.rollback()
        raise await on_conflict(self.conn) from None

    async def announce(self, change: object) -> None:
        """Let every domain that reacts to ``change`` write, now, in this transaction (after
        the pending rows, which reactions may reference)."""
        reactions = self.reactions.of(change)
        if reactions:
            await self.flush()
        for reaction in reactions:
            await reaction(self, change)

    def after_commit(self, callback: AfterCommit) -> None:
        """Run ``callback`` once the transaction has committed (never if it rolls back)."""
        self._after_commit.append(callback)

    async def run_after_commit(self) -> None:
        for callback in self._after_commit:
            result = callback()
            if result is not None:
                await result
        self._after_commit.clear()


@asynccontextmanager
async def unit_of_work(
    db: Database,
    *,
    organization_id: uuid.UUID,
    request_id: str | None,
    jobs: JobQueue,
    principal: Principal | None = None,
    sandbox: bool = False,
    reactions: Reactions | None = None,
) -> AsyncIterator[UnitOfWork]:
    """A write transaction that commits when the block exits cleanly, then runs the hooks.

    A request's unit of work is a sandbox when its key is a test key; a job's, when the job is.
    """
    async with db.write() as conn:
        uow = UnitOfWork(
            conn=conn,
            organization_id=organization_id,
            request_id=request_id,
            jobs=jobs,
            principal=principal,
            sandbox=sandbox or (principal is not None and principal.sandbox),
            reactions=reactions or Reactions(),
        )
        yield uow
        await uow.write_pending()
    await uow.run_after_commit()
