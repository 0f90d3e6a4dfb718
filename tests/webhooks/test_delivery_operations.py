"""Operating the delivery worker: its log line per attempt, its metrics, waking promptly after
a commit, takeover of a dead worker's deliveries, and reaping (docs/api/webhooks.md)."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import timedelta

import sqlalchemy as sa

from layers_server.db.tables import webhook_attempts, webhook_deliveries, webhook_events
from layers_server.kit.clock import utcnow
from layers_server.ops.logs import JsonFormatter
from layers_server.webhooks import delivery_store
from layers_server.webhooks.delivery import reap_finished
from layers_server.webhooks.signing import new_secret
from tests.ops.support import samples, value
from tests.support.webhook_receiver import Reply
from tests.support.webhooks import endpoint_row
from tests.webhooks.delivery_support import *  # noqa: F403 - the fixtures
from tests.webhooks.delivery_support import deliveries_of, emit_events, wait_for


async def _settled(api, endpoint_id, count=1, final=("succeeded", "failed", "abandoned")):
    async def check():
        rows = await deliveries_of(api, endpoint_id)
        return rows if sum(row.status in final for row in rows) >= count else None

    return await wait_for(check, f"{count} deliveries to settle")


async def test_every_attempt_logs_one_json_line_without_secrets(
    api, receiver, start_worker, caplog
):
    secret = new_secret()
    url = receiver.url("/hook?token=query-secret").replace("http://", "http://user:pass@")
    endpoint_id = await endpoint_row(api, ["project.created"], url=url, secret=secret)
    receiver.script("/hook?token=query-secret", Reply(503), Reply(200))
    [event_id] = await emit_events(api, 1)
    caplog.set_level(logging.INFO, logger="layers.webhooks")
    start_worker()
    [delivery] = await _settled(api, endpoint_id)

    lines = [
        json.loads(JsonFormatter().format(record))
        for record in caplog.records
        if record.name == "layers.webhooks" and record.getMessage() == "webhook attempt"
    ]
    assert [(line["attempt"], line["outcome"], line["response_status"]) for line in lines] == [
        (1, "retrying", 503),
        (2, "succeeded", 200),
    ]
    for line in lines:
        assert line["event_id"] == f"evt_{event_id}"
        assert line["delivery_id"] == f"whd_{delivery.id}"
        assert line["endpoint_id"] == f"whe_{endpoint_id}"
        assert isinstance(line["duration_ms"], int)
    assert lines[0]["retry_in_seconds"] > 0
    everything = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    for secret_part in (secret, secret.removeprefix("whsec_"), "query-secret", "user:pass"):
        assert secret_part not in everything


async def test_metrics_count_outcomes_and_show_the_queue(api, client, receiver, start_worker):
    async def scrape():
        response = await client.get("/metrics")
        assert response.status_code == 200
        return samples(response.text)

    endpoint_id = await endpoint_row(api, ["project.created"], url=receiver.url())
    await emit_events(api, 3)
    await asyncio.sleep(0.05)  # the oldest due delivery has waited a little
    waiting = await scrape()
    assert value(waiting, "layers_webhook_queue_depth") == 3
    assert value(waiting, "layers_webhook_oldest_pending_age_seconds") > 0

    receiver.script("/hook", Reply(500))
    start_worker(concurrency=1)
    await _settled(api, endpoint_id, 3)
    done = await scrape()

    def delta(name, **labels):
        return value(done, name, **labels) - value(waiting, name, **labels)

    assert delta("layers_webhook_deliveries_total", outcome="succeeded") == 3
    assert delta("layers_webhook_deliveries_total", outcome="retrying") == 1
    assert delta("layers_webhook_attempt_duration_seconds_count") == 4
    assert value(done, "layers_webhook_queue_depth") == 0
    assert value(done, "layers_webhook_oldest_pending_age_seconds") == 0


async def test_a_commit_wakes_an_idle_worker_long_before_its_poll(
    api, receiver, start_worker, backend
):
    endpoint_id = await endpoint_row(api, ["project.created"], url=receiver.url())
    # A poll of a minute: only a wake-up can get the delivery out within the wait below. On
    # PostgreSQL the worker is not told of this process's commits: the NOTIFY must wake it, as
    # it wakes a worker in another process; on SQLite the in-process hook does.
    start_worker(job_poll_seconds=60, in_process_wake=backend == "sqlite")
    await asyncio.sleep(0.5)  # idle, past its first look at the queue
    await emit_events(api, 1)
    [delivery] = await wait_for(
        lambda: _settled(api, endpoint_id), "the delivery after a wake-up", within=20
    )
    assert delivery.status == "succeeded"


async def test_a_dead_workers_delivery_is_sent_when_its_lease_runs_out(api, receiver, start_worker):
    endpoint_id = await endpoint_row(api, ["project.created"], url=receiver.url())
    await emit_events(api, 1)
    now = utcnow()
    async with api.db.write() as conn:  # a worker claimed it, then died before sending
        [claimed] = await delivery_store.claim(
            conn,
            limit=1,
            worker_id="dead-worker",
            now=now,
            lease_until=now + timedelta(seconds=1),
        )
    start_worker()
    [delivery] = await _settled(api, endpoint_id)
    assert delivery.id == claimed.id and delivery.status == "succeeded"
    assert delivery.attempt_count == 2  # the dead worker's claim counted as an attempt
    assert len(receiver.received) == 1


async def test_a_stopping_worker_hands_back_what_it_has_not_sent(api, start_worker):
    endpoint_id = await endpoint_row(api, ["project.created"], url="http://127.0.0.1:9/hook")
    await emit_events(api, 1)
    now = utcnow()
    worker_id = "stopping-worker"
    async with api.db.write() as conn:
        await delivery_store.claim(
            conn, limit=1, worker_id=worker_id, now=now, lease_until=now + timedelta(hours=1)
        )
        released = await delivery_store.hand_back(conn, worker_id, now)
    assert released == 1
    [delivery] = await deliveries_of(api, endpoint_id)
    assert (delivery.status, delivery.locked_by, delivery.attempt_count) == ("pending", None, 0)


async def test_finished_deliveries_are_reaped_after_the_retention(api, receiver, start_worker):
    endpoint_id = await endpoint_row(api, ["project.created"], url=receiver.url())
    receiver.script("/hook", Reply(500))
    old_events = await emit_events(api, 2)
    worker = start_worker()
    await _settled(api, endpoint_id, 2)
    await worker.stop()
    [pending_event] = await emit_events(api, 1)  # not finished: never reaped
    settings = api.app.state.services.settings

    kept = await reap_finished(api.db, settings, utcnow() + timedelta(days=29))
    assert kept == (0, 0)
    reaped = await reap_finished(api.db, settings, utcnow() + timedelta(days=31))
    assert reaped == (2, 2)
    async with api.db.read() as conn:
        statuses = (
            (
                await conn.execute(
                    sa.select(webhook_deliveries.c.status).where(
                        webhook_deliveries.c.endpoint_id == endpoint_id
                    )
                )
            )
            .scalars()
            .all()
        )
        events = (await conn.execute(sa.select(webhook_events.c.id))).scalars().all()
        attempts = await conn.scalar(sa.select(sa.func.count()).select_from(webhook_attempts))
    assert statuses == ["pending"]
    assert pending_event in events and not set(old_events) & set(events)
    assert attempts == 0
