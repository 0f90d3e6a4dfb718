"""The OpenAPI document: committed as served, and complete enough to generate a client from."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

from layers_server.kit.openapi import render_openapi

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
REGENERATE = "run `make openapi` (or `layers-server openapi --output docs/openapi.json`)"
MUTATING = {"post", "patch", "delete"}


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


async def test_the_committed_document_is_the_served_one(app, client):
    served = (await client.get("/openapi.json")).json()
    committed = COMMITTED.read_text(encoding="utf-8")
    assert json.loads(committed) == served, f"docs/openapi.json is stale: {REGENERATE}"
    assert committed == render_openapi(served), (
        f"docs/openapi.json is not as rendered: {REGENERATE}"
    )


def test_names_read_like_the_sdk(app):
    document = app.openapi()
    for path, method, operation in operations(document):
        assert re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)*", operation["operationId"]), (path, method)
    for name in document["components"]["schemas"]:
        assert re.fullmatch(r"(?:[A-Z][a-z]+)+", name), name


def test_every_operation_declares_security_idempotency_examples_and_errors(app):
    document = app.openapi()
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for path, method, operation in operations(document):
        where = f"{method.upper()} {path}"
        public = path in ("/healthz", "/readyz")
        assert operation["security"] == ([] if public else [{"bearerAuth": []}]), where
        parameters = {p["name"] for p in operation.get("parameters", ())}
        if method in MUTATING:
            assert "Idempotency-Key" in parameters, where
        if "requestBody" in operation:
            assert "example" in operation["requestBody"]["content"]["application/json"], where
        for status, response in operation["responses"].items():
            assert "X-Request-Id" in response["headers"], (where, status)
            media = response.get("content", {}).get("application/json")
            if status.startswith("2"):
                assert media and "example" in media, (where, status)
            elif "x-error-codes" in response:
                assert media["schema"] == {"$ref": "#/components/schemas/ErrorEnvelope"}
                named = {
                    media["examples"][name]["$ref"].rsplit("/", 1)[1] for name in media["examples"]
                }
                codes = {
                    document["components"]["examples"][n]["value"]["error"]["code"] for n in named
                }
                assert codes == set(response["x-error-codes"]), (where, status)
            else:
                assert (path, status) in {("/readyz", "503"), ("/v1/jobs/{jobId}", "304")}
        if not public:
            assert {"401", "429", "500", "503"} <= set(operation["responses"]), where
            assert "x-required-scope" in operation, where


async def test_the_documented_scope_is_the_enforced_one(app, new_api):
    """A key with no scope calls every operation: the routes that document a scope refuse it
    with exactly that scope, the ungated ones do not refuse it."""
    document = app.openapi()
    caller = await new_api(scopes=[])
    ids = {
        "projectId": f"prj_{uuid.uuid4()}",
        "influencerId": f"inf_{uuid.uuid4()}",
        "jobId": "job_01JS5R2D9M4X7K3V8N1P6Q0T2W",
        "keyId": f"key_{uuid.uuid4()}",
        "endpointId": f"whe_{uuid.uuid4()}",
        "deliveryId": f"whd_{uuid.uuid4()}",
    }
    checked = 0
    for path, method, operation in operations(document):
        if "x-required-scope" not in operation:
            continue
        url = re.sub(r"{(\w+)}", lambda m: ids[m.group(1)], path)
        response = await caller.request(method.upper(), url, json={} if method != "get" else None)
        scope = operation["x-required-scope"]
        if scope is None:
            assert response.status_code != 403, (method, path, response.text)
        else:
            assert response.status_code == 403, (method, path, response.text)
            assert response.json()["error"]["details"] == {"requiredScope": scope}, (method, path)
        assert operation["x-endpoint-class"] == response.headers["X-RateLimit-Endpoint-Class"]
        checked += 1
    assert checked >= 20
