"""Where a request spends its CPU: the real server sampled while wrk sends one scenario
(create by default; replay, get, job poll).

Two samplers, one analysis:

* ``py-spy`` (default): samples ``layers-server serve`` from outside, at no cost to the server,
  and skips samples where the thread is idle (waiting in epoll for the database or a client).
* ``pyinstrument``: runs the server as ``python -m bench.profiled_server`` with the profiler on
  the thread's CPU clock, switched on and off by signals around the measured load. It slows the
  server down several times (a timer read per Python call), which inflates small, frequent calls;
  use it when py-spy cannot attach (no ptrace).

Both give collapsed stacks (``frame;frame;frame weight``, the flame-graph input format, saved
beside the summary), from which this module computes self time per function and per package,
and the inclusive time of each layers_server function.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .databases import BenchDatabase
from .load import LoadGenerator, Scenario
from .processes import LAYERS_SERVER, ServerProcess

PROFILERS = ("py-spy", "pyinstrument")
_FRAME = re.compile(r"^(?P<function>.*) \((?P<where>[^()]*)\)$")
_PREFIXES = (
    re.compile(r".*/site-packages/"),
    re.compile(r".*/src/"),
    re.compile(r".*/python3\.\d+/"),
)

Stacks = Counter[tuple[str, ...]]


@dataclass
class ProfileReport:
    profiler: str
    samples: float  # sample count (py-spy) or CPU seconds (pyinstrument)
    requests: int
    seconds: float
    by_package: list[tuple[str, float]]
    by_function: list[tuple[str, float]]
    inclusive: list[tuple[str, float]]
    detached_percent: float  # samples whose stack does not reach the server's entry point
    stacks_path: Path

    def to_json(self) -> dict:
        def rows(pairs: list[tuple[str, float]]) -> list[dict]:
            return [{"name": name, "percent": round(share, 1)} for name, share in pairs]

        return {
            "profiler": self.profiler,
            "requests": self.requests,
            "requestsPerSecondWhileSampled": round(self.requests / self.seconds, 1),
            "selfByPackage": rows(self.by_package),
            "selfByFunction": rows(self.by_function),
            "inclusiveLayersServer": rows(self.inclusive),
            "detachedPercent": round(self.detached_percent, 1),
            "collapsedStacks": str(self.stacks_path),
        }

    def render(self) -> str:
        lines = [
            f"{self.requests:,} requests in {self.seconds:.0f} s while sampled with "
            f"{self.profiler} ({self.requests / self.seconds:,.0f} req/s); shares are of on-CPU "
            "samples of the event-loop thread",
            "",
            "Self time by package",
        ]
        lines += [f"  {share:5.1f}%  {name}" for name, share in self.by_package[:15]]
        lines += ["", "Hottest functions (self time)"]
        lines += [f"  {share:5.1f}%  {name}" for name, share in self.by_function[:25]]
        lines += ["", "layers_server functions, inclusive (time on the stack, callees included)"]
        lines += [f"  {share:5.1f}%  {name}" for name, share in self.inclusive[:20]]
        if self.detached_percent >= 0.5:
            lines.append(
                f"  ({self.detached_percent:.1f}% of samples ran in SQLAlchemy's greenlets — its "
                "sync core executing, connecting, committing — whose stacks lack the caller)"
            )
        lines += ["", f"collapsed stacks (flamegraph.pl / speedscope input): {self.stacks_path}"]
        return "\n".join(lines)


def profile_scenario(
    database: BenchDatabase,
    load: LoadGenerator,
    scenario: Scenario,
    *,
    seconds: float,
    warmup: float,
    output_stem: Path,
    profiler: str = "py-spy",
) -> ProfileReport:
    if profiler == "py-spy":
        stacks, requests = _sample_with_py_spy(database, load, scenario, seconds, warmup)
    else:
        stacks, requests = _sample_with_pyinstrument(
            database, load, scenario, seconds, warmup, output_stem
        )
    if not stacks:
        raise RuntimeError(f"{profiler} recorded no samples")
    stacks_path = output_stem.with_suffix(".stacks.txt")
    stacks_path.write_text(
        "".join(f"{';'.join(stack)} {weight:g}\n" for stack, weight in stacks.most_common())
    )
    total = sum(stacks.values())
    self_by_function: Counter[str] = Counter()
    self_by_package: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    roots: Counter[str] = Counter()
    for stack, weight in stacks.items():
        roots[stack[0]] += weight
    entry = roots.most_common(1)[0][0]  # the server's entry point
    detached = 0.0
    for stack, weight in stacks.items():
        if stack[0] != entry:
            detached += weight
        self_by_function[stack[-1]] += weight
        self_by_package[_package(stack[-1])] += weight
        for frame in set(stack):
            if "layers_server/" in frame:
                inclusive[frame] += weight

    def shares(counter: Counter[str]) -> list[tuple[str, float]]:
        return [(name, 100 * weight / total) for name, weight in counter.most_common(40)]

    return ProfileReport(
        profiler=profiler,
        samples=total,
        requests=requests,
        seconds=seconds,
        by_package=shares(self_by_package),
        by_function=shares(self_by_function),
        inclusive=shares(inclusive),
        detached_percent=100 * detached / total,
        stacks_path=stacks_path,
    )


def _sample_with_py_spy(
    database: BenchDatabase, load: LoadGenerator, scenario: Scenario, seconds: float, warmup: float
) -> tuple[Stacks, int]:
    py_spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if py_spy is None:
        raise RuntimeError("py-spy is not installed (bench/requirements.txt pins it)")
    command = [LAYERS_SERVER, "serve", "--host", "127.0.0.1", "--port", "{port}"]
    with ServerProcess("layers-server", command, database.server_env) as server:
        assert server.process is not None
        if warmup > 0:
            load.run(server.base_url, scenario, database.api_key, max(warmup, 1))
        output = Path(tempfile.mkdtemp(prefix="layers-bench-py-spy-")) / "stacks.txt"
        sampler = subprocess.Popen(
            [
                py_spy, "record", "--pid", str(server.process.pid),
                "--duration", str(max(1, round(seconds))), "--rate", "250", "--function",
                "--format", "raw", "--output", str(output),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        try:
            result = load.run(server.base_url, scenario, database.api_key, seconds)
            _, errors = sampler.communicate(timeout=seconds + 60)
        finally:
            if sampler.poll() is None:
                sampler.kill()
        if sampler.returncode != 0 or not output.exists():
            raise RuntimeError(
                f"py-spy failed ({sampler.returncode}); it needs ptrace rights "
                f"(root or CAP_SYS_PTRACE); try --profiler pyinstrument:\n{errors[-1500:]}"
            )
        stacks: Stacks = Counter()
        for line in output.read_text().splitlines():
            stack, _, weight = line.rpartition(" ")
            if stack:
                stacks[tuple(stack.split(";"))] += int(weight)
        shutil.rmtree(output.parent, ignore_errors=True)
    return stacks, result.requests


def _sample_with_pyinstrument(
    database: BenchDatabase,
    load: LoadGenerator,
    scenario: Scenario,
    seconds: float,
    warmup: float,
    stem: Path,
) -> tuple[Stacks, int]:
    from pyinstrument.session import Session

    session_path = stem.with_suffix(".pyisession")
    command = [
        sys.executable, "-m", "bench.profiled_server", "--host", "127.0.0.1", "--port", "{port}",
    ]  # fmt: skip
    env = {**database.server_env, "BENCH_PROFILE_SESSION": str(session_path)}
    with ServerProcess("profiled layers-server", command, env) as server:
        assert server.process is not None
        if warmup > 0:
            load.run(server.base_url, scenario, database.api_key, max(warmup, 1))
        server.process.send_signal(signal.SIGUSR1)
        result = load.run(server.base_url, scenario, database.api_key, seconds)
        server.process.send_signal(signal.SIGUSR2)
        deadline = time.monotonic() + 60
        while not session_path.exists() and time.monotonic() < deadline:
            server.assert_alive()
            time.sleep(0.2)
        time.sleep(1.0)  # the save may still be writing
    session = Session.load(session_path)
    session_path.unlink()  # tens of MB; the collapsed stacks keep what the analysis needs
    stacks: Stacks = Counter()
    for identifiers, seconds_spent in session.frame_records:
        frames = tuple(_pyinstrument_frame(identifier) for identifier in identifiers)
        stacks[frames] += seconds_spent
    return stacks, result.requests


def _pyinstrument_frame(identifier: str) -> str:
    """``function\\x00/abs/path.py\\x00line`` → ``function (short/path.py:line)``, as py-spy."""
    function, _, rest = identifier.partition("\x00")
    path, _, line = rest.partition("\x00")
    for prefix in _PREFIXES:
        path = prefix.sub("", path, count=1)
    line = line.split("\x01")[0]
    return f"{function} ({path}:{line})" if line else f"{function} ({path})"


def _package(frame: str) -> str:
    """Who owns a frame: ``layers_server.kit.auth``, ``sqlalchemy``, ``asyncio`` …"""
    match = _FRAME.match(frame)
    where = match.group("where") if match else frame
    path = where.rsplit(":", 1)[0]
    if path.startswith("<"):
        return path
    parts = path.removesuffix(".py").split("/")
    if parts[0] == "layers_server":
        return ".".join(parts[:3] if len(parts) > 2 else parts)
    if parts[0] == "sqlalchemy" and len(parts) > 2:
        # sql = building statements and cache keys; engine/pool/dialects = executing them
        return f"sqlalchemy.{parts[1]}"
    return parts[0]
