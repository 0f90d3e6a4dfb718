"""``/v1/webhook-endpoints`` and ``/v1/webhook-deliveries``: where events are sent, and how their
deliveries went."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._operation import Operation
from .._pagination import ListQuery
from .._resource import ClientT, Resource, body, endpoint, paginated, query, segment
from .._types import (
    NOT_GIVEN,
    NotGiven,
    WebhookDeliveryStatus,
    WebhookEndpointSettableStatus,
    WebhookEventType,
)
from ..models import (
    Page,
    WebhookDelivery,
    WebhookDeliveryDetail,
    WebhookEndpoint,
    WebhookEndpointCreated,
    WebhookEndpointDeleted,
    WebhookReplay,
    WebhookSecretRotated,
    WebhookTestSent,
)
from ..webhooks import verify

ENDPOINTS = "/v1/webhook-endpoints"


def _endpoint_path(endpoint_id: str) -> str:
    return f"{ENDPOINTS}/{segment(endpoint_id, 'endpoint_id')}"


def _delivery_path(delivery_id: str) -> str:
    return f"/v1/webhook-deliveries/{segment(delivery_id, 'delivery_id')}"


def _event_list(events: Sequence[WebhookEventType]) -> list[WebhookEventType]:
    # A lone string is a Sequence too: it would go out as one event name per character.
    if isinstance(events, str):
        raise TypeError(f"events must be a list of event types, e.g. [{events!r}]")
    return list(events)


class Webhooks(Resource[ClientT]):
    """Your webhook endpoints, their deliveries, and verifying what an endpoint receives.

    ``verify`` is :func:`layers.webhooks.verify`, reachable from a client too; it needs no
    network and no API key.
    """

    verify = staticmethod(verify)

    @endpoint
    def create(
        self,
        *,
        url: str,
        events: Sequence[WebhookEventType],
        project_id: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, Any] | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Operation[WebhookEndpointCreated]:
        """Register an endpoint (``POST /v1/webhook-endpoints``).

        ``url`` must be absolute ``https`` (a host resolving to a private address is a
        :class:`~layers.ValidationError` unless the operator allows them); ``events`` lists 1–50
        event types; ``project_id`` narrows it to one project's events; ``description`` is at
        most 256 characters, ``metadata`` at most 8 KB of JSON.

        The answer's ``signing_secret`` (``whsec_…``) is shown only this once: store it, since
        :func:`verify` needs it.
        """
        fields = body(
            url=url,
            events=_event_list(events),
            project_id=project_id,
            description=description,
            metadata=metadata,
        )
        return self._client._request(
            WebhookEndpointCreated, "POST", ENDPOINTS, json=fields, idempotency_key=idempotency_key
        )

    @paginated
    def list(
        self, *, limit: int | None = None, cursor: str | None = None
    ) -> ListQuery[WebhookEndpoint]:
        """Iterate your endpoints, newest first (``GET /v1/webhook-endpoints``), across all pages.

        ``limit`` is the page size (1–100); ``cursor`` resumes from a saved ``Page.next_cursor``.
        """
        return ListQuery(ENDPOINTS, Page[WebhookEndpoint], query(limit=limit), cursor)

    @endpoint
    def retrieve(self, endpoint_id: str) -> Operation[WebhookEndpoint]:
        """Fetch one endpoint (``GET /v1/webhook-endpoints/{endpointId}``), never its secret."""
        return self._client._request(WebhookEndpoint, "GET", _endpoint_path(endpoint_id))

    @endpoint
    def update(
        self,
        endpoint_id: str,
        *,
        url: str | NotGiven = NOT_GIVEN,
        events: Sequence[WebhookEventType] | NotGiven = NOT_GIVEN,
        description: str | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        status: WebhookEndpointSettableStatus | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Operation[WebhookEndpoint]:
        """Change some fields of an endpoint (``PATCH /v1/webhook-endpoints/{endpointId}``).

        Only the parameters you pass are sent; ``None`` clears ``description`` or ``metadata``.
        ``status="disabled"`` stops deliveries (they are held); ``status="active"`` resumes a
        disabled or auto-paused endpoint, resets its failure count and sends what it held,
        oldest first.
        """
        fields = body(
            url=url,
            events=events if isinstance(events, NotGiven) else _event_list(events),
            description=description,
            metadata=metadata,
            status=status,
        )
        return self._client._request(
            WebhookEndpoint,
            "PATCH",
            _endpoint_path(endpoint_id),
            json=fields,
            idempotency_key=idempotency_key,
        )

    @endpoint
    def delete(
        self, endpoint_id: str, *, idempotency_key: str | None = None
    ) -> Operation[WebhookEndpointDeleted]:
        """Remove an endpoint and its delivery history
        (``DELETE /v1/webhook-endpoints/{endpointId}``)."""
        return self._client._request(
            WebhookEndpointDeleted,
            "DELETE",
            _endpoint_path(endpoint_id),
            idempotency_key=idempotency_key,
        )

    @endpoint
    def rotate_secret(
        self, endpoint_id: str, *, idempotency_key: str | None = None
    ) -> Operation[WebhookSecretRotated]:
        """Give an endpoint a new signing secret
        (``POST /v1/webhook-endpoints/{endpointId}/rotate-secret``).

        The previous secret keeps signing, beside the new one, until
        ``previous_secret_expires_at`` (24 hours): deploy the new secret to your receiver
        meanwhile. The new ``signing_secret`` is shown only this once.
        """
        return self._client._request(
            WebhookSecretRotated,
            "POST",
            f"{_endpoint_path(endpoint_id)}/rotate-secret",
            json={},
            idempotency_key=idempotency_key,
        )

    @endpoint
    def test(
        self, endpoint_id: str, *, idempotency_key: str | None = None
    ) -> Operation[WebhookTestSent]:
        """Send an endpoint a ``test.ping`` event
        (``POST /v1/webhook-endpoints/{endpointId}/test``), whatever it subscribes to."""
        return self._client._request(
            WebhookTestSent,
            "POST",
            f"{_endpoint_path(endpoint_id)}/test",
            json={},
            idempotency_key=idempotency_key,
        )

    @paginated
    def list_deliveries(
        self,
        endpoint_id: str,
        *,
        status: WebhookDeliveryStatus | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> ListQuery[WebhookDelivery]:
        """Iterate an endpoint's deliveries, newest first, across all pages
        (``GET /v1/webhook-endpoints/{endpointId}/deliveries``).

        ``status`` filters; ``limit`` is the page size (1–100); ``cursor`` resumes from a saved
        ``Page.next_cursor``.
        """
        path = f"{_endpoint_path(endpoint_id)}/deliveries"
        return ListQuery(path, Page[WebhookDelivery], query(status=status, limit=limit), cursor)

    @endpoint
    def retrieve_delivery(self, delivery_id: str) -> Operation[WebhookDeliveryDetail]:
        """Fetch a delivery with its attempts (``GET /v1/webhook-deliveries/{deliveryId}``)."""
        return self._client._request(WebhookDeliveryDetail, "GET", _delivery_path(delivery_id))

    @endpoint
    def replay(
        self, delivery_id: str, *, idempotency_key: str | None = None
    ) -> Operation[WebhookReplay]:
        """Send a delivery's event again (``POST /v1/webhook-deliveries/{deliveryId}/replay``).

        The same ``data`` goes out under a new event id, whose payload names the original in
        ``replay_of``; the answer gives the new delivery's id.
        """
        return self._client._request(
            WebhookReplay,
            "POST",
            f"{_delivery_path(delivery_id)}/replay",
            json={},
            idempotency_key=idempotency_key,
        )
