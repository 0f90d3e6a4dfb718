"""Waking workers from the database: hold a PostgreSQL LISTEN connection for one channel.

Used by the job worker (``layers_jobs``) and the webhook delivery worker (``layers_webhooks``).
A notification is delivered when the transaction that sent it commits, so a woken worker finds
what was committed; while the connection is down the workers' poll covers the gap.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

log = logging.getLogger("layers.worker")

RECONNECT_SECONDS = 2.0


async def listen_forever(database_url: str, channel: str, wake: Callable[[], None]) -> None:
    """Call ``wake`` on every notification on ``channel``, and once each time the connection is
    (re)established (for what was committed while nobody listened); reconnects until cancelled."""
    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)

    def on_notify(*_args: Any) -> None:
        wake()

    while True:
        conn = None
        closed = asyncio.Event()
        try:
            conn = await asyncpg.connect(dsn, timeout=10)
            conn.add_termination_listener(lambda _conn, closed=closed: closed.set())
            await conn.add_listener(channel, on_notify)
            wake()
            await closed.wait()
            log.warning("LISTEN connection closed; reconnecting", extra={"channel": channel})
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.warning(
                "LISTEN connection failed: %s", type(error).__name__, extra={"channel": channel}
            )
        finally:
            if conn is not None and not conn.is_closed():
                await asyncio.shield(conn.close(timeout=2))
        await asyncio.sleep(RECONNECT_SECONDS)
