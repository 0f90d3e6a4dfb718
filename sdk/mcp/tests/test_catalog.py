"""Every SDK operation is a tool, and every tool lists a schema an agent can rely on."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_origin, get_type_hints

from jsonschema.validators import validator_for
from layers import AsyncLayers
from layers._resource import Resource, endpoint, paginated

from layers_mcp import TOOLS
from layers_mcp.catalog import CATALOG
from support import LayersAPI, mcp_session

README = Path(__file__).parents[1] / "README.md"


def sdk_operations() -> set[str]:
    """The dotted path of every API method of the SDK's client, found by walking it."""
    paths: set[str] = set()
    for klass in AsyncLayers.__mro__:
        for name, attribute in vars(klass).items():
            if isinstance(attribute, endpoint | paginated):
                paths.add(name)
            elif isinstance(attribute, property) and attribute.fget is not None:
                resource = get_origin(get_type_hints(attribute.fget).get("return"))
                if isinstance(resource, type) and issubclass(resource, Resource):
                    paths |= {
                        f"{name}.{method}"
                        for method, member in vars(resource).items()
                        if isinstance(member, endpoint | paginated)
                    }
    return paths


def test_one_tool_per_sdk_operation():
    assert sorted(tool.sdk for tool in TOOLS) == sorted(sdk_operations())
    assert len({tool.name for tool in TOOLS}) == len(TOOLS)


async def test_every_listed_tool_has_schemas_and_a_description(api: LayersAPI):
    async with mcp_session(api) as mcp:
        listed = (await mcp.list_tools()).tools
    assert [tool.name for tool in listed] == [tool.name for tool in TOOLS]
    for tool, spec in zip(listed, TOOLS, strict=True):
        for schema in (tool.input_schema, tool.output_schema):
            assert schema is not None and schema["type"] == "object", tool.name
            validator_for(schema).check_schema(schema)
        assert tool.input_schema["additionalProperties"] is False
        properties = tool.input_schema["properties"]
        assert all(re.fullmatch(r"[a-z][A-Za-z]*", name) for name in properties), properties
        assert all("_" not in name for name in tool.output_schema["properties"]), tool.name
        mutating = "idempotencyKey" in properties
        assert "idempotencyKey" not in tool.input_schema.get("required", [])
        assert tool.annotations is not None
        assert tool.annotations.read_only_hint is (not mutating)
        scope = f"`{spec.scope}`" if spec.scope else "none (any valid key)"
        assert f"Scope: {scope}." in tool.description
        assert "Returns: " in tool.description and "Next: " in tool.description


async def test_schemas_follow_the_sdk_signature(api: LayersAPI):
    async with mcp_session(api) as mcp:
        tools = {tool.name: tool for tool in (await mcp.list_tools()).tools}
    create = tools["projects_create"].input_schema
    assert create["required"] == ["name", "timezone"]
    assert set(create["properties"]) == {
        "name", "timezone", "customerExternalId", "ownerEmail", "primaryLanguage", "appName",
        "appDescription", "tagline", "brandVoice", "targetGender", "metadata", "idempotencyKey",
    }  # fmt: skip
    assert create["properties"]["brandVoice"]["enum"] == [
        "authentic", "witty", "professional", "warm", "casual", "educational",
    ]  # fmt: skip
    # Left out means "not sent", so no optional field shows a default or accepts null...
    assert "default" not in create["properties"]["tagline"]
    assert create["properties"]["tagline"] == {"type": "string"}
    # ...except where the SDK takes None, as update's clearable fields do.
    update = tools["projects_update"].input_schema
    assert {"type": "null"} in update["properties"]["tagline"]["anyOf"]
    assert update["required"] == ["projectId"]
    wait = tools["jobs_wait"].input_schema
    assert wait["properties"]["timeout"]["default"] == 50.0
    listing = tools["projects_list"]
    assert set(listing.output_schema["properties"]) == {"items", "nextCursor"}
    assert "cursor" in listing.input_schema["properties"]


def test_the_readme_lists_every_tool():
    listed = re.findall(
        r"^\| `([a-z_]+)` \| (.+?) \| `([a-z_.]+)` \|$", README.read_text("utf-8"), re.M
    )
    assert listed == [
        (tool.name, f"`{tool.scope}`" if tool.scope else "any key", tool.sdk) for tool in CATALOG
    ]
