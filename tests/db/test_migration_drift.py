"""The migrations build exactly the schema that `db/tables.py` declares, on both databases.

The Alembic head is applied to an empty database (`fresh_database_url`), and Alembic's own
comparison — the one `alembic revision --autogenerate` runs — lists every difference between
that database and the SQLAlchemy metadata: tables, columns, types, nullability, server defaults,
indexes, unique and foreign-key constraints. A change to tables.py without a migration (or a
migration without its change to tables.py) fails here.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import create_async_engine

from layers_server.db.migrate import alembic_config
from layers_server.db.tables import metadata
from layers_server.settings import Settings

COMPARE = {"compare_type": True, "compare_server_default": True}


async def drift(database_url: str, target: sa.MetaData) -> list[Any]:
    """Alembic's differences between the database's schema and `target` (empty: none)."""
    engine = create_async_engine(Settings(database_url=database_url).database_url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(
                lambda sync_conn: compare_metadata(
                    MigrationContext.configure(sync_conn, opts=COMPARE), target
                )
            )
    finally:
        await engine.dispose()


def test_the_history_is_linear():
    """One head: two helpers' migrations on the same parent would leave `upgrade head` unsure."""
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"several heads {heads}: point one's down_revision at the other"


async def test_the_migrated_schema_matches_the_table_definitions(fresh_database_url):
    assert await drift(fresh_database_url, metadata) == []


def copy_of_metadata() -> sa.MetaData:
    copy = sa.MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.sorted_tables:
        table.to_metadata(copy)
    return copy


def add_column(tables: sa.MetaData) -> None:
    tables.tables["projects"].append_column(sa.Column("added_without_migration", sa.Text))


def widen_column(tables: sa.MetaData) -> None:
    tables.tables["projects"].c.name.type = sa.String(60)


def drop_index(tables: sa.MetaData) -> None:
    jobs = tables.tables["jobs"]
    jobs.indexes.remove(next(i for i in jobs.indexes if i.name == "ix_jobs_status_run_after"))


def change_server_default(tables: sa.MetaData) -> None:
    tables.tables["jobs"].c.attempts.server_default = sa.DefaultClause("1")


# Each edit of tables.py that needs a migration, and the first word of Alembic's difference.
EDITS = [
    (add_column, "add_column"),
    (widen_column, "modify_type"),
    (drop_index, "remove_index"),
    (change_server_default, "modify_default"),
]


async def test_an_edit_of_the_tables_without_a_migration_is_drift(fresh_database_url):
    """The comparison can fail: each edited copy of the metadata differs from the schema, by
    that edit alone."""
    for edit, expected in EDITS:
        edited = copy_of_metadata()
        edit(edited)
        differences = await drift(fresh_database_url, edited)
        kinds = [_kind(difference) for difference in differences]
        assert kinds == [expected], (edit.__name__, differences)


def _kind(difference: Any) -> str:
    """("add_column", …) for most differences; a list of such tuples for column modifications."""
    return difference[0][0] if isinstance(difference, list) else difference[0]
