"""HTTP surface of ingestion (docs/api/ingest.md): each POST starts a job and answers 202."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from ..jobs.schemas import JobStarted
from ..kit.body import json_body
from ..kit.idempotency import Write, writes
from ..kit.ids import parse_uuid_id
from ..kit.openapi import ok, refusals
from ..projects.schemas import PROJECT_ARCHIVED
from . import service
from .jobs import APPSTORE_KIND, WEBSITE_KIND
from .schemas import AppStoreIngest, WebsiteIngest

router = APIRouter(prefix="/v1/projects/{projectId}/ingest", tags=["ingest"])

Ingestion = Annotated[Write, Depends(writes("ingest:write", "long-running"))]


def _project_id(raw: str) -> uuid.UUID:
    return parse_uuid_id("prj", raw, field="projectId")


STARTED = {**ok(JobStarted, 202), **refusals(PROJECT_ARCHIVED)}


@router.post("/website", status_code=202, responses=STARTED)
async def ingest_website(
    write: Ingestion,
    projectId: str,
    body: Annotated[WebsiteIngest, Depends(json_body(WebsiteIngest))],
):
    return await write(
        service.start_ingest, _project_id(projectId), WEBSITE_KIND, body.model_dump()
    )


@router.post("/appstore", status_code=202, responses=STARTED)
async def ingest_app_store(
    write: Ingestion,
    projectId: str,
    body: Annotated[AppStoreIngest, Depends(json_body(AppStoreIngest))],
):
    return await write(
        service.start_ingest, _project_id(projectId), APPSTORE_KIND, body.model_dump()
    )
