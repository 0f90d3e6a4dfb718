"""The transactional outbox (webhooks/events.py): an event and its deliveries are written in
the unit of work of the change, exactly for the endpoints subscribed to it."""

from __future__ import annotations

import logging
import uuid

import orjson
import pytest
import sqlalchemy as sa

from layers_server.db.tables import webhook_deliveries, webhook_events
from layers_server.db.unit_of_work import unit_of_work
from layers_server.webhooks.events import emit
from tests.support.webhooks import endpoint_row


async def _rows(api):
    async with api.db.read() as conn:
        events = (
            await conn.execute(
                sa.select(webhook_events).where(
                    webhook_events.c.organization_id == api.organization_id
                )
            )
        ).all()
        deliveries = (
            await conn.execute(
                sa.select(webhook_deliveries).where(
                    webhook_deliveries.c.organization_id == api.organization_id
                )
            )
        ).all()
    return events, deliveries


def _uow(api, **options):
    return unit_of_work(
        api.db,
        organization_id=api.organization_id,
        request_id="req_test",
        jobs=api.app.state.services.jobs,
        **options,
    )


async def test_an_event_nobody_subscribes_to_writes_nothing(api):
    await endpoint_row(api, ["job.failed"])
    async with _uow(api) as uow:
        assert emit(uow, "project.created", project_id=uuid.uuid4(), data={"a": 1})
    events, deliveries = await _rows(api)
    assert events == [] and deliveries == []


async def test_an_event_fans_out_to_exactly_its_subscribed_endpoints(api):
    project_id = uuid.uuid4()
    everything = await endpoint_row(api, ["project.created", "job.completed"])
    this_project = await endpoint_row(api, ["project.created"], project_id=project_id)
    paused = await endpoint_row(api, ["project.created"], status="auto_paused")
    await endpoint_row(api, ["project.created"], project_id=uuid.uuid4())  # another project's
    await endpoint_row(api, ["project.created"], env="test")  # test keys' events only
    await endpoint_row(api, ["project.updated"])  # another type

    async with _uow(api) as uow:
        event_id = emit(uow, "project.created", project_id=project_id, data={"name": "Acme"})

    events, deliveries = await _rows(api)
    assert [e.id for e in events] == [event_id]
    body = orjson.loads(events[0].payload)
    assert body == {
        "id": f"evt_{event_id}",
        "type": "project.created",
        "createdAt": body["createdAt"],
        "organizationId": f"org_{api.organization_id}",
        "projectId": f"prj_{project_id}",
        "data": {"name": "Acme"},
        "replayOf": None,
    }
    by_endpoint = {d.endpoint_id: d for d in deliveries}
    assert set(by_endpoint) == {everything, this_project, paused}
    assert by_endpoint[everything].status == "pending"
    assert by_endpoint[everything].next_attempt_at is not None
    assert by_endpoint[paused].status == "held"
    assert by_endpoint[paused].next_attempt_at is None
    assert len({d.id for d in deliveries}) == 3  # ids drawn by the database, one per row


async def test_a_test_keys_event_goes_to_test_endpoints_only(api):
    live = await endpoint_row(api, ["job.failed"])
    test = await endpoint_row(api, ["job.failed"], env="test")
    async with _uow(api, sandbox=True) as uow:
        emit(uow, "job.failed", project_id=None, data={})
    events, deliveries = await _rows(api)
    assert [e.env for e in events] == ["test"]
    assert [d.endpoint_id for d in deliveries] == [test]
    assert live not in {d.endpoint_id for d in deliveries}


async def test_a_rolled_back_change_leaves_no_event(api):
    await endpoint_row(api, ["project.created"])
    with pytest.raises(RuntimeError):
        async with _uow(api) as uow:
            emit(uow, "project.created", project_id=None, data={})
            await uow.flush()  # written inside the transaction, then the change fails
            raise RuntimeError("the change failed after its writes")
    assert await _rows(api) == ([], [])


async def test_an_oversized_payload_is_refused_at_the_source(api, caplog):
    await endpoint_row(api, ["project.updated"])
    with caplog.at_level(logging.ERROR, logger="layers.webhooks"):
        async with _uow(api) as uow:
            assert emit(uow, "project.updated", project_id=None, data={"x": "y" * 21_000}) is None
    assert await _rows(api) == ([], [])
    assert "payload over the limit" in caplog.text


async def test_two_events_in_one_unit_of_work(api):
    await endpoint_row(api, ["job.completed", "keywords.refreshed"])
    async with _uow(api) as uow:
        first = emit(uow, "job.completed", project_id=None, data={})
        second = emit(uow, "keywords.refreshed", project_id=None, data={})
    events, deliveries = await _rows(api)
    assert {e.id for e in events} == {first, second}
    assert sorted(d.event_id for d in deliveries) == sorted([first, second])
