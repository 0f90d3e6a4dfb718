"""A real webhook receiver on loopback that a test scripts: what each request is answered with
(a status, headers such as Retry-After, a delay, a dropped connection), and what arrived."""

from __future__ import annotations

import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a sender that hangs up (a killed worker, a timeout) is part of the tests


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (past the sender's timeout: a timeout)
    drop: bool = False  # close the connection without answering (a reset)


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]  # names lower-cased
    body: bytes
    at: float  # time.monotonic() on arrival

    @property
    def event_id(self) -> str:
        return self.headers["x-layers-event-id"]


class Receiver:
    """Answers each path's requests with its scripted replies in turn, then with ``default``
    (or with what ``policy`` says, given the request and its number among all requests)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.replies: list[Reply] = []  # what each of `received` was answered with
        self.default = Reply()
        self.policy: Callable[[Received, int], Reply] | None = None
        self._scripts: dict[str, deque[Reply]] = {}
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("content-length", "0"))
                request = Received(
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self.rfile.read(length),
                    at=time.monotonic(),
                )
                reply = receiver._reply_to(request)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *_args) -> None:
                pass

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str = "/hook", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def script(self, path: str, *replies: Reply) -> None:
        with self._lock:
            self._scripts.setdefault(path, deque()).extend(replies)

    def at(self, path: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.path == path]

    def _reply_to(self, request: Received) -> Reply:
        with self._lock:
            self.received.append(request)
            script = self._scripts.get(request.path)
            if script:
                reply = script.popleft()
            elif self.policy is not None:
                reply = self.policy(request, len(self.received))
            else:
                reply = self.default
            self.replies.append(reply)
            return reply

    def answered(self) -> list[tuple[Received, Reply]]:
        with self._lock:
            return list(zip(self.received, self.replies, strict=True))
