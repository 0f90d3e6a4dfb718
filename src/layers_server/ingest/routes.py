"""HTTP surface of ingestion (contract §8): each POST starts a job and answers 202."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from ..jobs.service import enqueue_job, ensure_job_capacity
from ..kit import openapi as api
from ..kit.auth import Principal, authorize
from ..kit.body import json_body, request_body_openapi
from ..kit.idempotency import Transaction
from ..kit.ids import parse_uuid_id
from ..kit.openapi import ok
from ..projects.guards import require_active
from ..projects.service import fetch_project
from .jobs import APPSTORE_KIND, WEBSITE_KIND
from .schemas import AppStoreIngest, WebsiteIngest

router = APIRouter(prefix="/v1/projects/{projectId}/ingest", tags=["ingest"])

Ingester = Annotated[Principal, Depends(authorize("ingest:write", "long-running"))]


async def _start(request: Request, principal: Principal, projectId: str, kind: str, payload: dict):
    project_id = parse_uuid_id("prj", projectId, field="projectId")

    async def handler(tx: Transaction):
        project = await fetch_project(tx.conn, principal.organization_id, project_id)
        require_active(project)
        await ensure_job_capacity(tx)
        return await enqueue_job(tx, kind=kind, project_id=project_id, payload=payload)

    return await request.app.state.services.writes.run(request, principal, handler, status=202)


@router.post(
    "/website",
    status_code=202,
    responses=ok(api.JobStarted, 202),
    openapi_extra=request_body_openapi(WebsiteIngest),
)
async def ingest_website(
    request: Request,
    projectId: str,
    principal: Ingester,
    body: Annotated[WebsiteIngest, Depends(json_body(WebsiteIngest))],
):
    return await _start(request, principal, projectId, WEBSITE_KIND, body.model_dump())


@router.post(
    "/appstore",
    status_code=202,
    responses=ok(api.JobStarted, 202),
    openapi_extra=request_body_openapi(AppStoreIngest),
)
async def ingest_appstore(
    request: Request,
    projectId: str,
    principal: Ingester,
    body: Annotated[AppStoreIngest, Depends(json_body(AppStoreIngest))],
):
    return await _start(request, principal, projectId, APPSTORE_KIND, body.model_dump())
