"""Per-request plumbing as pure ASGI (cheaper than BaseHTTPMiddleware): the request id, the
headers dependencies collect for the response (rate limits), and the access log line."""

from __future__ import annotations

import logging
import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .ids import new_request_id

access_log = logging.getLogger("layers.access")


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = new_request_id()
        # Dependencies and error handlers add to this dict; it is sent with whatever answer goes.
        extra_headers: dict[str, str] = {}
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        state["response_headers"] = extra_headers
        started = time.perf_counter()
        status_holder = [500]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder[0] = message["status"]
                headers = MutableHeaders(scope=message)
                headers["X-Request-Id"] = request_id
                for name, value in extra_headers.items():
                    headers.setdefault(name, value)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            route = scope.get("route")
            principal = state.get("principal")
            access_log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": scope["method"],
                    "route": getattr(route, "path", scope["path"]),
                    "status": status_holder[0],
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "organization_id": f"org_{principal.organization_id}" if principal else None,
                    "api_key_id": principal.key_id if principal else None,
                },
            )
