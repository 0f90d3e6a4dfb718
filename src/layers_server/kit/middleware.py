"""Per-request plumbing as pure ASGI (cheaper than BaseHTTPMiddleware): the request id, the
headers dependencies collect for the response (rate limits), the access log line, and the
report of each answered request to whoever the app names (`on_request`: the metrics)."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .handlers import _is_database_unavailable
from .idempotency import REPLAYED_HEADER
from .ids import new_request_id
from .log_context import ACCESS_LOGGER, bind_request_id

access_log = logging.getLogger(ACCESS_LOGGER)

# The route of a request no route matched: never its raw path, which would make one metric
# series per id and per scanner probe.
UNMATCHED_ROUTE = "unmatched"


@dataclass(frozen=True, slots=True)
class AnsweredRequest:
    route: str  # the route template (`/v1/projects/{projectId}`) or `UNMATCHED_ROUTE`
    method: str
    status: int
    seconds: float
    replayed: bool  # answered from the idempotency store
    rate_limited_class: str | None  # the endpoint class of a 429, else None


RequestObserver = Callable[[AnsweredRequest], None]

# Probes and scrapes arrive every few seconds; their access lines go to DEBUG unless they fail
# on our side, so they do not drown the partner traffic.
_QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})

# A full key pasted into a URL (e.g. as the {keyId} of /v1/api-keys/{keyId}/rotate, which wants
# only the public keyId) must not reach the access log: keep its public prefix, drop the secret.
# Found by tests/hardening/test_secrets_in_logs.py.
_KEY_IN_PATH = re.compile(r"(lp_(?:live|test)_[0-9A-Za-z]{16})_[A-Za-z0-9_-]+")


class _Outcome:
    __slots__ = ("status", "replayed", "rate_limited_class")

    def __init__(self) -> None:
        # Stays None only if no response was started: the task was cancelled (e.g. past the
        # shutdown grace period) or the app returned without answering; both count as 500.
        self.status: int | None = None
        self.replayed = False
        self.rate_limited_class: str | None = None


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, on_request: RequestObserver | None = None) -> None:
        self.app = app
        self.on_request = on_request

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
        outcome = _Outcome()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Request-Id"] = request_id
                for name, value in extra_headers.items():
                    headers.setdefault(name, value)
                outcome.status = message["status"]
                outcome.replayed = headers.get(REPLAYED_HEADER) == "true"
                if outcome.status == 429:
                    outcome.rate_limited_class = headers.get(
                        "X-RateLimit-Endpoint-Class", "unknown"
                    )
            await send(message)

        with bind_request_id(request_id):
            try:
                await self.app(scope, receive, send_with_headers)
            except Exception as error:
                # Starlette's outermost error middleware answers for this exception after we
                # return, through the catch-all handler; record the status that handler sends.
                if outcome.status is None:
                    outcome.status = 503 if _is_database_unavailable(error) else 500
                raise
            finally:
                self._record(scope, state, request_id, outcome, time.perf_counter() - started)

    def _record(
        self, scope: Scope, state: dict, request_id: str, outcome: _Outcome, seconds: float
    ) -> None:
        route = scope.get("route")
        template = getattr(route, "path", None) or UNMATCHED_ROUTE
        status = outcome.status or 500
        if self.on_request is not None:
            self.on_request(
                AnsweredRequest(
                    route=template,
                    method=scope["method"],
                    status=status,
                    seconds=seconds,
                    replayed=outcome.replayed,
                    rate_limited_class=outcome.rate_limited_class,
                )
            )
        _access_log(scope, state, request_id, template, status, seconds)


def _access_log(
    scope: Scope, state: dict, request_id: str, template: str, status: int, seconds: float
) -> None:
    principal = state.get("principal")
    quiet = template in _QUIET_ROUTES and status < 500
    access_log.log(
        logging.DEBUG if quiet else logging.INFO,
        "request",
        extra={
            "request_id": request_id,
            "method": scope["method"],
            "route": template,
            "path": _KEY_IN_PATH.sub(r"\1_[redacted]", scope["path"]),
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
            "organization_id": f"org_{principal.organization_id}" if principal else None,
            # The public keyId embedded in the key string; the key itself is never logged.
            "api_key_id": principal.key_id if principal else None,
        },
    )
