"""The databases a run uses: a temporary SQLite file or a fresh PostgreSQL database, seeded with
bulk SQL, and the paths (ids, customerExternalIds, cursors) the read scenarios request."""

from __future__ import annotations

import asyncio
import random
import secrets
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from layers_server.db.tables import jobs, projects
from layers_server.jobs.service import job_etag
from layers_server.kit.pagination import encode_cursor

from .processes import layers_cli, layers_cli_json

# Seeded rows are spaced 1 ms apart from 2020-01-01 on, so rows created during the run are
# always the newest and the keyset order of the seeded rows is fixed and unique.
SEED_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
SEED_BATCH = 250_000
# Completed jobs seeded beside the projects, for the job-poll scenarios: one per ten projects.
JOBS_PER_PROJECT = 0.1
SEED_JOB_RESULT = '{"hashtags": [{"tag": "#seeded", "score": 0.5}]}'


def seed_job_id(n: int) -> str:
    """The n-th seeded job's id: a valid ULID (Crockford digits, first character 0)."""
    return f"{n:026d}"


def _sqlalchemy_url(url: str) -> str:
    for plain, driver in (
        ("sqlite://", "sqlite+aiosqlite://"),
        ("postgresql://", "postgresql+asyncpg://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url


class BenchDatabase:
    """One database of one backend, with an organization and an ``internal`` key in it."""

    backend: str

    def __init__(self, url: str) -> None:
        self.url = url  # the plain URL operators write; the server picks the async driver
        self.organization_id: str = ""
        self.api_key: str = ""
        self.seeded = 0
        self.jobs_seeded = 0

    # -- lifecycle ---------------------------------------------------------------------------

    def create(self) -> None:
        raise NotImplementedError

    def drop(self) -> None:
        raise NotImplementedError

    @property
    def server_env(self) -> dict[str, str]:
        return {"LAYERS_DATABASE_URL": self.url}

    def migrate_and_mint_key(self) -> None:
        layers_cli(["migrate"], self.server_env)
        org = layers_cli_json(["orgs", "create", "--name", "Benchmark", "--json"], self.server_env)
        self.organization_id = org["id"]
        self.api_key = self.mint_key("internal")

    def mint_key(self, tier: str) -> str:
        """A `*`-scoped test key of the organization in ``tier``."""
        key = layers_cli_json(
            [
                "keys", "create", "--org", self.organization_id, "--name", f"benchmark-{tier}",
                "--tier", tier, "--scopes", "*", "--env", "test", "--json",
            ],
            self.server_env,
        )  # fmt: skip
        return key["key"]

    @property
    def _org_uuid(self) -> uuid.UUID:
        return uuid.UUID(self.organization_id.removeprefix("org_"))

    def _run(self, work: Callable[[AsyncEngine], object]):
        async def runner():
            engine = create_async_engine(_sqlalchemy_url(self.url))
            try:
                return await work(engine)
            finally:
                await engine.dispose()

        return asyncio.run(runner())

    # -- seeding -----------------------------------------------------------------------------

    def seed_to(self, total: int, progress: Callable[[str], None]) -> float:
        """Add seeded projects until the organization has ``total`` of them; returns seconds."""
        started = time.perf_counter()
        while self.seeded < total:
            stop = min(total, self.seeded + SEED_BATCH)
            self._run(lambda engine, a=self.seeded + 1, b=stop: self._insert_range(engine, a, b))
            self.seeded = stop
            progress(f"{self.seeded:,} / {total:,} projects")
        self.jobs_seeded = max(1, int(total * JOBS_PER_PROJECT))
        self._run(lambda engine: self._insert_jobs(engine, self.jobs_seeded))
        progress(f"{self.jobs_seeded:,} completed jobs")
        self._run(self._analyze)
        return time.perf_counter() - started

    async def _insert_range(self, engine: AsyncEngine, first: int, last: int) -> None:
        raise NotImplementedError

    async def _insert_jobs(self, engine: AsyncEngine, count: int) -> None:
        raise NotImplementedError

    async def _analyze(self, engine: AsyncEngine) -> None:
        raise NotImplementedError

    def insert_hooks_project(self) -> str:
        """A project with appName and appDescription (what the hooks bank needs), made by SQL so
        that no ingestion or keyword job starts. Returns its public id."""
        project_id = uuid.uuid4()

        async def work(engine: AsyncEngine) -> None:
            async with engine.begin() as conn:
                await conn.execute(
                    projects.insert().values(
                        id=project_id,
                        organization_id=self._org_uuid,
                        name="Hooks project",
                        status="active",
                        customer_external_id=f"hooks-{project_id.hex[:8]}",
                        timezone="UTC",
                        primary_language="en",
                        owner_email="owner@example.com",
                        app_name="Fit Streak",
                        app_description=(
                            "Fit Streak turns short daily workouts into a streak you do not want "
                            "to break: five-minute routines, reminders that adapt to your day, "
                            "and friends who keep you honest."
                        ),
                        brand_voice="warm",
                        target_gender="all",
                        ingest_state={"github": None, "website": None, "appstore": None},
                        created_at=SEED_EPOCH,
                        updated_at=SEED_EPOCH,
                    )
                )

        self._run(work)
        return f"prj_{project_id}"

    # -- what the read scenarios request ---------------------------------------------------------

    def sample_projects(self, count: int) -> list[tuple[str, str]]:
        """(public id, customerExternalId) of ``count`` seeded projects drawn uniformly."""
        numbers = random.sample(range(1, self.seeded + 1), min(count, self.seeded))
        external_ids = [f"seed-{n}" for n in numbers]

        async def work(engine: AsyncEngine) -> list[tuple[str, str]]:
            rows = []
            async with engine.connect() as conn:
                for chunk in range(0, len(external_ids), 500):
                    result = await conn.execute(
                        sa.select(projects.c.id, projects.c.customer_external_id).where(
                            projects.c.organization_id == self._org_uuid,
                            projects.c.customer_external_id.in_(external_ids[chunk : chunk + 500]),
                        )
                    )
                    rows += [(f"prj_{row.id}", row.customer_external_id) for row in result]
            return rows

        return self._run(work)

    def sample_jobs(self, count: int) -> list[tuple[str, str]]:
        """(public id, ETag) of ``count`` seeded jobs drawn uniformly; the ETag is the server's
        own (`jobs.service.job_etag`) for the row as stored."""
        ids = [seed_job_id(n) for n in random.sample(range(1, self.jobs_seeded + 1),
                                                     min(count, self.jobs_seeded))]  # fmt: skip

        async def work(engine: AsyncEngine) -> list[tuple[str, str]]:
            async with engine.connect() as conn:
                rows = (await conn.execute(sa.select(jobs).where(jobs.c.id.in_(ids)))).all()
            return [(f"job_{row.id}", job_etag(row)) for row in rows]

        return self._run(work)

    def cursor_at_offset(self, offset: int) -> str:
        """The cursor a client walking newest-first would hold after ``offset`` rows: built from
        the row at that offset, in the format of `layers_server.kit.pagination`."""

        async def work(engine: AsyncEngine) -> str:
            async with engine.connect() as conn:
                row = (
                    await conn.execute(
                        sa.select(projects.c.created_at, projects.c.id)
                        .where(projects.c.organization_id == self._org_uuid)
                        .order_by(projects.c.created_at.desc(), projects.c.id.desc())
                        .offset(offset - 1)
                        .limit(1)
                    )
                ).one()
            return encode_cursor(row.created_at, row.id)

        return self._run(work)


class SqliteDatabase(BenchDatabase):
    backend = "sqlite"

    def __init__(self) -> None:
        self.directory = Path(tempfile.gettempdir()) / f"layers-bench-{secrets.token_hex(4)}"
        super().__init__(f"sqlite:///{self.directory / 'layers.db'}")

    def create(self) -> None:
        self.directory.mkdir()
        self.migrate_and_mint_key()

    def drop(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    async def _insert_range(self, engine: AsyncEngine, first: int, last: int) -> None:
        # One INSERT … SELECT from a recursive CTE: no Python per row. Values are stored the
        # way SQLAlchemy stores them on SQLite: UUIDs as 32 hex digits, datetimes as
        # 'YYYY-MM-DD HH:MM:SS.ffffff' (naive UTC), JSON as text.
        epoch = int(SEED_EPOCH.timestamp())
        statement = sa.text(
            """
            WITH RECURSIVE seq(n) AS (
                SELECT :first UNION ALL SELECT n + 1 FROM seq WHERE n < :last
            ),
            stamped(n, at) AS (
                SELECT n, printf('%s.%06d', datetime(:epoch + n / 1000, 'unixepoch'),
                                 (n % 1000) * 1000)
                FROM seq
            )
            INSERT INTO projects (
                id, organization_id, name, status, customer_external_id, timezone,
                primary_language, owner_email, brand_voice, target_gender, ingest_state,
                created_at, updated_at
            )
            SELECT lower(hex(randomblob(16))), :org, 'Seed project ' || n, 'active',
                   'seed-' || n, 'UTC', 'en', 'owner@example.com', 'authentic', 'all',
                   '{"github": null, "website": null, "appstore": null}', at, at
            FROM stamped
            """
        )
        async with engine.begin() as conn:
            await conn.execute(
                statement, {"first": first, "last": last, "epoch": epoch, "org": self._org_uuid.hex}
            )

    async def _insert_jobs(self, engine: AsyncEngine, count: int) -> None:
        statement = sa.text(
            """
            WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :count)
            INSERT INTO jobs (
                id, organization_id, project_id, kind, status, stage, progress, payload, result,
                attempts, run_after, cancel_requested, sandbox, created_at, started_at,
                finished_at, updated_at
            )
            SELECT printf('%026d', n), :org, NULL, 'keywords_refresh', 'completed', 'completed',
                   1.0, '{}', :result, 1, :at, 0, 1, :at, :at, :at, :at
            FROM seq
            """
        )
        at = SEED_EPOCH.replace(tzinfo=None).isoformat(" ", "microseconds")
        async with engine.begin() as conn:
            await conn.execute(
                statement,
                {"count": count, "org": self._org_uuid.hex, "result": SEED_JOB_RESULT, "at": at},
            )

    async def _analyze(self, engine: AsyncEngine) -> None:
        async with engine.begin() as conn:
            await conn.execute(sa.text("ANALYZE"))
        # Fold the bulk insert's write-ahead log into the database file, as SQLite's automatic
        # checkpoints would have over time; otherwise every read in the measurements would go
        # through a WAL of hundreds of megabytes that the servers' open connections keep alive.
        async with engine.connect() as conn:
            await conn.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))


class PostgresDatabase(BenchDatabase):
    """A fresh ``layers_bench_<random>`` database on the given server, dropped afterwards."""

    backend = "postgres"

    def __init__(self, admin_url: str, redis_url: str | None) -> None:
        parts = urlsplit(admin_url)
        self.admin_url = admin_url
        self.name = f"layers_bench_{secrets.token_hex(4)}"
        self.redis_url = redis_url
        super().__init__(urlunsplit(parts._replace(path=f"/{self.name}")))

    @property
    def server_env(self) -> dict[str, str]:
        env = super().server_env
        if self.redis_url:
            env["LAYERS_REDIS_URL"] = self.redis_url
        return env

    def _admin(self, sql: str) -> None:
        async def work() -> None:
            engine = create_async_engine(
                _sqlalchemy_url(self.admin_url), isolation_level="AUTOCOMMIT"
            )
            try:
                async with engine.connect() as conn:
                    await conn.execute(sa.text(sql))
            finally:
                await engine.dispose()

        asyncio.run(work())

    def create(self) -> None:
        self._admin(f'CREATE DATABASE "{self.name}"')
        self.migrate_and_mint_key()

    def drop(self) -> None:
        # Retried: the drop runs on the way out, possibly right after PostgreSQL restarted.
        for attempt in range(5):
            try:
                self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                return
            except (OSError, sa.exc.DBAPIError):
                if attempt == 4:
                    print(f"warning: could not drop database {self.name}; drop it by hand")
                    return
                time.sleep(2)

    async def _insert_range(self, engine: AsyncEngine, first: int, last: int) -> None:
        statement = sa.text(
            """
            INSERT INTO projects (
                id, organization_id, name, status, customer_external_id, timezone,
                primary_language, owner_email, brand_voice, target_gender, ingest_state,
                created_at, updated_at
            )
            SELECT gen_random_uuid(), CAST(:org AS uuid), 'Seed project ' || n, 'active',
                   'seed-' || n, 'UTC', 'en', 'owner@example.com', 'authentic', 'all',
                   '{"github": null, "website": null, "appstore": null}'::json,
                   at, at
            FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) AS n,
                 LATERAL (SELECT CAST(:epoch AS timestamp) + n * interval '1 millisecond') AS t(at)
            """
        )
        async with engine.begin() as conn:
            await conn.execute(
                statement,
                {
                    "first": first,
                    "last": last,
                    "org": str(self._org_uuid),
                    "epoch": SEED_EPOCH.replace(tzinfo=None),
                },
            )

    async def _insert_jobs(self, engine: AsyncEngine, count: int) -> None:
        statement = sa.text(
            """
            INSERT INTO jobs (
                id, organization_id, project_id, kind, status, stage, progress, payload, result,
                attempts, run_after, cancel_requested, sandbox, created_at, started_at,
                finished_at, updated_at
            )
            SELECT lpad(n::text, 26, '0'), CAST(:org AS uuid), NULL, 'keywords_refresh',
                   'completed', 'completed', 1.0, '{}'::json, CAST(:result AS json), 1,
                   :at, false, true, :at, :at, :at, :at
            FROM generate_series(1, CAST(:count AS bigint)) AS n
            """
        )
        async with engine.begin() as conn:
            await conn.execute(
                statement,
                {
                    "count": count,
                    "org": str(self._org_uuid),
                    "result": SEED_JOB_RESULT,
                    "at": SEED_EPOCH.replace(tzinfo=None),
                },
            )

    async def _analyze(self, engine: AsyncEngine) -> None:
        # VACUUM cannot run in a transaction block; settle visibility maps and statistics now
        # rather than let autovacuum do it in the middle of a measurement.
        async with engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(sa.text("VACUUM ANALYZE projects, jobs"))
