"""Body size and JSON nesting limits hold on every route that takes a body.

tests/projects/test_create.py checks them on POST /v1/projects; here the routes come from the
OpenAPI document (every operation declaring a request body), so a new body route is covered
the day it appears. Each route gets, from the owner of the resources in its path:

- a body one byte over the limit (64 KiB) with Content-Length: 413 PAYLOAD_TOO_LARGE;
- the same streamed without Content-Length (chunked): 413 as well, cut while reading;
- JSON nested one level deeper than allowed (32): 400 VALIDATION; at exactly 32 levels the
  depth check passes (the body is then refused for its unknown field instead);

and none of them writes anything.
"""

from __future__ import annotations

import json

import pytest

from tests.hardening.routes import PLAUSIBLE_BODIES, body_routes, fill, owned_resources
from tests.hardening.support import assert_well_formed, org_row_counts

MAX_BODY_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32


def _padded(body: dict, size: int) -> bytes:
    """`body` plus an unknown field that makes the JSON exactly `size` bytes long."""
    empty = json.dumps({**body, "padding": ""}).encode()
    return json.dumps({**body, "padding": "x" * (size - len(empty))}).encode()


def _nested(body: dict, depth: int) -> dict:
    """`body` with an unknown field holding objects, so the whole is `depth` levels deep."""
    value: object = "bottom"
    for _ in range(depth - 1):  # the body itself is the first level
        value = {"a": value}
    return {**body, "deep": value}


async def _chunks(data: bytes, size: int = 8192):
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.parametrize(
    ("method", "path"), [pytest.param(m, p, id=f"{m} {p}") for m, p in sorted(body_routes())]
)
async def test_limits_on_every_body_route(api, method, path):
    url = fill(path, await owned_resources(api))
    body = PLAUSIBLE_BODIES[(method, path)]
    json_headers = {"Content-Type": "application/json"}
    before = await org_row_counts(api.db, api.organization_id)

    oversized = _padded(body, MAX_BODY_BYTES + 1)
    for content in (oversized, _chunks(oversized)):
        response = await api.request(method, url, content=content, headers=json_headers)
        assert response.status_code == 413, response.text
        assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
        assert_well_formed(response)

    too_deep = await api.request(method, url, json=_nested(body, MAX_JSON_DEPTH + 1))
    assert too_deep.status_code == 400, too_deep.text
    assert "deeper" in too_deep.json()["error"]["message"]
    assert_well_formed(too_deep)

    deepest = await api.request(method, url, json=_nested(body, MAX_JSON_DEPTH))
    assert deepest.status_code == 422, deepest.text  # past the depth check: `deep` is unknown
    assert deepest.json()["error"]["details"]["issues"][0]["code"] == "unknown_field"

    assert await org_row_counts(api.db, api.organization_id) == before


async def test_a_body_exactly_at_the_limit_is_read(api):
    """The control for the 413s: 64 KiB itself is parsed (and refused for its content)."""
    content = _padded(PLAUSIBLE_BODIES[("POST", "/v1/projects")], MAX_BODY_BYTES)
    response = await api.post(
        "/v1/projects", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"]["issues"][0]["path"] == "padding"
