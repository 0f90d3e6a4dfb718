"""Liveness and readiness probes: no key, no rate limit."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Request

from ..db.migrate import current_revision, head_revision
from ..kit.jsonresp import OrjsonResponse

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> dict:
    """The process is up and serving; touches no dependency."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request):
    """Ready for traffic: database reachable and migrated, Redis reachable when configured."""
    services = request.app.state.services
    checks: dict[str, str] = {}
    try:
        async with services.db.read() as conn:
            await conn.execute(sa.text("SELECT 1"))
        revision = await current_revision(services.db.engine)
        checks["database"] = "ok" if revision == head_revision() else "not migrated"
    except Exception as error:  # any failure means "not ready", named below
        checks["database"] = f"unreachable ({type(error).__name__})"
    if services.settings.redis_url:
        checks["redis"] = "ok" if await services.limiter.backend_healthy() else "unreachable"
    failing = sorted(name for name, state in checks.items() if state != "ok")
    body = {"status": "ready" if not failing else "unavailable", "checks": checks}
    if failing:
        body["failing"] = failing
    return OrjsonResponse(body, status_code=503 if failing else 200)
