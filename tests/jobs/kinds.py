"""Throwaway job kinds for the tests.

The app of the job tests and standalone worker processes add its ``KINDS`` through
``LAYERS_JOB_PLUGINS=tests.jobs.kinds`` (`Settings.job_plugins`).
Every run and every failure hook call is recorded in ``test_job_events``, so a test can count
how often a handler really ran, in which process and on which attempt.
"""

from __future__ import annotations

import asyncio
import os

import sqlalchemy as sa

from layers_server.db.tables import UTCDateTime
from layers_server.jobs.context import JobContext, JobError, JobInfo
from layers_server.jobs.registry import JobKind
from layers_server.kit import clock

metadata = sa.MetaData()

job_events = sa.Table(
    "test_job_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("job_id", sa.String(26), nullable=False, index=True),
    sa.Column("event", sa.String(40), nullable=False),
    sa.Column("attempt", sa.Integer, nullable=True),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
)

STEPS = "test_steps"
FLAKY = "test_flaky"
BROKEN = "test_broken"
CRASHING = "test_crashing"
TEST_KINDS = frozenset({STEPS, FLAKY, BROKEN, CRASHING})

# test_steps may not be interrupted while it is "committing".
STEPS_CANCELLABLE = {"queued", "preparing", "working", "finishing"}


async def record(conn, job_id: str, event: str, attempt: int | None = None) -> None:
    await conn.execute(
        job_events.insert().values(
            job_id=job_id, event=event, attempt=attempt, pid=os.getpid(), at=clock.utcnow()
        )
    )


async def record_run(ctx: JobContext) -> None:
    async with ctx.db.write() as conn:
        await record(conn, ctx.job_id, "run", ctx.attempt)


async def record_failure(uow, job: JobInfo, error: JobError) -> None:
    await record(uow.conn, job.job_id, f"hook:{error.code}")


async def run_steps(ctx: JobContext) -> dict:
    """payload: ``steps`` = [[fraction, stage | null, seconds], …]; ``first_attempt_sleep``."""
    await record_run(ctx)
    if ctx.attempt == 1:
        await asyncio.sleep(ctx.payload.get("first_attempt_sleep", 0))
    for fraction, stage, seconds in ctx.payload.get("steps", []):
        await ctx.progress(fraction, stage)
        await asyncio.sleep(seconds)
    return {"attempt": ctx.attempt, "pid": os.getpid()}


async def fail_then_succeed(ctx: JobContext) -> dict:
    """payload: ``failures`` = how many attempts fail transiently first."""
    await record_run(ctx)
    if ctx.attempt <= ctx.payload["failures"]:
        raise JobError("UPSTREAM_DOWN", "The upstream is down.", transient=True)
    return {"attempt": ctx.attempt}


async def fail_permanently(ctx: JobContext) -> dict:
    await record_run(ctx)
    raise JobError("BAD_INPUT", "The input cannot be processed.")


async def crash(ctx: JobContext) -> dict:
    await record_run(ctx)
    raise RuntimeError("secret internal detail: password=hunter2")


KINDS = (
    JobKind(STEPS, run_steps, cancellable_stages=STEPS_CANCELLABLE, on_failure=record_failure),
    JobKind(
        FLAKY,
        fail_then_succeed,
        max_attempts=4,
        backoff_base_seconds=0.1,
        on_failure=record_failure,
    ),
    JobKind(BROKEN, fail_permanently, on_failure=record_failure),
    JobKind(CRASHING, crash, max_attempts=2, backoff_base_seconds=0.05),
)


async def create_events_table(db) -> None:
    async with db.write() as conn:
        await conn.run_sync(metadata.create_all)


async def events_of(db, job_id: str) -> list:
    async with db.read() as conn:
        return (
            await conn.execute(
                sa.select(job_events).where(job_events.c.job_id == job_id).order_by(job_events.c.id)
            )
        ).all()
