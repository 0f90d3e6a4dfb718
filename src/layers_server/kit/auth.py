"""Who is calling: API key authentication, the kill switch, scopes and rate limits.

Every request reads its key row from the database, so a kill, rotation or deletion takes effect
on the very next request in every process; there is no cache to go stale. ``lastUsedAt`` is
the one thing not written per request: see `LastUsedTracker`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from fastapi import Request

from ..db.direct import Direct
from ..db.engine import Database
from ..db.tables import api_keys, organizations
from ..db.unit_of_work import Principal
from . import clock
from .apikeys import hash_secret, parse_key, secret_matches
from .errors import ApiError
from .ratelimit import EndpointClass, rate_limit_headers
from .scopes import grants

log = logging.getLogger("layers.auth")

# Compared against when the key id is unknown, so both failures cost the same time.
_DUMMY_HASH = hash_secret("x" * 43)


_KEY_COLUMNS = (
    api_keys.c.id,
    api_keys.c.secret_hash,
    api_keys.c.organization_id,
    api_keys.c.owner_email,
    api_keys.c.env,
    api_keys.c.scopes,
    api_keys.c.rate_limit_tier,
    api_keys.c.is_active,
    api_keys.c.kill_switch,
    organizations.c.name.label("organization_name"),
    organizations.c.status.label("organization_status"),
)
_KEYS = api_keys.join(organizations, organizations.c.id == api_keys.c.organization_id)
_THIS_KEY = api_keys.c.key_id == sa.bindparam("key_id")


class Companion:
    """A row read in the same query as the caller's key: LEFT JOINed on it, so a request that
    authenticates and then reads one row (a project by id, a stored idempotent answer) makes one
    round trip. ``on`` names the row through the bind parameters ``params(request)`` gives and
    the key's columns (``api_keys.c.organization_id``: the caller's organization, so another
    tenant's row is never found); ``params`` answers None when the request names no row (the key
    is then read alone). Routes get the row only once the key is accepted (`Authorized`)."""

    def __init__(
        self,
        table: sa.Table,
        on: sa.ColumnElement[bool],
        params: Callable[[Request], Mapping[str, Any] | None],
    ) -> None:
        self.params = params
        columns = list(table.c)
        self.query = Direct(
            sa.select(*_KEY_COLUMNS, *[c.label(f"companion_{c.name}") for c in columns])
            .select_from(_KEYS.outerjoin(table, on))
            .where(_THIS_KEY)
        )
        self._row = namedtuple(table.name, [c.name for c in columns])  # type: ignore[misc]
        # A found row has its primary key; a missing one is all NULLs.
        self._present = len(_KEY_COLUMNS) + next(i for i, c in enumerate(columns) if c.primary_key)

    def found(self, row: Any) -> Any:
        """The companion's row out of an authentication row, or None."""
        if row[self._present] is None:
            return None
        return self._row(*row[len(_KEY_COLUMNS) :])


_AUTH_QUERY = Direct(sa.select(*_KEY_COLUMNS).select_from(_KEYS).where(_THIS_KEY))


@dataclass(frozen=True, slots=True)
class Authorized:
    """An authorized caller, and the row its route's `Companion` found (or None)."""

    principal: Principal
    row: Any


def unauthenticated(message: str) -> ApiError:
    return ApiError(401, "UNAUTHENTICATED", message, headers={"WWW-Authenticate": "Bearer"})


def presented_key(request: Request) -> str | None:
    # X-Api-Key wins when both are present (docs/api/keys.md).
    key = request.headers.get("x-api-key")
    if key:
        return key.strip()
    authorization = request.headers.get("authorization")
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthenticated("Send the API key as `Authorization: Bearer <key>`.")
    return token.strip()


async def authenticate(
    db: Database,
    raw_key: str | None,
    companion: Companion | None = None,
    params: Mapping[str, Any] | None = None,
) -> tuple[Principal, Any]:
    """The caller's key, and the ``companion`` row named by ``params`` read with it (or None)."""
    if raw_key is None:
        raise unauthenticated("No API key: send `Authorization: Bearer <key>`.")
    parsed = parse_key(raw_key)
    if parsed is None:
        raise unauthenticated("The API key is malformed; keys look like lp_live_<keyId>_<secret>.")
    query = _AUTH_QUERY if companion is None or params is None else companion.query
    async with db.connection() as conn:
        row = await query.first(conn, {"key_id": parsed.key_id, **(params or {})})
    # The hash is compared whatever else is wrong, so an unknown key id, a wrong secret and
    # a key sent under the other environment's prefix cost the same and answer the same:
    # neither existence nor environment is leaked.
    secret_ok = secret_matches(parsed.secret, row.secret_hash if row else _DUMMY_HASH)
    if not secret_ok or row is None or row.env != parsed.env:
        raise unauthenticated("The API key is not valid (unknown, rotated or mistyped).")
    if row.organization_status != "active":
        raise kill_switch("organization", "This organization is suspended.")
    # Kill and delete both clear isActive (the record shows what is enforced here).
    if row.kill_switch or not row.is_active:
        raise kill_switch("key", "This API key has been disabled by its kill switch or deleted.")
    principal = Principal(
        api_key_id=row.id,
        key_id=parsed.key_id,
        organization_id=row.organization_id,
        organization_name=row.organization_name,
        owner_email=row.owner_email,
        scopes=frozenset(row.scopes),
        rate_limit_tier=row.rate_limit_tier,
        env=row.env,
    )
    found = companion.found(row) if companion is not None and params is not None else None
    return principal, found


def kill_switch(scope: str, message: str) -> ApiError:
    return ApiError(503, "KILL_SWITCH", message, {"scope": scope})


def authorize(scope: str | None, endpoint_class: EndpointClass):
    """Dependency: authenticate, spend the rate-limit budget, then enforce the route's scope.

    The budget is spent before the scope check so that every authenticated answer, a 403
    included, carries real rate-limit headers; requests without a valid key carry only the
    endpoint class (there is no key whose budget could be shown).
    """
    check = authorize_reading(scope, endpoint_class, None)

    async def dependency(request: Request) -> Principal:
        return (await check(request)).principal

    return _described(dependency, scope, endpoint_class)


def authorize_reading(
    scope: str | None, endpoint_class: EndpointClass, companion: Companion | None
):
    """`authorize`, reading the route's ``companion`` row in the same query as the key."""

    async def dependency(request: Request) -> Authorized:
        services = request.app.state.services
        request.state.response_headers["X-RateLimit-Endpoint-Class"] = endpoint_class
        params = companion.params(request) if companion is not None else None
        principal, found = await authenticate(
            services.db, presented_key(request), companion, params
        )
        request.state.principal = principal
        services.last_used.touch(principal.api_key_id)
        check = await services.limiter.check(
            api_key_id=principal.key_id,
            tier=principal.rate_limit_tier,
            endpoint_class=endpoint_class,
        )
        headers = rate_limit_headers(check)
        request.state.response_headers.update(headers)
        if not check.allowed:
            window = "daily write cap" if check.scope == "day" else f"{endpoint_class} budget"
            raise ApiError(
                429,
                "RATE_LIMITED",
                f"Rate limit exceeded: the {window} of this key is spent; retry after "
                f"{headers['Retry-After']} s.",
                {"endpointClass": endpoint_class, "window": check.scope},
            )
        if scope is not None and not grants(principal.scopes, scope):
            raise ApiError(
                403,
                "FORBIDDEN_SCOPE",
                f"This API key lacks the `{scope}` scope this route requires.",
                {"requiredScope": scope},
            )
        return Authorized(principal, found)

    return _described(dependency, scope, endpoint_class)


def _described(dependency, scope: str | None, endpoint_class: EndpointClass):
    # Read by the OpenAPI pass (kit/openapi.py): each operation's security and scope.
    dependency.required_scope = scope
    dependency.endpoint_class = endpoint_class
    return dependency


class LastUsedTracker:
    """Keeps ``lastUsedAt`` fresh without a write on each request's critical path.

    Requests only note the time in memory; a background task writes the newest time per key
    every `interval` seconds (and once more at shutdown). A crash loses at most one interval of
    ``lastUsedAt`` precision, never a request.
    """

    def __init__(self, db: Database, interval: float = 10.0) -> None:
        self._db = db
        self._interval = interval
        self._pending: dict[uuid.UUID, datetime] = {}
        self._task: asyncio.Task | None = None

    def touch(self, api_key_id: uuid.UUID) -> None:
        self._pending[api_key_id] = clock.utcnow()

    async def flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        statement = (
            api_keys.update()
            .where(api_keys.c.id == sa.bindparam("key"))
            .where(
                sa.or_(
                    api_keys.c.last_used_at.is_(None),
                    api_keys.c.last_used_at < sa.bindparam("used_at"),
                )
            )
            .values(last_used_at=sa.bindparam("used_at"))
        )
        try:
            async with self._db.write() as conn:
                await conn.execute(
                    statement, [{"key": key, "used_at": at} for key, at in pending.items()]
                )
        except Exception:
            log.warning("could not record lastUsedAt; will retry", exc_info=True)
            for key, at in pending.items():
                self._pending.setdefault(key, at)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="last-used-flusher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.flush()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            await self.flush()
