"""keywords.refreshed and influencer.ready / influencer.failed (docs/api/webhooks.md): the
background workflows an appDescription starts announce their outcome in the transaction that
writes it, with the data the API shows."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from layers_server.db.tables import jobs
from tests.hardening.support import cancel_unfinished_jobs
from tests.jobs.support import finished, wait_for
from tests.support.api import SEED_BODY
from tests.support.webhooks import create_endpoint, events_of

WORKFLOW_EVENTS = ["keywords.refreshed", "influencer.ready", "influencer.failed", "job.completed"]


async def _jobs_of(api, project_id: str) -> list[str]:
    async with api.db.read() as conn:
        rows = await conn.scalars(
            sa.select(jobs.c.id).where(
                jobs.c.project_id == uuid.UUID(project_id.removeprefix("prj_"))
            )
        )
        return [f"job_{job_id}" for job_id in rows]


async def test_workflows_announce_the_bank_and_the_ready_influencer(api, worker):
    await create_endpoint(api, WORKFLOW_EVENTS)
    project = await api.create_project(**{**SEED_BODY, "customerExternalId": None})
    for job_id in await _jobs_of(api, project["id"]):
        await wait_for(api, job_id, finished, within=60)

    bank = (await api.get(f"/v1/projects/{project['id']}/keywords")).json()
    [influencer] = (await api.get(f"/v1/projects/{project['id']}/influencers")).json()["items"]
    shown = (await api.get(f"/v1/influencers/{influencer['influencerId']}")).json()
    by_type: dict[str, list[dict]] = {}
    for event in await events_of(api):
        by_type.setdefault(event["type"], []).append(event)

    (refreshed,) = by_type["keywords.refreshed"]
    assert refreshed["data"] == {
        "projectId": project["id"],
        "count": len(bank["hashtags"]),
        "refreshedAt": bank["refreshedAt"],
    }
    (ready,) = by_type["influencer.ready"]
    assert ready["data"] == shown
    assert ready["data"]["status"] == "ready"
    assert {e["data"]["kind"] for e in by_type["job.completed"]} == {
        "keywords_refresh",
        "influencer_create",
    }
    assert {e["projectId"] for e in await events_of(api)} == {project["id"]}
    assert "influencer.failed" not in by_type


async def test_a_canceled_training_announces_the_failed_influencer(api):
    await create_endpoint(api, ["influencer.failed", "job.canceled"])
    project = await api.create_project(**{**SEED_BODY, "customerExternalId": None})
    async with api.db.read() as conn:
        training = await conn.scalar(
            sa.select(jobs.c.id).where(
                jobs.c.project_id == uuid.UUID(project["id"].removeprefix("prj_")),
                jobs.c.kind == "influencer_create",
            )
        )
    canceled = await api.post(f"/v1/jobs/job_{training}/cancel", json={})  # still queued
    assert canceled.json()["accepted"] is True

    [influencer] = (await api.get(f"/v1/projects/{project['id']}/influencers")).json()["items"]
    shown = (await api.get(f"/v1/influencers/{influencer['influencerId']}")).json()
    failed, job_canceled = await events_of(api)
    assert failed["type"] == "influencer.failed"
    assert failed["data"] == shown and shown["status"] == "failed"
    assert job_canceled["type"] == "job.canceled"
    assert job_canceled["data"]["jobId"] == f"job_{training}"
    await cancel_unfinished_jobs(api.db, api.organization_id)  # its keyword research
