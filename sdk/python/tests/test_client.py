"""Client construction: credentials, base URL, headers, timeouts, per-call options, closing."""

from __future__ import annotations

import httpx
import pytest

import layers
import samples
from harness import API_KEY, Client, ScriptedAPI, make_client, resolve
from layers import AsyncLayers, Layers


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAYERS_API_KEY", raising=False)
    monkeypatch.delenv("LAYERS_BASE_URL", raising=False)


@pytest.mark.parametrize("cls", [Layers, AsyncLayers])
def test_a_missing_api_key_fails_at_construction(cls: type[Client]) -> None:
    with pytest.raises(layers.LayersError, match="LAYERS_API_KEY"):
        cls()


@pytest.mark.parametrize("cls", [Layers, AsyncLayers])
def test_defaults_come_from_the_environment(
    cls: type[Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAYERS_API_KEY", API_KEY)
    assert cls().base_url == "https://api.layers.com"

    monkeypatch.setenv("LAYERS_BASE_URL", "http://127.0.0.1:8000/")
    client = cls()
    assert (client.api_key, client.base_url) == (API_KEY, "http://127.0.0.1:8000")
    assert client.max_retries == layers.DEFAULT_MAX_RETRIES
    assert client.timeout == layers.DEFAULT_TIMEOUT


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAYERS_API_KEY", "lp_test_env")
    monkeypatch.setenv("LAYERS_BASE_URL", "http://env")
    client = Layers(api_key="lp_test_arg", base_url="http://arg")
    assert (client.api_key, client.base_url) == ("lp_test_arg", "http://arg")


async def test_requests_carry_auth_user_agent_and_base_url(
    client: Client, api: ScriptedAPI
) -> None:
    api.reply(200, samples.WHOAMI)
    await resolve(client.whoami())

    assert str(api.last.url) == "https://api.test/v1/whoami"
    assert api.last.headers["authorization"] == f"Bearer {API_KEY}"
    assert api.last.headers["user-agent"] == f"layers-python/{layers.__version__}"
    assert api.last.headers["accept"] == "application/json"


async def test_default_headers_are_added(mode: str, api: ScriptedAPI) -> None:
    api.always(200, samples.WHOAMI)
    client = make_client(mode, httpx.MockTransport(api), default_headers={"X-Partner": "gic"})
    await resolve(client.whoami())
    assert api.last.headers["x-partner"] == "gic"


async def test_timeout_applies_to_every_request(mode: str, api: ScriptedAPI) -> None:
    api.always(200, samples.WHOAMI)
    client = make_client(mode, httpx.MockTransport(api))
    await resolve(client.whoami())
    assert api.last.extensions["timeout"] == layers.DEFAULT_TIMEOUT.as_dict()

    client = make_client(mode, httpx.MockTransport(api), timeout=12.5)
    await resolve(client.whoami())
    assert api.last.extensions["timeout"] == httpx.Timeout(12.5).as_dict()


async def test_with_options_changes_one_call_and_leaves_the_client_alone(
    client: Client, api: ScriptedAPI, sleeps: list[float]
) -> None:
    api.always(500, samples.error("INTERNAL"))

    patient = client.with_options(timeout=httpx.Timeout(120.0), max_retries=4)
    with pytest.raises(layers.InternalServerError):
        await resolve(patient.whoami())
    assert len(api.requests) == 5
    assert api.last.extensions["timeout"] == httpx.Timeout(120.0).as_dict()

    assert (client.max_retries, client.timeout) == (2, layers.DEFAULT_TIMEOUT)
    with pytest.raises(layers.InternalServerError):
        await resolve(client.whoami())
    assert len(api.requests) == 5 + 3
    assert api.last.extensions["timeout"] == layers.DEFAULT_TIMEOUT.as_dict()


def test_with_options_shares_the_connection_pool() -> None:
    client = Layers(api_key=API_KEY)
    copy = client.with_options(max_retries=0)
    assert copy._http is client._http
    copy.close()  # closing the copy must not close the original's pool
    assert not client._http.is_closed
    client.close()
    assert client._http.is_closed


def test_a_callers_http_client_is_left_open() -> None:
    http = httpx.Client()
    with Layers(api_key=API_KEY, http_client=http):
        pass
    assert not http.is_closed
    http.close()

    with Layers(api_key=API_KEY) as owned:
        pass
    assert owned._http.is_closed


async def test_async_client_closes_its_own_pool() -> None:
    async with AsyncLayers(api_key=API_KEY) as client:
        pass
    assert client._http.is_closed


async def test_methods_have_docs_and_signatures(client: Client) -> None:
    import inspect

    create = client.projects.create
    assert create.__doc__ and "Idempotency-Key" in create.__doc__
    assert list(inspect.signature(create).parameters)[:2] == ["name", "timezone"]
    assert client.whoami.__name__ == "whoami"
