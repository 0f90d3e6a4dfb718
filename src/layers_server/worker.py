"""`layers-server worker`: a process that runs jobs and sends webhook deliveries, until
SIGTERM/SIGINT.

A second signal skips the shutdown grace period (jobs still running are handed back at once).
"""

from __future__ import annotations

import asyncio
import logging
import signal

from .ops.logs import configure_logging
from .services import Services
from .settings import Settings

log = logging.getLogger("layers.worker")


def run_worker_process(settings: Settings, concurrency: int | None = None) -> None:
    configure_logging(settings)
    asyncio.run(_run_worker(settings, concurrency or settings.worker_concurrency))


async def _run_worker(settings: Settings, concurrency: int) -> None:
    services = Services.build(settings)
    worker = services.new_worker(concurrency=concurrency)
    deliveries = services.new_delivery_worker(worker_id=worker.worker_id)
    loop = asyncio.get_running_loop()

    def on_signal() -> None:
        if worker.stopping:
            worker.abort_grace()
        else:
            log.info("worker shutting down", extra={"worker_id": worker.worker_id})
            worker.request_stop()
            deliveries.request_stop()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal)
    try:
        await asyncio.gather(worker.start(), deliveries.start())
    finally:
        await services.close()
