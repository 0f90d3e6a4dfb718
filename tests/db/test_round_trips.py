"""How many statements the hot requests send to the database, counted on the connection.

Every statement SQLAlchemy executes and every one `db.direct` runs goes through SQLAlchemy's
``before_cursor_execute`` event; BEGIN, COMMIT and ROLLBACK are counted from the engine's own
events (on PostgreSQL asyncpg sends BEGIN when SQLAlchemy's transaction begins). A change that
adds a statement to one of these requests fails here; the figures are in bench/README.md.

On PostgreSQL each statement is a round trip. On SQLite a unit of work's rows go to the
database thread in one call, inside their own BEGIN IMMEDIATE … COMMIT (not counted: they are
not separate calls).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

BODY = {"name": "Counted", "timezone": "UTC"}
# The `project.created` event and its deliveries (webhooks/events.py): on SQLite two more
# statements in the same call as the project's INSERT; on PostgreSQL part of its one statement.
OUTBOX = ["INSERT", "INSERT"]


@contextmanager
def statements(api) -> Iterator[list[str]]:
    """The first word of every statement sent while the block runs."""
    engine = api.db.engine.sync_engine
    sent: list[str] = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith("UPDATE api_keys SET last_used_at"):  # the timed flusher
            sent.append(statement.split(None, 1)[0].upper())

    def on_begin(conn):
        if engine.dialect.name == "postgresql":
            sent.append("BEGIN")

    listeners = {
        "before_cursor_execute": on_execute,
        "begin": on_begin,
        "commit": lambda conn: sent.append("COMMIT"),
        "rollback": lambda conn: sent.append("ROLLBACK"),
    }
    for name, listener in listeners.items():
        sa.event.listen(engine, name, listener)
    try:
        yield sent
    finally:
        for name, listener in listeners.items():
            sa.event.remove(engine, name, listener)


async def test_a_keyed_create_is_the_key_lookup_and_one_write(api, backend):
    with statements(api) as sent:
        response = await api.post("/v1/projects", json=BODY, headers={"Idempotency-Key": "rt-1"})
    assert response.status_code == 201
    # The API key with the key's stored answer (none); then the idempotency row with its answer,
    # the project and its webhook event with its deliveries (INSERT … SELECT: none here, nobody
    # subscribes): one statement on PostgreSQL (a data-modifying CTE that is its own
    # transaction), the INSERTs in one call into the database thread on SQLite.
    on_sqlite = ["SELECT", "INSERT", "INSERT", *OUTBOX]
    assert sent == (["SELECT", "WITH"] if backend == "postgresql" else on_sqlite)


async def test_a_create_without_a_key_is_the_key_lookup_and_one_write(api, backend):
    with statements(api) as sent:
        response = await api.post("/v1/projects", json=BODY)
    assert response.status_code == 201
    on_sqlite = ["SELECT", "INSERT", *OUTBOX]
    assert sent == (["SELECT", "WITH"] if backend == "postgresql" else on_sqlite)


async def test_a_replay_is_one_query(api):
    headers = {"Idempotency-Key": "rt-replay"}
    first = await api.post("/v1/projects", json=BODY, headers=headers)
    with statements(api) as sent:
        replay = await api.post("/v1/projects", json=BODY, headers=headers)
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.content == first.content
    assert sent == ["SELECT"]  # the API key and the stored answer together


async def test_a_get_by_id_is_one_query(api):
    project = await api.create_project()
    with statements(api) as sent:
        response = await api.get(f"/v1/projects/{project['id']}")
    assert response.status_code == 200
    assert sent == ["SELECT"]  # the API key and the project together


async def test_an_unknown_project_is_one_query(api):
    with statements(api) as sent:
        response = await api.get("/v1/projects/prj_00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert sent == ["SELECT"]


@pytest.mark.parametrize("conditional", [False, True], ids=["plain", "if-none-match"])
async def test_a_job_poll_is_one_query(api, conditional):
    started = await api.post(
        f"/v1/projects/{(await api.create_project())['id']}/ingest/website",
        json={"url": "https://example.com"},
    )
    assert started.status_code == 202, started.text
    url = started.json()["locationUrl"]
    etag = (await api.get(url)).headers["etag"]
    headers = {"If-None-Match": etag} if conditional else {}
    with statements(api) as sent:
        response = await api.get(url, headers=headers)
    assert response.status_code == (304 if conditional else 200)
    assert sent == ["SELECT"]  # the API key and the job together
