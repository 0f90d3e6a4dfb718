"""HTTP surface of GitHub (docs/api/github.md): the App installation (`github:admin`), its
browser hand-off, and `POST /v1/projects/{projectId}/ingest/github`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse

from ..jobs.schemas import JobStarted
from ..kit import clock
from ..kit.auth import Principal, authorize
from ..kit.body import json_body
from ..kit.fields import NoNul
from ..kit.idempotency import Write, writes
from ..kit.ids import parse_uuid_id
from ..kit.openapi import ok
from . import installations
from .app import require_app
from .ingest import start_github_ingest
from .schemas import GitHubIngest, Installation, InstallationRegister, InstallUrl

router = APIRouter(prefix="/v1/github", tags=["github"])

Admin = Annotated[Principal, Depends(authorize("github:admin", "read-light"))]
AdminWrite = Annotated[Write, Depends(writes("github:admin", "write-light"))]


@router.get("/installation/install-url", responses=ok(InstallUrl))
async def get_install_url(
    request: Request,
    principal: Admin,
    returnUrl: Annotated[str, Query(max_length=2048), NoNul],
    state: Annotated[str | None, Query(max_length=256), NoNul] = None,
):
    services = request.app.state.services
    app = require_app(services.settings)
    async with services.db.write() as conn:
        return await installations.mint_install_state(
            conn, principal, app, return_url=returnUrl, state=state, now=clock.utcnow()
        )


@router.post(
    "/installation",
    status_code=201,
    responses={**ok(Installation, 201), **ok(Installation)},
)
async def register_installation(
    request: Request,
    write: AdminWrite,
    body: Annotated[InstallationRegister, Depends(json_body(InstallationRegister))],
):
    services = request.app.state.services
    app = require_app(services.settings)
    # GitHub is asked before the unit of work opens: no transaction waits on it.
    verification = await installations.verify_with_github(
        services.db, write.principal, app, body.installationId, body.state, clock.utcnow()
    )
    return await write(
        installations.register_installation,
        installation_id=body.installationId,
        state=body.state,
        verification=verification,
        now=clock.utcnow(),
    )


@router.get("/installation", responses=ok(Installation))
async def get_installation(request: Request, principal: Admin):
    services = request.app.state.services
    require_app(services.settings)
    async with services.db.read() as conn:
        return await installations.get_installation(conn, principal)


@router.get("/installation/callback", status_code=302, include_in_schema=False)
async def installation_callback(
    request: Request,
    state: Annotated[str, Query(max_length=256), NoNul],
    installation_id: Annotated[str | None, Query(max_length=20, pattern=r"^\d+$")] = None,
    setup_action: Annotated[str | None, Query(max_length=32, pattern=r"^[a-z_]+$")] = None,
):
    """The App's setup URL: GitHub sends the browser here after an install; no API key."""
    services = request.app.state.services
    require_app(services.settings)
    async with services.db.read() as conn:
        target = await installations.callback_redirect(
            conn,
            state=state,
            installation_id=installation_id,
            setup_action=setup_action,
            now=clock.utcnow(),
        )
    return RedirectResponse(target, status_code=302)


Ingestion = Annotated[Write, Depends(writes("ingest:write", "long-running"))]
ingest_router = APIRouter(prefix="/v1/projects/{projectId}/ingest", tags=["ingest"])


@ingest_router.post(
    "/github",
    status_code=202,
    responses=ok(JobStarted, 202),
)
async def ingest_github(
    request: Request,
    write: Ingestion,
    projectId: str,
    body: Annotated[GitHubIngest, Depends(json_body(GitHubIngest))],
):
    project_id = parse_uuid_id("prj", projectId, field="projectId")
    settings = request.app.state.services.settings
    return await write(start_github_ingest, project_id, body, settings)
