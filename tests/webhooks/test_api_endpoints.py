"""Webhook endpoint routes (docs/api/webhooks.md): create, list, read, change, delete and
rotate, with their validation, scopes, 404s across organizations and environments, keyset
pages and idempotent replays, on both databases."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from layers_server.db.tables import (
    webhook_attempts,
    webhook_deliveries,
    webhook_endpoints,
    webhook_subscriptions,
)
from layers_server.db.unit_of_work import unit_of_work
from layers_server.kit.clock import utcnow
from layers_server.webhooks.events import SUBSCRIBABLE_TYPES, emit
from tests.support.webhooks import create_endpoint, webhook_rows

URL = "https://receiver.example/hooks"


async def _subscribed(api, endpoint_id: str) -> list[str]:
    async with api.db.read() as conn:
        rows = await conn.scalars(
            sa.select(webhook_subscriptions.c.event_type).where(
                webhook_subscriptions.c.endpoint_id == uuid.UUID(endpoint_id.removeprefix("whe_"))
            )
        )
        return sorted(rows)


async def _endpoint_count(api) -> int:
    return len(await webhook_rows(api, webhook_endpoints))


def _issue_paths(response) -> list[str]:
    return [issue["path"] for issue in response.json()["error"]["details"]["issues"]]


async def test_create_answers_the_endpoint_and_its_secret_once(api):
    project = await api.create_project()
    created = await create_endpoint(
        api,
        ["job.completed", "project.created"],
        projectId=project["id"],
        description="Production receiver",
        metadata={"team": "growth", "n": [1, 2]},
    )
    endpoint, secret = created["endpoint"], created["signingSecret"]
    assert secret.startswith("whsec_") and len(secret) > 40
    assert endpoint == {
        "endpointId": endpoint["endpointId"],
        "url": URL,
        "events": ["job.completed", "project.created"],
        "projectId": project["id"],
        "description": "Production receiver",
        "metadata": {"team": "growth", "n": [1, 2]},
        "status": "active",
        "apiVersion": "v1",
        "consecutiveFailureCount": 0,
        "lastSuccessAt": None,
        "lastFailureAt": None,
        "createdAt": endpoint["createdAt"],
        "updatedAt": endpoint["createdAt"],
    }
    assert endpoint["endpointId"].startswith("whe_")
    assert await _subscribed(api, endpoint["endpointId"]) == ["job.completed", "project.created"]

    read = await api.get(f"/v1/webhook-endpoints/{endpoint['endpointId']}")
    assert read.status_code == 200
    assert read.json() == endpoint  # the secret is never shown again
    bare = endpoint["endpointId"].removeprefix("whe_")
    assert (await api.get(f"/v1/webhook-endpoints/{bare}")).json() == endpoint


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        ({"url": URL, "events": ["job.finished"]}, ["events.0"]),
        ({"url": URL, "events": ["test.ping"]}, ["events.0"]),
        ({"url": URL, "events": []}, ["events"]),
        ({"url": URL, "events": ["job.failed", "job.failed"]}, ["events"]),
        ({"url": URL, "events": ["job.failed"] * 51}, ["events"]),
        ({"url": "/relative/hooks", "events": ["job.failed"]}, ["url"]),
        ({"url": "ftp://receiver.example/x", "events": ["job.failed"]}, ["url"]),
        ({"url": "https://user:pw@receiver.example/", "events": ["job.failed"]}, ["url"]),
        ({"url": URL, "events": ["job.failed"], "description": "x" * 257}, ["description"]),
        ({"url": URL, "events": ["job.failed"], "metadata": {"k": "v" * 8200}}, ["metadata"]),
        ({"url": URL, "events": ["job.failed"], "secret": "whsec_x"}, ["secret"]),
        ({"events": ["job.failed"]}, ["url"]),
        ({"url": 7, "events": "job.failed"}, ["url", "events"]),
    ],
)
async def test_create_refuses_bad_bodies_and_writes_nothing(api, body, paths):
    response = await api.post("/v1/webhook-endpoints", json=body)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "VALIDATION"
    assert _issue_paths(response) == paths
    assert await _endpoint_count(api) == 0


async def test_every_subscribable_type_at_once_is_accepted(api):
    created = await create_endpoint(api, SUBSCRIBABLE_TYPES)
    assert created["endpoint"]["events"] == list(SUBSCRIBABLE_TYPES)


async def test_server_minted_fields_are_refused(api):
    body = {"url": URL, "events": ["job.failed"], "status": "disabled"}
    response = await api.post("/v1/webhook-endpoints", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_FAILED"
    assert await _endpoint_count(api) == 0


async def test_another_organizations_project_is_not_found(api, new_api):
    other = await new_api()
    project = await other.create_project()
    response = await api.post(
        "/v1/webhook-endpoints",
        json={"url": URL, "events": ["job.failed"], "projectId": project["id"]},
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
    malformed = await api.post(
        "/v1/webhook-endpoints", json={"url": URL, "events": ["job.failed"], "projectId": "prj_x"}
    )
    assert malformed.status_code == 422
    assert await _endpoint_count(api) == 0


async def test_scopes_gate_reading_and_writing(api, new_api):
    endpoint = (await create_endpoint(api))["endpoint"]
    reader = await new_api(scopes=["webhooks:read"], organization_id=api.organization_id)
    projects_only = await new_api(scopes=["projects:write"], organization_id=api.organization_id)

    assert (await reader.get("/v1/webhook-endpoints")).json()["items"] == [endpoint]
    for call in (
        reader.post("/v1/webhook-endpoints", json={"url": URL, "events": ["job.failed"]}),
        reader.patch(
            f"/v1/webhook-endpoints/{endpoint['endpointId']}", json={"status": "disabled"}
        ),
        reader.delete(f"/v1/webhook-endpoints/{endpoint['endpointId']}"),
        reader.post(f"/v1/webhook-endpoints/{endpoint['endpointId']}/rotate-secret"),
        reader.post(f"/v1/webhook-endpoints/{endpoint['endpointId']}/test"),
    ):
        refused = await call
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["details"]["requiredScope"] == "webhooks:write"
    refused = await projects_only.get(f"/v1/webhook-endpoints/{endpoint['endpointId']}")
    assert refused.status_code == 403
    assert refused.json()["error"]["details"]["requiredScope"] == "webhooks:read"
    assert [row.status for row in await webhook_rows(api, webhook_endpoints)] == ["active"]


async def test_another_organizations_or_environments_endpoint_is_not_found(api, new_api):
    endpoint_id = (await create_endpoint(api))["endpoint"]["endpointId"]
    stranger = await new_api()
    test_key = await new_api(env="test", organization_id=api.organization_id)
    for caller in (stranger, test_key):
        assert (await caller.get("/v1/webhook-endpoints")).json()["items"] == []
        path = f"/v1/webhook-endpoints/{endpoint_id}"
        for response in (
            await caller.get(path),
            await caller.patch(path, json={"description": "mine now"}),
            await caller.post(f"{path}/rotate-secret"),
            await caller.post(f"{path}/test"),
            await caller.get(f"{path}/deliveries"),
            await caller.delete(path),
        ):
            assert response.status_code == 404, response.text
            assert response.json()["error"]["code"] == "NOT_FOUND"
    (row,) = await webhook_rows(api, webhook_endpoints)
    assert row.description is None and row.status == "active"


async def test_a_test_keys_endpoints_are_its_own(api, new_api):
    test_key = await new_api(env="test", organization_id=api.organization_id)
    mine = (await create_endpoint(test_key))["endpoint"]
    assert (await test_key.get("/v1/webhook-endpoints")).json()["items"] == [mine]
    assert (await api.get("/v1/webhook-endpoints")).json()["items"] == []
    (row,) = await webhook_rows(api, webhook_endpoints)
    assert row.env == "test"


async def test_malformed_ids_are_422(api):
    for response in (
        await api.get("/v1/webhook-endpoints/not-an-id"),
        await api.get("/v1/webhook-endpoints/prj_9cb958b5-11b5-4e30-8675-5d075d52da7c"),
        await api.delete("/v1/webhook-endpoints/whe_123"),
    ):
        assert response.status_code == 422
        assert _issue_paths(response) == ["endpointId"]
    missing = await api.get(f"/v1/webhook-endpoints/whe_{uuid.uuid4()}")
    assert missing.status_code == 404


async def test_endpoints_list_newest_first_in_keyset_pages(api):
    created = [(await create_endpoint(api))["endpoint"]["endpointId"] for _ in range(5)]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await api.get("/v1/webhook-endpoints", params=params)).json()
        assert len(page["items"]) <= 2
        seen += [item["endpointId"] for item in page["items"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert seen == created[::-1]
    for params in ({"limit": 0}, {"limit": 101}, {"cursor": "garbage!"}):
        response = await api.get("/v1/webhook-endpoints", params=params)
        assert response.status_code == 422, params
        assert response.json()["error"]["code"] == "VALIDATION"


async def test_patch_changes_the_sent_fields_and_the_subscriptions(api):
    endpoint = (await create_endpoint(api, ["job.failed"], description="old", metadata={"a": 1}))[
        "endpoint"
    ]
    path = f"/v1/webhook-endpoints/{endpoint['endpointId']}"
    response = await api.patch(
        path,
        json={
            "url": "https://other.example/in",
            "events": ["project.updated", "job.completed"],
            "description": None,
        },
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert changed == {
        **endpoint,
        "url": "https://other.example/in",
        "events": ["project.updated", "job.completed"],
        "description": None,
        "updatedAt": changed["updatedAt"],
    }
    assert changed["updatedAt"] > endpoint["updatedAt"]
    assert (await api.get(path)).json() == changed
    assert await _subscribed(api, endpoint["endpointId"]) == ["job.completed", "project.updated"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "VALIDATION"),
        ({"status": "auto_paused"}, 422, "VALIDATION"),
        ({"events": []}, 422, "VALIDATION"),
        ({"url": None}, 422, "VALIDATION"),
        ({"url": "http:/x"}, 422, "VALIDATION"),
        ({"projectId": None}, 400, "VALIDATION"),
        ({"consecutiveFailureCount": 0}, 400, "VALIDATION"),
    ],
)
async def test_patch_refuses_bad_bodies_and_changes_nothing(api, body, status, code):
    endpoint = (await create_endpoint(api))["endpoint"]
    path = f"/v1/webhook-endpoints/{endpoint['endpointId']}"
    response = await api.patch(path, json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert (await api.get(path)).json() == endpoint


async def _deliveries(api, endpoint_id: str, count: int, *, age: timedelta = timedelta(0)):
    """``count`` project.created events, emitted as the outbox does, created ``age`` ago: one
    delivery each to every endpoint subscribed to them (``endpoint_id`` among them)."""
    for _ in range(count):
        async with unit_of_work(
            api.db,
            organization_id=api.organization_id,
            request_id="req_test",
            jobs=api.app.state.services.jobs,
        ) as uow:
            emit(uow, "project.created", project_id=None, data={}, now=utcnow() - age)


async def _statuses(api) -> list[tuple[str, datetime | None]]:
    rows = await webhook_rows(api, webhook_deliveries)
    return [(row.status, row.next_attempt_at) for row in rows]


async def test_disabling_holds_pending_deliveries_and_activating_releases_them(api):
    endpoint_id = (await create_endpoint(api))["endpoint"]["endpointId"]
    path = f"/v1/webhook-endpoints/{endpoint_id}"
    await _deliveries(api, endpoint_id, 2, age=timedelta(hours=80))  # past the 72 h hold
    await _deliveries(api, endpoint_id, 3)
    async with api.db.write() as conn:  # as the worker leaves an endpoint that keeps failing
        await conn.execute(
            webhook_endpoints.update()
            .where(webhook_endpoints.c.organization_id == api.organization_id)
            .values(consecutive_failure_count=7)
        )

    disabled = await api.patch(path, json={"status": "disabled"})
    assert disabled.status_code == 200 and disabled.json()["status"] == "disabled"
    assert await _statuses(api) == [("held", None)] * 5
    await _deliveries(api, endpoint_id, 1)  # an event while disabled is held at once
    assert [status for status, _ in await _statuses(api)] == ["held"] * 6

    activated = await api.patch(path, json={"status": "active"})
    assert activated.status_code == 200
    assert activated.json()["status"] == "active"
    assert activated.json()["consecutiveFailureCount"] == 0
    rows = await webhook_rows(api, webhook_deliveries)
    assert [row.status for row in rows] == ["abandoned"] * 2 + ["pending"] * 4
    assert all(row.finished_at is not None for row in rows[:2])
    due = {row.next_attempt_at for row in rows[2:]}
    assert len(due) == 1 and due.pop() <= utcnow()  # all due now; sent in creation order


async def test_delete_removes_the_endpoint_and_its_history(api):
    endpoint_id = (await create_endpoint(api))["endpoint"]["endpointId"]
    kept = (await create_endpoint(api))["endpoint"]["endpointId"]
    await _deliveries(api, endpoint_id, 1)
    (doomed,) = await webhook_rows(
        api, webhook_deliveries, endpoint_id=uuid.UUID(endpoint_id.removeprefix("whe_"))
    )
    async with api.db.write() as conn:
        await conn.execute(
            webhook_attempts.insert().values(
                delivery_id=doomed.id, attempted_at=utcnow(), response_status=500, duration_ms=12
            )
        )

    response = await api.delete(f"/v1/webhook-endpoints/{endpoint_id}")
    assert response.status_code == 200
    assert response.json() == {"endpointId": endpoint_id, "deleted": True}
    assert (await api.get(f"/v1/webhook-endpoints/{endpoint_id}")).status_code == 404
    assert (await api.delete(f"/v1/webhook-endpoints/{endpoint_id}")).status_code == 404
    assert [f"whe_{row.id}" for row in await webhook_rows(api, webhook_endpoints)] == [kept]
    remaining = await webhook_rows(api, webhook_deliveries)
    assert [f"whe_{row.endpoint_id}" for row in remaining] == [kept]
    assert await _subscribed(api, endpoint_id) == []
    async with api.db.read() as conn:
        attempts = await conn.scalar(
            sa.select(sa.func.count())
            .select_from(webhook_attempts)
            .where(webhook_attempts.c.delivery_id == doomed.id)
        )
    assert attempts == 0


async def test_rotate_keeps_the_previous_secret_signing_for_a_day(api):
    created = await create_endpoint(api)
    endpoint_id, first = created["endpoint"]["endpointId"], created["signingSecret"]
    response = await api.post(f"/v1/webhook-endpoints/{endpoint_id}/rotate-secret")
    assert response.status_code == 200, response.text
    rotated = response.json()
    assert rotated["endpointId"] == endpoint_id
    assert rotated["signingSecret"].startswith("whsec_") and rotated["signingSecret"] != first
    assert "previous secret keeps signing" in rotated["warning"]
    (row,) = await webhook_rows(api, webhook_endpoints)
    assert (row.secret, row.previous_secret) == (rotated["signingSecret"], first)
    expires = datetime.fromisoformat(rotated["previousSecretExpiresAt"])
    assert row.previous_secret_expires_at == expires
    assert timedelta(hours=23, minutes=59) < expires - utcnow() <= timedelta(hours=24)


async def test_writes_replay_under_their_idempotency_key(api):
    body = {"url": URL, "events": ["job.failed"]}
    key = {"Idempotency-Key": "create-endpoint-1"}
    first = await api.post("/v1/webhook-endpoints", json=body, headers=key)
    again = await api.post("/v1/webhook-endpoints", json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()  # the same endpoint and the same secret, once
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await _endpoint_count(api) == 1
    conflict = await api.post(
        "/v1/webhook-endpoints", json={**body, "events": ["job.completed"]}, headers=key
    )
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "IDEMPOTENCY_CONFLICT"

    path = f"/v1/webhook-endpoints/{first.json()['endpoint']['endpointId']}"
    rotations = [
        await api.post(f"{path}/rotate-secret", headers={"Idempotency-Key": "rotate-1"})
        for _ in range(3)
    ]
    assert len({r.json()["signingSecret"] for r in rotations}) == 1
    (row,) = await webhook_rows(api, webhook_endpoints)
    assert row.secret == rotations[0].json()["signingSecret"]
    assert row.previous_secret == first.json()["signingSecret"]

    patch_key = {"Idempotency-Key": "patch-1"}
    patches = [await api.patch(path, json={"status": "disabled"}, headers=patch_key) for _ in "ab"]
    assert patches[0].json() == patches[1].json()
    assert patches[1].headers["Idempotent-Replayed"] == "true"
    other_body = await api.patch(path, json={"status": "active"}, headers=patch_key)
    assert other_body.json()["error"]["code"] == "IDEMPOTENCY_CONFLICT"
    assert (await api.get(path)).json()["status"] == "disabled"

    deletes = [await api.delete(path, headers={"Idempotency-Key": "delete-1"}) for _ in range(2)]
    assert [d.status_code for d in deletes] == [200, 200]
    assert deletes[1].headers["Idempotent-Replayed"] == "true"
    assert await _endpoint_count(api) == 0
