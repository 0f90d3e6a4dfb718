"""Starting an ingestion (docs/api/ingest.md): one job per request, on an active project."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from ..db.unit_of_work import UnitOfWork
from ..jobs.service import enqueue_job, ensure_job_capacity, job_started
from ..kit.idempotency import Answer
from ..projects.guards import require_active
from ..projects.service import fetch_project


async def start_ingest(
    uow: UnitOfWork,
    project_id: uuid.UUID,
    kind: str,
    payload: dict[str, Any] | Callable[[UnitOfWork], Awaitable[dict[str, Any]]],
) -> Answer:
    """``payload`` is the job's input, or what computes it (and may refuse) once the project is
    known to exist and be active."""
    project = await fetch_project(uow.conn, uow.organization_id, project_id)
    require_active(project)
    job_input = await payload(uow) if callable(payload) else payload
    await ensure_job_capacity(uow)
    return job_started(await enqueue_job(uow, kind=kind, project_id=project_id, payload=job_input))
