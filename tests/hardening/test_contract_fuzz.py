"""Contract fuzzing: schemathesis drives every operation of the app's own /openapi.json.

Each operation gets `EXAMPLES_PER_OPERATION` generated requests, mixing schema-conforming
("positive") and schema-violating ("negative") data, with path ids that are either generated or
real resources of the caller's organization (so requests get past the 404 and reach handlers).
Every request is authenticated with a `*` key of a fresh organization on the `internal` tier
(no rate limit can end the run early).

Checked on every answer:
- no 5xx (schemathesis `not_a_server_error`);
- every status is one the operation documents, and the body matches its declared schema
  (`status_code_conformance`, `response_schema_conformance`);
- the contract's envelope on every 4xx/5xx, with `requestId` equal to `X-Request-Id`.

The app runs in process, on schemathesis's ASGI transport (its own event loop thread), so the
test is synchronous and the app is built here rather than by the async `app` fixture.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from layers_server.app import create_app
from layers_server.db.engine import Database
from layers_server.keys import service as keys
from tests.conftest import run_sync
from tests.hardening.support import assert_well_formed, cancel_unfinished_jobs
from tests.support.api import SEED_BODY

EXAMPLES_PER_OPERATION = 25
EXCLUDED_PATHS = {"/metrics"}  # Prometheus text for scrapers, not part of the partner API
# Reads first, deletes last: an archived project or a deleted key would make every later
# request on it a 409, hiding the handlers behind it.
METHOD_ORDER = {"GET": 0, "POST": 1, "PATCH": 2, "DELETE": 3}

# Values random generation practically never hits but handlers need to get past validation.
# A positive case gets them half of the time, so 2xx paths are exercised as well as 422 ones.
PLAUSIBLE_FIELDS: dict[str, Any] = {
    "timezone": "UTC",
    "primaryLanguage": "pt-BR",
    "language": "en",
    "ownerEmail": "owner@example.com",
    "url": "https://example.com/",
    "countryCode": "us",
    "iosBundleId": "com.example.app",
    "androidPackage": "com.example.app",
    "appStoreUrl": "https://apps.apple.com/us/app/example/id123456789",
}


def _mint_caller(settings) -> tuple[uuid.UUID, str, dict[str, Any]]:
    """A fresh organization with a `*` key (the caller) and a second key (a target for the key
    routes: killing or rotating the caller's own key would end the run)."""

    async def mint():
        db = Database.from_settings(settings)
        try:
            async with db.write() as conn:
                org = await keys.create_organization(conn, "Contract fuzzing")
                common = dict(organization_id=org.id, tier="internal", env="test")
                caller = await keys.create_key(
                    conn, name="fuzzer", scopes=["*"], owner_email="fuzz@example.com", **common
                )
                target = await keys.create_key(
                    conn, name="target", scopes=[], owner_email=None, **common
                )
            return org.id, caller.plaintext, target.record
        finally:
            await db.dispose()

    return run_sync(mint())


def _real_path_ids(client, headers, target_key: dict[str, Any]) -> dict[str, list[str]]:
    """Create one of each resource through the API; every accepted spelling of its id."""
    project = client.post(
        "/v1/projects", json={**SEED_BODY, "customerExternalId": "fuzz"}, headers=headers
    )
    assert project.status_code == 201, project.text
    project_id = project.json()["id"]
    influencers = client.get(f"/v1/projects/{project_id}/influencers", headers=headers)
    influencer_id = influencers.json()["items"][0]["influencerId"]
    job = client.post(f"/v1/projects/{project_id}/keywords/refresh", json={}, headers=headers)
    assert job.status_code == 202, job.text
    job_id = job.json()["jobId"]
    key_uuid = target_key["id"]
    hooks = {"url": "https://example.com/hooks", "events": ["job.failed"]}
    endpoint = client.post("/v1/webhook-endpoints", json=hooks, headers=headers)
    assert endpoint.status_code == 201, endpoint.text
    endpoint_id = endpoint.json()["endpoint"]["endpointId"]
    ping = client.post(f"/v1/webhook-endpoints/{endpoint_id}/test", headers=headers)
    assert ping.status_code == 202, ping.text
    delivery_id = ping.json()["deliveryId"]
    return {
        "projectId": [project_id, project_id.removeprefix("prj_")],
        "influencerId": [influencer_id, influencer_id.removeprefix("inf_")],
        "jobId": [job_id, job_id.removeprefix("job_")],
        "keyId": [key_uuid, key_uuid.removeprefix("key_"), target_key["prefix"][-16:]],
        "endpointId": [endpoint_id, endpoint_id.removeprefix("whe_")],
        "deliveryId": [delivery_id, delivery_id.removeprefix("whd_")],
    }


def _with_plausible_values(case_and_flag):
    case, plausible = case_and_flag
    if plausible and isinstance(case.body, dict):
        case.body = {
            name: PLAUSIBLE_FIELDS.get(name, value) if isinstance(value, str) else value
            for name, value in case.body.items()
        }
    return case


def case_strategy(operation, real_ids: dict[str, list[str]]):
    """Positive and negative cases, with generated path ids and (twice as often) real ones."""
    names = re.findall(r"{(\w+)}", operation.path)
    real = st.fixed_dictionaries({name: st.sampled_from(real_ids[name]) for name in names})
    strategies = []
    for mode in GenerationMode:
        variants = [operation.as_strategy(mode)]
        if names:
            on_real_ids = real.flatmap(
                lambda ids, m=mode: operation.as_strategy(m, path_parameters=ids)
            )
            variants += [on_real_ids, on_real_ids]
        for variant in variants:
            if mode is GenerationMode.POSITIVE:
                variant = st.tuples(variant, st.booleans()).map(_with_plausible_values)
            strategies.append(variant)
    return st.one_of(strategies)


@pytest.fixture
def fuzzed_app(settings):
    app = create_app(settings)
    yield app
    asgi.shutdown_lifespans()  # the app's lifespan runs on schemathesis's event loop thread


def _cancel_unfinished_jobs(settings, organization_id: uuid.UUID) -> None:
    """The run leaves queued jobs (some aimed at example.com) that a later test's worker would
    otherwise pick up."""

    async def cancel():
        db = Database.from_settings(settings)
        try:
            await cancel_unfinished_jobs(db, organization_id)
        finally:
            await db.dispose()

    run_sync(cancel())


def test_every_operation_survives_generated_requests(fuzzed_app, settings, backend):
    organization_id, key, target_key = _mint_caller(settings)
    try:
        _fuzz_every_operation(fuzzed_app, key, target_key, backend)
    finally:
        _cancel_unfinished_jobs(settings, organization_id)


def _fuzz_every_operation(fuzzed_app, key: str, target_key: dict, backend: str) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    with asgi.get_client(fuzzed_app) as client:
        real_ids = _real_path_ids(client, headers, target_key)

    statuses: Counter[tuple[str, int]] = Counter()
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if op.path not in EXCLUDED_PATHS]
    operations.sort(key=lambda op: METHOD_ORDER[op.method.upper()])
    assert len(operations) >= 20, [op.label for op in operations]

    for operation in operations:

        @settings_for_fuzzing
        @given(case=case_strategy(operation, real_ids))
        def exercise(case):
            response = case.call(headers=headers)
            statuses[(case.operation.label, response.status_code)] += 1
            case.validate_response(
                response,
                checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
            )
            assert_well_formed(response, sent=_text_of(response.request))

        try:
            exercise()
        except Exception as error:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{operation.label}: {error}")

    _report(backend, statuses)
    assert not failures, "\n\n".join(failures)
    # The fuzzing reached handlers, not only the validation layer.
    assert sum(n for (_, status), n in statuses.items() if status < 300) >= len(operations)


settings_for_fuzzing = hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,  # every run starts from a fresh organization; replaying old ids is moot
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)


def _text_of(request) -> str:
    body = request.body or b""
    return f"{request.url} {body.decode('utf-8', 'replace') if isinstance(body, bytes) else body}"


def _report(backend: str, statuses: Counter[tuple[str, int]]) -> None:
    """A per-operation status histogram (shown with `pytest -s`; figures for the docs)."""
    by_operation: dict[str, Counter[int]] = {}
    for (label, status), count in statuses.items():
        by_operation.setdefault(label, Counter())[status] = count
    total = sum(statuses.values())
    print(f"\n[{backend}] schemathesis: {total} requests over {len(by_operation)} operations")
    for label in sorted(by_operation):
        histogram = ", ".join(f"{s}×{n}" for s, n in sorted(by_operation[label].items()))
        print(f"  {label:55} {histogram}")
