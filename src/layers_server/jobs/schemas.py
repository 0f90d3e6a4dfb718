"""The answers about jobs, as `service.py` builds them (docs/api/jobs.md)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from ..kit.body import StrictBody
from ..kit.openapi import Refusal, ResponseModel

EXAMPLE_JOB_ID = "job_01JS5R2D9M4X7K3V8N1P6Q0T2W"
EXAMPLE_PROJECT_ID = "prj_9cb958b5-11b5-4e30-8675-5d075d52da7c"
EXAMPLE_JOB_STARTED: dict[str, Any] = {
    "jobId": EXAMPLE_JOB_ID,
    "kind": "project_ingest_website",
    "status": "running",
    "stage": "queued",
    "projectId": EXAMPLE_PROJECT_ID,
    "locationUrl": f"/v1/jobs/{EXAMPLE_JOB_ID}",
    "startedAt": "2026-04-18T19:05:40.118204+00:00",
}


class CancelBody(StrictBody):
    """Cancel takes no fields; an empty body or ``{}`` is expected."""

    example: ClassVar[dict[str, Any]] = {}


class JobStarted(ResponseModel):
    """The job was created in the same transaction as the request; poll `locationUrl`."""

    example: ClassVar[dict[str, Any]] = EXAMPLE_JOB_STARTED
    answer_headers: ClassVar[tuple[str, ...]] = ("Location",)

    jobId: str
    kind: str
    status: Literal["running"]
    stage: str
    projectId: str | None
    locationUrl: str
    startedAt: str


class JobError(ResponseModel):
    code: str
    message: str


class Job(ResponseModel):
    """A job's current state; every field is always present (`null` when it does not apply)."""

    example: ClassVar[dict[str, Any]] = {
        "jobId": EXAMPLE_JOB_ID,
        "kind": "project_ingest_website",
        "status": "completed",
        "stage": "completed",
        "projectId": EXAMPLE_PROJECT_ID,
        "progress": 1.0,
        "locationUrl": f"/v1/jobs/{EXAMPLE_JOB_ID}",
        "startedAt": EXAMPLE_JOB_STARTED["startedAt"],
        "result": {
            "pages": 3,
            "appName": "Acme Coffee",
            "webDomain": "acmecoffee.com",
            "completedAt": "2026-04-18T19:05:44.902117+00:00",
        },
        "error": None,
        "finishedAt": "2026-04-18T19:05:44.902117+00:00",
    }

    jobId: str
    kind: str
    status: Literal["running", "completed", "failed", "canceled"]
    stage: str
    projectId: str | None
    progress: float
    locationUrl: str
    startedAt: str
    result: dict[str, Any] | None
    error: JobError | None
    finishedAt: str | None


class JobCancel(ResponseModel):
    """`202` with `accepted: true`: the cancel is recorded and the job stops at its next stage
    boundary. `200` with `accepted: false` and a `reason`: the job had already finished."""

    example: ClassVar[dict[str, Any]] = {"jobId": EXAMPLE_JOB_ID, "accepted": True}

    jobId: str
    accepted: bool
    # Only when the cancel was not accepted: why (`ALREADY_COMPLETED`).
    reason: str | None = None


CANCEL_UNAVAILABLE = Refusal(
    409,
    "CONFLICT",
    "The job's current stage cannot be interrupted (`details.subcode: JOB_CANCEL_UNAVAILABLE`); "
    "it will finish on its own.",
    {"subcode": "JOB_CANCEL_UNAVAILABLE", "jobId": EXAMPLE_JOB_ID, "stage": "finalizing"},
    "The job is in its `finalizing` stage, which cannot be interrupted; it will finish on its own.",
    name="CONFLICT_JOB_CANCEL_UNAVAILABLE",
)
