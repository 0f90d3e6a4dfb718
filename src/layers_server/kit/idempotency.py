"""Idempotent writes: the business write, the key and its stored answer in one transaction.

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

0. The key's committed answer, if it has one, is read in the same query as the caller's API key
   (`kit.auth.Companion`) and replayed.
1. The service call runs in the unit of work; then, at its commit, the key is inserted with the
   answer (``INSERT … ON CONFLICT DO NOTHING``) before the call's own pending rows, which are
   written only if the key was (`db.direct.write_rows`: one statement on PostgreSQL). If the key
   was taken meanwhile by a concurrent request with the same key, nothing of this one is
   committed and that request's answer is replayed. On PostgreSQL the insert of a key another
   transaction holds waits for it to end (the unique index); the connection's ``lock_timeout``
   (`idempotency_wait_seconds`) bounds the wait: past it, ``409 IDEMPOTENCY_IN_PROGRESS``. On
   SQLite writes run one at a time (see `Database.write`). Only then is the response sent. A
   key that exists but is past retention is deleted and the request runs anew.
2. A 4xx the call raises is still the answer to store (a retry must get the same answer): the
   transaction rolls back, writes alone, and one statement stores the refusal as the key's
   answer. If a concurrent duplicate took the key in between, its answer is replayed — the
   same key still gets one answer, and only one execution's writes are ever committed.

Why the key is inserted last: it carries the answer, so a claim is never committed without it
(one statement instead of a placeholder insert and an update), and a duplicate never waits for
the whole of another's call, only for its commit. Two concurrent duplicates may both run the
call; only the one whose key insert wins commits anything.

Not stored, so a retry with the same key runs anew: a 5xx, a crash or a lost connection (all
rolled back, key included), and the transient refusals — a ``429`` raised inside the call (the
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
from sqlalchemy.exc import DBAPIError

from ..db.direct import Direct, Row, write_rows
from ..db.engine import Database
from ..db.tables import api_keys, idempotency_keys
from ..db.unit_of_work import (
    ClaimTaken,
    JobQueue,
    Principal,
    Reactions,
    UnitOfWork,
    unit_of_work,
)
from . import clock
from .auth import Authorized, Companion, authorize_reading
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

    def replayable(self, stored: Any, fingerprint: bytes) -> Response | None:
        """Step 0: the committed answer read with the caller's key (`REPLAY_COMPANION`), if it
        has not expired; a committed answer is always complete (it is inserted with its key)."""
        if stored is not None and stored.expires_at > clock.utcnow():
            return _replay(stored, fingerprint)
        return None

    def row(self, scope: _KeyScope, fingerprint: bytes, answer: _Answer) -> dict[str, Any]:
        """The key's row, answer included."""
        now = clock.utcnow()
        return {
            "api_key_id": scope.api_key_id,
            "method": scope.method,
            "route": scope.route,
            "key": scope.key,
            "request_hash": fingerprint,
            "response_status": answer.status,
            "response_body": answer.body,
            "response_headers": answer.headers or None,
            "created_at": now,
            "expires_at": now + self.ttl,
        }

    async def taken(self, scope: _KeyScope, fingerprint: bytes) -> Response | None:
        """After losing the key to another request: its answer; or None once a key past its
        retention has been deleted (the request then runs anew)."""
        async with self.db.connection() as conn:
            stored = await _SELECT_STORED.first(conn, scope.params())
        replay = self.replayable(stored, fingerprint)
        if replay is not None:
            return replay
        if stored is not None:  # past retention (or reaped a moment ago): forgotten
            async with self.db.write() as conn:
                await _DELETE_EXPIRED.rowcount(conn, {**scope.params(), "now": clock.utcnow()})
        return None

    async def save_refusal(
        self, scope: _KeyScope, fingerprint: bytes, error: ApiError, request_id: str
    ) -> Response:
        """Store the call's 4xx as the key's answer (its writes are rolled back already)."""
        body = error_body(error.code, error.message, request_id, error.details)
        answer = _Answer(error.status, dump_json(body), _own_headers(error.headers))
        for _ in range(_ATTEMPTS):
            async with self.db.write() as conn:
                claimed = await write_rows(
                    conn, Row(idempotency_keys, self.row(scope, fingerprint, answer)), []
                )
            if claimed:
                # The refusal's other headers (WWW-Authenticate, say) go out now, but are not
                # replayed.
                return Response(
                    answer.body,
                    status_code=answer.status,
                    media_type=JSON_MEDIA_TYPE,
                    headers=error.headers,
                )
            replay = await self.taken(scope, fingerprint)
            if replay is not None:
                return replay
        raise _in_progress()


class Write:
    """One authorized write request: ``await write(call, *args)`` runs ``call(uow, *args)`` in
    the request's unit of work under the idempotency protocol and answers with the route's
    declared status (or the call's own `Answer`)."""

    def __init__(
        self,
        request: Request,
        authorized: Authorized,
        store: IdempotencyStore,
        jobs: JobQueue,
        reactions: Reactions,
    ) -> None:
        self._request = request
        self._principal = authorized.principal
        self._stored = authorized.row  # the key's committed answer, read with the API key
        self._store = store
        self._jobs = jobs
        self._reactions = reactions

    @property
    def principal(self) -> Principal:
        """Who is writing: for the work a route must do before its unit of work opens (asking
        an outside service, say, which no transaction should wait on)."""
        return self._principal

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
            replay = store.replayable(self._stored, fingerprint)
            if replay is not None:
                return replay
        for _ in range(_ATTEMPTS):
            answered = False
            try:
                async with unit_of_work(
                    store.db,
                    organization_id=principal.organization_id,
                    request_id=request_id,
                    jobs=self._jobs,
                    principal=principal,
                    reactions=self._reactions,
                ) as uow:
                    answer = _answer(route.status_code or 200, await call(uow, *args, **kwargs))
                    answered = True
                    if key is not None:
                        uow.claim(idempotency_keys, store.row(scope, fingerprint, answer))
            except ClaimTaken:
                replay = await store.taken(scope, fingerprint)
                if replay is not None:
                    return replay
                continue
            except DBAPIError as error:
                if answered and key is not None and _is_lock_timeout(error):
                    raise _in_progress() from None
                raise
            except ApiError as error:
                if key is None or error.status >= 500 or is_transient(error):
                    raise
                return await store.save_refusal(scope, fingerprint, error, request_id)
            return answer.response()
        raise _in_progress()


def writes(scope: str | None, endpoint_class: EndpointClass) -> Callable[..., Awaitable[Write]]:
    """Dependency: authorize the caller (`kit.auth.authorize_reading`, reading the request's
    stored idempotent answer in the same query), then hand the route its `Write`."""
    authorized = authorize_reading(scope, endpoint_class, REPLAY_COMPANION)

    async def dependency(request: Request) -> Write:
        caller = await authorized(request)
        services = request.app.state.services
        return Write(request, caller, services.idempotency, services.jobs, services.reactions)

    # Read by the OpenAPI pass (kit/openapi.py), as on `authorize`'s own dependency.
    dependency.required_scope = scope  # type: ignore[attr-defined]
    dependency.endpoint_class = endpoint_class  # type: ignore[attr-defined]
    return dependency


def _replay_params(request: Request) -> dict[str, Any] | None:
    """The stored answer the request's Idempotency-Key names; None without a (valid) key,
    whose refusal `Write` raises in its turn, after authentication and the body."""
    try:
        key = parse_idempotency_key(request.headers.get(HEADER))
    except ApiError:
        return None
    if key is None:
        return None
    return {"k_method": request.method, "k_route": request.scope["route"].path, "k_key": key}


REPLAY_COMPANION = Companion(
    idempotency_keys,
    sa.and_(
        idempotency_keys.c.api_key_id == api_keys.c.id,
        idempotency_keys.c.method == sa.bindparam("k_method"),
        idempotency_keys.c.route == sa.bindparam("k_route"),
        idempotency_keys.c.key == sa.bindparam("k_key"),
    ),
    _replay_params,
)


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
_SELECT_STORED = Direct(
    sa.select(
        idempotency_keys.c.request_hash,
        idempotency_keys.c.response_status,
        idempotency_keys.c.response_body,
        idempotency_keys.c.response_headers,
        idempotency_keys.c.expires_at,
    ).where(*_THIS_KEY)
)
_DELETE_EXPIRED = Direct(
    idempotency_keys.delete().where(
        *_THIS_KEY, idempotency_keys.c.expires_at <= sa.bindparam("now")
    )
)
# A key the unit of work loses more than this many times in a row (each time to a duplicate
# that then rolled back, or to an expired key) answers as still in progress.
_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    body: bytes
    headers: dict[str, str]

    def response(self) -> Response:
        return Response(
            self.body, status_code=self.status, media_type=JSON_MEDIA_TYPE, headers=self.headers
        )


def _in_progress() -> ApiError:
    return ApiError(
        409,
        "IDEMPOTENCY_IN_PROGRESS",
        "A request with this Idempotency-Key is still running; retry shortly.",
        headers={"Retry-After": str(IN_PROGRESS_RETRY_AFTER)},
    )


def _is_lock_timeout(error: DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) == "55P03" or "lock timeout" in str(error.orig)
