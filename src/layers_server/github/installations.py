"""The organization's GitHub App installation: install URLs, registration, the record.

The flow. A partner asks for an install URL (`mint_install_state`): we remember a ``state``
bound to the organization for 15 minutes, together with where the browser should come back to.
The user installs the App on GitHub; GitHub sends the browser to the App's setup URL, our
`/v1/github/installation/callback`, with ``installation_id`` and that ``state``; we send it on
to the remembered ``returnUrl``. The partner then registers the installation with its own key
(`register_installation`): the state must be live and the organization's, and GitHub itself
must know the installation (an id from a browser redirect is never believed on its own).

Test keys register sandbox installations, one per organization beside the live one, and
GitHub is never asked about them (nothing a test key does leaves the machine).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from ..db.engine import Database
from ..db.tables import api_keys, github_install_states, github_installations
from ..db.unit_of_work import UnitOfWork
from ..kit.auth import Principal
from ..kit.clock import iso
from ..kit.errors import ApiError, conflict
from ..kit.idempotency import Answer
from .app import GitHubApp
from .client import GitHubClient, GitHubError

STATE_TTL = timedelta(minutes=15)
# Used and expired states are kept a day (for support), then deleted as new ones are minted.
STATE_RETENTION = timedelta(days=1)
SANDBOX_ACCOUNT = "layers-sandbox"
_PARTNER_STATE = "A state of your own must be 16–128 characters of A–Z a–z 0–9 . _ ~ -"


def installation_json(row: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "installationId": row.installation_id,
        "githubAccount": {"login": row.account_login, "type": row.account_type},
        "orgLogin": row.account_login,
        "status": row.status,
        "registeredAt": iso(row.registered_at),
        "lastVerifiedAt": iso(row.last_verified_at),
    }
    if row.env == "test":
        record["sandbox"] = True
    return record


async def find_installation(
    conn: AsyncConnection, organization_id: uuid.UUID, env: str, *, for_update: bool = False
) -> Any:
    query = sa.select(github_installations).where(
        github_installations.c.organization_id == organization_id,
        github_installations.c.env == env,
    )
    if for_update and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return (await conn.execute(query)).first()


async def get_installation(conn: AsyncConnection, principal: Principal) -> dict[str, Any]:
    row = await find_installation(conn, principal.organization_id, principal.env)
    if row is None:
        raise ApiError(
            404,
            "NOT_FOUND",
            "This organization has no GitHub installation; register one with "
            "POST /v1/github/installation.",
        )
    return installation_json(row)


# --- install URL -----------------------------------------------------------------------------


def _issue(path: str, message: str, code: str = "invalid") -> ApiError:
    return ApiError(
        422,
        "VALIDATION",
        f"`{path}`: {message}.",
        {"issues": [{"path": path, "message": message, "code": code}]},
    )


def host_allowed(host: str, allowed: list[str]) -> bool:
    host = host.lower().rstrip(".")
    for domain in allowed:
        if domain.startswith("*."):
            if host.endswith(domain[1:]):
                return True
        elif host == domain:
            return True
    return False


def _checked_return_url(return_url: str, allowed: list[str]) -> str:
    parts = urlsplit(return_url.strip())
    host = (parts.hostname or "").lower()
    loopback = host in ("localhost", "127.0.0.1", "::1")
    if (
        not host
        or parts.scheme not in ("https", "http")
        or (parts.scheme == "http" and not loopback)
    ):
        raise _issue("returnUrl", "must be an absolute https URL (http only for localhost)")
    if parts.username or parts.password:
        raise _issue("returnUrl", "must not carry credentials")
    if not host_allowed(host, allowed):
        raise ApiError(
            403,
            "FORBIDDEN_SCOPE",
            f"This API key may not send browsers to `{host}`; its operator lists the allowed "
            "hosts with `keys create --allowed-return-domains`.",
            {"subcode": "RETURN_URL_NOT_ALLOWED", "host": host},
        )
    return urlunsplit(parts)


async def mint_install_state(
    conn: AsyncConnection,
    principal: Principal,
    app: GitHubApp,
    *,
    return_url: str,
    state: str | None,
    now: datetime,
) -> dict[str, Any]:
    allowed = await conn.scalar(
        sa.select(api_keys.c.allowed_return_domains).where(api_keys.c.id == principal.api_key_id)
    )
    return_url = _checked_return_url(return_url, list(allowed or []))
    if state is not None:
        if not (16 <= len(state) <= 128) or not all(
            c.isascii() and (c.isalnum() or c in "._~-") for c in state
        ):
            raise _issue("state", _PARTNER_STATE)
    else:
        state = secrets.token_urlsafe(32)
    await conn.execute(
        github_install_states.delete().where(
            github_install_states.c.expires_at < now - STATE_RETENTION
        )
    )
    expires_at = now + STATE_TTL
    # Inserted unless the state exists: two requests racing with the same partner state both
    # end up comparing against the one row (PostgreSQL waits for the other's commit).
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    minted = await conn.execute(
        dialect_insert(github_install_states)
        .values(
            state=state,
            organization_id=principal.organization_id,
            env=principal.env,
            return_url=return_url,
            created_at=now,
            expires_at=expires_at,
            used_at=None,
        )
        .on_conflict_do_nothing()
    )
    if minted.rowcount != 1:
        existing = (
            await conn.execute(
                sa.select(github_install_states).where(github_install_states.c.state == state)
            )
        ).one()
        same = (
            existing.organization_id == principal.organization_id
            and existing.env == principal.env
            and existing.return_url == return_url
            and existing.used_at is None
            and existing.expires_at > now
        )
        if not same:
            raise conflict(
                "That state is already in use; send another one, or none.", subcode="STATE_IN_USE"
            )
        expires_at = existing.expires_at
    url = app.install_url(state)
    return {"authUrl": url, "installUrl": url, "state": state, "expiresAt": iso(expires_at)}


async def callback_redirect(
    conn: AsyncConnection,
    *,
    state: str,
    installation_id: str | None,
    setup_action: str | None,
    now: datetime,
) -> str:
    """Where the App's setup URL sends the browser: the returnUrl its state remembered, with
    GitHub's answer added. Only ever a URL an allowed key chose, so this is no open redirect."""
    row = (
        await conn.execute(
            sa.select(github_install_states).where(github_install_states.c.state == state)
        )
    ).first()
    if row is None or row.expires_at <= now:
        raise ApiError(
            404,
            "NOT_FOUND",
            "This installation link has expired; start again from the app you came from.",
        )
    parts = urlsplit(row.return_url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    answer = {"state": state, "installationId": installation_id, "setupAction": setup_action}
    query += [(name, value) for name, value in answer.items() if value]
    return urlunsplit(parts._replace(query=urlencode(query)))


# --- registration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What GitHub said of an installation id: its account, or that it does not know it
    (``account is None``), or nothing at all (``unreachable``)."""

    account: tuple[str, str] | None  # (login, "Organization" | "User")
    unreachable: str | None = None


async def verify_with_github(
    db: Database,
    principal: Principal,
    app: GitHubApp,
    installation_id: int,
    state: str,
    now: datetime,
) -> Verification | None:
    """Ask GitHub about ``installation_id``, before the registration's transaction opens (no
    transaction waits on GitHub). None when there is nothing to verify: the state does not
    allow a registration (the transaction will say why) or this very installation is already
    registered. A test key's installation is never looked up."""
    async with db.read() as conn:
        row = (
            await conn.execute(
                sa.select(github_install_states).where(github_install_states.c.state == state)
            )
        ).first()
        existing = await find_installation(conn, principal.organization_id, principal.env)
    if row is None or row.organization_id != principal.organization_id or row.env != principal.env:
        return None
    if (
        existing is not None
        and existing.installation_id == installation_id
        and existing.status == "active"
    ):
        return None
    if row.used_at is not None or row.expires_at <= now:
        return None
    if principal.sandbox:
        return Verification((SANDBOX_ACCOUNT, "Organization"))
    try:
        found = await GitHubClient(app).get_installation(installation_id)
    except GitHubError as error:
        if error.status == 404:
            return Verification(None)
        return Verification(None, unreachable=error.message)
    account = found.get("account") or {}
    kind = "User" if account.get("type") == "User" else "Organization"
    return Verification((str(account.get("login") or ""), kind))


async def register_installation(
    uow: UnitOfWork,
    *,
    installation_id: int,
    state: str,
    verification: Verification | None,
    now: datetime,
) -> Answer:
    """Record the installation; 201 with the record, or 200 if it was already registered."""
    conn, principal = uow.conn, uow.principal
    assert principal is not None  # a request's unit of work
    row = (
        await conn.execute(
            sa.select(github_install_states).where(github_install_states.c.state == state)
        )
    ).first()
    if row is None or row.organization_id != principal.organization_id or row.env != principal.env:
        raise _issue("state", "is not a state this organization was given; request an install URL")
    existing = await find_installation(
        conn, principal.organization_id, principal.env, for_update=True
    )
    if (
        existing is not None
        and existing.installation_id == installation_id
        and existing.status == "active"
    ):
        return Answer(installation_json(existing), status=200)
    if row.used_at is not None or row.expires_at <= now:
        raise _issue("state", "has expired or was used already; request a new install URL")
    if verification is None or verification.unreachable:
        raise ApiError(
            503,
            "UNAVAILABLE",
            "GitHub could not be asked about this installation; retry shortly.",
            {"dependency": "github"},
            headers={"Retry-After": "5"},
        )
    if verification.account is None:
        raise _issue("installationId", "GitHub does not know this installation of the App")
    if existing is not None and existing.status == "active":
        raise conflict(
            "This organization already has an active GitHub installation.",
            subcode="GITHUB_INSTALLATION_EXISTS",
            installationId=existing.installation_id,
        )
    taken = await conn.scalar(
        sa.select(github_installations.c.organization_id).where(
            github_installations.c.env == principal.env,
            github_installations.c.installation_id == installation_id,
            github_installations.c.organization_id != principal.organization_id,
        )
    )
    if taken is not None:
        raise conflict(
            "This installation is registered to another organization.",
            subcode="GITHUB_INSTALLATION_TAKEN",
        )
    login, kind = verification.account
    values = {
        "installation_id": installation_id,
        "account_login": login,
        "account_type": kind,
        "status": "active",
        "registered_at": now,
        "last_verified_at": now,
        "uninstalled_at": None,
    }
    if existing is None:
        await conn.execute(
            github_installations.insert().values(
                id=uuid.uuid4(),
                organization_id=principal.organization_id,
                env=principal.env,
                **values,
            )
        )
    else:  # an uninstalled one makes way for the new registration
        await conn.execute(
            github_installations.update()
            .where(github_installations.c.id == existing.id)
            .values(**values)
        )
    await conn.execute(
        github_install_states.update()
        .where(github_install_states.c.state == state)
        .values(used_at=now)
    )
    registered = await find_installation(conn, principal.organization_id, principal.env)
    return Answer(installation_json(registered), status=201)


# --- what jobs record ------------------------------------------------------------------------


async def record_verified(
    conn: AsyncConnection,
    organization_id: uuid.UUID,
    env: str,
    installation_id: int,
    login: str,
    now: datetime,
) -> None:
    await conn.execute(
        github_installations.update()
        .where(
            github_installations.c.organization_id == organization_id,
            github_installations.c.env == env,
            github_installations.c.installation_id == installation_id,
            github_installations.c.status == "active",
        )
        .values(last_verified_at=now, account_login=login or github_installations.c.account_login)
    )


async def mark_uninstalled(
    conn: AsyncConnection, organization_id: uuid.UUID, env: str, installation_id: int, now: datetime
) -> None:
    await conn.execute(
        github_installations.update()
        .where(
            github_installations.c.organization_id == organization_id,
            github_installations.c.env == env,
            github_installations.c.installation_id == installation_id,
        )
        .values(status="uninstalled", uninstalled_at=now)
    )


def require_active_installation(row: Any) -> Any:
    """The ingest route's precondition: an installation GitHub still knows."""
    if row is None or row.status != "active":
        subcode = "GITHUB_NOT_INSTALLED" if row is None else "GITHUB_UNINSTALLED"
        message = (
            "Connect a GitHub App installation first (POST /v1/github/installation)."
            if row is None
            else "The GitHub App was uninstalled from this organization's account; install it "
            "again and register the new installation."
        )
        raise ApiError(
            422,
            "VALIDATION",
            message,
            {"subcode": subcode, "issues": [{"path": "", "message": message, "code": "invalid"}]},
        )
    return row
