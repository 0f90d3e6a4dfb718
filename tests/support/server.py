"""Real server processes for tests where processes matter (crashes, several servers)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


@contextmanager
def running_server(database_url: str, *, extra_env: dict[str, str] | None = None, workers: int = 1):
    """`layers-server serve` on a free port; yields (base_url, process); always reaped."""
    port = free_port()
    env = {
        **os.environ,
        "LAYERS_DATABASE_URL": database_url,
        "LAYERS_LOG_FORMAT": "json",
        "LAYERS_IN_PROCESS_WORKER": "false",
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [str(BIN / "layers-server"), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, process)
        yield base_url, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()
