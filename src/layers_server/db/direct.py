"""The hottest statements, run on the driver's own connection.

Every request makes a few statements (the key lookup, a read by id, the write of a create), and
on this stack SQLAlchemy's execution layers cost more CPU than the database round trip itself:
the execution context, the compiled-cache lookup, result metadata, the greenlet hop into its sync
core and back, the driver adapter. So those few statements are written as SQLAlchemy Core as
usual, **compiled once per dialect**, and executed on the asyncpg / aiosqlite connection that
underlies the request's SQLAlchemy connection: the same pool, the same transaction. Their values
go through the column types' own bind and result processors, so they store and read exactly what
the rest of the code (which keeps using SQLAlchemy) does.

* `Direct` — one statement: ``await Direct(select(...)).first(conn, params)``.
* `write_rows` — a unit of work's rows at commit (`UnitOfWork.insert`, and `SelectedRows`: an
  INSERT … SELECT, such as the webhook outbox's fan-out to subscribed endpoints), gated on a
  claim (an idempotency key): one data-modifying statement on PostgreSQL, one call into the
  database thread on SQLite.

What stays SQLAlchemy's: connections (pool, checkout, invalidation), transactions begun by
SQLAlchemy statements, and every other statement. Errors are raised as SQLAlchemy's
(`IntegrityError`, `OperationalError`, `DBAPIError` with the driver's error as ``orig``), a
connection that is gone is invalidated, and each statement is announced through SQLAlchemy's
``before_cursor_execute`` event, so whatever watches the engine (tracing, the round-trip test in
tests/db) sees these statements too.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any] | None

# SQLSTATEs after which the connection is unusable: class 08 (connection exception) and the
# server shutting down or starting up (57P01-57P03).
_GONE_SQLSTATES = ("08", "57P01", "57P02", "57P03")


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # bind parameter names, in positional order
    binds: tuple[Processor, ...]
    row: Any  # a namedtuple class of the result columns, or None
    results: tuple[Processor, ...]

    @classmethod
    async def of(cls, statement: sa.ClauseElement, conn: AsyncConnection) -> _Compiled:
        dialect = conn.dialect
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
        names = tuple(compiled.positiontup or ())
        binds = tuple(compiled.binds[name].type._cached_bind_processor(dialect) for name in names)
        columns = getattr(compiled, "_result_columns", None) or []
        row = namedtuple("Row", [c.keyname for c in columns], rename=True) if columns else None  # type: ignore[misc]
        coltypes: list[Any] = [None] * len(columns)
        if columns and dialect.name == "postgresql":
            # Some of asyncpg's result processors depend on the column's type OID (numbers):
            # asked of the server once, as SQLAlchemy learns it from each statement it prepares.
            driver = _driver(conn)
            prepared = await driver.prepare(compiled.string)
            coltypes = [attribute.type.oid for attribute in prepared.get_attributes()]
        results = tuple(
            c.type._cached_result_processor(dialect, coltype)
            for c, coltype in zip(columns, coltypes, strict=True)
        )
        return cls(compiled.string, names, binds, row, results)

    def arguments(self, params: Mapping[str, Any]) -> list[Any]:
        values = [params[name] for name in self.names]
        return [v if p is None else p(v) for v, p in zip(values, self.binds, strict=True)]

    def rows(self, records: Sequence[Sequence[Any]]) -> list[Any]:
        results, make = self.results, self.row
        return [
            make(*[v if p is None else p(v) for v, p in zip(record, results, strict=True)])
            for record in records
        ]


class Direct:
    """A Core statement run on the driver connection (see the module docstring)."""

    __slots__ = ("statement", "_compiled")

    def __init__(self, statement: sa.ClauseElement) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    async def compiled(self, conn: AsyncConnection) -> _Compiled:
        compiled = self._compiled.get(conn.dialect.name)
        if compiled is None:
            try:
                compiled = await _Compiled.of(self.statement, conn)
            except sa.exc.SQLAlchemyError:
                raise
            except Exception as error:  # the driver's, from preparing it (PostgreSQL)
                raise await _translated(conn, error, str(self.statement)) from None
            self._compiled[conn.dialect.name] = compiled
        return compiled

    async def all(self, conn: AsyncConnection, params: Mapping[str, Any]) -> list[Any]:
        compiled = await self.compiled(conn)
        records, _ = await _run(conn, [(compiled.sql, compiled.arguments(params))], rows=True)
        return compiled.rows(records[0])

    async def first(self, conn: AsyncConnection, params: Mapping[str, Any]) -> Any:
        rows = await self.all(conn, params)
        return rows[0] if rows else None

    async def rowcount(self, conn: AsyncConnection, params: Mapping[str, Any]) -> int:
        """Run a write without RETURNING; how many rows it changed."""
        compiled = await self.compiled(conn)
        _, counts = await _run(conn, [(compiled.sql, compiled.arguments(params))], rows=False)
        return counts[0]


# --------------------------------------------------------------------------- a unit's rows


# Builds a bind parameter of a statement: its name (a key of the row's ``values``) and type.
Param = Callable[[str, Any], sa.BindParameter]


@dataclass(frozen=True, slots=True)
class Row:
    """One row to insert: its table and its values (every column named the same each time, so
    the statement built for the shape is reused)."""

    table: sa.Table
    values: Mapping[str, Any]

    @property
    def shape(self) -> tuple[Any, ...]:
        return self.table.name, tuple(self.values)

    def source(self, param: Param) -> tuple[list[str], sa.Select]:
        """The columns written and the SELECT of their values."""
        names = list(self.values)
        return names, sa.select(*[param(name, self.table.c[name].type) for name in names])


@dataclass(frozen=True, slots=True)
class SelectedRows:
    """The rows an INSERT … SELECT writes (none, one or many): ``query(param)`` builds the
    SELECT of ``columns``, its bind parameters named after the keys of ``values``. ``query`` is
    part of the statement's shape, so it must be one function per kind of row, not a closure."""

    table: sa.Table
    columns: tuple[str, ...]
    query: Callable[[Param], sa.Select]
    values: Mapping[str, Any]

    @property
    def shape(self) -> tuple[Any, ...]:
        return self.table.name, self.columns, self.query, tuple(self.values)

    def source(self, param: Param) -> tuple[list[str], sa.Select]:
        return list(self.columns), self.query(param)

    def insert(self, param: Param) -> sa.Insert:
        return self.table.insert().from_select(list(self.columns), self.query(param))


AnyRow = Row | SelectedRows


# The statements of each shape of a unit's rows, built on first use.
_postgres_statements: dict[tuple, Direct] = {}
_sqlite_statements_of: dict[tuple, list[Direct]] = {}


async def write_rows(conn: AsyncConnection, claim: Row | None, rows: Sequence[AnyRow]) -> bool:
    """Insert ``rows``, gated on ``claim`` when there is one: the claim is inserted unless a row
    with its primary key exists, and the other rows only if it was. Returns whether it was (True
    without a claim).

    On PostgreSQL this is one statement: a data-modifying CTE per row, the others reading the
    claim's RETURNING; outside a transaction it is its own (a unique violation in any row undoes
    them all). On SQLite the statements run one after another in a single call into the
    connection's thread, inside ``BEGIN IMMEDIATE … COMMIT`` unless a transaction is open.
    """
    written = [row for row in (claim, *rows) if row is not None]
    try:
        if conn.dialect.name == "postgresql":
            (claimed,) = await _postgres_statement(claim, rows).first(conn, _params(claim, rows))
            return claimed != 0
        batch = []
        for statement, row in zip(_sqlite_statements(claim, rows), written, strict=True):
            compiled = await statement.compiled(conn)
            batch.append((compiled.sql, compiled.arguments(row.values)))
        _, counts = await _run(conn, batch, rows=False, gated=claim is not None)
        return claim is None or counts[0] == 1
    except sa.exc.IntegrityError as error:
        error.violated = _violated(error, written)  # type: ignore[attr-defined]
        raise


def _violated(error: sa.exc.IntegrityError, written: Sequence[AnyRow]) -> AnyRow | None:
    """Which row a unique violation is about: the statement that failed (SQLite), or the first
    row of the table the driver names (PostgreSQL: the statement is one)."""
    index = getattr(error.orig, "statement_index", None)
    if index is not None:
        return written[index]
    table = getattr(error.orig, "table_name", None)
    return next((row for row in written if row.table.name == table), None)


def _params(claim: Row | None, rows: Sequence[AnyRow]) -> dict[str, Any]:
    params = {f"c_{name}": value for name, value in claim.values.items()} if claim else {}
    for i, row in enumerate(rows):
        params.update({f"r{i}_{name}": value for name, value in row.values.items()})
    return params


def _postgres_statement(claim: Row | None, rows: Sequence[AnyRow]) -> Direct:
    key = (claim.shape if claim else None, tuple(row.shape for row in rows))
    cached = _postgres_statements.get(key)
    if cached is not None:
        return cached
    claimed = None
    if claim is not None:
        claimed = (
            postgresql.insert(claim.table)
            .values({name: _bind(claim.table, name, "c_") for name in claim.values})
            .on_conflict_do_nothing()
            .returning(sa.literal_column("1").label("claimed"))
            .cte("claimed")
        )
    ctes = []
    for i, row in enumerate(rows):
        columns, values = row.source(_prefixed(f"r{i}_"))
        if claimed is not None:
            values = values.where(sa.exists(sa.select(claimed.c.claimed)))
        ctes.append(row.table.insert().from_select(columns, values).cte(f"row_{i}"))
    if claimed is not None:
        main = sa.select(sa.func.count()).select_from(claimed)
    else:
        main = sa.select(sa.literal_column("1"))
    statement = _postgres_statements[key] = Direct(main.add_cte(*ctes) if ctes else main)
    return statement


def _sqlite_statements(claim: Row | None, rows: Sequence[AnyRow]) -> list[Direct]:
    key = (claim.shape if claim else None, tuple(row.shape for row in rows))
    cached = _sqlite_statements_of.get(key)
    if cached is not None:
        return cached
    statements = []
    if claim is not None:
        statements.append(
            Direct(
                sqlite_dialect.insert(claim.table)
                .values({name: _bind(claim.table, name) for name in claim.values})
                .on_conflict_do_nothing()
            )
        )
    for row in rows:
        if isinstance(row, SelectedRows):
            statements.append(Direct(row.insert(plain_param)))
            continue
        statements.append(
            Direct(row.table.insert().values({name: _bind(row.table, name) for name in row.values}))
        )
    _sqlite_statements_of[key] = statements
    return statements


def _bind(table: sa.Table, name: str, prefix: str = "") -> sa.BindParameter:
    return sa.bindparam(prefix + name, type_=table.c[name].type)


def _prefixed(prefix: str) -> Param:
    def param(name: str, type_: Any) -> sa.BindParameter:
        return sa.bindparam(prefix + name, type_=type_)

    return param


# Bind parameters named exactly like the row's values (a statement of its own).
plain_param = _prefixed("")


# --------------------------------------------------------------------------- execution


async def _run(
    conn: AsyncConnection,
    batch: Sequence[tuple[str, list[Any]]],
    *,
    rows: bool,
    gated: bool = False,
) -> tuple[list[Sequence[Any]], list[int]]:
    """Run ``batch`` on the driver connection under ``conn``; each statement's rows (when
    ``rows``) and row count. ``gated`` (SQLite): stop after the first statement if it changed
    no row."""
    sync = conn.sync_connection
    assert sync is not None
    if sync.dispatch.before_cursor_execute:
        for sql, arguments in batch:
            sync.dispatch.before_cursor_execute(sync, None, sql, arguments, None, False)
    driver = _driver(conn)
    try:
        if conn.dialect.name == "postgresql":
            # One statement at a time: asyncpg prepares each once per connection and caches it.
            records: list[Sequence[Any]] = []
            counts: list[int] = []
            for sql, arguments in batch:
                if rows:
                    records.append(await driver.fetch(sql, *arguments))
                    counts.append(len(records[-1]))
                else:  # "INSERT 0 1", "UPDATE 3", "DELETE 0"
                    status = await driver.execute(sql, *arguments)
                    counts.append(int(status.rsplit(" ", 1)[-1]))
            return records, counts
        # aiosqlite runs each call in the connection's own thread; the whole batch goes there
        # at once (the same queue SQLAlchemy's aiosqlite dialect uses for its own calls).
        return await driver._execute(_sqlite_batch, driver._conn, batch, gated)
    except Exception as error:
        raise await _translated(conn, error, batch[-1][0]) from None


def _driver(conn: AsyncConnection) -> Any:
    """The asyncpg / aiosqlite connection under ``conn``."""
    assert conn.sync_connection is not None
    return conn.sync_connection.connection.driver_connection


def _sqlite_batch(
    conn: sqlite3.Connection, batch: Sequence[tuple[str, list[Any]]], gated: bool
) -> tuple[list[Sequence[Any]], list[int]]:
    """In aiosqlite's thread: the statements in order; inside BEGIN IMMEDIATE … COMMIT when
    they write and no transaction is open (a failure or an unclaimed gate rolls them back)."""
    own = len(batch) > 1 and not conn.in_transaction
    records: list[Sequence[Any]] = []
    counts: list[int] = []
    if own:
        conn.execute("BEGIN IMMEDIATE")
    index = 0
    try:
        for index, (sql, arguments) in enumerate(batch):  # noqa: B007 - read after the loop
            cursor = conn.execute(sql, arguments)
            records.append(cursor.fetchall())
            counts.append(cursor.rowcount)
            cursor.close()
            if gated and index == 0 and cursor.rowcount != 1:
                break
    except BaseException as error:
        if isinstance(error, sqlite3.Error):
            error.statement_index = index  # type: ignore[attr-defined]
        if own:
            conn.execute("ROLLBACK")
        raise
    if own:
        conn.execute("ROLLBACK" if gated and counts[0] != 1 else "COMMIT")
    return records, counts


async def _translated(conn: AsyncConnection, error: Exception, sql: str) -> Exception:
    """The driver's error as SQLAlchemy would have raised it; a connection that is gone is
    invalidated so the pool replaces it (a database restart heals like on SQLAlchemy's path)."""
    sqlstate = getattr(error, "sqlstate", None) or ""
    gone = isinstance(error, (OSError, ConnectionError)) or sqlstate.startswith(_GONE_SQLSTATES)
    if not gone and conn.dialect.name == "postgresql":
        import asyncpg

        # InternalClientError: asyncpg's protocol is in a state it cannot leave ("another
        # operation is in progress" after an operation the server cut off mid-way, as in a
        # restart): the connection is as good as gone.
        gone = isinstance(
            error, (asyncpg.exceptions.InterfaceError, asyncpg.exceptions.InternalClientError)
        )
    if gone:
        await conn.invalidate()
        return sa.exc.OperationalError(
            sql, None, error, hide_parameters=True, connection_invalidated=True
        )
    if sqlstate.startswith("23") or isinstance(error, sqlite3.IntegrityError):
        return sa.exc.IntegrityError(sql, None, error, hide_parameters=True)
    if isinstance(error, sqlite3.OperationalError):
        return sa.exc.OperationalError(sql, None, error, hide_parameters=True)
    return sa.exc.DBAPIError(sql, None, error, hide_parameters=True)
