"""HTTP surface of influencers (docs/api/influencers.md)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from ..db.unit_of_work import Principal
from ..kit.auth import authorize
from ..kit.body import json_body
from ..kit.errors import not_found
from ..kit.idempotency import Write, writes
from ..kit.ids import parse_uuid_id
from ..kit.openapi import ok, refusals
from ..projects.schemas import PROJECT_ARCHIVED
from . import service
from .schemas import (
    Influencer,
    InfluencerCreate,
    InfluencerDeleted,
    InfluencerPage,
    InfluencerStarted,
    InfluencerUpdate,
)

router = APIRouter(prefix="/v1", tags=["influencers"])

InfluencerWrite = Annotated[Write, Depends(writes("influencers:write", "write-light"))]


def _base_url(request: Request) -> str:
    return (request.app.state.services.settings.public_base_url or "").rstrip("/")


def _influencer_id(raw: str):
    return parse_uuid_id("inf", raw, field="influencerId")


@router.get("/projects/{projectId}/influencers", responses=ok(InfluencerPage))
async def list_influencers(
    request: Request,
    projectId: str,
    principal: Annotated[Principal, Depends(authorize("influencers:read", "read-light"))],
    status: Literal["pending", "training", "ready", "failed"] | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: str | None = None,
):
    project_id = parse_uuid_id("prj", projectId, field="projectId")
    async with request.app.state.services.db.read() as conn:
        return await service.list_influencers(
            conn,
            principal.organization_id,
            project_id,
            status=status,
            cursor=cursor,
            limit=limit,
            base_url=_base_url(request),
        )


@router.post(
    "/projects/{projectId}/influencers",
    status_code=202,
    responses={**ok(InfluencerStarted, 202), **refusals(PROJECT_ARCHIVED)},
)
async def create_influencer(
    write: Annotated[Write, Depends(writes("influencers:write", "long-running"))],
    projectId: str,
    body: Annotated[InfluencerCreate, Depends(json_body(InfluencerCreate, required=False))],
):
    project_id = parse_uuid_id("prj", projectId, field="projectId")
    return await write(service.create_influencer, project_id, body)


@router.get("/influencers/{influencerId}", responses=ok(Influencer))
async def get_influencer(
    request: Request,
    influencerId: str,
    principal: Annotated[Principal, Depends(authorize("influencers:read", "read-light"))],
):
    influencer_id = _influencer_id(influencerId)
    async with request.app.state.services.db.read() as conn:
        row = await service.fetch_influencer(conn, principal.organization_id, influencer_id)
    return service.influencer_json(row, _base_url(request))


@router.patch("/influencers/{influencerId}", responses=ok(Influencer))
async def update_influencer(
    request: Request,
    write: InfluencerWrite,
    influencerId: str,
    body: Annotated[InfluencerUpdate, Depends(json_body(InfluencerUpdate))],
):
    influencer_id = _influencer_id(influencerId)
    return await write(service.update_influencer, influencer_id, body, _base_url(request))


@router.delete("/influencers/{influencerId}", responses=ok(InfluencerDeleted))
async def delete_influencer(write: InfluencerWrite, influencerId: str):
    return await write(service.delete_influencer, _influencer_id(influencerId))


# The portrait and its thumbnail are public so they work in an <img>: the URL is an
# unguessable id (UUIDv4) that only the owning organization's API responses reveal. They never
# change once drawn, so caches may keep them.
_IMAGE_HEADERS = {"Cache-Control": "public, max-age=86400, immutable"}


async def _portrait(request: Request, raw_id: str) -> Any:
    influencer_id = _influencer_id(raw_id)
    async with request.app.state.services.db.read() as conn:
        portrait = await service.fetch_public_portrait(conn, influencer_id)
    if portrait is None:
        raise not_found("influencer image")
    return portrait


@router.get("/influencers/{influencerId}/image.svg", include_in_schema=False)
async def influencer_image(request: Request, influencerId: str):
    """The persona's portrait (SVG)."""
    portrait = await _portrait(request, influencerId)
    return Response(portrait.svg, media_type="image/svg+xml", headers=_IMAGE_HEADERS)


@router.get("/influencers/{influencerId}/thumbnail.png", include_in_schema=False)
async def influencer_thumbnail(request: Request, influencerId: str):
    """The portrait's thumbnail (a 96×96 PNG), for lists."""
    portrait = await _portrait(request, influencerId)
    return Response(portrait.thumbnail_png, media_type="image/png", headers=_IMAGE_HEADERS)
