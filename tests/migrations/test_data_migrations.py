"""Data migrations, on both databases: apply the revision before, write rows of the old shape,
upgrade, and read the new shape back (what a deployment upgrading in place goes through)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.ext.asyncio import create_async_engine

from layers_server.db.migrate import alembic_config
from layers_server.db.tables import (
    api_keys,
    influencer_portraits,
    influencers,
    organizations,
    projects,
)
from layers_server.influencers.portraits import draw_portrait
from layers_server.projects.brand_context import brand_context_json
from layers_server.settings import Settings
from tests.conftest import PG_ADMIN_URL, _pg_admin

AT = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
async def empty_database_url(backend, tmp_path):
    """A database with no tables at all, of the session's backend."""
    if backend == "sqlite":
        yield Settings(database_url=f"sqlite:///{tmp_path / 'upgrade.db'}").database_url
        return
    name = f"layers_migrate_{uuid.uuid4().hex[:10]}"
    await _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield Settings(database_url=PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}").database_url
    finally:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def migrate(url: str, revision: str) -> None:
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)


async def run(url: str, *statements) -> list:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            return [await conn.execute(statement) for statement in statements]
    finally:
        await engine.dispose()


async def fetch_all(url: str, query) -> list:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return (await conn.execute(query)).all()
    finally:
        await engine.dispose()


ORG = uuid.uuid4()


def _org_row() -> sa.Insert:
    return organizations.insert().values(id=ORG, name="Upgraded", status="active", created_at=AT)


def _project_values(project_id: uuid.UUID, brand_context, ingest_state) -> dict:
    return {
        "id": project_id, "organization_id": ORG, "name": "Stride", "status": "active",
        "customer_external_id": None, "timezone": "UTC", "primary_language": "en",
        "owner_email": None, "app_name": None, "app_description": None, "tagline": None,
        "brand_voice": "authentic", "target_gender": "all", "platform_ios_bundle_id": None,
        "platform_android_bundle_id": None, "platform_web_domain": None,
        "ingest_state": ingest_state, "metadata": None, "brand_context": brand_context,
        "created_at": AT, "updated_at": AT, "archived_at": None,
    }  # fmt: skip


OLD_CONTEXT = {
    "appName": "Stride: Running Coach",
    "description": "Adaptive running plans that fit your week.",
    "tagline": "Your running coach, in your pocket",
    "audience": "busy runners",
    "voice": "warm",
    "keywords": ["running plans", "marathon training"],
    "logoUrl": "https://stride.test/logo.png",
    "sources": {
        "website": {
            "source": "website",
            "url": "https://stride.test/",
            "appName": "Stride",
            "description": "Adaptive running plans that fit your week.",
            "voice": "warm",
            "voiceSignals": {"secondPersonRate": 0.05},
            "language": "en-US",
            "keywords": ["running plans"],
        },
        "appstore": {
            "appName": "Stride: Running Coach",
            "description": "The running coach.",
            "keywords": ["marathon training"],
            "logoUrl": "https://stride.test/logo.png",
            "ios": {"source": "appstore", "platform": "ios", "description": "The running coach."},
        },
    },
    "updatedAt": "2026-11-30T12:00:00.000000+00:00",
}
INGEST_STATE = {
    "github": None,
    "website": {"status": "completed", "jobId": "job_WEB", "completedAt": "2026-11-30T11:00:00Z"},
    "appstore": {"status": "completed", "jobId": "job_APP", "completedAt": "2026-11-30T12:00:00Z"},
}


async def test_stored_brand_contexts_take_the_docs_names(empty_database_url):
    url = empty_database_url
    await migrate(url, "0002")
    # Today's table definitions, writing only the columns that existed at that revision.
    table = projects
    learned, empty = uuid.uuid4(), uuid.uuid4()
    await run(
        url,
        _org_row(),
        table.insert().values(_project_values(learned, OLD_CONTEXT, INGEST_STATE)),
        table.insert().values(_project_values(empty, None, {"github": None})),
    )
    await migrate(url, "head")

    rows = {row.id: row for row in await fetch_all(url, sa.select(projects))}
    assert rows[empty].brand_context is None
    context = rows[learned].brand_context
    assert list(context) == [
        "appName", "appDescription", "tagline", "audience", "icp", "brandVoice", "keywords",
        "primaryLanguage", "logoUrl", "sources", "updatedAt",
    ]  # fmt: skip
    assert context["appDescription"] == "Adaptive running plans that fit your week."
    assert (context["brandVoice"], context["icp"]) == ("warm", None)
    assert context["primaryLanguage"] == "en-US"  # lifted from the website's findings
    assert context["keywords"] == ["running plans", "marathon training"]
    assert "description" not in context and "voice" not in context
    website = context["sources"]["website"]
    assert (website["jobId"], website["completedAt"]) == ("job_WEB", "2026-11-30T11:00:00Z")
    assert (website["appDescription"], website["brandVoice"]) == (
        "Adaptive running plans that fit your week.",
        "warm",
    )
    assert website["primaryLanguage"] == "en-US" and "language" not in website
    assert website["voiceSignals"] == {"secondPersonRate": 0.05}  # extras are kept
    appstore = context["sources"]["appstore"]
    assert appstore["jobId"] == "job_APP" and appstore["appDescription"] == "The running coach."
    assert appstore["ios"]["platform"] == "ios"
    assert context["updatedAt"] == OLD_CONTEXT["updatedAt"]
    assert brand_context_json(context) == context  # what the API shows, unchanged

    await asyncio.to_thread(command.downgrade, alembic_config(url), "0002")
    [back] = await fetch_all(url, sa.select(table.c.brand_context).where(table.c.id == learned))
    assert back.brand_context == OLD_CONTEXT


async def test_keys_and_portraits_are_backfilled(empty_database_url):
    url = empty_database_url
    await migrate(url, "0001")
    keys = api_keys  # written without the columns this upgrade adds

    def key(kill_switch: bool, revoked_at) -> dict:
        return {
            "id": uuid.uuid4(), "key_id": uuid.uuid4().hex[:16].upper(), "organization_id": ORG,
            "name": "k", "owner_email": None, "env": "live", "scopes": ["*"],
            "rate_limit_tier": "standard", "secret_hash": b"\0" * 32, "is_active": True,
            "kill_switch": kill_switch, "created_at": AT, "last_used_at": None,
            "rotated_at": None, "revoked_at": revoked_at,
        }  # fmt: skip

    live, killed, deleted = key(False, None), key(True, None), key(False, AT)
    deleted["is_active"] = False
    project_id, ready_id, pending_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    table, people = projects, influencers

    def influencer(influencer_id: uuid.UUID, status: str) -> dict:
        return {
            "id": influencer_id, "organization_id": ORG, "project_id": project_id, "name": "Mia",
            "gender": "female", "age_range": "senior", "brand_voice": "warm", "language": "en",
            "prompt": None, "status": status, "error_message": None,
            "has_image": status == "ready", "created_at": AT, "updated_at": AT,
            "deleted_at": None,
        }  # fmt: skip

    await run(
        url,
        _org_row(),
        *(keys.insert().values(row) for row in (live, killed, deleted)),
        table.insert().values(_project_values(project_id, None, {"github": None})),
        people.insert().values(influencer(ready_id, "ready")),
        people.insert().values(influencer(pending_id, "pending")),
    )
    await migrate(url, "head")

    rows = {row.id: row for row in await fetch_all(url, sa.select(api_keys))}
    assert (rows[live["id"]].is_active, rows[live["id"]].deleted_at) == (True, None)
    # A killed key now shows what auth enforced: inactive and revoked, and still revivable.
    assert rows[killed["id"]].is_active is False
    assert rows[killed["id"]].revoked_at is not None and rows[killed["id"]].deleted_at is None
    # Only deletes ever set revokedAt before: those keys are marked deleted for good.
    assert rows[deleted["id"]].deleted_at == AT
    portraits = await fetch_all(url, sa.select(influencer_portraits))
    assert [p.influencer_id for p in portraits] == [ready_id]
    expected = draw_portrait(seed=str(ready_id), gender="female", age_range="senior")
    assert (portraits[0].svg, portraits[0].thumbnail_png) == (
        expected.svg,
        expected.thumbnail_png,
    )
