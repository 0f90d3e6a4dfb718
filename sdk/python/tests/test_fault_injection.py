"""A connection dropped after the server committed: the retry must not create a duplicate.

``DropAfterResponse`` lets the server handle the request and then loses the answer, the way a
load balancer timeout or a dead Wi-Fi does. The SDK sees ``RemoteProtocolError``, retries with
the same ``Idempotency-Key``, and the server replays the original answer.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import layers
import samples
from fake_api import FakeLayersAPI
from harness import make_client, resolve
from layers.testing import DropAfterResponse

NO_KEY_BODY = {"name": "Acme Coffee", "timezone": "UTC"}


@pytest.fixture
def server() -> FakeLayersAPI:
    return FakeLayersAPI()


async def test_retry_after_a_dropped_commit_creates_exactly_one_project(
    mode: str, server: FakeLayersAPI
) -> None:
    flaky = DropAfterResponse(httpx.MockTransport(server))
    client = make_client(mode, flaky)

    project = await resolve(client.projects.create(name="Acme Coffee", timezone="UTC"))

    assert len(flaky.dropped) == 1
    assert len(server.received) == 2
    first, retry = server.received
    assert first.headers["idempotency-key"] == retry.headers["idempotency-key"]
    assert list(server.projects) == [project.id]  # exactly one, and it is the one returned


async def test_without_retries_the_caller_can_replay_with_the_same_key(
    mode: str, server: FakeLayersAPI
) -> None:
    client = make_client(mode, DropAfterResponse(httpx.MockTransport(server)), max_retries=0)
    create: dict[str, Any] = {"name": "Acme Coffee", "timezone": "UTC"}

    with pytest.raises(layers.APIConnectionError):
        await resolve(client.projects.create(**create, idempotency_key="signup-acme"))
    assert len(server.projects) == 1  # committed, though the caller never saw it

    project = await resolve(client.projects.create(**create, idempotency_key="signup-acme"))

    assert list(server.projects) == [project.id]


async def test_a_key_reused_with_another_body_is_a_conflict_not_a_retry(
    mode: str, server: FakeLayersAPI
) -> None:
    client = make_client(mode, httpx.MockTransport(server))
    await resolve(client.projects.create(name="Acme Coffee", timezone="UTC", idempotency_key="k"))

    with pytest.raises(layers.IdempotencyConflictError):
        await resolve(client.projects.create(name="Other", timezone="UTC", idempotency_key="k"))
    assert len(server.received) == 2  # never retried
    assert len(server.projects) == 1


def test_the_lost_answer_without_an_idempotency_key_would_duplicate(
    server: FakeLayersAPI,
) -> None:
    """The control experiment: the same drop, replayed by hand with no key, duplicates."""
    transport = DropAfterResponse(httpx.MockTransport(server))
    with httpx.Client(transport=transport, base_url="https://api.test") as http:
        for _ in range(2):
            try:
                http.post("/v1/projects", json=NO_KEY_BODY, headers={"Authorization": "x"})
            except httpx.RemoteProtocolError:
                pass
    assert len(server.projects) == 2


def test_drop_after_response_only_drops_matching_requests(server: FakeLayersAPI) -> None:
    transport = DropAfterResponse(httpx.MockTransport(server), times=2)
    with httpx.Client(transport=transport, base_url="https://api.test") as http:
        assert http.get("/v1/projects/prj_x").status_code == 404  # reads pass by default
        for _ in range(2):
            with pytest.raises(httpx.RemoteProtocolError):
                http.post("/v1/projects", json=samples.SEED_BODY, headers={"Authorization": "x"})
        assert (
            http.post(
                "/v1/projects",
                json={"name": "Third", "timezone": "UTC"},
                headers={"Authorization": "x"},
            ).status_code
            == 201
        )
    assert [r.method for r in transport.dropped] == ["POST", "POST"]
