"""Keyword research: the project's hashtag bank (docs/api/keywords.md)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from ..brand.inputs import brand_inputs
from ..brand.llm import research_keywords_with_fallback
from ..db.tables import keyword_banks, projects
from ..db.unit_of_work import UnitOfWork
from ..jobs.context import JobContext, JobError
from ..jobs.service import enqueue_job, ensure_job_capacity, job_started
from ..kit.clock import iso
from ..kit.idempotency import Answer
from ..projects.guards import require_active, require_fields
from ..projects.service import AppDescriptionSet, fetch_project
from ..webhooks import events

KIND = "keywords_refresh"


async def enqueue_research(uow: UnitOfWork, project_id: uuid.UUID) -> dict[str, Any]:
    return await enqueue_job(uow, kind=KIND, project_id=project_id, payload={})


async def research_new_description(uow: UnitOfWork, change: AppDescriptionSet) -> None:
    """Reaction (services.py): every new appDescription gets its hashtag bank researched."""
    await enqueue_research(uow, change.project.id)


async def refresh(uow: UnitOfWork, project_id: uuid.UUID) -> Answer:
    """The partner asks for a new bank: the project needs a description and the job a slot."""
    project = await fetch_project(uow.conn, uow.organization_id, project_id)
    require_fields(project, ("app_description", "appDescription"))
    require_active(project)
    await ensure_job_capacity(uow)
    return job_started(await enqueue_research(uow, project_id))


async def keyword_bank_json(
    conn: AsyncConnection, organization_id: uuid.UUID, project_id: uuid.UUID
) -> dict[str, Any]:
    """The organization's project's bank (404 for another organization's project)."""
    await fetch_project(conn, organization_id, project_id)
    row = (
        await conn.execute(sa.select(keyword_banks).where(keyword_banks.c.project_id == project_id))
    ).first()
    return {
        "projectId": f"prj_{project_id}",
        "hashtags": row.hashtags if row else [],
        "refreshedAt": iso(row.refreshed_at) if row else None,
    }


async def run_keyword_research(ctx: JobContext) -> dict[str, Any]:
    """Job handler: research from the project's current description, then replace the bank."""
    async with ctx.db.read() as conn:
        project = (
            await conn.execute(
                sa.select(projects).where(
                    projects.c.id == ctx.project_id,
                    projects.c.organization_id == ctx.organization_id,
                )
            )
        ).first()
    if project is None or not project.app_description:
        raise JobError("MISSING_DESCRIPTION", "The project has no appDescription to research.")
    await ctx.progress(0.1, "researching")
    inputs = brand_inputs(project)
    keywords = await research_keywords_with_fallback(
        llm=ctx.llm,
        app_name=inputs.app_name,
        app_description=inputs.app_description,
        language=inputs.language,
        category=inputs.category,
    )
    hashtags = [
        # No trend data source is configured: counts are unknown, never invented.
        {**asdict(keyword), "viewCount": None, "useCount": None}
        for keyword in keywords
    ]
    await ctx.progress(0.8, "saving")
    refreshed_at = ctx.clock()
    # The new bank and its `keywords.refreshed` event commit together.
    async with ctx.unit_of_work() as uow:
        insert = postgresql.insert if uow.conn.dialect.name == "postgresql" else sqlite.insert
        statement = insert(keyword_banks).values(
            project_id=ctx.project_id, hashtags=hashtags, refreshed_at=refreshed_at
        )
        await uow.conn.execute(
            statement.on_conflict_do_update(
                index_elements=["project_id"],
                set_={"hashtags": statement.excluded.hashtags, "refreshed_at": refreshed_at},
            )
        )
        events.emit(
            uow,
            "keywords.refreshed",
            project_id=ctx.project_id,
            data={
                "projectId": f"prj_{ctx.project_id}",
                "count": len(hashtags),
                "refreshedAt": iso(refreshed_at),
            },
        )
    return {"hashtagCount": len(hashtags), "refreshedAt": iso(refreshed_at)}
