"""docs/deployment.md, exercised: its settings table is the generated one, and the deployment it
describes — migrate, two API processes sharing Redis, one worker, PostgreSQL — runs a job that
is started through one API process and watched through the other."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from layers_server.ops.settings_doc import settings_table, table_in
from tests.conftest import require_service
from tests.ops.support import value
from tests.support.api import SEED_BODY
from tests.support.server import BIN, Process, layers_process, server_env, serving

DOC = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"
REDIS_URL = os.environ.get("LAYERS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
JOB_TIMEOUT_SECONDS = 30


def test_the_settings_table_is_generated_from_the_settings_class():
    assert table_in(DOC.read_text(encoding="utf-8")) == settings_table(), (
        "docs/deployment.md is out of date: run "
        "`python -m layers_server.ops.settings_doc --write docs/deployment.md`"
    )


def test_the_deploy_files_run_the_documented_commands():
    deploy = DOC.parents[1] / "deploy"
    procfile = (deploy / "Procfile").read_text()
    assert "api: layers-server serve --host 127.0.0.1 --port $PORT" in procfile
    assert "worker: layers-server worker" in procfile
    api_unit = (deploy / "layers-api@.service").read_text()
    worker_unit = (deploy / "layers-worker@.service").read_text()
    assert "layers-server serve --host 127.0.0.1 --port %i" in api_unit
    assert "layers-server worker" in worker_unit
    for unit in (api_unit, worker_unit):
        assert "KillSignal=SIGTERM" in unit
        # The stop timeout must leave room for the default grace period.
        stop_timeout = int(unit.split("TimeoutStopSec=")[1].split()[0])
        assert stop_timeout > 30
        assert "PROMETHEUS_MULTIPROC_DIR=/run/layers/metrics" in unit


# --------------------------------------------------------------------------- the deployment


def job_engine_missing() -> str | None:
    """Why the job engine cannot be exercised yet, or None once it has landed."""
    reason = "the job engine (`layers-server worker`, GET /v1/jobs/{jobId}) has not landed yet"
    try:
        if importlib.util.find_spec("layers_server.jobs.runner") is None:
            return reason
        from layers_server.app import create_app
    except ImportError as error:  # the jobs package itself, or a module it needs, is missing
        return f"{reason}: {error}"
    paths = set(create_app().openapi()["paths"])
    needed = {"/v1/jobs/{jobId}", "/v1/projects/{projectId}/keywords/refresh"}
    return None if needed <= paths else f"{reason}: missing {sorted(needed - paths)}"


@dataclass
class Deployment:
    api_a: Process
    api_b: Process
    worker: Process
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


def layers_server(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(BIN / "layers-server"), *args], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def deployment(database_url, tmp_path_factory):
    if database_url.startswith("sqlite"):
        pytest.skip("several API processes and workers is the PostgreSQL + Redis deployment")
    missing = job_engine_missing()
    if missing:
        pytest.skip(missing)
    from redis import Redis

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as error:  # noqa: BLE001 - any failure means "Redis missing"
        require_service("Redis", str(error))

    # The environment file of docs/deployment.md §2, plus the units' metrics directory.
    metrics_dir = tmp_path_factory.mktemp("metrics")
    env = server_env(
        database_url,
        {"LAYERS_REDIS_URL": REDIS_URL, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)},
    )
    # §3: migrate, create an organization and its first key, then start the processes.
    layers_server("migrate", env=env)
    organization = json.loads(
        layers_server("orgs", "create", "--name", "Deployed", "--json", env=env)
    )
    minted = json.loads(
        layers_server(
            "keys", "create", "--org", organization["id"], "--name", "production",
            "--scopes", "*", "--tier", "standard", "--env", "live", "--json", env=env,
        )
    )  # fmt: skip
    extra = {"LAYERS_REDIS_URL": REDIS_URL, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
    with (
        serving(database_url, extra_env=extra) as api_a,
        serving(database_url, extra_env=extra) as api_b,
        layers_process(["worker"], env) as worker,
    ):
        yield Deployment(api_a, api_b, worker, minted["key"])


async def test_a_job_started_through_one_api_process_completes_seen_through_the_other(
    deployment,
):
    a, b = deployment.api_a.base_url, deployment.api_b.base_url
    async with httpx.AsyncClient(timeout=10, headers=deployment.headers) as http:
        # One rate-limit budget in Redis, whichever process answers.
        first = await http.get(f"{a}/v1/whoami")
        second = await http.get(f"{b}/v1/whoami")
        assert (first.status_code, second.status_code) == (200, 200)
        remaining = [int(r.headers["X-RateLimit-Remaining"]) for r in (first, second)]
        assert remaining[1] < remaining[0]

        body = {**SEED_BODY, "customerExternalId": f"deployed-{uuid.uuid4()}"}
        created = await http.post(f"{a}/v1/projects", json=body)
        assert created.status_code == 201, created.text
        project_id = created.json()["id"]
        started = await http.post(f"{a}/v1/projects/{project_id}/keywords/refresh", json={})
        assert started.status_code == 202, started.text
        job_id = started.json()["jobId"]

        deadline = time.monotonic() + JOB_TIMEOUT_SECONDS
        while True:
            polled = await http.get(f"{b}/v1/jobs/{job_id}")
            assert polled.status_code == 200, polled.text
            job = polled.json()
            if job["status"] not in ("queued", "running") or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        assert job["status"] == "completed", (job, deployment.worker.log_text()[-3000:])

        keywords = (await http.get(f"{b}/v1/projects/{project_id}/keywords")).json()
        assert keywords["hashtags"] and keywords["refreshedAt"] is not None


async def test_the_worker_job_durations_are_scraped_through_the_api(deployment):
    """The worker writes to the host's metrics directory; the API exposes what it wrote."""
    async with httpx.AsyncClient(timeout=10) as http:
        scrape = (await http.get(f"{deployment.api_a.base_url}/metrics")).text
    assert value(scrape, "layers_job_stats_readable") == 1
    finished = value(
        scrape, "layers_job_duration_seconds_count", kind="keywords_refresh", status="completed"
    )
    assert finished >= 1, "the worker did not report its job (ops.metrics.observe_job)"
