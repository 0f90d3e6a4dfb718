"""`/healthz` and `/readyz`: no key, no rate limit, and a 503 that names what is broken."""

from __future__ import annotations

import pytest

from layers_server.settings import Settings
from tests.ops.support import CLOSED_POSTGRES_URL, app_client

OPS_PATHS = ["/healthz", "/readyz", "/metrics"]


def assert_not_rate_limited(response) -> None:
    assert not [name for name in response.headers if "ratelimit" in name.lower()]
    assert response.headers["X-Request-Id"].startswith("req_")


@pytest.mark.parametrize("path", OPS_PATHS)
async def test_ops_endpoints_need_no_key_and_spend_no_budget(client, path):
    response = await client.get(path)
    assert response.status_code == 200, response.text
    assert_not_rate_limited(response)


async def test_ops_endpoints_ignore_a_bad_key(client):
    # A probe configured with a stale key must not turn into a 401.
    response = await client.get("/readyz", headers={"Authorization": "Bearer lp_live_nope"})
    assert response.status_code == 200


async def test_readyz_is_ready_on_a_migrated_database(client):
    response = await client.get("/readyz")
    assert response.json() == {"status": "ready", "checks": {"database": "ok"}}


async def test_readyz_names_an_unreachable_database():
    settings = Settings(database_url=CLOSED_POSTGRES_URL, in_process_worker=False)
    async with app_client(settings) as (_app, http):
        response = await http.get("/readyz")
        health = await http.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["database"]
    assert body["checks"]["database"].startswith("unreachable")
    assert_not_rate_limited(response)
    # Liveness touches no dependency: the process itself is fine.
    assert health.status_code == 200


async def test_readyz_names_a_database_not_at_the_latest_migration(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    settings = Settings(database_url=f"sqlite:///{empty}", in_process_worker=False)
    async with app_client(settings) as (_app, http):
        response = await http.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "not migrated"}
    assert response.json()["failing"] == ["database"]
