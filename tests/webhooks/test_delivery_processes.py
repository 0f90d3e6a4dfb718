"""Nothing lost (issue #16 item 5): events delivered by `layers-server worker` processes on
PostgreSQL, one of them SIGKILLed mid-run, and by the in-process worker on SQLite, to a
receiver that fails one attempt in ten. Every event reaches every endpoint subscribed to it at
least once; duplicates (at-least-once) are counted and printed."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from layers_server.app import create_app
from layers_server.db.engine import Database
from layers_server.db.tables import webhook_deliveries
from layers_server.db.unit_of_work import unit_of_work
from layers_server.jobs.queue import ProcessJobQueue
from layers_server.keys import service as keys
from layers_server.settings import Settings
from layers_server.webhooks.events import emit
from tests.support.webhook_receiver import Receiver, Reply
from tests.support.webhooks import endpoint_row
from tests.webhooks.delivery_support import wait_for

REPO = Path(__file__).resolve().parents[2]
LAYERS_SERVER = Path(sys.executable).parent / "layers-server"

# What each endpoint subscribes to; events cycle through the three types.
SUBSCRIPTIONS = {
    "/all": ("project.created", "project.updated", "job.completed"),
    "/projects": ("project.created", "project.updated"),
    "/jobs": ("job.completed",),
}
TYPES = ("project.created", "project.updated", "job.completed")
FAST_ENV = {
    "LAYERS_FETCH_ALLOW_PRIVATE": "true",
    "LAYERS_WEBHOOK_RETRY_SCHEDULE": "0.05,0.1,0.2,0.4,0.8,1.6",
    "LAYERS_WEBHOOK_TIMEOUT_SECONDS": "2",
    "LAYERS_WEBHOOK_AUTO_PAUSE_AFTER": "1000",
    "LAYERS_JOB_POLL_SECONDS": "0.2",
    "LAYERS_SHUTDOWN_GRACE_SECONDS": "2",
    "LAYERS_LOG_FORMAT": "json",
    "LAYERS_LOG_LEVEL": "WARNING",
}


def every_tenth_fails(_request, number: int) -> Reply:
    return Reply(503) if number % 10 == 0 else Reply(200)


class _Caller:
    """What `endpoint_row` needs: an organization and a database."""

    def __init__(self, db: Database, organization_id: uuid.UUID) -> None:
        self.db = db
        self.organization_id = organization_id


async def _organization(db: Database) -> _Caller:
    async with db.write() as conn:
        organization = await keys.create_organization(conn, "Delivery test org")
    return _Caller(db, organization.id)


async def _endpoints(caller: _Caller, receiver: Receiver) -> dict[uuid.UUID, str]:
    return {
        await endpoint_row(caller, list(types), url=receiver.url(path)): path
        for path, types in SUBSCRIPTIONS.items()
    }


async def _emit(caller: _Caller, queue: ProcessJobQueue, count: int, per_unit: int) -> list[tuple]:
    """``count`` events in units of ``per_unit``; (event id, type) of each."""
    emitted = []
    for start in range(0, count, per_unit):
        async with unit_of_work(
            caller.db, organization_id=caller.organization_id, request_id="req_lost", jobs=queue
        ) as uow:
            for number in range(start, min(count, start + per_unit)):
                type_ = TYPES[number % len(TYPES)]
                emitted.append((emit(uow, type_, project_id=None, data={"n": number}), type_))
    return emitted


def _expected_pairs(emitted: list[tuple]) -> set[tuple[str, str]]:
    return {
        (f"evt_{event_id}", path)
        for event_id, type_ in emitted
        for path, types in SUBSCRIPTIONS.items()
        if type_ in types
    }


async def _all_succeeded(db: Database, total: int) -> bool:
    async with db.read() as conn:
        by_status = dict(
            (
                await conn.execute(
                    sa.select(webhook_deliveries.c.status, sa.func.count()).group_by(
                        webhook_deliveries.c.status
                    )
                )
            ).all()
        )
    return by_status == {"succeeded": total}


def _check_received(receiver: Receiver, expected: set[tuple[str, str]], label: str) -> None:
    delivered = Counter(
        (request.event_id, request.path)
        for request, reply in receiver.answered()
        if reply.status == 200
    )
    missing = expected - set(delivered)
    assert not missing, f"{len(missing)} (event, endpoint) pairs never delivered"
    assert set(delivered) <= expected  # nothing sent where it was not subscribed
    duplicates = sum(count - 1 for count in delivered.values())
    failed = sum(reply.status != 200 for _request, reply in receiver.answered())
    print(
        f"\n[{label}] {len(expected)} deliveries of {len(expected)} reached their endpoints; "
        f"{len(receiver.received)} requests, {failed} answered 503, {duplicates} duplicates"
    )


class WorkerProcess:
    def __init__(self, database_url: str, log_path: Path) -> None:
        self.log_path = log_path
        env = {
            **os.environ,
            **FAST_ENV,
            "LAYERS_DATABASE_URL": database_url,
            "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
        }
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [str(LAYERS_SERVER), "worker", "--concurrency", "2"],
                env=env,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


async def test_two_worker_processes_lose_nothing_when_one_is_killed(
    backend, fresh_database_url, tmp_path
):
    if backend != "postgresql":
        pytest.skip("several worker processes sharing one database is the PostgreSQL deployment")
    db = Database.from_settings(Settings(database_url=fresh_database_url))
    workers: list[WorkerProcess] = []
    try:
        with Receiver() as receiver:
            receiver.policy = every_tenth_fails
            caller = await _organization(db)
            await _endpoints(caller, receiver)
            workers = [WorkerProcess(fresh_database_url, tmp_path / f"w{i}.log") for i in (0, 1)]
            emitted = await _emit(caller, ProcessJobQueue(1), 1000, per_unit=25)
            expected = _expected_pairs(emitted)
            assert len(expected) == 2000  # 1,000 to /all, 667 to /projects, 333 to /jobs

            async def midway():
                return len(receiver.received) >= len(expected) // 3

            await wait_for(midway, "a third of the deliveries", within=40)
            workers[0].kill()  # SIGKILL: whatever it was sending waits out its lease

            await wait_for(
                lambda: _all_succeeded(db, len(expected)), "every delivery to succeed", within=50
            )
            _check_received(receiver, expected, "2 worker processes, one SIGKILLed")
            assert workers[1].process.poll() is None, workers[1].log_path.read_text()[-3000:]
    finally:
        for worker in workers:
            worker.kill()
        await db.dispose()


async def test_the_in_process_worker_loses_nothing(backend, fresh_database_url):
    if backend != "sqlite":
        pytest.skip("the in-process worker is the SQLite deployment")
    settings = Settings(
        database_url=fresh_database_url,
        in_process_worker=True,
        fetch_allow_private=True,
        webhook_retry_schedule=FAST_ENV["LAYERS_WEBHOOK_RETRY_SCHEDULE"],
        webhook_timeout_seconds=2,
        webhook_auto_pause_after=1000,
        job_poll_seconds=0.2,
        log_format="json",
    )
    app = create_app(settings)
    with Receiver() as receiver:
        receiver.policy = every_tenth_fails
        async with app.router.lifespan_context(app):
            services = app.state.services
            caller = await _organization(services.db)
            await _endpoints(caller, receiver)
            emitted = await _emit(caller, services.jobs, 150, per_unit=10)
            expected = _expected_pairs(emitted)
            await wait_for(
                lambda: _all_succeeded(services.db, len(expected)),
                "every delivery to succeed",
                within=50,
            )
        _check_received(receiver, expected, "the in-process worker")
