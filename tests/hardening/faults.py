"""Private PostgreSQL clusters and Redis servers for fault tests: started, broken, always removed.

The fault tests restart a database and kill a Redis underneath a running server. They do it to
servers of their own — a throwaway cluster (`initdb` in a temporary directory) and a
`redis-server` that keeps nothing on disk, each on a free port — and never to the machine's
shared services, so they can run beside anything else. Each helper is a context manager that
stops its server and deletes its directory whatever happens in the block.

PostgreSQL refuses to run as root, so as root every PostgreSQL command runs as the `postgres`
user (`runuser`), in a directory that user owns. A missing binary is a missing service: the test
is skipped with a notice, or fails under CI=true (`require_service`).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from redis import Redis
from redis.exceptions import RedisError

from tests.conftest import require_service
from tests.support.server import free_port

PG_INSTALLS = Path("/usr/lib/postgresql")  # Debian: one bin/ per installed major version
PG_USER = "postgres"
# A cluster that lives for one test: durability costs time and proves nothing here.
PG_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} within {timeout} s")
        time.sleep(0.05)


class PortTaken(RuntimeError):
    """The free port picked for a server was taken by someone else before it could bind."""


def failure(message: str) -> RuntimeError:
    return PortTaken(message) if "Address already in use" in message else RuntimeError(message)


def start_on_a_free_port(server: PrivatePostgres | PrivateRedis, attempts: int = 3) -> None:
    """`server.start()` on a port the kernel called free; another if it was taken meanwhile."""
    for attempt in range(attempts):
        server.port = free_port()
        try:
            return server.start()
        except PortTaken:
            if attempt == attempts - 1:
                raise


def _pg_bin() -> Path:
    """The newest installed PostgreSQL's bin directory (or the one whose initdb is on PATH)."""
    installs = sorted(
        (p.parent for p in PG_INSTALLS.glob("*/bin/initdb")),
        key=lambda bin_dir: int(bin_dir.parent.name) if bin_dir.parent.name.isdigit() else 0,
    )
    if installs:
        return installs[-1]
    on_path = shutil.which("initdb")
    if on_path is None:
        require_service("PostgreSQL binaries (initdb, pg_ctl)", f"none under {PG_INSTALLS}/*/bin")
    return Path(on_path).parent


@dataclass
class PrivatePostgres:
    """A cluster of our own: `url` reaches its `postgres` database as the trusted superuser."""

    bin: Path
    home: Path  # owned by the cluster's user; holds the data directory, socket and log
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/postgres"

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def log(self) -> Path:
        return self.home / "postgres.log"

    def _run(self, tool: str, *args: str, timeout: float = 60) -> None:
        as_user = ["runuser", "-u", PG_USER, "--"] if os.geteuid() == 0 else []
        done = subprocess.run(
            [*as_user, str(self.bin / tool), *args],
            cwd=self.home,  # the user may not be allowed into the caller's directory
            stdin=subprocess.DEVNULL,
            capture_output=True,  # so the postmaster must log to a file (--log), never to these
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise failure(f"{tool} {' '.join(args)} failed: {done.stderr}{self.log_tail()}")

    def log_tail(self) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"\nits log:\n{text[-2000:]}" if text else ""

    def init(self) -> None:
        self._run(
            "initdb", "--pgdata", str(self.data), "--username", PG_USER, "--auth", "trust",
            "--encoding", "UTF8", "--locale", "C", "--no-sync", "--no-instructions",
        )  # fmt: skip

    def start(self) -> None:
        options = {
            "port": str(self.port),
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": str(self.home),
            **PG_SETTINGS,
        }
        server_options = " ".join(f"-c {name}={value}" for name, value in options.items())
        self.log.unlink(missing_ok=True)  # a failed attempt's log would mislead the next one
        self._run("pg_ctl", "start", "--pgdata", str(self.data), "--log", str(self.log),
                  "--wait", "--options", server_options)  # fmt: skip

    def restart(self) -> float:
        """Fast shutdown (every connection is cut, new ones refused), then start; its seconds."""
        started = time.monotonic()
        self._run("pg_ctl", "restart", "--pgdata", str(self.data), "--log", str(self.log),
                  "--mode", "fast", "--wait")  # fmt: skip
        return time.monotonic() - started

    def stop(self) -> None:
        """Immediate shutdown if it runs (nothing of this cluster is worth keeping); a postmaster
        that pg_ctl cannot stop is killed, so no process outlives the test."""
        pid_file = self.data / "postmaster.pid"
        if not pid_file.exists():
            return
        try:
            self._run("pg_ctl", "stop", "--pgdata", str(self.data), "--mode", "immediate",
                      "--wait", timeout=30)  # fmt: skip
        except (RuntimeError, subprocess.TimeoutExpired):
            with suppress(FileNotFoundError, ProcessLookupError):
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)
            raise


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A fresh cluster on a free port, running for the block; stopped and deleted after it."""
    pg_bin = _pg_bin()
    home = Path(tempfile.mkdtemp(prefix="layers-pg-"))
    cluster = PrivatePostgres(pg_bin, home, port=0)
    try:
        if os.geteuid() == 0:
            user = pwd.getpwnam(PG_USER)
            os.chown(home, user.pw_uid, user.pw_gid)
        cluster.init()
        start_on_a_free_port(cluster)
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(home, ignore_errors=True)


@dataclass
class PrivateRedis:
    """A `redis-server` child process of our own, on `port`, with no persistence."""

    home: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def log(self) -> Path:
        return self.home / "redis.log"

    def start(self) -> None:
        """Start and wait until this very process answers (not whatever else holds the port)."""
        command = [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", str(self.home),
        ]  # fmt: skip
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        wait_for(self._answering, 15, f"redis-server did not answer on port {self.port}")

    def _answering(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            log = self.log.read_text(errors="replace")[-2000:]
            raise failure(f"redis-server exited with {self.process.returncode}: {log}")
        try:
            with Redis(host="127.0.0.1", port=self.port, socket_timeout=0.5) as client:
                return client.info("server")["process_id"] == self.process.pid
        except RedisError:
            return False

    def kill(self) -> None:
        """SIGKILL: Redis vanishes mid-conversation, as in a crash; reaped before returning (so
        its port is closed)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)

    @contextmanager
    def down(self) -> Iterator[None]:
        """Killed for the block, started again (empty, on the same port) after it."""
        self.kill()
        try:
            yield
        finally:
            self.start()


@contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    """A running `redis-server` on a free port for the block; killed and deleted after it."""
    if shutil.which("redis-server") is None:
        require_service("redis-server", "not installed, so no private Redis can be started")
    home = Path(tempfile.mkdtemp(prefix="layers-redis-"))
    server = PrivateRedis(home, port=0)
    try:
        start_on_a_free_port(server)
        yield server
    finally:
        server.kill()
        shutil.rmtree(home, ignore_errors=True)
