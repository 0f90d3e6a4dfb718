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

from sqlalchemy.ext.asyncio import AsyncConnection

from .engine import Database

AfterCommit = Callable[[], Awaitable[None] | None]
Change = TypeVar("Change")
Reaction = Callable[["UnitOfWork", Any], Awaitable[None]]


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

    async def announce(self, change: object) -> None:
        """Let every domain that reacts to ``change`` write, now, in this transaction."""
        for reaction in self.reactions.of(change):
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
    await uow.run_after_commit()
