"""Authentication, the kill switch and scopes on the project routes."""

from __future__ import annotations

import pytest

from layers_server.kit.apikeys import format_key, new_key_id, new_secret


async def test_no_key_is_401(api, client):
    response = await client.post("/v1/projects", json={"name": "Valid", "timezone": "UTC"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHENTICATED"
    assert await api.project_count() == 0


@pytest.mark.parametrize(
    "header",
    [
        "Bearer lp_live_garbage",
        "Basic dXNlcjpwYXNz",
        "Bearer " + format_key("live", new_key_id(), new_secret()),
    ],
)
async def test_bad_key_is_401(api, client, header):
    response = await client.post(
        "/v1/projects", json={"name": "Valid", "timezone": "UTC"}, headers={"Authorization": header}
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHENTICATED"


async def test_unknown_key_id_and_wrong_secret_answer_alike(api, client):
    env, _, key_id_and_secret = api.key.partition("_")[2].partition("_")
    key_id = key_id_and_secret[:16]
    wrong_secret = format_key("test", key_id, new_secret())
    unknown_id = format_key("test", new_key_id(), new_secret())
    answers = []
    for key in (wrong_secret, unknown_id):
        response = await client.get("/v1/whoami", headers={"Authorization": f"Bearer {key}"})
        error = response.json()["error"]
        answers.append((response.status_code, error["code"], error["message"]))
    assert answers[0] == answers[1]
    assert answers[0][0] == 401


async def test_x_api_key_is_accepted_and_wins(api, client):
    response = await client.get(
        "/v1/whoami", headers={"X-Api-Key": api.key, "Authorization": "Bearer lp_live_wrong"}
    )
    assert response.status_code == 200


async def test_key_without_projects_write_is_403(new_api):
    reader = await new_api(scopes=["projects:read"])
    response = await reader.post("/v1/projects", json={"name": "Valid", "timezone": "UTC"})
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "FORBIDDEN_SCOPE"
    assert error["details"]["requiredScope"] == "projects:write"
    assert await reader.project_count() == 0
    assert (await reader.get("/v1/projects")).status_code == 200


async def test_key_with_no_scopes_reaches_only_ungated_routes(new_api):
    bare = await new_api(scopes=[])
    assert (await bare.get("/v1/whoami")).status_code == 200
    assert (await bare.get("/v1/projects")).status_code == 403


async def test_whoami(api):
    response = await api.get("/v1/whoami")
    assert response.status_code == 200
    body = response.json()
    org = f"org_{api.organization_id}"
    assert body == {
        "organizationId": org,
        "workspaceId": org,
        "organizationName": "Test org",
        "parentOrganizationId": None,
        "scopes": ["*"],
        "rateLimitTier": "internal",
        "apiKeyId": api.key_record["id"],
        "creditBalance": None,
    }
