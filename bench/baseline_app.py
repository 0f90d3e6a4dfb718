"""The baseline: the least a create and a get by id can do on this stack.

A bare FastAPI app on the same uvicorn (uvloop, httptools) serving the same two routes the
harness loads, through the server's own database handle (`layers_server.db.engine.Database`: the
same engine, driver, pool settings and SQLite pragmas, the same write transactions and
autocommit reads), so the two can never drift apart:

* ``POST /v1/projects`` — two inserts in one transaction, an idempotency row and a project row,
  into the server's own (migrated) tables, then the project as JSON;
* ``GET /v1/projects/{id}`` — one indexed select, the row as JSON.

No authentication, rate limiting, validation, idempotency protocol, request ids or logging:
everything the real server does on top of this is what the ratios printed by the harness price.

Configuration (environment): ``BENCH_DATABASE_URL`` (the URL operators write) and
``BENCH_ORGANIZATION_ID`` (the organization rows belong to); the ``LAYERS_*`` settings apply as
they do to the server (pool size, overflow).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import orjson
from fastapi import FastAPI, Request, Response

from layers_server.db.engine import Database
from layers_server.db.tables import idempotency_keys, projects
from layers_server.settings import Settings

JSON = "application/json"
# The same idempotency scope the server writes: one API key, the route template.
API_KEY_ID = uuid.uuid4()
ROUTE = "/v1/projects"


def _project_json(row: dict) -> dict:
    return {
        "id": f"prj_{row['id']}",
        "organizationId": f"org_{row['organization_id']}",
        "name": row["name"],
        "status": row["status"],
        "customerExternalId": row["customer_external_id"],
        "timezone": row["timezone"],
        "createdAt": row["created_at"].isoformat(timespec="microseconds"),
        "updatedAt": row["updated_at"].isoformat(timespec="microseconds"),
    }


def create_app() -> FastAPI:
    database_url = os.environ["BENCH_DATABASE_URL"]
    organization_id = uuid.UUID(os.environ["BENCH_ORGANIZATION_ID"].removeprefix("org_"))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.db = Database.from_settings(Settings(database_url=database_url))
        try:
            yield
        finally:
            await app.state.db.dispose()

    app = FastAPI(lifespan=lifespan)

    @app.get("/healthz")
    async def healthz() -> Response:
        return Response(b'{"status":"ok"}', media_type=JSON)

    @app.post(ROUTE)
    async def create(request: Request) -> Response:
        db: Database = request.app.state.db
        raw = await request.body()
        body = orjson.loads(raw)
        now = datetime.now(UTC)
        project = {
            "id": uuid.uuid4(),
            "organization_id": organization_id,
            "name": body["name"],
            "status": "active",
            "customer_external_id": body.get("customerExternalId"),
            "timezone": body["timezone"],
            "primary_language": "en",
            "brand_voice": "authentic",
            "target_gender": "all",
            "ingest_state": {"github": None, "website": None, "appstore": None},
            "created_at": now,
            "updated_at": now,
        }
        answer = orjson.dumps(_project_json(project))
        async with db.write() as conn:
            await conn.execute(
                idempotency_keys.insert().values(
                    api_key_id=API_KEY_ID,
                    method="POST",
                    route=ROUTE,
                    key=request.headers.get("idempotency-key") or str(project["id"]),
                    request_hash=hashlib.sha256(raw).digest(),
                    response_status=201,
                    response_body=answer,
                    created_at=now,
                    expires_at=now + timedelta(days=1),
                )
            )
            await conn.execute(projects.insert().values(project))
        return Response(answer, status_code=201, media_type=JSON)

    @app.get(ROUTE + "/{project_id}")
    async def get(request: Request, project_id: str) -> Response:
        db: Database = request.app.state.db
        query = projects.select().where(
            projects.c.id == uuid.UUID(project_id.removeprefix("prj_")),
            projects.c.organization_id == organization_id,
        )
        async with db.read() as conn:
            row = (await conn.execute(query)).mappings().first()
        if row is None:
            return Response(b'{"error":"not found"}', status_code=404, media_type=JSON)
        return Response(orjson.dumps(_project_json(row)), media_type=JSON)

    return app
