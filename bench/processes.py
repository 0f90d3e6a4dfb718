"""Server processes the harness starts: the real server and the baseline app.

Each runs in its own session (process group) so that stopping it also stops the uvicorn workers
it forked; every started group is also remembered module-wide and killed at interpreter exit, so
an exception or Ctrl-C anywhere never leaves a server holding a port.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LAYERS_SERVER = str(BIN / "layers-server")

_live_groups: set[int] = set()


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _kill_group(pgid: int, grace: float = 5.0) -> None:
    """SIGTERM the group, then SIGKILL whatever is still there after ``grace`` seconds."""
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        _live_groups.discard(pgid)
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _live_groups.discard(pgid)


@atexit.register
def _kill_leftovers() -> None:
    for pgid in list(_live_groups):
        _kill_group(pgid, grace=1.0)


def layers_cli(args: Sequence[str], env: dict[str, str]) -> str:
    """Run ``layers-server ARGS`` to completion; its stdout, or a clear error."""
    completed = subprocess.run(
        [LAYERS_SERVER, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        raise ServerError(
            f"`layers-server {' '.join(args)}` failed ({completed.returncode}):\n"
            f"{completed.stderr.strip() or completed.stdout.strip()}"
        )
    return completed.stdout


def layers_cli_json(args: Sequence[str], env: dict[str, str]) -> dict:
    lines = [line for line in layers_cli(args, env).splitlines() if line.startswith("{")]
    if not lines:
        raise ServerError(f"`layers-server {' '.join(args)}` printed no JSON")
    return json.loads(lines[-1])


@dataclass
class MemoryPeak:
    pid: int
    role: str
    peak_rss_bytes: int = 0

    def to_json(self) -> dict:
        return {
            "pid": self.pid,
            "role": self.role,
            "peakRssMb": round(self.peak_rss_bytes / 2**20, 1),
        }


@dataclass
class MemorySampler:
    """Samples the RSS of a process and all its children in a background thread."""

    root_pid: int
    interval: float = 0.25
    peaks: dict[int, MemoryPeak] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._thread.start()

    def stop(self) -> list[MemoryPeak]:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        return sorted(self.peaks.values(), key=lambda peak: peak.pid)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        try:
            root = psutil.Process(self.root_pid)
            family = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for process in family:
            try:
                rss = process.memory_info().rss
                role = self._role(process, root)
            except psutil.Error:
                continue
            peak = self.peaks.setdefault(process.pid, MemoryPeak(process.pid, role))
            peak.peak_rss_bytes = max(peak.peak_rss_bytes, rss)

    @staticmethod
    def _role(process: psutil.Process, root: psutil.Process) -> str:
        if process.pid == root.pid:
            return "main"
        command = " ".join(process.cmdline())
        if "resource_tracker" in command:
            return "multiprocessing resource tracker"
        return "worker"


class ServerProcess:
    """A uvicorn-based server on a free port, healthy on entry, gone on exit.

    ``command`` gets ``{port}`` substituted. Output goes to a temporary log whose tail is shown
    when the server fails, and which is deleted afterwards.
    """

    def __init__(self, name: str, command: Sequence[str], env: dict[str, str]) -> None:
        self.name = name
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.command = [part.format(port=self.port) for part in command]
        self.env = {**os.environ, **env}
        self.process: subprocess.Popen | None = None
        self.memory: MemorySampler | None = None
        self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stop()
            prefix=f"bench-{name}-", suffix=".log", delete=False
        )

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self, timeout: float = 60.0) -> None:
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _live_groups.add(self.process.pid)
        self.memory = MemorySampler(self.process.pid)
        self.memory.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"{self.name} exited with {self.process.returncode} before it was healthy:\n"
                    f"{self.log_tail()}"
                )
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise ServerError(f"{self.name} was not healthy after {timeout:.0f} s:\n{self.log_tail()}")

    def assert_alive(self) -> None:
        if self.process is None or self.process.poll() is not None:
            code = None if self.process is None else self.process.returncode
            raise ServerError(f"{self.name} died (exit {code}):\n{self.log_tail()}")

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the server and its live children."""
        if self.process is None:
            return 0.0
        try:
            root = psutil.Process(self.process.pid)
            family = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0.0
        total = 0.0
        for process in family:
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
        return total

    def log_size(self) -> int:
        self._log.flush()
        return Path(self._log.name).stat().st_size

    def failures_since(self, offset: int) -> str:
        """What the server logged about failed requests since ``offset``: the statuses ≥ 400
        of its JSON access log, and its first error lines — to tell a bug from a disturbance
        (a database restarted under the benchmark)."""
        self._log.flush()
        with open(self._log.name, "rb") as log:
            log.seek(offset)
            lines = log.read().decode(errors="replace").splitlines()
        statuses: Counter[int] = Counter()
        errors: list[str] = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if not isinstance(entry, dict):
                continue
            status = entry.get("status")
            if isinstance(status, int) and status >= 400:
                statuses[status] += 1
            if entry.get("level") in {"error", "critical"} and len(errors) < 2:
                errors.append(
                    f"{entry.get('logger')}: {entry.get('event')} {entry.get('exc', '')}"[:300]
                )
        parts = [", ".join(f"{count}× {status}" for status, count in statuses.most_common())]
        parts += errors
        return "; ".join(part for part in parts if part) or "nothing in the server log"

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        text = Path(self._log.name).read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:]) or "(no output)"

    def stop(self) -> list[MemoryPeak]:
        peaks = self.memory.stop() if self.memory else []
        if self.process is not None:
            _kill_group(self.process.pid)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._log.close()
        Path(self._log.name).unlink(missing_ok=True)
        return peaks
