"""HTTP surface of webhooks (docs/api/webhooks.md): endpoints, their deliveries, replays."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from ..db.unit_of_work import Principal
from ..kit.auth import authorize
from ..kit.body import json_body
from ..kit.idempotency import Write, writes
from ..kit.ids import parse_uuid_id
from ..kit.jsonresp import OrjsonResponse
from ..kit.openapi import ok, refusals
from . import service
from .schemas import (
    ENDPOINT_NOT_ACTIVE,
    PROJECT_NOT_FOUND,
    WebhookDeliveryDetail,
    WebhookDeliveryPage,
    WebhookEndpoint,
    WebhookEndpointCreate,
    WebhookEndpointCreated,
    WebhookEndpointDeleted,
    WebhookEndpointPage,
    WebhookEndpointUpdate,
    WebhookReplay,
    WebhookSecretRotated,
    WebhookTestSent,
)

router = APIRouter(prefix="/v1", tags=["webhooks"])

WebhookWrite = Annotated[Write, Depends(writes("webhooks:write", "write-light"))]
Reader = Annotated[Principal, Depends(authorize("webhooks:read", "read-light"))]
DeliveryStatus = Literal["pending", "succeeded", "failed", "abandoned", "held"]


def _endpoint_id(raw: str):
    return parse_uuid_id("whe", raw, field="endpointId")


def _delivery_id(raw: str):
    return parse_uuid_id("whd", raw, field="deliveryId")


async def _check_destination(request: Request, url: str | None) -> None:
    if url is not None:
        settings = request.app.state.services.settings
        await service.check_destination(url, allow_private=settings.fetch_allow_private)


@router.post(
    "/webhook-endpoints",
    status_code=201,
    responses={**ok(WebhookEndpointCreated, 201), **refusals(PROJECT_NOT_FOUND)},
)
async def create_webhook_endpoint(
    request: Request,
    write: WebhookWrite,
    body: Annotated[WebhookEndpointCreate, Depends(json_body(WebhookEndpointCreate))],
):
    await _check_destination(request, body.url)
    return await write(service.create_endpoint, body)


@router.get("/webhook-endpoints", responses=ok(WebhookEndpointPage))
async def list_webhook_endpoints(
    request: Request,
    principal: Reader,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: str | None = None,
):
    async with request.app.state.services.db.read() as conn:
        page = await service.list_endpoints(
            conn, principal.organization_id, principal.env, cursor=cursor, limit=limit
        )
    return OrjsonResponse(page)


@router.get("/webhook-endpoints/{endpointId}", responses=ok(WebhookEndpoint))
async def get_webhook_endpoint(request: Request, principal: Reader, endpointId: str):
    endpoint_id = _endpoint_id(endpointId)
    async with request.app.state.services.db.read() as conn:
        row = await service.fetch_endpoint(
            conn, principal.organization_id, principal.env, endpoint_id
        )
    return OrjsonResponse(service.endpoint_json(row))


@router.patch("/webhook-endpoints/{endpointId}", responses=ok(WebhookEndpoint))
async def update_webhook_endpoint(
    request: Request,
    write: WebhookWrite,
    endpointId: str,
    body: Annotated[WebhookEndpointUpdate, Depends(json_body(WebhookEndpointUpdate))],
):
    endpoint_id = _endpoint_id(endpointId)
    await _check_destination(request, body.url)
    hold = timedelta(hours=request.app.state.services.settings.webhook_hold_hours)
    return await write(service.update_endpoint, endpoint_id, body, hold=hold)


@router.delete("/webhook-endpoints/{endpointId}", responses=ok(WebhookEndpointDeleted))
async def delete_webhook_endpoint(write: WebhookWrite, endpointId: str):
    return await write(service.delete_endpoint, _endpoint_id(endpointId))


@router.post("/webhook-endpoints/{endpointId}/rotate-secret", responses=ok(WebhookSecretRotated))
async def rotate_webhook_secret(write: WebhookWrite, endpointId: str):
    return await write(service.rotate_secret, _endpoint_id(endpointId))


@router.post(
    "/webhook-endpoints/{endpointId}/test",
    status_code=202,
    responses={**ok(WebhookTestSent, 202), **refusals(ENDPOINT_NOT_ACTIVE)},
)
async def test_webhook_endpoint(write: WebhookWrite, endpointId: str):
    return await write(service.send_test, _endpoint_id(endpointId))


@router.get("/webhook-endpoints/{endpointId}/deliveries", responses=ok(WebhookDeliveryPage))
async def list_webhook_deliveries(
    request: Request,
    principal: Reader,
    endpointId: str,
    status: DeliveryStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: str | None = None,
):
    endpoint_id = _endpoint_id(endpointId)
    async with request.app.state.services.db.read() as conn:
        page = await service.list_deliveries(
            conn,
            principal.organization_id,
            principal.env,
            endpoint_id,
            status=status,
            cursor=cursor,
            limit=limit,
        )
    return OrjsonResponse(page)


@router.get("/webhook-deliveries/{deliveryId}", responses=ok(WebhookDeliveryDetail))
async def get_webhook_delivery(request: Request, principal: Reader, deliveryId: str):
    delivery_id = _delivery_id(deliveryId)
    async with request.app.state.services.db.read() as conn:
        detail = await service.get_delivery(
            conn, principal.organization_id, principal.env, delivery_id
        )
    return OrjsonResponse(detail)


@router.post(
    "/webhook-deliveries/{deliveryId}/replay",
    responses={**ok(WebhookReplay), **refusals(ENDPOINT_NOT_ACTIVE)},
)
async def replay_webhook_delivery(write: WebhookWrite, deliveryId: str):
    return await write(service.replay_delivery, _delivery_id(deliveryId))
