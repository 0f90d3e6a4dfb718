"""Restarting the real PostgreSQL and Redis of the test host, and always putting them back.

Both are shared by the whole suite (and by anyone else on this host), so every helper here
leaves the service running whatever happens, and says so loudly if it cannot.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_CONF = Path("/etc/postgresql")
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip


def _pg_cluster() -> list[str]:
    versions = sorted(p.name for p in PG_CONF.iterdir()) if PG_CONF.is_dir() else []
    if len(versions) != 1 or os.geteuid() != 0:
        pytest.skip("restarting PostgreSQL needs root and one local cluster (pg_ctlcluster)")
    return ["pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main"]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def wait_for_port(port: int, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(port):
            return True
        time.sleep(0.1)
    return False


def restart_postgresql() -> float:
    """Restart the cluster (fast shutdown: every connection is cut); returns its duration."""
    command = _pg_cluster()
    started = time.monotonic()
    try:
        subprocess.run([*command, "restart"], check=True, capture_output=True, timeout=60)
    finally:
        ensure_postgresql_running()
    return time.monotonic() - started


def ensure_postgresql_running() -> None:
    if wait_for_port(5432, timeout=2):
        return
    subprocess.run([*_pg_cluster(), "start"], capture_output=True, timeout=60)
    if not wait_for_port(5432):
        raise RuntimeError("PostgreSQL did not come back: start it with pg_ctlcluster")


@contextmanager
def redis_stopped() -> Iterator[None]:
    """Stop the local Redis for the block (if it runs and redis-server is here); restart it."""
    if not port_open(6379):
        pytest.skip("no Redis on 127.0.0.1:6379 to stop")
    if subprocess.run(["which", "redis-server"], capture_output=True).returncode != 0:
        pytest.skip("redis-server is not installed here; cannot restart Redis safely")
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True)
    try:
        deadline = time.monotonic() + 10
        while port_open(6379) and time.monotonic() < deadline:
            time.sleep(0.05)
        yield
    finally:
        if not port_open(6379):
            subprocess.run(REDIS_START, capture_output=True, timeout=30)
        if not wait_for_port(6379, timeout=15):
            raise RuntimeError("Redis did not come back: start it with " + " ".join(REDIS_START))
