"""The database handle: one async engine, write transactions, read connections.

SQLite allows one writer at a time. Rather than let concurrent writers spin on SQLITE_BUSY, a
process-wide asyncio lock queues them and each write transaction starts with BEGIN IMMEDIATE,
so it holds the write lock from its first statement (no read-then-upgrade deadlocks). Other
processes on the same file (the CLI, a second server) are covered by SQLite's busy timeout.
PostgreSQL needs neither: row locks and unique indexes serialize what must be serialized.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from ..settings import Settings

SQLITE_BUSY_TIMEOUT_MS = 30_000

# Database errors never quote their statement's parameters. By default SQLAlchemy puts them in
# the exception message ("[parameters: ...]"), and unexpected errors are logged with that
# message: the stored answer of an idempotent key rotation holds the new plaintext secret (and
# other stored answers hold emails and metadata), so a database failure while storing one would
# have written most of the secret to the log (tests/hardening/test_secrets_in_logs.py).
HIDE_PARAMETERS = True


class Database:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._sqlite_writer = asyncio.Lock() if self.is_sqlite else None

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(create_engine(settings))

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """A transaction that commits when the block exits cleanly and rolls back otherwise.

        It begins with the block's first statement (SQLAlchemy's autobegin), not before: a
        block whose writes all go through `direct.write_rows` at its end sends no BEGIN and no
        COMMIT when that one statement is its own transaction (db/unit_of_work.py).
        """
        async with self._writer_turn():
            async with self.engine.connect() as conn:
                if self.is_sqlite:
                    conn = await conn.execution_options(sqlite_begin="BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction():
                        await conn.rollback()
                    raise
                if conn.in_transaction():
                    try:
                        await conn.commit()
                    except BaseException:
                        # In an unknown state (on SQLite possibly still inside the transaction):
                        # closed rather than handed to another request.
                        await conn.invalidate()
                        raise

    @asynccontextmanager
    async def _writer_turn(self) -> AsyncIterator[None]:
        if self._sqlite_writer is None:
            yield
            return
        async with self._sqlite_writer:
            yield

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection]:
        """A pooled connection for `direct` statements, in no transaction: each statement sees
        the latest committed data and is its own transaction (no BEGIN, no ROLLBACK)."""
        async with self.engine.connect() as conn:
            yield conn

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A connection in autocommit: each statement sees the latest committed data.

        Reads skip BEGIN/ROLLBACK, which would be two extra round trips per request on
        PostgreSQL (auth and the route's read both come through here). Blocks that need one
        consistent snapshot across statements use `write`.
        """
        async with self.engine.connect() as conn:
            yield await conn.execution_options(**self._autocommit)

    @property
    def _autocommit(self) -> dict[str, object]:
        # SQLite's driver already runs in autocommit (see `_configure_sqlite`); only our own
        # BEGIN must be skipped. Changing its isolation level would re-enable pysqlite's
        # implicit transactions on the pooled connection.
        return {"sqlite_begin": None} if self.is_sqlite else {"isolation_level": "AUTOCOMMIT"}

    async def dispose(self) -> None:
        await self.engine.dispose()


def create_engine(settings: Settings) -> AsyncEngine:
    if settings.is_sqlite:
        engine = create_async_engine(
            settings.database_url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            hide_parameters=HIDE_PARAMETERS,
        )
        _configure_sqlite(engine)
        return engine
    return create_async_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        # No pre-ping: it costs a round trip on every checkout. After a database restart the
        # first use of a stale connection fails (503 UNAVAILABLE), which invalidates the whole
        # pool, and the next requests get fresh connections (tests/hardening).
        hide_parameters=HIDE_PARAMETERS,
        # Bounds every lock wait; an Idempotency-Key duplicate waits this long at most
        # behind the request that holds the key (then 409 IDEMPOTENCY_IN_PROGRESS).
        connect_args={
            "server_settings": {
                "lock_timeout": str(int(settings.idempotency_wait_seconds * 1000)),
            }
        },
    )


def _configure_sqlite(engine: AsyncEngine) -> None:
    # pysqlite's own transaction handling is switched off so that we decide how each transaction
    # begins (SQLAlchemy's documented recipe for SERIALIZABLE/IMMEDIATE SQLite transactions).
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn) -> None:
        begin = conn.get_execution_options().get("sqlite_begin", "BEGIN")
        if begin:  # None: an autocommit read (`Database.read`)
            conn.exec_driver_sql(begin)
