"""Metrics with several processes: prometheus-client's multiprocess mode.

Counting does not depend on the database, so these run on the SQLite leg only.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.ops.support import value
from tests.support.server import serving

MULTIPROC_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"
WHOAMI_OK = {"route": "/v1/whoami", "method": "GET", "status": "200"}


@pytest.fixture
def sqlite_leg(backend):
    if backend != "sqlite":
        pytest.skip("counting across processes does not depend on the database")
    if os.environ.get(MULTIPROC_DIR_ENV):
        pytest.skip(f"{MULTIPROC_DIR_ENV} is set in the test environment")


def processes_that_counted(directory: Path) -> set[str]:
    # prometheus-client keeps one file per metric type and process: counter_<pid>.db.
    return {path.stem.rsplit("_", 1)[1] for path in directory.glob("counter_*.db")}


async def test_serve_with_workers_answers_a_scrape_with_every_process_counts(
    sqlite_leg, database_url, api
):
    with serving(database_url, workers=2) as server:
        [announcement] = [r for r in server.log_records() if "processes share" in r["event"]]
        directory = Path(announcement["event"].rsplit(" ", 1)[1])
        # New connections each time, so the kernel hands them to either process; go on until
        # both have counted requests (the first round nearly always does it).
        limits = httpx.Limits(max_keepalive_connections=0)
        sent = 0
        async with httpx.AsyncClient(timeout=30, limits=limits, headers=api.headers) as http:
            for _round in range(10):
                responses = await asyncio.gather(
                    *(http.get(f"{server.base_url}/v1/whoami") for _ in range(40))
                )
                assert {r.status_code for r in responses} == {200}
                sent += len(responses)
                counted_by = await asyncio.to_thread(processes_that_counted, directory)
                if len(counted_by) == 2:
                    break
            assert len(counted_by) == 2, "one process took every connection"
            # Whichever process answers, it reports both processes' requests.
            scrapes = [(await http.get(f"{server.base_url}/metrics")).text for _ in range(6)]
        server.process.send_signal(signal.SIGTERM)
        returncode = await asyncio.to_thread(server.process.wait, 15)
    assert [value(s, "layers_http_requests_total", **WHOAMI_OK) for s in scrapes] == [sent] * 6
    assert returncode == 0
    assert not await asyncio.to_thread(directory.exists), "the metrics directory outlived serve"


def record_a_job_in_another_process(env: dict[str, str]) -> None:
    """Stands in for `layers-server worker` on the same host: another process, same directory."""
    code = (
        "from layers_server.ops.metrics import observe_job; "
        "observe_job('keywords_refresh', 'completed', 3.0)"
    )
    subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, check=True)


async def test_a_worker_sharing_the_directory_reports_through_the_api(
    sqlite_leg, database_url, tmp_path
):
    shared = tmp_path / "metrics"  # does not exist yet: whoever starts first creates it
    env = {MULTIPROC_DIR_ENV: str(shared)}
    with serving(database_url, extra_env=env) as server:
        await asyncio.to_thread(record_a_job_in_another_process, env)
        async with httpx.AsyncClient(timeout=10) as http:
            scrape = (await http.get(f"{server.base_url}/metrics")).text
    labels = {"kind": "keywords_refresh", "status": "completed"}
    assert value(scrape, "layers_job_duration_seconds_count", **labels) == 1
    assert value(scrape, "layers_job_duration_seconds_sum", **labels) == 3.0
    # The API's own counts are merged from the same directory.
    healthz = {"route": "/healthz", "method": "GET", "status": "200"}
    assert value(scrape, "layers_http_requests_total", **healthz) >= 1
