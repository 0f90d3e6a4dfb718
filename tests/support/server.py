"""Real server processes for tests where processes matter (crashes, several servers, signals).

A process's stderr (its log) goes to a temporary file, not to a pipe: nobody reads a pipe while
the test runs, and a server writing one JSON line per request would block once the pipe's
64 KiB buffer filled up.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Process:
    """A `layers-server` process and its log."""

    process: subprocess.Popen
    log_path: Path
    base_url: str | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_records(self) -> list[dict]:
        """The JSON log lines written so far (other output, e.g. a traceback, is skipped)."""
        records = []
        for line in self.log_text().splitlines():
            if line.startswith("{"):
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
        return records


def wait_until_healthy(base_url: str, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with {process.returncode}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=0.5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{base_url} did not become healthy")


def server_env(database_url: str, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    return {
        **os.environ,
        "LAYERS_DATABASE_URL": database_url,
        "LAYERS_LOG_FORMAT": "json",
        "LAYERS_IN_PROCESS_WORKER": "false",
        **(extra_env or {}),
    }


@contextmanager
def layers_process(args: list[str], env: dict[str, str]) -> Iterator[Process]:
    """Start ``layers-server ARGS``; always killed and reaped on exit."""
    with tempfile.NamedTemporaryFile(
        "wb", prefix="layers-server-", suffix=".log", delete=False
    ) as log_file:
        process = subprocess.Popen(
            [str(BIN / "layers-server"), *args],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    handle = Process(process, Path(log_file.name))
    try:
        yield handle
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        handle.log_path.unlink(missing_ok=True)


@contextmanager
def serving(
    database_url: str,
    *,
    extra_env: dict[str, str] | None = None,
    workers: int = 1,
    port: int | None = None,
) -> Iterator[Process]:
    """`layers-server serve` on a free port, healthy before this yields."""
    port = port or free_port()
    args = ["serve", "--port", str(port), "--workers", str(workers)]
    with layers_process(args, server_env(database_url, extra_env)) as server:
        server.base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(server.base_url, server.process)
        except (RuntimeError, TimeoutError) as error:
            raise RuntimeError(f"{error}; its log:\n{server.log_text()[-4000:]}") from None
        yield server


@contextmanager
def running_server(database_url: str, *, extra_env: dict[str, str] | None = None, workers: int = 1):
    """`layers-server serve` on a free port; yields (base_url, process); always reaped."""
    with serving(database_url, extra_env=extra_env, workers=workers) as server:
        yield server.base_url, server.process
