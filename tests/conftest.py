"""Shared fixtures. Every API test runs twice: on SQLite and on PostgreSQL.

PostgreSQL (LAYERS_TEST_POSTGRES_URL, default postgres@127.0.0.1:5432) and Redis
(LAYERS_TEST_REDIS_URL) legs are skipped with a printed notice when the server is missing, and
fail instead under CI=true. Each session creates and drops its own PostgreSQL database; tests
isolate themselves by creating their own organization.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator

import httpx
import hypothesis
import pytest

from layers_server.app import create_app
from layers_server.db.migrate import upgrade_to_head
from layers_server.settings import Settings
from tests.support.api import Api, make_api
from tests.support.shapes import ShapeRecorder

PG_ADMIN_URL = os.environ.get(
    "LAYERS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() == "true"

# Property tests draw the same examples on every run, so a run's outcome depends only on the
# code (every test's `settings(...)` inherits this). `HYPOTHESIS_PROFILE=explore` searches new
# examples instead, for a hunt away from CI.
hypothesis.settings.register_profile("deterministic", derandomize=True, database=None)
hypothesis.settings.register_profile("explore", derandomize=False)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


def require_service(name: str, error: str) -> None:
    message = f"{name} is not reachable ({error}); its leg of the suite is skipped"
    if IN_CI:
        pytest.fail(f"{message} — but CI=true makes it mandatory", pytrace=False)
    print(f"\nNOTICE: {message}")
    pytest.skip(message)


async def _pg_admin(statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN_URL, timeout=3)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def run_sync(coro):
    """Run a coroutine from sync fixture code, even while the session loop exists."""
    result: list = []

    def target():
        result.append(asyncio.run(coro))

    import threading

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    return result[0] if result else None


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'layers.db'}"
        upgrade_to_head(Settings(database_url=url).database_url)
        yield url
        return
    name = f"layers_test_{uuid.uuid4().hex[:10]}"
    try:
        run_sync(_pg_admin(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure means "PostgreSQL missing"
        require_service("PostgreSQL", f"{type(error).__name__}: {error}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade_to_head(Settings(database_url=url).database_url)
    yield url
    run_sync(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def backend(database_url) -> str:
    return "sqlite" if database_url.startswith("sqlite") else "postgresql"


@pytest.fixture
async def fresh_database_url(backend, tmp_path):
    """A new database of the session's backend, migrated from empty to head: for tests whose
    workers must see no other test's jobs, and for the migrations' own tests."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'fresh.db'}"
        await asyncio.to_thread(upgrade_to_head, Settings(database_url=url).database_url)
        yield url
        return
    name = f"layers_fresh_{uuid.uuid4().hex[:10]}"
    await _pg_admin(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        await asyncio.to_thread(upgrade_to_head, Settings(database_url=url).database_url)
        yield url
    finally:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(
        database_url=database_url,
        fetch_allow_private=True,
        in_process_worker=False,
        log_format="json",
    )


@pytest.fixture
async def app(settings):
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client; every answer it gets is held to its route's declared response
    model (tests/support/shapes.py), and the test fails if one drifted."""
    recorder = ShapeRecorder(app)
    transport = httpx.ASGITransport(app=recorder, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        http.shapes = recorder  # type: ignore[attr-defined]
        yield http
    drifted = recorder.drifted()
    if drifted:
        pytest.fail(
            "answers differ from their declared response models (<domain>/schemas.py):\n  "
            + "\n  ".join(drifted),
            pytrace=False,
        )


@pytest.fixture
async def api(app, client) -> Api:
    """A fresh organization with a `*`-scoped pilot-tier key, and a client speaking as it."""
    return await make_api(app, client)


@pytest.fixture
def new_api(app, client):
    """Factory for more callers: other organizations, other scopes or tiers."""

    async def factory(**options) -> Api:
        return await make_api(app, client, **options)

    return factory


@pytest.fixture
async def worker(app):
    """An in-process worker running every built-in job kind."""
    running = app.state.services.new_worker(concurrency=2)
    running.start()
    yield running
    await running.stop()
