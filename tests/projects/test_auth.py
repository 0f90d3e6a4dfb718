"""Authentication, the kill switch and scopes on the project routes."""

from __future__ import annotations

import pytest

from layers_server.kit import auth
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


def _other_env(env: str) -> str:
    return "test" if env == "live" else "live"


@pytest.mark.parametrize("env", ["live", "test"])
async def test_wrong_secret_unknown_id_and_wrong_env_answer_alike_at_the_same_cost(
    new_api, client, monkeypatch, env
):
    """A key sent under the other environment's prefix, even with its right secret, is refused
    exactly like a wrong secret: same status, code and message, and the same hash comparison."""
    caller = await new_api(env=env)
    key_id, secret = caller.key.split("_", 3)[2:]
    candidates = {
        "wrong secret": format_key(env, key_id, new_secret()),
        "unknown id": format_key(env, new_key_id(), new_secret()),
        "wrong env": format_key(_other_env(env), key_id, secret),
    }
    compared: list[str] = []
    real_matches = auth.secret_matches

    def counting_matches(presented: str, stored_hash: bytes) -> bool:
        compared.append(presented)
        return real_matches(presented, stored_hash)

    monkeypatch.setattr(auth, "secret_matches", counting_matches)
    answers = {}
    for case, key in candidates.items():
        compared.clear()
        response = await client.get("/v1/whoami", headers={"Authorization": f"Bearer {key}"})
        error = response.json()["error"]
        answers[case] = (response.status_code, error["code"], error["message"])
        assert len(compared) == 1, case  # one constant-time comparison, whatever the failure
    assert answers["wrong secret"] == answers["unknown id"] == answers["wrong env"]
    assert answers["wrong env"][:2] == (401, "UNAUTHENTICATED")
    right = await client.get("/v1/whoami", headers={"Authorization": f"Bearer {caller.key}"})
    assert right.status_code == 200


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
