"""A real Layers server, keys minted by its operator CLI, a local website, and MCP sessions.

The server is ``layers-server serve`` on a free port with a fresh SQLite database, allowed to
fetch loopback addresses so that ingestion can read the local site. Keys are live keys: test
keys run ingestion in a sandbox that never fetches.
"""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from layers import AsyncLayers
from mcp import Client
from mcp_types import CallToolResult

from layers_mcp import build_server

BIN = Path(sys.executable).parent
SITE = Path(__file__).parent / "site"
SLOW_PAGE_SECONDS = 2.0

# The keys the tests use, by name: their scopes.
KEYS = {
    "admin": "*",
    "reader": "projects:read",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class LayersAPI:
    base_url: str
    keys: dict[str, str]


def operator(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """Start ``layers-server ARGS --json`` as an operator would; ``answer`` reads its JSON."""
    return subprocess.Popen(
        [str(BIN / "layers-server"), *args, "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def answer(command: subprocess.Popen[str]) -> Any:
    stdout, stderr = command.communicate(timeout=120)
    assert command.returncode == 0, stderr
    return json.loads(stdout)


@contextmanager
def layers_api(workdir: Path) -> Iterator[LayersAPI]:
    env = {
        **os.environ,
        "LAYERS_DATABASE_URL": f"sqlite:///{workdir / 'layers.db'}",
        "LAYERS_FETCH_ALLOW_PRIVATE": "true",
    }
    subprocess.run([str(BIN / "layers-server"), "migrate"], env=env, check=True, timeout=120)
    org = answer(operator(env, "orgs", "create", "--name", "MCP Agency"))
    # The keys are minted while the server starts: each command is a Python process that
    # takes seconds to start on a busy machine.
    minting = {
        name: operator(
            env, "keys", "create", "--org", org["id"], "--name", name, "--scopes", scopes,
            "--tier", "pilot", "--env", "live", "--owner-email", "ops@agency.test",
        )
        for name, scopes in KEYS.items()
    }  # fmt: skip
    port = free_port()
    log = (workdir / "server.log").open("wb")
    process = subprocess.Popen(
        [str(BIN / "layers-server"), "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        keys = {name: answer(command)["key"] for name, command in minting.items()}
        wait_for_http(f"{base_url}/healthz", process)
        yield LayersAPI(base_url, keys)
    finally:
        process.kill()
        process.wait(timeout=10)
        log.close()


def wait_for_http(url: str, process: subprocess.Popen[Any], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{process.args} exited with {process.returncode}"
        try:
            httpx.get(url, timeout=0.5)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer")


class _SiteHandler(SimpleHTTPRequestHandler):
    """The files of ``tests/site``; ``/slow/`` serves the same page after a pause."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.startswith("/slow/"):
            time.sleep(SLOW_PAGE_SECONDS)
            self.path = self.path.removeprefix("/slow")
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def website() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_SiteHandler, directory=str(SITE)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Delivery:
    """One POST a webhook receiver got: header names lower-cased, the raw body."""

    headers: dict[str, str]
    body: bytes


class _ReceiverHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    arrived: queue.Queue[Delivery]

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        self.arrived.put(Delivery({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def webhook_receiver() -> Iterator[tuple[str, queue.Queue[Delivery]]]:
    """A loopback webhook endpoint answering 204: its URL, and the queue of what arrived."""
    arrived: queue.Queue[Delivery] = queue.Queue()
    handler = type("Handler", (_ReceiverHandler,), {"arrived": arrived})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/layers", arrived
    finally:
        server.shutdown()
        server.server_close()


@asynccontextmanager
async def mcp_session(
    api: LayersAPI, key: str = "admin", **client_options: Any
) -> AsyncIterator[Client]:
    """An MCP client connected to an in-process ``layers_mcp`` server using ``key``."""
    layers = AsyncLayers(api_key=api.keys[key], base_url=api.base_url, **client_options)
    async with layers, Client(build_server(layers)) as client:
        yield client


def result_of(call: CallToolResult) -> dict[str, Any]:
    """A successful call's structured result."""
    assert not call.is_error, call.content
    assert call.structured_content is not None
    assert json.loads(call.content[0].text) == call.structured_content  # type: ignore[union-attr]
    return call.structured_content


def error_of(call: CallToolResult) -> dict[str, Any]:
    """A failed call's error envelope, from its text content."""
    assert call.is_error, call.structured_content
    assert call.structured_content is None
    body: dict[str, Any] = json.loads(call.content[0].text)  # type: ignore[union-attr]
    return body
