"""Fixtures of the hardening tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from layers_server.kit.scopes import ADMIN_SCOPES
from tests.hardening.faults import PrivatePostgres, PrivateRedis, private_postgres, private_redis
from tests.hardening.support import cancel_unfinished_jobs
from tests.support.api import make_api


@pytest.fixture
async def api(app, client):
    """A caller like the root `api` whose key also holds the admin scopes `*` does not grant
    (so every route is reached), and whose organization's unfinished jobs are canceled
    afterwards: many tests here start jobs (some aimed at example.com) that no worker of theirs
    runs, and a later test's worker would otherwise pick them up."""
    caller = await make_api(app, client, scopes=["*", *sorted(ADMIN_SCOPES)])
    yield caller
    await cancel_unfinished_jobs(caller.db, caller.organization_id)


@pytest.fixture
def postgres_cluster() -> Iterator[PrivatePostgres]:
    """A private PostgreSQL cluster for one test, to restart at will; removed afterwards."""
    with private_postgres() as cluster:
        yield cluster


@pytest.fixture
def redis_server() -> Iterator[PrivateRedis]:
    """A private Redis for one test, to kill at will; removed afterwards."""
    with private_redis() as server:
        yield server
