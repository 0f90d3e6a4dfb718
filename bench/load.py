"""Driving load from a separate process: wrk with the Lua scripts in bench/lua, or the Python
fallback in bench/pyload.py when wrk is not installed. Both print one ``BENCH_RESULT {…}`` line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

LUA_DIR = Path(__file__).parent / "lua"
RESULT_PREFIX = "BENCH_RESULT "


class LoadError(RuntimeError):
    pass


@dataclass(frozen=True)
class Scenario:
    """What one load run sends. ``kind`` picks the Lua script: create, replay or paths."""

    kind: str
    path: str = "/v1/projects"
    paths_file: Path | None = None
    replay_body: str | None = None
    replay_key: str | None = None

    def environment(self, api_key: str) -> dict[str, str]:
        env = {
            "BENCH_LUA_DIR": str(LUA_DIR),
            "BENCH_API_KEY": api_key,
            "BENCH_PATH": self.path,
            # A fresh id per run keeps created customerExternalIds and keys unique across runs.
            "BENCH_RUN_ID": uuid.uuid4().hex[:12],
        }
        if self.paths_file is not None:
            env["BENCH_PATHS_FILE"] = str(self.paths_file)
        if self.replay_body is not None and self.replay_key is not None:
            env["BENCH_BODY"] = self.replay_body
            env["BENCH_IDEMPOTENCY_KEY"] = self.replay_key
        return env


@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: dict[str, int]
    latency_us: dict[str, float]
    extra: dict = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def to_json(self) -> dict:
        return {
            "rps": round(self.rps, 1),
            "p50Ms": round(self.latency_us["p50"] / 1000, 2),
            "p90Ms": round(self.latency_us["p90"] / 1000, 2),
            "p99Ms": round(self.latency_us["p99"] / 1000, 2),
            "p999Ms": round(self.latency_us["p999"] / 1000, 2),
            "maxMs": round(self.latency_us["max"] / 1000, 2),
            "requests": self.requests,
            "seconds": round(self.seconds, 2),
            "errors": self.errors,
        }


class LoadGenerator:
    """Runs one scenario against a base URL for a duration, from its own process."""

    def __init__(self, *, connections: int, threads: int, prefer_wrk: bool = True) -> None:
        self.connections = connections
        self.threads = threads
        self.wrk = shutil.which("wrk") if prefer_wrk else None
        self.why_not_wrk = "" if self.wrk else ("wrk not found" if prefer_wrk else "--python-load")

    @property
    def description(self) -> str:
        if self.wrk:
            version = subprocess.run(
                [self.wrk, "--version"], capture_output=True, text=True, check=False
            ).stdout.splitlines()
            name = version[0].split(" Copyright")[0] if version else "wrk"
            return f"{name} ({self.threads} threads, {self.connections} connections)"
        return (
            f"python asyncio+httpx FALLBACK ({self.connections} connections; {self.why_not_wrk}): "
            "figures are lower bounds, the client competes with the server for CPU"
        )

    def run(self, base_url: str, scenario: Scenario, api_key: str, seconds: float) -> LoadResult:
        env = {**os.environ, **scenario.environment(api_key)}
        if self.wrk:
            command = [
                self.wrk,
                f"-t{self.threads}",
                f"-c{self.connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                str(LUA_DIR / f"{scenario.kind}.lua"),
                base_url,
            ]
        else:
            command = [
                sys.executable,
                "-m",
                "bench.pyload",
                scenario.kind,
                base_url,
                f"--connections={self.connections}",
                f"--duration={seconds}",
            ]
        completed = subprocess.run(
            command,
            env=env,
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
            cwd=Path(__file__).parent.parent,
        )
        for line in completed.stdout.splitlines():
            if line.startswith(RESULT_PREFIX):
                data = json.loads(line[len(RESULT_PREFIX) :])
                return LoadResult(
                    requests=data["requests"],
                    seconds=data["duration_us"] / 1e6,
                    errors=data["errors"],
                    latency_us=data["latency_us"],
                )
        raise LoadError(
            f"the load generator printed no result (exit {completed.returncode}):\n"
            f"{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}"
        )
