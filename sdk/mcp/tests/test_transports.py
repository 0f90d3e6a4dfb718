"""The ``layers-mcp`` command as users run it: stdio started by the client, streamable HTTP."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, StdioServerParameters

from layers_mcp import TOOLS
from support import BIN, LayersAPI, error_of, free_port, result_of, wait_for_http

ROOT_README = Path(__file__).parents[3] / "README.md"


def readme_client_config() -> dict[str, Any]:
    """The ``mcpServers`` block of the repository's README, as a user copies it."""
    blocks = re.findall(r"```json\n(.*?)```", ROOT_README.read_text(encoding="utf-8"), re.DOTALL)
    (config,) = [json.loads(block) for block in blocks if '"mcpServers"' in block]
    server: dict[str, Any] = config["mcpServers"]["layers"]
    return server


async def test_stdio_started_as_the_readme_configures_it(
    api: LayersAPI, monkeypatch: pytest.MonkeyPatch
):
    config = readme_client_config()
    assert set(config["env"]) == {"LAYERS_API_KEY", "LAYERS_BASE_URL"}
    # The user's own values in place of the README's placeholders; the command found on PATH,
    # where installing the package put it.
    env = {**config["env"], "LAYERS_API_KEY": api.keys["admin"], "LAYERS_BASE_URL": api.base_url}
    monkeypatch.setenv("PATH", f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    server = StdioServerParameters(command=config["command"], args=config.get("args", []), env=env)
    async with Client(server) as mcp:
        assert len((await mcp.list_tools()).tools) == len(TOOLS)
        whoami = result_of(await mcp.call_tool("whoami", {}))
        assert whoami["organizationName"] == "MCP Agency"
        created = result_of(
            await mcp.call_tool("projects_create", {"name": "Over Stdio", "timezone": "UTC"})
        )
        fetched = result_of(await mcp.call_tool("projects_get", {"projectId": created["id"]}))
        assert fetched["name"] == "Over Stdio"


@pytest.fixture
def http_server(api: LayersAPI) -> Iterator[str]:
    """``layers-mcp --transport http`` on a free port, with the read-only key."""
    port = free_port()
    env = {**os.environ, "LAYERS_API_KEY": api.keys["reader"], "LAYERS_BASE_URL": api.base_url}
    process = subprocess.Popen(
        [str(BIN / "layers-mcp"), "--transport", "http", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/mcp"
        wait_for_http(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


async def test_streamable_http(http_server: str):
    async with Client(http_server) as mcp:
        assert len((await mcp.list_tools()).tools) == len(TOOLS)
        whoami = result_of(await mcp.call_tool("whoami", {}))
        assert whoami["scopes"] == ["projects:read"]
        refused = error_of(
            await mcp.call_tool("projects_create", {"name": "Over HTTP", "timezone": "UTC"})
        )
        assert refused["error"]["code"] == "FORBIDDEN_SCOPE"
        templates = (await mcp.list_resource_templates()).resource_templates
        assert len(templates) == 3


def test_without_a_key_it_says_so_and_stops():
    env = {name: value for name, value in os.environ.items() if name != "LAYERS_API_KEY"}
    done = subprocess.run(
        [str(BIN / "layers-mcp")], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: set LAYERS_API_KEY")
    assert "Traceback" not in done.stderr
