"""What every hardening test asserts about an answer, and how it counts an organization's rows."""

from __future__ import annotations

import re
import uuid
from typing import Any, Protocol

import sqlalchemy as sa

from layers_server.db.engine import Database
from layers_server.db.tables import api_keys, idempotency_keys, influencers, jobs, projects

REQUEST_ID = re.compile(r"req_[0-9A-HJKMNP-TV-Z]{26}")
ERROR_FIELDS = {"code", "message", "requestId", "details"}
# Strings that would mean an internal detail escaped into an answer.
LEAK_MARKERS = ("Traceback (most recent call last)", 'File "/', "sqlalchemy.", "asyncpg.")


class AnyResponse(Protocol):
    """httpx, requests and schemathesis responses all look like this."""

    status_code: int
    headers: Any

    def json(self) -> Any: ...

    @property
    def text(self) -> str: ...


def assert_well_formed(response: AnyResponse, sent: str = "") -> None:
    """Every answer carries a request id; every 4xx/5xx is the contract's error envelope,
    repeating that id, and no answer leaks a traceback or driver name. `sent` is the text of
    the request: a 422 may quote a value back, and generators do produce "sqlalchemy."."""
    request_id = header(response, "X-Request-Id") or ""
    assert REQUEST_ID.fullmatch(request_id), f"bad X-Request-Id {request_id!r}"
    text = response.text
    for marker in LEAK_MARKERS:
        if marker not in sent:
            assert marker not in text, f"answer leaks {marker!r}: {text[:500]}"
    if response.status_code < 400:
        return
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"error"}, f"not the envelope: {text[:500]}"
    error = body["error"]
    assert isinstance(error, dict), text
    assert set(error) <= ERROR_FIELDS and {"code", "message", "requestId"} <= set(error), text
    assert isinstance(error["code"], str) and re.fullmatch(r"[A-Z_]+", error["code"]), text
    assert isinstance(error["message"], str) and error["message"], text
    if header(response, "Idempotent-Replayed") == "true":
        # A replay is the first answer verbatim (docs/api/README.md), so its body names the request
        # that produced it, while X-Request-Id names this one (see docs/reliability.md).
        assert REQUEST_ID.fullmatch(error["requestId"]), text
    else:
        assert error["requestId"] == request_id, "the envelope's requestId is not X-Request-Id"
    assert isinstance(error.get("details", {}), dict), text


def header(response: AnyResponse, name: str) -> str | None:
    """One header's value; schemathesis keeps a list per lower-cased name, the others a string."""
    value = response.headers.get(name) or response.headers.get(name.lower())
    if isinstance(value, list):
        return value[0] if value else None
    return value


COUNTED_TABLES = ("projects", "jobs", "influencers", "idempotency_keys")
UNFINISHED = ("queued", "running")


async def cancel_unfinished_jobs(db: Database, organization_id: uuid.UUID) -> None:
    """Mark the organization's queued and running jobs canceled (rows stay, counts too)."""
    async with db.write() as conn:
        await conn.execute(
            jobs.update()
            .where(jobs.c.organization_id == organization_id, jobs.c.status.in_(UNFINISHED))
            .values(status="canceled", locked_by=None, lease_expires_at=None)
        )


async def org_row_counts(db: Database, organization_id: uuid.UUID) -> dict[str, int]:
    """How many rows of each table the organization owns (idempotency keys via its API keys)."""

    def count(table, *where):
        return sa.select(sa.func.count()).select_from(table).where(*where).scalar_subquery()

    org_keys = sa.select(api_keys.c.id).where(api_keys.c.organization_id == organization_id)
    query = sa.select(
        count(projects, projects.c.organization_id == organization_id).label("projects"),
        count(jobs, jobs.c.organization_id == organization_id).label("jobs"),
        count(influencers, influencers.c.organization_id == organization_id).label("influencers"),
        count(idempotency_keys, idempotency_keys.c.api_key_id.in_(org_keys)).label(
            "idempotency_keys"
        ),
    )
    async with db.read() as conn:
        row = (await conn.execute(query)).one()
    return dict(row._mapping)
