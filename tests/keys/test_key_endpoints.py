"""Contract §2 key lifecycle: kill, rotate, delete; the kill switch everywhere."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from layers_server.db.tables import api_keys, organizations

PUBLIC_FIELDS = [
    "id", "organizationId", "name", "prefix", "env", "scopes", "rateLimitTier", "killSwitch",
    "isActive", "createdAt", "lastUsedAt", "rotatedAt", "revokedAt",
]  # fmt: skip


async def test_kill_makes_every_route_503_kill_switch(api, new_api):
    victim = await new_api(organization_id=api.organization_id)
    response = await api.post(f"/v1/api-keys/{victim.key_record['id']}/kill")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == [*PUBLIC_FIELDS, "killed"]
    assert body["killed"] is True and body["killSwitch"] is True
    assert "secret" not in body and "secretHash" not in body
    for method, url in (("GET", "/v1/whoami"), ("GET", "/v1/projects"), ("POST", "/v1/projects")):
        answer = await victim.request(method, url, json={"name": "abc", "timezone": "UTC"})
        assert answer.status_code == 503, (method, url)
        error = answer.json()["error"]
        assert error["code"] == "KILL_SWITCH"
        assert error["details"] == {"scope": "key"}
    again = await api.post(f"/v1/api-keys/{victim.key_record['id']}/kill")
    assert again.status_code == 200  # a no-op on a killed key
    assert again.json()["killSwitch"] is True


async def test_a_key_can_kill_itself_by_public_key_id(api):
    key_id = api.key_record["prefix"].split("_")[2]
    assert (await api.post(f"/v1/api-keys/{key_id}/kill")).status_code == 200
    assert (await api.get("/v1/whoami")).status_code == 503


async def test_rotate_invalidates_the_old_secret_at_once_and_revives_a_killed_key(api, new_api):
    victim = await new_api(organization_id=api.organization_id)
    await api.post(f"/v1/api-keys/{victim.key_record['id']}/kill")
    response = await api.post(f"/v1/api-keys/{victim.key_record['id']}/rotate")
    assert response.status_code == 200
    body = response.json()
    assert body["secret"].startswith(victim.key_record["prefix"] + "_")
    assert body["secret"] != victim.key
    assert "shown only once" in body["warning"]
    assert body["killSwitch"] is False and body["rotatedAt"] is not None
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
    assert replay.json()["secret"] == first.json()["secret"]
    works = await api.client.get(
        "/v1/whoami", headers={"Authorization": f"Bearer {first.json()['secret']}"}
    )
    assert works.status_code == 200


async def test_delete_retires_the_key(api, new_api):
    victim = await new_api(organization_id=api.organization_id)
    response = await api.delete(f"/v1/api-keys/{victim.key_record['id']}")
    assert response.status_code == 200
    body = response.json()
    assert body["deleted"] is True and body["revokedAt"] is not None and body["isActive"] is False
    assert (await victim.get("/v1/whoami")).status_code == 503
    rotate = await api.post(f"/v1/api-keys/{victim.key_record['id']}/rotate")
    assert rotate.status_code == 409
    assert rotate.json()["error"]["details"]["subcode"] == "KEY_DELETED"


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
        assert victim.key.split("_")[3] not in text
        assert "hash" not in text.lower()
