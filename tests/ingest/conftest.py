"""Local HTTP servers for the ingestion tests: real sockets on 127.0.0.1, random ports.

A test registers routes (path → handler) on a ``LocalServer``; every request is logged in
``server.hits`` so tests can prove what was (and was not) fetched.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from layers_server.kit.fetch import FetchPolicy

FIXTURES = Path(__file__).parent / "fixtures"


class Request(BaseHTTPRequestHandler):
    """One request, plus helpers for writing the kinds of responses the tests need."""

    protocol_version = "HTTP/1.0"  # close-delimited bodies: lets a test omit Content-Length
    server: _Server

    @property
    def route_path(self) -> str:
        return urlsplit(self.path).path

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        app = self.server.app
        app.hits.append(self.path)
        app.request_headers.append(dict(self.headers))
        handler = app.routes.get(self.route_path)
        try:
            if handler is None:
                self.reply(404, b"<h1>Not found</h1>", "text/html")
            else:
                handler(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on purpose (size cap, timeout)

    def do_POST(self) -> None:  # noqa: N802
        # Read the body so the client never sees a reset; handlers may look at it.
        self.body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.do_GET()

    def reply(
        self,
        status: int,
        body: bytes | str = b"",
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        *,
        content_length: bool = True,
    ) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if content_length:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, location: str, status: int = 302) -> None:
        self.reply(status, b"", None, {"Location": location})

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # slow handlers must not hold up teardown
    app: LocalServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # aborted connections are what several tests are about


Handler = Callable[[Request], None]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: list[str] = []
        self.request_headers: list[dict[str, str]] = []
        self._httpd = _Server(("127.0.0.1", 0), Request)
        self._httpd.app = self
        # A short poll interval keeps shutdown (and so each test's teardown) quick.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8"):
        self.route(path, lambda req: req.reply(200, body, content_type))

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def local_policy() -> FetchPolicy:
    """The operator setting tests use to reach 127.0.0.1 (guard tests build their own)."""
    return FetchPolicy(allow_private=True, timeout=3.0)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A fresh, empty server for one test."""
    srv = LocalServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def other_server() -> Iterator[LocalServer]:
    """A second origin: the "other site" links must never reach."""
    srv = LocalServer().start()
    srv.page("/partner", "<html><head><title>Partner</title></head><body>Other site</body></html>")
    srv.page("/elsewhere", "<html><body>Elsewhere</body></html>")
    yield srv
    srv.stop()


@pytest.fixture
def site(other_server: LocalServer) -> Iterator[LocalServer]:
    """The multi-page "Stride" marketing site from fixtures/site."""
    srv = LocalServer()

    def html(name: str) -> Handler:
        text = (FIXTURES / "site" / name).read_text()
        text = text.replace("{{OTHER_ORIGIN}}", other_server.origin)
        text = text.replace("{{OTHER_LOCALHOST}}", f"http://localhost:{other_server.port}")
        return lambda req: req.reply(200, text)

    for path, name in {
        "/": "index.html",
        "/index.html": "index.html",
        "/features": "features.html",
        "/pricing/": "pricing.html",
        "/about": "about.html",
        "/blog/": "blog.html",
        "/blog/first-5k": "blog-first-5k.html",
        "/privacy": "privacy.html",
    }.items():
        srv.route(path, html(name))
    srv.route("/team", lambda req: req.redirect("/about", 301))
    srv.route("/api/status", lambda req: req.reply(200, '{"ok": true}', "application/json"))
    srv.route("/press/kit.pdf", lambda req: req.reply(200, b"%PDF-1.7", "application/pdf"))
    srv.start()
    yield srv
    srv.stop()
