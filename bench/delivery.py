"""The webhook delivery scenario (`bench/run --delivery`): how fast the outbox empties into a
local receiver, and how soon after its commit an event's first attempt arrives.

For each backend, on a fresh database with one endpoint subscribed to ``project.created``
(pointing at `bench.receiver`, a separate process), delivered on PostgreSQL by one
`layers-server worker` process and then by two, on SQLite by the in-process worker of
`layers-server serve` (each deployment's shape):

1. **throughput** — ``--delivery-events`` events are committed to the outbox (50 per unit of
   work) before the workers start; events/s is counted from the receiver's first arrival to its
   last, so process start-up is left out, and only once every delivery is recorded
   `succeeded` in the table;
2. **commit to first attempt** — with the workers idle, one event every 20 ms
   (``--delivery-probes`` of them): committed by the harness on PostgreSQL (the workers are
   woken by NOTIFY), by a `POST /v1/projects` to `serve` on SQLite (its worker is woken in
   process). The delay is the receiver's arrival time minus the event's ``createdAt`` (stamped
   just before its transaction commits), both from this machine's clock.

Workers run with their defaults (16 deliveries in flight per process, INFO logs to a file) and
``LAYERS_FETCH_ALLOW_PRIVATE=true`` to reach the loopback receiver.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa

from layers_server.db.engine import Database
from layers_server.db.tables import (
    webhook_deliveries,
    webhook_endpoints,
    webhook_events,
    webhook_subscriptions,
)
from layers_server.db.unit_of_work import unit_of_work
from layers_server.jobs.queue import ProcessJobQueue
from layers_server.kit.clock import utcnow
from layers_server.settings import Settings
from layers_server.webhooks.events import emit
from layers_server.webhooks.signing import new_secret

from .databases import BenchDatabase
from .processes import LAYERS_SERVER, REPO, ServerError, ServerProcess, _kill_group, _live_groups

EVENT_TYPE = "project.created"
BACKLOG_PER_UNIT = 50
PROBE_INTERVAL_SECONDS = 0.02


def log(message: str) -> None:
    print(f"[bench delivery] {message}", flush=True)


@dataclass
class DeliveryFigures:
    backend: str
    workers: str
    events: int
    seconds: float
    events_per_second: float
    probes: int
    delay_p50_ms: float
    delay_p99_ms: float
    delay_max_ms: float

    def row(self) -> str:
        return (
            f"{self.backend:<10} {self.workers:<26} {self.events:>7} "
            f"{self.events_per_second:>10.0f} {self.delay_p50_ms:>8.1f} "
            f"{self.delay_p99_ms:>8.1f} {self.delay_max_ms:>8.1f}"
        )


HEADER = (
    f"{'backend':<10} {'delivered by':<26} {'events':>7} {'events/s':>10} "
    f"{'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"
)


@dataclass
class _Workers:
    """``count`` `layers-server worker` processes, SIGTERMed (then killed) on exit."""

    database_url: str
    count: int
    logs: list[Path] = field(default_factory=list)
    processes: list[subprocess.Popen] = field(default_factory=list)

    def __enter__(self) -> _Workers:
        env = {
            **os.environ,
            "LAYERS_DATABASE_URL": self.database_url,
            "LAYERS_FETCH_ALLOW_PRIVATE": "true",
            "LAYERS_LOG_FORMAT": "json",
        }
        for number in range(self.count):
            path = Path(tempfile.gettempdir()) / f"bench-delivery-worker-{uuid.uuid4().hex[:8]}.log"
            with path.open("wb") as output:
                process = subprocess.Popen(
                    [LAYERS_SERVER, "worker"],
                    env=env,
                    cwd=REPO,
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            _live_groups.add(process.pid)
            self.logs.append(path)
            self.processes.append(process)
            log(f"worker {number + 1} of {self.count} started (pid {process.pid})")
        return self

    def __exit__(self, *_exc) -> None:
        for process in self.processes:
            _kill_group(process.pid)
        for path in self.logs:
            path.unlink(missing_ok=True)

    def assert_alive(self) -> None:
        for process, path in zip(self.processes, self.logs, strict=True):
            if process.poll() is not None:
                tail = "\n".join(path.read_text(errors="replace").splitlines()[-20:])
                raise ServerError(f"a delivery worker exited with {process.returncode}:\n{tail}")


class _Outbox:
    """The harness's side: an organization's endpoint, and events committed to its outbox."""

    def __init__(self, database: BenchDatabase, receiver_url: str) -> None:
        self.db = Database.from_settings(Settings(database_url=database.url))
        self.organization_id = uuid.UUID(database.organization_id.removeprefix("org_"))
        self.receiver_url = receiver_url
        self.queue = ProcessJobQueue(1)

    async def add_endpoint(self) -> None:
        now = utcnow()
        endpoint_id = uuid.uuid4()
        async with self.db.write() as conn:
            await conn.execute(
                webhook_endpoints.insert().values(
                    id=endpoint_id,
                    organization_id=self.organization_id,
                    env="test",  # the bench key's environment: its creates reach it too
                    url=self.receiver_url,
                    events=[EVENT_TYPE],
                    status="active",
                    secret=new_secret(),
                    created_at=now,
                    updated_at=now,
                )
            )
            await conn.execute(
                webhook_subscriptions.insert().values(
                    endpoint_id=endpoint_id,
                    event_type=EVENT_TYPE,
                    organization_id=self.organization_id,
                )
            )

    async def commit(self, count: int) -> list[tuple[str, float]]:
        """``count`` events in one unit of work; their public ids and when the commit returned."""
        async with unit_of_work(
            self.db,
            organization_id=self.organization_id,
            request_id=None,
            jobs=self.queue,
            sandbox=True,
        ) as uow:
            ids = [
                emit(uow, EVENT_TYPE, project_id=None, data={"bench": True}) for _ in range(count)
            ]
        committed = time.time()
        return [(f"evt_{event_id}", committed) for event_id in ids]

    async def succeeded(self) -> int:
        """How many deliveries the workers have recorded as succeeded."""
        async with self.db.read() as conn:
            return await conn.scalar(
                sa.select(sa.func.count())
                .select_from(webhook_deliveries)
                .where(webhook_deliveries.c.status == "succeeded")
            )

    async def clear(self) -> None:
        async with self.db.write() as conn:
            await conn.execute(webhook_deliveries.delete())
            await conn.execute(webhook_events.delete())

    async def close(self) -> None:
        await self.db.dispose()


def _arrivals(receiver: ServerProcess) -> dict[str, list[float]]:
    return httpx.get(f"{receiver.base_url}/stats", timeout=10).json()["firstArrival"]


def _wait_for_arrivals(
    receiver: ServerProcess, senders, wanted: int, within: float
) -> dict[str, list[float]]:
    """The receiver's arrivals once ``wanted`` distinct events have arrived."""
    deadline = time.monotonic() + within
    while True:
        arrivals = _arrivals(receiver)
        if len(arrivals) >= wanted:
            return arrivals
        senders.assert_alive()
        if time.monotonic() > deadline:
            raise ServerError(f"{wanted - len(arrivals)} events not delivered in {within:.0f} s")
        time.sleep(0.2)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class _Serve(ServerProcess):
    """`layers-server serve` on SQLite: its in-process worker delivers, woken by its commits."""

    def __init__(self, database: BenchDatabase) -> None:
        env = {**database.server_env, "LAYERS_FETCH_ALLOW_PRIVATE": "true"}
        super().__init__("layers-server serve", [LAYERS_SERVER, "serve", "--port", "{port}"], env)
        self.api_key = database.api_key

    def create_project(self, number: int) -> None:
        response = httpx.post(
            f"{self.base_url}/v1/projects",
            json={"name": f"Delivery probe {number}", "timezone": "UTC"},
            headers={"Authorization": f"Bearer {self.api_key}"},
            timeout=10,
        )
        if response.status_code != 201:
            raise ServerError(f"a probe create answered {response.status_code}: {response.text}")


def measure_backend(
    database: BenchDatabase, setups: tuple[int, ...], events: int, probes: int
) -> list[DeliveryFigures]:
    """``setups``: how many `layers-server worker` processes deliver, in turn; 0 means the
    in-process worker of one `layers-server serve` (the SQLite deployment)."""
    figures = []
    with ServerProcess(
        "receiver", [sys.executable, "-m", "bench.receiver", "{port}"], {}
    ) as receiver:
        outbox = _Outbox(database, f"{receiver.base_url}/hook")
        run = asyncio.new_event_loop()
        try:
            run.run_until_complete(outbox.add_endpoint())
            for count in setups:
                httpx.post(f"{receiver.base_url}/reset", timeout=10)
                run.run_until_complete(outbox.clear())
                senders: _Workers | _Serve
                if count:
                    senders = _Workers(database.url, count)
                    label = f"{count} worker process{'es' if count > 1 else ''}"
                else:
                    senders = _Serve(database)
                    label = "serve's in-process worker"
                backlog: list[tuple[str, float]] = []
                for _ in range(0, events, BACKLOG_PER_UNIT):
                    backlog += run.run_until_complete(outbox.commit(BACKLOG_PER_UNIT))
                log(f"{database.backend}: {len(backlog):,} events in the outbox; {label}")
                with senders:
                    arrivals = _wait_for_arrivals(receiver, senders, len(backlog), within=600)
                    # Arrivals prove sending; the rows prove the outcomes were recorded too.
                    deadline = time.monotonic() + 60
                    while run.run_until_complete(outbox.succeeded()) < len(backlog):
                        senders.assert_alive()
                        if time.monotonic() > deadline:
                            raise ServerError("deliveries arrived but were not recorded")
                        time.sleep(0.2)
                    times = sorted(arrivals[event][0] for event, _ in backlog)
                    seconds = times[-1] - times[0]
                    rate = (len(times) - 1) / seconds if seconds > 0 else float("inf")
                    log(f"  throughput: {rate:,.0f} events/s over {seconds:.1f} s")
                    for number in range(probes):
                        if isinstance(senders, _Serve):
                            senders.create_project(number)  # a project.created, by the server
                        else:
                            run.run_until_complete(outbox.commit(1))
                        time.sleep(PROBE_INTERVAL_SECONDS)
                    arrivals = _wait_for_arrivals(
                        receiver, senders, len(backlog) + probes, within=120
                    )
                old = {event for event, _ in backlog}
                delays = [
                    (arrived - created) * 1000
                    for event, (arrived, created) in arrivals.items()
                    if event not in old
                ]
                figure = DeliveryFigures(
                    backend=database.backend,
                    workers=label,
                    events=len(backlog),
                    seconds=round(seconds, 2),
                    events_per_second=round(rate, 1),
                    probes=len(delays),
                    delay_p50_ms=round(statistics.median(delays), 1),
                    delay_p99_ms=round(_percentile(delays, 0.99), 1),
                    delay_max_ms=round(max(delays), 1),
                )
                log(
                    f"  commit → first attempt: p50 {figure.delay_p50_ms} ms, "
                    f"p99 {figure.delay_p99_ms} ms"
                )
                figures.append(figure)
        finally:
            run.run_until_complete(outbox.close())
            run.close()
    return figures


def run_delivery(backends: list, events: int, probes: int, results_path: Path) -> int:
    """The scenario on every backend: on PostgreSQL one `layers-server worker`, then two; on
    SQLite the in-process worker of `serve` (its deployment)."""
    import json

    figures: list[DeliveryFigures] = []
    for new_database in backends:
        database = new_database()
        database.create()
        try:
            counts = (1, 2) if database.backend == "postgres" else (0,)
            figures += measure_backend(database, counts, events, probes)
        except ServerError as error:
            log(f"error: {error}")
        finally:
            database.drop()
    print("\nWebhook delivery (bench/run --delivery)")
    print(HEADER)
    for figure in figures:
        print(figure.row())
    results_path.write_text(
        json.dumps(
            {"loadAverage": os.getloadavg(), "figures": [vars(f) for f in figures]}, indent=2
        )
        + "\n"
    )
    print(f"\nresults: {results_path}")
    return 0 if figures else 1
