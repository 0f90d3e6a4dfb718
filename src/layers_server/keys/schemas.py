"""The answers of `whoami` and of the key actions, as `routes.py` and `service.py` build them
(docs/api/keys.md)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from ..kit.openapi import Refusal, ResponseModel

EXAMPLE_KEY: dict[str, Any] = {
    "id": "key_6f1c3b0e-4d2a-4c8e-9a57-2b7e8d1f0c93",
    "organizationId": "org_2481fa5c-a404-44ed-a561-565392499abc",
    "name": "Production backend",
    "prefix": "lp_live_7Q2M9K4D1XBV8R3T",
    "env": "live",
    "scopes": ["projects:read", "projects:write", "ingest:write", "jobs:read"],
    "rateLimitTier": "standard",
    "killSwitch": False,
    "isActive": True,
    "createdAt": "2026-04-02T10:11:12.345678+00:00",
    "lastUsedAt": "2026-04-18T19:02:11.959888+00:00",
    "rotatedAt": None,
    "revokedAt": None,
    "allowedReturnDomains": ["app.example.com"],
}
_AT = "2026-04-19T07:30:00.000000+00:00"
EXAMPLE_SECRET = "lp_live_7Q2M9K4D1XBV8R3T_q3Zr8m2YV1kPp0dX7wLh5NcB9sJf4TgU6eA2oRyHiKM"


class Whoami(ResponseModel):
    """The calling key, its organization and what it may do."""

    example: ClassVar[dict[str, Any]] = {
        "organizationId": "org_2481fa5c-a404-44ed-a561-565392499abc",
        "workspaceId": "org_2481fa5c-a404-44ed-a561-565392499abc",
        "organizationName": "Gic Growth",
        "parentOrganizationId": None,
        "scopes": EXAMPLE_KEY["scopes"],
        "rateLimitTier": "standard",
        "apiKeyId": EXAMPLE_KEY["id"],
        "creditBalance": None,
    }

    organizationId: str
    workspaceId: str
    organizationName: str
    parentOrganizationId: str | None
    scopes: list[str]
    rateLimitTier: str
    apiKeyId: str
    creditBalance: float | None


class ApiKey(ResponseModel):
    """The public record of a key: never its secret, never its hash."""

    example: ClassVar[dict[str, Any]] = EXAMPLE_KEY

    id: str
    organizationId: str
    name: str
    prefix: str
    env: str
    scopes: list[str]
    rateLimitTier: str
    killSwitch: bool
    isActive: bool
    createdAt: str
    lastUsedAt: str | None
    rotatedAt: str | None
    revokedAt: str | None
    allowedReturnDomains: list[str]


class ApiKeyKilled(ResponseModel):
    """The key, killed: every request made with it answers `503 KILL_SWITCH`."""

    example: ClassVar[dict[str, Any]] = {
        "apiKey": {**EXAMPLE_KEY, "killSwitch": True, "isActive": False, "revokedAt": _AT},
        "killed": True,
    }

    apiKey: ApiKey
    killed: Literal[True]


class ApiKeyRotated(ResponseModel):
    """The key with its new secret, shown this once."""

    example: ClassVar[dict[str, Any]] = {
        "apiKey": {**EXAMPLE_KEY, "rotatedAt": _AT},
        "secret": EXAMPLE_SECRET,
        "warning": "Store this secret now. It cannot be retrieved again. Rotate the key if it's "
        "lost.",
    }

    apiKey: ApiKey
    secret: str
    warning: str


class ApiKeyDeleted(ResponseModel):
    """The key, retired for good."""

    example: ClassVar[dict[str, Any]] = {
        "apiKey": {**EXAMPLE_KEY, "isActive": False, "revokedAt": _AT},
        "deleted": True,
    }

    apiKey: ApiKey
    deleted: Literal[True]


KEY_DELETED = Refusal(
    409,
    "CONFLICT",
    "The key is deleted (`details.subcode: KEY_DELETED`); deleted keys stay deleted.",
    {"subcode": "KEY_DELETED"},
    "A deleted key cannot be rotated; mint a new key.",
    name="CONFLICT_KEY_DELETED",
)
