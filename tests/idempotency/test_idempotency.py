"""Contract §3: Idempotency-Key on every mutating route."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from layers_server.db.tables import idempotency_keys, projects
from layers_server.kit import clock
from layers_server.kit.idempotency import reap_expired_keys

BODY = {"name": "Keyed", "timezone": "UTC", "customerExternalId": "keyed"}


async def stored_keys(api) -> int:
    async with api.db.read() as conn:
        return await conn.scalar(
            sa.select(sa.func.count())
            .select_from(idempotency_keys)
            .where(idempotency_keys.c.api_key_id == _key_uuid(api))
        )


def _key_uuid(api):
    return uuid.UUID(api.key_record["id"].removeprefix("key_"))


async def test_replay_is_verbatim_and_marked(api):
    headers = {"Idempotency-Key": "create-1"}
    first = await api.post("/v1/projects", json=BODY, headers=headers)
    second = await api.post("/v1/projects", json=BODY, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert "idempotent-replayed" not in first.headers
    assert second.headers["idempotent-replayed"] == "true"
    assert second.headers["x-request-id"] != first.headers["x-request-id"]
    assert await api.project_count() == 1


@pytest.mark.parametrize("header", ['"quoted-key"', "  padded  ", "a", "x" * 255, "!~#$%"])
async def test_accepted_key_syntax(api, header):
    response = await api.post("/v1/projects", json=BODY, headers={"Idempotency-Key": header})
    assert response.status_code == 201
    replay = await api.post("/v1/projects", json=BODY, headers={"Idempotency-Key": header})
    assert replay.headers["idempotent-replayed"] == "true"


async def test_quoted_and_bare_forms_are_the_same_key(api):
    await api.post("/v1/projects", json=BODY, headers={"Idempotency-Key": "same"})
    replay = await api.post("/v1/projects", json=BODY, headers={"Idempotency-Key": '"same"'})
    assert replay.headers["idempotent-replayed"] == "true"


@pytest.mark.parametrize("header", ["x" * 256, "has space", "tab\there", '""', "ünïcode"])
async def test_malformed_key_is_400_and_writes_nothing(api, header):
    response = await api.post(
        "/v1/projects", json=BODY, headers={"Idempotency-Key": header.encode("utf-8")}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION"
    assert await api.project_count() == 0
    assert await stored_keys(api) == 0


async def test_different_body_is_409_idempotency_conflict(api):
    headers = {"Idempotency-Key": "conflict"}
    await api.post("/v1/projects", json=BODY, headers=headers)
    response = await api.post("/v1/projects", json={**BODY, "name": "Different"}, headers=headers)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "IDEMPOTENCY_CONFLICT"
    assert await api.project_count() == 1


async def test_key_order_and_whitespace_do_not_matter(api):
    headers = {"Idempotency-Key": "canonical", "Content-Type": "application/json"}
    await api.post(
        "/v1/projects",
        content=b'{"name":"Keyed","timezone":"UTC","customerExternalId":"keyed"}',
        headers=headers,
    )
    replay = await api.post(
        "/v1/projects",
        content=b'{ "customerExternalId" : "keyed",\n  "timezone": "UTC", "name": "Keyed" }',
        headers=headers,
    )
    assert replay.status_code == 201
    assert replay.headers["idempotent-replayed"] == "true"


async def test_keys_are_scoped_to_api_key_and_route(api, new_api):
    headers = {"Idempotency-Key": "scoped"}
    created = (await api.post("/v1/projects", json=BODY, headers=headers)).json()
    # The same key from another API key of the same organization runs anew (and conflicts on
    # the external id, proving it really executed).
    colleague = await new_api(organization_id=api.organization_id)
    response = await colleague.post("/v1/projects", json=BODY, headers=headers)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "CONFLICT"
    # The same key on another route is independent too.
    patched = await api.patch(
        f"/v1/projects/{created['id']}", json={"name": "Renamed"}, headers=headers
    )
    assert patched.status_code == 200
    assert "idempotent-replayed" not in patched.headers


async def test_same_key_on_another_resource_is_a_conflict(api):
    first = await api.create_project(name="First")
    second = await api.create_project(name="Second")
    headers = {"Idempotency-Key": "patch-key"}
    assert (
        await api.patch(f"/v1/projects/{first['id']}", json={"name": "Xyz1"}, headers=headers)
    ).status_code == 200
    response = await api.patch(
        f"/v1/projects/{second['id']}", json={"name": "Xyz1"}, headers=headers
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "IDEMPOTENCY_CONFLICT"


async def test_handler_4xx_is_stored_and_replayed(api):
    await api.create_project(customerExternalId="taken")
    headers = {"Idempotency-Key": "dup"}
    body = {"name": "Dup", "timezone": "UTC", "customerExternalId": "taken"}
    first = await api.post("/v1/projects", json=body, headers=headers)
    assert first.status_code == 409
    replay = await api.post("/v1/projects", json=body, headers=headers)
    assert replay.status_code == 409
    assert replay.content == first.content
    assert replay.headers["idempotent-replayed"] == "true"


@pytest.mark.parametrize(
    ("request_kwargs", "status"),
    [
        ({"json": {"name": "x", "timezone": "UTC"}}, 422),  # body validation
        ({"json": {**BODY, "id": "prj_1"}}, 422),
        ({"content": b"{", "headers": {"Content-Type": "application/json"}}, 400),
    ],
)
async def test_refused_requests_store_nothing(api, request_kwargs, status):
    request_kwargs = dict(request_kwargs)  # parametrized values are shared across backends
    headers = {"Idempotency-Key": "refused", **request_kwargs.pop("headers", {})}
    response = await api.post("/v1/projects", headers=headers, **request_kwargs)
    assert response.status_code == status
    assert await stored_keys(api) == 0
    # The key is still free for a good request.
    good = await api.post("/v1/projects", json=BODY, headers={"Idempotency-Key": "refused"})
    assert good.status_code == 201


async def test_scope_refusal_stores_nothing(new_api):
    reader = await new_api(scopes=["projects:read"])
    response = await reader.post("/v1/projects", json=BODY, headers={"Idempotency-Key": "k"})
    assert response.status_code == 403
    assert await stored_keys(reader) == 0


async def test_a_failed_commit_leaves_nothing_and_the_retry_creates_one(api):
    """A create commits with its one write (PostgreSQL: one statement that is its own
    transaction; SQLite: one call into the database thread ending in COMMIT). That write fails:
    no project, no key; the retry with the same key creates the project."""
    engine = api.db.engine.sync_engine
    failures = []

    def fail_once(conn, cursor, statement, parameters, context, executemany):
        if "INSERT INTO idempotency_keys" in statement and not failures:
            failures.append(True)
            raise RuntimeError("injected commit failure")

    sa.event.listen(engine, "before_cursor_execute", fail_once)
    try:
        headers = {"Idempotency-Key": "commit-fails"}
        response = await api.post("/v1/projects", json=BODY, headers=headers)
        assert response.status_code == 500
        assert response.json()["error"]["code"] == "INTERNAL"
        assert "injected" not in response.text
        assert await api.project_count() == 0
        assert await stored_keys(api) == 0
        retry = await api.post("/v1/projects", json=BODY, headers=headers)
        assert retry.status_code == 201
        assert "idempotent-replayed" not in retry.headers
    finally:
        sa.event.remove(engine, "before_cursor_execute", fail_once)
    assert failures
    assert await api.project_count() == 1
    assert await stored_keys(api) == 1


async def test_a_failed_commit_of_a_transaction_leaves_nothing(api):
    """A change that reads first runs in a transaction committed after its key is written; a
    failing COMMIT leaves neither the change nor the key, and the retry applies it."""
    project = await api.create_project(name="Before")
    url = f"/v1/projects/{project['id']}"
    engine = api.db.engine.sync_engine
    failures = []

    def fail_once(conn):
        if not failures:
            failures.append(True)
            raise RuntimeError("injected commit failure")

    sa.event.listen(engine, "commit", fail_once)
    try:
        headers = {"Idempotency-Key": "patch-commit-fails"}
        response = await api.patch(url, json={"name": "After"}, headers=headers)
        assert response.status_code == 500
        assert (await api.get(url)).json()["name"] == "Before"
        assert await stored_keys(api) == 0
        retry = await api.patch(url, json={"name": "After"}, headers=headers)
        assert retry.status_code == 200
        assert "idempotent-replayed" not in retry.headers
    finally:
        sa.event.remove(engine, "commit", fail_once)
    assert (await api.get(url)).json()["name"] == "After"
    assert await stored_keys(api) == 1


async def test_keys_expire_after_24_hours(api, monkeypatch):
    headers = {"Idempotency-Key": "ages"}
    first = await api.post(
        "/v1/projects", json={"name": "Aging", "timezone": "UTC"}, headers=headers
    )
    real_now = clock.utcnow()
    monkeypatch.setattr(clock, "utcnow", lambda: real_now + timedelta(hours=23, minutes=59))
    # The reaper sweeps the whole (shared) database: only this caller's key is ours to count.
    await reap_expired_keys(api.db)
    assert await stored_keys(api) == 1
    replay = await api.post(
        "/v1/projects", json={"name": "Aging", "timezone": "UTC"}, headers=headers
    )
    assert replay.headers["idempotent-replayed"] == "true"
    # Past 24 hours an unreaped key runs as new…
    monkeypatch.setattr(clock, "utcnow", lambda: real_now + timedelta(hours=24, seconds=1))
    fresh = await api.post(
        "/v1/projects", json={"name": "Aging", "timezone": "UTC"}, headers=headers
    )
    assert fresh.status_code == 201
    assert "idempotent-replayed" not in fresh.headers
    assert fresh.json()["id"] != first.json()["id"]
    # …and the reaper removes keys once they are past retention.
    monkeypatch.setattr(clock, "utcnow", lambda: real_now + timedelta(hours=49))
    assert await stored_keys(api) == 1
    assert (await reap_expired_keys(api.db)) >= 1
    assert await stored_keys(api) == 0


async def test_patch_and_delete_replay(api):
    created = await api.create_project(name="Mutable")
    url = f"/v1/projects/{created['id']}"
    headers = {"Idempotency-Key": "patch-once"}
    first = await api.patch(url, json={"name": "Changed"}, headers=headers)
    await api.patch(url, json={"name": "Changed again"})
    replay = await api.patch(url, json={"name": "Changed"}, headers=headers)
    assert replay.content == first.content
    assert replay.headers["idempotent-replayed"] == "true"
    assert (await api.get(url)).json()["name"] == "Changed again"

    headers = {"Idempotency-Key": "delete-once"}
    archived = await api.delete(url, headers=headers)
    await api.patch(url, json={"status": "active"})
    replay = await api.delete(url, headers=headers)
    assert replay.content == archived.content
    assert (await api.get(url)).json()["status"] == "active"  # the replay did not archive again


async def test_50_concurrent_creates_with_one_key_make_one_project(api):
    headers = {"Idempotency-Key": "stampede"}
    responses = await asyncio.gather(
        *(api.post("/v1/projects", json=BODY, headers=headers) for _ in range(50))
    )
    created = [r for r in responses if r.status_code == 201]
    in_progress = [r for r in responses if r.status_code == 409]
    assert len(created) + len(in_progress) == 50
    assert len({r.content for r in created}) == 1
    for response in in_progress:
        assert response.json()["error"]["code"] == "IDEMPOTENCY_IN_PROGRESS"
        assert response.headers["retry-after"] == "1"
    assert sum("idempotent-replayed" not in r.headers for r in created) == 1
    async with api.db.read() as conn:
        rows = await conn.scalar(
            sa.select(sa.func.count())
            .select_from(projects)
            .where(
                projects.c.customer_external_id == "keyed",
                projects.c.organization_id == api.organization_id,
            )
        )
    assert rows == 1
