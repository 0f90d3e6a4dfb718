"""HTTP surface of the keyword bank (docs/api/keywords.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from ..db.unit_of_work import Principal
from ..kit import openapi as api
from ..kit.auth import authorize
from ..kit.body import StrictBody, json_body, request_body_openapi
from ..kit.idempotency import Write, writes
from ..kit.ids import parse_uuid_id
from ..kit.openapi import ok
from . import service

router = APIRouter(prefix="/v1/projects/{projectId}/keywords", tags=["keywords"])


class RefreshBody(StrictBody):
    """`POST …/keywords/refresh` takes an empty object."""


@router.get("", responses=ok(api.KeywordBank))
async def get_keywords(
    request: Request,
    projectId: str,
    principal: Annotated[Principal, Depends(authorize("projects:read", "read-light"))],
):
    project_id = parse_uuid_id("prj", projectId, field="projectId")
    async with request.app.state.services.db.read() as conn:
        return await service.keyword_bank_json(conn, principal.organization_id, project_id)


@router.post(
    "/refresh",
    status_code=202,
    responses=ok(api.JobStarted, 202),
    openapi_extra=request_body_openapi(RefreshBody, required=False),
)
async def refresh_keywords(
    write: Annotated[Write, Depends(writes("projects:write", "long-running"))],
    projectId: str,
    _body: Annotated[RefreshBody, Depends(json_body(RefreshBody, required=False))],
):
    return await write(service.refresh, parse_uuid_id("prj", projectId, field="projectId"))
