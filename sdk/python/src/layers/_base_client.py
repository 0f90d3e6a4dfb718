"""The two clients' shared configuration and request building, and their thin I/O drivers.

Everything a call does is decided in :class:`BaseClient` and ``_operation``; the sync and async
clients only differ in how they perform an operation's effects (block or await).
"""

from __future__ import annotations

import asyncio
import copy
import os
import time
import uuid
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import httpx

from ._errors import LayersError
from ._operation import ModelT, Operation, Sleep, parse_response, send_with_retries
from ._pagination import AsyncPaginator, ListQuery, SyncPaginator
from ._types import NOT_GIVEN, NotGiven, Timeout
from ._version import __version__

DEFAULT_BASE_URL = "https://api.layers.com"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2

MUTATING_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})

T = TypeVar("T")
ItemT = TypeVar("ItemT")
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)


class BaseClient(Generic[HttpT]):
    """Configuration and request building shared by :class:`~layers.Layers` and
    :class:`~layers.AsyncLayers` (whose docstrings describe the arguments)."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: HttpT | None = None,
    ) -> None:
        api_key = api_key or os.environ.get("LAYERS_API_KEY")
        if not api_key:
            raise LayersError(
                "No API key: pass api_key=... or set the LAYERS_API_KEY environment variable."
            )
        base_url = base_url or os.environ.get("LAYERS_BASE_URL") or DEFAULT_BASE_URL
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = _checked_retries(max_retries)
        self._headers = {
            "Authorization": f"Bearer {api_key}",
            "User-Agent": f"layers-python/{__version__}",
            "Accept": "application/json",
            **(default_headers or {}),
        }
        self._owns_http = http_client is None
        self._http: HttpT = http_client if http_client is not None else self._new_http_client()

    def _new_http_client(self) -> HttpT:
        raise NotImplementedError

    def with_options(
        self,
        *,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy of this client with other per-call options, sharing its connection pool.

        ``layers.with_options(max_retries=5, timeout=120).projects.create(...)`` changes the
        options of that call only; ``layers`` itself is untouched.
        """
        clone = copy.copy(self)
        if not isinstance(timeout, NotGiven):
            clone.timeout = timeout
        if not isinstance(max_retries, NotGiven):
            clone.max_retries = _checked_retries(max_retries)
        clone._owns_http = False  # the pool belongs to the original; closing the copy keeps it
        return clone

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> Operation[httpx.Response]:
        """An operation sending one request (with retries) and returning its <400 response."""
        all_headers = {**self._headers, **(headers or {})}
        if method in MUTATING_METHODS:
            # Minted once per logical call, before the first attempt, so that every retry
            # carries the same key and the server can replay instead of acting twice.
            all_headers["Idempotency-Key"] = idempotency_key or str(uuid.uuid4())
        request = self._http.build_request(
            method,
            self.base_url + path,
            params=params,
            json=json,
            headers=all_headers,
            timeout=self.timeout,
        )
        return send_with_retries(request, max_retries=self.max_retries)

    def _request(
        self,
        cast_to: type[ModelT],
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotency_key: str | None = None,
    ) -> Operation[ModelT]:
        """An operation sending one request and parsing its body into ``cast_to``."""
        response = yield from self._send(
            method, path, params=params, json=json, idempotency_key=idempotency_key
        )
        return parse_response(response, cast_to)


def _checked_retries(max_retries: int) -> int:
    if max_retries < 0:
        raise ValueError(f"max_retries must be 0 or more, got {max_retries}")
    return max_retries


class SyncAPIClient(BaseClient[httpx.Client]):
    """Runs operations with blocking I/O."""

    def _new_http_client(self) -> httpx.Client:
        return httpx.Client()

    def _sleep(self, seconds: float) -> None:
        # A method, not a direct call, so tests can replace it and never really sleep.
        time.sleep(seconds)

    def _drive(self, operation: Operation[T]) -> T:
        """Run ``operation`` to its result, sending its requests and sleeping its sleeps."""
        outcome: Any = None
        failure: httpx.TransportError | None = None
        while True:
            try:
                effect = operation.send(outcome) if failure is None else operation.throw(failure)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            outcome, failure = None, None
            if isinstance(effect, Sleep):
                self._sleep(effect.seconds)
                continue
            try:
                outcome = self._http.send(effect)
            except httpx.TransportError as exc:  # the operation decides whether to retry
                failure = exc

    def _paginate(self, query: ListQuery[ItemT]) -> SyncPaginator[ItemT]:
        return SyncPaginator(self, query)

    def close(self) -> None:
        """Close the connection pool (unless it came from the caller's ``http_client``)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(BaseClient[httpx.AsyncClient]):
    """Runs operations with asyncio I/O."""

    def _new_http_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient()

    async def _sleep(self, seconds: float) -> None:
        # A method, not a direct call, so tests can replace it and never really sleep.
        await asyncio.sleep(seconds)

    async def _drive(self, operation: Operation[T]) -> T:
        """Run ``operation`` to its result, sending its requests and sleeping its sleeps."""
        outcome: Any = None
        failure: httpx.TransportError | None = None
        while True:
            try:
                effect = operation.send(outcome) if failure is None else operation.throw(failure)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            outcome, failure = None, None
            if isinstance(effect, Sleep):
                await self._sleep(effect.seconds)
                continue
            try:
                outcome = await self._http.send(effect)
            except httpx.TransportError as exc:  # the operation decides whether to retry
                failure = exc

    def _paginate(self, query: ListQuery[ItemT]) -> AsyncPaginator[ItemT]:
        return AsyncPaginator(self, query)

    async def close(self) -> None:
        """Close the connection pool (unless it came from the caller's ``http_client``)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
