"""The project family (docs/api/projects.md): list, get, PATCH, DELETE, organization isolation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from layers_server.db.tables import projects
from layers_server.projects.service import EMPTY_INGEST_STATE


async def _bulk_insert(api, count: int) -> list[uuid.UUID]:
    """Seed rows with bulk SQL. Every 3 rows share a created_at, so ties exercise the id key."""
    base = datetime(2026, 1, 1, tzinfo=UTC)
    rows = []
    for index in range(count):
        at = base + timedelta(seconds=index // 3)
        rows.append(
            {
                "id": uuid.uuid4(), "organization_id": api.organization_id,
                "name": f"Project {index:04d}", "status": "active",
                "customer_external_id": f"cust-{index}", "timezone": "UTC",
                "primary_language": "en", "owner_email": None, "app_name": None,
                "app_description": None, "tagline": None, "brand_voice": "authentic",
                "target_gender": "all", "ingest_state": EMPTY_INGEST_STATE, "metadata": None,
                "brand_context": None, "created_at": at, "updated_at": at,
            }
        )  # fmt: skip
    async with api.db.write() as conn:
        await conn.execute(projects.insert(), rows)
    ordered = sorted(rows, key=lambda r: (r["created_at"], r["id"]), reverse=True)
    return [row["id"] for row in ordered]


async def test_walking_1000_projects_in_pages_of_7_sees_each_once_in_order(api):
    expected = await _bulk_insert(api, 1000)
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        response = await api.get("/v1/projects", params=params)
        assert response.status_code == 200
        page = response.json()
        assert len(page["items"]) <= 7
        seen.extend(item["id"] for item in page["items"])
        pages += 1
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert pages == 143
    assert seen == [f"prj_{project_id}" for project_id in expected]


async def test_list_is_newest_first_with_default_limit_25(api):
    created = [await api.create_project(name=f"Project {i}") for i in range(27)]
    page = (await api.get("/v1/projects")).json()
    assert [item["id"] for item in page["items"]] == [p["id"] for p in reversed(created)][:25]
    assert page["nextCursor"] is not None
    assert list(page["items"][0]) == list(created[0])  # items are full projects


async def test_list_filters(api):
    await api.create_project(name="Coffee Beans", customerExternalId="beans")
    tea = await api.create_project(name="Green TEA", customerExternalId="tea")
    await api.create_project(name="coffee cups")
    await api.delete(f"/v1/projects/{tea['id']}")

    async def names(**params):
        response = await api.get("/v1/projects", params=params)
        assert response.status_code == 200, response.text
        return sorted(item["name"] for item in response.json()["items"])

    assert await names(search="COFFEE") == ["Coffee Beans", "coffee cups"]
    assert await names(search="%") == []  # LIKE wildcards are literal
    assert await names(status="archived") == ["Green TEA"]
    assert await names(status="active") == ["Coffee Beans", "coffee cups"]
    assert await names(customerExternalId="tea") == ["Green TEA"]
    assert await names(customerExternalId="nobody") == []


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 201}, {"limit": "ten"}, {"cursor": "not-a-cursor"},
     {"cursor": "WyJ4Il0"}, {"status": "deleted"}],
)  # fmt: skip
async def test_bad_list_parameters_are_422(api, params):
    response = await api.get("/v1/projects", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "VALIDATION"


async def test_limit_bounds_are_inclusive(api):
    for limit in (1, 200):
        assert (await api.get("/v1/projects", params={"limit": limit})).status_code == 200


async def test_get_by_prefixed_or_bare_id_includes_brand_context(api):
    created = await api.create_project(name="Fetch me")
    for project_id in (created["id"], created["id"].removeprefix("prj_")):
        response = await api.get(f"/v1/projects/{project_id}")
        assert response.status_code == 200
        body = response.json()
        assert body == {**created, "brandContext": None}


async def test_malformed_id_is_422_and_unknown_is_404(api):
    assert (await api.get("/v1/projects/prj_nope")).status_code == 422
    response = await api.get(f"/v1/projects/prj_{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


async def test_patch_changes_only_what_was_sent(api):
    created = await api.create_project(
        name="Before", appName="Old App", tagline="Old line", metadata={"a": 1}
    )
    response = await api.patch(
        f"/v1/projects/{created['id']}",
        json={"name": "After", "tagline": None, "metadata": {"b": 2}, "primaryLanguage": "de-de"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "After"
    assert body["tagline"] is None
    assert body["metadata"] == {"b": 2}
    assert body["primaryLanguage"] == "de-DE"
    assert body["appName"] == "Old App"
    assert body["updatedAt"] > created["updatedAt"]
    assert body["createdAt"] == created["createdAt"]
    fetched = (await api.get(f"/v1/projects/{created['id']}")).json()
    assert fetched == body


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "VALIDATION"),
        ({"name": "ab"}, 422, "VALIDATION"),
        ({"name": None}, 422, "VALIDATION"),
        ({"timezone": None}, 422, "VALIDATION"),
        ({"brandVoice": "grumpy"}, 422, "VALIDATION"),
        ({"unknown": 1}, 422, "VALIDATION"),
        ({"id": "prj_x"}, 400, "VALIDATION"),
        ({"createdAt": "2020-01-01"}, 400, "VALIDATION"),
        ({"ingestState": {}}, 400, "VALIDATION"),
        ({"brandContext": {}}, 400, "VALIDATION"),
        ({"organizationId": "org_x"}, 400, "VALIDATION"),
    ],
)
async def test_patch_refusals_change_nothing(api, body, status, code):
    created = await api.create_project(name="Stable")
    response = await api.patch(f"/v1/projects/{created['id']}", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert (await api.get(f"/v1/projects/{created['id']}")).json()["updatedAt"] == created[
        "updatedAt"
    ]


async def test_patch_external_id_conflict_and_clear(api):
    first = await api.create_project(customerExternalId="one")
    second = await api.create_project(customerExternalId="two")
    response = await api.patch(f"/v1/projects/{second['id']}", json={"customerExternalId": "one"})
    assert response.status_code == 409
    assert response.json()["error"]["details"]["existingProjectId"] == first["id"]
    cleared = await api.patch(f"/v1/projects/{first['id']}", json={"customerExternalId": None})
    assert cleared.json()["customerExternalId"] is None
    moved = await api.patch(f"/v1/projects/{second['id']}", json={"customerExternalId": "one"})
    assert moved.status_code == 200


async def test_delete_archives_repeatably_and_patch_restores(api):
    created = await api.create_project(name="Archive me")
    first = await api.delete(f"/v1/projects/{created['id']}")
    assert first.status_code == 200
    body = first.json()
    assert body["id"] == created["id"]
    assert body["status"] == "archived"
    assert body["canceledScheduledPosts"] == 0
    again = await api.delete(f"/v1/projects/{created['id']}")
    assert again.status_code == 200
    assert again.json() == body
    readable = (await api.get(f"/v1/projects/{created['id']}")).json()
    assert readable["status"] == "archived"
    restored = await api.patch(f"/v1/projects/{created['id']}", json={"status": "active"})
    assert restored.json()["status"] == "active"


async def test_another_organizations_project_is_404_on_every_route(api, new_api):
    mine = await api.create_project(name="Mine", customerExternalId="mine")
    other = await new_api()
    url = f"/v1/projects/{mine['id']}"
    for method, kwargs in (("GET", {}), ("PATCH", {"json": {"name": "Stolen"}}), ("DELETE", {})):
        response = await other.request(method, url, **kwargs)
        assert response.status_code == 404, (method, response.text)
        assert response.json()["error"]["code"] == "NOT_FOUND"
    listed = await other.get("/v1/projects", params={"customerExternalId": "mine"})
    assert listed.json()["items"] == []
    assert (await api.get(url)).json()["name"] == "Mine"


async def test_unknown_route_and_wrong_method(api):
    assert (await api.get("/v1/nothing-here")).json()["error"]["code"] == "NOT_FOUND"
    response = await api.request("PUT", "/v1/projects")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
