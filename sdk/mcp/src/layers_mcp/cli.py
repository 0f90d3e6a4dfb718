"""``layers-mcp``: serve the Layers tools to an MCP client over stdio or streamable HTTP.

The API key and base URL come from the environment (``LAYERS_API_KEY``, ``LAYERS_BASE_URL``),
as for the SDK, so they never appear on a command line.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

import layers
import uvicorn
from layers import AsyncLayers
from mcp.server.stdio import stdio_server

from ._version import __version__
from .server import build_server

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="layers-mcp",
        description=(
            "Serve the Layers Partner API to MCP clients. Reads LAYERS_API_KEY and, if set, "
            "LAYERS_BASE_URL (default https://api.layers.com)."
        ),
    )
    parser.add_argument(
        "--transport",
        choices=("stdio", "http"),
        default="stdio",
        help="stdio (default: the client starts this command) or streamable HTTP",
    )
    parser.add_argument("--host", default="127.0.0.1", help="HTTP: address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="HTTP: port to listen on")
    parser.add_argument("--path", default="/mcp", help="HTTP: the endpoint's path")
    parser.add_argument("--version", action="version", version=f"layers-mcp {__version__}")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    if not os.environ.get("LAYERS_API_KEY"):
        print(
            "error: set LAYERS_API_KEY to a Layers API key (lp_live_… or lp_test_…)",
            file=sys.stderr,
        )
        raise SystemExit(2)
    client = AsyncLayers(
        default_headers={
            "User-Agent": f"layers-mcp/{__version__} layers-python/{layers.__version__}"
        }
    )
    if args.transport == "http" and args.host not in LOOPBACK_HOSTS:
        print(
            f"warning: listening on {args.host}: whoever reaches it acts with this API key",
            file=sys.stderr,
        )
    try:
        asyncio.run(_serve(client, args))
    except KeyboardInterrupt:
        pass


async def _serve(client: AsyncLayers, args: argparse.Namespace) -> None:
    server = build_server(client)
    async with client:
        if args.transport == "stdio":
            async with stdio_server() as (read_stream, write_stream):
                await server.run(read_stream, write_stream, server.create_initialization_options())
            return
        app = server.streamable_http_app(streamable_http_path=args.path, host=args.host)
        config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning")
        await uvicorn.Server(config).serve()
