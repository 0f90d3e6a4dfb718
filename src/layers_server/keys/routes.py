"""Partner endpoints over API keys (contract §2) and `whoami`. Ungated: any valid key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from ..db.tables import api_keys
from ..kit import openapi as api
from ..kit.auth import Principal, authorize
from ..kit.idempotency import Transaction
from ..kit.openapi import ok
from . import service

router = APIRouter(prefix="/v1", tags=["keys"])

Caller = Annotated[Principal, Depends(authorize(None, "write-light"))]


def _own_key(principal: Principal, raw: str):
    # Another organization's key is simply not found (existence is not leaked).
    return service.key_filter(raw) & (api_keys.c.organization_id == principal.organization_id)


@router.get("/whoami", responses=ok(api.Whoami))
async def whoami(principal: Annotated[Principal, Depends(authorize(None, "read-light"))]):
    org = f"org_{principal.organization_id}"
    return {
        "organizationId": org,
        "workspaceId": org,
        "organizationName": principal.organization_name,
        "parentOrganizationId": None,
        "scopes": sorted(principal.scopes),
        "rateLimitTier": principal.rate_limit_tier,
        "apiKeyId": f"key_{principal.api_key_id}",
        # No credits ledger exists yet (contract §10); null rather than an invented balance.
        "creditBalance": None,
    }


async def _act_on_own_key(request: Request, principal: Principal, raw_key_id: str, action):
    """Run a key `action(conn, where)` idempotently on a key of the caller's organization."""
    where = _own_key(principal, raw_key_id)

    async def handler(tx: Transaction):
        return await action(tx.conn, where)

    return await request.app.state.services.writes.run(request, principal, handler)


@router.post("/api-keys/{keyId}/kill", responses=ok(api.ApiKeyKilled))
async def kill_key(request: Request, keyId: str, principal: Caller):
    return await _act_on_own_key(request, principal, keyId, service.kill_key)


@router.post("/api-keys/{keyId}/rotate", responses=ok(api.ApiKeyRotated))
async def rotate_key(request: Request, keyId: str, principal: Caller):
    return await _act_on_own_key(request, principal, keyId, service.rotate_key)


@router.delete("/api-keys/{keyId}", responses=ok(api.ApiKeyDeleted))
async def delete_key(request: Request, keyId: str, principal: Caller):
    return await _act_on_own_key(request, principal, keyId, service.delete_key)
