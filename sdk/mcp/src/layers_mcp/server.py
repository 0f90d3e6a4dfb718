"""The MCP server: the catalog's tools and resources, served over one SDK client.

Built on the official SDK's low-level ``Server``: the tools' schemas come from the Layers SDK
(``introspect``), not from Python signatures of functions written here, so the low-level
handlers (list, call, read) are all this module needs.
"""

from __future__ import annotations

import json
import uuid
from operator import attrgetter
from typing import Any

import mcp_types as types
import pydantic
from layers import AsyncLayers, NotFoundError
from mcp import UriTemplate
from mcp.server import Server
from mcp.server.context import ServerRequestContext
from mcp.shared.exceptions import MCPError

from ._version import __version__
from .catalog import RESOURCES, TOOLS, ProjectResource, Tool
from .errors import failure_envelope, invalid_arguments
from .introspect import IDEMPOTENCY_KEY, json_schema

INSTRUCTIONS = """\
Tools of the Layers Partner API: one project per end-customer, its brand context (learned by \
ingesting a website or app listing), hashtag banks, content hooks and AI influencers. \
Start with whoami to see the key's scopes. A typical run: projects_create, ingest_website, \
jobs_wait, projects_get (brandContext), hooks_get. Tools that start work answer a job; \
jobs_wait follows it. A failed call answers the API's error envelope {error: {code, message, \
requestId, details}}; a mutating call's failure also carries the idempotencyKey to retry it \
with. Resources layers://projects/{projectId}/brand-context, …/keywords and …/hooks are the \
same data, to attach as context."""

# How many projects one page of resources/list covers (three resources each).
RESOURCE_PAGE_PROJECTS = 50


def build_server(client: AsyncLayers) -> Server[Any]:
    """An MCP server whose every call goes through ``client`` (its key, base URL, retries)."""
    tools = {tool.name: tool for tool in TOOLS}
    listed_tools = [_listing(tool) for tool in TOOLS]
    templates = [(UriTemplate.parse(resource.uri_template), resource) for resource in RESOURCES]

    async def list_tools(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listed_tools)

    async def call_tool(
        ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        tool = tools.get(params.name)
        if tool is None:
            raise MCPError(types.INVALID_PARAMS, f"Unknown tool: {params.name}")
        return await run_tool(client, tool, params.arguments or {})

    async def list_resource_templates(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListResourceTemplatesResult:
        return types.ListResourceTemplatesResult(
            resource_templates=[
                types.ResourceTemplate(
                    uri_template=resource.uri_template,
                    name=resource.name,
                    title=resource.title,
                    description=f"{resource.description} Scope: `{resource.scope}`.",
                    mime_type="application/json",
                )
                for resource in RESOURCES
            ]
        )

    async def list_resources(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListResourcesResult:
        """Each active project's resources, a page of projects at a time."""
        cursor = params.cursor if params else None
        listing = client.projects.list(status="active", limit=RESOURCE_PAGE_PROJECTS, cursor=cursor)
        try:
            page = await listing.first_page()
        except Exception as exc:
            raise _resource_error("resources/list", exc) from None
        return types.ListResourcesResult(
            resources=[
                types.Resource(
                    uri=resource.uri(project.id),
                    name=f"{project.name}: {resource.title}",
                    description=resource.description,
                    mime_type="application/json",
                )
                for project in page.items
                for resource in RESOURCES
            ],
            next_cursor=page.next_cursor,
        )

    async def read_resource(
        ctx: ServerRequestContext[Any], params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        uri = str(params.uri)
        for template, resource in templates:
            match = template.match(uri)
            if match is not None:
                text = await _read(client, resource, str(match["projectId"]), uri)
                return types.ReadResourceResult(
                    contents=[
                        types.TextResourceContents(uri=uri, mime_type="application/json", text=text)
                    ]
                )
        raise MCPError(types.INVALID_PARAMS, f"Unknown resource: {uri}", {"uri": uri})

    return Server(
        "layers",
        version=__version__,
        title="Layers Partner API",
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resource_templates=list_resource_templates,
        on_list_resources=list_resources,
        on_read_resource=read_resource,
    )


async def run_tool(
    client: AsyncLayers, tool: Tool, arguments: dict[str, Any]
) -> types.CallToolResult:
    """Validate ``arguments``, call the tool's SDK method, and answer its result or failure."""
    method = tool.method
    try:
        parsed = method.arguments.model_validate(arguments)
    except pydantic.ValidationError as exc:
        return _failure(invalid_arguments(exc))
    kwargs = method.call_arguments(parsed)
    if method.mutating:
        # Minted here rather than by the SDK so that a failure can tell the agent which key
        # to retry with; the SDK sends this one key on every retry of its own.
        kwargs.setdefault(IDEMPOTENCY_KEY, str(uuid.uuid4()))
    call = attrgetter(method.path)(client)
    try:
        result = await (call(**kwargs).first_page() if method.paginated else call(**kwargs))
    except Exception as exc:
        envelope = failure_envelope(exc)
        if method.mutating:
            envelope["idempotencyKey"] = kwargs[IDEMPOTENCY_KEY]
        return _failure(envelope)
    data = result.model_dump(mode="json", by_alias=True)
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=json.dumps(data, ensure_ascii=False))],
        structured_content=data,
    )


def _listing(tool: Tool) -> types.Tool:
    method = tool.method
    return types.Tool(
        name=tool.name,
        description=tool.description,
        input_schema=json_schema(method.arguments),
        output_schema=json_schema(method.result, mode="serialization"),
        annotations=types.ToolAnnotations(
            read_only_hint=not method.mutating,
            destructive_hint=tool.destructive,
        ),
    )


def _failure(envelope: dict[str, Any]) -> types.CallToolResult:
    # The envelope goes in the text content, not in structuredContent: a failure does not match
    # the tool's output schema, and some clients check structuredContent against it regardless.
    text = json.dumps(envelope, ensure_ascii=False)
    return types.CallToolResult(content=[types.TextContent(type="text", text=text)], is_error=True)


async def _read(client: AsyncLayers, resource: ProjectResource, project_id: str, uri: str) -> str:
    try:
        value = await resource.read(client, project_id)
    except Exception as exc:
        raise _resource_error(uri, exc) from None
    return json.dumps(
        None if value is None else value.model_dump(mode="json", by_alias=True),
        ensure_ascii=False,
    )


def _resource_error(uri: str, exc: Exception) -> MCPError:
    """A failed read as a JSON-RPC error whose data is the API's error envelope."""
    envelope = failure_envelope(exc)
    code = types.INVALID_PARAMS if isinstance(exc, NotFoundError) else types.INTERNAL_ERROR
    error = envelope["error"]
    return MCPError(code, f"{error['code']}: {error['message']}", {"uri": uri, **envelope})
