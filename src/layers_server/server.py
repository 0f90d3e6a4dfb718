"""`layers-server serve`: prepare the database, then run uvicorn.

Stopping: on SIGTERM (or Ctrl+C) uvicorn closes its listening socket, lets in-flight requests
finish for up to ``shutdown_grace_seconds``, runs the application's shutdown, and the process
exits with status 0. With ``--workers N`` the parent process forwards the signal to each worker
and waits for them.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
import uvicorn

from .db.engine import Database
from .db.migrate import current_revision, head_revision, upgrade_to_head
from .db.tables import organizations
from .keys import service as keys
from .ops.logs import configure_logging
from .settings import Settings, get_settings

# Not imported from ops.metrics: importing prometheus-client here would fix its storage mode
# before the variable is set.
MULTIPROC_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"

DEV_ORG_NAME = "Development"

log = logging.getLogger("layers.server")


def app_factory():
    """Entry point of every uvicorn worker process; settings come from the environment."""
    # Imported here, in the serving process: the app imports prometheus-client (ops/metrics.py),
    # which fixes its storage mode at import, and `serve` sets that mode's variable first.
    from .app import create_app

    settings = get_settings()
    configure_logging(settings)
    return create_app(settings)


def serve(settings: Settings, *, host: str | None, port: int | None, workers: int) -> None:
    configure_logging(settings)
    if settings.is_sqlite:
        upgrade_to_head(settings.database_url)
        asyncio.run(
            _bootstrap_development_key(settings, host or settings.host, port or settings.port)
        )
    elif asyncio.run(_revision(settings)) != head_revision():
        print(
            "error: the database is not migrated; run `layers-server migrate` first",
            file=sys.stderr,
        )
        raise SystemExit(2)
    with _shared_metrics_directory(workers), _exit_zero_once_stopped():
        uvicorn.run(
            "layers_server.server:app_factory",
            factory=True,
            host=host or settings.host,
            port=port or settings.port,
            workers=workers,
            log_config=None,
            access_log=False,
            # Rounded up: a fractional grace must not become 0, which cancels requests at once.
            timeout_graceful_shutdown=math.ceil(settings.shutdown_grace_seconds),
        )


@contextmanager
def _shared_metrics_directory(workers: int) -> Iterator[None]:
    """Give ``--workers N`` processes one prometheus-client multiprocess directory.

    They share one port, so a scrape reaches one of them at random; only merged counters make
    it answer for all. An operator's own PROMETHEUS_MULTIPROC_DIR (shared with this host's
    workers, see docs/deployment.md) is kept as is; otherwise a fresh directory lives as long as
    this command (counters from a previous run must not leak into this one).
    """
    if workers <= 1 or os.environ.get(MULTIPROC_DIR_ENV):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="layers-metrics-") as directory:
        # Set before uvicorn spawns its workers: each reads it when it imports prometheus-client.
        os.environ[MULTIPROC_DIR_ENV] = directory
        log.info("metrics: %d processes share %s", workers, directory)
        try:
            yield
        finally:
            del os.environ[MULTIPROC_DIR_ENV]


@contextmanager
def _exit_zero_once_stopped() -> Iterator[None]:
    """Make a requested stop end the process with status 0.

    After its graceful shutdown, uvicorn restores the handler it found for SIGTERM/SIGINT and
    raises the signal again so that "the expected behaviour" follows; with the default handlers
    that is death by signal (exit status 143) or a KeyboardInterrupt traceback, which process
    managers report as a failure although every request was finished. The handler installed
    here turns that second delivery into a clean exit. (The ``--workers`` supervisor never
    re-raises; it returns once its workers are done.)
    """

    def stopped(signum: int, _frame: object) -> None:
        raise SystemExit(0)

    previous = {sig: signal.signal(sig, stopped) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


async def _revision(settings: Settings) -> str | None:
    db = Database.from_settings(settings)
    try:
        return await current_revision(db.engine)
    finally:
        await db.dispose()


async def _bootstrap_development_key(settings: Settings, host: str, port: int) -> None:
    """On an empty database, create an organization and print a `*` key, once."""
    db = Database.from_settings(settings)
    try:
        async with db.write() as conn:
            if await conn.scalar(sa.select(sa.func.count()).select_from(organizations)):
                return
            org = await keys.create_organization(conn, DEV_ORG_NAME)
            minted = await keys.create_key(
                conn,
                organization_id=org.id,
                name="development",
                scopes=["*"],
                tier="standard",
                # Live, so a newcomer's first ingestion reads the real site: test keys are a
                # sandbox that never leaves the machine.
                env="live",
                owner_email=None,
            )
    finally:
        await db.dispose()
    banner = "=" * 72
    print(
        f"{banner}\nCreated organization org_{org.id} ({DEV_ORG_NAME}) and its first API key.\n"
        f"It is shown only this once — store it now:\n\n    {minted.plaintext}\n\n"
        f"Try: curl -H 'Authorization: Bearer {minted.plaintext}' "
        f"http://{host}:{port}/v1/whoami\n{banner}",
        flush=True,
    )
