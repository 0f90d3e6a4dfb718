"""Standalone `layers-server worker` processes: many workers, crashes, SIGTERM.

The workers load the test kinds through ``LAYERS_JOB_PLUGINS`` and run against a database of
their own, so they see no other test's jobs.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from layers_server.db.engine import Database
from layers_server.db.tables import jobs
from layers_server.db.unit_of_work import unit_of_work
from layers_server.jobs.queue import ProcessJobQueue
from layers_server.jobs.service import enqueue_job
from layers_server.settings import Settings
from tests.jobs import kinds

REPO = Path(__file__).resolve().parents[2]
LAYERS_SERVER = Path(sys.executable).parent / "layers-server"


class WorkerProcess:
    def __init__(self, database_url: str, log_path: Path, *, concurrency: int, **env: str):
        self.log_path = log_path
        environment = {
            **os.environ,
            "LAYERS_DATABASE_URL": database_url,
            "LAYERS_JOB_PLUGINS": "tests.jobs.kinds",
            "LAYERS_JOB_LEASE_SECONDS": "2",
            "LAYERS_JOB_POLL_SECONDS": "0.2",
            "LAYERS_SHUTDOWN_GRACE_SECONDS": "5",
            "LAYERS_LOG_FORMAT": "json",
            "PYTHONPATH": os.pathsep.join(
                [str(REPO / "src"), str(REPO), os.environ.get("PYTHONPATH", "")]
            ),
            **env,
        }
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [str(LAYERS_SERVER), "worker", "--concurrency", str(concurrency)],
                env=environment,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text()

    def log_entries(self) -> list[dict]:
        return [json.loads(line) for line in self.log().splitlines() if line.startswith("{")]

    def logged(self, event: str, **fields) -> bool:
        return any(
            entry.get("event") == event and all(entry.get(k) == v for k, v in fields.items())
            for entry in self.log_entries()
        )

    async def started(self) -> None:
        for _ in range(600):  # generous: a loaded CI machine imports slowly
            if self.logged("worker started"):
                return
            if self.process.poll() is not None:
                break
            await asyncio.sleep(0.05)
        raise AssertionError(f"worker did not start:\n{self.log()}")

    async def exit_code(self, within: float) -> int:
        for _ in range(int(within / 0.05)):
            if self.process.poll() is not None:
                return self.process.returncode
            await asyncio.sleep(0.05)
        raise AssertionError(f"worker still running after {within} s:\n{self.log()}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
async def database(fresh_database_url):
    db = Database.from_settings(Settings(database_url=fresh_database_url))
    await kinds.create_events_table(db)
    yield db
    await db.dispose()


@pytest.fixture
def spawn(fresh_database_url, tmp_path):
    started: list[WorkerProcess] = []

    def factory(concurrency: int = 4, **env: str) -> WorkerProcess:
        log_path = tmp_path / f"worker-{len(started)}.log"
        worker = WorkerProcess(fresh_database_url, log_path, concurrency=concurrency, **env)
        started.append(worker)
        return worker

    yield factory
    for worker in started:
        worker.kill()


async def enqueue(db: Database, count: int, payload: dict | None = None) -> list[str]:
    async with unit_of_work(
        db,
        organization_id=uuid.uuid4(),
        request_id="req_process_test",
        jobs=ProcessJobQueue(concurrent_jobs_per_org=count),
    ) as uow:
        envelopes = [
            await enqueue_job(uow, kind=kinds.STEPS, project_id=None, payload=payload or {})
            for _ in range(count)
        ]
    return [envelope["jobId"].removeprefix("job_") for envelope in envelopes]


async def job_rows(db: Database, job_ids: list[str]) -> list:
    async with db.read() as conn:
        return (await conn.execute(sa.select(jobs).where(jobs.c.id.in_(job_ids)))).all()


async def wait_until(check, within: float, what: str):
    for _ in range(int(within / 0.1)):
        result = await check()
        if result:
            return result
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def postgres_only(backend: str) -> None:
    """Skip (before any other fixture is built) unless on PostgreSQL: several worker processes
    sharing one database is the PostgreSQL deployment."""
    if backend != "postgresql":
        pytest.skip("needs PostgreSQL")


async def test_two_worker_processes_run_a_thousand_jobs_exactly_once(
    postgres_only, database, spawn
):
    workers = [spawn(concurrency=8), spawn(concurrency=8)]
    for worker in workers:
        await worker.started()
    job_ids: list[str] = []
    for _ in range(10):  # ten requests' worth, while the workers are already claiming
        job_ids += await enqueue(database, 100)

    async def all_done():
        async with database.read() as conn:
            return 1000 == await conn.scalar(
                sa.select(sa.func.count())
                .select_from(jobs)
                .where(jobs.c.id.in_(job_ids), jobs.c.status == "completed")
            )

    await wait_until(all_done, 60, "1,000 jobs to complete")
    rows = await job_rows(database, job_ids)
    assert {row.status for row in rows} == {"completed"}
    assert {row.attempts for row in rows} == {1}
    async with database.read() as conn:
        runs = (
            await conn.execute(
                sa.select(kinds.job_events.c.job_id, kinds.job_events.c.pid).where(
                    kinds.job_events.c.event == "run"
                )
            )
        ).all()
    per_job = Counter(run.job_id for run in runs)
    assert len(per_job) == 1000 and set(per_job.values()) == {1}  # every handler ran once
    by_worker = Counter(run.pid for run in runs)
    assert set(by_worker) == {worker.pid for worker in workers}  # both took a share
    assert {row.result["pid"] for row in rows} == set(by_worker)

    for worker in workers:
        worker.process.send_signal(signal.SIGTERM)
    for worker in workers:
        assert await worker.exit_code(within=10) == 0


async def test_a_killed_workers_job_is_taken_over_after_its_lease(postgres_only, database, spawn):
    first = spawn(concurrency=1)
    await first.started()
    [job_id] = await enqueue(database, 1, {"first_attempt_sleep": 60})

    async def running_in_first():
        [row] = await job_rows(database, [job_id])
        held = row.status == "running" and row.locked_by.split(":")[1] == str(first.pid)
        # The handler's first write (its "run" event) must have landed too: the claim alone
        # commits before the handler starts, and a kill in between leaves no run to see.
        events = await kinds.events_of(database, job_id)
        return held and [(event.event, event.pid) for event in events] == [("run", first.pid)]

    await wait_until(running_in_first, 10, "the first worker to run the job")
    first.process.send_signal(signal.SIGKILL)
    assert await first.exit_code(within=5) == -signal.SIGKILL

    second = spawn(concurrency=1)
    await second.started()

    async def finished():
        [row] = await job_rows(database, [job_id])
        return row if row.finished_at is not None else None

    row = await wait_until(finished, 15, "the second worker to finish the job")
    assert row.status == "completed"
    assert row.attempts == 2
    assert row.result == {"attempt": 2, "pid": second.pid}
    events = await kinds.events_of(database, job_id)
    assert [(event.event, event.pid) for event in events] == [
        ("run", first.pid),
        ("run", second.pid),
    ]
    assert any("taken_over_from" in entry for entry in second.log_entries())

    second.process.send_signal(signal.SIGTERM)
    assert await second.exit_code(within=10) == 0


async def test_sigterm_lets_a_running_job_finish_then_exits_0(database, spawn):
    worker = spawn(concurrency=2)
    await worker.started()
    [job_id] = await enqueue(database, 1, {"steps": [[0.5, "working", 1.0]]})

    async def working():
        [row] = await job_rows(database, [job_id])
        return row.stage == "working"

    await wait_until(working, 10, "the job to start working")
    worker.process.send_signal(signal.SIGTERM)
    assert await worker.exit_code(within=5) == 0
    [row] = await job_rows(database, [job_id])
    assert row.status == "completed"


async def test_sigterm_hands_back_a_job_that_outlives_the_grace_period(database, spawn):
    worker = spawn(concurrency=2, LAYERS_SHUTDOWN_GRACE_SECONDS="0.5")
    await worker.started()
    [job_id] = await enqueue(database, 1, {"steps": [[0.5, "working", 60]]})

    async def working():
        [row] = await job_rows(database, [job_id])
        return row.stage == "working"

    await wait_until(working, 10, "the job to start working")
    worker.process.send_signal(signal.SIGTERM)
    assert await worker.exit_code(within=5) == 0
    [row] = await job_rows(database, [job_id])
    assert (row.status, row.locked_by, row.lease_expires_at) == ("queued", None, None)
    assert row.attempts == 0
    assert worker.logged("job queued", handed_back=True, request_id="req_process_test")
