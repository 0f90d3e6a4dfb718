"""Organizations and API keys: minted by the operator's CLI, killed/rotated/retired by partners."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from ..db.tables import api_keys, organizations
from ..db.unit_of_work import UnitOfWork
from ..kit import clock
from ..kit.apikeys import format_key, hash_secret, key_prefix, new_key_id, new_secret
from ..kit.clock import iso
from ..kit.errors import conflict, not_found
from ..kit.ids import parse_uuid_id
from ..kit.ratelimit import DEFAULT_TIERS
from ..kit.scopes import ALL_SCOPES

# The public docs' wording, verbatim: partners may match on it.
ROTATE_WARNING = "Store this secret now. It cannot be retrieved again. Rotate the key if it's lost."


def organization_json(row: Any) -> dict[str, Any]:
    return {
        "id": f"org_{row.id}",
        "name": row.name,
        "status": row.status,
        "createdAt": iso(row.created_at),
    }


def key_json(row: Any) -> dict[str, Any]:
    """The public record of a key: never its secret, never its hash."""
    return {
        "id": f"key_{row.id}",
        "organizationId": f"org_{row.organization_id}",
        "name": row.name,
        "prefix": key_prefix(row.env, row.key_id),
        "env": row.env,
        "scopes": list(row.scopes),
        "rateLimitTier": row.rate_limit_tier,
        "killSwitch": row.kill_switch,
        "isActive": row.is_active,
        "createdAt": iso(row.created_at),
        "lastUsedAt": iso(row.last_used_at),
        "rotatedAt": iso(row.rotated_at),
        "revokedAt": iso(row.revoked_at),
        "allowedReturnDomains": list(row.allowed_return_domains or []),
    }


async def create_organization(conn: AsyncConnection, name: str) -> Any:
    values = {"id": uuid.uuid4(), "name": name, "status": "active", "created_at": clock.utcnow()}
    await conn.execute(organizations.insert().values(values))
    return (
        await conn.execute(sa.select(organizations).where(organizations.c.id == values["id"]))
    ).one()


@dataclass(frozen=True)
class MintedKey:
    record: dict[str, Any]
    plaintext: str


_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def parse_return_domains(raw: str | None) -> list[str]:
    """``a.example.com,*.example.org`` → host names, lower-cased; ``*.`` allows subdomains."""
    domains: list[str] = []
    for item in (raw or "").split(","):
        domain = item.strip().lower().rstrip(".")
        if not domain:
            continue
        labels = domain.removeprefix("*.").split(".")
        if not all(_HOST_LABEL.fullmatch(label) for label in labels):
            raise ValueError(f"'{item.strip()}' is not a host name (like app.example.com)")
        if domain not in domains:
            domains.append(domain)
    return domains


def validate_key_settings(scopes: list[str], tier: str, env: str, tiers=DEFAULT_TIERS) -> None:
    unknown = sorted(set(scopes) - ALL_SCOPES)
    if unknown:
        raise ValueError(
            f"unknown scope(s): {', '.join(unknown)}; known: {', '.join(sorted(ALL_SCOPES))}"
        )
    if tier not in tiers:
        raise ValueError(f"unknown rate-limit tier '{tier}'; known: {', '.join(tiers)}")
    if env not in ("live", "test"):
        raise ValueError("env must be 'live' or 'test'")


async def create_key(
    conn: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    name: str,
    scopes: list[str],
    tier: str,
    env: str,
    owner_email: str | None,
    allowed_return_domains: list[str] | None = None,
) -> MintedKey:
    org = await conn.scalar(
        sa.select(organizations.c.id).where(organizations.c.id == organization_id)
    )
    if org is None:
        raise LookupError(f"no organization org_{organization_id}")
    key_id, secret = new_key_id(), new_secret()
    values = {
        "id": uuid.uuid4(),
        "key_id": key_id,
        "organization_id": organization_id,
        "name": name,
        "owner_email": owner_email,
        "env": env,
        "scopes": scopes,
        "rate_limit_tier": tier,
        "secret_hash": hash_secret(secret),
        "is_active": True,
        "kill_switch": False,
        "created_at": clock.utcnow(),
        "last_used_at": None,
        "rotated_at": None,
        "revoked_at": None,
        "deleted_at": None,
        "allowed_return_domains": allowed_return_domains or None,
    }
    await conn.execute(api_keys.insert().values(values))
    row = await _fetch(conn, api_keys.c.id == values["id"])
    return MintedKey(key_json(row), format_key(env, key_id, secret))


async def list_keys(conn: AsyncConnection, organization_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await conn.execute(
        sa.select(api_keys)
        .where(api_keys.c.organization_id == organization_id)
        .order_by(api_keys.c.created_at, api_keys.c.id)
    )
    return [key_json(row) for row in rows]


def _key_is(key_ref: str) -> sa.ColumnElement[bool]:
    """A key reference may be ``key_<uuid>``, the bare UUID or the public 16-char keyId."""
    if len(key_ref) == 16 and "_" not in key_ref and "-" not in key_ref:
        return api_keys.c.key_id == key_ref.upper()
    return api_keys.c.id == parse_uuid_id("key", key_ref, field="keyId")


def _own_key(key_ref: str, organization_id: uuid.UUID) -> tuple[sa.ColumnElement[bool], ...]:
    # Another organization's key is simply not found (existence is not leaked).
    return (_key_is(key_ref), api_keys.c.organization_id == organization_id)


async def organization_of_key(conn: AsyncConnection, key_ref: str) -> uuid.UUID:
    """The operator's lookup (the CLI acts on any organization's key): whose key this is."""
    organization_id = await conn.scalar(
        sa.select(api_keys.c.organization_id).where(_key_is(key_ref))
    )
    if organization_id is None:
        raise not_found("API key")
    return organization_id


async def _fetch(conn: AsyncConnection, *where: sa.ColumnElement[bool]) -> Any:
    query = sa.select(api_keys).where(*where)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = (await conn.execute(query)).first()
    if row is None:
        raise not_found("API key")
    return row


async def _update(conn: AsyncConnection, key_uuid: uuid.UUID, **values: Any) -> Any:
    await conn.execute(api_keys.update().where(api_keys.c.id == key_uuid).values(**values))
    return await _fetch(conn, api_keys.c.id == key_uuid)


async def kill_key(uow: UnitOfWork, key_ref: str) -> dict[str, Any]:
    """Flip the kill switch: the key stops working (inactive, revoked now). Killing a killed
    key changes nothing and answers the same."""
    conn = uow.conn
    row = await _fetch(conn, *_own_key(key_ref, uow.organization_id))
    if not row.kill_switch:
        row = await _update(
            conn,
            row.id,
            kill_switch=True,
            is_active=False,
            revoked_at=row.revoked_at or clock.utcnow(),
        )
    return {"apiKey": key_json(row), "killed": True}


async def rotate_key(uow: UnitOfWork, key_ref: str) -> dict[str, Any]:
    """New secret (the old one fails at once); brings a killed key back to life."""
    conn = uow.conn
    row = await _fetch(conn, *_own_key(key_ref, uow.organization_id))
    if row.deleted_at is not None:
        raise conflict("A deleted key cannot be rotated; mint a new key.", subcode="KEY_DELETED")
    secret = new_secret()
    row = await _update(
        conn,
        row.id,
        secret_hash=hash_secret(secret),
        kill_switch=False,
        is_active=True,
        revoked_at=None,
        rotated_at=clock.utcnow(),
    )
    return {
        "apiKey": key_json(row),
        "secret": format_key(row.env, row.key_id, secret),
        "warning": ROTATE_WARNING,
    }


async def delete_key(uow: UnitOfWork, key_ref: str) -> dict[str, Any]:
    """Retire the key for good: it answers 503 KILL_SWITCH from now on and cannot be rotated.

    ``revokedAt`` keeps the moment the key first stopped working (a kill before the delete);
    the kill switch is left as it was, so the record says whether the key was also killed.
    """
    conn = uow.conn
    row = await _fetch(conn, *_own_key(key_ref, uow.organization_id))
    if row.deleted_at is None:
        now = clock.utcnow()
        row = await _update(
            conn, row.id, deleted_at=now, is_active=False, revoked_at=row.revoked_at or now
        )
    return {"apiKey": key_json(row), "deleted": True}
