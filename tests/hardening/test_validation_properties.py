"""Property tests of request validation on the body routes (hypothesis).

Arbitrary bodies (valid ones with a field or two spoiled, contract field names with random
values, random JSON, huge strings, deep nesting, bytes that are not JSON) and arbitrary headers
(Authorization, Content-Type, Idempotency-Key variants) against:

    POST  /v1/projects                          PATCH /v1/projects/{projectId}
    POST  /v1/projects/{projectId}/ingest/website
    POST  /v1/projects/{projectId}/influencers

Properties, for every request:
- never a 5xx; every answer well formed (envelope, request id, no traceback);
- an unusable key is 401, whatever else is wrong; a malformed Idempotency-Key is never 2xx;
  with a usable key, a body over the size limit is 413 and non-JSON media is 415;
- no partial write: a refused request leaves the organization's projects, jobs and influencers
  as they were. Its idempotency key row may exist only if it sent a valid Idempotency-Key, and
  then only because the handler's refusal was stored (docs/api/README.md), which a replay proves;
- an accepted request adds exactly its rows (a replayed one adds none).
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers_server.kit.apikeys import format_key, new_key_id, new_secret
from tests.hardening.support import assert_well_formed, cancel_unfinished_jobs, org_row_counts
from tests.support.api import SEED_BODY, Api
from tests.support.keys import key_parts

MAX_EXAMPLES = 60
MAX_BODY_BYTES = 64 * 1024  # the default LAYERS_MAX_BODY_BYTES the fixtures run with
MAX_JSON_DEPTH = 32

property_settings = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    # One organization serves every example of a test; row counts are compared per request.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

# --------------------------------------------------------------------------- JSON values

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=16,
)
huge_strings = st.builds(
    lambda char, size: char * size,
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    st.sampled_from([1_000, 9_000, 40_000, 70_000]),
)


def _nest(depth: int, as_list: bool) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = [value] if as_list else {"a": value}
    return value


deep_values = st.builds(_nest, st.integers(min_value=20, max_value=45), st.booleans())
any_value = st.one_of(json_values, json_values, huge_strings, deep_values)


def json_depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(json_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(json_depth, value), default=0)
    return 0


# --------------------------------------------------------------------------- bodies per route

PROJECT_VALUES: dict[str, st.SearchStrategy] = {
    "name": st.text(max_size=35) | st.sampled_from(["Acme", "  padded  ", "ab"]),
    "customerExternalId": st.none() | st.sampled_from(["ext-1", "ext-2", "", " "]),
    "ownerEmail": st.sampled_from(["owner@example.com", "not-an-email", "a@b"]),
    "timezone": st.sampled_from(["UTC", "Europe/Paris", "Mars/Olympus_Mons", "utc", ""]),
    "primaryLanguage": st.sampled_from(["en", "pt-br", "en_US", "xx-Invalid-Tag-123"]),
    "appName": st.none() | st.text(max_size=35),
    "appDescription": st.none() | st.builds(lambda n: "d" * n, st.integers(90, 1010)),
    "tagline": st.none() | st.text(max_size=90),
    "brandVoice": st.sampled_from(["warm", "witty", "WARM", "loud"]),
    "targetGender": st.sampled_from(["all", "female", "other"]),
    "metadata": st.none() | st.dictionaries(st.text(max_size=6), json_values, max_size=3),
    "status": st.sampled_from(["active", "archived", "deleted"]),
}
WEBSITE_VALUES: dict[str, st.SearchStrategy] = {
    "url": st.sampled_from(
        ["https://example.com/", "http://10.0.0.1/admin", "ftp://example.com", "/relative", ""]
    ),
    "followLinks": st.booleans(),
    "maxPages": st.integers(min_value=-3, max_value=30),
}
INFLUENCER_VALUES: dict[str, st.SearchStrategy] = {
    "gender": st.none() | st.sampled_from(["male", "female", "non_binary", "robot"]),
    "ageRange": st.sampled_from(["teen", "senior", "ancient"]),
    "prompt": st.none() | st.text(max_size=30),
}
# Fields the server mints or owns: a client sending one is refused.
SERVER_FIELDS = ["id", "organizationId", "createdAt", "updatedAt", "ingestState", "brandContext"]


def bodies(valid_base: dict[str, Any], values: dict[str, st.SearchStrategy]):
    """Objects built from the route's own field names (valid ones most often), plus any JSON."""
    names = st.sampled_from([*values, *SERVER_FIELDS]) | st.text(max_size=12)

    def value_for(name: str):
        return st.one_of(values[name], any_value) if name in values else any_value

    spoils = st.lists(names, max_size=3, unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({name: value_for(name) for name in chosen})
    )
    contract_fields = st.lists(st.sampled_from(list(values)), unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({name: values[name] for name in chosen})
    )
    spoiled_base = st.builds(lambda spoiled: {**valid_base, **spoiled}, spoils)
    return st.one_of(st.just(valid_base), spoiled_base, spoiled_base, contract_fields, any_value)


# --------------------------------------------------------------------------- headers


@dataclass
class Attempt:
    """One generated request and what the test knows about it in advance."""

    body: Any  # the JSON sent, unless `raw` is set
    raw: bytes | None  # bytes sent instead of a JSON body (not JSON, or nothing)
    content_type: str | None
    auth: str
    idempotency: tuple[str, bytes | None]  # (kind, header value)
    target: str = "own"  # which id the path names (routes with a projectId)

    @property
    def content(self) -> bytes:
        if self.raw is not None:
            return self.raw
        # The standard library, not orjson: integers beyond 64 bits must be sendable too.
        return json.dumps(self.body, ensure_ascii=False).encode()

    @property
    def json_media(self) -> bool:
        media = (self.content_type or "").split(";")[0].strip().lower()
        return media == "application/json" or media.endswith("+json")


AUTH_VARIANTS = [
    *["bearer"] * 15,
    "x-api-key",
    "lowercase-scheme",
    "x-api-key-wins",
    "missing",
    "empty-bearer",
    "basic",
    "malformed",
    "wrong-secret",
    "unknown-key",
    "garbage-x-api-key-over-bearer",
]
VALID_AUTH = {"bearer", "x-api-key", "lowercase-scheme", "x-api-key-wins"}


def auth_headers(variant: str, key: str) -> dict[str, str]:
    key_id = key_parts(key).key_id
    unknown = format_key("test", new_key_id(), new_secret())
    return {
        "bearer": {"Authorization": f"Bearer {key}"},
        "x-api-key": {"X-Api-Key": key},
        "lowercase-scheme": {"Authorization": f"bearer {key}"},
        "x-api-key-wins": {"X-Api-Key": key, "Authorization": "Bearer lp_live_nonsense"},
        "missing": {},
        "empty-bearer": {"Authorization": "Bearer "},
        "basic": {"Authorization": "Basic dXNlcjpwYXNz"},
        "malformed": {"Authorization": f"Bearer {key[:-1]}"},  # a secret one char short
        "wrong-secret": {"Authorization": f"Bearer {format_key('test', key_id, new_secret())}"},
        "unknown-key": {"Authorization": f"Bearer {unknown}"},
        "garbage-x-api-key-over-bearer": {"X-Api-Key": "lp_x", "Authorization": f"Bearer {key}"},
    }[variant]


no_idempotency_key = st.just(("none", None))
valid_idempotency_keys = st.one_of(
    # A small pool, so examples replay and conflict with each other.
    st.sampled_from([b"retry-1", b"retry-2", b'"quoted-3"']).map(lambda v: ("valid", v)),
    st.uuids().map(lambda u: ("valid", str(u).encode())),
)
idempotency_keys = st.one_of(
    no_idempotency_key,
    valid_idempotency_keys,
    st.sampled_from(
        [b"", b"   ", b"has space", b"x" * 256, "caf\u00e9".encode("latin-1"), b"tab\there", b'""']
    ).map(lambda v: ("invalid", v)),
)
content_types = st.sampled_from(
    [
        *["application/json"] * 10,
        "application/json; charset=utf-8",
        "APPLICATION/JSON",
        "application/merge-patch+json",
        "text/plain",
        "application/x-www-form-urlencoded",
        None,
    ]
)
raw_bodies = st.one_of(
    st.binary(max_size=40),
    st.sampled_from([b"", b"{", b"[1, 2", b"\xff\xfe{}", b'{"name": NaN}', b"null"]),
)


def attempts(valid_body: dict, values: dict[str, st.SearchStrategy], *, with_target=False):
    """Half "tame" requests (a usable key, JSON, a body that is valid or nearly so), which
    mostly get accepted, and half "wild" ones, where every part of the request may be wrong."""
    body = bodies(valid_body, values)
    tame = st.builds(
        Attempt,
        body=st.just(valid_body) | body,
        raw=st.none(),
        content_type=st.just("application/json"),
        auth=st.just("bearer"),
        idempotency=no_idempotency_key | valid_idempotency_keys,
    )
    wild = st.builds(
        Attempt,
        body=body,
        raw=st.one_of(*[st.none()] * 5, raw_bodies),  # one body in six is not JSON
        content_type=content_types,
        auth=st.sampled_from(AUTH_VARIANTS),
        idempotency=idempotency_keys,
        target=st.sampled_from(["own"] * 4 + ["bare", "unknown", "malformed"])
        if with_target
        else st.just("own"),
    )
    return tame | wild


# --------------------------------------------------------------------------- the checks


@dataclass
class Sent:
    status: int
    body: Any
    replayed: bool
    before: dict[str, int]
    after: dict[str, int]

    @property
    def added(self) -> dict[str, int]:
        return {table: self.after[table] - self.before[table] for table in self.before}


async def send(api: Api, method: str, path: str, attempt: Attempt) -> Sent:
    headers: dict[str, Any] = dict(auth_headers(attempt.auth, api.key))
    if attempt.content_type is not None:
        headers["Content-Type"] = attempt.content_type
    kind, value = attempt.idempotency
    if value is not None:
        headers["Idempotency-Key"] = value
    before = await org_row_counts(api.db, api.organization_id)
    response = await api.client.request(method, path, content=attempt.content, headers=headers)
    after = await org_row_counts(api.db, api.organization_id)

    assert response.status_code < 500, response.text
    assert_well_formed(response, sent=attempt.content.decode("utf-8", "replace"))
    status = response.status_code
    if attempt.auth not in VALID_AUTH:
        assert status == 401, response.text
    elif len(attempt.content) > MAX_BODY_BYTES:
        assert status == 413, response.text
    elif attempt.content.strip() and not attempt.json_media:
        assert status == 415, response.text
    elif attempt.raw is None and json_depth(attempt.body) > MAX_JSON_DEPTH:
        assert status == 400, response.text
    if kind == "invalid":
        assert status >= 400, "a malformed Idempotency-Key was accepted"

    sent = Sent(
        status=status,
        body=response.json(),
        replayed=response.headers.get("idempotent-replayed") == "true",
        before=before,
        after=after,
    )
    if status >= 300:
        assert sent.added["projects"] == sent.added["jobs"] == sent.added["influencers"] == 0
        assert sent.added["idempotency_keys"] in ((0, 1) if kind == "valid" else (0,))
        if sent.added["idempotency_keys"]:
            await _assert_stored_refusal_replays(api, method, path, attempt, response)
    elif sent.replayed:
        assert set(sent.added.values()) == {0}, sent.added
    else:
        assert sent.added["idempotency_keys"] == (1 if kind == "valid" else 0), sent.added
    return sent


async def _assert_stored_refusal_replays(api, method, path, attempt, first) -> None:
    """A refusal that stored an idempotency key is the handler's answer; it replays verbatim."""
    headers = {**auth_headers(attempt.auth, api.key), "Idempotency-Key": attempt.idempotency[1]}
    if attempt.content_type is not None:
        headers["Content-Type"] = attempt.content_type
    again = await api.client.request(method, path, content=attempt.content, headers=headers)
    assert again.headers.get("idempotent-replayed") == "true", again.text
    assert (again.status_code, again.content) == (first.status_code, first.content)


def path_for(project_id: str, target: str) -> str:
    return {
        "own": project_id,
        "bare": project_id.removeprefix("prj_"),
        "unknown": f"prj_{uuid.uuid4()}",
        "malformed": "prj_not-a-uuid",
    }[target]


async def settle_jobs(api: Api) -> None:
    """No worker runs here: cancel the jobs of earlier examples, so the concurrent-jobs cap
    (20 per organization) never fills up. Row counts do not change."""
    await cancel_unfinished_jobs(api.db, api.organization_id)


VALID_PROJECT = {"name": "Fuzzed project", "timezone": "UTC"}
SEED_DESCRIPTION = SEED_BODY["appDescription"]  # starts the two background workflows


# --------------------------------------------------------------------------- the tests


@dataclass
class Run:
    """What the examples of one test share: the caller, its project, the outcomes seen."""

    api: Api
    project_id: str | None = None
    outcomes: Counter[int] = field(default_factory=Counter)  # status → how many

    async def project(self) -> str:
        if self.project_id is None:
            self.project_id = (await self.api.create_project(**VALID_PROJECT))["id"]
        return self.project_id

    async def send(self, method: str, path: str, attempt: Attempt) -> Sent:
        await settle_jobs(self.api)
        sent = await send(self.api, method, path, attempt)
        self.outcomes[sent.status] += 1
        return sent


@pytest.fixture
async def run(api, request):
    state = Run(api)
    yield state
    print(f"\n{request.node.name}: {sorted(state.outcomes.items())}")
    # A run that never got a request accepted (or refused) would prove little.
    statuses = set(state.outcomes)
    assert any(s < 300 for s in statuses) and any(s >= 400 for s in statuses), state.outcomes


@property_settings
@given(attempt=attempts({**VALID_PROJECT, "appDescription": SEED_DESCRIPTION}, PROJECT_VALUES))
async def test_create_project(run, attempt):
    sent = await run.send("POST", "/v1/projects", attempt)
    if sent.status < 300 and not sent.replayed:
        starts_workflows = sent.body["appDescription"] is not None
        assert sent.added == {
            "projects": 1,
            "jobs": 2 if starts_workflows else 0,  # keyword research and the first influencer
            "influencers": 1 if starts_workflows else 0,
            "idempotency_keys": sent.added["idempotency_keys"],
        }


@property_settings
@given(attempt=attempts({"tagline": "A fresh tagline"}, PROJECT_VALUES, with_target=True))
async def test_update_project(run, attempt):
    project_id = await run.project()
    before = (await run.api.get(f"/v1/projects/{project_id}")).json()
    sent = await run.send("PATCH", f"/v1/projects/{path_for(project_id, attempt.target)}", attempt)
    if sent.status < 300 and not sent.replayed:
        after = sent.body
        reruns_research = bool(
            after["appDescription"]
            and after["appDescription"] != before["appDescription"]
            and after["status"] == "active"
        )
        assert sent.added["projects"] == sent.added["influencers"] == 0
        assert sent.added["jobs"] == (1 if reruns_research else 0), (before, after)


@property_settings
@given(attempt=attempts({"url": "https://example.com/"}, WEBSITE_VALUES, with_target=True))
async def test_ingest_website(run, attempt):
    project_id = await run.project()
    path = f"/v1/projects/{path_for(project_id, attempt.target)}/ingest/website"
    sent = await run.send("POST", path, attempt)
    if sent.status < 300 and not sent.replayed:
        assert (sent.added["projects"], sent.added["jobs"], sent.added["influencers"]) == (0, 1, 0)


@property_settings
@given(attempt=attempts({}, INFLUENCER_VALUES, with_target=True))
async def test_create_influencer(run, attempt):
    project_id = await run.project()
    path = f"/v1/projects/{path_for(project_id, attempt.target)}/influencers"
    sent = await run.send("POST", path, attempt)
    if sent.status < 300 and not sent.replayed:
        assert (sent.added["projects"], sent.added["jobs"], sent.added["influencers"]) == (0, 1, 1)
