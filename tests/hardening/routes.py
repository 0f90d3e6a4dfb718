"""The app's route table, read the way the route-generated tests need it."""

from __future__ import annotations

import re

from fastapi.routing import APIRoute, iter_route_contexts

from layers_server.app import create_app
from layers_server.settings import Settings
from tests.support.api import SEED_BODY, Api, make_api

# Only its routes and OpenAPI document are read: no lifespan runs, no database is opened.
ROUTE_TABLE = create_app(Settings(database_url="sqlite:///unused.db"))

RESOURCE_PARAMS = {"projectId", "influencerId", "jobId", "keyId", "endpointId", "deliveryId"}

# A body each body route accepts from the owner of the resources in its path.
PLAUSIBLE_BODIES: dict[tuple[str, str], dict] = {
    ("POST", "/v1/projects"): {"name": "Plausible", "timezone": "UTC"},
    ("PATCH", "/v1/projects/{projectId}"): {"tagline": "Changed by its owner"},
    ("POST", "/v1/projects/{projectId}/ingest/website"): {"url": "https://example.com/"},
    ("POST", "/v1/projects/{projectId}/ingest/appstore"): {"iosBundleId": "com.example.app"},
    ("POST", "/v1/projects/{projectId}/keywords/refresh"): {},
    ("POST", "/v1/projects/{projectId}/influencers"): {"gender": "female"},
    ("PATCH", "/v1/influencers/{influencerId}"): {"name": "Renamed"},
    ("POST", "/v1/jobs/{jobId}/cancel"): {},
    ("POST", "/v1/projects/{projectId}/ingest/github"): {"repoFullName": "example/app"},
    ("POST", "/v1/github/installation"): {"installationId": 1, "state": "plausible-state"},
    ("POST", "/v1/webhook-endpoints"): {
        "url": "https://example.com/hooks",
        "events": ["job.failed"],
    },
    ("PATCH", "/v1/webhook-endpoints/{endpointId}"): {"description": "Changed by its owner"},
}


def api_routes(app=ROUTE_TABLE) -> list[tuple[str, str, list[str]]]:
    """(method, path template, path parameters) of every API route, hidden ones included."""
    found = []
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute):
            params = re.findall(r"{(\w+)}", route.path)
            found += [(method, route.path, params) for method in sorted(route.methods - {"HEAD"})]
    return found


def body_routes(app=ROUTE_TABLE) -> set[tuple[str, str]]:
    """Routes whose OpenAPI operation declares a request body."""
    return {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    }


async def owned_resources(owner: Api) -> dict[str, list[str]]:
    """A project (whose description also starts a keyword job and a first influencer), a job,
    a second key of the owner's organization, and a webhook endpoint with a delivery (its test
    ping): each id in both accepted spellings."""
    project = await owner.create_project(**{**SEED_BODY, "customerExternalId": None})
    influencers = (await owner.get(f"/v1/projects/{project['id']}/influencers")).json()
    influencer_id = influencers["items"][0]["influencerId"]
    job = await owner.post(f"/v1/projects/{project['id']}/keywords/refresh", json={})
    job_id = job.json()["jobId"]
    key = await make_api(owner.app, owner.client, organization_id=owner.organization_id)
    hooks = {"url": "https://example.com/hooks", "events": ["job.failed"]}
    endpoint = (await owner.post("/v1/webhook-endpoints", json=hooks)).json()["endpoint"]
    endpoint_id = endpoint["endpointId"]
    delivery_id = (await owner.post(f"/v1/webhook-endpoints/{endpoint_id}/test")).json()[
        "deliveryId"
    ]
    return {
        "projectId": [project["id"], project["id"].removeprefix("prj_")],
        "influencerId": [influencer_id, influencer_id.removeprefix("inf_")],
        "jobId": [job_id, job_id.removeprefix("job_")],
        "keyId": [key.key_record["id"], key.key_record["id"].removeprefix("key_")],
        "endpointId": [endpoint_id, endpoint_id.removeprefix("whe_")],
        "deliveryId": [delivery_id, delivery_id.removeprefix("whd_")],
    }


def fill(path: str, ids: dict[str, list[str]], spelling: int = 0) -> str:
    return re.sub(r"{(\w+)}", lambda m: ids[m.group(1)][spelling], path)
