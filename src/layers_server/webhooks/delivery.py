"""The delivery worker: sends the outbox's webhook deliveries, retries them, pauses endpoints.

Claiming follows the job engine (jobs/runner.py). A delivery is claimable when it is
``pending``, due (``next_attempt_at <= now``) and not leased, or leased by a worker whose lease
ran out (it died mid-send). On PostgreSQL candidates are locked ``FOR UPDATE SKIP LOCKED``, so
workers claim disjoint deliveries; a claim sets ``locked_by`` and ``lease_expires_at`` and counts
the attempt, and every later write about the delivery is guarded by ``locked_by = me``
(`delivery_store.held_by`). Deliveries go out in ``(next_attempt_at, created_at, id)`` order, so
held ones made pending again by a re-activation go oldest first. Delivery is at least once: a
worker killed after the receiver answered but before recording it leaves the delivery to be sent
again when its lease runs out (receivers dedupe on the event id).

One attempt is one POST of the event's stored payload bytes, signed in both schemes with every
valid secret of the endpoint (the current one, and the previous one until it expires), through
the ingestion fetcher's guarded client (kit/fetch.py): the address connected to is vetted at
connect time, so an endpoint whose name now resolves to a private address is refused unless
the operator allows private fetching. Redirects are not followed. The outcome (`classify`):

* 2xx — ``succeeded``; the endpoint's failure streak is reset;
* 410 — ``failed`` and the endpoint ``disabled`` (its pending deliveries are held);
* 408, 429, 5xx, a timeout, a connection error — retried after the next delay of
  ``webhook_retry_delays`` ±20 % (a ``Retry-After`` of up to an hour is waited out); after the
  last delay the delivery is ``abandoned``;
* anything else (other 4xx, a 3xx, a refused address) — ``failed``, no retry.

Every failed attempt extends the endpoint's streak of consecutive failures; at
``webhook_auto_pause_after`` an active endpoint becomes ``auto_paused`` and its pending
deliveries ``held`` (sent again when it is made active). Each attempt writes one
``webhook_attempts`` row and one JSON log line (ids, attempt, outcome, HTTP status, duration:
never the secret or the URL).

Waking: on PostgreSQL the worker LISTENs on ``layers_webhooks`` (migration 0012's triggers NOTIFY
at the commit of a due delivery); in-process workers are also woken by `events.emit`'s
after-commit hook. Between wake-ups it sleeps until the soonest scheduled retry, at most
``job_poll_seconds``. Periodically it reaps deliveries finished ``webhook_retention_days`` ago.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import httpx

from ..db.engine import Database
from ..db.listen import listen_forever
from ..kit import clock
from ..kit.fetch import FetchError, FetchPolicy, Resolver, create_client
from ..settings import Settings
from . import delivery_store as store
from .delivery_store import ClaimedDelivery
from .events import public_event_id
from .signing import signature_headers

log = logging.getLogger("layers.webhooks")

USER_AGENT = "Layers-Webhooks/1"
# How long a claim lasts: an attempt takes at most the timeout, and recording it is given as
# long again (plus a little), before another worker presumes this one dead and sends the
# delivery again. Longer leases make a killed worker's deliveries wait longer.
LEASE_MARGIN_SECONDS = 2.0
RETRY_AFTER_CAP_SECONDS = 3600.0
MAX_RESPONSE_BYTES = 64 * 1024
JITTER = 0.2
REAP_INTERVAL_SECONDS = 600.0
MIN_WAIT_SECONDS = 0.005

# Told of every attempt: (outcome, seconds the attempt took). The composition root points it at
# the metrics (ops/metrics.py `observe_webhook_attempt`). Outcomes: succeeded, retrying, failed,
# abandoned, held.
AttemptHook = Callable[[str, float], None]


class Wakeups(Protocol):
    """Where an in-process worker is woken after commits (`jobs.queue.ProcessJobQueue`)."""

    def subscribe_deliveries(self, event: asyncio.Event) -> None: ...

    def unsubscribe_deliveries(self, event: asyncio.Event) -> None: ...


def delivery_id(value: Any) -> str:
    return f"whd_{value}"


def endpoint_id(value: Any) -> str:
    return f"whe_{value}"


# --------------------------------------------------------------------------- outcomes


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one attempt amounted to."""

    kind: str  # "succeeded" | "retry" | "failed" | "gone"
    response_status: int | None = None
    error: str | None = None
    retry_after: float | None = None  # seconds the receiver asked us to wait


def classify(response: httpx.Response, now: datetime) -> Outcome:
    status = response.status_code
    if 200 <= status < 300:
        return Outcome("succeeded", status)
    if status == 410:
        return Outcome("gone", status, "HTTP 410: the endpoint is gone")
    if status in (408, 429) or status >= 500:
        return Outcome(
            "retry", status, f"HTTP {status}", retry_after_seconds(response.headers, now)
        )
    if 300 <= status < 400:
        return Outcome("failed", status, f"HTTP {status}: redirects are not followed")
    return Outcome("failed", status, f"HTTP {status}")


def retry_after_seconds(headers: httpx.Headers, now: datetime) -> float | None:
    """A ``Retry-After`` in seconds or as an HTTP date, as seconds from ``now`` (None if absent
    or unreadable)."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - now).total_seconds()
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def retry_delay(
    delays: tuple[float, ...], attempt: int, retry_after: float | None, rng: random.Random
) -> float | None:
    """Seconds until the retry after attempt number ``attempt``, or None when the ladder is
    spent. A ``Retry-After`` (capped at an hour) is waited out if it asks for longer."""
    if attempt > len(delays):
        return None
    delay = delays[attempt - 1] * rng.uniform(1 - JITTER, 1 + JITTER)
    if retry_after is not None:
        delay = max(delay, min(retry_after, RETRY_AFTER_CAP_SECONDS))
    return delay


def valid_secrets(delivery: ClaimedDelivery, now: datetime) -> list[str]:
    """The current secret, and during a rotation the previous one until it expires."""
    secrets_ = [delivery.secret]
    expires = delivery.previous_secret_expires_at
    if delivery.previous_secret and expires is not None and now < expires:
        secrets_.append(delivery.previous_secret)
    return secrets_


def request_headers(delivery: ClaimedDelivery, now: datetime) -> dict[str, str]:
    event_id = public_event_id(delivery.event_id)
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Layers-Event-Id": event_id,
        "X-Layers-Event-Type": delivery.event_type,
        "X-Layers-Delivery-Id": delivery_id(delivery.id),
        **signature_headers(
            event_id=event_id,
            timestamp=int(now.timestamp()),
            body=delivery.payload,
            secrets_=valid_secrets(delivery, now),
        ),
    }


# --------------------------------------------------------------------------- the worker


class _LeaseLost(Exception):
    """Another worker holds the delivery now: this worker's outcome is not written."""


class DeliveryWorker:
    """Sends up to ``concurrency`` deliveries at once until stopped."""

    def __init__(
        self,
        *,
        db: Database,
        settings: Settings,
        worker_id: str,
        concurrency: int | None = None,
        wakeups: Wakeups | None = None,
        resolver: Resolver | None = None,
        now: Callable[[], datetime] = clock.utcnow,
        on_attempt: AttemptHook | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.worker_id = worker_id
        self.concurrency = concurrency or settings.webhook_delivery_concurrency
        if self.concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self._wakeups = wakeups
        self._resolver = resolver
        self._now = now
        self._on_attempt = on_attempt
        self._rng = rng or random.Random()
        self._delays = settings.webhook_retry_delays
        self._timeout = settings.webhook_timeout_seconds
        self._lease = timedelta(seconds=2 * self._timeout + LEASE_MARGIN_SECONDS)
        self._wakeup = asyncio.Event()
        self._stopping = asyncio.Event()
        self._sending: set[asyncio.Task] = set()
        self._main: asyncio.Task | None = None
        self._next_reap = 0.0
        self._client: httpx.AsyncClient | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> asyncio.Task:
        self._main = asyncio.create_task(self.run(), name=f"webhook-worker {self.worker_id}")
        return self._main

    def wake(self) -> None:
        self._wakeup.set()

    def request_stop(self) -> None:
        self._stopping.set()
        self._wakeup.set()

    async def stop(self) -> None:
        self.request_stop()
        if self._main is not None:
            await self._main

    async def run(self) -> None:
        if self._wakeups is not None:
            self._wakeups.subscribe_deliveries(self._wakeup)
        listener = None if self.db.is_sqlite else asyncio.create_task(self._listen())
        policy = FetchPolicy(
            allow_private=self.settings.fetch_allow_private,
            timeout=self._timeout,
            user_agent=USER_AGENT,
        )
        self._client = create_client(policy, resolver=self._resolver)
        log.info(
            "webhook delivery worker started",
            extra={"worker_id": self.worker_id, "concurrency": self.concurrency},
        )
        try:
            await self._claim_loop()
        finally:
            if self._wakeups is not None:
                self._wakeups.unsubscribe_deliveries(self._wakeup)
            if listener is not None:
                listener.cancel()
                await asyncio.gather(listener, return_exceptions=True)
            await self._drain()
            await self._client.aclose()
            log.info("webhook delivery worker stopped", extra={"worker_id": self.worker_id})

    async def _claim_loop(self) -> None:
        while not self._stopping.is_set():
            # Cleared before claiming, so a wake-up that arrives during the claim is kept.
            self._wakeup.clear()
            wait = self.settings.job_poll_seconds
            free = self.concurrency - len(self._sending)
            if free > 0:
                try:
                    claimed = await self._claim(free)
                    for delivery in claimed:
                        self._spawn(delivery)
                    if len(claimed) < free:
                        wait = await self._seconds_until_due(wait)
                except Exception:
                    log.warning("claiming webhook deliveries failed; will retry", exc_info=True)
            await self._reap()
            if wait > 0:
                try:
                    await asyncio.wait_for(self._wakeup.wait(), wait)
                except TimeoutError:
                    pass

    async def _drain(self) -> None:
        """Let the attempts in flight finish (each is bounded by the timeout), then release
        whatever is still held."""
        if self._sending:
            await asyncio.wait(self._sending, timeout=self.settings.shutdown_grace_seconds)
        unfinished = list(self._sending)
        for task in unfinished:
            task.cancel()
        await asyncio.gather(*unfinished, return_exceptions=True)
        try:
            async with self.db.write() as conn:
                await store.hand_back(conn, self.worker_id, self._now())
        except Exception:
            # The leases run out on their own and another worker sends the deliveries.
            log.warning("could not hand webhook deliveries back at shutdown", exc_info=True)

    # --- claiming -----------------------------------------------------------------------------

    async def _claim(self, limit: int) -> list[ClaimedDelivery]:
        now = self._now()
        if self.db.is_sqlite:
            # Woken by every commit that emitted an event (subscribed or not): look first.
            async with self.db.read() as conn:
                if not await store.any_claimable(conn, now):
                    return []
        async with self.db.write() as conn:
            return await store.claim(
                conn,
                limit=limit,
                worker_id=self.worker_id,
                now=now,
                lease_until=now + self._lease,
            )

    async def _seconds_until_due(self, longest: float) -> float:
        async with self.db.read() as conn:
            due_at = await store.next_due_at(conn)
        if due_at is None:
            return longest
        # At least a moment: a due delivery that another worker is claiming right now (skipped
        # as locked) must not make this loop spin until that claim commits.
        return max(MIN_WAIT_SECONDS, min(longest, (due_at - self._now()).total_seconds()))

    def _spawn(self, delivery: ClaimedDelivery) -> None:
        task = asyncio.create_task(self._deliver(delivery), name=delivery_id(delivery.id))
        self._sending.add(task)
        task.add_done_callback(self._sent)

    def _sent(self, task: asyncio.Task) -> None:
        self._sending.discard(task)
        self._wakeup.set()  # a slot is free

    # --- one attempt --------------------------------------------------------------------------

    async def _deliver(self, delivery: ClaimedDelivery) -> None:
        try:
            if delivery.endpoint_status != "active":
                # Paused or disabled after the delivery became due: keep it for re-activation.
                await self._record(delivery, None, "held", 0.0)
                return
            if delivery.attempt > len(self._delays) + 1:
                # Only takeovers get here: workers kept dying while sending it.
                outcome = Outcome("retry", error="interrupted too many times")
                await self._record(delivery, outcome, "abandoned", 0.0)
                return
            started = time.monotonic()
            outcome = await self._send(delivery)
            seconds = time.monotonic() - started
            await self._record(delivery, outcome, None, seconds)
        except _LeaseLost:
            log.warning(
                "webhook attempt outcome discarded: another worker holds the delivery now",
                extra={"delivery_id": delivery_id(delivery.id)},
            )
        except Exception:
            # The recording write failed (database down): the lease runs out and the delivery
            # is sent again.
            log.exception(
                "could not record a webhook attempt",
                extra={"delivery_id": delivery_id(delivery.id)},
            )

    async def _send(self, delivery: ClaimedDelivery) -> Outcome:
        assert self._client is not None
        now = self._now()
        request = self._client.build_request(
            "POST", delivery.url, content=delivery.payload, headers=request_headers(delivery, now)
        )
        try:
            # One deadline for the whole attempt: httpx's timeouts are per operation.
            async with asyncio.timeout(self._timeout):
                response = await self._client.send(request, stream=True, follow_redirects=False)
                try:
                    # Read (a bounded part of) the answer's body, which is not needed, so that
                    # the connection can be kept alive for the next delivery: a response closed
                    # unread closes its connection. A longer body is cut off with it.
                    received = 0
                    async for chunk in response.aiter_raw():
                        received += len(chunk)
                        if received > MAX_RESPONSE_BYTES:
                            break
                finally:
                    await response.aclose()
        except FetchError as error:
            if error.code == "BLOCKED_ADDRESS":
                return Outcome("failed", error="the endpoint's address is not public")
            return Outcome("retry", error="the endpoint's host could not be resolved")
        except (TimeoutError, httpx.TimeoutException):
            return Outcome("retry", error=f"no answer within {self._timeout:g} s")
        except httpx.ConnectError:
            return Outcome("retry", error="could not connect")
        except (httpx.InvalidURL, httpx.UnsupportedProtocol):
            return Outcome("failed", error="the endpoint's URL cannot be requested")
        except httpx.TransportError as error:
            return Outcome("retry", error=f"the connection failed ({type(error).__name__})")
        return classify(response, self._now())

    async def _record(
        self, delivery: ClaimedDelivery, outcome: Outcome | None, forced: str | None, seconds: float
    ) -> None:
        """Write the attempt and its consequences in one transaction. ``outcome`` None: nothing
        was sent (the delivery is held); ``forced``: the delivery's state regardless."""
        now = self._now()
        next_attempt_at = None
        retry_in: float | None = None
        attempt = None
        if outcome is not None:
            attempt = store.Attempt(
                attempted_at=now - timedelta(seconds=seconds),
                response_status=outcome.response_status,
                duration_ms=round(seconds * 1000),
                error=outcome.error,
            )
        if (
            attempt is not None
            and outcome is not None
            and outcome.kind == "succeeded"
            and not forced
        ):
            # The common case, in one round trip on PostgreSQL.
            success = store.succeeded(
                self.db, delivery.id, self.worker_id, delivery.endpoint_id, attempt, now
            )
            if not await success:
                raise _LeaseLost
            self._observe(delivery, "succeeded", outcome, seconds)
            return
        async with self.db.write() as conn:
            if outcome is None or attempt is None:
                status = forced or "held"
                if not await store.finish(
                    conn, delivery.id, self.worker_id, status=status, now=now, count_attempt=False
                ):
                    raise _LeaseLost
                self._observe(delivery, status, None, seconds)
                return
            await store.record_attempt(conn, delivery.id, attempt)
            endpoint_status = "active"
            if outcome.kind != "succeeded":
                endpoint_status, changed = await store.endpoint_failed(
                    conn,
                    delivery.endpoint_id,
                    now,
                    pause_after=self.settings.webhook_auto_pause_after,
                    disable=outcome.kind == "gone",
                )
                if changed and endpoint_status in ("auto_paused", "disabled"):
                    held = await store.hold_pending(conn, delivery.endpoint_id, now)
                    log.warning(
                        "webhook endpoint %s",
                        endpoint_status,
                        extra={
                            "endpoint_id": endpoint_id(delivery.endpoint_id),
                            "status": endpoint_status,
                            "held_deliveries": held,
                        },
                    )
            if forced is not None:
                status = forced
            elif outcome.kind == "succeeded":
                status = "succeeded"
            elif outcome.kind in ("failed", "gone"):
                status = "failed"
            else:
                retry_in = retry_delay(
                    self._delays, delivery.attempt, outcome.retry_after, self._rng
                )
                if retry_in is None:
                    status = "abandoned"
                elif endpoint_status != "active":
                    status, retry_in = "held", None
                else:
                    status = "pending"
                    next_attempt_at = now + timedelta(seconds=retry_in)
            if not await store.finish(
                conn,
                delivery.id,
                self.worker_id,
                status=status,
                now=now,
                next_attempt_at=next_attempt_at,
                last_status=outcome.response_status,
                last_error=outcome.error,
            ):
                raise _LeaseLost
        result = "retrying" if status == "pending" else status
        self._observe(delivery, result, outcome, seconds, retry_in)
        if retry_in is not None:
            # Come back for it when it is due rather than at the next poll.
            asyncio.get_running_loop().call_later(retry_in, self._wakeup.set)

    def _observe(
        self,
        delivery: ClaimedDelivery,
        result: str,
        outcome: Outcome | None,
        seconds: float,
        retry_in: float | None = None,
    ) -> None:
        if outcome is not None and self._on_attempt is not None:
            self._on_attempt(result, seconds)
        log.info(
            "webhook attempt" if outcome is not None else "webhook delivery held",
            extra={
                "event_id": public_event_id(delivery.event_id),
                "event_type": delivery.event_type,
                "delivery_id": delivery_id(delivery.id),
                "endpoint_id": endpoint_id(delivery.endpoint_id),
                "attempt": delivery.attempt,
                "outcome": result,
                "response_status": outcome.response_status if outcome else None,
                "error": outcome.error if outcome else None,
                "duration_ms": round(seconds * 1000),
                "retry_in_seconds": None if retry_in is None else round(retry_in, 3),
                "worker_id": self.worker_id,
            },
        )

    # --- housekeeping -------------------------------------------------------------------------

    async def _reap(self) -> None:
        loop = asyncio.get_running_loop()
        if loop.time() < self._next_reap:
            return
        self._next_reap = loop.time() + REAP_INTERVAL_SECONDS
        try:
            deliveries, events = await reap_finished(self.db, self.settings, self._now())
        except Exception:
            log.warning("reaping finished webhook deliveries failed", exc_info=True)
            return
        if deliveries or events:
            log.info(
                "reaped finished webhook deliveries",
                extra={"deliveries": deliveries, "events": events},
            )

    async def _listen(self) -> None:
        await listen_forever(self.settings.database_url, store.NOTIFY_CHANNEL, self._wakeup.set)


async def reap_finished(db: Database, settings: Settings, now: datetime) -> tuple[int, int]:
    """Delete the deliveries (and attempts) finished ``webhook_retention_days`` before ``now``,
    and the events left without a delivery; returns how many (deliveries, events)."""
    cutoff = now - timedelta(days=settings.webhook_retention_days)
    total_deliveries = total_events = 0
    while True:
        async with db.write() as conn:
            deliveries, events = await store.reap_finished(conn, cutoff)
        total_deliveries += deliveries
        total_events += events
        if deliveries < store.REAP_BATCH and events < store.REAP_BATCH:
            return total_deliveries, total_events
