"""Ingestion fills what the partner left empty, and a first appDescription starts the
workflows, in the transaction that completes the ingestion."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from layers_server.db.tables import influencers, jobs
from layers_server.jobs.context import JobError
from tests.jobs.support import finished, wait_for

STRIDE_DESCRIPTION = (
    "Stride builds adaptive running plans around your calendar, so busy runners can train for "
    "a 5K, 10K or marathon without giving up their evenings."
)
STRIDE_TAGLINE = "Your running coach, in your pocket"


async def project_jobs(api, project_id: str) -> list[str]:
    async with api.db.read() as conn:
        rows = await conn.execute(
            sa.select(jobs.c.kind)
            .where(jobs.c.project_id == uuid.UUID(project_id.removeprefix("prj_")))
            .order_by(jobs.c.id)
        )
        return [row.kind for row in rows]


async def ingest_site(api, project: dict, url: str) -> dict:
    started = await api.post(f"/v1/projects/{project['id']}/ingest/website", json={"url": url})
    assert started.status_code == 202, started.text
    job = await wait_for(api, started.json()["jobId"], finished)
    assert job["status"] == "completed", job
    return (await api.get(f"/v1/projects/{project['id']}")).json()


async def test_name_and_timezone_then_ingest_then_hooks_with_no_patch(api, worker, site):
    project = await api.create_project(name="Client 42", timezone="Europe/Berlin")
    assert await project_jobs(api, project["id"]) == []
    hooks_url = f"/v1/projects/{project['id']}/content/hooks"
    assert (await api.get(hooks_url)).status_code == 422  # nothing to write hooks about yet

    after = await ingest_site(api, project, site.url("/"))
    assert (after["appName"], after["appDescription"], after["tagline"]) == (
        "Stride",
        STRIDE_DESCRIPTION,
        STRIDE_TAGLINE,
    )
    assert after["name"] == "Client 42"  # only the empty fields
    kinds = await project_jobs(api, project["id"])
    assert sorted(kinds) == ["influencer_create", "keywords_refresh", "project_ingest_website"]

    hooks = await api.get(hooks_url)
    assert hooks.status_code == 200, hooks.text
    bank = hooks.json()
    assert bank["appName"] == "Stride"
    assert 20 <= len(bank["hooks"]) <= 30
    assert sum("Stride" in hook for hook in bank["hooks"]) >= 5  # anchored on the learned name

    for kind in ("keywords_refresh", "influencer_create"):
        async with api.db.read() as conn:
            job_id = await conn.scalar(
                sa.select(jobs.c.id).where(
                    jobs.c.project_id == uuid.UUID(project["id"][4:]), jobs.c.kind == kind
                )
            )
        assert (await wait_for(api, f"job_{job_id}", finished))["status"] == "completed"
    keywords = (await api.get(f"/v1/projects/{project['id']}/keywords")).json()
    assert keywords["refreshedAt"] is not None and 15 <= len(keywords["hashtags"]) <= 40
    [persona] = (await api.get(f"/v1/projects/{project['id']}/influencers")).json()["items"]
    assert persona["status"] == "ready"


PARTNER_VALUES = {
    "appName": "Partner Name",
    "appDescription": "A partner's own description, which no ingestion may replace. " * 2,
    "tagline": "The partner's tagline",
}
LEARNED = {"appName": "Stride", "appDescription": STRIDE_DESCRIPTION, "tagline": STRIDE_TAGLINE}


@pytest.mark.parametrize("partner_set", [[], ["appName"], ["appDescription"], ["tagline"],
                                         ["appName", "appDescription", "tagline"]])  # fmt: skip
async def test_a_partner_value_is_never_overwritten(api, worker, site, partner_set):
    given = {field: PARTNER_VALUES[field].strip() for field in partner_set}
    project = await api.create_project(name="Mixed", **given)
    before = await project_jobs(api, project["id"])
    after = await ingest_site(api, project, site.url("/"))
    for field in LEARNED:
        expected = given[field] if field in given else LEARNED[field]
        assert after[field] == expected, field
    started = (await project_jobs(api, project["id"]))[len(before) :]
    if "appDescription" in given:
        # The create already started the workflows; the ingestion starts nothing more.
        assert started == ["project_ingest_website"]
    else:
        assert sorted(started) == [
            "influencer_create",
            "keywords_refresh",
            "project_ingest_website",
        ]


async def test_a_short_description_is_not_written_and_starts_nothing(api, worker, server):
    server.page(
        "/",
        "<html><head><title>Tiny — Do less</title><meta name='description' content='Short.'>"
        "<meta property='og:site_name' content='Tiny App With A Name Far Longer Than Thirty'>"
        "</head><body><h1>Do less</h1></body></html>",
    )
    project = await api.create_project(name="Tiny")
    after = await ingest_site(api, project, server.url("/"))
    assert after["appDescription"] is None
    assert after["brandContext"]["appDescription"] == "Short."  # learned, just not usable
    # Cut to the field's rule at a word break: 3–30 characters.
    assert after["appName"] == "Tiny App With A Name Far"
    assert after["tagline"] == "Do less"
    assert await project_jobs(api, project["id"]) == ["project_ingest_website"]


async def test_the_first_influencer_only_when_the_project_has_none(api, worker, site):
    project = await api.create_project(name="Has a persona")
    await api.post(f"/v1/projects/{project['id']}/influencers", json={})
    await ingest_site(api, project, site.url("/"))
    kinds = await project_jobs(api, project["id"])
    assert kinds.count("influencer_create") == 1 and kinds.count("keywords_refresh") == 1
    async with api.db.read() as conn:
        count = await conn.scalar(
            sa.select(sa.func.count())
            .select_from(influencers)
            .where(influencers.c.project_id == uuid.UUID(project["id"][4:]))
        )
    assert count == 1


async def test_the_fill_and_its_workflows_commit_with_the_ingestion_or_not_at_all(
    api, worker, site, monkeypatch
):
    async def refuse(*args, **kwargs):
        raise JobError("WORKFLOWS_DOWN", "forced failure while starting the workflows")

    monkeypatch.setattr("layers_server.keywords.service.enqueue_research", refuse)
    project = await api.create_project(name="Atomic")
    started = await api.post(
        f"/v1/projects/{project['id']}/ingest/website", json={"url": site.url("/")}
    )
    job = await wait_for(api, started.json()["jobId"], finished)
    assert job["status"] == "failed" and job["error"]["code"] == "WORKFLOWS_DOWN"
    after = (await api.get(f"/v1/projects/{project['id']}")).json()
    assert after == {**project, "brandContext": None}  # no fill, no brandContext, no state
    assert await project_jobs(api, project["id"]) == ["project_ingest_website"]
