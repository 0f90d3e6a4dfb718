"""Fixtures: a scripted server and clients of both flavours talking to it."""

from __future__ import annotations

import httpx
import pytest

from harness import Client, ScriptedAPI, make_client
from layers import Layers


@pytest.fixture
def api() -> ScriptedAPI:
    return ScriptedAPI()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def client(mode: str, api: ScriptedAPI, sleeps: list[float]) -> Client:
    """A client of the parametrized flavour talking to the ``api`` fixture."""
    return make_client(mode, httpx.MockTransport(api), sleeps)


@pytest.fixture
def sync_client(api: ScriptedAPI, sleeps: list[float]) -> Layers:
    client = make_client("sync", httpx.MockTransport(api), sleeps)
    assert isinstance(client, Layers)
    return client
