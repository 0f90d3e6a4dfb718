"""The shapes of the webhook routes: request bodies and the answers `service.py` builds
(docs/api/webhooks.md). Field names are the wire's, shared with the SDKs' types."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

import httpx
from pydantic import AfterValidator, Field, StringConstraints

from ..kit.body import StrictBody
from ..kit.fields import Metadata, text
from ..kit.openapi import Refusal, ResponseModel
from .events import SUBSCRIBABLE_TYPES

MAX_URL_LENGTH = 2048
MAX_EVENTS = 50

# The event types an endpoint subscribes to (`test.ping` is sent by the test route only).
EventType = Literal[SUBSCRIBABLE_TYPES]  # type: ignore[valid-type]


def _absolute_url(value: str) -> str:
    """The URL's shape; whether its scheme and host are allowed is the service's call (it
    depends on the operator's setting and on DNS)."""
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError):
        raise ValueError("not a URL") from None
    if url.scheme not in ("https", "http") or not url.host:
        raise ValueError("must be an absolute https URL, e.g. 'https://example.com/webhooks'")
    if url.userinfo:
        raise ValueError("must not carry credentials (user:password@)")
    return value


def _distinct(events: list[str]) -> list[str]:
    repeated = sorted({name for name in events if events.count(name) > 1})
    if repeated:
        raise ValueError(f"names {', '.join(repeated)} more than once")
    return events


EndpointUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_URL_LENGTH),
    AfterValidator(_absolute_url),
]
Events = Annotated[
    list[EventType], Field(min_length=1, max_length=MAX_EVENTS), AfterValidator(_distinct)
]
Description = Annotated[str, text(0, 256)]

_EXAMPLE_AT = "2026-04-18T19:02:11.959888+00:00"
EXAMPLE_ENDPOINT: dict[str, Any] = {
    "endpointId": "whe_0f8e2c1a-5b7d-4e39-9c64-3a2b1d0e9f87",
    "url": "https://acmecoffee.com/layers/webhooks",
    "events": ["job.completed", "job.failed"],
    "projectId": "prj_9cb958b5-11b5-4e30-8675-5d075d52da7c",
    "description": "Production receiver",
    "metadata": {"team": "growth"},
    "status": "active",
    "apiVersion": "v1",
    "consecutiveFailureCount": 0,
    "lastSuccessAt": None,
    "lastFailureAt": None,
    "createdAt": _EXAMPLE_AT,
    "updatedAt": _EXAMPLE_AT,
}
EXAMPLE_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
EXAMPLE_CURSOR = (
    "WyIyMDI2LTA0LTE4VDE5OjAyOjExLjk1OTg4OCswMDowMCIsIjBmOGUyYzFhLTViN2QtNGUzOS05YzY0LTNhMmIx"
    "ZDBlOWY4NyJd"
)
EXAMPLE_DELIVERY: dict[str, Any] = {
    "deliveryId": "whd_7c1d9e4b-2f6a-4b83-8d5e-1a9c3f7b2e60",
    "endpointId": EXAMPLE_ENDPOINT["endpointId"],
    "eventId": "evt_01JS5R2D9M4X7K3V8N1P6Q0T2W",
    "eventType": "job.completed",
    "status": "succeeded",
    "attemptCount": 1,
    "nextAttemptAt": None,
    "lastAttemptAt": "2026-04-18T19:05:45.120331+00:00",
    "lastResponseStatus": 200,
    "lastError": None,
    "createdAt": "2026-04-18T19:05:44.902117+00:00",
    "updatedAt": "2026-04-18T19:05:45.131907+00:00",
    "finishedAt": "2026-04-18T19:05:45.131907+00:00",
}

_MINTED = frozenset(
    {
        "id",
        "endpointId",
        "organizationId",
        "status",
        "apiVersion",
        "signingSecret",
        "consecutiveFailureCount",
        "lastSuccessAt",
        "lastFailureAt",
        "createdAt",
        "updatedAt",
    }
)


class WebhookEndpointCreate(StrictBody):
    example: ClassVar[dict[str, Any]] = {
        "url": EXAMPLE_ENDPOINT["url"],
        "events": EXAMPLE_ENDPOINT["events"],
        "projectId": EXAMPLE_ENDPOINT["projectId"],
        "description": "Production receiver",
        "metadata": {"team": "growth"},
    }

    server_minted: ClassVar[frozenset[str]] = _MINTED

    url: EndpointUrl
    events: Events
    projectId: str | None = None
    description: Description | None = None
    metadata: Metadata | None = None


class WebhookEndpointUpdate(StrictBody):
    """Every field optional; only the ones sent change. `description` and `metadata` accept
    ``null`` to clear; `status` is `active` or `disabled` (`auto_paused` is the server's)."""

    example: ClassVar[dict[str, Any]] = {"status": "active"}

    read_only: ClassVar[frozenset[str]] = (_MINTED - {"status"}) | {"projectId"}

    url: EndpointUrl = None  # type: ignore[assignment]
    events: Events = None  # type: ignore[assignment]
    description: Description | None = None
    metadata: Metadata | None = None
    status: Literal["active", "disabled"] = None  # type: ignore[assignment]


class WebhookEndpoint(ResponseModel):
    """A URL of the partner's that receives events."""

    example: ClassVar[dict[str, Any]] = EXAMPLE_ENDPOINT

    endpointId: str
    url: str
    events: list[str]
    projectId: str | None
    description: str | None
    metadata: dict[str, Any] | None
    status: Literal["active", "disabled", "auto_paused"]
    apiVersion: Literal["v1"]
    consecutiveFailureCount: int
    lastSuccessAt: str | None
    lastFailureAt: str | None
    createdAt: str
    updatedAt: str


class WebhookEndpointCreated(ResponseModel):
    """The endpoint and its signing secret, shown only in this answer (and its idempotent
    replays)."""

    example: ClassVar[dict[str, Any]] = {
        "endpoint": EXAMPLE_ENDPOINT,
        "signingSecret": EXAMPLE_SECRET,
    }

    endpoint: WebhookEndpoint
    signingSecret: str


class WebhookEndpointPage(ResponseModel):
    """One page of endpoints, newest first; `nextCursor` is `null` on the last page."""

    example: ClassVar[dict[str, Any]] = {"items": [EXAMPLE_ENDPOINT], "nextCursor": EXAMPLE_CURSOR}

    items: list[WebhookEndpoint]
    nextCursor: str | None


class WebhookEndpointDeleted(ResponseModel):
    """The endpoint, its subscriptions and its delivery history are gone."""

    example: ClassVar[dict[str, Any]] = {
        "endpointId": EXAMPLE_ENDPOINT["endpointId"],
        "deleted": True,
    }

    endpointId: str
    deleted: Literal[True]


class WebhookSecretRotated(ResponseModel):
    """The new signing secret, shown once; the previous one signs beside it until
    `previousSecretExpiresAt`."""

    example: ClassVar[dict[str, Any]] = {
        "endpointId": EXAMPLE_ENDPOINT["endpointId"],
        "signingSecret": EXAMPLE_SECRET,
        "previousSecretExpiresAt": "2026-04-19T19:02:11.959888+00:00",
        "warning": "Store this secret now. It cannot be retrieved again. The previous secret "
        "keeps signing deliveries, beside this one, until previousSecretExpiresAt (24 hours).",
    }

    endpointId: str
    signingSecret: str
    previousSecretExpiresAt: str
    warning: str


class WebhookTestSent(ResponseModel):
    """A `test.ping` event and its delivery to this endpoint, on their way."""

    example: ClassVar[dict[str, Any]] = {
        "deliveryId": EXAMPLE_DELIVERY["deliveryId"],
        "eventId": EXAMPLE_DELIVERY["eventId"],
    }

    deliveryId: str
    eventId: str


class WebhookDelivery(ResponseModel):
    """One event's delivery to one endpoint."""

    example: ClassVar[dict[str, Any]] = EXAMPLE_DELIVERY

    deliveryId: str
    endpointId: str
    eventId: str
    eventType: str
    status: Literal["pending", "succeeded", "failed", "abandoned", "held"]
    attemptCount: int
    nextAttemptAt: str | None
    lastAttemptAt: str | None
    lastResponseStatus: int | None
    lastError: str | None
    createdAt: str
    updatedAt: str
    finishedAt: str | None


class WebhookAttempt(ResponseModel):
    """One attempt: `responseStatus` is `null` when no answer came (timeout, refused
    connection), and `error` then says what happened."""

    attemptedAt: str
    responseStatus: int | None
    durationMs: int
    error: str | None


class WebhookDeliveryDetail(WebhookDelivery):
    """A delivery with every attempt made so far, oldest first."""

    example: ClassVar[dict[str, Any]] = {
        **EXAMPLE_DELIVERY,
        "attempts": [
            {
                "attemptedAt": EXAMPLE_DELIVERY["lastAttemptAt"],
                "responseStatus": 200,
                "durationMs": 84,
                "error": None,
            }
        ],
    }

    attempts: list[WebhookAttempt]


class WebhookDeliveryPage(ResponseModel):
    """One page of an endpoint's deliveries, newest first."""

    example: ClassVar[dict[str, Any]] = {"items": [EXAMPLE_DELIVERY], "nextCursor": None}

    items: list[WebhookDelivery]
    nextCursor: str | None


class WebhookReplay(ResponseModel):
    """The delivery's event, sent again under a new event id whose payload names the
    original in `replayOf`."""

    example: ClassVar[dict[str, Any]] = {
        "originalDeliveryId": EXAMPLE_DELIVERY["deliveryId"],
        "replayDeliveryId": "whd_3e9a6c2d-8b1f-4d7a-a5c0-6f2e8d4b1a93",
        "scheduledAt": "2026-04-20T08:15:42.120331+00:00",
    }

    originalDeliveryId: str
    replayDeliveryId: str
    scheduledAt: str


# Refusals particular to some routes (raised in service.py).
ENDPOINT_NOT_ACTIVE = Refusal(
    409,
    "CONFLICT",
    "The endpoint is `disabled` or `auto_paused` (`details.subcode: ENDPOINT_NOT_ACTIVE`): "
    'make it active with PATCH {"status": "active"} first, which also sends what it held.',
    {"subcode": "ENDPOINT_NOT_ACTIVE", "endpointId": EXAMPLE_ENDPOINT["endpointId"]},
    'This endpoint is auto_paused; PATCH {"status": "active"} first (it then sends the '
    "deliveries it held, oldest first).",
    name="CONFLICT_ENDPOINT_NOT_ACTIVE",
)
PROJECT_NOT_FOUND = Refusal(
    404,
    "NOT_FOUND",
    "`projectId` names no project of your organization.",
    None,
    "No project with that id exists in your organization.",
    name="NOT_FOUND_PROJECT",
)
