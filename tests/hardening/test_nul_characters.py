"""U+0000 anywhere in a request is refused with a 422, never a 500.

PostgreSQL text cannot hold the NUL character, so a string carrying one used to reach an
INSERT (or a WHERE) and fail there with 500 INTERNAL on the PostgreSQL leg only; the contract
fuzzing found it. The routes and parameters come from the route table and the OpenAPI
document, so a new body route or string query parameter is covered when it appears.
"""

from __future__ import annotations

import pytest

from tests.hardening.routes import PLAUSIBLE_BODIES, ROUTE_TABLE, body_routes, fill, owned_resources
from tests.hardening.support import assert_well_formed

NUL = "\x00"


def string_query_parameters() -> list[tuple[str, str]]:
    """(path, name) of every free-text query parameter (enums and numbers are not free text)."""
    found = []
    for path, operations in ROUTE_TABLE.openapi()["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            schemas = parameter["schema"].get("anyOf", [parameter["schema"]])
            free_text = any(s.get("type") == "string" and "enum" not in s for s in schemas)
            if parameter["in"] == "query" and free_text:
                found.append((path, parameter["name"]))
    return found


BODY_CASES = [pytest.param(m, p, id=f"{m} {p}") for m, p in sorted(body_routes())]
QUERY_CASES = [pytest.param(p, n, id=f"{p}?{n}") for p, n in string_query_parameters()]


@pytest.mark.parametrize(("method", "path"), BODY_CASES)
async def test_in_a_body_string(api, method, path):
    url = fill(path, await owned_resources(api))
    body = PLAUSIBLE_BODIES[(method, path)]
    spoiled = {name: f"{value}{NUL}" for name, value in body.items() if isinstance(value, str)}
    variants = [{**body, "metadata": {"note": f"a{NUL}b"}}, {**body, f"key{NUL}": "value"}]
    for sent in variants + ([{**body, **spoiled}] if spoiled else []):
        response = await api.request(method, url, json=sent)
        assert response.status_code == 422, response.text
        assert_well_formed(response)


@pytest.mark.parametrize(("path", "name"), QUERY_CASES)
async def test_in_a_query_string(api, path, name):
    url = fill(path, await owned_resources(api))
    response = await api.get(url, params={name: f"a{NUL}b"})
    assert response.status_code == 422, response.text
    assert_well_formed(response)
