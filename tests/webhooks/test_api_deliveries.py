"""Test pings, an endpoint's deliveries, one delivery with its attempts, and replays
(docs/api/webhooks.md), on both databases."""

from __future__ import annotations

import uuid
from datetime import timedelta

import orjson

from layers_server.db.tables import webhook_attempts, webhook_deliveries, webhook_events
from layers_server.kit.clock import iso, utcnow
from tests.support.webhooks import create_endpoint, events_of, webhook_rows


def _bare(public_id: str) -> uuid.UUID:
    return uuid.UUID(public_id.split("_", 1)[1])


async def _ping(api, endpoint_id: str) -> dict:
    response = await api.post(f"/v1/webhook-endpoints/{endpoint_id}/test")
    assert response.status_code == 202, response.text
    return response.json()


async def test_a_test_ping_is_one_event_and_one_delivery_to_that_endpoint(api):
    # Subscribed to something else entirely: the ping goes to it all the same, and to it only.
    endpoint_id = (await create_endpoint(api, ["job.failed"]))["endpoint"]["endpointId"]
    await create_endpoint(api, ["job.failed"])
    sent = await _ping(api, endpoint_id)
    assert sent["eventId"].startswith("evt_") and sent["deliveryId"].startswith("whd_")

    (event,) = await events_of(api)
    assert event == {
        "id": sent["eventId"],
        "type": "test.ping",
        "createdAt": event["createdAt"],
        "organizationId": f"org_{api.organization_id}",
        "projectId": None,
        "data": {},
        "replayOf": None,
        "env": "live",
    }
    (delivery,) = await webhook_rows(api, webhook_deliveries)
    assert delivery.id == _bare(sent["deliveryId"])
    assert delivery.endpoint_id == _bare(endpoint_id)
    assert delivery.status == "pending" and delivery.next_attempt_at is not None


async def test_a_paused_or_disabled_endpoint_is_not_pinged(api):
    endpoint_id = (await create_endpoint(api))["endpoint"]["endpointId"]
    await api.patch(f"/v1/webhook-endpoints/{endpoint_id}", json={"status": "disabled"})
    response = await api.post(f"/v1/webhook-endpoints/{endpoint_id}/test")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "CONFLICT"
    assert error["details"] == {"subcode": "ENDPOINT_NOT_ACTIVE", "endpointId": endpoint_id}
    assert await events_of(api) == []


async def test_deliveries_list_newest_first_filtered_and_paged(api):
    endpoint_id = (await create_endpoint(api))["endpoint"]["endpointId"]
    pings = [(await _ping(api, endpoint_id))["deliveryId"] for _ in range(5)]
    async with api.db.write() as conn:  # as the worker records two outcomes
        await conn.execute(
            webhook_deliveries.update()
            .where(webhook_deliveries.c.id.in_([_bare(p) for p in pings[:2]]))
            .values(status="succeeded", finished_at=utcnow(), attempt_count=1, last_status=204)
        )
    path = f"/v1/webhook-endpoints/{endpoint_id}/deliveries"

    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await api.get(path, params=params)).json()
        seen += [item["deliveryId"] for item in page["items"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert seen == pings[::-1]

    succeeded = (await api.get(path, params={"status": "succeeded"})).json()["items"]
    assert [d["deliveryId"] for d in succeeded] == pings[1::-1]
    assert {(d["status"], d["lastResponseStatus"], d["attemptCount"]) for d in succeeded} == {
        ("succeeded", 204, 1)
    }
    pending = (await api.get(path, params={"status": "pending"})).json()["items"]
    assert [d["deliveryId"] for d in pending] == pings[:1:-1]
    for params in ({"status": "lost"}, {"limit": 0}, {"limit": 101}, {"cursor": "x"}):
        assert (await api.get(path, params=params)).status_code == 422, params


async def test_a_delivery_shows_its_attempts_oldest_first(api, new_api):
    endpoint_id = (await create_endpoint(api))["endpoint"]["endpointId"]
    sent = await _ping(api, endpoint_id)
    delivery_id = _bare(sent["deliveryId"])
    first, second = utcnow() - timedelta(seconds=40), utcnow() - timedelta(seconds=5)
    async with api.db.write() as conn:
        await conn.execute(
            webhook_attempts.insert(),
            [
                {
                    "delivery_id": delivery_id,
                    "attempted_at": second,
                    "response_status": 200,
                    "duration_ms": 31,
                    "error": None,
                },
                {
                    "delivery_id": delivery_id,
                    "attempted_at": first,
                    "response_status": None,
                    "duration_ms": 10000,
                    "error": "timed out after 10 s",
                },
            ],
        )
    response = await api.get(f"/v1/webhook-deliveries/{sent['deliveryId']}")
    assert response.status_code == 200
    detail = response.json()
    assert detail["deliveryId"] == sent["deliveryId"]
    assert detail["eventId"] == sent["eventId"]
    assert detail["eventType"] == "test.ping"
    assert detail["endpointId"] == endpoint_id
    assert detail["lastAttemptAt"] == iso(second)
    assert detail["attempts"] == [
        {
            "attemptedAt": iso(first),
            "responseStatus": None,
            "durationMs": 10000,
            "error": "timed out after 10 s",
        },
        {"attemptedAt": iso(second), "responseStatus": 200, "durationMs": 31, "error": None},
    ]
    listed = (await api.get(f"/v1/webhook-endpoints/{endpoint_id}/deliveries")).json()["items"]
    assert listed == [{k: v for k, v in detail.items() if k != "attempts"}]

    stranger = await new_api()
    test_key = await new_api(env="test", organization_id=api.organization_id)
    for caller in (stranger, test_key):
        path = f"/v1/webhook-deliveries/{sent['deliveryId']}"
        assert (await caller.get(path)).status_code == 404
        assert (await caller.post(f"{path}/replay")).status_code == 404
    assert (await api.get("/v1/webhook-deliveries/whd_nope")).status_code == 422
    assert (await api.get(f"/v1/webhook-deliveries/whd_{uuid.uuid4()}")).status_code == 404
    assert len(await events_of(api)) == 1  # the refused replays wrote nothing


async def test_a_replay_sends_the_same_data_under_a_new_event_id(api):
    project = await api.create_project(name="Replayed")
    await create_endpoint(api, ["project.updated"])
    await api.patch(f"/v1/projects/{project['id']}", json={"tagline": "Once more"})
    (original,) = await webhook_rows(api, webhook_deliveries)
    async with api.db.write() as conn:  # it was delivered, long ago
        await conn.execute(
            webhook_deliveries.update()
            .where(webhook_deliveries.c.id == original.id)
            .values(status="succeeded", attempt_count=1, finished_at=utcnow())
        )

    response = await api.post(f"/v1/webhook-deliveries/whd_{original.id}/replay")
    assert response.status_code == 200, response.text
    replay = response.json()
    assert replay["originalDeliveryId"] == f"whd_{original.id}"
    assert replay["replayDeliveryId"] != replay["originalDeliveryId"]

    first, again = await events_of(api, "project.updated")
    assert again["id"] != first["id"]
    assert again["replayOf"] == first["id"]
    assert (again["data"], again["projectId"]) == (first["data"], first["projectId"])
    assert again["data"]["tagline"] == "Once more"
    rows = {row.id: row for row in await webhook_rows(api, webhook_deliveries)}
    new = rows[_bare(replay["replayDeliveryId"])]
    assert (new.status, new.endpoint_id, new.attempt_count) == ("pending", original.endpoint_id, 0)
    assert iso(new.next_attempt_at) == replay["scheduledAt"]
    assert rows[original.id].status == "succeeded"  # the original is left as it was
    (row,) = await webhook_rows(api, webhook_events, id=again["id"].removeprefix("evt_"))
    assert row.replay_of == first["id"].removeprefix("evt_")
    assert orjson.loads(row.payload)["replayOf"] == first["id"]

    keyed = [
        await api.post(
            f"/v1/webhook-deliveries/whd_{original.id}/replay",
            headers={"Idempotency-Key": "replay-once"},
        )
        for _ in range(3)
    ]
    assert len({r.json()["replayDeliveryId"] for r in keyed}) == 1
    assert len(await events_of(api, "project.updated")) == 3  # the first, and two replays


async def test_a_disabled_endpoints_delivery_is_not_replayed(api):
    endpoint_id = (await create_endpoint(api))["endpoint"]["endpointId"]
    sent = await _ping(api, endpoint_id)
    await api.patch(f"/v1/webhook-endpoints/{endpoint_id}", json={"status": "disabled"})
    response = await api.post(f"/v1/webhook-deliveries/{sent['deliveryId']}/replay")
    assert response.status_code == 409
    assert response.json()["error"]["details"]["subcode"] == "ENDPOINT_NOT_ACTIVE"
    assert len(await events_of(api)) == 1
