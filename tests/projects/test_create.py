"""POST /v1/projects: the seed's example to the letter, and every rule and error of the seed."""

from __future__ import annotations

import re

import pytest

from tests.support.api import SEED_BODY

SEED_FIELD_ORDER = [
    "id", "organizationId", "name", "status", "customerExternalId", "timezone",
    "primaryLanguage", "ownerEmail", "appName", "appDescription", "tagline", "brandVoice",
    "targetGender", "platformIosBundleId", "platformAndroidBundleId", "platformWebDomain",
    "ingestState", "metadata", "createdAt", "updatedAt",
]  # fmt: skip
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00"


async def test_seed_example_answers_201_in_the_seed_shape(api):
    response = await api.post(
        "/v1/projects",
        json=SEED_BODY,
        headers={"Idempotency-Key": "4c1a2e92-7b18-4c4b-9b2a-d7a3f8b1c210"},
    )
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == "application/json"
    assert re.fullmatch(r"req_[0-9A-Z]{26}", response.headers["x-request-id"])
    body = response.json()
    assert list(body) == SEED_FIELD_ORDER
    assert re.fullmatch(f"prj_{UUID}", body["id"])
    assert body["organizationId"] == f"org_{api.organization_id}"
    assert re.fullmatch(TIMESTAMP, body["createdAt"])
    assert body["createdAt"] == body["updatedAt"]
    assert body["ingestState"] == {"github": None, "website": None, "appstore": None}
    for field in SEED_BODY:
        assert body[field] == SEED_BODY[field], field
    assert body["status"] == "active"
    assert body["metadata"] is None
    assert body["platformIosBundleId"] is None
    assert await api.project_count() == 1


async def test_defaults_fill_in_when_omitted(api):
    body = await api.create_project(name="Bare", timezone="UTC")
    assert body["brandVoice"] == "authentic"
    assert body["targetGender"] == "all"
    assert body["primaryLanguage"] == "en"
    assert body["ownerEmail"] == api.owner_email  # from the key's registered owner
    for field in ("customerExternalId", "appName", "appDescription", "tagline", "metadata"):
        assert body[field] is None


async def test_language_is_stored_in_canonical_case(api):
    assert (await api.create_project(primaryLanguage="pt-br"))["primaryLanguage"] == "pt-BR"


async def test_metadata_round_trips_unchanged(api):
    metadata = {"zeta": 1, "alpha": [1, 2.5, "x", None], "nested": {"b": True, "a": "ü"}}
    created = await api.create_project(metadata=metadata)
    assert created["metadata"] == metadata
    fetched = (await api.get(f"/v1/projects/{created['id']}")).json()
    assert list(fetched["metadata"]) == ["zeta", "alpha", "nested"]
    assert fetched["metadata"] == metadata


def _metadata_of_size(size: int) -> dict:
    # {"k":"<pad>"} is 8 bytes of JSON around the padding.
    return {"k": "x" * (size - 8)}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "ab"),
        ("name", "x" * 31),
        ("name", ""),
        ("name", "   "),
        ("timezone", "Mars/Olympus_Mons"),
        ("timezone", "utc"),
        ("metadata", _metadata_of_size(8193)),
        ("ownerEmail", "not-an-email"),
        ("primaryLanguage", "english"),
        ("primaryLanguage", "en_US"),
        ("primaryLanguage", "zz-99"),
        ("appDescription", "x" * 99),
        ("appDescription", "x" * 1001),
        ("appName", "ab"),
        ("appName", "x" * 31),
        ("tagline", "x" * 81),
        ("brandVoice", "sarcastic"),
        ("targetGender", "robots"),
        ("name", 123),
        ("metadata", ["not", "an", "object"]),
    ],
)
async def test_each_rule_is_a_422_validation_naming_the_field(api, field, value):
    body = {"name": "Valid name", "timezone": "UTC", field: value}
    response = await api.post("/v1/projects", json=body)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "VALIDATION"
    assert [issue["path"] for issue in error["details"]["issues"]] == [field]
    assert error["requestId"] == response.headers["x-request-id"]
    assert await api.project_count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "abc"),
        ("name", "x" * 30),
        ("metadata", _metadata_of_size(8192)),
        ("appDescription", "x" * 100),
        ("appDescription", "x" * 1000),
        ("appName", "abc"),
        ("appName", "x" * 30),
        ("tagline", "x" * 80),
        ("timezone", "UTC"),
        ("primaryLanguage", "zh-Hant-TW"),
    ],
)
async def test_bounds_are_inclusive(api, field, value):
    body = {"name": "Valid name", "timezone": "UTC", field: value}
    response = await api.post("/v1/projects", json=body)
    assert response.status_code == 201, response.text


async def test_missing_required_fields_come_back_together(api):
    response = await api.post(
        "/v1/projects", json={"tagline": "x" * 81, "brandVoice": "loud", "surprise": 1}
    )
    assert response.status_code == 422
    issues = response.json()["error"]["details"]["issues"]
    assert {(i["path"], i["code"]) for i in issues} == {
        ("name", "required"),
        ("timezone", "required"),
        ("tagline", "too_long"),
        ("brandVoice", "invalid_choice"),
        ("surprise", "unknown_field"),
    }
    assert await api.project_count() == 0


@pytest.mark.parametrize("field", ["id", "organizationId", "status", "createdAt", "ingestState"])
async def test_server_minted_fields_are_422_validation_failed(api, field):
    body = {"name": "Valid name", "timezone": "UTC", field: "prj_whatever"}
    response = await api.post("/v1/projects", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_FAILED"
    assert error["details"]["fields"] == [field]
    assert await api.project_count() == 0


async def test_unknown_field_is_422_validation_naming_it(api):
    response = await api.post(
        "/v1/projects", json={"name": "Valid name", "timezone": "UTC", "colour": "red"}
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION"
    assert error["details"]["issues"] == [
        {"path": "colour", "message": "unknown field; remove it", "code": "unknown_field"}
    ]


async def test_reused_customer_external_id_is_409_conflict(api):
    first = await api.create_project(customerExternalId="acme")
    response = await api.post(
        "/v1/projects", json={"name": "Second", "timezone": "UTC", "customerExternalId": "acme"}
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "CONFLICT"
    assert error["details"]["existingProjectId"] == first["id"]
    assert await api.project_count() == 1


async def test_customer_external_id_is_unique_per_organization_only(api, new_api):
    other = await new_api()
    await api.create_project(customerExternalId="shared")
    await other.create_project(customerExternalId="shared")


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b"", "application/json", 400),
        (b'{"name": "Valid", "timezone": "UTC"}', "text/plain", 415),
    ],
)
async def test_malformed_bodies(api, body, content_type, status):
    response = await api.post("/v1/projects", content=body, headers={"Content-Type": content_type})
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == (
        "UNSUPPORTED_MEDIA_TYPE" if status == 415 else "VALIDATION"
    )
    assert await api.project_count() == 0


async def test_oversized_body_is_413(api):
    body = {"name": "Valid", "timezone": "UTC", "metadata": {"k": "x" * 70_000}}
    response = await api.post("/v1/projects", json=body)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_deeply_nested_body_is_refused(api):
    nested: dict = {}
    cursor = nested
    for _ in range(40):
        cursor["a"] = {}
        cursor = cursor["a"]
    response = await api.post(
        "/v1/projects", json={"name": "Valid", "timezone": "UTC", "metadata": nested}
    )
    assert response.status_code == 400
    assert "deeper" in response.json()["error"]["message"]
