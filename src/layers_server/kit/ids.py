"""Type-prefixed public ids: ``org_<uuid>``, ``prj_<uuid>``, ``job_<ULID>``, ``req_<ULID>`` …"""

from __future__ import annotations

import uuid

from ulid import ULID

from .errors import ApiError


def new_ulid() -> str:
    return str(ULID())


def parse_uuid_id(prefix: str, raw: str, *, field: str) -> uuid.UUID:
    """Accept ``<prefix>_<uuid>`` or the bare UUID; anything else is a malformed id (422)."""
    bare = raw.removeprefix(f"{prefix}_")
    try:
        return uuid.UUID(bare)
    except ValueError:
        raise malformed_id(field, f"{prefix}_<uuid>") from None


def parse_ulid_id(prefix: str, raw: str, *, field: str) -> str:
    bare = raw.removeprefix(f"{prefix}_")
    try:
        return str(ULID.from_str(bare))
    except ValueError:
        raise malformed_id(field, f"{prefix}_<ULID>") from None


def malformed_id(field: str, shape: str) -> ApiError:
    return ApiError(
        422,
        "VALIDATION",
        f"`{field}` is not a well-formed id; expected {shape}.",
        {"issues": [{"path": field, "message": f"expected {shape}", "code": "invalid_id"}]},
    )


def new_request_id() -> str:
    return f"req_{ULID()}"
