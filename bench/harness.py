"""The benchmark run: servers as separate processes, load from wrk, a baseline in the same run.

For each backend (SQLite; PostgreSQL + Redis when reachable):

1. two fresh databases, migrated, each with an organization and an ``internal``-tier key (no
   rate limit), bulk-seeded with 1,000 and 1,000,000 projects (100,000 with --quick) and one
   completed job per ten projects;
2. ``layers-server serve`` and the two baselines (bench/baseline_app.py: the raw driver, and
   the server's own engine) on each;
3. reads — the baselines' get, get, lookup, list page 1, deep page — each on the small table
   and right after on the large one; job polls (with and without If-None-Match) on the large
   one; the hooks bank on the small one;
4. writes on the large one: the baselines' create, create, idempotent replay;
5. on PostgreSQL + Redis, ``serve --workers 2``: create and get with the ``internal`` key, then
   with a ``standard`` key (its budgets raised out of reach, so the Redis limiter runs on every
   request and never refuses);
6. peak RSS of every server process all along.

Then the table, the targets, ``bench/results/<timestamp>.json`` and ``.png``.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psutil

from .databases import BenchDatabase, PostgresDatabase, SqliteDatabase
from .load import LoadError, LoadGenerator, LoadResult, Scenario
from .processes import LAYERS_SERVER, REPO, ServerError, ServerProcess
from .report import BACKEND_TITLES, BASELINES, Measurement, RunReport, ServerMemory

RESULTS_DIR = Path(__file__).parent / "results"
SMALL_SCALE = 1_000
LARGE_SCALE = 1_000_000
QUICK_LARGE_SCALE = 100_000
DEEP_OFFSET = 10_000
PAGE_LIMIT = 25
SAMPLED_PATHS = 1_000
CREATE_BODY = {"name": "Replayed project", "timezone": "UTC"}
# The standard tier with budgets no run reaches: the limiter's whole path (Redis, both buckets
# of a write) on every request, and no refusal.
UNREACHABLE = 1_000_000_000
STANDARD_OUT_OF_REACH = json.dumps(
    {"standard": {name: UNREACHABLE for name in (
        "read_per_min", "write_per_min", "long_running_per_min", "writes_per_day")}}
)  # fmt: skip


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def _cpu_shares(before, after, server_seconds: float, requests: int) -> dict[str, float]:
    """CPU use during a run, in % of one core: the server's own processes, and the whole
    machine (server, load generator, database, and whatever else is running); and the server's
    CPU time per request, which other load on the machine disturbs far less than req/s."""

    def totals(times) -> tuple[float, float]:
        fields = times._asdict()
        # guest time is already counted in user time on Linux
        all_time = sum(v for k, v in fields.items() if k not in {"guest", "guest_nice"})
        return all_time, fields["idle"] + fields.get("iowait", 0.0)

    (total_before, idle_before), (total_after, idle_after) = totals(before), totals(after)
    total, idle = total_after - total_before, idle_after - idle_before
    cores = psutil.cpu_count() or 1
    wall = total / cores
    return {
        "serverPercent": round(100 * server_seconds / wall, 0) if wall else 0.0,
        "machinePercent": round(100 * (total - idle) / wall, 0) if wall else 0.0,
        "serverMsPerRequest": round(1000 * server_seconds / requests, 3) if requests else 0.0,
    }


def _better(run: LoadResult, best: LoadResult) -> bool:
    return (run.error_count == 0, run.rps) > (best.error_count == 0, best.rps)


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 1
        ):
            return True
    except OSError:
        return False


@dataclass
class Stage:
    """One table size: its own database, with the server and the baselines running on it."""

    db: BenchDatabase
    server: ServerProcess
    baselines: dict[str, ServerProcess]  # "driver", "engine"

    @property
    def scale(self) -> int:
        return self.db.seeded


class BackendRun:
    """Everything measured on one backend; appends to the shared report as it goes.

    The two table sizes live in two databases, each with its own server and baseline, all
    running at once: every read scenario is measured on the small table and right after on the
    large one, so the comparison the flatness targets make is between neighbouring runs, not
    between runs minutes apart on a machine whose speed drifts.
    """

    def __init__(
        self, new_database: Callable[[], BenchDatabase], options: argparse.Namespace,
        load: LoadGenerator, report: RunReport, workdir: Path,
    ) -> None:  # fmt: skip
        self.new_database = new_database
        self.options = options
        self.load = load
        self.report = report
        self.workdir = workdir
        self.backend = ""
        self.title = ""
        self.paths: dict[tuple[str, int], Path] = {}
        self.deep_offsets: dict[int, int] = {}

    # -- the run -------------------------------------------------------------------------------

    def run(self) -> None:
        with ExitStack() as stack:
            small = self._stage(stack, self.options.small)
            large = self._stage(stack, self.options.large)
            hooks_project = small.db.insert_hooks_project()
            self._measure_reads(small, large, hooks_project)
            self._measure_writes(large)
            for stage in (small, large):
                for baseline in stage.baselines.values():
                    baseline.stop()
                peaks = stage.server.stop()
                self.report.memory.append(ServerMemory(self.backend, 1, stage.scale, peaks))
            if self.backend == "postgres" and self.options.redis_url:
                self._multi_worker_phase(large.db)

    def _stage(self, stack: ExitStack, scale: int) -> Stage:
        """A database seeded to ``scale`` projects, with a server and a baseline on it."""
        db = self.new_database()
        self.backend, self.title = db.backend, BACKEND_TITLES[db.backend]
        log(f"{self.title}: a database for {scale:,} projects: migrating, minting an internal key")
        db.create()
        stack.callback(db.drop)
        log(f"{self.title}: seeding {scale:,} projects")
        seconds = db.seed_to(scale, lambda line: log(f"  {line}"))
        self.report.notes.append(
            f"{self.title}: seeding {scale:,} projects took {seconds:.1f} s (bulk SQL)"
        )
        self._write_read_paths(db)
        server = stack.enter_context(
            ServerProcess(f"layers-server ({scale:,})", self._serve_command(1), db.server_env)
        )
        baselines = {
            flavour: stack.enter_context(
                ServerProcess(
                    f"baseline {flavour} ({scale:,})",
                    self._baseline_command(),
                    self._baseline_env(db, flavour),
                )
            )
            for flavour in BASELINES
        }
        urls = ", ".join(
            [f"server {server.base_url}"]
            + [f"{flavour} baseline {p.base_url}" for flavour, p in baselines.items()]
        )
        log(f"{self.title}: {scale:,} projects: {urls}")
        return Stage(db, server, baselines)

    def _multi_worker_phase(self, db: BenchDatabase) -> None:
        workers = 2
        standard_key = db.mint_key("standard")
        env = {**db.server_env, "LAYERS_RATE_LIMIT_TIERS": STANDARD_OUT_OF_REACH}
        name = f"layers-server --workers {workers}"
        server = ServerProcess(name, self._serve_command(workers), env)
        with server:
            log(f"{self.title}: serve --workers {workers} on {server.base_url}")
            scale = db.seeded
            for tier, key in (("internal", db.api_key), ("standard", standard_key)):
                self._measure(
                    db, server, "create", Scenario("create"), workers=workers, tier=tier, key=key
                )
                self._measure(
                    db, server, "get", self._paths_scenario("get", scale), workers=workers,
                    tier=tier, key=key,
                )  # fmt: skip
            self.report.memory.append(ServerMemory(self.backend, workers, scale, server.stop()))

    # -- commands --------------------------------------------------------------------------------

    @staticmethod
    def _serve_command(workers: int) -> list[str]:
        return [
            LAYERS_SERVER, "serve", "--host", "127.0.0.1", "--port", "{port}",
            "--workers", str(workers),
        ]  # fmt: skip

    @staticmethod
    def _baseline_command() -> list[str]:
        return [
            sys.executable, "-m", "uvicorn", "bench.baseline_app:create_app", "--factory",
            "--host", "127.0.0.1", "--port", "{port}", "--loop", "uvloop", "--http", "httptools",
            "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip

    @staticmethod
    def _baseline_env(db: BenchDatabase, flavour: str) -> dict[str, str]:
        return {
            **db.server_env,
            "BENCH_BASELINE": flavour,
            "BENCH_DATABASE_URL": db.url,
            "BENCH_ORGANIZATION_ID": db.organization_id,
        }

    # -- what the reads request ----------------------------------------------------------------

    def _write_read_paths(self, db: BenchDatabase) -> None:
        scale = db.seeded
        sample = db.sample_projects(SAMPLED_PATHS)
        self._write_paths(("get", scale), [f"/v1/projects/{pid}" for pid, _ in sample])
        self._write_paths(
            ("lookup", scale), [f"/v1/projects?customerExternalId={ext}" for _, ext in sample]
        )
        self._write_paths(("list page 1", scale), [f"/v1/projects?limit={PAGE_LIMIT}"])
        offset = min(DEEP_OFFSET, scale - PAGE_LIMIT - 1)
        cursor = db.cursor_at_offset(offset)
        self._write_paths(
            ("list deep page", scale), [f"/v1/projects?limit={PAGE_LIMIT}&cursor={cursor}"]
        )
        self.deep_offsets[scale] = offset
        polled = db.sample_jobs(SAMPLED_PATHS)
        self._write_paths(("job poll", scale), [f"/v1/jobs/{job_id}" for job_id, _ in polled])
        self._write_paths(
            ("job poll 304", scale), [f"/v1/jobs/{job_id}\t{etag}" for job_id, etag in polled]
        )

    def _write_paths(self, key: tuple[str, int], paths: list[str]) -> None:
        name = f"{self.backend}-{key[0].replace(' ', '-')}-{key[1]}.txt"
        path = self.workdir / name
        path.write_text("\n".join(paths) + "\n")
        self.paths[key] = path

    def _paths_scenario(self, name: str, scale: int) -> Scenario:
        return Scenario("paths", paths_file=self.paths[(name, scale)])

    # -- measurements --------------------------------------------------------------------------

    def _measure_reads(self, small: Stage, large: Stage, hooks_project: str) -> None:
        for name in ("get", "lookup", "list page 1", "list deep page"):
            for stage in (small, large):
                if name == "get":
                    scenario = self._paths_scenario("get", stage.scale)
                    for flavour, baseline in stage.baselines.items():
                        self._measure(stage.db, baseline, "get", scenario, target=flavour)
                detail = ""
                if name == "list deep page":
                    detail = f"cursor after {self.deep_offsets[stage.scale]:,} rows"
                scenario = self._paths_scenario(name, stage.scale)
                self._measure(stage.db, stage.server, name, scenario, detail=detail)
        # Polling jobs costs what a get does whatever the table size; measured on the large one.
        jobs = f"{large.db.jobs_seeded:,} jobs"
        for name, detail in (("job poll", jobs), ("job poll 304", f"{jobs}, If-None-Match")):
            scenario = self._paths_scenario(name, large.scale)
            self._measure(large.db, large.server, name, scenario, detail=detail)
        hooks = self.workdir / f"{self.backend}-hooks.txt"
        hooks.write_text(f"/v1/projects/{hooks_project}/content/hooks\n")
        self._measure(small.db, small.server, "hooks bank", Scenario("paths", paths_file=hooks))

    def _measure_writes(self, stage: Stage) -> None:
        for flavour, baseline in stage.baselines.items():
            self._measure(stage.db, baseline, "create", Scenario("create"), target=flavour)
        self._measure(stage.db, stage.server, "create", Scenario("create"))
        replay_key = f"bench-replay-{uuid.uuid4().hex}"
        body = json.dumps(CREATE_BODY, separators=(",", ":"))
        replay = Scenario("replay", replay_body=body, replay_key=replay_key)
        self._measure(stage.db, stage.server, "replay", replay)

    def _measure(
        self, db: BenchDatabase, process: ServerProcess, name: str, scenario: Scenario, *,
        target: str = "server", workers: int = 1, detail: str = "", tier: str = "internal",
        key: str | None = None,
    ) -> None:  # fmt: skip
        scale = db.seeded
        api_key = key or db.api_key
        measurement = Measurement(
            self.backend, target, name, scale, workers=workers, tier=tier, detail=detail
        )
        self.report.measurements.append(measurement)
        try:
            skipped = self._probe(api_key, process, scenario)
            if skipped:
                measurement.skipped = skipped
                log(f"{self.title}: {measurement.label} skipped: {skipped}")
                return
            if self.options.warmup > 0:
                self.load.run(process.base_url, scenario, api_key, self.options.warmup)
            # Other load on the machine only ever slows a run down: keep the best of --repeat,
            # and a run without errors over any run with errors.
            for _ in range(self.options.repeat):
                log_offset = process.log_size()
                machine_before, server_before = psutil.cpu_times(), process.cpu_seconds()
                result = self.load.run(process.base_url, scenario, api_key, self.options.duration)
                process.assert_alive()
                measurement.all_rps.append(round(result.rps, 1))
                if measurement.result is None or _better(result, measurement.result):
                    measurement.result = result
                    measurement.cpu = _cpu_shares(
                        machine_before, psutil.cpu_times(), process.cpu_seconds() - server_before,
                        result.requests,
                    )  # fmt: skip
                    measurement.failures = (
                        process.failures_since(log_offset) if result.error_count else ""
                    )
        except (ServerError, LoadError) as error:
            measurement.result = None
            measurement.skipped = f"failed: {str(error).splitlines()[0]}"
            raise
        r = measurement.result
        log(
            f"{self.title}: {measurement.label:<36} @{scale:>9,}: {r.rps:>8,.0f} req/s  "
            f"p50 {r.latency_us['p50'] / 1000:.1f} ms  p99 {r.latency_us['p99'] / 1000:.1f} ms  "
            f"{measurement.cpu.get('serverMsPerRequest', 0):.2f} ms CPU/req"
            + (f"  ERRORS {r.errors}: {measurement.failures}" if r.error_count else "")
        )

    def _probe(self, api_key: str, process: ServerProcess, scenario: Scenario) -> str:
        """One request by hand before the load: a scenario that does not answer as expected is
        skipped with the reason (404 on a route that does not exist yet) or stops the run."""
        headers = {"Authorization": f"Bearer {api_key}"}
        with httpx.Client(base_url=process.base_url, headers=headers, timeout=30) as client:
            if scenario.kind == "paths":
                assert scenario.paths_file is not None
                line = scenario.paths_file.read_text().split("\n", 1)[0]
                path, _, etag = line.partition("\t")
                response = client.get(path, headers={"If-None-Match": etag} if etag else {})
                if response.status_code == 404 and "/content/hooks" in path:
                    return "GET /v1/projects/{id}/content/hooks answers 404 (not implemented yet)"
                expected = 304 if etag else 200
                if response.status_code == 200 and f"limit={PAGE_LIMIT}" in path:
                    items = response.json().get("items", [])
                    if len(items) != PAGE_LIMIT:
                        raise ServerError(f"{path} returned {len(items)} items, not {PAGE_LIMIT}")
            elif scenario.kind == "create":
                body = {"name": "Probe project", "timezone": "UTC"}
                response = client.post(
                    scenario.path, json=body, headers={"Idempotency-Key": uuid.uuid4().hex}
                )
                expected = 201
            else:
                send = {
                    "content": scenario.replay_body,
                    "headers": {
                        "Idempotency-Key": scenario.replay_key or "",
                        "Content-Type": "application/json",
                    },
                }
                client.post(scenario.path, **send)
                response = client.post(scenario.path, **send)
                expected = 201
                if response.headers.get("Idempotent-Replayed") != "true":
                    raise ServerError(
                        f"the replay probe was not replayed: {response.status_code} "
                        f"{dict(response.headers)}"
                    )
        if response.status_code != expected:
            raise ServerError(
                f"{process.name}: probe {response.request.method} {response.request.url.path} "
                f"answered {response.status_code}, expected {expected}: {response.text[:500]}"
            )
        return ""


# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run", description="Benchmark the Layers server against a bare baseline."
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: {QUICK_LARGE_SCALE:,} projects, 3 s per scenario",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=None,
        help="seconds of load per scenario (default 10; 3 with --quick)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=None,
        help="seconds of discarded load before each (default 2; 1 with --quick)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per scenario, the best one reported (default 1; 3 on a busy machine)",
    )
    parser.add_argument("--connections", type=int, default=32, help="open connections (32)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (1: wrk is light)")
    parser.add_argument("--small", type=int, default=SMALL_SCALE, help="small scale (1,000)")
    parser.add_argument(
        "--large",
        type=int,
        default=None,
        help=f"large scale ({LARGE_SCALE:,}; {QUICK_LARGE_SCALE:,} with --quick)",
    )
    parser.add_argument(
        "--backends",
        default="sqlite,postgres",
        help="comma-separated: sqlite, postgres (default both)",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="an existing database to connect to for CREATE/DROP DATABASE",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        help="Redis for the PostgreSQL leg; '' to run without",
    )
    parser.add_argument(
        "--python-load",
        action="store_true",
        help="use the Python load generator even if wrk is installed",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="instead of the benchmark, profile the create path (PostgreSQL if reachable)",
    )
    parser.add_argument(
        "--profile-scenario",
        choices=["create", "replay", "get", "job poll"],
        default="create",
        help="what --profile sends (default create)",
    )
    parser.add_argument(
        "--delivery",
        action="store_true",
        help="instead of the benchmark, the webhook delivery scenario (bench/delivery.py)",
    )
    parser.add_argument(
        "--delivery-events",
        type=int,
        default=5000,
        help="events in the outbox for the delivery throughput (default 5,000)",
    )
    parser.add_argument(
        "--delivery-probes",
        type=int,
        default=200,
        help="events committed one by one for the commit-to-first-attempt delay (default 200)",
    )
    parser.add_argument(
        "--profiler",
        choices=["py-spy", "pyinstrument"],
        default="py-spy",
        help="sampler for --profile: py-spy (default, no overhead) or pyinstrument",
    )
    args = parser.parse_args(argv)
    args.duration = args.duration or (3.0 if args.quick else 10.0)
    args.warmup = args.warmup if args.warmup is not None else (1.0 if args.quick else 2.0)
    args.large = args.large or (QUICK_LARGE_SCALE if args.quick else LARGE_SCALE)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.large <= args.small:
        parser.error("--large must be above --small")
    return args


def _unwind_on_signals() -> None:
    # Ctrl-C and SIGTERM both unwind as KeyboardInterrupt, so every `with` block stops its
    # servers and every database is dropped. SIGINT is set explicitly because a shell that starts
    # us in the background leaves it ignored.
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupt)


def _backends(args: argparse.Namespace, report: RunReport) -> list[Callable[[], BenchDatabase]]:
    """One database factory per backend to run (a run needs two databases per backend)."""
    wanted = [name.strip() for name in args.backends.split(",") if name.strip()]
    factories: list[Callable[[], BenchDatabase]] = []
    for name in wanted:
        if name == "sqlite":
            factories.append(SqliteDatabase)
        elif name == "postgres":
            if not _reachable(args.postgres_url, 5432):
                report.notes.append(f"PostgreSQL not reachable at {args.postgres_url}: leg skipped")
                log(report.notes[-1])
                continue
            if args.redis_url and not _reachable(args.redis_url, 6379):
                report.notes.append(
                    f"Redis not reachable at {args.redis_url}: the PostgreSQL leg runs "
                    "without it and without the --workers 2 phase"
                )
                log(report.notes[-1])
                args.redis_url = ""
            factories.append(
                functools.partial(PostgresDatabase, args.postgres_url, args.redis_url or None)
            )
        else:
            raise SystemExit(f"unknown backend {name!r}; use sqlite and/or postgres")
    return factories


def _code_under_test() -> dict:
    """Which server was measured: the import path and the git commit of the work tree."""
    import layers_server

    def git(*args: str) -> str:
        completed = subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
        )
        return completed.stdout.strip()

    return {
        "layersServer": str(Path(layers_server.__file__).parent),
        "gitCommit": git("rev-parse", "HEAD") or None,
        "gitDirty": bool(git("status", "--porcelain", "--untracked-files=no", "src")),
    }


def _machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "loadAverage": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _unwind_on_signals()
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    load = LoadGenerator(
        connections=args.connections, threads=args.threads, prefer_wrk=not args.python_load
    )
    report = RunReport()
    log(f"load generator: {load.description}")
    if not load.wrk:
        report.notes.append(f"load generator: {load.description}")
    if args.profile:
        return _profile(args, load, report, stamp)
    if args.delivery:
        from .delivery import run_delivery

        return run_delivery(
            _backends(args, report),
            args.delivery_events,
            args.delivery_probes,
            RESULTS_DIR / f"{stamp}-delivery.json",
        )

    machine_before, code = _machine(), _code_under_test()  # before any server starts
    report.notes.append(
        f"{machine_before['cpus']} CPUs shared by the load generator, the server, the database "
        f"and anything else running; load average at start {machine_before['loadAverage']}"
    )
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="layers-bench-paths-") as workdir:
            for new_database in _backends(args, report):
                BackendRun(new_database, args, load, report, Path(workdir)).run()
    except KeyboardInterrupt:
        log("interrupted: servers stopped, databases dropped; partial results follow")
        report.notes.append("the run was interrupted; results are partial")
    except (ServerError, LoadError) as error:
        log(f"error: {error}")
        report.notes.append(f"the run stopped on an error: {str(error).splitlines()[0]}")
    report.notes.append(f"load average at end {_machine()['loadAverage']}")

    print(report.table(args.small, args.large))
    json_path = RESULTS_DIR / f"{stamp}.json"
    report.write_json(
        json_path, args.small, args.large,
        startedAt=stamp, seconds=round(time.perf_counter() - started, 1),
        machine=machine_before, code=code, loadGenerator=load.description,
        options={k: v for k, v in vars(args).items() if k not in {"postgres_url", "redis_url"}},
    )  # fmt: skip
    png_path = json_path.with_suffix(".png")
    report.plot(png_path, f"bench/run {stamp}: {load.description}")
    print(f"\nresults: {json_path}\nplot:    {png_path}")
    return 0 if any(m.result for m in report.measurements) else 1


def _profile(args: argparse.Namespace, load: LoadGenerator, report: RunReport, stamp: str) -> int:
    from .profiling import profile_scenario

    databases = [new_database() for new_database in _backends(args, report)]
    if not databases:
        raise SystemExit("no backend to profile on")
    database = next((d for d in databases if d.backend == "postgres"), databases[0])
    title = BACKEND_TITLES[database.backend]
    name = args.profile_scenario
    log(f"profiling {name} on {title} with {args.profiler} for {args.duration:.0f} s")
    database.create()
    workdir = Path(tempfile.mkdtemp(prefix="layers-bench-profile-"))
    try:
        if name == "create":
            scenario = Scenario("create")
        elif name == "replay":
            body = json.dumps(CREATE_BODY, separators=(",", ":"))
            scenario = Scenario("replay", replay_body=body, replay_key=uuid.uuid4().hex)
        else:
            database.seed_to(SMALL_SCALE, lambda line: log(f"  {line}"))
            if name == "get":
                sample = [
                    f"/v1/projects/{id_}" for id_, _ in database.sample_projects(SAMPLED_PATHS)
                ]
            else:
                sample = [f"/v1/jobs/{id_}" for id_, _ in database.sample_jobs(SAMPLED_PATHS)]
            paths = workdir / "paths.txt"
            paths.write_text("\n".join(sample) + "\n")
            scenario = Scenario("paths", paths_file=paths)
        profile = profile_scenario(
            database,
            load,
            scenario,
            seconds=args.duration,
            warmup=args.warmup,
            output_stem=RESULTS_DIR / f"{stamp}-profile",
            profiler=args.profiler,
        )
    finally:
        database.drop()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n{title}: " + profile.render())
    path = RESULTS_DIR / f"{stamp}-profile.json"
    path.write_text(json.dumps({"backend": database.backend, **profile.to_json()}, indent=2) + "\n")
    print(f"summary: {path}")
    return 0
