"""The SDK against the real server: the seed's snippet verbatim, faults, pagination, errors."""

from __future__ import annotations

import uuid

import httpx
import pytest
import sqlalchemy as sa

import layers as layers_module
from layers import AsyncLayers, Layers
from layers.testing import DropAfterResponse
from layers_server.db.tables import projects
from tests.support.server import running_server


@pytest.fixture
def live_server(database_url):
    with running_server(database_url) as (base_url, _process):
        yield base_url


def test_the_seeds_python_snippet_runs_verbatim(live_server, api, monkeypatch):
    monkeypatch.setenv("LAYERS_API_KEY", api.key)
    monkeypatch.setenv("LAYERS_BASE_URL", live_server)
    layers = Layers()
    # ---- the seed page's Python example, pasted as written ----
    project = layers.projects.create(
        name="Acme Coffee",
        customer_external_id="acme-coffee",
        timezone="America/Los_Angeles",
        primary_language="en",
        owner_email="growth@gicgrowth.com",
        app_name="Acme Coffee",
        app_description=(
            "Daily ritual coffee subscriptions for runners and night-shift workers. "
            "Single-origin beans from named farms, roasted weekly, and shipped on a "
            "cadence that matches how you actually drink coffee — so the bag never "
            "goes stale and you never run out before a hard workout."
        ),
        tagline="Coffee that shows up before you run out.",
        brand_voice="warm",
        target_gender="all",
        idempotency_key=str(uuid.uuid4()),
    )
    # ------------------------------------------------------------
    assert project.id.startswith("prj_")
    assert project.name == "Acme Coffee"
    assert project.customer_external_id == "acme-coffee"
    assert project.ingest_state.website is None
    again = layers.projects.list(customer_external_id="acme-coffee").first_page()
    assert [p.id for p in again.items] == [project.id]
    layers.close()


def test_errors_are_typed_with_code_and_request_id(live_server, api):
    with Layers(api_key=api.key, base_url=live_server) as layers:
        layers.projects.create(name="Taken", timezone="UTC", customer_external_id="taken")
        with pytest.raises(layers_module.ConflictError) as conflict:
            layers.projects.create(name="Again", timezone="UTC", customer_external_id="taken")
        assert conflict.value.status == 409
        assert conflict.value.code == "CONFLICT"
        assert conflict.value.request_id.startswith("req_")
        assert conflict.value.details["existingProjectId"].startswith("prj_")
        with pytest.raises(layers_module.ValidationError) as invalid:
            layers.projects.create(name="ab", timezone="Nowhere/Land")
        assert {i["path"] for i in invalid.value.details["issues"]} == {"name", "timezone"}
        with pytest.raises(layers_module.NotFoundError):
            layers.projects.retrieve(f"prj_{uuid.uuid4()}")
    with Layers(api_key=api.key[:-4] + "AAAA", base_url=live_server) as wrong:
        with pytest.raises(layers_module.AuthenticationError):
            wrong.whoami()


def test_patch_distinguishes_omitted_from_none(live_server, api):
    with Layers(api_key=api.key, base_url=live_server) as layers:
        project = layers.projects.create(
            name="Patchable", timezone="UTC", tagline="Keep me", app_name="Keep App"
        )
        updated = layers.projects.update(project.id, tagline=None)
        assert updated.tagline is None
        assert updated.app_name == "Keep App"


async def test_async_client_auto_paginates(live_server, api):
    for index in range(12):
        await api.create_project(name=f"Paged {index:02d}")
    async with AsyncLayers(api_key=api.key, base_url=live_server) as layers:
        names = [project.name async for project in layers.projects.list(limit=5)]
    assert names == [f"Paged {index:02d}" for index in reversed(range(12))]


async def test_dropped_connection_after_commit_is_replayed_to_one_project(app, api):
    transport = DropAfterResponse(httpx.ASGITransport(app=app))
    http = httpx.AsyncClient(transport=transport, base_url="http://testserver")
    async with AsyncLayers(
        api_key=api.key, base_url="http://testserver", http_client=http
    ) as layers:
        layers._sleep = _no_sleep  # type: ignore[method-assign]
        project = await layers.projects.create(
            name="Exactly once", timezone="UTC", customer_external_id="exactly-once"
        )
    await http.aclose()
    assert len(transport.dropped) == 1  # the first answer was lost after the server committed
    async with api.db.read() as conn:
        ids = (
            (
                await conn.execute(
                    sa.select(projects.c.id).where(
                        projects.c.organization_id == api.organization_id,
                        projects.c.customer_external_id == "exactly-once",
                    )
                )
            )
            .scalars()
            .all()
        )
    assert [f"prj_{i}" for i in ids] == [project.id]


async def _no_sleep(seconds: float) -> None:
    return None
