"""Read-only resources: a project's brand context, keyword bank and hooks, to attach as context."""

from __future__ import annotations

import json

import pytest
from mcp import MCPError
from mcp_types import INVALID_PARAMS

from layers_mcp import RESOURCES
from support import LayersAPI, mcp_session, result_of

NO_PROJECT = "prj_00000000-0000-0000-0000-000000000000"


async def test_templates_and_each_projects_resources_are_listed(api: LayersAPI):
    async with mcp_session(api) as mcp:
        templates = (await mcp.list_resource_templates()).resource_templates
        assert [t.uri_template for t in templates] == [
            "layers://projects/{projectId}/brand-context",
            "layers://projects/{projectId}/keywords",
            "layers://projects/{projectId}/hooks",
        ]
        assert all(
            t.mime_type == "application/json" and "Scope: `" in t.description for t in templates
        )

        project = result_of(
            await mcp.call_tool("projects_create", {"name": "Listed Project", "timezone": "UTC"})
        )
        listed = (await mcp.list_resources()).resources
    uris = {str(resource.uri) for resource in listed}
    assert {resource.uri(project["id"]) for resource in RESOURCES} <= uris


async def test_reading_a_project_s_resources(api: LayersAPI):
    async with mcp_session(api) as mcp:
        project = result_of(
            await mcp.call_tool("projects_create", {"name": "Fresh Project", "timezone": "UTC"})
        )
        base = f"layers://projects/{project['id']}"
        brand = await mcp.read_resource(f"{base}/brand-context")
        keywords = await mcp.read_resource(f"{base}/keywords")
    assert json.loads(brand.contents[0].text) is None  # type: ignore[union-attr]  # not ingested
    bank = json.loads(keywords.contents[0].text)  # type: ignore[union-attr]
    assert bank == {"projectId": project["id"], "hashtags": [], "refreshedAt": None}


async def test_failed_reads_are_errors_carrying_the_api_envelope(api: LayersAPI):
    async with mcp_session(api) as mcp:
        with pytest.raises(MCPError) as missing:
            await mcp.read_resource(f"layers://projects/{NO_PROJECT}/keywords")
        # Write hooks for a project that has neither appName nor appDescription.
        project = result_of(
            await mcp.call_tool("projects_create", {"name": "Bare Project", "timezone": "UTC"})
        )
        with pytest.raises(MCPError) as unwritable:
            await mcp.read_resource(f"layers://projects/{project['id']}/hooks")
        with pytest.raises(MCPError) as unknown:
            await mcp.read_resource("layers://teams/1")
    assert missing.value.code == INVALID_PARAMS
    assert missing.value.data["error"]["code"] == "NOT_FOUND"
    assert missing.value.data["error"]["requestId"].startswith("req_")
    assert unwritable.value.data["error"]["code"] == "VALIDATION"
    assert set(unwritable.value.data["error"]["details"]["missingFields"]) == {
        "appName",
        "appDescription",
    }
    assert unknown.value.code == INVALID_PARAMS


async def test_a_scope_the_key_lacks_is_an_error_on_read(api: LayersAPI):
    async with mcp_session(api, "reader") as mcp:
        with pytest.raises(MCPError) as refused:
            await mcp.read_resource(f"layers://projects/{NO_PROJECT}/hooks")
    assert refused.value.data["error"]["code"] == "FORBIDDEN_SCOPE"
    assert refused.value.data["error"]["details"]["requiredScope"] == "content:read"
