"""Webhook test helpers."""

from __future__ import annotations

import uuid

import orjson
import sqlalchemy as sa

from layers_server.db.tables import webhook_endpoints, webhook_events, webhook_subscriptions
from layers_server.kit.clock import utcnow
from layers_server.webhooks.signing import new_secret


async def endpoint_row(
    api,
    events,
    *,
    status="active",
    env="live",
    project_id=None,
    url="https://receiver.example/hooks",
    secret=None,
    **columns,
) -> uuid.UUID:
    """An endpoint written straight into the tables (for tests below the HTTP surface);
    ``columns``: any other column's value (a previous secret, a failure count)."""
    endpoint_id = uuid.uuid4()
    now = utcnow()
    async with api.db.write() as conn:
        await conn.execute(
            webhook_endpoints.insert().values(
                id=endpoint_id,
                organization_id=api.organization_id,
                env=env,
                url=url,
                events=list(events),
                project_id=project_id,
                status=status,
                secret=secret or new_secret(),
                created_at=now,
                updated_at=now,
                **columns,
            )
        )
        for event_type in events:
            await conn.execute(
                webhook_subscriptions.insert().values(
                    endpoint_id=endpoint_id,
                    event_type=event_type,
                    organization_id=api.organization_id,
                )
            )
    return endpoint_id


async def webhook_rows(api, table, **where):
    """The organization's rows of a webhook table, oldest first, filtered by column values."""
    query = sa.select(table).where(table.c.organization_id == api.organization_id)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    async with api.db.read() as conn:
        return (await conn.execute(query.order_by(table.c.created_at))).all()


async def events_of(api, type_=None):
    """The organization's webhook events (of one type), oldest first, payloads decoded."""
    rows = await webhook_rows(api, webhook_events, **({"type": type_} if type_ else {}))
    return [orjson.loads(row.payload) | {"env": row.env} for row in rows]


async def create_endpoint(api, events=("project.created",), **fields) -> dict:
    """POST /v1/webhook-endpoints; returns the 201 answer."""
    body = {"url": "https://receiver.example/hooks", "events": list(events), **fields}
    response = await api.post("/v1/webhook-endpoints", json=body)
    assert response.status_code == 201, response.text
    return response.json()
