"""Contract §8 end to end: POST …/ingest/* → 202 job → worker → brandContext and ingestState."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from layers_server.db.tables import scrape_failures
from tests.ingest.conftest import FIXTURES, LocalServer
from tests.jobs.support import finished, wait_for

BUNDLE_ID = "com.stridelabs.stride"
DOCS_FIELDS = [
    "appName", "appDescription", "tagline", "audience", "icp", "brandVoice", "keywords",
    "primaryLanguage", "logoUrl",
]  # fmt: skip
TRACK_ID = "1500000001"


@pytest.fixture
def stores():
    """Apple's lookup and Google Play's listing for one app, the Stride running coach."""
    server = LocalServer()
    found = (FIXTURES / "appstore" / "itunes_lookup_stride.json").read_text()
    empty = (FIXTURES / "appstore" / "itunes_lookup_empty.json").read_text()
    listing = (FIXTURES / "appstore" / "play_listing_stride.html").read_text()

    def lookup(req) -> None:
        known = req.query.get("bundleId") == BUNDLE_ID or req.query.get("id") == TRACK_ID
        req.reply(200, found if known else empty, "text/javascript; charset=utf-8")

    def details(req) -> None:
        if req.query.get("id") == BUNDLE_ID:
            req.reply(200, listing)
        else:
            req.reply(404, "<html><body>Not found</body></html>")

    server.route("/lookup", lookup)
    server.route("/store/apps/details", details)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def settings(settings, stores):
    return settings.model_copy(
        update={
            "ios_lookup_url": stores.url("/lookup"),
            "android_listing_url": stores.url("/store/apps/details"),
            "fetch_timeout_seconds": 3.0,
        }
    )


async def test_website_ingest_fills_brand_context(api, worker, site):
    project = await api.create_project(name="Stride")
    response = await api.post(
        f"/v1/projects/{project['id']}/ingest/website",
        json={"url": site.url("/"), "followLinks": True, "maxPages": 3},
    )
    assert response.status_code == 202, response.text
    envelope = response.json()
    assert envelope["kind"] == "project_ingest_website"
    job = await wait_for(api, envelope["jobId"], finished)
    assert job["status"] == "completed", job
    assert job["progress"] == 1.0
    assert job["result"]["pages"] == 3

    after = (await api.get(f"/v1/projects/{project['id']}")).json()
    context = after["brandContext"]
    assert list(context) == [*DOCS_FIELDS, "sources", "updatedAt"]
    assert context["appName"] == "Stride"
    assert context["appDescription"].startswith("Stride builds adaptive running plans")
    assert (context["brandVoice"], context["primaryLanguage"]) == ("warm", "en-US")
    assert context["icp"] is None  # no source learns an ICP yet: null, not a guess
    assert context["keywords"] and context["logoUrl"].endswith("/img/stride-logo.png")
    website = context["sources"]["website"]
    assert (website["jobId"], website["completedAt"]) == (
        envelope["jobId"],
        job["result"]["completedAt"],
    )
    assert website["url"] == site.url("/")
    assert len(website["pages"]) == 3
    assert context["updatedAt"] == job["result"]["completedAt"]
    assert after["ingestState"]["website"] == {
        "status": "completed",
        "jobId": envelope["jobId"],
        "completedAt": job["result"]["completedAt"],
    }
    assert after["ingestState"]["appstore"] is None
    assert after["platformWebDomain"] == "127.0.0.1"


async def test_a_failed_website_ingest_leaves_the_project_untouched(api, worker, server):
    server.route("/", lambda req: req.reply(404, "<html>gone</html>"))
    project = await api.create_project(name="Missing site")
    response = await api.post(
        f"/v1/projects/{project['id']}/ingest/website", json={"url": server.url("/")}
    )
    job = await wait_for(api, response.json()["jobId"], finished)
    assert job["status"] == "failed"
    assert job["error"]["code"] == "HTTP_ERROR"
    assert "404" in job["error"]["message"]
    after = (await api.get(f"/v1/projects/{project['id']}")).json()
    assert after == {**project, "brandContext": None}


class TestWithoutPrivateAddresses:
    @pytest.fixture
    def settings(self, settings):
        return settings.model_copy(update={"fetch_allow_private": False})

    async def test_private_addresses_are_refused_unless_the_operator_allows_them(self, api, worker):
        project = await api.create_project(name="Guarded")
        response = await api.post(
            f"/v1/projects/{project['id']}/ingest/website",
            json={"url": "http://169.254.169.254/latest/meta-data/"},
        )
        job = await wait_for(api, response.json()["jobId"], finished)
        assert job["status"] == "failed"
        assert job["error"]["code"] == "BLOCKED_ADDRESS"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"url": "ftp://example.com"},
        {"url": "/relative"},
        {"url": "https://example.com", "maxPages": 26},
        {"url": "https://example.com", "maxPages": 0},
        {"url": "https://example.com", "followLinks": "yes"},
    ],
)
async def test_website_body_validation(api, body):
    project = await api.create_project(name="Validate")
    response = await api.post(f"/v1/projects/{project['id']}/ingest/website", json=body)
    assert response.status_code == 422, response.text


async def test_appstore_ingest_by_url_and_package(api, worker):
    project = await api.create_project(name="Stride apps")
    response = await api.post(
        f"/v1/projects/{project['id']}/ingest/appstore",
        json={
            "appStoreUrl": f"https://apps.apple.com/us/app/stride-running-coach/id{TRACK_ID}",
            "androidPackage": BUNDLE_ID,
        },
    )
    assert response.status_code == 202, response.text
    job = await wait_for(api, response.json()["jobId"], finished)
    assert job["status"] == "completed", job
    assert job["result"]["platforms"] == ["android", "ios"]
    after = (await api.get(f"/v1/projects/{project['id']}")).json()
    assert after["platformIosBundleId"] == BUNDLE_ID
    assert after["platformAndroidBundleId"] == BUNDLE_ID
    appstore = after["brandContext"]["sources"]["appstore"]
    assert appstore["ios"]["developer"] == "Stride Labs, Inc."
    assert appstore["android"]["category"] == "Health & Fitness"
    assert after["brandContext"]["appName"] == "Stride: Running Coach"
    assert after["brandContext"]["appDescription"] == appstore["ios"]["description"]
    assert appstore["jobId"] == response.json()["jobId"]
    assert after["ingestState"]["appstore"]["status"] == "completed"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"countryCode": "us"},
        {"appStoreUrl": "https://example.com/app"},
        {"iosBundleId": "com.x", "countryCode": "usa"},
        {"androidPackage": "not a package"},
    ],
)
async def test_appstore_body_validation(api, body):
    project = await api.create_project(name="Validate")
    response = await api.post(f"/v1/projects/{project['id']}/ingest/appstore", json=body)
    assert response.status_code == 422, response.text


async def test_five_failures_in_seven_days_trip_the_breaker(api, worker):
    project = await api.create_project(name="Flaky app")
    url = f"/v1/projects/{project['id']}/ingest/appstore"
    codes = []
    for _ in range(6):
        response = await api.post(url, json={"androidPackage": "com.example.unknown"})
        job = await wait_for(api, response.json()["jobId"], finished)
        codes.append(job["error"]["code"])
    assert codes == ["APP_NOT_FOUND"] * 5 + ["SCRAPE_FAILED"]
    async with api.db.read() as conn:
        failures = await conn.scalar(
            sa.select(sa.func.count())
            .select_from(scrape_failures)
            .where(scrape_failures.c.app_key == "android:com.example.unknown")
        )
    assert failures == 5
    async with api.db.write() as conn:  # leave no open breaker for the other backend's run
        await conn.execute(
            scrape_failures.delete().where(
                scrape_failures.c.app_key == "android:com.example.unknown"
            )
        )


async def test_an_archived_project_starts_no_ingestion(api):
    project = await api.create_project(name="Archived")
    await api.delete(f"/v1/projects/{project['id']}")
    for path, body in (
        ("website", {"url": "https://example.com"}),
        ("appstore", {"iosBundleId": "com.x"}),
    ):
        response = await api.post(f"/v1/projects/{project['id']}/ingest/{path}", json=body)
        assert response.status_code == 409
        assert response.json()["error"]["details"]["subcode"] == "PROJECT_ARCHIVED"


async def test_ingest_needs_the_ingest_scope_and_ones_own_project(api, new_api):
    project = await api.create_project(name="Scoped")
    reader = await new_api(scopes=["projects:read"], organization_id=api.organization_id)
    url = f"/v1/projects/{project['id']}/ingest/website"
    response = await reader.post(url, json={"url": "https://example.com"})
    assert response.status_code == 403
    stranger = await new_api()
    assert (await stranger.post(url, json={"url": "https://example.com"})).status_code == 404
    assert (
        await api.post(
            f"/v1/projects/prj_{uuid.uuid4()}/ingest/website", json={"url": "https://example.com"}
        )
    ).status_code == 404
