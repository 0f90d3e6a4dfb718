"""Fault injection for testing integrations: transports that fail the way networks do.

Wrap any httpx transport — ``httpx.MockTransport``, ``httpx.ASGITransport(app=...)`` of an
in-process server, or a real ``httpx.HTTPTransport`` — and hand the result to a client::

    flaky = DropAfterResponse(httpx.ASGITransport(app=app))
    layers = AsyncLayers(api_key=key, base_url="http://test",
                         http_client=httpx.AsyncClient(transport=flaky))
    await layers.projects.create(name="Acme Coffee", timezone="UTC")
    # the server committed the project, the client saw a dropped connection and retried
    # with the same Idempotency-Key: exactly one project exists.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

__all__ = ["DropAfterResponse"]


class DropAfterResponse(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Forward each request, then lose the response of the first ``times`` matching ones.

    The server fully handles a dropped request (and commits whatever it writes); the client
    gets ``httpx.RemoteProtocolError``, as when a connection dies after the server answered —
    the case idempotency keys exist for. Works as a sync and as an async transport, provided
    the wrapped transport is of the same kind.

    Args:
        inner: The transport that really handles requests.
        times: How many matching responses to drop.
        when: Which requests may be dropped; default: mutating ones (not GET/HEAD/OPTIONS).

    ``dropped`` lists the requests whose responses were lost.
    """

    def __init__(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport,
        *,
        times: int = 1,
        when: Callable[[httpx.Request], bool] | None = None,
    ) -> None:
        self.inner = inner
        self.times = times
        self.when = when or (lambda request: request.method not in {"GET", "HEAD", "OPTIONS"})
        self.dropped: list[httpx.Request] = []

    def _drop(self, request: httpx.Request) -> bool:
        if len(self.dropped) >= self.times or not self.when(request):
            return False
        self.dropped.append(request)
        return True

    @staticmethod
    def _disconnected(request: httpx.Request) -> httpx.RemoteProtocolError:
        return httpx.RemoteProtocolError(
            "Server disconnected without sending a response.", request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Sync transport entry point."""
        if not isinstance(self.inner, httpx.BaseTransport):
            raise TypeError("DropAfterResponse wraps an async transport: use an async client")
        response = self.inner.handle_request(request)
        if not self._drop(request):
            return response
        response.read()  # let the server finish its side completely before we "lose" it
        response.close()
        raise self._disconnected(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Async transport entry point."""
        if not isinstance(self.inner, httpx.AsyncBaseTransport):
            raise TypeError("DropAfterResponse wraps a sync transport: use a sync client")
        response = await self.inner.handle_async_request(request)
        if not self._drop(request):
            return response
        await response.aread()  # let the server finish its side completely before we "lose" it
        await response.aclose()
        raise self._disconnected(request)

    def close(self) -> None:
        """Close the wrapped sync transport."""
        if isinstance(self.inner, httpx.BaseTransport):
            self.inner.close()

    async def aclose(self) -> None:
        """Close the wrapped async transport."""
        if isinstance(self.inner, httpx.AsyncBaseTransport):
            await self.inner.aclose()
