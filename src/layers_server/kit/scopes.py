"""Scopes are deny-by-default; ``*`` grants every data scope but never an admin scope."""

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
    "webhooks:read",
    "webhooks:write",
)
ADMIN_SCOPE = "org:admin"
# Connecting the organization's GitHub App installation is an administrator's act, as
# `org:admin` is: a `*` data key cannot do it.
GITHUB_ADMIN_SCOPE = "github:admin"
ADMIN_SCOPES = frozenset((ADMIN_SCOPE, GITHUB_ADMIN_SCOPE))
ALL_SCOPES = frozenset((*DATA_SCOPES, *ADMIN_SCOPES, "*"))


def grants(scopes: frozenset[str], required: str) -> bool:
    if required in scopes:
        return True
    return "*" in scopes and required not in ADMIN_SCOPES
