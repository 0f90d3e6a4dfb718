"""Fixtures of the delivery tests: a database of their own (their workers must not send other
tests' deliveries, nor other tests see theirs change), a scripted receiver, a worker factory.

Import the fixtures into a test module: ``from tests.webhooks.delivery_support import *``.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import datetime

import pytest
import sqlalchemy as sa

from layers_server.db.tables import (
    webhook_attempts,
    webhook_deliveries,
    webhook_endpoints,
    webhook_events,
)
from layers_server.db.unit_of_work import unit_of_work
from layers_server.ops.metrics import observe_webhook_attempt
from layers_server.settings import Settings
from layers_server.webhooks.delivery import DeliveryWorker
from layers_server.webhooks.events import emit
from tests.conftest import PG_ADMIN_URL, _pg_admin, run_sync
from tests.support.webhook_receiver import Receiver

__all__ = [
    "attempts_of",
    "deliveries_of",
    "delivery_database_url",
    "emit_events",
    "endpoint_of",
    "receiver",
    "settings",
    "start_worker",
    "wait_for",
]

# Short enough that a delivery's whole life takes a second or two. The send timeout is not
# short: on a loaded machine a first request to the loopback receiver took over 0.5 s, was
# retried, and a test of one attempt saw two (a test of the timeout sets its own).
FAST = {
    "fetch_allow_private": True,
    "webhook_retry_schedule": "0.05,0.1,0.2",
    "webhook_timeout_seconds": 5.0,
    "webhook_auto_pause_after": 100,
    "job_poll_seconds": 0.2,
    "shutdown_grace_seconds": 2.0,
}


@pytest.fixture(scope="module")
def delivery_database_url(database_url, tmp_path_factory):
    from layers_server.db.migrate import upgrade_to_head

    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path_factory.mktemp('deliveries') / 'deliveries.db'}"
        upgrade_to_head(Settings(database_url=url).database_url)
        yield url
        return
    name = f"layers_deliveries_{uuid.uuid4().hex[:10]}"
    run_sync(_pg_admin(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade_to_head(Settings(database_url=url).database_url)
    yield url
    run_sync(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def settings(delivery_database_url) -> Settings:
    return Settings(
        database_url=delivery_database_url,
        in_process_worker=False,
        log_format="json",
        **FAST,
    )


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
async def start_worker(api):
    """``start_worker(**settings, now=, resolver=, concurrency=, in_process_wake=)``: a delivery
    worker on the test's app database, stopped at the end; the test's endpoints (and so their
    deliveries) are deleted then, so the next test starts from an empty queue."""
    started: list[DeliveryWorker] = []
    services = api.app.state.services

    def factory(
        *,
        concurrency: int = 4,
        now: Callable[[], datetime] | None = None,
        resolver=None,
        in_process_wake: bool = True,
        **overrides,
    ) -> DeliveryWorker:
        options = {"now": now} if now is not None else {}
        worker = DeliveryWorker(
            db=services.db,
            settings=services.settings.model_copy(update=overrides),
            worker_id=f"test-worker-{len(started)}",
            concurrency=concurrency,
            wakeups=services.jobs if in_process_wake else None,
            resolver=resolver,
            on_attempt=observe_webhook_attempt,  # as `Services.new_delivery_worker` does
            **options,
        )
        worker.start()
        started.append(worker)
        return worker

    yield factory
    for worker in started:
        await worker.stop()
    async with services.db.write() as conn:
        await conn.execute(webhook_endpoints.delete())
        await conn.execute(webhook_events.delete())


async def emit_events(api, count: int = 1, type_: str = "project.created", **data) -> list[str]:
    """Emit ``count`` events, each in a unit of work of its own (so in order of creation);
    their ids, without the ``evt_`` prefix."""
    ids = []
    for number in range(count):
        async with unit_of_work(
            api.db,
            organization_id=api.organization_id,
            request_id="req_delivery_test",
            jobs=api.app.state.services.jobs,
        ) as uow:
            ids.append(emit(uow, type_, project_id=None, data={"n": number, **data}))
    return ids


async def _rows_where(api, table: sa.Table, column: str, value, order: str) -> list:
    async with api.db.read() as conn:
        query = sa.select(table).where(table.c[column] == value).order_by(table.c[order])
        return (await conn.execute(query)).all()


async def deliveries_of(api, endpoint_id: uuid.UUID) -> list:
    return await _rows_where(api, webhook_deliveries, "endpoint_id", endpoint_id, "created_at")


async def attempts_of(api, delivery_id: uuid.UUID) -> list:
    return await _rows_where(api, webhook_attempts, "delivery_id", delivery_id, "id")


async def endpoint_of(api, endpoint_id: uuid.UUID):
    async with api.db.read() as conn:
        return (
            await conn.execute(
                sa.select(webhook_endpoints).where(webhook_endpoints.c.id == endpoint_id)
            )
        ).one()


async def wait_for(check, what: str, within: float = 20.0):
    """Poll ``check`` (async, returns a truthy result when done) with a generous deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        result = await check()
        if result:
            return result
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
