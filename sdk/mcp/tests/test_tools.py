"""Tool calls against the real server: results, failures, idempotency."""

from __future__ import annotations

import asyncio
import json
import uuid

import httpx
import layers
import pytest
from layers import AsyncLayers
from layers.testing import DropAfterResponse
from mcp import Client, MCPError

from layers_mcp import build_server
from support import LayersAPI, error_of, free_port, mcp_session, result_of, webhook_receiver

NO_PROJECT = "prj_00000000-0000-0000-0000-000000000000"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def test_create_get_ingest_wait_hooks(api: LayersAPI, site: str):
    async with mcp_session(api) as mcp:
        handle = unique("brew-lab")
        created = result_of(
            await mcp.call_tool(
                "projects_create",
                {
                    "name": "Brew Lab Client",
                    "timezone": "Europe/Lisbon",
                    "customerExternalId": handle,
                },
            )
        )
        assert created["id"].startswith("prj_")
        assert (created["status"], created["customerExternalId"]) == ("active", handle)

        project = result_of(await mcp.call_tool("projects_get", {"projectId": created["id"]}))
        assert (project["name"], project["timezone"]) == ("Brew Lab Client", "Europe/Lisbon")
        assert project["appName"] is None

        job = result_of(
            await mcp.call_tool("ingest_website", {"projectId": project["id"], "url": f"{site}/"})
        )
        assert job["kind"] == "project_ingest_website"
        assert job["status"] in {"queued", "running"}

        done = result_of(
            await mcp.call_tool("jobs_wait", {"jobId": job["jobId"], "pollInterval": 0.2})
        )
        assert done["status"] == "completed", done

        learned = result_of(await mcp.call_tool("projects_get", {"projectId": project["id"]}))
        assert learned["brandContext"]["appName"] == "Brew Lab"
        assert learned["brandContext"]["appDescription"].startswith("Brew Lab sells pour-over")
        assert learned["appName"] == "Brew Lab"  # ingestion filled the empty field
        assert learned["ingestState"]["website"]["jobId"] == job["jobId"]

        bank = result_of(await mcp.call_tool("hooks_get", {"projectId": project["id"]}))
        assert bank["projectId"] == project["id"]
        assert bank["appName"] == "Brew Lab"
        assert 20 <= len(bank["hooks"]) <= 30

        # The resources an agent attaches hold the same data.
        read = await mcp.read_resource(f"layers://projects/{project['id']}/brand-context")
        (contents,) = read.contents
        assert contents.mime_type == "application/json"
        brand = json.loads(contents.text)  # type: ignore[union-attr]
        assert (brand["appName"], brand["appDescription"]) == (
            "Brew Lab",
            learned["brandContext"]["appDescription"],
        )


async def test_a_scope_the_key_lacks_is_a_tool_error(api: LayersAPI):
    handle = unique("forbidden")
    async with mcp_session(api, "reader") as mcp:
        call = await mcp.call_tool(
            "projects_create",
            {"name": "Not Allowed", "timezone": "UTC", "customerExternalId": handle},
        )
        failure = error_of(call)
        error = failure["error"]
        assert error["code"] == "FORBIDDEN_SCOPE"
        assert error["status"] == 403
        assert error["requestId"].startswith("req_")
        assert error["details"]["requiredScope"] == "projects:write"
        assert "lacks" in error["message"]
        uuid.UUID(failure["idempotencyKey"])  # the minted key, to retry the same call with

        hooks = error_of(await mcp.call_tool("hooks_get", {"projectId": NO_PROJECT}))
        assert hooks["error"]["code"] == "FORBIDDEN_SCOPE"
        assert hooks["error"]["details"]["requiredScope"] == "content:read"
        assert "idempotencyKey" not in hooks  # a read has none

        # What the key may do still works, and the refused create changed nothing.
        page = result_of(await mcp.call_tool("projects_list", {"customerExternalId": handle}))
        assert page == {"items": [], "nextCursor": None}


async def test_api_validation_errors_carry_the_issues(api: LayersAPI):
    async with mcp_session(api) as mcp:
        error = error_of(
            await mcp.call_tool("projects_create", {"name": "ab", "timezone": "Nowhere/Land"})
        )["error"]
    assert (error["code"], error["status"]) == ("VALIDATION", 422)
    assert error["requestId"].startswith("req_")
    assert {issue["path"] for issue in error["details"]["issues"]} == {"name", "timezone"}


async def test_arguments_off_the_schema_never_reach_the_api(api: LayersAPI):
    async with mcp_session(api) as mcp:
        error = error_of(
            await mcp.call_tool("projects_create", {"name": 42, "customer_external_id": "x"})
        )["error"]
        assert error["code"] == "INVALID_ARGUMENTS"
        assert error["requestId"] is None
        issues = {issue["path"]: issue["code"] for issue in error["details"]["issues"]}
        assert issues == {
            "name": "string_type",
            "timezone": "missing",
            "customer_external_id": "extra_forbidden",  # the camelCase name is the only one
        }
        empty = error_of(await mcp.call_tool("projects_get", {"projectId": ""}))["error"]
        assert empty["code"] == "INVALID_ARGUMENTS"
        with pytest.raises(MCPError, match="Unknown tool"):
            await mcp.call_tool("projects_explode", {})


async def test_updates_send_only_the_fields_given_and_null_clears(api: LayersAPI):
    async with mcp_session(api) as mcp:
        project = result_of(
            await mcp.call_tool(
                "projects_create",
                {
                    "name": "Patch Me",
                    "timezone": "UTC",
                    "tagline": "Keep or clear",
                    "appName": "Kept",
                },
            )
        )
        updated = result_of(
            await mcp.call_tool("projects_update", {"projectId": project["id"], "tagline": None})
        )
        assert updated["tagline"] is None
        assert (updated["name"], updated["appName"]) == ("Patch Me", "Kept")


async def test_the_same_idempotency_key_replays_and_another_body_conflicts(api: LayersAPI):
    key = str(uuid.uuid4())
    body = {"name": "Replayed", "timezone": "UTC", "customerExternalId": unique("replayed")}
    async with mcp_session(api) as mcp:
        first = result_of(await mcp.call_tool("projects_create", {**body, "idempotencyKey": key}))
        again = result_of(await mcp.call_tool("projects_create", {**body, "idempotencyKey": key}))
        assert again == first
        other = {**body, "name": "Another", "idempotencyKey": key}
        conflict = error_of(await mcp.call_tool("projects_create", other))
        assert conflict["error"]["code"] == "IDEMPOTENCY_CONFLICT"
        assert conflict["idempotencyKey"] == key


async def test_retries_of_one_tool_call_reuse_its_idempotency_key(api: LayersAPI):
    """The answer to the first attempt is lost after the server committed; the SDK's retry
    carries the same key, so the server replays instead of creating a second project."""
    flaky = DropAfterResponse(httpx.AsyncHTTPTransport())
    handle = unique("dropped")
    async with mcp_session(api, http_client=httpx.AsyncClient(transport=flaky)) as mcp:
        created = result_of(
            await mcp.call_tool(
                "projects_create",
                {"name": "Dropped Once", "timezone": "UTC", "customerExternalId": handle},
            )
        )
        (lost,) = flaky.dropped
        uuid.UUID(lost.headers["Idempotency-Key"])  # minted by the tool call
        page = result_of(await mcp.call_tool("projects_list", {"customerExternalId": handle}))
    assert [project["id"] for project in page["items"]] == [created["id"]]


async def test_a_failed_call_reports_the_key_its_attempts_carried_and_a_retry_replays(
    api: LayersAPI,
):
    """Every attempt's answer is lost: the call fails, naming the one key all its attempts
    sent; the agent's own retry with that key gets the project the first attempt created."""
    flaky = DropAfterResponse(httpx.AsyncHTTPTransport(), times=3)  # the SDK tries 3 times
    handle = unique("lost")
    body = {"name": "Lost Answers", "timezone": "UTC", "customerExternalId": handle}
    async with mcp_session(api, http_client=httpx.AsyncClient(transport=flaky)) as mcp:
        failed = error_of(await mcp.call_tool("projects_create", body))
        assert failed["error"]["code"] == "CONNECTION_ERROR"
        key = failed["idempotencyKey"]
        assert [request.headers["Idempotency-Key"] for request in flaky.dropped] == [key] * 3
        retried = result_of(await mcp.call_tool("projects_create", {**body, "idempotencyKey": key}))
        page = result_of(await mcp.call_tool("projects_list", {"customerExternalId": handle}))
    assert [project["id"] for project in page["items"]] == [retried["id"]]


async def test_pages_follow_next_cursor(api: LayersAPI):
    search = unique("Paged")
    async with mcp_session(api) as mcp:
        names = [f"{search} {n}" for n in ("one", "two")]
        for name in names:
            result_of(await mcp.call_tool("projects_create", {"name": name, "timezone": "UTC"}))
        first = result_of(await mcp.call_tool("projects_list", {"search": search, "limit": 1}))
        assert first["nextCursor"]
        second = result_of(
            await mcp.call_tool(
                "projects_list", {"search": search, "limit": 1, "cursor": first["nextCursor"]}
            )
        )
        assert second["nextCursor"] is None
    assert [first["items"][0]["name"], second["items"][0]["name"]] == names[::-1]  # newest first


async def test_a_wait_that_times_out_then_cancel(api: LayersAPI, site: str):
    async with mcp_session(api) as mcp:
        project = result_of(
            await mcp.call_tool("projects_create", {"name": "Slow Site", "timezone": "UTC"})
        )
        job = result_of(
            await mcp.call_tool(
                "ingest_website", {"projectId": project["id"], "url": f"{site}/slow/"}
            )
        )
        waited = error_of(await mcp.call_tool("jobs_wait", {"jobId": job["jobId"], "timeout": 0}))
        assert waited["error"]["code"] == "JOB_WAIT_TIMEOUT"
        assert waited["error"]["details"]["job"]["jobId"] == job["jobId"]
        assert waited["error"]["details"]["job"]["status"] in {"queued", "running"}

        canceled = result_of(await mcp.call_tool("jobs_cancel", {"jobId": job["jobId"]}))
        assert (canceled["jobId"], canceled["accepted"]) == (job["jobId"], True)
        final = result_of(
            await mcp.call_tool("jobs_wait", {"jobId": job["jobId"], "pollInterval": 0.2})
        )
    assert final["status"] == "canceled"


async def test_an_unreachable_api_is_a_tool_error_not_a_crash():
    layers = AsyncLayers(
        api_key="lp_live_0000000000000000_unused",
        base_url=f"http://127.0.0.1:{free_port()}",
        max_retries=0,
    )
    async with layers, Client(build_server(layers)) as mcp:
        write = error_of(
            await mcp.call_tool("projects_create", {"name": "Nowhere", "timezone": "UTC"})
        )
        read = error_of(await mcp.call_tool("whoami", {}))
    assert write["error"]["code"] == read["error"]["code"] == "CONNECTION_ERROR"
    assert write["error"]["requestId"] is None
    uuid.UUID(write["idempotencyKey"])
    assert "Traceback" not in json.dumps([write, read])


async def test_webhook_tools_register_ping_list_replay_and_delete(api: LayersAPI):
    """The webhook tools against the real server and its in-process delivery worker: what the
    receiver gets verifies with the secret the create tool answered."""
    with webhook_receiver() as (url, arrived):
        async with mcp_session(api) as mcp:
            created = result_of(
                await mcp.call_tool("webhooks_create", {"url": url, "events": ["job.completed"]})
            )
            endpoint_id = created["endpoint"]["endpointId"]
            secret = created["signingSecret"]
            assert endpoint_id.startswith("whe_") and secret.startswith("whsec_")

            sent = result_of(await mcp.call_tool("webhooks_test", {"endpointId": endpoint_id}))
            ping = await asyncio.to_thread(arrived.get, timeout=30)
            event = layers.webhooks.verify(ping.body, ping.headers, secret)
            assert (event.id, event.type) == (sent["eventId"], "test.ping")

            page = result_of(
                await mcp.call_tool("webhooks_list_deliveries", {"endpointId": endpoint_id})
            )
            assert [d["deliveryId"] for d in page["items"]] == [sent["deliveryId"]]
            assert page["nextCursor"] is None
            delivery = result_of(
                await mcp.call_tool("webhooks_get_delivery", {"deliveryId": sent["deliveryId"]})
            )
            assert delivery["eventType"] == "test.ping"

            replay = result_of(
                await mcp.call_tool("webhooks_replay", {"deliveryId": sent["deliveryId"]})
            )
            assert replay["originalDeliveryId"] == sent["deliveryId"]
            again = await asyncio.to_thread(arrived.get, timeout=30)
            assert (
                layers.webhooks.verify(again.body, again.headers, secret).replay_of
                == (sent["eventId"])
            )

            deleted = result_of(await mcp.call_tool("webhooks_delete", {"endpointId": endpoint_id}))
            assert deleted == {"endpointId": endpoint_id, "deleted": True}
            gone = error_of(await mcp.call_tool("webhooks_get", {"endpointId": endpoint_id}))
            assert gone["error"]["code"] == "NOT_FOUND"
