"""Every resource method sends the contract's method, path, query and camelCase body, and parses
the answer into its model: on both clients."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

import layers
import samples
from harness import Client, ScriptedAPI, body_of, resolve
from layers import NOT_GIVEN

PRJ = "prj_9cb958b5-11b5-4e30-8675-5d075d52da7c"
INF = "inf_5f0c1a52-8a40-4c55-9b1f-0d6a4a3e1b11"
JOB = "job_01JS0000000000000000000000"
KEY = "0123456789ABCDEF"
WHE = samples.WEBHOOK_ENDPOINT["endpointId"]
WHD = samples.WEBHOOK_DELIVERY["deliveryId"]


@dataclass
class Case:
    call: Callable[[Client], Any]
    method: str
    path: str
    reply: dict[str, Any]
    returns: type
    body: Any = None
    query: dict[str, str] = field(default_factory=dict)
    status: int = 200


CASES = {
    "projects.create": Case(
        lambda c: c.projects.create(
            name="Acme Coffee",
            timezone="UTC",
            customer_external_id="acme-coffee",
            metadata={"plan": "pro", "nested_key": {"keep_snake": 1}},
        ),
        "POST",
        "/v1/projects",
        samples.PROJECT,
        layers.Project,
        body={
            "name": "Acme Coffee",
            "timezone": "UTC",
            "customerExternalId": "acme-coffee",
            "metadata": {"plan": "pro", "nested_key": {"keep_snake": 1}},
        },
        status=201,
    ),
    "projects.retrieve": Case(
        lambda c: c.projects.retrieve(PRJ),
        "GET",
        f"/v1/projects/{PRJ}",
        {**samples.PROJECT, "brandContext": {"audience": "runners"}},
        layers.Project,
    ),
    "projects.update": Case(
        lambda c: c.projects.update(PRJ, name="Acme Roasters", brand_voice="witty"),
        "PATCH",
        f"/v1/projects/{PRJ}",
        samples.PROJECT,
        layers.Project,
        body={"name": "Acme Roasters", "brandVoice": "witty"},
    ),
    "projects.archive": Case(
        lambda c: c.projects.archive(PRJ),
        "DELETE",
        f"/v1/projects/{PRJ}",
        samples.ARCHIVED,
        layers.ProjectArchived,
    ),
    "projects.list": Case(
        lambda c: c.projects.list(
            status="active", search="acme", customer_external_id="acme-coffee", limit=10
        ).first_page(),
        "GET",
        "/v1/projects",
        samples.page([samples.PROJECT]),
        layers.Page,
        query={
            "status": "active",
            "search": "acme",
            "customerExternalId": "acme-coffee",
            "limit": "10",
        },
    ),
    "keywords.retrieve": Case(
        lambda c: c.keywords.retrieve(PRJ),
        "GET",
        f"/v1/projects/{PRJ}/keywords",
        samples.KEYWORDS,
        layers.KeywordBank,
    ),
    "keywords.refresh": Case(
        lambda c: c.keywords.refresh(PRJ),
        "POST",
        f"/v1/projects/{PRJ}/keywords/refresh",
        {**samples.JOB, "kind": "keywords_refresh"},
        layers.Job,
        body={},
        status=202,
    ),
    "influencers.list": Case(
        lambda c: c.influencers.list(PRJ, status="ready", limit=5).first_page(),
        "GET",
        f"/v1/projects/{PRJ}/influencers",
        samples.page([samples.INFLUENCER]),
        layers.Page,
        query={"status": "ready", "limit": "5"},
    ),
    "influencers.create": Case(
        lambda c: c.influencers.create(PRJ, gender="non_binary", age_range="adult", prompt="DJ"),
        "POST",
        f"/v1/projects/{PRJ}/influencers",
        {**samples.JOB, "kind": "influencer_create"},
        layers.Job,
        body={"gender": "non_binary", "ageRange": "adult", "prompt": "DJ"},
        status=202,
    ),
    "influencers.retrieve": Case(
        lambda c: c.influencers.retrieve(INF),
        "GET",
        f"/v1/influencers/{INF}",
        samples.INFLUENCER,
        layers.Influencer,
    ),
    "influencers.update": Case(
        lambda c: c.influencers.update(INF, name="Maya", age_range="adult", language="pt-BR"),
        "PATCH",
        f"/v1/influencers/{INF}",
        samples.INFLUENCER,
        layers.Influencer,
        body={"name": "Maya", "ageRange": "adult", "language": "pt-BR"},
    ),
    "influencers.delete": Case(
        lambda c: c.influencers.delete(INF),
        "DELETE",
        f"/v1/influencers/{INF}",
        samples.INFLUENCER_DELETED,
        layers.InfluencerDeleted,
    ),
    "hooks.retrieve": Case(
        lambda c: c.hooks.retrieve(PRJ),
        "GET",
        f"/v1/projects/{PRJ}/content/hooks",
        samples.HOOKS,
        layers.HooksBank,
    ),
    "ingest.website": Case(
        lambda c: c.ingest.website(PRJ, url="https://acme.coffee", follow_links=True, max_pages=5),
        "POST",
        f"/v1/projects/{PRJ}/ingest/website",
        samples.JOB,
        layers.Job,
        body={"url": "https://acme.coffee", "followLinks": True, "maxPages": 5},
        status=202,
    ),
    "ingest.appstore": Case(
        lambda c: c.ingest.appstore(
            PRJ,
            ios_bundle_id="com.acme.coffee",
            app_store_url="https://apps.test/acme",
            country_code="gb",
        ),
        "POST",
        f"/v1/projects/{PRJ}/ingest/appstore",
        {**samples.JOB, "kind": "project_ingest_appstore"},
        layers.Job,
        body={
            "iosBundleId": "com.acme.coffee",
            "appStoreUrl": "https://apps.test/acme",
            "countryCode": "gb",
        },
        status=202,
    ),
    "ingest.github": Case(
        lambda c: c.ingest.github(
            PRJ,
            repo_full_name="acme/stride",
            open_pr=False,
            platforms=["ios"],
            sdk_config={"includePlatforms": ["ios"]},
            pr_title="Set up Layers",
        ),
        "POST",
        f"/v1/projects/{PRJ}/ingest/github",
        {**samples.JOB, "kind": "project_ingest_github"},
        layers.Job,
        body={
            "repoFullName": "acme/stride",
            "openPR": False,
            "platforms": ["ios"],
            "sdkConfig": {"includePlatforms": ["ios"]},
            "prTitle": "Set up Layers",
        },
        status=202,
    ),
    "github.install_url": Case(
        lambda c: c.github.install_url(return_url="https://app.example.com/back"),
        "GET",
        "/v1/github/installation/install-url",
        samples.GITHUB_INSTALL_URL,
        layers.GitHubInstallUrl,
        query={"returnUrl": "https://app.example.com/back"},
    ),
    "github.register_installation": Case(
        lambda c: c.github.register_installation(installation_id=4242, state="abc"),
        "POST",
        "/v1/github/installation",
        samples.GITHUB_INSTALLATION,
        layers.GitHubInstallation,
        body={"installationId": 4242, "state": "abc"},
        status=201,
    ),
    "github.installation": Case(
        lambda c: c.github.installation(),
        "GET",
        "/v1/github/installation",
        samples.GITHUB_INSTALLATION,
        layers.GitHubInstallation,
    ),
    "jobs.retrieve": Case(
        lambda c: c.jobs.retrieve(JOB), "GET", f"/v1/jobs/{JOB}", samples.JOB, layers.Job
    ),
    "jobs.cancel": Case(
        lambda c: c.jobs.cancel(JOB),
        "POST",
        f"/v1/jobs/{JOB}/cancel",
        samples.JOB_CANCEL,
        layers.JobCancelResult,
        body={},
        status=202,
    ),
    "api_keys.kill": Case(
        lambda c: c.api_keys.kill(KEY),
        "POST",
        f"/v1/api-keys/{KEY}/kill",
        samples.API_KEY_KILLED,
        layers.ApiKeyKilled,
        body={},
    ),
    "api_keys.rotate": Case(
        lambda c: c.api_keys.rotate(KEY),
        "POST",
        f"/v1/api-keys/{KEY}/rotate",
        samples.API_KEY_ROTATED,
        layers.ApiKeyRotated,
        body={},
    ),
    "api_keys.delete": Case(
        lambda c: c.api_keys.delete(KEY),
        "DELETE",
        f"/v1/api-keys/{KEY}",
        samples.API_KEY_DELETED,
        layers.ApiKeyDeleted,
    ),
    "webhooks.create": Case(
        lambda c: c.webhooks.create(
            url="https://hooks.acme.test/layers",
            events=("job.completed", "project.created"),
            project_id=PRJ,
            metadata={"team": "growth"},
        ),
        "POST",
        "/v1/webhook-endpoints",
        samples.WEBHOOK_ENDPOINT_CREATED,
        layers.WebhookEndpointCreated,
        body={
            "url": "https://hooks.acme.test/layers",
            "events": ["job.completed", "project.created"],
            "projectId": PRJ,
            "metadata": {"team": "growth"},
        },
        status=201,
    ),
    "webhooks.list": Case(
        lambda c: c.webhooks.list(limit=2).first_page(),
        "GET",
        "/v1/webhook-endpoints",
        samples.page([samples.WEBHOOK_ENDPOINT]),
        layers.Page,
        query={"limit": "2"},
    ),
    "webhooks.retrieve": Case(
        lambda c: c.webhooks.retrieve(WHE),
        "GET",
        f"/v1/webhook-endpoints/{WHE}",
        samples.WEBHOOK_ENDPOINT,
        layers.WebhookEndpoint,
    ),
    "webhooks.update": Case(
        lambda c: c.webhooks.update(WHE, events=["job.failed"], description=None, status="active"),
        "PATCH",
        f"/v1/webhook-endpoints/{WHE}",
        samples.WEBHOOK_ENDPOINT,
        layers.WebhookEndpoint,
        body={"events": ["job.failed"], "description": None, "status": "active"},
    ),
    "webhooks.delete": Case(
        lambda c: c.webhooks.delete(WHE),
        "DELETE",
        f"/v1/webhook-endpoints/{WHE}",
        samples.WEBHOOK_ENDPOINT_DELETED,
        layers.WebhookEndpointDeleted,
    ),
    "webhooks.rotate_secret": Case(
        lambda c: c.webhooks.rotate_secret(WHE),
        "POST",
        f"/v1/webhook-endpoints/{WHE}/rotate-secret",
        samples.WEBHOOK_SECRET_ROTATED,
        layers.WebhookSecretRotated,
        body={},
    ),
    "webhooks.test": Case(
        lambda c: c.webhooks.test(WHE),
        "POST",
        f"/v1/webhook-endpoints/{WHE}/test",
        samples.WEBHOOK_TEST_SENT,
        layers.WebhookTestSent,
        body={},
        status=202,
    ),
    "webhooks.list_deliveries": Case(
        lambda c: c.webhooks.list_deliveries(WHE, status="failed", limit=3).first_page(),
        "GET",
        f"/v1/webhook-endpoints/{WHE}/deliveries",
        samples.page([samples.WEBHOOK_DELIVERY]),
        layers.Page,
        query={"status": "failed", "limit": "3"},
    ),
    "webhooks.retrieve_delivery": Case(
        lambda c: c.webhooks.retrieve_delivery(WHD),
        "GET",
        f"/v1/webhook-deliveries/{WHD}",
        samples.WEBHOOK_DELIVERY_DETAIL,
        layers.WebhookDeliveryDetail,
    ),
    "webhooks.replay": Case(
        lambda c: c.webhooks.replay(WHD),
        "POST",
        f"/v1/webhook-deliveries/{WHD}/replay",
        samples.WEBHOOK_REPLAY,
        layers.WebhookReplay,
        body={},
    ),
    "whoami": Case(lambda c: c.whoami(), "GET", "/v1/whoami", samples.WHOAMI, layers.Whoami),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_method_speaks_the_contract(client: Client, api: ScriptedAPI, case: Case) -> None:
    api.reply(case.status, case.reply)

    result = await resolve(case.call(client))

    [request] = api.requests
    assert (request.method, request.url.path) == (case.method, case.path)
    assert dict(request.url.params) == case.query
    assert body_of(request) == case.body
    if case.body is not None:
        assert request.headers["content-type"] == "application/json"
    # Mutating calls always carry an idempotency key; reads never do.
    assert ("idempotency-key" in request.headers) == (case.method != "GET")
    assert isinstance(result, case.returns)


async def test_the_seed_snippet_runs_verbatim(client: Client, api: ScriptedAPI) -> None:
    api.reply(201, samples.PROJECT)
    key = str(uuid.uuid4())

    layers = client  # the seed's variable name
    project = await resolve(
        layers.projects.create(
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
            idempotency_key=key,
        )
    )

    assert body_of(api.last) == samples.SEED_BODY
    assert api.last.headers["idempotency-key"] == key
    assert project.id == samples.PROJECT["id"]
    assert project.customer_external_id == "acme-coffee"
    assert project.ingest_state is not None and project.ingest_state.website is None


async def test_patch_sends_only_given_fields_and_none_as_null(
    client: Client, api: ScriptedAPI
) -> None:
    api.always(200, samples.PROJECT)

    await resolve(client.projects.update(PRJ, tagline=None, app_name=None, metadata=None))
    assert body_of(api.last) == {"tagline": None, "appName": None, "metadata": None}

    await resolve(client.projects.update(PRJ, status="active"))
    assert body_of(api.last) == {"status": "active"}

    await resolve(client.projects.update(PRJ, customer_external_id=None, name=NOT_GIVEN))
    assert body_of(api.last) == {"customerExternalId": None}

    api.always(200, samples.INFLUENCER)
    await resolve(client.influencers.update(INF, brand_voice="casual"))
    assert body_of(api.last) == {"brandVoice": "casual"}


async def test_create_leaves_out_optional_fields_not_given(
    client: Client, api: ScriptedAPI
) -> None:
    api.reply(201, samples.PROJECT)
    await resolve(client.projects.create(name="Acme Coffee", timezone="UTC"))
    assert body_of(api.last) == {"name": "Acme Coffee", "timezone": "UTC"}


async def test_ids_are_escaped_as_one_path_segment(client: Client, api: ScriptedAPI) -> None:
    api.reply(404, samples.error("NOT_FOUND"))
    with pytest.raises(layers.NotFoundError):
        await resolve(client.with_options(max_retries=0).projects.retrieve("../api-keys/x"))
    assert api.last.url.raw_path == b"/v1/projects/..%2Fapi-keys%2Fx"


@pytest.mark.parametrize("bad", ["", None])
async def test_empty_id_fails_before_sending(client: Client, api: ScriptedAPI, bad: Any) -> None:
    with pytest.raises(ValueError, match="project_id"):
        await resolve(client.projects.retrieve(bad))
    assert api.requests == []


async def test_events_given_as_one_string_fail_before_sending(
    client: Client, api: ScriptedAPI
) -> None:
    with pytest.raises(TypeError, match=r"\['job.completed'\]"):
        await resolve(client.webhooks.create(url="https://h.test/x", events="job.completed"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="list of event types"):
        await resolve(client.webhooks.update(WHE, events="job.failed"))  # type: ignore[arg-type]
    assert api.requests == []
