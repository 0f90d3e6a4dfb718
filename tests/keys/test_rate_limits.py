"""Contract §4 over HTTP: headers on every response, 429s, tiers, shared Redis, fail-open."""

from __future__ import annotations

import asyncio
import logging
import os
import time

import httpx
import pytest

from layers_server.app import create_app
from tests.support.api import make_api
from tests.support.server import running_server

REDIS_URL = os.environ.get("LAYERS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
HEADERS = [
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "ratelimit-policy",
    "ratelimit",
]


async def test_every_answer_carries_the_headers(new_api):
    api = await new_api(tier="standard")
    answers = [
        await api.get("/v1/whoami"),
        await api.post("/v1/projects", json={"name": "x"}),  # 422
        await api.get("/v1/projects/prj_bad"),  # 422
        await api.patch(
            "/v1/projects/prj_00000000-0000-0000-0000-000000000000", json={"name": "abcd"}
        ),
    ]
    classes = ["read-light", "write-light", "read-light", "write-light"]
    for response, endpoint_class in zip(answers, classes, strict=True):
        assert response.headers["x-ratelimit-endpoint-class"] == endpoint_class
        for header in HEADERS:
            assert header in response.headers, (response.status_code, header)
    assert answers[0].headers["x-ratelimit-limit"] == "120"
    assert answers[1].headers["x-ratelimit-limit"] == "60"
    assert answers[1].headers["ratelimit-policy"] == '"write-light";q=60;w=60'
    reset = int(answers[0].headers["x-ratelimit-reset"])
    assert 0 <= reset <= 60  # seconds, never an epoch


async def test_unauthenticated_answers_carry_the_endpoint_class(client):
    response = await client.get("/v1/projects")
    assert response.status_code == 401
    assert response.headers["x-ratelimit-endpoint-class"] == "read-light"


async def test_budget_exhaustion_is_429_with_retry_after(new_api):
    api = await new_api(tier="standard", scopes=["projects:read"])
    statuses = [
        (await api.post("/v1/projects", json={"name": "Nope", "timezone": "UTC"})).status_code
        for _ in range(61)
    ]
    assert statuses[:60] == [403] * 60  # refused by scope, but each spent a write token
    assert statuses[60] == 429
    response = await api.post("/v1/projects", json={"name": "Nope", "timezone": "UTC"})
    error = response.json()["error"]
    assert error["code"] == "RATE_LIMITED"
    assert error["details"]["endpointClass"] == "write-light"
    assert int(response.headers["retry-after"]) >= 1
    assert response.headers["x-ratelimit-remaining"] == "0"
    assert (await api.get("/v1/whoami")).status_code == 200  # reads have their own budget


async def test_operators_can_override_the_tier_table(settings):
    custom = settings.model_copy(update={"rate_limit_tiers": '{"standard": {"read_per_min": 3}}'})
    app = create_app(custom)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            api = await make_api(app, http, tier="standard")
            statuses = [(await api.get("/v1/whoami")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


async def test_redis_down_fails_open_and_logs(settings, caplog):
    dead = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    app = create_app(dead)
    caplog.set_level(logging.WARNING)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            api = await make_api(app, http, tier="standard")
            response = await api.get("/v1/whoami")
            ready = await http.get("/readyz")
    assert response.status_code == 200
    assert any("Redis unavailable" in r.getMessage() for r in caplog.records)
    assert ready.status_code == 503
    assert ready.json()["failing"] == ["redis"]


@pytest.fixture
async def redis_available():
    from redis.asyncio import Redis

    from tests.conftest import require_service

    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        await client.ping()
    except Exception as error:  # noqa: BLE001
        require_service("Redis", str(error))
    finally:
        await client.aclose()


async def test_two_server_processes_share_one_budget_in_redis(
    redis_available, database_url, api, backend
):
    if backend != "postgresql":
        pytest.skip("several API processes is the PostgreSQL deployment")
    standard = await make_api(api.app, api.client, tier="standard")
    env = {"LAYERS_REDIS_URL": REDIS_URL}
    with (
        running_server(database_url, extra_env=env) as (a, _),
        running_server(database_url, extra_env=env) as (b, _),
    ):
        async with httpx.AsyncClient(timeout=30, headers=standard.headers) as http:
            started = time.monotonic()
            responses = await asyncio.gather(
                *(http.get(f"{(a, b)[i % 2]}/v1/whoami") for i in range(150))
            )
            elapsed = time.monotonic() - started
    statuses = [r.status_code for r in responses]
    # One budget of 120 plus what refills meanwhile (one read every 0.5 s); two separate
    # budgets would have admitted all 150.
    refilled = int(elapsed / 0.5) + 1
    assert 120 <= statuses.count(200) <= 120 + refilled < 150
    assert statuses.count(200) + statuses.count(429) == 150
