"""Fixtures of the hardening tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.hardening.faults import PrivatePostgres, PrivateRedis, private_postgres, private_redis
from tests.hardening.support import cancel_unfinished_jobs


@pytest.fixture
async def api(api):
    """The root `api`, whose organization's unfinished jobs are canceled afterwards: many tests
    here start jobs (some aimed at example.com) that no worker of theirs runs, and a later
    test's worker would otherwise pick them up."""
    yield api
    await cancel_unfinished_jobs(api.db, api.organization_id)


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
