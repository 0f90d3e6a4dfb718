"""HTTP surface of the keyword bank (docs/api/keywords.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from ..db.unit_of_work import Principal
from ..jobs.schemas import JobStarted
from ..kit.auth import authorize
from ..kit.body import json_body
from ..kit.idempotency import Write, writes
from ..kit.ids import parse_uuid_id
from ..kit.openapi import ok, refusals
from ..projects.schemas import PROJECT_ARCHIVED, missing_fields
from . import service
from .schemas import KeywordBank, RefreshBody

router = APIRouter(prefix="/v1/projects/{projectId}/keywords", tags=["keywords"])


@router.get("", responses=ok(KeywordBank))
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
    responses={
        **ok(JobStarted, 202),
        **refusals(PROJECT_ARCHIVED, missing_fields("appDescription")),
    },
)
async def refresh_keywords(
    write: Annotated[Write, Depends(writes("projects:write", "long-running"))],
    projectId: str,
    _body: Annotated[RefreshBody, Depends(json_body(RefreshBody, required=False))],
):
    return await write(service.refresh, parse_uuid_id("prj", projectId, field="projectId"))
