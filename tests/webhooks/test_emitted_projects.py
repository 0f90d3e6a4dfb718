"""project.* events (docs/api/webhooks.md), written by the outbox in the transaction of the
change: a change and its event commit together or not at all, a replayed request emits
nothing more, and a test key's changes reach only test endpoints."""

from __future__ import annotations

import uuid

import pytest

from layers_server.db.tables import webhook_deliveries
from layers_server.projects.service import AppDescriptionSet
from tests.support.api import SEED_BODY
from tests.support.webhooks import create_endpoint, events_of, webhook_rows

PROJECT_EVENTS = ["project.created", "project.updated", "project.archived"]


def _without_brand_context(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "brandContext"}


async def test_create_change_and_archive_each_emit_the_project_as_the_api_shows_it(api):
    await create_endpoint(api, PROJECT_EVENTS)
    created = await api.create_project(name="Evented")
    path = f"/v1/projects/{created['id']}"
    changed = (await api.patch(path, json={"tagline": "Now with events"})).json()
    await api.patch(path, json={"tagline": "Now with events"})  # no change: no event
    archived_answer = (await api.delete(path)).json()
    await api.delete(path)  # already archived: no event
    archived = (await api.get(path)).json()

    sent = await events_of(api)
    assert [e["type"] for e in sent] == PROJECT_EVENTS
    assert [e["data"] for e in sent] == [
        created,
        _without_brand_context(changed),
        _without_brand_context(archived),
    ]
    assert archived["status"] == archived_answer["status"] == "archived"
    assert {(e["projectId"], e["organizationId"], e["env"]) for e in sent} == {
        (created["id"], f"org_{api.organization_id}", "live")
    }
    assert len({e["id"] for e in sent}) == 3
    assert len(await webhook_rows(api, webhook_deliveries)) == 3


async def test_archiving_by_patch_is_project_archived(api):
    await create_endpoint(api, PROJECT_EVENTS)
    project = await api.create_project()
    await api.patch(f"/v1/projects/{project['id']}", json={"status": "archived"})
    await api.patch(f"/v1/projects/{project['id']}", json={"status": "active"})
    sent = await events_of(api)
    assert [e["type"] for e in sent] == [*PROJECT_EVENTS[:1], "project.archived", "project.updated"]
    assert [e["data"]["status"] for e in sent] == ["active", "archived", "active"]


async def test_a_create_replayed_ten_times_emits_one_event(api):
    await create_endpoint(api, ["project.created"])
    key = {"Idempotency-Key": f"create-{uuid.uuid4()}"}
    answers = [await api.post("/v1/projects", json=SEED_BODY, headers=key) for _ in range(11)]
    assert {a.status_code for a in answers} == {201}
    assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == 10
    sent = await events_of(api, "project.created")
    assert len(sent) == 1
    assert sent[0]["data"] == answers[0].json()
    assert len(await webhook_rows(api, webhook_deliveries)) == 1


async def test_a_failure_after_the_write_rolls_back_the_change_and_its_event(api):
    await create_endpoint(api, ["project.created"])

    async def broken_reaction(uow, change):
        # By now the project and its event rows are written in the transaction (reactions run
        # after the pending rows); this failure must take both back.
        raise RuntimeError("forced failure after the business write")

    api.app.state.services.reactions.on(AppDescriptionSet, broken_reaction)
    response = await api.post("/v1/projects", json=SEED_BODY)
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "INTERNAL"
    assert await api.project_count() == 0
    assert await events_of(api) == []
    assert await webhook_rows(api, webhook_deliveries) == []


async def test_a_refused_change_emits_nothing(api):
    await create_endpoint(api, PROJECT_EVENTS)
    await api.create_project(name="Taken", customerExternalId="acme")
    duplicate = await api.post(
        "/v1/projects", json={"name": "Again", "timezone": "UTC", "customerExternalId": "acme"}
    )
    assert duplicate.status_code == 409
    assert [e["type"] for e in await events_of(api)] == ["project.created"]


@pytest.mark.parametrize("env", ["live", "test"])
async def test_events_reach_only_the_endpoints_of_the_causing_environment(api, new_api, env):
    test_key = await new_api(env="test", organization_id=api.organization_id)
    live_endpoint = (await create_endpoint(api))["endpoint"]["endpointId"]
    test_endpoint = (await create_endpoint(test_key))["endpoint"]["endpointId"]
    causer = api if env == "live" else test_key
    await causer.create_project(name=f"From {env}")
    (event,) = await events_of(api)
    assert event["env"] == env
    (delivery,) = await webhook_rows(api, webhook_deliveries)
    expected = live_endpoint if env == "live" else test_endpoint
    assert f"whe_{delivery.endpoint_id}" == expected


async def test_an_endpoint_of_one_project_hears_only_that_project(api):
    mine = await api.create_project(name="Mine")
    await create_endpoint(api, ["project.updated"], projectId=mine["id"])
    other = await api.create_project(name="Other")
    await api.patch(f"/v1/projects/{other['id']}", json={"tagline": "unheard"})
    await api.patch(f"/v1/projects/{mine['id']}", json={"tagline": "heard"})
    sent = await events_of(api)
    assert [(e["type"], e["projectId"]) for e in sent] == [("project.updated", mine["id"])]
