"""The worker: claims jobs, runs their handlers under a lease, retries, and shuts down cleanly.

Claiming. A job is claimable when it is queued and due (``run_after <= now``), or running with
an expired lease (its worker died: takeover). On PostgreSQL candidates are locked with
``FOR UPDATE SKIP LOCKED``, so any number of worker processes claim disjoint jobs without
waiting on each other; on SQLite every write transaction already runs alone. A claim sets
``status = running``, ``locked_by`` (this worker) and ``lease_expires_at``, and counts the
attempt. A worker claims only the kinds it has handlers for, so workers with different plugin
sets can share one database.

Leases. While a handler runs, a heartbeat renews the lease every third of its length. Every
write a worker makes to a job is guarded by ``locked_by = me AND status = 'running'``
(`store.held_by`): a worker that lost its lease (paused, partitioned, presumed dead) writes
nothing, and stops its handler at the next heartbeat. Jobs therefore run at least once, and end
in exactly one terminal state.

Waking. On PostgreSQL the worker LISTENs on ``layers_jobs`` (enqueue NOTIFYs on commit); the
in-process worker is also woken directly after commit; either way a poll every
``job_poll_seconds`` backs them up (and picks up retries whose ``run_after`` came due).

Shutdown (SIGTERM/SIGINT). Stop claiming; give running jobs ``shutdown_grace_seconds`` to
finish; then stop their handlers and hand the jobs back to the queue (the attempt is not
counted), so another worker starts them at once instead of after a lease timeout.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import secrets
import socket
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from ..brand.llm import LLMClient
from ..db.engine import Database
from ..db.listen import listen_forever
from ..db.unit_of_work import Reactions
from ..kit import clock
from ..kit.idempotency import reap_expired_keys
from ..kit.log_context import bind_request_id
from ..settings import Settings
from . import store
from .context import (
    CANCELED_ERROR,
    INTERNAL_ERROR_MESSAGE,
    JobCanceled,
    JobContext,
    JobError,
    JobInfo,
    LeasedProgress,
    LeaseLost,
)
from .queue import ProcessJobQueue
from .registry import JobKind, JobKinds
from .service import COMPLETED_STAGE, emit_finished, run_failure_hook
from .transitions import log_transition, public_job_id

# Told of every job that reached a terminal status: (kind, status, seconds of its last attempt).
# The composition root points it at the metrics (ops/metrics.py `observe_job`).
FinishedHook = Callable[[str, str, float], None]

log = logging.getLogger("layers.worker")

IDEMPOTENCY_REAP_SECONDS = 600.0


def default_worker_id() -> str:
    # Unique per worker, readable in the jobs table: which host and process holds a job.
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(eq=False)
class _Execution:
    """One job this worker holds: its context and the task running it."""

    ctx: JobContext
    progress: LeasedProgress
    spec: JobKind
    lease_expires_at: Any
    task: asyncio.Task | None = None
    lease_lost: bool = field(default=False)
    started: float = field(default_factory=time.monotonic)  # for the duration metric


class Worker:
    """Runs up to ``concurrency`` jobs at once until stopped."""

    def __init__(
        self,
        *,
        db: Database,
        settings: Settings,
        queue: ProcessJobQueue,
        job_kinds: JobKinds,
        reactions: Reactions,
        llm: LLMClient | None,
        concurrency: int,
        kinds: Collection[str] | None = None,
        worker_id: str | None = None,
        on_finished: FinishedHook | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.db = db
        self.settings = settings
        self.queue = queue
        self.job_kinds = job_kinds
        self.reactions = reactions
        self.llm = llm
        self._on_finished = on_finished
        self.concurrency = concurrency
        self.worker_id = worker_id or default_worker_id()
        # None: every kind this process knows.
        self._kinds = frozenset(kinds) if kinds is not None else None
        self._lease = timedelta(seconds=self.settings.job_lease_seconds)
        self._wakeup = asyncio.Event()
        self._stopping = asyncio.Event()
        self._abort = asyncio.Event()
        self._executions: dict[str, _Execution] = {}
        self._main: asyncio.Task | None = None
        self._next_reap = 0.0
        self._next_takeover_check = 0.0

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> asyncio.Task:
        self._main = asyncio.create_task(self.run(), name=f"job-worker {self.worker_id}")
        return self._main

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def request_stop(self) -> None:
        """Stop claiming; running jobs get the grace period (see `run`)."""
        self._stopping.set()
        self._wakeup.set()

    def abort_grace(self) -> None:
        """Cut the grace period short: hand the running jobs back now."""
        self._abort.set()

    async def stop(self) -> None:
        self.request_stop()
        if self._main is not None:
            await self._main

    async def run(self) -> None:
        self.queue.subscribe(self._wakeup)
        listener = (
            asyncio.create_task(self._listen(), name="job-listener")
            if not self.db.is_sqlite
            else None
        )
        log.info(
            "worker started",
            extra={
                "worker_id": self.worker_id,
                "concurrency": self.concurrency,
                "kinds": sorted(self._claimable_kinds()),
            },
        )
        kinds = [self.job_kinds.get(name) for name in self._claimable_kinds()]
        hooks = {kind.on_worker_start for kind in kinds if kind is not None}
        for hook in sorted(filter(None, hooks), key=lambda h: f"{h.__module__}.{h.__qualname__}"):
            try:
                await asyncio.to_thread(hook, self.settings)
            except Exception:
                log.warning("a worker start hook failed", exc_info=True)
        try:
            await self._claim_loop()
        finally:
            self.queue.unsubscribe(self._wakeup)
            if listener is not None:
                listener.cancel()
                await asyncio.gather(listener, return_exceptions=True)
            await self._drain()
            log.info("worker stopped", extra={"worker_id": self.worker_id})

    async def _claim_loop(self) -> None:
        while not self._stopping.is_set():
            # Cleared before claiming, so a wake-up that arrives during the claim is kept.
            self._wakeup.clear()
            free = self.concurrency - len(self._executions)
            if free > 0:
                try:
                    for row in await self._claim(free):
                        self._spawn(row)
                except Exception:
                    log.warning("claiming jobs failed; will retry", exc_info=True)
            await self._reap_idempotency_keys()
            try:
                await asyncio.wait_for(self._wakeup.wait(), self.settings.job_poll_seconds)
            except TimeoutError:
                pass

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.shutdown_grace_seconds
        while self._executions and not self._abort.is_set():
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            aborted = asyncio.ensure_future(self._abort.wait())
            tasks = {e.task for e in self._executions.values() if e.task is not None}
            await asyncio.wait({*tasks, aborted}, timeout=remaining, return_when="FIRST_COMPLETED")
            aborted.cancel()
        unfinished = [e.task for e in self._executions.values() if e.task is not None]
        for task in unfinished:
            task.cancel()
        await asyncio.gather(*unfinished, return_exceptions=True)
        if unfinished:
            await self._hand_back()

    async def _hand_back(self) -> None:
        """Requeue the jobs this worker still holds, without counting the interrupted attempt."""
        now = clock.utcnow()
        try:
            async with self.db.write() as conn:
                rows = await store.hand_back(conn, self.worker_id, now)
        except Exception:
            # The leases expire on their own and another worker takes the jobs over.
            log.warning("could not hand jobs back at shutdown", exc_info=True)
            return
        for row in rows:
            log_transition(row.id, row.kind, "queued", row.request_id, handed_back=True)

    # --- claiming -----------------------------------------------------------------------------

    def _claimable_kinds(self) -> frozenset[str]:
        known = self.job_kinds.names()
        return known if self._kinds is None else known & self._kinds

    async def _claim(self, limit: int) -> list[Any]:
        kinds = self._claimable_kinds()
        if not kinds:
            return []
        now = clock.utcnow()
        # Abandoned jobs are looked for at most once per poll interval: leases are far longer
        # than that, and a busy worker claims after every job it finishes.
        loop = asyncio.get_running_loop()
        take_over = loop.time() >= self._next_takeover_check
        if take_over:
            self._next_takeover_check = loop.time() + self.settings.job_poll_seconds
        async with self.db.write() as conn:
            claimed, abandoned = await store.claim(
                conn,
                kinds=kinds,
                limit=limit,
                worker_id=self.worker_id,
                now=now,
                lease_until=now + self._lease,
                take_over_abandoned=take_over,
            )
        for row in claimed:
            extra = {"attempt": row.attempts, "worker_id": self.worker_id}
            if row.id in abandoned:
                extra["taken_over_from"] = abandoned[row.id]
            log_transition(row.id, row.kind, "running", row.request_id, **extra)
        return list(claimed)

    # --- running one job ----------------------------------------------------------------------

    def _spawn(self, row: Any) -> None:
        spec = self.job_kinds.get(row.kind)
        assert spec is not None  # only known kinds are claimed
        info = JobInfo.from_row(row)
        progress = LeasedProgress(
            self.db,
            info,
            self.worker_id,
            stage=row.stage,
            value=row.progress,
            cancel_requested=row.cancel_requested,
        )
        execution = _Execution(
            ctx=JobContext(
                info=info,
                attempt=row.attempts,
                max_attempts=spec.max_attempts or self.settings.job_max_attempts,
                db=self.db,
                settings=self.settings,
                jobs=self.queue,
                reactions=self.reactions,
                llm=None if info.sandbox else self.llm,  # test keys never reach the LLM
                progress=progress,
            ),
            progress=progress,
            spec=spec,
            lease_expires_at=row.lease_expires_at,
        )
        self._executions[row.id] = execution
        execution.task = asyncio.create_task(
            self._execute(execution), name=f"job {public_job_id(row.id)}"
        )

    async def _execute(self, execution: _Execution) -> None:
        ctx = execution.ctx
        # Every log line the job writes carries the id of the request that enqueued it.
        with bind_request_id(ctx.request_id):
            await self._execute_bound(execution)

    async def _execute_bound(self, execution: _Execution) -> None:
        ctx = execution.ctx
        heartbeat = asyncio.create_task(self._heartbeat(execution))
        try:
            await self._run_handler(execution)
        except (asyncio.CancelledError, LeaseLost) as stopped:
            if isinstance(stopped, asyncio.CancelledError) and not execution.lease_lost:
                raise  # shutdown: `_drain` hands the job back
            log.warning(
                "job lease lost; stopped its handler",
                extra={"job_id": public_job_id(ctx.job_id), "kind": ctx.kind},
            )
        except Exception:
            # The finishing write itself failed (database down): the lease will expire and
            # another worker (or this one) runs the job again.
            log.exception(
                "could not record the outcome of a job",
                extra={"job_id": public_job_id(ctx.job_id), "kind": ctx.kind},
            )
        finally:
            heartbeat.cancel()
            await asyncio.gather(heartbeat, return_exceptions=True)
            self._executions.pop(ctx.job_id, None)
            self._wakeup.set()  # a slot is free

    async def _run_handler(self, execution: _Execution) -> None:
        ctx, spec, progress = execution.ctx, execution.spec, execution.progress
        if ctx.attempt > ctx.max_attempts:
            # Only takeovers get here: its workers kept dying while running it.
            await self._fail(
                execution,
                JobError("INTERNAL", "The job was interrupted too many times; it was given up."),
            )
            return
        if progress.cancel_requested:  # starting is a stage boundary too
            await self._finish_canceled(execution)
            return
        try:
            result = await spec.handler(ctx)
            _ensure_json(result)
        except JobCanceled:
            await self._finish_canceled(execution)
        except LeaseLost:
            raise  # not a failure of the job: another worker runs it now
        except JobError as error:
            await self._retry_or_fail(execution, error)
        except Exception:
            log.exception(
                "job handler raised",
                extra={
                    "job_id": public_job_id(ctx.job_id),
                    "kind": ctx.kind,
                    "request_id": ctx.request_id,
                    "attempt": ctx.attempt,
                },
            )
            await self._retry_or_fail(
                execution, JobError("INTERNAL", INTERNAL_ERROR_MESSAGE, transient=True)
            )
        else:
            if progress.canceled:  # the handler swallowed JobCanceled
                await self._finish_canceled(execution)
            else:
                await self._complete(execution, result)

    async def _heartbeat(self, execution: _Execution) -> None:
        interval = self.settings.job_lease_seconds / 3
        while True:
            await asyncio.sleep(interval)
            now = clock.utcnow()
            try:
                async with self.db.write() as conn:
                    cancel = await store.renew_lease(
                        conn, execution.ctx.job_id, self.worker_id, now + self._lease
                    )
            except Exception:
                log.warning("job heartbeat failed", exc_info=True)
                if clock.utcnow() < execution.lease_expires_at:
                    continue
                cancel = None  # past our lease: assume another worker has the job now
            if cancel is None:
                execution.lease_lost = True
                if execution.task is not None:
                    execution.task.cancel()
                return
            execution.lease_expires_at = now + self._lease
            execution.progress.cancel_requested = cancel

    # --- outcomes -----------------------------------------------------------------------------

    async def _finish(
        self, execution: _Execution, status: str, values: dict[str, Any], error: JobError | None
    ) -> bool:
        ctx = execution.ctx
        now = clock.utcnow()
        # One unit of work: the terminal state, the kind's failure hook and the job.* webhook
        # event commit together or not at all.
        async with ctx.unit_of_work() as uow:
            if not await store.finish(uow.conn, ctx.job_id, self.worker_id, status, values, now):
                log.warning(
                    "job outcome discarded: another worker holds the job now",
                    extra={"job_id": public_job_id(ctx.job_id), "kind": ctx.kind},
                )
                return False
            if error is not None:
                await run_failure_hook(uow, self.job_kinds, ctx.info, error)
            emit_finished(
                uow, ctx.info, status, result=values.get("result"), error=values.get("error")
            )
        if self._on_finished is not None:
            self._on_finished(ctx.kind, status, time.monotonic() - execution.started)
        stage = values.get("stage", execution.progress.stage)
        extra: dict[str, Any] = {"attempt": ctx.attempt, "stage": stage}
        if error is not None:
            extra["error_code"] = error.code
        log_transition(ctx.job_id, ctx.kind, status, ctx.request_id, **extra)
        return True

    async def _complete(self, execution: _Execution, result: Any) -> None:
        await self._finish(
            execution,
            "completed",
            {"result": result, "progress": 1.0, "stage": COMPLETED_STAGE, "error": None},
            None,
        )

    async def _finish_canceled(self, execution: _Execution) -> None:
        await self._finish(execution, "canceled", {}, CANCELED_ERROR)

    async def _fail(self, execution: _Execution, error: JobError) -> None:
        await self._finish(execution, "failed", {"error": error.as_json()}, error)

    async def _retry_or_fail(self, execution: _Execution, error: JobError) -> None:
        ctx, spec = execution.ctx, execution.spec
        if not error.transient or ctx.attempt >= ctx.max_attempts:
            await self._fail(execution, error)
            return
        delay = backoff_seconds(spec, ctx.attempt)
        now = clock.utcnow()
        async with self.db.write() as conn:
            requeued = await store.requeue_for_retry(
                conn,
                ctx.job_id,
                self.worker_id,
                error.as_json(),
                run_after=now + timedelta(seconds=delay),
                now=now,
            )
        if not requeued:
            return
        log_transition(
            ctx.job_id,
            ctx.kind,
            "queued",
            ctx.request_id,
            attempt=ctx.attempt,
            error_code=error.code,
            retry_in_seconds=round(delay, 3),
        )
        # Come back for it when it is due rather than at the next poll.
        asyncio.get_running_loop().call_later(delay, self._wakeup.set)

    # --- housekeeping -------------------------------------------------------------------------

    async def _reap_idempotency_keys(self) -> None:
        loop = asyncio.get_running_loop()
        if loop.time() < self._next_reap:
            return
        self._next_reap = loop.time() + IDEMPOTENCY_REAP_SECONDS
        try:
            reaped = await reap_expired_keys(self.db)
        except Exception:
            log.warning("reaping expired idempotency keys failed", exc_info=True)
            return
        if reaped:
            log.info("reaped expired idempotency keys", extra={"count": reaped})

    async def _listen(self) -> None:
        await listen_forever(self.settings.database_url, store.NOTIFY_CHANNEL, self._wakeup.set)


def backoff_seconds(spec: JobKind, attempt: int) -> float:
    """Capped exponential backoff with jitter: retries of many jobs failing together spread."""
    ceiling = min(spec.backoff_max_seconds, spec.backoff_base_seconds * 2 ** (attempt - 1))
    return ceiling * random.uniform(0.5, 1.0)


def _ensure_json(result: Any) -> None:
    try:
        json.dumps(result)
    except (TypeError, ValueError):
        raise JobError("INTERNAL", INTERNAL_ERROR_MESSAGE) from None
