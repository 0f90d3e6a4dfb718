"""GET /v1/jobs/{jobId} and POST /v1/jobs/{jobId}/cancel: answers, ids, scopes, organizations."""

from __future__ import annotations

import pytest

from tests.jobs import kinds
from tests.jobs.support import finished, job_row, start_job, wait_for

SLOW_COMMIT = {"steps": [[0.1, "preparing", 0], [0.5, "committing", 0.6], [0.9, "finishing", 0]]}


async def test_canceling_a_queued_job_cancels_it_at_once(api):
    envelope = await start_job(api)
    response = await api.post(f"/v1/jobs/{envelope['jobId']}/cancel")
    assert response.status_code == 202
    assert response.json() == {"jobId": envelope["jobId"], "accepted": True}

    job = (await api.get(envelope["locationUrl"])).json()
    assert job["status"] == "canceled"
    assert job["finishedAt"] is not None
    assert job["result"] is None and job["error"] is None
    # The kind's failure hook ran in the cancel's transaction.
    events = await kinds.events_of(api.db, envelope["jobId"].removeprefix("job_"))
    assert [event.event for event in events] == ["hook:CANCELED"]


async def test_canceling_a_finished_job_answers_200_not_accepted(api):
    envelope = await start_job(api)
    await api.post(f"/v1/jobs/{envelope['jobId']}/cancel")
    again = await api.post(f"/v1/jobs/{envelope['jobId']}/cancel")
    assert again.status_code == 200
    assert again.json() == {
        "jobId": envelope["jobId"],
        "accepted": False,
        "reason": "ALREADY_COMPLETED",
    }


async def test_a_cancel_replayed_by_idempotency_key_keeps_its_original_answer(api):
    envelope = await start_job(api)
    url = f"/v1/jobs/{envelope['jobId']}/cancel"
    headers = {"Idempotency-Key": "cancel-once"}
    first = await api.post(url, headers=headers)
    replay = await api.post(url, headers=headers)
    assert first.status_code == replay.status_code == 202
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json() == first.json()
    # Without the key, the job is simply already canceled by now.
    assert (await api.post(url)).status_code == 200
    # A finished-job answer replays as 200 too.
    second_key = {"Idempotency-Key": "cancel-late"}
    late = await api.post(url, headers=second_key)
    late_replay = await api.post(url, headers=second_key)
    assert late.status_code == late_replay.status_code == 200
    assert late_replay.headers["idempotent-replayed"] == "true"


async def test_a_running_job_stops_before_its_next_stage_once_canceled(api, worker):
    payload = {"steps": [[0.1, "preparing", 0.5], [0.5, "committing", 0], [0.9, "finishing", 0]]}
    envelope = await start_job(api, payload=payload)
    await wait_for(api, envelope["jobId"], lambda job: job["stage"] == "preparing")
    assert (await api.post(f"/v1/jobs/{envelope['jobId']}/cancel")).status_code == 202
    assert (await job_row(api.db, envelope["jobId"])).cancel_requested
    assert (await api.get(envelope["locationUrl"])).json()["status"] == "running"
    job = await wait_for(api, envelope["jobId"], finished)
    assert job["status"] == "canceled"
    assert job["stage"] == "preparing"  # it never entered "committing"
    assert job["result"] is None
    events = await kinds.events_of(api.db, envelope["jobId"].removeprefix("job_"))
    assert [event.event for event in events] == ["run", "hook:CANCELED"]


async def test_a_stage_that_cannot_be_interrupted_refuses_the_cancel_with_409(api, worker):
    envelope = await start_job(api, payload=SLOW_COMMIT)
    await wait_for(api, envelope["jobId"], lambda job: job["stage"] == "committing")
    response = await api.post(f"/v1/jobs/{envelope['jobId']}/cancel")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "CONFLICT"
    assert error["details"] == {
        "subcode": "JOB_CANCEL_UNAVAILABLE",
        "jobId": envelope["jobId"],
        "stage": "committing",
    }
    job = await wait_for(api, envelope["jobId"], finished)
    assert job["status"] == "completed"


async def test_a_completed_job_cannot_be_canceled(api, worker):
    envelope = await start_job(api)
    job = await wait_for(api, envelope["jobId"], finished)
    assert job["status"] == "completed"
    response = await api.post(f"/v1/jobs/{envelope['jobId']}/cancel")
    assert response.status_code == 200
    assert response.json()["reason"] == "ALREADY_COMPLETED"
    assert (await api.get(envelope["locationUrl"])).json()["status"] == "completed"


async def test_another_organizations_job_is_not_found(api, new_api):
    envelope = await start_job(api)
    stranger = await new_api()
    for response in (
        await stranger.get(envelope["locationUrl"]),
        await stranger.post(f"/v1/jobs/{envelope['jobId']}/cancel"),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "NOT_FOUND"
    assert (await job_row(api.db, envelope["jobId"])).status == "queued"


async def test_an_unknown_job_is_not_found(api):
    response = await api.get("/v1/jobs/job_01JAAAAAAAAAAAAAAAAAAAAAAA")
    assert response.status_code == 404


@pytest.mark.parametrize("job_id", ["nope", "job_123", "job_01JAAAAAAAAAAAAAAAAAAAAAAI", "prj_x"])
async def test_a_malformed_job_id_is_422(api, job_id):
    for response in (
        await api.get(f"/v1/jobs/{job_id}"),
        await api.post(f"/v1/jobs/{job_id}/cancel"),
    ):
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "VALIDATION"
        assert error["details"]["issues"][0]["path"] == "jobId"


async def test_the_bare_ulid_is_accepted(api):
    envelope = await start_job(api)
    bare = envelope["jobId"].removeprefix("job_")
    response = await api.get(f"/v1/jobs/{bare}")
    assert response.status_code == 200
    assert response.json()["jobId"] == envelope["jobId"]


async def test_cancel_takes_no_body_fields(api):
    envelope = await start_job(api)
    url = f"/v1/jobs/{envelope['jobId']}/cancel"
    response = await api.post(url, json={"reason": "bored"})
    assert response.status_code == 422
    assert response.json()["error"]["details"]["issues"][0]["path"] == "reason"
    assert (await api.post(url, json={})).status_code == 202


async def test_jobs_routes_need_their_scopes(api, new_api):
    envelope = await start_job(api)
    url, cancel_url = envelope["locationUrl"], f"/v1/jobs/{envelope['jobId']}/cancel"
    reader = await new_api(scopes=["jobs:read"], organization_id=api.organization_id)
    canceler = await new_api(scopes=["jobs:cancel"], organization_id=api.organization_id)
    assert (await reader.get(url)).status_code == 200
    refused = await reader.post(cancel_url)
    assert refused.status_code == 403
    assert refused.json()["error"]["details"]["requiredScope"] == "jobs:cancel"
    refused = await canceler.get(url)
    assert refused.status_code == 403
    assert refused.json()["error"]["details"]["requiredScope"] == "jobs:read"
    assert (await canceler.post(cancel_url)).status_code == 202
    assert (await api.get(url)).headers["x-ratelimit-endpoint-class"] == "read-light"
