"""HTTP surface of projects (docs/api/projects.md): parse, call the service, shape the answer."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from ..db.unit_of_work import Principal
from ..kit.auth import Authorized, authorize, authorize_reading
from ..kit.body import json_body
from ..kit.errors import not_found
from ..kit.fields import NoNul
from ..kit.idempotency import Write, writes
from ..kit.ids import parse_uuid_id
from ..kit.jsonresp import OrjsonResponse
from ..kit.openapi import ok, refusals
from . import service
from .schemas import (
    EXTERNAL_ID_TAKEN,
    Project,
    ProjectArchived,
    ProjectCreate,
    ProjectDetail,
    ProjectPage,
    ProjectUpdate,
)

router = APIRouter(prefix="/v1/projects", tags=["projects"])

ProjectWrite = Annotated[Write, Depends(writes("projects:write", "write-light"))]


def _project_id(raw: str):
    return parse_uuid_id("prj", raw, field="projectId")


@router.post("", status_code=201, responses={**ok(Project, 201), **refusals(EXTERNAL_ID_TAKEN)})
async def create_project(
    write: ProjectWrite, body: Annotated[ProjectCreate, Depends(json_body(ProjectCreate))]
):
    return await write(service.create_project, body)


@router.get("", responses=ok(ProjectPage))
async def list_projects(
    request: Request,
    principal: Annotated[Principal, Depends(authorize("projects:read", "read-light"))],
    limit: Annotated[int, Query(ge=1, le=200)] = 25,
    cursor: str | None = None,
    status: Literal["active", "archived"] | None = None,
    search: Annotated[str | None, Query(max_length=200), NoNul] = None,
    customerExternalId: Annotated[str | None, Query(max_length=255), NoNul] = None,
):
    async with request.app.state.services.db.read() as conn:
        page = await service.list_projects(
            conn,
            principal.organization_id,
            status=status,
            search=search,
            customer_external_id=customerExternalId,
            cursor=cursor,
            limit=limit,
        )
    return OrjsonResponse(page)  # rendered here: FastAPI would walk it with jsonable_encoder


@router.get("/{projectId}", responses=ok(ProjectDetail))
async def get_project(
    projectId: str,
    found: Annotated[
        Authorized,
        Depends(authorize_reading("projects:read", "read-light", service.PROJECT_COMPANION)),
    ],
):
    _project_id(projectId)  # a malformed id is 422 (the project was not looked up)
    if found.row is None:
        raise not_found("project")
    return OrjsonResponse(service.project_detail_json(found.row))


@router.patch("/{projectId}", responses={**ok(ProjectDetail), **refusals(EXTERNAL_ID_TAKEN)})
async def update_project(
    write: ProjectWrite,
    projectId: str,
    body: Annotated[ProjectUpdate, Depends(json_body(ProjectUpdate))],
):
    return await write(service.update_project, _project_id(projectId), body)


@router.delete("/{projectId}", responses=ok(ProjectArchived))
async def archive_project(write: ProjectWrite, projectId: str):
    return await write(service.archive_project, _project_id(projectId))
