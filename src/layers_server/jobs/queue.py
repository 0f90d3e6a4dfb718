"""The job queue as one process holds it: the concurrent-jobs cap and the workers to wake.

The queue itself is the ``jobs`` table; this is the little per-process state enqueueing needs
besides a transaction. `Services` builds one and hands it to every unit of work it opens and to
its in-process worker; nothing finds it any other way.
"""

from __future__ import annotations

import asyncio


class ProcessJobQueue:
    """Implements `db.unit_of_work.JobQueue`."""

    def __init__(self, concurrent_jobs_per_org: int) -> None:
        self._concurrent_jobs_per_org = concurrent_jobs_per_org
        self._wakeups: set[asyncio.Event] = set()
        self._delivery_wakeups: set[asyncio.Event] = set()

    @property
    def concurrent_jobs_per_org(self) -> int:
        return self._concurrent_jobs_per_org

    def subscribe(self, event: asyncio.Event) -> None:
        """An in-process worker asks to be woken when a commit enqueues jobs."""
        self._wakeups.add(event)

    def unsubscribe(self, event: asyncio.Event) -> None:
        self._wakeups.discard(event)

    def wake(self) -> None:
        for event in self._wakeups:
            event.set()

    # Webhook delivery workers of this process wait on their own events: a commit that wrote
    # a delivery should not send the job workers to look for jobs, nor the reverse.

    def subscribe_deliveries(self, event: asyncio.Event) -> None:
        """A webhook delivery worker asks to be woken when a commit writes deliveries."""
        self._delivery_wakeups.add(event)

    def unsubscribe_deliveries(self, event: asyncio.Event) -> None:
        self._delivery_wakeups.discard(event)

    def wake_deliveries(self) -> None:
        for event in self._delivery_wakeups:
            event.set()
