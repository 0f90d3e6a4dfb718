"""Helpers of the GitHub tests: an admin caller, connecting an installation, running ingests."""

from __future__ import annotations

from typing import Any

from tests.github.fake_github import FakeGitHub, Installation
from tests.jobs.support import finished, wait_for
from tests.support.api import Api, make_api

RETURN_HOST = "partner.example.com"
RETURN_URL = f"https://{RETURN_HOST}/github/done"


async def admin_for(api: Api, *, env: str = "live", domains: list[str] | None = None) -> Api:
    """A `github:admin` key of ``api``'s organization, allowed to return to the partner's host."""
    return await make_api(
        api.app,
        api.client,
        organization_id=api.organization_id,
        scopes=["github:admin"],
        env=env,
        allowed_return_domains=[RETURN_HOST] if domains is None else domains,
    )


async def install_url(admin: Api, **params: str) -> dict[str, Any]:
    response = await admin.get(
        "/v1/github/installation/install-url", params={"returnUrl": RETURN_URL, **params}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def connect(
    api: Api, fake: FakeGitHub, login: str = "acme", *, env: str = "live", **installation
) -> tuple[Installation, dict[str, Any]]:
    """Install the App on ``login`` at the fake GitHub and register it for ``api``'s org."""
    admin = await admin_for(api, env=env)
    found = fake.add_installation(login, **installation)
    state = (await install_url(admin))["state"]
    response = await admin.post(
        "/v1/github/installation", json={"installationId": found.id, "state": state}
    )
    assert response.status_code == 201, response.text
    return found, response.json()


async def start_ingest(api: Api, project_id: str, **body: Any):
    return await api.post(f"/v1/projects/{project_id}/ingest/github", json=body)


async def ingest(api: Api, project_id: str, *, within: float = 30.0, **body: Any) -> dict[str, Any]:
    """Start an ingestion and wait until the job has finished; returns the job."""
    response = await start_ingest(api, project_id, **body)
    assert response.status_code == 202, response.text
    return await wait_for(api, response.json()["jobId"], finished, within=within)
