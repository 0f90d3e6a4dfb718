"""Starting a GitHub ingestion (docs/api/github.md): the checks, then the job."""

from __future__ import annotations

import uuid

from ..db.unit_of_work import UnitOfWork
from ..ingest.service import start_ingest
from ..kit.idempotency import Answer
from ..settings import Settings
from .app import require_app
from .installations import find_installation, require_active_installation
from .jobs import KIND
from .schemas import GitHubIngest


async def start_github_ingest(
    uow: UnitOfWork, project_id: uuid.UUID, body: GitHubIngest, settings: Settings
) -> Answer:
    """Once the project is known to exist and be active: no App configured is ``409``; no
    installation, or one GitHub no longer knows, is ``422`` (nothing to ingest with). The job
    records which installation it acts as."""

    async def payload(uow: UnitOfWork) -> dict:
        require_app(settings)
        env = "test" if uow.sandbox else "live"
        installation = require_active_installation(
            await find_installation(uow.conn, uow.organization_id, env)
        )
        return {**body.model_dump(), "installationId": installation.installation_id}

    return await start_ingest(uow, project_id, KIND, payload)
