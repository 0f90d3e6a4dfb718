"""The delivery worker against a real receiver on loopback: what is sent, and what each answer
(or its absence) does to the delivery and the endpoint (docs/api/webhooks.md, "Delivery")."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from layers_server.db.tables import webhook_endpoints
from layers_server.kit.clock import utcnow
from layers_server.webhooks.signing import new_secret
from tests.support.webhook_receiver import Reply
from tests.support.webhooks import endpoint_row
from tests.webhooks.delivery_support import *  # noqa: F403 - the fixtures
from tests.webhooks.delivery_support import (
    attempts_of,
    deliveries_of,
    emit_events,
    endpoint_of,
    wait_for,
)


async def _endpoint(api, receiver, path="/hook", events=("project.created",), **columns):
    return await endpoint_row(api, list(events), url=receiver.url(path), **columns)


async def _settled(api, endpoint_id, count=1, final=("succeeded", "failed", "abandoned", "held")):
    """The endpoint's deliveries once ``count`` of them have reached a state in ``final``."""

    async def check():
        rows = await deliveries_of(api, endpoint_id)
        return rows if sum(row.status in final for row in rows) >= count else None

    return await wait_for(check, f"{count} deliveries to settle")


def _layers_signatures(header: str) -> tuple[int, list[str]]:
    parts = [part.split("=", 1) for part in header.split(",")]
    timestamp = int(next(value for name, value in parts if name == "t"))
    return timestamp, [value for name, value in parts if name == "v1"]


def _layers_signature_valid(secret: str, header: str, body: bytes) -> bool:
    """The docs' scheme, checked with a few lines of hmac (independent of the server's code)."""
    timestamp, signatures = _layers_signatures(header)
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = hmac.new(key, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, signature) for signature in signatures)


# --------------------------------------------------------------------------- a success


async def test_a_delivery_is_the_stored_payload_signed_in_both_schemes(api, receiver, start_worker):
    secret = new_secret()
    endpoint_id = await _endpoint(api, receiver, secret=secret)
    [event_id] = await emit_events(api, 1, name="Acme")
    start_worker()
    [delivery] = await _settled(api, endpoint_id)

    assert delivery.status == "succeeded" and delivery.attempt_count == 1
    [request] = receiver.received
    payload = orjson.loads(request.body)
    assert payload["id"] == f"evt_{event_id}" and payload["type"] == "project.created"
    assert payload["data"] == {"n": 0, "name": "Acme"} and payload["replayOf"] is None
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"] == "Layers-Webhooks/1"
    assert request.headers["x-layers-event-id"] == f"evt_{event_id}"
    assert request.headers["x-layers-event-type"] == "project.created"
    assert request.headers["x-layers-delivery-id"] == f"whd_{delivery.id}"
    # Standard Webhooks, verified by its reference package; the docs' scheme by hand.
    assert Webhook(secret).verify(request.body, request.headers) == payload
    assert request.headers["webhook-id"] == f"evt_{event_id}"
    assert _layers_signature_valid(secret, request.headers["x-layers-signature"], request.body)
    assert not _layers_signature_valid(
        new_secret(), request.headers["x-layers-signature"], request.body
    )
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(request.body, request.headers)

    [attempt] = await attempts_of(api, delivery.id)
    assert attempt.response_status == 200 and attempt.error is None
    endpoint = await endpoint_of(api, endpoint_id)
    assert endpoint.last_success_at is not None and endpoint.consecutive_failure_count == 0


async def test_rotation_signs_with_both_secrets_for_24_hours_then_with_one(
    api, receiver, start_worker
):
    current, previous = new_secret(), new_secret()
    rotated_at = utcnow()
    endpoint_id = await _endpoint(
        api,
        receiver,
        secret=current,
        previous_secret=previous,
        previous_secret_expires_at=rotated_at + timedelta(hours=24),
    )
    clock = {"now": rotated_at + timedelta(minutes=1)}
    start_worker(now=lambda: clock["now"])
    await emit_events(api, 1)
    await _settled(api, endpoint_id, 1)
    clock["now"] = rotated_at + timedelta(hours=24, minutes=1)
    await emit_events(api, 1)
    await _settled(api, endpoint_id, 2)

    during, after = receiver.received
    # During the overlap either secret verifies, one signature each per scheme.
    assert Webhook(current).verify(during.body, during.headers)
    assert Webhook(previous).verify(during.body, during.headers)
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    assert len(_layers_signatures(during.headers["x-layers-signature"])[1]) == 2
    assert _layers_signature_valid(current, during.headers["x-layers-signature"], during.body)
    assert _layers_signature_valid(previous, during.headers["x-layers-signature"], during.body)
    # After it, only the new one (checked against the package's own signature, since its
    # verify() compares the timestamp with the real clock, 24 hours behind this worker's).
    sent_at = datetime.fromtimestamp(int(after.headers["webhook-timestamp"]), UTC)
    signatures = after.headers["webhook-signature"].split(" ")
    assert signatures == [Webhook(current).sign(after.event_id, sent_at, after.body.decode())]
    assert Webhook(previous).sign(after.event_id, sent_at, after.body.decode()) not in signatures
    assert len(_layers_signatures(after.headers["x-layers-signature"])[1]) == 1
    assert _layers_signature_valid(current, after.headers["x-layers-signature"], after.body)
    assert not _layers_signature_valid(previous, after.headers["x-layers-signature"], after.body)


# --------------------------------------------------------------------------- retries


@pytest.mark.parametrize(
    ("failure", "recorded"),
    [
        (Reply(500), 500),
        (Reply(503), 503),
        (Reply(429), 429),
        (Reply(408), 408),
        (Reply(delay=1.5), None),  # past the worker's 0.5 s timeout (below)
        (Reply(drop=True), None),  # the connection reset without an answer
    ],
    ids=["500", "503", "429", "408", "timeout", "reset"],
)
async def test_transient_failures_are_retried_with_the_same_event(
    api, receiver, start_worker, failure, recorded
):
    endpoint_id = await _endpoint(api, receiver)
    receiver.script("/hook", failure, Reply(200))
    await emit_events(api, 1)
    start_worker(**({"webhook_timeout_seconds": 0.5} if failure.delay else {}))
    [delivery] = await _settled(api, endpoint_id)

    assert delivery.status == "succeeded" and delivery.attempt_count == 2
    first, second = receiver.received
    assert first.event_id == second.event_id and first.body == second.body
    assert first.headers["x-layers-delivery-id"] == second.headers["x-layers-delivery-id"]
    failed, succeeded = await attempts_of(api, delivery.id)
    assert failed.response_status == recorded and failed.error
    assert succeeded.response_status == 200
    assert (await endpoint_of(api, endpoint_id)).consecutive_failure_count == 0


async def test_retries_wait_out_a_growing_ladder_then_the_delivery_is_abandoned(
    api, receiver, start_worker
):
    ladder = (0.1, 0.3, 0.6)
    endpoint_id = await _endpoint(api, receiver)
    receiver.default = Reply(500)
    await emit_events(api, 1)
    start_worker(webhook_retry_schedule=",".join(map(str, ladder)))
    [delivery] = await _settled(api, endpoint_id)

    assert delivery.status == "abandoned" and delivery.finished_at is not None
    assert delivery.attempt_count == len(ladder) + 1
    assert len(receiver.received) == len(ladder) + 1  # nothing after the last rung
    assert len({request.event_id for request in receiver.received}) == 1
    gaps = [
        later.at - earlier.at
        for earlier, later in zip(receiver.received, receiver.received[1:], strict=False)
    ]
    for gap, rung in zip(gaps, ladder, strict=True):
        assert gap >= rung * 0.8 - 0.01  # each rung's delay, less its jitter, at least
    assert len(await attempts_of(api, delivery.id)) == len(ladder) + 1
    endpoint = await endpoint_of(api, endpoint_id)
    assert endpoint.consecutive_failure_count == len(ladder) + 1
    assert endpoint.last_failure_at is not None and endpoint.status == "active"


async def test_retry_after_is_waited_out(api, receiver, start_worker):
    endpoint_id = await _endpoint(api, receiver)
    receiver.script("/hook", Reply(429, {"Retry-After": "1"}), Reply(200))
    await emit_events(api, 1)
    start_worker()
    [delivery] = await _settled(api, endpoint_id)
    assert delivery.status == "succeeded"
    first, second = receiver.received
    assert second.at - first.at >= 0.99  # not the ladder's 0.05 s


async def test_a_retry_after_beyond_an_hour_is_capped_at_one(api, receiver, start_worker):
    endpoint_id = await _endpoint(api, receiver)
    later = (utcnow() + timedelta(hours=5)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    receiver.script("/hook", Reply(503, {"Retry-After": later}))
    await emit_events(api, 1)
    start_worker()

    async def rescheduled():
        [row] = await deliveries_of(api, endpoint_id)
        return (
            row
            if row.status == "pending" and row.attempt_count == 1 and row.locked_by is None
            else None
        )

    row = await wait_for(rescheduled, "the delivery to be rescheduled")
    waits = (row.next_attempt_at - row.updated_at).total_seconds()
    assert 3599 <= waits <= 3601


# --------------------------------------------------------------------------- no retry


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
async def test_other_client_errors_fail_without_a_retry(api, receiver, start_worker, status):
    endpoint_id = await _endpoint(api, receiver)
    receiver.default = Reply(status)
    await emit_events(api, 1)
    start_worker()
    [delivery] = await _settled(api, endpoint_id)
    assert (delivery.status, delivery.attempt_count, delivery.last_status) == ("failed", 1, status)
    assert len(receiver.received) == 1
    endpoint = await endpoint_of(api, endpoint_id)
    assert endpoint.status == "active" and endpoint.consecutive_failure_count == 1


async def test_a_redirect_is_not_followed_and_fails_the_delivery(api, receiver, start_worker):
    endpoint_id = await _endpoint(api, receiver)
    receiver.script("/hook", Reply(307, {"Location": receiver.url("/elsewhere")}))
    await emit_events(api, 1)
    start_worker()
    [delivery] = await _settled(api, endpoint_id)
    assert (delivery.status, delivery.last_status) == ("failed", 307)
    assert [request.path for request in receiver.received] == ["/hook"]


async def test_410_disables_the_endpoint_and_holds_its_other_deliveries(
    api, receiver, start_worker
):
    endpoint_id = await _endpoint(api, receiver)
    receiver.default = Reply(410)
    await emit_events(api, 3)
    start_worker(concurrency=1)
    rows = await _settled(api, endpoint_id, 3)
    assert [row.status for row in rows] == ["failed", "held", "held"]
    assert rows[1].next_attempt_at is None and rows[1].attempt_count == 0
    assert len(receiver.received) == 1
    assert (await endpoint_of(api, endpoint_id)).status == "disabled"


# --------------------------------------------------------------------------- auto-pause


async def test_an_endpoint_failing_in_a_row_is_paused_and_its_held_deliveries_go_oldest_first(
    api, receiver, start_worker
):
    endpoint_id = await _endpoint(api, receiver)
    receiver.default = Reply(500)
    event_ids = await emit_events(api, 5)
    start_worker(concurrency=1, webhook_auto_pause_after=3, job_poll_seconds=60)

    async def paused():
        endpoint = await endpoint_of(api, endpoint_id)
        rows = await deliveries_of(api, endpoint_id)
        return endpoint.status == "auto_paused" and all(r.status == "held" for r in rows)

    await wait_for(paused, "the endpoint to be paused")
    failed_attempts = len(receiver.received)
    assert failed_attempts == 3
    assert (await endpoint_of(api, endpoint_id)).consecutive_failure_count == 3

    # Made active again through the API: its held deliveries go out, oldest first.
    receiver.default = Reply(200)
    answer = await api.patch(f"/v1/webhook-endpoints/whe_{endpoint_id}", json={"status": "active"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["consecutiveFailureCount"] == 0
    rows = await _settled(api, endpoint_id, 5, final=("succeeded",))
    assert {row.status for row in rows} == {"succeeded"}
    resent = [request.event_id for request in receiver.received[failed_attempts:]]
    assert resent == [f"evt_{event_id}" for event_id in event_ids]  # oldest first


# --------------------------------------------------------------------------- SSRF at delivery


async def test_a_host_resolving_to_a_private_address_is_refused_at_send(
    api, receiver, start_worker
):
    async def resolver(host: str, port: int) -> list[str]:
        assert host == "hooks.partner.example"
        return ["127.0.0.1"]  # the name was public at creation; its DNS changed since

    endpoint_id = await _endpoint(api, receiver)
    url = receiver.url(host="hooks.partner.example")
    async with api.db.write() as conn:
        await conn.execute(
            webhook_endpoints.update().where(webhook_endpoints.c.id == endpoint_id).values(url=url)
        )
    await emit_events(api, 1)
    start_worker(resolver=resolver, fetch_allow_private=False)
    [delivery] = await _settled(api, endpoint_id)
    assert delivery.status == "failed" and receiver.received == []
    [attempt] = await attempts_of(api, delivery.id)
    assert attempt.response_status is None and "not public" in attempt.error
    assert "127.0.0.1" not in attempt.error


async def test_a_private_receiver_is_reached_when_the_operator_allows_it(
    api, receiver, start_worker
):
    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    endpoint_id = await _endpoint(api, receiver)
    async with api.db.write() as conn:
        await conn.execute(
            webhook_endpoints.update()
            .where(webhook_endpoints.c.id == endpoint_id)
            .values(url=receiver.url(host="hooks.partner.example"))
        )
    await emit_events(api, 1)
    start_worker(resolver=resolver, fetch_allow_private=True)
    [delivery] = await _settled(api, endpoint_id)
    assert delivery.status == "succeeded" and len(receiver.received) == 1
    assert receiver.received[0].headers["host"].startswith("hooks.partner.example")


# --------------------------------------------------------------------------- unit pieces


def test_retry_after_reads_seconds_and_http_dates():
    import httpx

    from layers_server.webhooks.delivery import retry_after_seconds

    now = datetime(2026, 12, 2, 1, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(httpx.Headers({"Retry-After": "120"}), now) == 120
    assert (
        retry_after_seconds(httpx.Headers({"Retry-After": "Wed, 02 Dec 2026 01:05:00 GMT"}), now)
        == 300
    )
    assert retry_after_seconds(httpx.Headers({"Retry-After": "soon"}), now) is None
    assert (
        retry_after_seconds(httpx.Headers({"Retry-After": "Tue, 01 Dec 2026 00:00:00 GMT"}), now)
        == 0
    )
    assert retry_after_seconds(httpx.Headers({}), now) is None
