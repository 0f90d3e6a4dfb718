"""Redis down: the rate limiter fails open (docs/deployment.md), in a real server process.

Both servers run a `standard` tier overridden to 3 reads a minute, so "every request answered
200" can only mean the limiter let them through, not that the budget was large. The Redis that
goes down is a private one, started for the test (tests/hardening/faults.py).
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from tests.support.api import make_api
from tests.support.server import free_port, serving

TIERS = '{"standard": {"read_per_min": 3}}'


async def _whoami_statuses(base_url: str, headers: dict, count: int) -> list[int]:
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=10) as http:
        return [(await http.get("/v1/whoami")).status_code for _ in range(count)]


@pytest.fixture
async def limited(api):
    """A `standard`-tier key (the tier the servers below override to 3 reads a minute)."""
    return await make_api(api.app, api.client, organization_id=api.organization_id, tier="standard")


async def test_nothing_listening_at_the_redis_url_fails_open(limited, database_url):
    nothing_there = f"redis://127.0.0.1:{free_port()}/0"
    env = {"LAYERS_REDIS_URL": nothing_there, "LAYERS_RATE_LIMIT_TIERS": TIERS}
    with serving(database_url, extra_env=env) as server:
        statuses = await _whoami_statuses(server.base_url, limited.headers, 10)
        records = server.log_records()
    assert statuses == [200] * 10
    warnings = [r for r in records if "Redis unavailable" in r.get("event", "")]
    assert warnings and warnings[0]["level"] == "warning"
    assert len(warnings) == 1, "the fail-open warning is rate limited, not one per request"


async def test_redis_killed_and_restarted_under_a_running_server(
    limited, database_url, backend, redis_server
):
    if backend != "postgresql":
        pytest.skip("Redis serves the several-process deployment, which runs on PostgreSQL")
    env = {"LAYERS_REDIS_URL": redis_server.url, "LAYERS_RATE_LIMIT_TIERS": TIERS}
    with serving(database_url, extra_env=env) as server:
        # Enforced while Redis is up: 3 reads, then 429.
        assert await _whoami_statuses(server.base_url, limited.headers, 4) == [200] * 3 + [429]
        with redis_server.down():
            down = await _whoami_statuses(server.base_url, limited.headers, 6)
            records = server.log_records()
        # Redis is back (empty: it keeps no data); the limiter must notice and enforce again.
        recovered_in = await _until_enforced(server.base_url, limited.headers)
    assert down == [200] * 6, "with Redis down, the limiter must fail open"
    warnings = [r for r in records if "Redis unavailable" in r.get("event", "")]
    assert warnings and warnings[0]["level"] == "warning", "the outage went unlogged"
    print(f"\nRedis restart: limits enforced again {recovered_in:.2f} s after Redis came back")


async def _until_enforced(base_url: str, headers: dict, within: float = 10.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < within:
        if 429 in await _whoami_statuses(base_url, headers, 4):
            return time.monotonic() - started
        await asyncio.sleep(0.2)
    raise AssertionError(f"rate limits were not enforced again within {within} s")
