"""Graceful shutdown of `layers-server serve`: SIGTERM in the middle of a burst of creates.

What a partner may observe: a request either completes (2xx, and its project exists) or never
starts (connection refused or closed before any response). Nothing in between: no 2xx without
a row, no row without a 2xx, no 5xx. The process then exits 0, in time.
"""

from __future__ import annotations

import asyncio
import signal
import time
import uuid

import httpx
import sqlalchemy as sa

from layers_server.db.tables import projects
from tests.support.server import serving

BURST = 200
# The first half starts over half a second; SIGTERM goes once SIGTERM_AFTER_ANSWERS of them are
# answered; the second half starts over the second after it, so that part of the burst meets a
# server that is still listening and part a server that has stopped (whatever the machine's load).
WAVE_SECONDS = (0.5, 1.0)
SIGTERM_AFTER_ANSWERS = 50
GRACE_SECONDS = 10
# Failing before any response: refused, or the connection closed by the stopping server.
NOT_STARTED = (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


async def test_sigterm_mid_burst_finishes_started_requests_and_exits_zero(database_url, api):
    run = uuid.uuid4().hex[:8]
    answered = 0
    enough_answered = asyncio.Event()
    signalled = asyncio.Event()
    env = {"LAYERS_SHUTDOWN_GRACE_SECONDS": str(GRACE_SECONDS)}
    with serving(database_url, extra_env=env) as server:
        limits = httpx.Limits(max_connections=BURST, max_keepalive_connections=0)
        async with httpx.AsyncClient(timeout=30, limits=limits, headers=api.headers) as http:

            async def create(i: int):
                nonlocal answered
                wave, position = divmod(i, BURST // 2)
                if wave:
                    await signalled.wait()
                await asyncio.sleep(position * WAVE_SECONDS[wave] / (BURST // 2))
                body = {"name": f"Burst {i}", "timezone": "UTC", "customerExternalId": f"{run}-{i}"}
                try:
                    response = await http.post(f"{server.base_url}/v1/projects", json=body)
                except NOT_STARTED as error:
                    return i, error
                answered += 1
                if answered >= SIGTERM_AFTER_ANSWERS:
                    enough_answered.set()
                return i, response

            burst = [asyncio.create_task(create(i)) for i in range(BURST)]
            await asyncio.wait_for(enough_answered.wait(), timeout=20)
            server.process.send_signal(signal.SIGTERM)
            signalled_at = time.monotonic()
            signalled.set()
            results = await asyncio.gather(*burst)
        returncode = await asyncio.to_thread(server.process.wait, GRACE_SECONDS + 5)
        stopped_after = time.monotonic() - signalled_at
        log = server.log_records()

    responses = {i: r for i, r in results if isinstance(r, httpx.Response)}
    refused = {i: r for i, r in results if not isinstance(r, httpx.Response)}
    assert {r.status_code for r in responses.values()} == {201}, [
        r.text for r in responses.values() if r.status_code != 201
    ][:3]
    async with api.db.read() as conn:
        stored = set(
            await conn.scalars(
                sa.select(projects.c.customer_external_id).where(
                    projects.c.organization_id == api.organization_id,
                    projects.c.customer_external_id.like(f"{run}-%"),
                )
            )
        )
    assert stored == {f"{run}-{i}" for i in responses}, "a 2xx without its row, or the reverse"
    # Mid-burst indeed: part of it was served, the rest found the door closed.
    assert len(responses) >= SIGTERM_AFTER_ANSWERS
    assert refused, "no request arrived after the server stopped listening"

    assert returncode == 0
    assert stopped_after < GRACE_SECONDS
    events = [record.get("event") for record in log]
    assert "Application shutdown complete." in events  # the lifespan shutdown ran
    assert not [e for e in events if e and "timeout graceful shutdown exceeded" in e]
