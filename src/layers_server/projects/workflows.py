"""The writes of a project that start the background workflows of its `appDescription`
(docs/api/projects.md), in the same unit of work.

They are enqueued with the request's own writes, so they exist exactly when the project (or its
change) does; they run later on the job engine, and their failure never fails the request.
"""

from __future__ import annotations

import uuid
from typing import Any

from ..db.unit_of_work import UnitOfWork
from ..influencers.service import start_influencer
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
