"""The writes of a project that start the background workflows of its `appDescription`
(docs/api/projects.md), in the same unit of work.

They are enqueued with the request's own writes, so they exist exactly when the project (or its
change) does; they run later on the job engine, and their failure never fails the request.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..db.unit_of_work import UnitOfWork
from ..influencers.service import has_influencers, start_influencer
from ..keywords.service import enqueue_research
from . import service
from .schemas import ProjectCreate, ProjectUpdate


async def create_project(uow: UnitOfWork, body: ProjectCreate) -> dict[str, Any]:
    """Create; with an appDescription also start keyword research and the first influencer."""
    project, row = await service.create_project(uow, body)
    if row.app_description:
        await enqueue_research(uow, row.id)
        await start_influencer(uow, row)
    return project


async def update_project(
    uow: UnitOfWork, project_id: uuid.UUID, body: ProjectUpdate
) -> dict[str, Any]:
    """Change; a new non-empty appDescription of an active project reruns keyword research."""
    project, row, changed = await service.update_project(uow, project_id, body)
    if "app_description" in changed and row.app_description and row.status == "active":
        await enqueue_research(uow, row.id)
    return project


async def complete_ingestion(
    uow: UnitOfWork,
    project_id: uuid.UUID,
    source: str,
    findings: dict[str, Any],
    *,
    job_id: str,
    completed_at: datetime,
    columns: Mapping[str, Any] | None = None,
    ingest_state: Mapping[str, Any] | None = None,
) -> list[str]:
    """Everything a completed ingestion (website, App Store, GitHub) does to its project, in
    the ingestion's own unit of work, so it all commits with the job's result or not at all.

    ``findings`` use brandContext's names (`brand_context.BRAND_FIELDS`) plus whatever else the
    source knows; ``job_id`` is the public ``job_…`` id; ``columns`` sets platform fields;
    ``ingest_state`` adds keys to ``ingestState.<source>`` beside status, jobId, completedAt.
    Empty ``appName``/``appDescription``/``tagline`` are filled from the findings; when that
    gives the project its first appDescription (and it is active), keyword research starts,
    and the first influencer too unless the project has one. Returns the fields filled.
    """
    before, filled = await service.record_ingestion(
        uow,
        project_id,
        source,
        findings,
        job_id=job_id,
        completed_at=completed_at,
        columns=columns or {},
        ingest_state=ingest_state or {},
    )
    if "appDescription" in filled and before.status == "active":
        await enqueue_research(uow, project_id)
        if not await has_influencers(uow.conn, project_id):
            await start_influencer(uow, before)
    return filled
