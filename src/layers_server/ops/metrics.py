"""Prometheus metrics: HTTP traffic, idempotent replays, rate-limit refusals, jobs, webhooks.

Two kinds of numbers:

* **Events** (requests, replays, refusals, finished jobs, webhook attempts) are counted where
  they happen, in the process that saw them. With one process they live in prometheus-client's
  default registry. When ``PROMETHEUS_MULTIPROC_DIR`` is set, every process writes them to
  memory-mapped files in that directory and each scrape merges all the files, so any process of
  the host answers with the host's totals (prometheus-client's multiprocess mode). ``serve
  --workers N`` needs it: its processes share one port and a scrape reaches one of them at
  random. The variable must be set before this module is first imported (prometheus-client picks
  its storage at import time), which is why `server.serve` sets it before uvicorn starts its
  workers.
* **State** of the job queue (jobs queued and running by kind, queue depth, age of the oldest
  waiting job) and of the webhook delivery queue (due deliveries, age of the oldest) is read
  from the tables at scrape time, so it is the whole deployment's
  truth whichever process answers and survives restarts.

The job engine reports each finished job with `observe_job`, the webhook delivery worker each
attempt with `observe_webhook_attempt`.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import choose_encoder
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from ..db.engine import Database
from ..jobs import store as job_store
from ..kit import clock
from ..kit.middleware import AnsweredRequest
from ..webhooks import delivery_store as webhook_store

log = logging.getLogger("layers.metrics")

MULTIPROC_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Read once, together with prometheus-client: the storage of every metric below depends on it.
_MULTIPROC_DIR = os.environ.get(MULTIPROC_DIR_ENV)
if _MULTIPROC_DIR:
    # A missing directory would make the first counted request raise, in every process.
    os.makedirs(_MULTIPROC_DIR, exist_ok=True)

# A route label is a template or `kit.middleware.UNMATCHED_ROUTE`, never a raw path; likewise a
# method outside this set (anyone can send `FOO /`) is counted as "other".
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

# A create is a few milliseconds; the low buckets are where the interesting changes happen.
_HTTP_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Jobs fetch websites and app stores: seconds to minutes.
_JOB_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)

HTTP_REQUESTS = Counter(
    "layers_http_requests",
    "HTTP requests answered, by route template, method and status.",
    ["route", "method", "status"],
)
HTTP_REQUEST_DURATION = Histogram(
    "layers_http_request_duration_seconds",
    "Time from receiving a request to finishing its response, by route template and method.",
    ["route", "method"],
    buckets=_HTTP_BUCKETS,
)
IDEMPOTENT_REPLAYS = Counter(
    "layers_idempotent_replays",
    "Responses replayed from the idempotency store (Idempotent-Replayed: true).",
    ["route", "method"],
)
RATE_LIMITED = Counter(
    "layers_rate_limited",
    "Requests refused with 429 RATE_LIMITED, by endpoint class.",
    ["endpoint_class"],
)
JOB_DURATION = Histogram(
    "layers_job_duration_seconds",
    "Run time of finished jobs (last attempt), by kind and final status.",
    ["kind", "status"],
    buckets=_JOB_BUCKETS,
)

# A webhook attempt is bounded by `webhook_timeout_seconds` (10 s by default).
_WEBHOOK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
WEBHOOK_DELIVERIES = Counter(
    "layers_webhook_deliveries",
    "Webhook delivery attempts by what they left the delivery as: succeeded, retrying, failed, "
    "abandoned or held.",
    ["outcome"],
)
WEBHOOK_ATTEMPT_DURATION = Histogram(
    "layers_webhook_attempt_duration_seconds",
    "Time one webhook attempt took, from sending the request to the receiver's answer.",
    buckets=_WEBHOOK_BUCKETS,
)

# The jobs table must not hold up a scrape (Prometheus gives up after its scrape timeout).
JOB_STATS_TIMEOUT_SECONDS = 2.0


def observe_request(answered: AnsweredRequest) -> None:
    """Count one answered request (the app hands this to the request-context middleware)."""
    route = answered.route
    method = answered.method if answered.method in _METHODS else "other"
    HTTP_REQUESTS.labels(route, method, str(answered.status)).inc()
    HTTP_REQUEST_DURATION.labels(route, method).observe(answered.seconds)
    if answered.replayed:
        IDEMPOTENT_REPLAYS.labels(route, method).inc()
    if answered.rate_limited_class is not None:
        RATE_LIMITED.labels(answered.rate_limited_class).inc()


def observe_job(kind: str, status: str, seconds: float) -> None:
    """Record a job that reached a terminal status (``completed``, ``failed``, ``canceled``).

    The composition root hands it to the job workers. Its ``_count`` series is also the counter
    of finished jobs by kind and status (``rate(layers_job_duration_seconds_count[5m])``).
    """
    JOB_DURATION.labels(kind, status).observe(seconds)


def observe_webhook_attempt(outcome: str, seconds: float) -> None:
    """Record one webhook attempt (the composition root hands it to the delivery workers)."""
    WEBHOOK_DELIVERIES.labels(outcome).inc()
    WEBHOOK_ATTEMPT_DURATION.observe(seconds)


# --------------------------------------------------------------------------- job queue state


@dataclass(frozen=True)
class JobStats:
    """A snapshot of the job queue; ``readable`` is False when the jobs table could not be read."""

    readable: bool
    # (kind, status) → count, for the statuses a job passes through before it finishes.
    unfinished: dict[tuple[str, str], int] = field(default_factory=dict)
    queue_depth: int = 0
    oldest_wait_seconds: float = 0.0
    # The webhook deliveries due now and how long the oldest of them has waited.
    webhook_queue_depth: int = 0
    webhook_oldest_wait_seconds: float = 0.0


async def read_job_stats(db: Database, now: datetime | None = None) -> JobStats:
    now = now or clock.utcnow()
    try:
        async with asyncio.timeout(JOB_STATS_TIMEOUT_SECONDS), db.read() as conn:
            unfinished = await job_store.unfinished_by_kind(conn)
            due_count, oldest_due = await job_store.due(conn, now)
            webhooks_due, oldest_webhook = await webhook_store.due(conn, now)
    except Exception as error:  # any failure: the scrape still answers, saying it is blind
        log.warning("metrics: cannot read the jobs table (%s)", type(error).__name__)
        return JobStats(readable=False)
    return JobStats(
        readable=True,
        unfinished=unfinished,
        queue_depth=due_count,
        oldest_wait_seconds=_waited(now, oldest_due),
        webhook_queue_depth=webhooks_due,
        webhook_oldest_wait_seconds=_waited(now, oldest_webhook),
    )


def _waited(now: datetime, since: datetime | None) -> float:
    return 0.0 if since is None else max(0.0, (now - since).total_seconds())


class JobStatsCollector(Collector):
    """Exposes one `JobStats` snapshot as gauges.

    Built per scrape from a snapshot the scrape read beforehand: a collector's ``collect`` is
    synchronous, and the database is only reachable asynchronously from the event loop.
    """

    def __init__(self, stats: JobStats) -> None:
        self._stats = stats

    def collect(self) -> Iterable[Metric]:
        stats = self._stats
        yield GaugeMetricFamily(
            "layers_job_stats_readable",
            "1 when this scrape could read the jobs table; the job gauges are absent otherwise.",
            value=1 if stats.readable else 0,
        )
        if not stats.readable:
            return
        unfinished = GaugeMetricFamily(
            "layers_jobs",
            "Jobs not finished yet, by kind and status (queued or running).",
            labels=["kind", "status"],
        )
        for (kind, status), count in sorted(stats.unfinished.items()):
            unfinished.add_metric([kind, status], count)
        yield unfinished
        yield GaugeMetricFamily(
            "layers_jobs_queue_depth",
            "Queued jobs that are due now (not waiting out a retry backoff).",
            value=stats.queue_depth,
        )
        yield GaugeMetricFamily(
            "layers_jobs_queue_oldest_age_seconds",
            "How long the longest-waiting due job has been waiting; 0 when none is.",
            value=stats.oldest_wait_seconds,
        )
        yield GaugeMetricFamily(
            "layers_webhook_queue_depth",
            "Pending webhook deliveries that are due now and not being sent.",
            value=stats.webhook_queue_depth,
        )
        yield GaugeMetricFamily(
            "layers_webhook_oldest_pending_age_seconds",
            "How long the longest-waiting due webhook delivery has been due; 0 when none is.",
            value=stats.webhook_oldest_wait_seconds,
        )


# --------------------------------------------------------------------------- exposition


class _Scrape:
    """Everything one scrape exposes: the counted events plus the queue snapshot."""

    def __init__(self, *collectors: Collector) -> None:
        self._collectors = collectors

    def collect(self) -> Iterable[Metric]:
        for collector in self._collectors:
            yield from collector.collect()


_multiprocess_registry: CollectorRegistry | None = None


def _event_metrics() -> Collector:
    """This process' registry, or in multiprocess mode the merge of every process' files."""
    global _multiprocess_registry
    if _MULTIPROC_DIR is None:
        return REGISTRY
    if _multiprocess_registry is None:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=_MULTIPROC_DIR)
        _multiprocess_registry = registry
    return _multiprocess_registry


def render_metrics(stats: JobStats, accept: str | None) -> tuple[bytes, str]:
    """The scrape body and its content type (Prometheus text, or OpenMetrics if asked for)."""
    encode, content_type = choose_encoder(accept or "")
    return encode(_Scrape(_event_metrics(), JobStatsCollector(stats))), content_type
