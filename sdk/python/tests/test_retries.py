"""Which failures are retried, how long the SDK waits, and the idempotency key across attempts."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

import layers
import samples
from harness import Client, ScriptedAPI, make_client, resolve
from layers._retries import INITIAL_DELAY, MAX_DELAY, backoff_delay

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

RETRIED = [
    (408, None),  # a proxy's request timeout
    (500, "INTERNAL"),
    (502, None),  # a proxy's HTML page, no envelope
    (503, "UNAVAILABLE"),
    (504, None),
    (429, "RATE_LIMITED"),
    (409, "IDEMPOTENCY_IN_PROGRESS"),
]
NEVER_RETRIED = [
    (400, "VALIDATION"),
    (401, "UNAUTHENTICATED"),
    (402, "BILLING_EXHAUSTED"),
    (403, "FORBIDDEN_SCOPE"),
    (404, "NOT_FOUND"),
    (405, "METHOD_NOT_ALLOWED"),
    (409, "CONFLICT"),
    (409, "IDEMPOTENCY_CONFLICT"),
    (413, "PAYLOAD_TOO_LARGE"),
    (415, "UNSUPPORTED_MEDIA_TYPE"),
    (422, "VALIDATION"),
    (422, "VALIDATION_FAILED"),
    (503, "KILL_SWITCH"),
]


def failure(status: int, code: str | None, headers: dict[str, str] | None = None) -> httpx.Response:
    if code is None:
        return httpx.Response(status, text="<html>Bad Gateway</html>", headers=headers)
    return httpx.Response(status, json=samples.error(code), headers=headers)


@pytest.mark.parametrize(("status", "code"), RETRIED)
async def test_transient_failures_are_retried(
    client: Client, api: ScriptedAPI, sleeps: list[float], status: int, code: str | None
) -> None:
    api.script.append(failure(status, code))
    api.reply(201, samples.PROJECT)

    project = await resolve(client.projects.create(name="Acme Coffee", timezone="UTC"))

    assert project.id == samples.PROJECT["id"]
    assert len(api.requests) == 2
    assert len(sleeps) == 1


@pytest.mark.parametrize(("status", "code"), NEVER_RETRIED)
async def test_definitive_failures_are_never_retried(
    client: Client, api: ScriptedAPI, sleeps: list[float], status: int, code: str
) -> None:
    api.script.append(failure(status, code))
    api.reply(201, samples.PROJECT)

    with pytest.raises(layers.APIStatusError) as raised:
        await resolve(client.projects.create(name="Acme Coffee", timezone="UTC"))

    assert (raised.value.status, raised.value.code) == (status, code)
    assert len(api.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("connection refused"),
        httpx.ReadTimeout("read timed out"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("connection reset by peer"),
    ],
    ids=type,
)
async def test_network_failures_are_retried(
    client: Client, api: ScriptedAPI, sleeps: list[float], error: Exception
) -> None:
    api.fail(error).reply(200, samples.WHOAMI)

    whoami = await resolve(client.whoami())

    assert whoami.organization_id == samples.WHOAMI["organizationId"]
    assert len(api.requests) == 2
    assert len(sleeps) == 1


async def test_retries_stop_after_max_retries(
    client: Client, api: ScriptedAPI, sleeps: list[float]
) -> None:
    api.always(500, samples.error("INTERNAL"))

    with pytest.raises(layers.InternalServerError):
        await resolve(client.whoami())
    assert len(api.requests) == 3  # the default: 1 attempt + 2 retries
    assert len(sleeps) == 2

    with pytest.raises(layers.InternalServerError):
        await resolve(client.with_options(max_retries=5).whoami())
    assert len(api.requests) == 3 + 6


async def test_max_retries_zero_sends_once(client: Client, api: ScriptedAPI) -> None:
    api.always(503, samples.error("UNAVAILABLE"))
    with pytest.raises(layers.ServiceUnavailableError):
        await resolve(client.with_options(max_retries=0).whoami())
    assert len(api.requests) == 1


async def test_exhausted_timeouts_raise_api_timeout_error(client: Client, api: ScriptedAPI) -> None:
    for _ in range(3):
        api.fail(httpx.ReadTimeout("read timed out"))

    with pytest.raises(layers.APITimeoutError) as raised:
        await resolve(client.whoami())
    assert isinstance(raised.value, layers.APIConnectionError)
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout)


async def test_exhausted_connection_errors_raise_api_connection_error(
    client: Client, api: ScriptedAPI
) -> None:
    for _ in range(3):
        api.fail(httpx.ConnectError("connection refused"))

    with pytest.raises(layers.APIConnectionError) as raised:
        await resolve(client.whoami())
    assert not isinstance(raised.value, layers.APITimeoutError)
    assert raised.value.request.url.path == "/v1/whoami"


@pytest.mark.parametrize(
    ("status", "code"),
    [(429, "RATE_LIMITED"), (409, "IDEMPOTENCY_IN_PROGRESS"), (503, "UNAVAILABLE")],
)
async def test_retry_after_is_honoured(
    client: Client, api: ScriptedAPI, sleeps: list[float], status: int, code: str
) -> None:
    api.script.append(failure(status, code, {"Retry-After": "7"}))
    api.reply(200, samples.WHOAMI)

    await resolve(client.whoami())

    assert sleeps == [7.0]


async def test_retry_after_as_http_date(
    client: Client, api: ScriptedAPI, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The clock the SDK reads the date against stands still: the wait is exact, however slowly
    # this machine runs (with a moving clock it was 30 s less the test's own running time).
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    monkeypatch.setattr(layers._errors, "time", SimpleNamespace(time=now.timestamp))
    when = format_datetime(now + timedelta(seconds=30), usegmt=True)
    api.script.append(failure(429, "RATE_LIMITED", {"Retry-After": when}))
    api.reply(200, samples.WHOAMI)

    await resolve(client.whoami())

    assert sleeps == [30.0]


async def test_a_long_retry_after_is_raised_not_slept(
    client: Client, api: ScriptedAPI, sleeps: list[float]
) -> None:
    api.script.append(failure(429, "RATE_LIMITED", {"Retry-After": "3600"}))

    with pytest.raises(layers.RateLimitError) as raised:
        await resolve(client.whoami())

    assert raised.value.retry_after == 3600
    assert sleeps == []
    assert len(api.requests) == 1


async def test_backoff_grows_and_is_jittered(
    client: Client, api: ScriptedAPI, sleeps: list[float]
) -> None:
    api.always(500, samples.error("INTERNAL"))

    with pytest.raises(layers.InternalServerError):
        await resolve(client.with_options(max_retries=6).whoami())

    steps = [min(MAX_DELAY, INITIAL_DELAY * 2**n) for n in range(6)]
    assert steps == [0.5, 1, 2, 4, 8, 8]
    for slept, step in zip(sleeps, steps, strict=True):
        assert step / 2 <= slept <= step


def test_backoff_delay_bounds() -> None:
    assert backoff_delay(0, jitter=lambda: 0.0) == 0.25
    assert backoff_delay(0, jitter=lambda: 1.0) == 0.5
    assert backoff_delay(3, jitter=lambda: 1.0) == 4.0
    assert backoff_delay(50, jitter=lambda: 0.0) == MAX_DELAY / 2
    assert backoff_delay(50, jitter=lambda: 1.0) == MAX_DELAY


async def test_every_attempt_of_one_call_carries_the_same_idempotency_key(
    client: Client, api: ScriptedAPI
) -> None:
    api.reply(500, samples.error("INTERNAL"))
    api.fail(httpx.RemoteProtocolError("Server disconnected without sending a response."))
    api.reply(201, samples.PROJECT)
    await resolve(client.projects.create(name="Acme Coffee", timezone="UTC"))

    api.reply(201, samples.PROJECT)
    await resolve(client.projects.create(name="Acme Coffee", timezone="UTC"))

    keys = [r.headers["idempotency-key"] for r in api.requests]
    assert len(keys) == 4
    assert keys[0] == keys[1] == keys[2]
    assert keys[3] != keys[0]  # a new logical call gets a new key
    assert all(UUID4.match(key) for key in keys)


async def test_the_callers_idempotency_key_wins(client: Client, api: ScriptedAPI) -> None:
    api.reply(503, samples.error("UNAVAILABLE")).reply(201, samples.PROJECT)

    await resolve(
        client.projects.create(name="Acme Coffee", timezone="UTC", idempotency_key="order-42")
    )

    assert [r.headers["idempotency-key"] for r in api.requests] == ["order-42", "order-42"]


@pytest.mark.parametrize(
    ("call", "reply"),
    [
        (lambda c: c.projects.update("prj_1", name="New"), samples.PROJECT),
        (lambda c: c.projects.archive("prj_1"), samples.ARCHIVED),
        (lambda c: c.influencers.delete("inf_1"), samples.INFLUENCER_DELETED),
        (lambda c: c.api_keys.rotate("0123456789ABCDEF"), samples.API_KEY_ROTATED),
    ],
    ids=["PATCH", "DELETE project", "DELETE influencer", "POST rotate"],
)
async def test_every_mutating_call_reuses_its_key_on_retry(
    client: Client, api: ScriptedAPI, call: Callable[[Client], Any], reply: dict[str, Any]
) -> None:
    api.reply(500, samples.error("INTERNAL")).reply(200, reply)

    await resolve(call(client))

    first, second = api.requests
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]
    assert first.content == second.content


async def test_reads_are_retried_without_an_idempotency_key(
    client: Client, api: ScriptedAPI
) -> None:
    api.reply(502).reply(200, samples.PROJECT)
    await resolve(client.projects.retrieve("prj_1"))
    assert all("idempotency-key" not in r.headers for r in api.requests)
    assert len(api.requests) == 2


def test_retry_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        make_client("sync", httpx.MockTransport(ScriptedAPI()), max_retries=-1)
