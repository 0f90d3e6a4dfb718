"""Another organization's resource is 404 NOT_FOUND on every route that names one.

The matrix is generated from the app's route table: every route with a path parameter that
names a resource (projectId, influencerId, jobId, keyId, endpointId, deliveryId) is called by
organization B with the ids of organization A's resources, in both accepted spellings
(prefixed and bare), and must answer 404 NOT_FOUND (never 403, never 2xx) and change nothing.
The same call made by A then succeeds, which proves B's 404 is about ownership, not about a
malformed request.

A route the matrix cannot handle (a new resource parameter, a body route without a plausible
body in tests/hardening/routes.py) fails `test_the_matrix_covers_every_resource_route`.
"""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from layers_server.db.tables import api_keys
from tests.hardening.routes import (
    PLAUSIBLE_BODIES,
    RESOURCE_PARAMS,
    api_routes,
    body_routes,
    fill,
    owned_resources,
)
from tests.hardening.support import assert_well_formed, org_row_counts
from tests.support.api import Api

# Routes deliberately outside the rule, with the reason. A stale entry fails the coverage test.
EXEMPT = {
    ("GET", "/v1/influencers/{influencerId}/image.svg"): (
        "public by design, without a key (so it works in an <img>): the URL is an unguessable "
        "UUIDv4 that only the owning organization's answers reveal; it answers 404 until the "
        "persona is ready"
    ),
    ("GET", "/v1/influencers/{influencerId}/thumbnail.png"): (
        "the portrait's thumbnail: public for the same reason as image.svg"
    ),
    ("POST", "/v1/projects/{projectId}/ingest/github"): (
        "the owner's control request needs a GitHub App and an installation, which only the "
        "fake GitHub of tests/github provides; tests/github/test_ingest.py runs this matrix's "
        "check for it there"
    ),
}

RESOURCE_ROUTES = [(method, path, params) for method, path, params in api_routes() if params]


def test_the_matrix_covers_every_resource_route():
    unknown = sorted({p for _, _, params in RESOURCE_ROUTES for p in params} - RESOURCE_PARAMS)
    assert not unknown, f"new path parameter(s) {unknown}: teach this matrix their resource"
    missing = sorted(body_routes() - set(PLAUSIBLE_BODIES))
    assert not missing, f"body routes without a plausible body: {missing}"
    listed = {(method, path) for method, path, _ in RESOURCE_ROUTES}
    assert set(EXEMPT) <= listed, f"stale exemptions: {set(EXEMPT) - listed}"
    stale = set(PLAUSIBLE_BODIES) - body_routes()
    assert not stale, f"plausible bodies for routes that take none: {stale}"
    assert len(listed - set(EXEMPT)) >= 18, sorted(listed)


async def _snapshot(owner: Api, ids: dict[str, list[str]]) -> dict:
    """Everything of the owner's that a stranger's request could have changed."""
    project = (await owner.get(f"/v1/projects/{ids['projectId'][0]}")).json()
    influencer = (await owner.get(f"/v1/influencers/{ids['influencerId'][0]}")).json()
    job = (await owner.get(f"/v1/jobs/{ids['jobId'][0]}")).json()
    endpoint = (await owner.get(f"/v1/webhook-endpoints/{ids['endpointId'][0]}")).json()
    delivery = (await owner.get(f"/v1/webhook-deliveries/{ids['deliveryId'][0]}")).json()
    async with owner.db.read() as conn:
        key_uuid = uuid.UUID(ids["keyId"][1])
        key = (await conn.execute(sa.select(api_keys).where(api_keys.c.id == key_uuid))).one()
    rows = await org_row_counts(owner.db, owner.organization_id)
    return {
        "rows": rows,
        "project": project,
        "influencer": influencer,
        "job": job,
        "endpoint": endpoint,
        "delivery": delivery,
        "key": key._asdict(),
    }


CASES = [
    pytest.param(method, path, id=f"{method} {path}")
    for method, path, _ in RESOURCE_ROUTES
    if (method, path) not in EXEMPT
]


@pytest.mark.parametrize(("method", "path"), CASES)
async def test_another_organizations_resource_is_not_found(api, new_api, method, path):
    owner, stranger = api, await new_api()
    ids = await owned_resources(owner)
    body = PLAUSIBLE_BODIES.get((method, path))
    kwargs = {"json": body} if body is not None else {}
    before = await _snapshot(owner, ids)
    for spelling in (0, 1):
        url = fill(path, ids, spelling)
        response = await stranger.request(method, url, **kwargs)
        assert response.status_code == 404, f"{method} {url}: {response.text}"
        assert response.json()["error"]["code"] == "NOT_FOUND"
        assert_well_formed(response)
    assert await _snapshot(owner, ids) == before, "a stranger's request changed something"

    control = await owner.request(method, fill(path, ids), **kwargs)
    assert 200 <= control.status_code < 300, f"the owner's {method} {path}: {control.text}"
