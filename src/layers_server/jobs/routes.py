"""HTTP surface of jobs (docs/api/jobs.md): poll a job, cancel a job."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Request, Response

from ..kit.auth import Authorized, authorize_reading
from ..kit.body import json_body
from ..kit.errors import not_found
from ..kit.idempotency import Write, writes
from ..kit.ids import parse_ulid_id
from ..kit.openapi import ok, refusals
from . import service
from .schemas import CANCEL_UNAVAILABLE, CancelBody, Job, JobCancel

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])


def _job_id(raw: str) -> str:
    return parse_ulid_id("job", raw, field="jobId")


@router.get("/{jobId}", responses={**ok(Job), 304: {"description": "Not modified"}})
async def get_job(
    request: Request,
    jobId: str,
    found: Annotated[
        Authorized, Depends(authorize_reading("jobs:read", "read-light", service.JOB_COMPANION))
    ],
):
    _job_id(jobId)  # a malformed id is 422 (the job was not looked up)
    row = found.row
    if row is None:
        raise not_found("job")
    etag = service.job_etag(row)
    # Pollers send back the ETag they hold; an unchanged job costs them no body.
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if _etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(
        orjson.dumps(service.job_json(row)), media_type="application/json", headers=headers
    )


def _etag_matches(if_none_match: str | None, etag: str) -> bool:
    # RFC 9110 §13.1.2: weak comparison, a list of tags, or "*".
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


@router.post(
    "/{jobId}/cancel",
    status_code=202,
    responses={
        **ok(JobCancel, 202),
        **ok(JobCancel),
        **refusals(CANCEL_UNAVAILABLE),
    },
)
async def cancel_job(
    request: Request,
    write: Annotated[Write, Depends(writes("jobs:cancel", "write-light"))],
    jobId: str,
    _body: Annotated[CancelBody, Depends(json_body(CancelBody, required=False))],
):
    # An accepted cancel answers 202, one of a job that had already finished 200 (its Answer).
    kinds = request.app.state.services.job_kinds  # which stages of a kind may be interrupted
    return await write(service.cancel_job, _job_id(jobId), kinds)
