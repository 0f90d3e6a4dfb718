"""Scopes are deny-by-default; ``*`` grants every data scope but never ``org:admin``."""

from __future__ import annotations

DATA_SCOPES = (
    "projects:read",
    "projects:write",
    "content:read",
    "influencers:read",
    "influencers:write",
    "ingest:write",
    "jobs:read",
    "jobs:cancel",
)
ADMIN_SCOPE = "org:admin"
ALL_SCOPES = frozenset((*DATA_SCOPES, ADMIN_SCOPE, "*"))


def grants(scopes: frozenset[str], required: str) -> bool:
    if required in scopes:
        return True
    return "*" in scopes and required != ADMIN_SCOPE
