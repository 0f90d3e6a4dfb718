"""Test keys are a sandbox: no request reaches GitHub, and the answer is fixed by the request."""

from __future__ import annotations

from tests.github.support import admin_for, connect, ingest, install_url
from tests.support.api import make_api


async def test_a_test_key_never_calls_github(app, client, worker, fake_github):
    api = await make_api(app, client, env="test")
    _, record = await connect(api, fake_github, "acme", env="test")
    assert record["sandbox"] is True
    assert record["githubAccount"] == {"login": "layers-sandbox", "type": "Organization"}

    project = await api.create_project(name="Sandboxed")
    body = {"repoFullName": "acme/stride", "platforms": ["ios", "react-native"]}
    first = await ingest(api, project["id"], **body)
    again = await ingest(api, project["id"], **body)
    assert first["status"] == again["status"] == "completed", first
    assert fake_github.requests == []  # not one request, registration included

    result = first["result"]
    assert result["sandbox"] is True
    assert result["pullRequest"]["sandbox"] is True
    assert result["pullRequest"]["url"].startswith(f"{fake_github.origin}/acme/stride/pull/")
    assert result["platforms"] == ["ios", "react-native"]
    assert result["apps"][0]["sdkPackage"] == "@layers/react-native"
    # Deterministic: the same request gives the same answer, byte for byte.
    volatile = {"completedAt", "filledFields"}  # the first run filled the empty fields
    assert {k: v for k, v in result.items() if k not in volatile} == {
        k: v for k, v in again["result"].items() if k not in volatile
    }
    assert first["result"]["filledFields"] == ["appName", "appDescription"]
    after = (await api.get(f"/v1/projects/{project['id']}")).json()
    assert after["brandContext"]["sources"]["github"]["appName"] == "Stride"
    assert after["appName"] == "Stride"
    assert after["ingestState"]["github"]["pullRequestUrl"] == result["pullRequest"]["url"]

    no_pr = await ingest(api, project["id"], **body, openPR=False)
    assert no_pr["result"]["pullRequest"] is None
    assert "+++ b/layers.config.json" in no_pr["result"]["patch"]
    assert fake_github.requests == []


async def test_sandbox_and_live_installations_live_side_by_side(api, fake_github):
    test_key = await make_api(api.app, api.client, organization_id=api.organization_id, env="test")
    await connect(test_key, fake_github, "acme", env="test")
    live_admin = await admin_for(api)
    assert (await live_admin.get("/v1/github/installation")).status_code == 404
    installation, record = await connect(api, fake_github, "acme")
    assert "sandbox" not in record
    assert (await live_admin.get("/v1/github/installation")).json() == record
    test_admin = await admin_for(api, env="test")
    assert (await test_admin.get("/v1/github/installation")).json()["sandbox"] is True
    # A test key's state does not register a live installation, nor the reverse.
    state = (await install_url(test_admin))["state"]
    crossed = await live_admin.post(
        "/v1/github/installation", json={"installationId": installation.id, "state": state}
    )
    assert crossed.status_code == 422
