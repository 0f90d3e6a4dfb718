"""The event catalog and the transactional outbox.

`emit` writes an event, and one delivery per endpoint subscribed to it, **in the unit of work
that made the change**: they commit together or not at all, so there is no event without its
change and no committed change without its event. Both rows come from INSERT … SELECT
statements over the subscriptions, added to the unit's pending rows: on PostgreSQL they join the
unit's one data-modifying statement, so a create that nobody listens to costs no extra round
trip and no row. Deliveries of an endpoint that is paused or disabled are written `held`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa

from ..db import direct
from ..db.tables import (
    random_uuid,
    webhook_deliveries,
    webhook_endpoints,
    webhook_events,
    webhook_subscriptions,
)
from ..db.unit_of_work import UnitOfWork
from ..kit.clock import iso, utcnow
from ..kit.ids import new_ulid

log = logging.getLogger("layers.webhooks")

# Every event type an endpoint may subscribe to (docs/api/webhooks.md). `test.ping` is sent only
# by the test route, to the one endpoint it names, whatever that endpoint subscribes to.
EVENT_TYPES = (
    "job.completed",
    "job.failed",
    "job.canceled",
    "project.created",
    "project.updated",
    "project.archived",
    "keywords.refreshed",
    "influencer.ready",
    "influencer.failed",
    "test.ping",
)

# What an endpoint may subscribe to: every type but the test route's own.
SUBSCRIBABLE_TYPES = tuple(t for t in EVENT_TYPES if t != "test.ping")

# A payload larger than this is refused at the source (never sent truncated).
MAX_PAYLOAD_BYTES = 20 * 1024


def public_event_id(event_id: str) -> str:
    return f"evt_{event_id}"


def payload(
    event_id: str,
    type_: str,
    *,
    organization_id: uuid.UUID,
    project_id: uuid.UUID | None,
    data: Mapping[str, Any],
    created_at: datetime,
    replay_of: str | None = None,
) -> bytes:
    """The exact bytes every delivery of the event sends and signs."""
    return orjson.dumps(
        {
            "id": public_event_id(event_id),
            "type": type_,
            "createdAt": iso(created_at),
            "organizationId": f"org_{organization_id}",
            "projectId": None if project_id is None else f"prj_{project_id}",
            "data": data,
            "replayOf": None if replay_of is None else public_event_id(replay_of),
        }
    )


def _subscribed(param: direct.Param) -> sa.Select:
    """The endpoints of the event's organization and environment subscribed to its type (and to
    its project, for an endpoint limited to one)."""
    e, s = webhook_endpoints, webhook_subscriptions
    return (
        sa.select(e.c.id, e.c.status)
        .select_from(s.join(e, e.c.id == s.c.endpoint_id))
        .where(
            s.c.organization_id == param("organization_id", sa.Uuid()),
            s.c.event_type == param("type", sa.String()),
            e.c.env == param("env", sa.String()),
            sa.or_(e.c.project_id.is_(None), e.c.project_id == param("project_id", sa.Uuid())),
        )
    )


_EVENT_COLUMNS = (
    "id",
    "organization_id",
    "project_id",
    "type",
    "env",
    "payload",
    "replay_of",
    "created_at",
)


def _event_if_subscribed(param: direct.Param) -> sa.Select:
    t = webhook_events.c
    return sa.select(*[param(name, t[name].type) for name in _EVENT_COLUMNS]).where(
        sa.exists(_subscribed(param))
    )


_DELIVERY_COLUMNS = (
    "id",
    "event_id",
    "endpoint_id",
    "organization_id",
    "status",
    "next_attempt_at",
    "created_at",
    "updated_at",
)


def _deliveries(param: direct.Param) -> sa.Select:
    endpoint = _subscribed(param).subquery("endpoint")
    now = param("created_at", webhook_deliveries.c.created_at.type)
    # Constants as SQL text: every bind parameter of a prebuilt statement is one of `values`.
    active = endpoint.c.status == sa.literal_column("'active'")
    return sa.select(
        random_uuid(),
        param("id", webhook_events.c.id.type),
        endpoint.c.id,
        param("organization_id", sa.Uuid()),
        sa.case((active, sa.literal_column("'pending'")), else_=sa.literal_column("'held'")),
        sa.case((active, now), else_=None),
        now,
        now,
    )


def emit(
    uow: UnitOfWork,
    type_: str,
    *,
    project_id: uuid.UUID | None,
    data: Mapping[str, Any],
    now: datetime | None = None,
    sandbox: bool | None = None,
) -> str | None:
    """Write the event ``type_`` and its deliveries with the unit's other rows; its id, or None
    when the payload is too large to send (logged; the change itself still commits).

    The event goes to the endpoints of the environment the change belongs to: the unit's
    (`uow.sandbox`), unless ``sandbox`` says otherwise (a live key canceling a test key's job
    causes a test event)."""
    if type_ not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type {type_!r}")
    values = _event_values(
        uow,
        type_,
        env="test" if (uow.sandbox if sandbox is None else sandbox) else "live",
        project_id=project_id,
        data=data,
        now=now or utcnow(),
        replay_of=None,
    )
    if values is None:
        return None
    uow.insert_selected(
        direct.SelectedRows(webhook_events, _EVENT_COLUMNS, _event_if_subscribed, values)
    )
    uow.insert_selected(
        direct.SelectedRows(webhook_deliveries, _DELIVERY_COLUMNS, _deliveries, values)
    )
    wake_delivery_workers(uow)
    return values["id"]


def emit_to(
    uow: UnitOfWork,
    endpoint_id: uuid.UUID,
    type_: str,
    *,
    env: str,
    project_id: uuid.UUID | None,
    data: Mapping[str, Any],
    replay_of: str | None = None,
    now: datetime | None = None,
) -> tuple[str, uuid.UUID] | None:
    """Write an event for one (active) endpoint whatever it subscribes to, and its one delivery,
    due now: a `test.ping`, or a replay (``replay_of``: the replayed event's id). Returns the
    event's and the delivery's ids, or None when the payload is too large (logged)."""
    now = now or utcnow()
    values = _event_values(
        uow, type_, env=env, project_id=project_id, data=data, now=now, replay_of=replay_of
    )
    if values is None:
        return None
    delivery_id = uuid.uuid4()
    uow.insert(webhook_events, values)
    uow.insert(
        webhook_deliveries,
        {
            "id": delivery_id,
            "event_id": values["id"],
            "endpoint_id": endpoint_id,
            "organization_id": uow.organization_id,
            "status": "pending",
            "attempt_count": 0,
            "next_attempt_at": now,
            "locked_by": None,
            "lease_expires_at": None,
            "last_status": None,
            "last_error": None,
            "created_at": now,
            "updated_at": now,
            "finished_at": None,
        },
    )
    wake_delivery_workers(uow)
    return values["id"], delivery_id


def wake_delivery_workers(uow: UnitOfWork) -> None:
    """Once ``uow`` commits, wake this process's delivery workers: call it from every unit of
    work that writes due deliveries (an emit, a test ping, a replay, an endpoint made active
    again). Workers in other processes are woken by the database (PostgreSQL NOTIFY, migration
    0012); either way their poll is the fallback."""
    uow.after_commit(uow.jobs.wake_deliveries)


def _event_values(
    uow: UnitOfWork,
    type_: str,
    *,
    env: str,
    project_id: uuid.UUID | None,
    data: Mapping[str, Any],
    now: datetime,
    replay_of: str | None,
) -> dict[str, Any] | None:
    """The event's row, its payload built once; None (logged) when the payload is too large."""
    event_id = new_ulid()
    body = payload(
        event_id,
        type_,
        organization_id=uow.organization_id,
        project_id=project_id,
        data=data,
        created_at=now,
        replay_of=replay_of,
    )
    if len(body) > MAX_PAYLOAD_BYTES:
        log.error(
            "webhook event not written: payload over the limit",
            extra={
                "event_id": public_event_id(event_id),
                "event_type": type_,
                "bytes": len(body),
                "limit": MAX_PAYLOAD_BYTES,
            },
        )
        return None
    return {
        "id": event_id,
        "organization_id": uow.organization_id,
        "project_id": project_id,
        "type": type_,
        "env": env,
        "payload": body,
        "replay_of": replay_of,
        "created_at": now,
    }
