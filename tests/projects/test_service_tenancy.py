"""Domain services enforce the tenant themselves: called directly (no route, no auth) with
another organization's id, they find nothing and change nothing."""

from __future__ import annotations

import uuid

import pytest

from layers_server.db.unit_of_work import unit_of_work
from layers_server.influencers import service as influencers
from layers_server.jobs import service as jobs
from layers_server.keys import service as keys
from layers_server.keywords import service as keywords
from layers_server.kit.errors import ApiError
from layers_server.projects import service as projects
from layers_server.projects.schemas import ProjectUpdate
from tests.support.api import SEED_BODY


def _uuid(public_id: str) -> uuid.UUID:
    return uuid.UUID(public_id.split("_", 1)[1])


async def test_services_do_not_reach_another_organizations_rows(api, new_api):
    owner = api
    intruder = await new_api()
    project = await owner.create_project(**{**SEED_BODY, "customerExternalId": None})
    project_id = _uuid(project["id"])
    [persona] = (await owner.get(f"/v1/projects/{project['id']}/influencers")).json()["items"]
    persona_id = _uuid(persona["influencerId"])
    job_id = (await owner.post(f"/v1/projects/{project['id']}/keywords/refresh")).json()["jobId"]
    services = owner.app.state.services

    async with owner.db.read() as conn:
        reads = [
            projects.fetch_project(conn, intruder.organization_id, project_id),
            keywords.keyword_bank_json(conn, intruder.organization_id, project_id),
            influencers.fetch_influencer(conn, intruder.organization_id, persona_id),
            influencers.list_influencers(
                conn, intruder.organization_id, project_id, status=None, cursor=None, limit=5,
                base_url="",
            ),
            jobs.fetch_job(conn, intruder.organization_id, job_id.removeprefix("job_")),
        ]  # fmt: skip
        for read in reads:
            with pytest.raises(ApiError) as refused:
                await read
            assert refused.value.status == 404

    writes = [
        lambda uow: projects.update_project(uow, project_id, ProjectUpdate(name="Stolen")),
        lambda uow: projects.archive_project(uow, project_id),
        lambda uow: influencers.delete_influencer(uow, persona_id),
        lambda uow: keywords.refresh(uow, project_id),
        lambda uow: jobs.cancel_job(uow, job_id.removeprefix("job_"), services.job_kinds),
        lambda uow: keys.kill_key(uow, owner.key_record["id"]),
    ]
    for write in writes:
        with pytest.raises(ApiError) as refused:
            async with unit_of_work(
                owner.db,
                organization_id=intruder.organization_id,
                request_id="req_intruder",
                jobs=services.jobs,
            ) as uow:
                await write(uow)
        assert refused.value.status == 404

    after = (await owner.get(f"/v1/projects/{project['id']}")).json()
    assert (after["name"], after["status"]) == (project["name"], "active")
    assert (await owner.get(f"/v1/influencers/{persona['influencerId']}")).status_code == 200
    assert (await owner.get(f"/v1/jobs/{job_id}")).json()["status"] == "running"
    assert (await owner.get("/v1/whoami")).status_code == 200  # the key still works
