"""`GET /metrics`: request counts by route template, latency, replays, rate-limit refusals and
the job queue read from the database at scrape time."""

from __future__ import annotations

import uuid
from datetime import timedelta

from layers_server.db.tables import jobs
from layers_server.kit import clock
from layers_server.kit.ids import new_ulid
from layers_server.ops.metrics import observe_job
from layers_server.settings import Settings
from tests.ops.support import CLOSED_POSTGRES_URL, app_client, samples, value
from tests.support.api import make_api

REQUESTS = "layers_http_requests_total"


async def scrape(client) -> dict:
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    return samples(response.text)


async def test_requests_are_counted_by_route_template_method_and_status(api, client):
    project = await api.create_project()
    before = await scrape(client)
    assert (await api.get(f"/v1/projects/{project['id']}")).status_code == 200
    assert (await api.get(f"/v1/projects/prj_{uuid.uuid4()}")).status_code == 404
    assert (await client.get(f"/no/such/route/{uuid.uuid4()}")).status_code == 404
    assert (await api.delete("/v1/whoami")).status_code == 405
    assert (await client.request("BREW", "/v1/whoami")).status_code == 405
    after = await scrape(client)

    def delta(**labels) -> float:
        return value(after, REQUESTS, **labels) - value(before, REQUESTS, **labels)

    by_id = "/v1/projects/{projectId}"
    assert delta(route=by_id, method="GET", status="200") == 1
    assert delta(route=by_id, method="GET", status="404") == 1
    assert delta(route="unmatched", method="GET", status="404") == 1
    assert delta(route="/v1/whoami", method="DELETE", status="405") == 1
    assert delta(route="/v1/whoami", method="other", status="405") == 1
    # Raw paths and invented methods never become label values.
    routes = {dict(labels).get("route") for (_name, labels) in after}
    assert all(route is None or "prj_" not in route and "/no/" not in route for route in routes)
    assert not [labels for (_name, labels) in after if ("method", "BREW") in labels]

    latency = "layers_http_request_duration_seconds_count"
    assert (
        value(after, latency, route=by_id, method="GET")
        - value(before, latency, route=by_id, method="GET")
        == 2
    )
    assert (
        value(
            after,
            "layers_http_request_duration_seconds_bucket",
            route=by_id,
            method="GET",
            le="+Inf",
        )
        >= 2
    )


async def test_idempotent_replays_are_counted(api, client):
    headers = {"Idempotency-Key": f"replay-{uuid.uuid4()}"}
    body = {"name": "Replayed", "timezone": "UTC"}
    before = await scrape(client)
    first = await api.post("/v1/projects", json=body, headers=headers)
    second = await api.post("/v1/projects", json=body, headers=headers)
    after = await scrape(client)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.headers["Idempotent-Replayed"] == "true"
    labels = {"route": "/v1/projects", "method": "POST"}
    replays = "layers_idempotent_replays_total"
    assert value(after, replays, **labels) - value(before, replays, **labels) == 1
    created = {**labels, "status": "201"}
    assert value(after, REQUESTS, **created) - value(before, REQUESTS, **created) == 2


async def test_rate_limit_refusals_are_counted_by_endpoint_class(settings):
    tight = settings.model_copy(update={"rate_limit_tiers": '{"standard": {"read_per_min": 1}}'})
    async with app_client(tight) as (app, http):
        caller = await make_api(app, http, tier="standard")
        before = await scrape(http)
        statuses = [(await caller.get("/v1/whoami")).status_code for _ in range(3)]
        after = await scrape(http)
    assert statuses == [200, 429, 429]
    refused = "layers_rate_limited_total"
    read = value(after, refused, endpoint_class="read-light")
    assert read - value(before, refused, endpoint_class="read-light") == 2
    assert value(after, refused, endpoint_class="write-light") == value(
        before, refused, endpoint_class="write-light"
    )


async def test_job_queue_gauges_are_read_from_the_jobs_table(api, client):
    kind = f"metrics_probe_{uuid.uuid4().hex[:8]}"  # a kind of its own: exact counts
    now = clock.utcnow()

    def job(status: str, run_after_seconds: float) -> dict:
        return {
            "id": new_ulid(),
            "organization_id": api.organization_id,
            "kind": kind,
            "status": status,
            "stage": "queued",
            "payload": {},
            "run_after": now + timedelta(seconds=run_after_seconds),
            "created_at": now - timedelta(seconds=120),
            "updated_at": now,
        }

    rows = [
        job("queued", -90),  # due for a minute and a half
        job("queued", -5),
        job("queued", +600),  # waiting out a retry backoff: queued, but not due
        job("running", -30),
        job("completed", -100),  # finished jobs are not gauged
    ]
    async with api.db.write() as conn:
        await conn.execute(jobs.insert(), rows)
    try:
        scraped = await scrape(client)
    finally:
        async with api.db.write() as conn:
            await conn.execute(jobs.delete().where(jobs.c.kind == kind))
    assert value(scraped, "layers_job_stats_readable") == 1
    assert value(scraped, "layers_jobs", kind=kind, status="queued") == 3
    assert value(scraped, "layers_jobs", kind=kind, status="running") == 1
    assert (("layers_jobs", frozenset({("kind", kind), ("status", "completed")}))) not in scraped
    assert value(scraped, "layers_jobs_queue_depth") >= 2
    assert value(scraped, "layers_jobs_queue_oldest_age_seconds") >= 90


async def test_job_durations_come_from_the_engine_hook(client):
    kind = f"metrics_hook_{uuid.uuid4().hex[:8]}"
    observe_job(kind, "completed", 1.5)
    observe_job(kind, "completed", 40.0)
    observe_job(kind, "failed", 0.2)
    scraped = await scrape(client)
    name = "layers_job_duration_seconds"
    assert value(scraped, f"{name}_count", kind=kind, status="completed") == 2
    assert value(scraped, f"{name}_sum", kind=kind, status="completed") == 41.5
    assert value(scraped, f"{name}_bucket", kind=kind, status="completed", le="2.5") == 1
    assert value(scraped, f"{name}_count", kind=kind, status="failed") == 1


async def test_a_scrape_without_a_database_still_answers():
    settings = Settings(database_url=CLOSED_POSTGRES_URL, in_process_worker=False)
    async with app_client(settings) as (_app, http):
        scraped = await scrape(http)
    assert value(scraped, "layers_job_stats_readable") == 0
    assert ("layers_jobs_queue_depth", frozenset()) not in scraped


async def test_openmetrics_is_served_to_scrapers_that_ask_for_it(client):
    response = await client.get("/metrics", headers={"Accept": "application/openmetrics-text"})
    assert response.headers["content-type"].startswith("application/openmetrics-text")
    assert response.text.rstrip().endswith("# EOF")
