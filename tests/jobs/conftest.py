"""Fixtures for the job engine: fast timings, the test-only route mounted, a worker."""

from __future__ import annotations

import pytest

from layers_server.app import create_app
from layers_server.db.tables import jobs
from tests.jobs import kinds
from tests.jobs.support import starting_router


@pytest.fixture
def settings(settings):
    return settings.model_copy(
        update={
            "job_poll_seconds": 0.1,
            "job_lease_seconds": 2.0,
            "shutdown_grace_seconds": 1.0,
            "job_plugins": "tests.jobs.kinds",
        }
    )


@pytest.fixture
async def app(settings):
    application = create_app(settings)
    application.include_router(starting_router)
    async with application.router.lifespan_context(application):
        db = application.state.services.db
        await kinds.create_events_table(db)
        yield application
        # No test job may outlive its test: a later worker in this session would run it.
        async with db.write() as conn:
            await conn.execute(
                jobs.update()
                .where(jobs.c.kind.in_(kinds.TEST_KINDS), jobs.c.status.in_(("queued", "running")))
                .values(status="canceled", locked_by=None, lease_expires_at=None)
            )


@pytest.fixture
async def worker(app):
    """An in-process worker that runs only the test kinds (other packages' leftovers stay)."""
    running = app.state.services.new_worker(concurrency=4, kinds=kinds.TEST_KINDS)
    running.start()
    yield running
    await running.stop()
