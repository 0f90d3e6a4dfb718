"""Partner endpoints over API keys (docs/api/keys.md) and `whoami`. Ungated: any valid key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from ..db.unit_of_work import Principal
from ..kit.auth import authorize
from ..kit.idempotency import Write, writes
from ..kit.openapi import ok, refusals
from . import service
from .schemas import KEY_DELETED, ApiKeyDeleted, ApiKeyKilled, ApiKeyRotated, Whoami

router = APIRouter(prefix="/v1", tags=["keys"])

KeyWrite = Annotated[Write, Depends(writes(None, "write-light"))]


@router.get("/whoami", responses=ok(Whoami))
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
        # No credits ledger exists yet (docs/api/README.md); null rather than an invented balance.
        "creditBalance": None,
    }


@router.post("/api-keys/{keyId}/kill", responses=ok(ApiKeyKilled))
async def kill_api_key(write: KeyWrite, keyId: str):
    return await write(service.kill_key, keyId)


@router.post("/api-keys/{keyId}/rotate", responses={**ok(ApiKeyRotated), **refusals(KEY_DELETED)})
async def rotate_api_key(write: KeyWrite, keyId: str):
    return await write(service.rotate_key, keyId)


@router.delete("/api-keys/{keyId}", responses=ok(ApiKeyDeleted))
async def delete_api_key(write: KeyWrite, keyId: str):
    return await write(service.delete_key, keyId)
