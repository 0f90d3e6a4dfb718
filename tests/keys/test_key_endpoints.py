"""Contract §2 key lifecycle: kill, rotate, delete; the kill switch everywhere."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from layers_server.db.tables import api_keys, organizations
from tests.support.keys import key_parts

PUBLIC_FIELDS = [
    "id", "organizationId", "name", "prefix", "env", "scopes", "rateLimitTier", "killSwitch",
    "isActive", "createdAt", "lastUsedAt", "rotatedAt", "revokedAt", "allowedReturnDomains",
]  # fmt: skip


ROTATE_WARNING = "Store this secret now. It cannot be retrieved again. Rotate the key if it's lost."


def _recent(stamp: str | None) -> bool:
    return stamp is not None and (
        datetime.now(UTC) - datetime.fromisoformat(stamp) < timedelta(minutes=1)
    )


async def test_kill_answers_the_nested_record_and_makes_every_route_503(api, new_api):
    victim = await new_api(organization_id=api.organization_id)
    response = await api.post(f"/v1/api-keys/{victim.key_record['id']}/kill")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["apiKey", "killed"] and body["killed"] is True
    record = body["apiKey"]
    assert list(record) == PUBLIC_FIELDS
    assert record["id"] == victim.key_record["id"]
    assert (record["killSwitch"], record["isActive"]) == (True, False)
    assert _recent(record["revokedAt"])
    assert "secret" not in response.text and "secretHash" not in response.text
    for method, url in (("GET", "/v1/whoami"), ("GET", "/v1/projects"), ("POST", "/v1/projects")):
        answer = await victim.request(method, url, json={"name": "abc", "timezone": "UTC"})
        assert answer.status_code == 503, (method, url)
        error = answer.json()["error"]
        assert error["code"] == "KILL_SWITCH"
        assert error["details"] == {"scope": "key"}
    again = await api.post(f"/v1/api-keys/{victim.key_record['id']}/kill")
    assert again.status_code == 200  # a no-op on a killed key: the same record
    assert again.json() == body


async def test_a_key_can_kill_itself_by_public_key_id(api):
    key_id = api.key_record["prefix"].split("_")[2]
    assert (await api.post(f"/v1/api-keys/{key_id}/kill")).status_code == 200
    assert (await api.get("/v1/whoami")).status_code == 503


async def test_rotate_answers_the_secret_once_and_revives_a_killed_key(api, new_api):
    victim = await new_api(organization_id=api.organization_id)
    await api.post(f"/v1/api-keys/{victim.key_record['id']}/kill")
    response = await api.post(f"/v1/api-keys/{victim.key_record['id']}/rotate")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["apiKey", "secret", "warning"]
    assert body["warning"] == ROTATE_WARNING
    assert body["secret"].startswith(victim.key_record["prefix"] + "_")
    assert body["secret"] != victim.key
    record = body["apiKey"]
    assert list(record) == PUBLIC_FIELDS
    assert (record["killSwitch"], record["isActive"], record["revokedAt"]) == (False, True, None)
    assert _recent(record["rotatedAt"])
    old = await victim.get("/v1/whoami")
    assert old.status_code == 401
    new = await api.client.get("/v1/whoami", headers={"Authorization": f"Bearer {body['secret']}"})
    assert new.status_code == 200


async def test_rotate_replay_returns_the_same_secret(api, new_api):
    victim = await new_api(organization_id=api.organization_id)
    url = f"/v1/api-keys/{victim.key_record['id']}/rotate"
    headers = {"Idempotency-Key": "rotate-once"}
    first = await api.post(url, headers=headers)
    replay = await api.post(url, headers=headers)
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json() == first.json()
    works = await api.client.get(
        "/v1/whoami", headers={"Authorization": f"Bearer {first.json()['secret']}"}
    )
    assert works.status_code == 200


async def test_delete_retires_the_key_for_good(api, new_api):
    victim = await new_api(organization_id=api.organization_id)
    response = await api.delete(f"/v1/api-keys/{victim.key_record['id']}")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["apiKey", "deleted"] and body["deleted"] is True
    record = body["apiKey"]
    assert list(record) == PUBLIC_FIELDS
    assert (record["killSwitch"], record["isActive"]) == (False, False)
    assert _recent(record["revokedAt"])
    assert (await victim.get("/v1/whoami")).status_code == 503
    again = await api.delete(f"/v1/api-keys/{victim.key_record['id']}")
    assert again.status_code == 200 and again.json() == body
    rotate = await api.post(f"/v1/api-keys/{victim.key_record['id']}/rotate")
    assert rotate.status_code == 409
    error = rotate.json()["error"]
    assert (error["code"], error["details"]["subcode"]) == ("CONFLICT", "KEY_DELETED")
    assert (await victim.get("/v1/whoami")).status_code == 503  # the refused rotate changed nothing


async def test_a_killed_then_deleted_key_stays_deleted(api, new_api):
    victim = await new_api(organization_id=api.organization_id)
    killed = (await api.post(f"/v1/api-keys/{victim.key_record['id']}/kill")).json()["apiKey"]
    deleted = (await api.delete(f"/v1/api-keys/{victim.key_record['id']}")).json()["apiKey"]
    # It stopped working at the kill; the record keeps that moment and says it was killed.
    assert deleted["revokedAt"] == killed["revokedAt"]
    assert (deleted["killSwitch"], deleted["isActive"]) == (True, False)
    rotate = await api.post(f"/v1/api-keys/{victim.key_record['id']}/rotate")
    assert rotate.json()["error"]["details"]["subcode"] == "KEY_DELETED"


async def test_the_record_shows_what_auth_enforces(api, new_api):
    """After each action, the stored record and the key's ability to call agree."""
    victim = await new_api(organization_id=api.organization_id)
    url = f"/v1/api-keys/{victim.key_record['id']}"
    key = victim.key
    for action in ("kill", "rotate", "kill", "rotate", "delete"):
        if action == "delete":
            answer = (await api.delete(url)).json()
        else:
            answer = (await api.post(f"{url}/{action}")).json()
        key = answer.get("secret", key)
        calls = await api.client.get("/v1/whoami", headers={"Authorization": f"Bearer {key}"})
        usable = calls.status_code == 200
        record = answer["apiKey"]
        assert usable == record["isActive"] == (record["revokedAt"] is None), action
        assert record["killSwitch"] == (action == "kill"), action
        # The stored row says the same as the answer (a later list would show it).
        async with api.db.read() as conn:
            row = (
                await conn.execute(
                    sa.select(api_keys).where(api_keys.c.key_id == record["prefix"].split("_")[2])
                )
            ).one()
        assert (row.is_active, row.kill_switch) == (record["isActive"], record["killSwitch"])


@pytest.mark.parametrize("action", ["kill", "rotate", "delete"])
async def test_another_organizations_key_is_404(api, new_api, action):
    stranger = await new_api()
    key = stranger.key_record["id"]
    if action == "delete":
        response = await api.delete(f"/v1/api-keys/{key}")
    else:
        response = await api.post(f"/v1/api-keys/{key}/{action}")
    assert response.status_code == 404
    assert (await stranger.get("/v1/whoami")).status_code == 200
    assert (await api.post(f"/v1/api-keys/key_{uuid.uuid4()}/kill")).status_code == 404
    assert (await api.post("/v1/api-keys/key_nonsense/kill")).status_code == 422


async def test_suspended_organization_is_503_with_organization_scope(api):
    async with api.db.write() as conn:
        await conn.execute(
            organizations.update()
            .where(organizations.c.id == api.organization_id)
            .values(status="suspended")
        )
    response = await api.get("/v1/whoami")
    assert response.status_code == 503
    assert response.json()["error"]["details"] == {"scope": "organization"}


async def test_last_used_at_is_recorded_off_the_request_path(api, app):
    assert api.key_record["lastUsedAt"] is None
    assert (await api.get("/v1/whoami")).status_code == 200
    key_uuid = uuid.UUID(api.key_record["id"].removeprefix("key_"))

    async def last_used():
        async with api.db.read() as conn:
            return await conn.scalar(
                sa.select(api_keys.c.last_used_at).where(api_keys.c.id == key_uuid)
            )

    assert await last_used() is None  # not written by the request itself
    await app.state.services.last_used.flush()
    assert await last_used() is not None


async def test_key_records_never_expose_secret_material(api, new_api):
    victim = await new_api(organization_id=api.organization_id)
    for response in (
        await api.post(f"/v1/api-keys/{victim.key_record['id']}/kill"),
        await api.delete(f"/v1/api-keys/{victim.key_record['id']}"),
    ):
        text = response.text
        assert key_parts(victim.key).secret not in text
        assert "hash" not in text.lower()
