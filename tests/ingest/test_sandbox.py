"""Test keys are a sandbox: ingestion makes no outbound connection and answers deterministic
findings; the LLM is never called. Live keys, in the same tests, reach out as before."""

from __future__ import annotations

import dataclasses
import json
import uuid

import pytest
import sqlalchemy as sa

from layers_server.db.tables import jobs
from layers_server.db.unit_of_work import Reactions
from layers_server.jobs.context import JobContext, JobInfo
from layers_server.kit import fetch
from layers_server.settings import Settings
from tests.ingest.conftest import LocalServer
from tests.jobs.support import finished, wait_for
from tests.support.api import SEED_BODY


@pytest.fixture
def outbound(monkeypatch) -> list[str]:
    """Every host the outbound-fetch layer vets: each connection it makes passes through
    `vet_host` first (at the request and again at connect time)."""
    seen: list[str] = []
    real = fetch.vet_host

    async def spy(host, port, policy, resolver):
        seen.append(host)
        return await real(host, port, policy, resolver)

    monkeypatch.setattr(fetch, "vet_host", spy)
    return seen


@pytest.fixture
def llm_server():
    """A fake OpenAI-compatible endpoint that counts the calls it gets (and answers nothing
    usable, so the offline engine still writes the answer)."""
    server = LocalServer()
    server.route("/v1/chat/completions", lambda req: req.reply(503, "{}", "application/json"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def stores():
    server = LocalServer()
    server.route("/lookup", lambda req: req.reply(200, '{"resultCount": 0, "results": []}'))
    server.route("/details", lambda req: req.reply(404, "<html></html>"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def settings(settings, llm_server, stores):
    return settings.model_copy(
        update={
            "llm_base_url": llm_server.url("/v1"),
            "llm_timeout_seconds": 2.0,
            "ios_lookup_url": stores.url("/lookup"),
            "android_listing_url": stores.url("/details"),
            "fetch_timeout_seconds": 3.0,
        }
    )


async def ingest(caller, kind: str, body: dict, **project) -> tuple[dict, dict]:
    """Create a project, run one ingestion to its end; the finished job and the project."""
    created = await caller.create_project(**{"name": "Sandboxed", **project})
    started = await caller.post(f"/v1/projects/{created['id']}/ingest/{kind}", json=body)
    assert started.status_code == 202, started.text
    job = await wait_for(caller, started.json()["jobId"], finished)
    assert job["status"] == "completed", job
    return job, (await caller.get(f"/v1/projects/{created['id']}")).json()


async def test_website_ingestion_of_a_test_key_never_leaves_the_machine(
    new_api, worker, site, outbound
):
    tester = await new_api(env="test")
    job, project = await ingest(tester, "website", {"url": site.url("/"), "followLinks": True})

    assert site.hits == [] and outbound == []
    assert (job["stage"], job["progress"]) == ("completed", 1.0)
    assert job["result"]["sandbox"] is True
    context = project["brandContext"]
    assert context["sources"]["website"]["sandbox"] is True
    assert context["appName"] == "127.0.0.1"  # an IP host names itself
    assert project["ingestState"]["website"]["status"] == "completed"
    assert project["platformWebDomain"] == "127.0.0.1"

    # The same request with a live key really fetches the site: the spy and server see it.
    live = await new_api(organization_id=tester.organization_id)
    live_job, live_project = await ingest(live, "website", {"url": site.url("/")})
    assert site.hits and "127.0.0.1" in outbound
    assert live_job["result"]["sandbox"] is False
    assert live_project["brandContext"]["appName"] == "Stride"


async def test_the_same_request_gives_byte_identical_findings(new_api, worker, outbound):
    tester = await new_api(env="test")
    # A host that does not even resolve: nothing is looked up.
    body = {"url": "https://www.acme-coffee.example/coffee?ref=ad", "maxPages": 3}
    first, project = await ingest(tester, "website", body)
    second, _ = await ingest(tester, "website", body)

    assert outbound == []
    first_text = json.dumps(first["result"]["brandContext"])
    assert first_text == json.dumps(second["result"]["brandContext"])
    context = project["brandContext"]
    assert context["appName"] == "Acme Coffee"  # the host's first label, in words
    assert {k: context[k] for k in first["result"]["brandContext"]} == json.loads(first_text)
    assert (
        len(context["appDescription"]) >= 100
        and "acme-coffee.example" in (context["appDescription"])
    )
    assert context["logoUrl"] is None  # nothing fetched, nothing invented
    # And the project fields it filled are the findings' (the project had none).
    assert (project["appName"], project["appDescription"]) == (
        "Acme Coffee",
        context["appDescription"],
    )


async def test_app_store_ingestion_of_a_test_key_never_leaves_the_machine(
    new_api, worker, stores, outbound
):
    tester = await new_api(env="test")
    body = {
        "iosBundleId": "com.acme.CoffeeClub",
        "appStoreUrl": "https://play.google.com/store/apps/details?id=com.acme.coffee_club",
    }
    job, project = await ingest(tester, "appstore", body)

    assert stores.hits == [] and outbound == []
    assert job["result"]["sandbox"] is True
    assert job["result"]["platforms"] == ["android", "ios"]
    assert project["platformIosBundleId"] == "com.acme.CoffeeClub"
    assert project["platformAndroidBundleId"] == "com.acme.coffee_club"
    appstore = project["brandContext"]["sources"]["appstore"]
    assert appstore["ios"]["appName"] == "Coffee Club"
    assert appstore["android"]["appName"] == "Coffee Club"
    assert appstore["ios"]["sandbox"] is True and appstore["ios"]["developer"] is None
    again, _ = await ingest(tester, "appstore", body)
    assert json.dumps(again["result"]["brandContext"]) == json.dumps(job["result"]["brandContext"])

    by_url, _ = await ingest(
        tester,
        "appstore",
        {"appStoreUrl": "https://apps.apple.com/us/app/stride-running-coach/id1500000001"},
    )
    assert by_url["result"]["brandContext"]["appName"] == "Stride Running Coach"
    assert stores.hits == []

    live = await new_api(organization_id=tester.organization_id)
    started = await live.post(
        f"/v1/projects/{(await live.create_project(name='Live app'))['id']}/ingest/appstore",
        json={"iosBundleId": "com.acme.CoffeeClub"},
    )
    failed = await wait_for(live, started.json()["jobId"], finished)
    assert failed["error"]["code"] == "APP_NOT_FOUND"  # a live key really asked the store
    assert stores.hits


async def test_the_llm_is_never_called_for_a_test_key(new_api, worker, llm_server):
    tester = await new_api(env="test")
    project = await tester.create_project(**{**SEED_BODY, "customerExternalId": None})
    hooks = await tester.get(f"/v1/projects/{project['id']}/content/hooks")
    assert hooks.status_code == 200 and 20 <= len(hooks.json()["hooks"]) <= 30
    research = await tester.post(f"/v1/projects/{project['id']}/keywords/refresh", json={})
    assert (await wait_for(tester, research.json()["jobId"], finished))["status"] == "completed"
    bank = (await tester.get(f"/v1/projects/{project['id']}/keywords")).json()
    assert bank["hashtags"]
    assert llm_server.hits == []

    live = await new_api(organization_id=tester.organization_id)
    live_project = await live.create_project(**{**SEED_BODY, "customerExternalId": None})
    assert (await live.get(f"/v1/projects/{live_project['id']}/content/hooks")).status_code == 200
    assert llm_server.hits  # the configured LLM is asked for live keys (and fell back here)


async def test_the_workflows_a_sandbox_ingestion_starts_are_sandboxed_too(
    new_api, worker, llm_server, outbound
):
    tester = await new_api(env="test")
    _, project = await ingest(tester, "website", {"url": "https://www.acme-coffee.example/"})
    async with tester.db.read() as conn:
        rows = (
            await conn.execute(
                sa.select(jobs.c.id, jobs.c.kind, jobs.c.sandbox).where(
                    jobs.c.project_id == uuid.UUID(project["id"].removeprefix("prj_"))
                )
            )
        ).all()
    assert sorted(row.kind for row in rows) == [
        "influencer_create",
        "keywords_refresh",
        "project_ingest_website",
    ]
    assert all(row.sandbox for row in rows)
    for row in rows:
        assert (await wait_for(tester, f"job_{row.id}", finished))["status"] == "completed"
    assert llm_server.hits == [] and outbound == []
    bank = (await tester.get(f"/v1/projects/{project['id']}/keywords")).json()
    assert bank["hashtags"]  # the offline engine answered


def test_a_sandbox_job_cannot_even_ask_how_to_fetch():
    info = JobInfo(
        job_id="01SANDBOXSANDBOXSANDBOXSAN",
        kind="project_ingest_website",
        payload={},
        organization_id=uuid.uuid4(),
        project_id=None,
        request_id=None,
        sandbox=True,
    )
    ctx = JobContext(
        info=info,
        attempt=1,
        max_attempts=1,
        db=None,  # type: ignore[arg-type]
        settings=Settings(database_url="sqlite://"),
        jobs=None,  # type: ignore[arg-type]
        reactions=Reactions(),
        llm=None,
        progress=None,  # type: ignore[arg-type]
    )
    with pytest.raises(RuntimeError, match="no outbound request"):
        ctx.fetch_policy  # noqa: B018
    live = dataclasses.replace(ctx, info=dataclasses.replace(info, sandbox=False))
    assert live.fetch_policy.allow_private is False
