"""What a job handler gets (`JobContext`) and what it may raise.

A handler sees only what it needs: its job's input, the database to open connections or a unit
of work on, the settings, a clock, the LLM client and a way to report progress. Each is a plain
value, so a handler is tested with fakes of exactly those (tests/jobs/test_handlers.py).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from ..brand.llm import LLMClient
from ..db.engine import Database
from ..db.unit_of_work import JobQueue, Reactions, UnitOfWork, unit_of_work
from ..kit.clock import utcnow
from ..kit.fetch import FetchPolicy
from ..settings import Settings
from . import store
from .transitions import log, log_fields


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
    """Raised by ``ctx.progress`` at a stage boundary once a cancel was requested."""


class LeaseLost(Exception):
    """This worker no longer holds the job (its lease expired and another worker took it)."""


CANCELED_ERROR = JobError("CANCELED", "The job was canceled.")
# Unexpected exceptions are retried, then reported with this and nothing of their own text.
INTERNAL_ERROR_MESSAGE = "The job failed unexpectedly; the request id finds the log lines."


@dataclass(frozen=True, slots=True)
class JobInfo:
    """The identity and input of a job, as handlers and failure hooks receive it."""

    job_id: str  # the bare ULID; `public_job_id` adds the prefix
    kind: str
    payload: dict[str, Any]
    organization_id: uuid.UUID
    project_id: uuid.UUID | None
    request_id: str | None
    # Started by a test key (docs/api/sandbox.md): the job must not leave the machine.
    sandbox: bool

    @classmethod
    def from_row(cls, row: Any) -> JobInfo:
        return cls(
            job_id=row.id,
            kind=row.kind,
            payload=row.payload,
            organization_id=row.organization_id,
            project_id=row.project_id,
            request_id=row.request_id,
            sandbox=row.sandbox,
        )


class Progress(Protocol):
    async def __call__(self, fraction: float, stage: str | None = None) -> None:
        """Record progress (0–1; it never goes down) and optionally enter a new stage.

        Entering a new stage is a cancellation point: if a cancel was requested, this raises
        `JobCanceled` instead, before the stage starts. Raises `LeaseLost` if another worker
        has taken the job over. It writes in a transaction of its own: do not call it while
        holding ``ctx.db.write()`` (on SQLite that would wait on itself).
        """


@dataclass(frozen=True)
class JobContext:
    """Handed to a handler. A job runs at least once: after a crash another worker runs it
    again, so handlers must be safe to repeat.

    Handlers read through ``ctx.db.read()`` and write through ``ctx.unit_of_work()`` (or
    ``ctx.db.write()`` for rows that start no job and announce nothing).
    """

    info: JobInfo
    attempt: int  # 1 on the first run
    max_attempts: int
    db: Database
    settings: Settings
    jobs: JobQueue
    reactions: Reactions  # what reacts to changes the job announces (db/unit_of_work.py)
    # The OpenAI-compatible endpoint behind hooks and keywords; None = the offline engine
    # (always None for a sandbox job).
    llm: LLMClient | None
    progress: Progress
    clock: Callable[[], datetime] = utcnow

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
    def sandbox(self) -> bool:
        """A test key's job: it answers from deterministic fixtures instead of reaching out."""
        return self.info.sandbox

    @property
    def fetch_policy(self) -> FetchPolicy:
        """How this job may fetch from the internet (kit/fetch.py). A sandbox job may not: asking
        is a bug, and fails loudly rather than letting a test key's work leave the machine."""
        if self.sandbox:
            raise RuntimeError("a sandbox (test key) job makes no outbound request")
        return FetchPolicy(
            allow_private=self.settings.fetch_allow_private,
            timeout=self.settings.fetch_timeout_seconds,
        )

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        """A transaction on behalf of the job's organization and its starting request: jobs it
        enqueues are started by the same request id."""
        async with unit_of_work(
            self.db,
            organization_id=self.organization_id,
            request_id=self.request_id,
            jobs=self.jobs,
            sandbox=self.sandbox,
            reactions=self.reactions,
        ) as uow:
            yield uow


class LeasedProgress:
    """The worker's `Progress`: writes to the job row under the worker's lease, and knows
    whether a cancel was requested (the heartbeat refreshes `cancel_requested`)."""

    def __init__(
        self,
        db: Database,
        info: JobInfo,
        worker_id: str,
        *,
        stage: str,
        value: float,
        cancel_requested: bool,
    ) -> None:
        self._db = db
        self._info = info
        self._worker_id = worker_id
        self.stage = stage
        self.value = value
        self.cancel_requested = cancel_requested
        self.canceled = False  # set once `JobCanceled` was raised (a handler may swallow it)

    async def __call__(self, fraction: float, stage: str | None = None) -> None:
        fraction = min(max(float(fraction), 0.0), 1.0)
        job_id = self._info.job_id
        boundary = stage is not None and stage != self.stage
        async with self._db.write() as conn:
            if boundary:
                # Locked, so a concurrent cancel either sees the new stage (and is refused if
                # it cannot be interrupted) or is seen here, before the stage starts.
                cancel = await store.cancel_requested(conn, job_id, self._worker_id)
                if cancel is None:
                    raise LeaseLost(job_id)
                if cancel:
                    self.canceled = True
                    raise JobCanceled(job_id)
            recorded = await store.record_progress(
                conn, job_id, self._worker_id, fraction, stage if boundary else None, utcnow()
            )
            if not recorded:
                raise LeaseLost(job_id)
        self.value = max(self.value, fraction)
        if boundary and stage is not None:
            info = self._info
            log.info(
                "job stage",
                extra=log_fields(job_id, info.kind, "running", info.request_id, stage=stage),
            )
            self.stage = stage
