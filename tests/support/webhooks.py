"""Webhook test helpers."""

from __future__ import annotations

import uuid

from layers_server.db.tables import webhook_endpoints, webhook_subscriptions
from layers_server.kit.clock import utcnow
from layers_server.webhooks.signing import new_secret


async def endpoint_row(api, events, *, status="active", env="live", project_id=None) -> uuid.UUID:
    """An endpoint written straight into the tables (for tests below the HTTP surface)."""
    endpoint_id = uuid.uuid4()
    now = utcnow()
    async with api.db.write() as conn:
        await conn.execute(
            webhook_endpoints.insert().values(
                id=endpoint_id,
                organization_id=api.organization_id,
                env=env,
                url="https://receiver.example/hooks",
                events=list(events),
                project_id=project_id,
                status=status,
                secret=new_secret(),
                created_at=now,
                updated_at=now,
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
