"""A test caller: an organization, one of its keys, and request helpers that send the key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa

from layers_server.db.tables import projects
from layers_server.keys import service as keys

SEED_BODY = {
    "name": "Acme Coffee",
    "customerExternalId": "acme-coffee",
    "timezone": "America/Los_Angeles",
    "primaryLanguage": "en",
    "ownerEmail": "growth@gicgrowth.com",
    "appName": "Acme Coffee",
    "appDescription": (
        "Daily ritual coffee subscriptions for runners and night-shift workers. Single-origin "
        "beans from named farms, roasted weekly, and shipped on a cadence that matches how you "
        "actually drink coffee — so the bag never goes stale and you never run out before a "
        "hard workout."
    ),
    "tagline": "Coffee that shows up before you run out.",
    "brandVoice": "warm",
    "targetGender": "all",
}


@dataclass
class Api:
    client: httpx.AsyncClient
    app: Any
    key: str
    key_record: dict[str, Any]
    organization_id: uuid.UUID
    owner_email: str | None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    @property
    def db(self):
        return self.app.state.services.db

    async def request(self, method: str, url: str, *, headers=None, **kwargs) -> httpx.Response:
        return await self.client.request(
            method, url, headers={**self.headers, **(headers or {})}, **kwargs
        )

    async def get(self, url: str, **kwargs) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs) -> httpx.Response:
        return await self.request("POST", url, **kwargs)

    async def patch(self, url: str, **kwargs) -> httpx.Response:
        return await self.request("PATCH", url, **kwargs)

    async def delete(self, url: str, **kwargs) -> httpx.Response:
        return await self.request("DELETE", url, **kwargs)

    async def create_project(self, **fields) -> dict[str, Any]:
        body = {"name": "Test project", "timezone": "UTC", **fields}
        response = await self.post("/v1/projects", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    async def project_count(self) -> int:
        async with self.db.read() as conn:
            return await conn.scalar(
                sa.select(sa.func.count())
                .select_from(projects)
                .where(projects.c.organization_id == self.organization_id)
            )


async def make_api(
    app,
    client: httpx.AsyncClient,
    *,
    scopes: list[str] | None = None,
    tier: str = "internal",
    owner_email: str | None = "owner@example.com",
    organization_id: uuid.UUID | None = None,
    env: str = "live",
    allowed_return_domains: list[str] | None = None,
) -> Api:
    db = app.state.services.db
    async with db.write() as conn:
        if organization_id is None:
            organization_id = (await keys.create_organization(conn, "Test org")).id
        minted = await keys.create_key(
            conn,
            organization_id=organization_id,
            name="test",
            scopes=scopes if scopes is not None else ["*"],
            tier=tier,
            env=env,
            owner_email=owner_email,
            allowed_return_domains=allowed_return_domains,
        )
    return Api(client, app, minted.plaintext, minted.record, organization_id, owner_email)
