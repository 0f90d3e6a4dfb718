"""Webhook endpoints and their deliveries (docs/api/webhooks.md): the rules and the SQL.

An endpoint belongs to an organization and to the environment (`live` or `test`) of the key
that created it: keys of the other environment neither see it nor reach it (404), and it
receives only the events its own environment causes (`events.emit`). Its subscriptions are
rows kept in step with its `events`, so the outbox fans an event out with one INSERT … SELECT.

Status changes move the endpoint's deliveries with it, in the same transaction: `disabled`
holds its pending deliveries; `active` (from `disabled` or `auto_paused`) resets the failure
count and makes its held deliveries due now — the delivery worker then sends them oldest first
— except those older than the hold window, which are abandoned.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import httpx
import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from ..db.tables import (
    projects,
    webhook_attempts,
    webhook_deliveries,
    webhook_endpoints,
    webhook_events,
    webhook_subscriptions,
)
from ..db.unit_of_work import UnitOfWork
from ..kit import clock, fetch
from ..kit.clock import iso
from ..kit.errors import ApiError, conflict, empty_update, not_found, validation_error
from ..kit.ids import parse_uuid_id
from ..kit.pagination import keyset_page, page_of
from . import events, signing
from .schemas import WebhookEndpointCreate, WebhookEndpointUpdate

# The previous secret keeps signing beside the new one this long after a rotation.
ROTATION_OVERLAP = timedelta(hours=24)
ROTATION_WARNING = (
    "Store this secret now. It cannot be retrieved again. The previous secret keeps signing "
    "deliveries, beside this one, until previousSecretExpiresAt (24 hours); switch your "
    "receiver to the new one before then."
)
# How long a creation or a URL change waits for DNS before refusing the host.
RESOLVE_TIMEOUT_SECONDS = 5.0


def endpoint_json(row: Any) -> dict[str, Any]:
    return {
        "endpointId": f"whe_{row.id}",
        "url": row.url,
        "events": list(row.events),
        "projectId": None if row.project_id is None else f"prj_{row.project_id}",
        "description": row.description,
        "metadata": row.metadata,
        "status": row.status,
        "apiVersion": "v1",
        "consecutiveFailureCount": row.consecutive_failure_count,
        "lastSuccessAt": iso(row.last_success_at),
        "lastFailureAt": iso(row.last_failure_at),
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
    }


def delivery_json(row: Any) -> dict[str, Any]:
    """A delivery row joined with its event's type and its last attempt's time."""
    return {
        "deliveryId": f"whd_{row.id}",
        "endpointId": f"whe_{row.endpoint_id}",
        "eventId": events.public_event_id(row.event_id),
        "eventType": row.event_type,
        "status": row.status,
        "attemptCount": row.attempt_count,
        "nextAttemptAt": iso(row.next_attempt_at),
        "lastAttemptAt": iso(row.last_attempt_at),
        "lastResponseStatus": row.last_status,
        "lastError": row.last_error,
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
        "finishedAt": iso(row.finished_at),
    }


def attempt_json(row: Any) -> dict[str, Any]:
    return {
        "attemptedAt": iso(row.attempted_at),
        "responseStatus": row.response_status,
        "durationMs": row.duration_ms,
        "error": row.error,
    }


# --------------------------------------------------------------------------- destination


def _bad_url(message: str) -> ApiError:
    return validation_error([{"path": "url", "message": message, "code": "invalid"}])


async def check_destination(
    url: str, *, allow_private: bool, resolver: fetch.Resolver | None = None
) -> None:
    """Refuse (422) a URL deliveries must not go to: anything but https, and a host that is or
    resolves to a private, loopback, link-local or metadata address — unless the operator
    allows private fetching (local development), as for ingestion. The same guard as the
    ingestion fetcher's (`kit.fetch.vet_host`); the delivery worker checks again at each
    attempt, since DNS can change. Runs before the write's transaction: no lock waits on DNS.
    """
    parsed = httpx.URL(url)
    if allow_private:
        return
    if parsed.scheme != "https":
        raise _bad_url("must be an https URL (plain http only where the operator allows it)")
    host = parsed.raw_host.decode("ascii")
    try:
        async with asyncio.timeout(RESOLVE_TIMEOUT_SECONDS):
            await fetch.vet_host(
                host,
                parsed.port or 443,
                fetch.FetchPolicy(allow_private=False),
                resolver or fetch.system_resolver,
            )
    except fetch.FetchError as error:
        if error.code == "BLOCKED_ADDRESS":  # named by host, never by the address it has
            raise _bad_url(
                f"{host} is or resolves to a private, loopback, link-local or reserved "
                "address; endpoints must be reachable on the public internet"
            ) from None
        raise _bad_url(f"the host {host} could not be resolved") from None
    except TimeoutError:
        raise _bad_url(f"the host {host} could not be resolved") from None


# --------------------------------------------------------------------------- endpoints


def _env(uow: UnitOfWork) -> str:
    if uow.principal is not None:
        return uow.principal.env
    return "test" if uow.sandbox else "live"


def _of_caller(organization_id: uuid.UUID, env: str) -> sa.ColumnElement[bool]:
    return sa.and_(
        webhook_endpoints.c.organization_id == organization_id, webhook_endpoints.c.env == env
    )


async def fetch_endpoint(
    conn: AsyncConnection,
    organization_id: uuid.UUID,
    env: str,
    endpoint_id: uuid.UUID,
    *,
    for_update: bool = False,
) -> Any:
    """The caller's endpoint; another organization's or environment's is 404 (never 403)."""
    query = sa.select(webhook_endpoints).where(
        webhook_endpoints.c.id == endpoint_id, _of_caller(organization_id, env)
    )
    if for_update and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = (await conn.execute(query)).first()
    if row is None:
        raise not_found("webhook endpoint")
    return row


async def _project_of_caller(uow: UnitOfWork, raw: str | None) -> uuid.UUID | None:
    if raw is None:
        return None
    project_id = parse_uuid_id("prj", raw, field="projectId")
    found = await uow.conn.scalar(
        sa.select(projects.c.id).where(
            projects.c.id == project_id, projects.c.organization_id == uow.organization_id
        )
    )
    if found is None:
        raise not_found("project")
    return project_id


def _subscriptions(uow: UnitOfWork, endpoint_id: uuid.UUID, names: list[str]) -> None:
    for name in names:
        subscription = {"endpoint_id": endpoint_id, "event_type": name}
        uow.insert(webhook_subscriptions, {**subscription, "organization_id": uow.organization_id})


async def create_endpoint(uow: UnitOfWork, body: WebhookEndpointCreate) -> dict[str, Any]:
    """The endpoint, its subscriptions and its signing secret (answered once, here)."""
    project_id = await _project_of_caller(uow, body.projectId)
    now = clock.utcnow()
    endpoint_id, subscribed = uuid.uuid4(), list(body.events)
    values: dict[str, Any] = {
        "id": endpoint_id,
        "organization_id": uow.organization_id,
        "env": _env(uow),
        "url": body.url,
        "events": subscribed,
        "project_id": project_id,
        "description": body.description,
        "metadata": body.metadata,
        "status": "active",
        "secret": signing.new_secret(),
        "previous_secret": None,
        "previous_secret_expires_at": None,
        "consecutive_failure_count": 0,
        "last_success_at": None,
        "last_failure_at": None,
        "created_at": now,
        "updated_at": now,
    }
    uow.insert(webhook_endpoints, values)
    _subscriptions(uow, endpoint_id, subscribed)
    return {"endpoint": endpoint_json(SimpleNamespace(**values)), "signingSecret": values["secret"]}


async def list_endpoints(
    conn: AsyncConnection,
    organization_id: uuid.UUID,
    env: str,
    *,
    cursor: str | None,
    limit: int,
) -> dict[str, Any]:
    e = webhook_endpoints.c
    query = sa.select(webhook_endpoints).where(_of_caller(organization_id, env))
    query = keyset_page(query, e.created_at, e.id, cursor, limit, uuid.UUID)
    rows = (await conn.execute(query)).all()
    page, next_cursor = page_of(rows, limit, lambda r: r.created_at, lambda r: r.id)
    return {"items": [endpoint_json(row) for row in page], "nextCursor": next_cursor}


async def update_endpoint(
    uow: UnitOfWork, endpoint_id: uuid.UUID, body: WebhookEndpointUpdate, *, hold: timedelta
) -> dict[str, Any]:
    """Apply the sent fields; ``hold`` is how old a held delivery may be and still be sent
    when the endpoint is made active again."""
    if not body.model_fields_set:
        raise empty_update()
    current = await fetch_endpoint(
        uow.conn, uow.organization_id, _env(uow), endpoint_id, for_update=True
    )
    changes: dict[str, Any] = {}
    # Every field PATCH may set is named like its column.
    for field in body.model_fields_set:
        value = getattr(body, field)
        if getattr(current, field) != value:
            changes[field] = value
    now = clock.utcnow()
    if body.status == "active" and current.consecutive_failure_count:
        changes["consecutive_failure_count"] = 0
    if changes:
        changes["updated_at"] = now
        await uow.conn.execute(
            webhook_endpoints.update().where(webhook_endpoints.c.id == endpoint_id).values(changes)
        )
    if "events" in changes:
        await uow.conn.execute(
            webhook_subscriptions.delete().where(webhook_subscriptions.c.endpoint_id == endpoint_id)
        )
        _subscriptions(uow, endpoint_id, changes["events"])
    # Whatever the endpoint's status was, so that nothing can stay held behind an active one.
    if body.status == "active":
        await _release_held(uow.conn, endpoint_id, now=now, hold=hold)
        events.wake_delivery_workers(uow)
    elif body.status == "disabled":
        await hold_pending(uow.conn, endpoint_id, now=now)
    return endpoint_json(SimpleNamespace(**{**current._asdict(), **changes}))


def _deliveries_of(endpoint_id: uuid.UUID) -> sa.Update:
    return webhook_deliveries.update().where(webhook_deliveries.c.endpoint_id == endpoint_id)


async def hold_pending(conn: AsyncConnection, endpoint_id: uuid.UUID, *, now: datetime) -> None:
    """The endpoint stopped receiving (disabled, or auto-paused by the delivery worker): its
    pending deliveries wait, `held`, until it is active again."""
    await conn.execute(
        _deliveries_of(endpoint_id)
        .where(webhook_deliveries.c.status == "pending")
        .values(status="held", next_attempt_at=None, updated_at=now)
    )


async def _release_held(
    conn: AsyncConnection, endpoint_id: uuid.UUID, *, now: datetime, hold: timedelta
) -> None:
    """The endpoint is active again: its held deliveries are due now (the worker sends them in
    creation order, oldest first), except those held longer than ``hold``, which are abandoned.
    A delivery is created with its event, so its age is its event's."""
    held = webhook_deliveries.c.status == "held"
    too_old = webhook_deliveries.c.created_at < now - hold
    await conn.execute(
        _deliveries_of(endpoint_id)
        .where(held, too_old)
        .values(status="abandoned", next_attempt_at=None, updated_at=now, finished_at=now)
    )
    await conn.execute(
        _deliveries_of(endpoint_id)
        .where(held)
        .values(status="pending", next_attempt_at=now, updated_at=now)
    )


async def delete_endpoint(uow: UnitOfWork, endpoint_id: uuid.UUID) -> dict[str, Any]:
    """The endpoint, its subscriptions, deliveries and attempts (the foreign keys cascade)."""
    await fetch_endpoint(uow.conn, uow.organization_id, _env(uow), endpoint_id, for_update=True)
    await uow.conn.execute(webhook_endpoints.delete().where(webhook_endpoints.c.id == endpoint_id))
    return {"endpointId": f"whe_{endpoint_id}", "deleted": True}


async def rotate_secret(uow: UnitOfWork, endpoint_id: uuid.UUID) -> dict[str, Any]:
    """A new signing secret; the current one becomes the previous, signing beside it for
    `ROTATION_OVERLAP` (a secret older than that is dropped)."""
    current = await fetch_endpoint(
        uow.conn, uow.organization_id, _env(uow), endpoint_id, for_update=True
    )
    now = clock.utcnow()
    secret = signing.new_secret()
    expires_at = now + ROTATION_OVERLAP
    await uow.conn.execute(
        webhook_endpoints.update()
        .where(webhook_endpoints.c.id == endpoint_id)
        .values(
            secret=secret,
            previous_secret=current.secret,
            previous_secret_expires_at=expires_at,
            updated_at=now,
        )
    )
    return {
        "endpointId": f"whe_{endpoint_id}",
        "signingSecret": secret,
        "previousSecretExpiresAt": iso(expires_at),
        "warning": ROTATION_WARNING,
    }


def _endpoint_not_active(row: Any) -> ApiError:
    return conflict(
        f"This endpoint is {row.status}; make it active with PATCH "
        '{"status": "active"} first (it then sends the deliveries it held, oldest first).',
        subcode="ENDPOINT_NOT_ACTIVE",
        endpointId=f"whe_{row.id}",
    )


async def send_test(uow: UnitOfWork, endpoint_id: uuid.UUID) -> dict[str, Any]:
    """A `test.ping` event and its one delivery to this endpoint, whatever it subscribes to."""
    endpoint = await fetch_endpoint(uow.conn, uow.organization_id, _env(uow), endpoint_id)
    if endpoint.status != "active":
        raise _endpoint_not_active(endpoint)
    written = events.emit_to(
        uow, endpoint_id, "test.ping", env=endpoint.env, project_id=None, data={}
    )
    assert written is not None  # an empty ping is far below the payload limit
    event_id, delivery_id = written
    return {"deliveryId": f"whd_{delivery_id}", "eventId": events.public_event_id(event_id)}


# --------------------------------------------------------------------------- deliveries


def _deliveries_query() -> sa.Select:
    d = webhook_deliveries
    last_attempt = (
        sa.select(sa.func.max(webhook_attempts.c.attempted_at))
        .where(webhook_attempts.c.delivery_id == d.c.id)
        .scalar_subquery()
    )
    return sa.select(
        d, webhook_events.c.type.label("event_type"), last_attempt.label("last_attempt_at")
    ).select_from(d.join(webhook_events, webhook_events.c.id == d.c.event_id))


async def list_deliveries(
    conn: AsyncConnection,
    organization_id: uuid.UUID,
    env: str,
    endpoint_id: uuid.UUID,
    *,
    status: str | None,
    cursor: str | None,
    limit: int,
) -> dict[str, Any]:
    await fetch_endpoint(conn, organization_id, env, endpoint_id)
    d = webhook_deliveries.c
    query = _deliveries_query().where(d.endpoint_id == endpoint_id)
    if status is not None:
        query = query.where(d.status == status)
    query = keyset_page(query, d.created_at, d.id, cursor, limit, uuid.UUID)
    rows = (await conn.execute(query)).all()
    page, next_cursor = page_of(rows, limit, lambda r: r.created_at, lambda r: r.id)
    return {"items": [delivery_json(row) for row in page], "nextCursor": next_cursor}


async def _fetch_delivery(
    conn: AsyncConnection, organization_id: uuid.UUID, env: str, delivery_id: uuid.UUID
) -> Any:
    """The delivery with its event's type, payload and project, and its endpoint's status and
    environment; another organization's or environment's is 404."""
    e = webhook_endpoints
    query = (
        _deliveries_query()
        .add_columns(
            webhook_events.c.payload,
            webhook_events.c.project_id,
            e.c.status.label("endpoint_status"),
            e.c.env,
        )
        .join(e, e.c.id == webhook_deliveries.c.endpoint_id)
        .where(webhook_deliveries.c.id == delivery_id, _of_caller(organization_id, env))
    )
    row = (await conn.execute(query)).first()
    if row is None:
        raise not_found("webhook delivery")
    return row


async def get_delivery(
    conn: AsyncConnection, organization_id: uuid.UUID, env: str, delivery_id: uuid.UUID
) -> dict[str, Any]:
    row = await _fetch_delivery(conn, organization_id, env, delivery_id)
    attempts = await conn.execute(
        sa.select(webhook_attempts)
        .where(webhook_attempts.c.delivery_id == delivery_id)
        .order_by(webhook_attempts.c.attempted_at, webhook_attempts.c.id)
    )
    return {**delivery_json(row), "attempts": [attempt_json(a) for a in attempts]}


async def replay_delivery(uow: UnitOfWork, delivery_id: uuid.UUID) -> dict[str, Any]:
    """The delivery's event again, under a new event id whose payload names the original in
    `replayOf`, with one delivery to the same endpoint, due now."""
    original = await _fetch_delivery(uow.conn, uow.organization_id, _env(uow), delivery_id)
    if original.endpoint_status != "active":
        raise _endpoint_not_active(
            SimpleNamespace(**{"id": original.endpoint_id, "status": original.endpoint_status})
        )
    now = clock.utcnow()
    written = events.emit_to(
        uow,
        original.endpoint_id,
        original.event_type,
        env=original.env,
        project_id=original.project_id,
        data=orjson.loads(original.payload)["data"],
        replay_of=original.event_id,
        now=now,
    )
    if written is None:  # the original was just under the limit, and `replayOf` tipped it
        raise conflict(
            "This event's payload is too large to be sent again with `replayOf`.",
            subcode="PAYLOAD_TOO_LARGE",
        )
    _, replay_id = written
    return {
        "originalDeliveryId": f"whd_{delivery_id}",
        "replayDeliveryId": f"whd_{replay_id}",
        "scheduledAt": iso(now),
    }
