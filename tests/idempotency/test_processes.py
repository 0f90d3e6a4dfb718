"""Idempotency across real server processes on one PostgreSQL, and across a SIGKILL."""

from __future__ import annotations

import asyncio
import os
import signal

import asyncpg
import httpx
import pytest
import sqlalchemy as sa

from layers_server.db.tables import idempotency_keys, projects
from tests.support.server import running_server

BODY = {"name": "Across processes", "timezone": "UTC", "customerExternalId": "across"}


@pytest.fixture
def postgres_only(backend):
    if backend != "postgresql":
        pytest.skip("several processes on one database is the PostgreSQL deployment")


def _asyncpg_url(database_url: str) -> str:
    return database_url.replace("postgresql+asyncpg://", "postgresql://")


async def _count(api, table, *where) -> int:
    async with api.db.read() as conn:
        return await conn.scalar(sa.select(sa.func.count()).select_from(table).where(*where))


async def test_two_server_processes_execute_a_key_once(postgres_only, database_url, api):
    headers = {**api.headers, "Idempotency-Key": "two-processes"}
    with running_server(database_url) as (url_a, _), running_server(database_url) as (url_b, _):
        async with httpx.AsyncClient(timeout=30) as http:
            responses = await asyncio.gather(
                *(
                    http.post(f"{(url_a, url_b)[i % 2]}/v1/projects", json=BODY, headers=headers)
                    for i in range(50)
                )
            )
    created = [r for r in responses if r.status_code == 201]
    others = [r for r in responses if r.status_code != 201]
    assert created, [r.text for r in responses[:3]]
    assert len({r.content for r in created}) == 1
    assert all(r.json()["error"]["code"] == "IDEMPOTENCY_IN_PROGRESS" for r in others)
    assert (
        await _count(
            api,
            projects,
            projects.c.organization_id == api.organization_id,
            projects.c.customer_external_id == "across",
        )
        == 1
    )


async def test_sigkill_inside_the_transaction_leaves_nothing(postgres_only, database_url, api):
    headers = {**api.headers, "Idempotency-Key": "killed-mid-create"}
    blocker = await asyncpg.connect(_asyncpg_url(database_url))
    try:
        # Hold a lock that makes the server's INSERT INTO projects wait: its transaction has
        # claimed the key and is inside the business write when we kill it.
        await blocker.execute("BEGIN; LOCK TABLE projects IN SHARE ROW EXCLUSIVE MODE")
        with running_server(database_url) as (base_url, process):
            async with httpx.AsyncClient(timeout=30) as http:
                request = asyncio.create_task(
                    http.post(f"{base_url}/v1/projects", json=BODY, headers=headers)
                )
                for _ in range(100):
                    waiting = await blocker.fetchval(
                        "SELECT count(*) FROM pg_locks WHERE NOT granted "
                        "AND relation = 'projects'::regclass"
                    )
                    if waiting:
                        break
                    await asyncio.sleep(0.05)
                assert waiting == 1, "the create never reached its INSERT"
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
                with pytest.raises(httpx.TransportError):
                    await request
        await blocker.execute("COMMIT")
    finally:
        await blocker.close()

    key_rows = idempotency_keys.c.key == "killed-mid-create"
    for _ in range(50):  # the backend of the killed connection aborts its transaction
        if await _count(api, idempotency_keys, key_rows) == 0:
            break
        await asyncio.sleep(0.1)
    assert await _count(api, idempotency_keys, key_rows) == 0
    assert await api.project_count() == 0

    with running_server(database_url) as (base_url, _):
        async with httpx.AsyncClient(timeout=30) as http:
            retry = await http.post(f"{base_url}/v1/projects", json=BODY, headers=headers)
            assert retry.status_code == 201, retry.text
            assert "idempotent-replayed" not in retry.headers
            replay = await http.post(f"{base_url}/v1/projects", json=BODY, headers=headers)
            assert replay.headers["idempotent-replayed"] == "true"
    assert await api.project_count() == 1
