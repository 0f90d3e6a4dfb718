"""The baselines: the least a create and a get by id can do on this stack.

A bare FastAPI app on the same uvicorn (uvloop, httptools) serving the routes the harness loads,
on the server's own migrated tables, in one of two flavours (``BENCH_BASELINE``):

* ``driver`` — the **raw driver**: an asyncpg pool on PostgreSQL, aiosqlite connections on
  SQLite (with the server's pragmas and its one-writer-at-a-time rule). This is the reference
  point the targets are judged against: what this machine can do at all.
* ``engine`` — the same work through the server's own database handle
  (`layers_server.db.engine.Database`: the same SQLAlchemy engine, pool settings, write
  transactions and autocommit reads), with statements built once like the server's hot paths.
  The difference between the two is what SQLAlchemy's execution layers cost.

Both do the same work:

* ``POST /v1/projects`` — the body validated by the server's own model (`ProjectCreate`), then
  three rows in one transaction: an idempotency row (with the answer), the project and a job
  (kind ``bench_baseline``, already completed so that no worker ever claims it); then the
  project as JSON, built by the server's own serializer;
* ``GET /v1/projects/{id}`` — one indexed select, the row as the server's JSON.

No authentication, rate limiting, idempotency protocol, request ids or logging: everything the
real server does on top of this is what the ratios printed by the harness price.

Configuration (environment): ``BENCH_BASELINE`` (driver or engine), ``BENCH_DATABASE_URL`` (the
URL operators write) and ``BENCH_ORGANIZATION_ID`` (the organization rows belong to); the
``LAYERS_*`` settings apply as they do to the server (pool size, overflow).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import sqlite3
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import sqlalchemy as sa
from fastapi import FastAPI, Request, Response
from ulid import ULID

from layers_server.db.engine import SQLITE_BUSY_TIMEOUT_MS, Database
from layers_server.db.tables import idempotency_keys, jobs, projects
from layers_server.kit.body import validate_model
from layers_server.projects.schemas import ProjectCreate
from layers_server.projects.service import project_detail_json, project_json
from layers_server.settings import Settings

JSON = "application/json"
# The same idempotency scope the server writes: one API key, the route template.
API_KEY_ID = uuid.uuid4()
ROUTE = "/v1/projects"
TTL = timedelta(days=1)

PROJECT_COLUMNS = [column.name for column in projects.columns]
IDEMPOTENCY_COLUMNS = [column.name for column in idempotency_keys.columns]
JOB_COLUMNS = [column.name for column in jobs.columns]
JSON_COLUMNS = {"ingest_state", "metadata", "brand_context", "payload", "result", "error",
                "response_headers"}  # fmt: skip


class Row:
    """Attribute access over a dict, so the server's serializers read it like a fetched row."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:
        return self._values[name]


def _rows(raw: bytes, idempotency_key: str | None, organization_id: uuid.UUID):
    """The three rows of a create, as Python values (aware UTC datetimes), and the answer."""
    body = validate_model(ProjectCreate, orjson.loads(raw))
    now = datetime.now(UTC)
    project = {
        "id": uuid.uuid4(),
        "organization_id": organization_id,
        "name": body.name,
        "status": "active",
        "customer_external_id": body.customerExternalId,
        "timezone": body.timezone,
        "primary_language": body.primaryLanguage,
        "owner_email": body.ownerEmail,
        "app_name": body.appName,
        "app_description": body.appDescription,
        "tagline": body.tagline,
        "brand_voice": body.brandVoice,
        "target_gender": body.targetGender,
        "platform_ios_bundle_id": None,
        "platform_android_bundle_id": None,
        "platform_web_domain": None,
        "ingest_state": {"github": None, "website": None, "appstore": None},
        "metadata": body.metadata,
        "brand_context": None,
        "created_at": now,
        "updated_at": now,
        "archived_at": None,
    }
    answer = orjson.dumps(project_json(Row(project)))
    idempotency = {
        "api_key_id": API_KEY_ID,
        "method": "POST",
        "route": ROUTE,
        "key": idempotency_key or str(project["id"]),
        "request_hash": hashlib.sha256(raw).digest(),
        "response_status": 201,
        "response_body": answer,
        "response_headers": None,
        "created_at": now,
        "expires_at": now + TTL,
    }
    job = {
        "id": str(ULID()),
        "organization_id": organization_id,
        "project_id": project["id"],
        "kind": "bench_baseline",
        # Completed: outside the workers' claim index, so the SQLite server's in-process worker
        # never looks at it.
        "status": "completed",
        "stage": "completed",
        "progress": 1.0,
        "payload": {},
        "result": None,
        "error": None,
        "attempts": 0,
        "run_after": now,
        "lease_expires_at": None,
        "locked_by": None,
        "cancel_requested": False,
        "request_id": None,
        "sandbox": False,
        "created_at": now,
        "started_at": now,
        "finished_at": now,
        "updated_at": now,
    }
    return idempotency, project, job, answer


# -- the raw drivers -----------------------------------------------------------------------------


def _insert_sql(table: str, columns: list[str], placeholder) -> str:
    marks = ", ".join(placeholder(i) for i in range(1, len(columns) + 1))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


class PostgresDriver:
    """asyncpg directly: a pool, one transaction of three INSERTs, one SELECT."""

    def __init__(self, url: str, settings: Settings) -> None:
        self.url = url.replace("postgresql+asyncpg://", "postgresql://")
        self.size = settings.db_pool_size + settings.db_max_overflow
        self.pool = None
        dollar = "${}".format
        self.inserts = [
            (_insert_sql("idempotency_keys", IDEMPOTENCY_COLUMNS, dollar), IDEMPOTENCY_COLUMNS),
            (_insert_sql("projects", PROJECT_COLUMNS, dollar), PROJECT_COLUMNS),
            (_insert_sql("jobs", JOB_COLUMNS, dollar), JOB_COLUMNS),
        ]
        self.select = "SELECT * FROM projects WHERE id = $1 AND organization_id = $2"

    async def start(self) -> None:
        import asyncpg

        async def init(conn) -> None:
            await conn.set_type_codec(
                "json", schema="pg_catalog", decoder=orjson.loads,
                encoder=lambda value: orjson.dumps(value).decode(),
            )  # fmt: skip

        # Grown on demand and shrunk when idle, like SQLAlchemy's pool: six benchmark processes
        # on one PostgreSQL must stay below its max_connections (100 by default).
        self.pool = await asyncpg.create_pool(
            self.url, min_size=0, max_size=self.size, init=init,
            max_inactive_connection_lifetime=5.0,
        )  # fmt: skip

    async def stop(self) -> None:
        await self.pool.close()

    @staticmethod
    def _value(value: Any) -> Any:
        # Columns are `timestamp without time zone` holding UTC, as the server stores them.
        if isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None)
        return value

    async def create(self, rows: tuple[dict, dict, dict]) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            for (sql, columns), row in zip(self.inserts, rows, strict=True):
                await conn.execute(sql, *[self._value(row[c]) for c in columns])

    async def get(self, project_id: uuid.UUID, organization_id: uuid.UUID) -> Row | None:
        record = await self.pool.fetchrow(self.select, project_id, organization_id)
        return None if record is None else Row(dict(record))


class SqliteDriver:
    """aiosqlite directly, with the server's pragmas, BEGIN IMMEDIATE writes queued behind one
    lock (as `Database.write` does), and the value conversions SQLAlchemy makes on SQLite."""

    def __init__(self, url: str, settings: Settings) -> None:
        self.path = url.split(":///", 1)[1]
        self.size = 15  # SQLAlchemy's default for file databases: pool of 5, overflow 10
        self.idle: asyncio.Queue = asyncio.Queue()
        self.opened = 0
        self.writer = asyncio.Lock()
        self.inserts = [
            (_insert_sql("idempotency_keys", IDEMPOTENCY_COLUMNS, lambda i: "?"),
             IDEMPOTENCY_COLUMNS),
            (_insert_sql("projects", PROJECT_COLUMNS, lambda i: "?"), PROJECT_COLUMNS),
            (_insert_sql("jobs", JOB_COLUMNS, lambda i: "?"), JOB_COLUMNS),
        ]  # fmt: skip
        self.select = "SELECT * FROM projects WHERE id = ? AND organization_id = ?"

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        while not self.idle.empty():
            await self.idle.get_nowait().close()

    async def _open(self):
        import aiosqlite

        conn = await aiosqlite.connect(self.path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
                       f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"):  # fmt: skip
            await conn.execute(f"PRAGMA {pragma}")
        conn.row_factory = sqlite3.Row
        return conn

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        if self.idle.empty() and self.opened < self.size:
            self.opened += 1
            conn = await self._open()
        else:
            conn = await self.idle.get()
        try:
            yield conn
        finally:
            self.idle.put_nowait(conn)

    @staticmethod
    def _value(column: str, value: Any) -> Any:
        # How SQLAlchemy stores them on SQLite: UUIDs as 32 hex digits, naive UTC datetimes
        # as text, JSON as text.
        if value is None:
            return None
        if isinstance(value, uuid.UUID):
            return value.hex
        if isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        if column in JSON_COLUMNS:
            return orjson.dumps(value).decode()
        return value

    async def create(self, rows: tuple[dict, dict, dict]) -> None:
        async with self.writer, self.connection() as conn:
            await conn.execute("BEGIN IMMEDIATE")
            try:
                for (sql, columns), row in zip(self.inserts, rows, strict=True):
                    await conn.execute(sql, [self._value(c, row[c]) for c in columns])
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")

    async def get(self, project_id: uuid.UUID, organization_id: uuid.UUID) -> Row | None:
        async with self.connection() as conn:
            cursor = await conn.execute(self.select, (project_id.hex, organization_id.hex))
            record = await cursor.fetchone()
            await cursor.close()
        if record is None:
            return None
        values = dict(record)
        for name in ("id", "organization_id"):
            values[name] = uuid.UUID(values[name])
        for name in ("created_at", "updated_at", "archived_at"):
            if values[name] is not None:
                values[name] = datetime.fromisoformat(values[name]).replace(tzinfo=UTC)
        for name in ("ingest_state", "metadata", "brand_context"):
            if values[name] is not None:
                values[name] = orjson.loads(values[name])
        return Row(values)


# -- the server's own engine ---------------------------------------------------------------------


class EngineBaseline:
    """The same work through `layers_server.db.engine.Database` (SQLAlchemy Core, statements
    built once with bound parameters, as the server's hot paths are)."""

    def __init__(self, url: str, settings: Settings) -> None:
        self.db = Database.from_settings(settings)
        self.inserts = [idempotency_keys.insert(), projects.insert(), jobs.insert()]
        self.select = projects.select().where(
            projects.c.id == sa.bindparam("project_id"),
            projects.c.organization_id == sa.bindparam("organization_id"),
        )

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        await self.db.dispose()

    async def create(self, rows: tuple[dict, dict, dict]) -> None:
        async with self.db.write() as conn:
            for statement, row in zip(self.inserts, rows, strict=True):
                await conn.execute(statement, row)

    async def get(self, project_id: uuid.UUID, organization_id: uuid.UUID) -> Any:
        params = {"project_id": project_id, "organization_id": organization_id}
        async with self.db.read() as conn:
            return (await conn.execute(self.select, params)).first()


def _backend(flavour: str, url: str):
    settings = Settings(database_url=url)
    if flavour == "engine":
        return EngineBaseline(url, settings)
    if flavour != "driver":
        raise SystemExit(f"BENCH_BASELINE must be driver or engine, not {flavour!r}")
    return SqliteDriver(url, settings) if settings.is_sqlite else PostgresDriver(url, settings)


def create_app() -> FastAPI:
    database_url = os.environ["BENCH_DATABASE_URL"]
    organization_id = uuid.UUID(os.environ["BENCH_ORGANIZATION_ID"].removeprefix("org_"))
    flavour = os.environ.get("BENCH_BASELINE", "driver")

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.backend = _backend(flavour, database_url)
        await app.state.backend.start()
        try:
            yield
        finally:
            await app.state.backend.stop()

    app = FastAPI(lifespan=lifespan)

    @app.get("/healthz")
    async def healthz() -> Response:
        return Response(b'{"status":"ok"}', media_type=JSON)

    @app.post(ROUTE)
    async def create(request: Request) -> Response:
        raw = await request.body()
        idempotency, project, job, answer = _rows(
            raw, request.headers.get("idempotency-key"), organization_id
        )
        await request.app.state.backend.create((idempotency, project, job))
        return Response(answer, status_code=201, media_type=JSON)

    @app.get(ROUTE + "/{project_id}")
    async def get(request: Request, project_id: str) -> Response:
        project_uuid = uuid.UUID(project_id.removeprefix("prj_"))
        row = await request.app.state.backend.get(project_uuid, organization_id)
        if row is None:
            return Response(b'{"error":"not found"}', status_code=404, media_type=JSON)
        return Response(orjson.dumps(project_detail_json(row)), media_type=JSON)

    return app
