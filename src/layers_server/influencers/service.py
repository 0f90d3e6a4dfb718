"""Influencers: synthetic personas of a project, trained by a job (docs/api/influencers.md)."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from ..brand.personas import make_persona
from ..db.tables import influencer_portraits, influencers
from ..db.unit_of_work import UnitOfWork
from ..jobs.context import JobContext, JobError, JobInfo
from ..jobs.service import enqueue_job, ensure_job_capacity, job_started
from ..kit import clock
from ..kit.clock import iso
from ..kit.errors import empty_update, not_found
from ..kit.idempotency import Answer
from ..kit.pagination import keyset_page, page_of
from ..projects.guards import require_active
from ..projects.service import AppDescriptionSet, fetch_project
from ..webhooks import events
from .portraits import DEFAULT_AGE_RANGE, draw_portrait
from .schemas import InfluencerCreate, InfluencerUpdate

KIND = "influencer_create"
_COLUMNS = {
    "name": "name",
    "gender": "gender",
    "ageRange": "age_range",
    "brandVoice": "brand_voice",
    "language": "language",
}


def default_gender(target_gender: str) -> str:
    return target_gender if target_gender in ("female", "male") else "female"


def image_path(influencer_id: uuid.UUID) -> str:
    return f"/v1/influencers/inf_{influencer_id}/image.svg"


def thumbnail_path(influencer_id: uuid.UUID) -> str:
    return f"/v1/influencers/inf_{influencer_id}/thumbnail.png"


def _has_portrait(row: Any) -> bool:
    return row.status == "ready" and row.has_image


def influencer_json(row: Any, base_url: str = "") -> dict[str, Any]:
    return {
        "influencerId": f"inf_{row.id}",
        "projectId": f"prj_{row.project_id}",
        "name": row.name,
        "imageUrl": f"{base_url}{image_path(row.id)}" if _has_portrait(row) else None,
        "gender": row.gender,
        "ageRange": row.age_range,
        "brandVoice": row.brand_voice,
        "language": row.language,
        "status": row.status,
        "errorMessage": row.error_message,
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
    }


def influencer_list_item_json(row: Any, base_url: str = "") -> dict[str, Any]:
    """A list item: the influencer plus the docs' ``thumbnailUrl`` (null until ready)."""
    thumbnail = f"{base_url}{thumbnail_path(row.id)}" if _has_portrait(row) else None
    return {**influencer_json(row, base_url), "thumbnailUrl": thumbnail}


async def first_influencer(uow: UnitOfWork, change: AppDescriptionSet) -> None:
    """Reaction (services.py): a project created with an appDescription gets its first persona
    at once (`pending` until its training job has run); one whose description an ingestion
    learned gets one too unless it has a persona already. A PATCH starts none."""
    if change.cause == "created" or (
        change.cause == "learned" and not await has_influencers(uow.conn, change.project.id)
    ):
        await start_influencer(uow, change.project)


async def create_influencer(
    uow: UnitOfWork, project_id: uuid.UUID, body: InfluencerCreate | None
) -> Answer:
    """The partner asks for a persona: the project must be active and the job get a slot."""
    project = await fetch_project(uow.conn, uow.organization_id, project_id)
    require_active(project)
    await ensure_job_capacity(uow)
    return job_started(await start_influencer(uow, project, body))


async def start_influencer(
    uow: UnitOfWork, project: Any, body: InfluencerCreate | None = None
) -> dict[str, Any]:
    """Insert a `pending` persona and the job that trains it; returns the job envelope."""
    body = body or InfluencerCreate()
    now = clock.utcnow()
    influencer_id = uuid.uuid4()
    await uow.conn.execute(
        influencers.insert().values(
            id=influencer_id,
            organization_id=uow.organization_id,
            project_id=project.id,
            name=None,
            gender=body.gender or default_gender(project.target_gender),
            age_range=body.ageRange,
            brand_voice=project.brand_voice,
            language=project.primary_language,
            prompt=body.prompt,
            status="pending",
            error_message=None,
            has_image=False,
            created_at=now,
            updated_at=now,
        )
    )
    envelope = await enqueue_job(
        uow, kind=KIND, project_id=project.id, payload={"influencerId": str(influencer_id)}
    )
    return {**envelope, "influencerId": f"inf_{influencer_id}"}


async def _set(conn: AsyncConnection, influencer_id: uuid.UUID, **values: Any) -> None:
    await conn.execute(
        influencers.update()
        .where(influencers.c.id == influencer_id)
        .values(**values, updated_at=clock.utcnow())
    )


async def train_influencer(ctx: JobContext) -> dict[str, Any]:
    """Job handler: pending → training → ready, with a name and a portrait."""
    influencer_id = uuid.UUID(ctx.payload["influencerId"])
    async with ctx.db.read() as conn:
        row = (
            await conn.execute(
                sa.select(influencers).where(
                    influencers.c.id == influencer_id,
                    influencers.c.organization_id == ctx.organization_id,
                )
            )
        ).first()
    if row is None or row.deleted_at is not None:
        raise JobError("INFLUENCER_GONE", "The influencer was deleted before training finished.")
    await ctx.progress(0.1, "training")
    async with ctx.db.write() as conn:
        await _set(conn, influencer_id, status="training")
    # The persona is a pure function of the influencer's id, so a rerun after a crash produces
    # the very same name and portrait.
    age_range = row.age_range or DEFAULT_AGE_RANGE
    persona = make_persona(
        seed=str(influencer_id), gender=row.gender, age_range=age_range, language=row.language
    )
    portrait = draw_portrait(seed=str(influencer_id), gender=row.gender, age_range=age_range)
    await ctx.progress(0.7, "rendering")
    async with ctx.unit_of_work() as uow:
        await _store_portrait(uow.conn, influencer_id, portrait)
        await _set(
            uow.conn,
            influencer_id,
            name=row.name or persona.name,
            status="ready",
            has_image=True,
            error_message=None,
        )
        await _emit_outcome(uow, "influencer.ready", influencer_id, ctx.settings.public_base_url)
    return {"influencerId": f"inf_{influencer_id}", "name": row.name or persona.name}


async def _store_portrait(conn: AsyncConnection, influencer_id: uuid.UUID, portrait) -> None:
    # A rerun after a crash draws the same portrait: replacing it is safe.
    await conn.execute(
        influencer_portraits.delete().where(influencer_portraits.c.influencer_id == influencer_id)
    )
    await conn.execute(
        influencer_portraits.insert().values(
            influencer_id=influencer_id,
            svg=portrait.svg,
            thumbnail_png=portrait.thumbnail_png,
            created_at=clock.utcnow(),
        )
    )


async def mark_failed(uow: UnitOfWork, info: JobInfo, error: JobError) -> None:
    """Failure hook: the persona shows `failed` with the job's error message."""
    influencer_id = uuid.UUID(info.payload["influencerId"])
    await _set(uow.conn, influencer_id, status="failed", error_message=error.message)
    await _emit_outcome(uow, "influencer.failed", influencer_id, None)


async def _emit_outcome(
    uow: UnitOfWork, event_type: str, influencer_id: uuid.UUID, base_url: str | None
) -> None:
    """The webhook event of a training's outcome, with the influencer as the API shows it (a
    deleted one announces nothing), in the unit of work that writes the outcome."""
    row = (
        await uow.conn.execute(
            sa.select(influencers).where(
                influencers.c.id == influencer_id, influencers.c.deleted_at.is_(None)
            )
        )
    ).first()
    if row is not None:
        data = influencer_json(row, (base_url or "").rstrip("/"))
        events.emit(uow, event_type, project_id=row.project_id, data=data)


async def fetch_influencer(
    conn: AsyncConnection, organization_id: uuid.UUID, influencer_id: uuid.UUID
) -> Any:
    row = (
        await conn.execute(
            sa.select(influencers).where(
                influencers.c.id == influencer_id,
                influencers.c.organization_id == organization_id,
                influencers.c.deleted_at.is_(None),
            )
        )
    ).first()
    if row is None:
        raise not_found("influencer")
    return row


async def has_influencers(conn: AsyncConnection, project_id: uuid.UUID) -> bool:
    """Whether the project has a persona that is not deleted (whatever its status)."""
    found = await conn.scalar(
        sa.select(influencers.c.id)
        .where(influencers.c.project_id == project_id, influencers.c.deleted_at.is_(None))
        .limit(1)
    )
    return found is not None


async def list_influencers(
    conn: AsyncConnection,
    organization_id: uuid.UUID,
    project_id: uuid.UUID,
    *,
    status: str | None,
    cursor: str | None,
    limit: int,
    base_url: str,
) -> dict[str, Any]:
    """A page of the organization's project's personas (404 for another organization's)."""
    await fetch_project(conn, organization_id, project_id)
    query = sa.select(influencers).where(
        influencers.c.organization_id == organization_id,
        influencers.c.project_id == project_id,
        influencers.c.deleted_at.is_(None),
    )
    if status is not None:
        query = query.where(influencers.c.status == status)
    query = keyset_page(query, influencers.c.created_at, influencers.c.id, cursor, limit, uuid.UUID)
    rows = (await conn.execute(query)).all()
    page, next_cursor = page_of(rows, limit, lambda r: r.created_at, lambda r: r.id)
    items = [influencer_list_item_json(row, base_url) for row in page]
    return {"items": items, "nextCursor": next_cursor}


async def update_influencer(
    uow: UnitOfWork, influencer_id: uuid.UUID, body: InfluencerUpdate, base_url: str
) -> dict[str, Any]:
    if not body.model_fields_set:
        raise empty_update()
    current = await fetch_influencer(uow.conn, uow.organization_id, influencer_id)
    changes = {_COLUMNS[f]: getattr(body, f) for f in body.model_fields_set}
    await _set(uow.conn, influencer_id, **changes)
    row = await fetch_influencer(uow.conn, uow.organization_id, current.id)
    return influencer_json(row, base_url)


async def delete_influencer(uow: UnitOfWork, influencer_id: uuid.UUID) -> dict[str, Any]:
    current = await fetch_influencer(uow.conn, uow.organization_id, influencer_id)
    deleted_at = clock.utcnow()
    await _set(uow.conn, current.id, deleted_at=deleted_at)
    return {"influencerId": f"inf_{current.id}", "status": "deleted", "deletedAt": iso(deleted_at)}


async def fetch_public_portrait(conn: AsyncConnection, influencer_id: uuid.UUID) -> Any:
    """The stored portrait of a ready, undeleted influencer (``None`` otherwise). Public: the
    image routes serve it without a key, to an <img>."""
    return (
        await conn.execute(
            sa.select(influencer_portraits.c.svg, influencer_portraits.c.thumbnail_png)
            .join(influencers, influencers.c.id == influencer_portraits.c.influencer_id)
            .where(
                influencers.c.id == influencer_id,
                influencers.c.deleted_at.is_(None),
                influencers.c.status == "ready",
                influencers.c.has_image,
            )
        )
    ).first()
