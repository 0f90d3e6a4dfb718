"""Operator endpoints: liveness, readiness and metrics. No key, no rate limit.

They are meant for load balancers, orchestrators and Prometheus on the private network; bind or
firewall them away from the public internet (see docs/deployment.md).
"""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from fastapi import APIRouter, Request, Response

from ..db.migrate import current_revision, head_revision
from ..kit.jsonresp import OrjsonResponse
from ..kit.openapi import ok
from .metrics import read_job_stats, render_metrics
from .schemas import Health, Readiness

router = APIRouter(tags=["operations"])

# A probe that hangs tells an orchestrator nothing; a prompt "unreachable" does.
READINESS_TIMEOUT_SECONDS = 3.0


@router.get("/healthz", responses=ok(Health))
async def healthz() -> dict:
    """The process is up and serving; touches no dependency."""
    return {"status": "ok"}


@router.get("/readyz", responses={**ok(Readiness), **ok(Readiness, 503)})
async def readyz(request: Request):
    """Ready for traffic: database reachable and migrated, Redis reachable when configured."""
    services = request.app.state.services
    checks: dict[str, str] = {}
    try:
        async with asyncio.timeout(READINESS_TIMEOUT_SECONDS):
            async with services.db.read() as conn:
                await conn.execute(sa.text("SELECT 1"))
            revision = await current_revision(services.db.engine)
        checks["database"] = "ok" if revision == head_revision() else "not migrated"
    except Exception as error:  # any failure means "not ready", named below
        checks["database"] = f"unreachable ({type(error).__name__})"
    if services.settings.redis_url:
        checks["redis"] = "ok" if await services.limiter.backend_healthy() else "unreachable"
    failing = sorted(name for name, state in checks.items() if state != "ok")
    body: dict[str, object] = {
        "status": "ready" if not failing else "unavailable",
        "checks": checks,
    }
    if failing:
        body["failing"] = failing
    return OrjsonResponse(body, status_code=503 if failing else 200)


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    """Prometheus exposition; the job queue gauges are read from the database per scrape."""
    stats = await read_job_stats(request.app.state.services.db)
    body, content_type = render_metrics(stats, request.headers.get("accept"))
    return Response(body, media_type=content_type)
