"""Generated content: the hooks bank (docs/api/content.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from ..brand.inputs import brand_inputs
from ..brand.llm import generate_hooks_with_fallback
from ..db.unit_of_work import Principal
from ..kit import clock
from ..kit.auth import authorize
from ..kit.clock import iso
from ..kit.ids import parse_uuid_id
from ..kit.openapi import ok, refusals
from ..projects.guards import require_fields
from ..projects.schemas import missing_fields
from ..projects.service import fetch_project
from .schemas import HooksBank

router = APIRouter(prefix="/v1/projects/{projectId}/content", tags=["content"])


@router.get(
    "/hooks", responses={**ok(HooksBank), **refusals(missing_fields("appName", "appDescription"))}
)
async def get_hooks(
    request: Request,
    projectId: str,
    principal: Annotated[Principal, Depends(authorize("content:read", "read-light"))],
):
    """A freshly written bank on every call, in the project's voice and language."""
    services = request.app.state.services
    project_id = parse_uuid_id("prj", projectId, field="projectId")
    async with services.db.read() as conn:
        project = await fetch_project(conn, principal.organization_id, project_id)
    require_fields(project, ("app_name", "appName"), ("app_description", "appDescription"))
    inputs = brand_inputs(project)
    hooks = await generate_hooks_with_fallback(
        llm=None if principal.sandbox else services.llm,  # test keys never reach the LLM
        app_name=inputs.app_name,
        app_description=inputs.app_description,
        brand_voice=inputs.brand_voice,
        language=inputs.language,
        tagline=inputs.tagline,
        category=inputs.category,
        audience=inputs.audience,
    )
    return {
        "projectId": f"prj_{project_id}",
        "appName": project.app_name,
        "brandVoice": inputs.brand_voice,
        "language": inputs.language,
        "generatedAt": iso(clock.utcnow()),
        "hooks": hooks,
    }
