"""Idempotent writes: the key claim, the business write and the stored answer in one transaction.

A write route declares its success status once, in its decorator, and reads as parse → one
service call inside the unit of work → answer::

    @router.post("", status_code=201, ...)
    async def create_project(write: Annotated[Write, Depends(writes("projects:write", ...))],
                             body: ...):
        return await write(service.create_project, body)

`writes` authorizes the caller; `Write` opens the request's `UnitOfWork` (db/unit_of_work.py),
calls ``service.create_project(uow, body)`` in it and answers with the route's status, under the
protocol below (docs/api/README.md, "Idempotency"), which no route has to know.

How one request runs:

0. A key that already has a committed answer replays it from a plain read (no transaction).
1. BEGIN; claim the key with ``INSERT … ON CONFLICT DO NOTHING``. On PostgreSQL a concurrent
   request with the same key blocks inside that INSERT until the first one commits (the unique
   index holds it), then sees the committed answer and replays it. The connection's
   ``lock_timeout`` (`idempotency_wait_seconds`) bounds the wait: past it,
   ``409 IDEMPOTENCY_IN_PROGRESS``. On SQLite every write transaction already runs
   one at a time (see `Database.write`), so a duplicate simply replays.
2. Run the service call; store status, body and the headers that belong to the answer
   (`STORED_HEADERS`) on the claimed row; COMMIT. Only then is the response sent.
3. A 4xx the call raises is still the answer to store (a retry must get the same answer):
   the transaction rolls back, writes and claim alone, and a second one claims the key again
   and stores the refusal. (Rather than a SAVEPOINT around every call: that costs two round
   trips on every keyed write to spare a rare one.) If a concurrent duplicate slipped in
   between the two, it ran the call itself and the second claim replays its answer — the
   same key still gets one answer, and only one execution's writes are ever committed.

Not stored, so a retry with the same key runs anew: a 5xx, a crash or a lost connection (all
rolled back, claim included), and the transient refusals — a ``429`` raised inside the call (the
concurrent-jobs cap) and ``409 IDEMPOTENCY_IN_PROGRESS`` — whose cause goes away by itself.
A replay carries the stored answer's own headers, never those of the request that stored it
(its rate-limit headers are the replaying request's).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Concatenate, ParamSpec

import orjson
import sqlalchemy as sa
from fastapi import Request, Response
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from ..db.engine import Database
from ..db.tables import idempotency_keys
from ..db.unit_of_work import JobQueue, Principal, Reactions, UnitOfWork, unit_of_work
from . import clock
from .auth import authorize
from .errors import ApiError, error_body
from .jsonresp import JSON_MEDIA_TYPE, dump_json
from .ratelimit import EndpointClass

log = logging.getLogger("layers.idempotency")

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
IN_PROGRESS_RETRY_AFTER = 1
# The headers that are part of an answer, stored with it and replayed (docs/api/README.md).
STORED_HEADERS = ("Location", "Retry-After", "ETag")

P = ParamSpec("P")


def parse_idempotency_key(raw: str | None) -> str | None:
    """1–255 visible ASCII characters, bare or as a quoted structured-field string."""
    if raw is None:
        return None
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if not 1 <= len(value) <= 255 or not all("\x21" <= ch <= "\x7e" for ch in value):
        raise ApiError(
            400,
            "VALIDATION",
            "`Idempotency-Key` must be 1–255 visible ASCII characters (a UUID is ideal).",
            {"header": HEADER},
        )
    return value


def request_fingerprint(path_params: dict[str, Any], body: Any) -> bytes:
    # Canonical JSON: sorted keys, no whitespace, so formatting never changes the fingerprint.
    # The path parameters are part of it: one key reused on another resource is a conflict.
    canonical = orjson.dumps({"path": path_params, "body": body}, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical).digest()


def is_transient(error: ApiError) -> bool:
    """A refusal whose cause passes by itself: answered, but never stored as the key's answer."""
    return error.status == 429 or error.code == "IDEMPOTENCY_IN_PROGRESS"


@dataclass(frozen=True, slots=True)
class Answer:
    """A service's answer when it is more than a body: a status of its own (a cancel of a job
    that had already finished answers 200 instead of the route's 202) or headers that belong
    to it (`STORED_HEADERS`, e.g. the ``Location`` of a started job)."""

    body: Any
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class IdempotencyStore:
    """The stored answers of Idempotency-Keys: one row per (API key, method, route, key)."""

    db: Database
    ttl: timedelta

    async def replayable(self, scope: _KeyScope, fingerprint: bytes) -> Response | None:
        """Step 0: the committed answer of this key, from an autocommit read, if any."""
        # A committed answer is always complete (a claim is never committed without its
        # answer), so it can be replayed without opening a write transaction (nor, on SQLite,
        # queueing for the writer).
        async with self.db.read() as conn:
            stored = await self._stored(conn, scope)
        if stored is not None and stored.expires_at > clock.utcnow():
            return _replay(stored, fingerprint)
        return None

    async def claim(
        self, conn: AsyncConnection, scope: _KeyScope, fingerprint: bytes
    ) -> Response | None:
        """Own the key (None) or answer from the request that already owns it."""
        now = clock.utcnow()
        try:
            if await self._insert_claim(conn, scope, fingerprint, now):
                return None
        except DBAPIError as error:
            if not _is_lock_timeout(error):
                raise
            raise ApiError(
                409,
                "IDEMPOTENCY_IN_PROGRESS",
                "A request with this Idempotency-Key is still running; retry shortly.",
                headers={"Retry-After": str(IN_PROGRESS_RETRY_AFTER)},
            ) from None
        row = await self._stored(conn, scope)
        if row is None or row.expires_at <= now:
            # Past retention (or reaped a moment ago): the old answer is forgotten and this
            # request runs as new.
            await conn.execute(_DELETE_KEY, scope.params())
            await self._insert_claim(conn, scope, fingerprint, now)
            return None
        return _replay(row, fingerprint)

    async def save(self, conn: AsyncConnection, scope: _KeyScope, answer: _Answer) -> None:
        await conn.execute(
            _STORE_ANSWER,
            {
                **scope.params(),
                "a_status": answer.status,
                "a_body": answer.body,
                "a_headers": answer.headers or None,
            },
        )

    async def save_refusal(
        self, scope: _KeyScope, fingerprint: bytes, error: ApiError, request_id: str
    ) -> Response:
        """Commit the call's 4xx as the key's answer (its writes are rolled back already)."""
        body = error_body(error.code, error.message, request_id, error.details)
        answer = _Answer(error.status, dump_json(body), _own_headers(error.headers))
        async with self.db.write() as conn:
            replay = await self.claim(conn, scope, fingerprint)
            if replay is not None:
                return replay
            await self.save(conn, scope, answer)
        # The refusal's other headers (WWW-Authenticate, say) go out now, but are not replayed.
        return Response(
            answer.body,
            status_code=answer.status,
            media_type=JSON_MEDIA_TYPE,
            headers=error.headers,
        )

    async def _stored(self, conn: AsyncConnection, scope: _KeyScope) -> Any:
        return (await conn.execute(_SELECT_STORED, scope.params())).first()

    async def _insert_claim(
        self, conn: AsyncConnection, scope: _KeyScope, fingerprint: bytes, now: datetime
    ) -> bool:
        values = {
            "api_key_id": scope.api_key_id,
            "method": scope.method,
            "route": scope.route,
            "key": scope.key,
            "request_hash": fingerprint,
            "response_status": 0,  # filled in before commit; no one ever sees 0 committed
            "response_body": b"",
            "response_headers": None,
            "created_at": now,
            "expires_at": now + self.ttl,
        }
        return (await conn.execute(_CLAIM[conn.dialect.name], values)).rowcount == 1


class Write:
    """One authorized write request: ``await write(call, *args)`` runs ``call(uow, *args)`` in
    the request's unit of work under the idempotency protocol and answers with the route's
    declared status (or the call's own `Answer`)."""

    def __init__(
        self,
        request: Request,
        principal: Principal,
        store: IdempotencyStore,
        jobs: JobQueue,
        reactions: Reactions,
    ) -> None:
        self._request = request
        self._principal = principal
        self._store = store
        self._jobs = jobs
        self._reactions = reactions

    async def __call__(
        self,
        call: Callable[Concatenate[UnitOfWork, P], Awaitable[Any]],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Response:
        request, principal, store = self._request, self._principal, self._store
        route = request.scope["route"]
        key = parse_idempotency_key(request.headers.get(HEADER))
        scope = _KeyScope(principal.api_key_id, request.method, route.path, key)
        fingerprint = request_fingerprint(
            request.path_params, getattr(request.state, "json_body", None)
        )
        request_id = request.state.request_id
        if key is not None:
            replay = await store.replayable(scope, fingerprint)
            if replay is not None:
                return replay
        called = False
        try:
            async with unit_of_work(
                store.db,
                organization_id=principal.organization_id,
                request_id=request_id,
                jobs=self._jobs,
                principal=principal,
                reactions=self._reactions,
            ) as uow:
                if key is not None:
                    replay = await store.claim(uow.conn, scope, fingerprint)
                    if replay is not None:
                        return replay
                called = True
                answer = _answer(route.status_code or 200, await call(uow, *args, **kwargs))
                if key is not None:
                    await store.save(uow.conn, scope, answer)
        except ApiError as error:
            if key is None or not called or error.status >= 500 or is_transient(error):
                raise
            return await store.save_refusal(scope, fingerprint, error, request_id)
        return answer.response()


def writes(scope: str | None, endpoint_class: EndpointClass) -> Callable[..., Awaitable[Write]]:
    """Dependency: authorize the caller (`kit.auth.authorize`), then hand the route its `Write`."""
    authorized = authorize(scope, endpoint_class)

    async def dependency(request: Request) -> Write:
        principal = await authorized(request)
        services = request.app.state.services
        return Write(request, principal, services.idempotency, services.jobs, services.reactions)

    # Read by the OpenAPI pass (kit/openapi.py), as on `authorize`'s own dependency.
    dependency.required_scope = scope  # type: ignore[attr-defined]
    dependency.endpoint_class = endpoint_class  # type: ignore[attr-defined]
    return dependency


def _answer(default_status: int, payload: Any) -> _Answer:
    if isinstance(payload, Answer):
        return _Answer(
            payload.status or default_status, dump_json(payload.body), _own_headers(payload.headers)
        )
    return _Answer(default_status, dump_json(payload), {})


def _own_headers(headers: Mapping[str, str]) -> dict[str, str]:
    wanted = {name.lower(): name for name in STORED_HEADERS}
    return {
        wanted[name.lower()]: value for name, value in headers.items() if name.lower() in wanted
    }


def _replay(row: Any, fingerprint: bytes) -> Response:
    """The stored answer, verbatim, or 409 if this key was used for another request."""
    if row.request_hash != fingerprint:
        raise ApiError(
            409,
            "IDEMPOTENCY_CONFLICT",
            "This Idempotency-Key was already used with a different request body; "
            "use a new key for a new request.",
        )
    return Response(
        row.response_body,
        status_code=row.response_status,
        media_type=JSON_MEDIA_TYPE,
        headers={**(row.response_headers or {}), REPLAYED_HEADER: "true"},
    )


async def reap_expired_keys(db: Database, now: datetime | None = None) -> int:
    """Delete keys past their retention; returns how many went."""
    async with db.write() as conn:
        result = await conn.execute(
            idempotency_keys.delete().where(
                idempotency_keys.c.expires_at <= (now or clock.utcnow())
            )
        )
    return result.rowcount


@dataclass(frozen=True, slots=True)
class _KeyScope:
    api_key_id: Any
    method: str
    route: str
    key: str | None

    def params(self) -> dict[str, Any]:
        return {"k_api_key": self.api_key_id, "k_method": self.method, "k_route": self.route,
                "k_key": self.key}  # fmt: skip


# Built once: constructing a statement per request costs more CPU than the database round trip.
_THIS_KEY = (
    idempotency_keys.c.api_key_id == sa.bindparam("k_api_key"),
    idempotency_keys.c.method == sa.bindparam("k_method"),
    idempotency_keys.c.route == sa.bindparam("k_route"),
    idempotency_keys.c.key == sa.bindparam("k_key"),
)
_SELECT_STORED = sa.select(
    idempotency_keys.c.request_hash,
    idempotency_keys.c.response_status,
    idempotency_keys.c.response_body,
    idempotency_keys.c.response_headers,
    idempotency_keys.c.expires_at,
).where(*_THIS_KEY)
_DELETE_KEY = idempotency_keys.delete().where(*_THIS_KEY)
_STORE_ANSWER = (
    idempotency_keys.update()
    .where(*_THIS_KEY)
    .values(
        response_status=sa.bindparam("a_status"),
        response_body=sa.bindparam("a_body"),
        response_headers=sa.bindparam("a_headers", type_=idempotency_keys.c.response_headers.type),
    )
)
_CLAIM = {
    "postgresql": postgresql.insert(idempotency_keys).on_conflict_do_nothing(),
    "sqlite": sqlite.insert(idempotency_keys).on_conflict_do_nothing(),
}


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    body: bytes
    headers: dict[str, str]

    def response(self) -> Response:
        return Response(
            self.body, status_code=self.status, media_type=JSON_MEDIA_TYPE, headers=self.headers
        )


def _is_lock_timeout(error: DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) == "55P03" or "lock timeout" in str(error.orig)
