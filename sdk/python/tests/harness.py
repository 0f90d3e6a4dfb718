"""Test harness: clients of both flavours over in-memory servers, sleeping recorded not done."""

from __future__ import annotations

import inspect
import json
from collections import deque
from collections.abc import Callable
from typing import Any

import httpx

from layers import AsyncLayers, AsyncPaginator, Layers, SyncPaginator

BASE_URL = "https://api.test"
API_KEY = "lp_test_0123456789ABCDEF_" + "s" * 43

Client = Layers | AsyncLayers
Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class ScriptedAPI:
    """A server that answers from a script and records every request it receives.

    Replies are consumed in order; once the script runs out, ``default`` answers.
    """

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.script: deque[Reply] = deque()
        self.default: Reply = httpx.Response(200, json={})

    def reply(
        self, status: int = 200, json: Any = None, headers: dict[str, str] | None = None
    ) -> ScriptedAPI:
        """Queue one response."""
        self.script.append(httpx.Response(status, json=json, headers=headers))
        return self

    def always(
        self, status: int = 200, json: Any = None, headers: dict[str, str] | None = None
    ) -> ScriptedAPI:
        """Answer every request the script does not cover with this response."""
        self.default = httpx.Response(status, json=json, headers=headers)
        return self

    def fail(self, error: Exception) -> ScriptedAPI:
        """Queue a transport failure (raised instead of answering)."""
        self.script.append(error)
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.script.popleft() if self.script else self.default
        if isinstance(reply, Exception):
            raise reply
        return reply if isinstance(reply, httpx.Response) else reply(request)

    @property
    def last(self) -> httpx.Request:
        """The most recent request."""
        return self.requests[-1]


def body_of(request: httpx.Request) -> Any:
    """The request's JSON body, or ``None`` when it has none."""
    return json.loads(request.content) if request.content else None


def make_client(
    mode: str,
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport,
    sleeps: list[float] | None = None,
    **options: Any,
) -> Client:
    """A ``Layers`` (mode "sync") or ``AsyncLayers`` over ``transport``.

    Sleeps are appended to ``sleeps`` instead of being slept.
    """
    recorded = sleeps if sleeps is not None else []
    client: Client
    if mode == "sync":
        assert isinstance(transport, httpx.BaseTransport)
        client = Layers(
            api_key=API_KEY,
            base_url=BASE_URL,
            http_client=httpx.Client(transport=transport),
            **options,
        )
        client._sleep = recorded.append  # type: ignore[method-assign, assignment]
    else:
        assert isinstance(transport, httpx.AsyncBaseTransport)
        client = AsyncLayers(
            api_key=API_KEY,
            base_url=BASE_URL,
            http_client=httpx.AsyncClient(transport=transport),
            **options,
        )

        async def record(seconds: float) -> None:
            recorded.append(seconds)

        client._sleep = record  # type: ignore[method-assign]
    return client


async def resolve(value: Any) -> Any:
    """The result of a call on either client: awaited if the async client returned a coroutine."""
    return await value if inspect.isawaitable(value) else value


async def collect(paginator: SyncPaginator[Any] | AsyncPaginator[Any]) -> list[Any]:
    """Every item of a paginator of either flavour."""
    if isinstance(paginator, AsyncPaginator):
        return [item async for item in paginator]
    return list(paginator)
