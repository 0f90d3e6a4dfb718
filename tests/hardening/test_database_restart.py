"""PostgreSQL restarted under load: a real server process keeps answering, never with a 500.

A client loop creates projects (each with its own customerExternalId) against a
`layers-server serve` process while its PostgreSQL cluster — a private one, started for this
test (tests/hardening/faults.py) — restarts underneath it (fast shutdown: every connection is
cut, new ones are refused for a moment). What must hold:

- every answer is a 201, or a 503 UNAVAILABLE with Retry-After (or the connection failed);
  never a 500, never a traceback in a body, always the error envelope;
- the server recovers by itself: the same process answers 201 again shortly after;
- every 201 is a committed row (counted by customerExternalId after the storm).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass

import httpx
import pytest
import sqlalchemy as sa

from layers_server.db.engine import Database
from layers_server.db.migrate import upgrade_to_head
from layers_server.db.tables import projects
from layers_server.settings import Settings
from tests.hardening.faults import PrivatePostgres
from tests.hardening.support import assert_well_formed, header
from tests.support.server import serving

CLIENTS = 4
LOAD_BEFORE_RESTART = 1.0  # seconds of plain load before the restart
RECOVERY_BUDGET = 15.0  # seconds after the restart within which a create must succeed again


@dataclass
class Outcome:
    external_id: str
    sent_at: float
    answered_at: float
    response: httpx.Response | None  # None: the connection failed
    error: str | None = None

    @property
    def status(self) -> int | None:
        return self.response.status_code if self.response is not None else None


async def _create_projects(http: httpx.AsyncClient, client: int, stop: asyncio.Event, out: list):
    n = 0
    while not stop.is_set():
        n += 1
        external_id = f"restart-{client}-{n}"
        body = {"name": f"Restart {n}", "timezone": "UTC", "customerExternalId": external_id}
        sent_at = time.monotonic()
        error = None
        try:
            response = await http.post("/v1/projects", json=body)
        except httpx.TransportError as failure:
            response, error = None, type(failure).__name__
        out.append(Outcome(external_id, sent_at, time.monotonic(), response, error))
        if response is None or response.status_code != 201:
            await asyncio.sleep(0.05)  # a client backing off a little, as the SDK does


def _assert_acceptable(outcome: Outcome, log: str) -> None:
    """201, or 503 UNAVAILABLE with Retry-After, in the envelope; nothing else."""
    response = outcome.response
    if response is None or response.status_code == 201:
        return
    assert response.status_code == 503, f"{response.text}\nserver errors:\n{_errors_in(log)}"
    assert_well_formed(response)
    assert response.json()["error"]["code"] == "UNAVAILABLE", response.text
    assert header(response, "Retry-After"), "a 503 UNAVAILABLE without Retry-After"


def _errors_in(log: str) -> str:
    """The server's error records, each as its event and the last line of its traceback."""
    lines = []
    for line in log.splitlines():
        if '"level":"error"' in line:
            record = json.loads(line)
            lines.append(f"{record['event']}: {record.get('exc', '').strip().splitlines()[-1:]}")
    return "\n".join(dict.fromkeys(lines))


async def _committed(database_url: str, external_ids: list[str]) -> set[str]:
    db = Database.from_settings(Settings(database_url=database_url))
    try:
        async with db.read() as conn:
            rows = await conn.execute(
                sa.select(projects.c.customer_external_id).where(
                    projects.c.customer_external_id.in_(external_ids)
                )
            )
            return {row[0] for row in rows}
    finally:
        await db.dispose()


@pytest.fixture
def database_url(postgres_cluster: PrivatePostgres) -> str:
    """This module's database is the private cluster: `api` and the server both use it."""
    upgrade_to_head(Settings(database_url=postgres_cluster.url).database_url)
    return postgres_cluster.url


async def test_postgresql_restart_under_load(postgres_cluster, database_url, api):
    try:
        with serving(database_url) as server:
            outcomes: list[Outcome] = []
            stop = asyncio.Event()
            async with httpx.AsyncClient(
                base_url=server.base_url, headers=api.headers, timeout=10
            ) as http:
                clients = [
                    asyncio.create_task(_create_projects(http, i, stop, outcomes))
                    for i in range(CLIENTS)
                ]
                await asyncio.sleep(LOAD_BEFORE_RESTART)
                restart_began = time.monotonic()
                restart_seconds = await asyncio.to_thread(postgres_cluster.restart)
                restarted_at = time.monotonic()
                recovered_at = await _first_success_after(outcomes, restarted_at)
                stop.set()
                await asyncio.gather(*clients)
            assert server.process.poll() is None, "the server died with its database"
            log = server.log_text()
    finally:
        # This test process's own pool (the `api` fixture's app) still holds connections from
        # before the restart; the server under test is what must recover, not the fixture.
        await api.db.engine.dispose()

    for outcome in outcomes:
        _assert_acceptable(outcome, log)
    assert "unhandled error" not in log, _errors_in(log)
    created = [o.external_id for o in outcomes if o.status == 201]
    assert await _committed(database_url, created) == set(created), "a 201 without its row"

    failed = [o for o in outcomes if o.status != 201]
    window = max(o.answered_at for o in failed) - min(o.sent_at for o in failed) if failed else 0
    print(
        f"\nPostgreSQL restart: {len(outcomes)} requests, {len(created)} × 201, "
        f"{sum(o.status == 503 for o in outcomes)} × 503 UNAVAILABLE, "
        f"{sum(o.status is None for o in outcomes)} connection errors "
        f"{sorted({o.error for o in outcomes if o.error})}; failures spanned "
        f"{window:.2f} s; the restart took {restart_seconds:.2f} s (began "
        f"{restart_began - outcomes[0].sent_at:.2f} s into the load); first 201 sent "
        f"{recovered_at - restarted_at:.2f} s after it returned"
    )


async def _first_success_after(outcomes: list[Outcome], since: float) -> float:
    """When the first create sent after `since` succeeded (fails after RECOVERY_BUDGET)."""
    deadline = since + RECOVERY_BUDGET
    while time.monotonic() < deadline:
        for outcome in list(outcomes):
            if outcome.sent_at >= since and outcome.status == 201:
                return outcome.sent_at
        await asyncio.sleep(0.05)
    raise AssertionError(f"no create succeeded within {RECOVERY_BUDGET} s of the restart")
