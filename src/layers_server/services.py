"""The composition root: every process-wide object a request or a worker needs, built once
from settings, and the wiring between domains — which job kinds exist, who reacts to whose
changes. The one module that knows every domain (with app.py, which mounts their routes).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import timedelta

from .brand.llm import LLMClient
from .db.engine import Database
from .db.unit_of_work import Reactions
from .github import jobs as github_jobs
from .influencers import jobs as influencer_jobs
from .influencers.service import first_influencer
from .ingest import jobs as ingest_jobs
from .jobs.queue import ProcessJobQueue
from .jobs.registry import JobKinds, plugin_kinds
from .jobs.runner import Worker, default_worker_id
from .keywords import jobs as keyword_jobs
from .keywords.service import research_new_description
from .kit.auth import LastUsedTracker
from .kit.idempotency import IdempotencyStore
from .kit.ratelimit import RateLimiter, create_backend, parse_tier_overrides
from .ops.metrics import observe_job, observe_webhook_attempt
from .projects.service import AppDescriptionSet
from .settings import Settings
from .webhooks.delivery import DeliveryWorker


def job_kinds(settings: Settings) -> JobKinds:
    """Every domain's job kinds (docs/api/jobs.md), plus the operator's plugins."""
    return JobKinds(
        [
            *ingest_jobs.KINDS,
            *keyword_jobs.KINDS,
            *influencer_jobs.KINDS,
            *github_jobs.KINDS,
            *plugin_kinds(settings.job_plugins),
        ]
    )


def reactions() -> Reactions:
    """Who writes what, in the same transaction, when another domain announces a change."""
    wiring = Reactions()
    # A new appDescription starts the background workflows (docs/api/projects.md): keyword
    # research every time, the first influencer when the project is created with one.
    wiring.on(AppDescriptionSet, research_new_description)
    wiring.on(AppDescriptionSet, first_influencer)
    return wiring


@dataclass
class Services:
    settings: Settings
    db: Database
    limiter: RateLimiter
    last_used: LastUsedTracker
    idempotency: IdempotencyStore
    # Handed to every unit of work a request opens and to the workers of this process.
    jobs: ProcessJobQueue
    job_kinds: JobKinds
    reactions: Reactions
    # The OpenAI-compatible endpoint behind hooks and keywords; None = the offline engine.
    llm: LLMClient | None
    # The in-process job worker (`settings.runs_in_process_worker`), started by `start`.
    worker: Worker | None = field(default=None, init=False)
    # Its webhook delivery worker, started beside it.
    delivery_worker: DeliveryWorker | None = field(default=None, init=False)

    @classmethod
    def build(cls, settings: Settings) -> Services:
        db = Database.from_settings(settings)
        return cls(
            settings=settings,
            db=db,
            limiter=RateLimiter(
                create_backend(settings.redis_url),
                parse_tier_overrides(settings.rate_limit_tiers),
            ),
            last_used=LastUsedTracker(db),
            idempotency=IdempotencyStore(db, timedelta(seconds=settings.idempotency_ttl_seconds)),
            jobs=ProcessJobQueue(settings.concurrent_jobs_per_org),
            job_kinds=job_kinds(settings),
            reactions=reactions(),
            llm=_llm_client(settings),
        )

    def new_worker(
        self,
        *,
        concurrency: int,
        kinds: Collection[str] | None = None,
        worker_id: str | None = None,
    ) -> Worker:
        """A job worker of this process (``kinds``: only these; default every known one)."""
        return Worker(
            db=self.db,
            settings=self.settings,
            queue=self.jobs,
            job_kinds=self.job_kinds,
            reactions=self.reactions,
            llm=self.llm,
            concurrency=concurrency,
            kinds=kinds,
            worker_id=worker_id,
            on_finished=observe_job,
        )

    def new_delivery_worker(
        self, *, concurrency: int | None = None, worker_id: str | None = None
    ) -> DeliveryWorker:
        """A webhook delivery worker of this process (woken by this process's commits too)."""
        return DeliveryWorker(
            db=self.db,
            settings=self.settings,
            worker_id=worker_id or default_worker_id(),
            concurrency=concurrency,
            wakeups=self.jobs,
            on_attempt=observe_webhook_attempt,
        )

    async def start(self) -> None:
        self.last_used.start()
        if self.settings.runs_in_process_worker:
            self.worker = self.new_worker(concurrency=self.settings.worker_concurrency)
            self.worker.start()
            self.delivery_worker = self.new_delivery_worker()
            self.delivery_worker.start()

    async def close(self) -> None:
        if self.delivery_worker is not None:
            self.delivery_worker.request_stop()
        if self.worker is not None:
            await self.worker.stop()
        if self.delivery_worker is not None:
            await self.delivery_worker.stop()
        await self.last_used.stop()
        await self.limiter.close()
        await self.db.dispose()


def _llm_client(settings: Settings) -> LLMClient | None:
    if not settings.llm_base_url:
        return None
    return LLMClient(
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key.get_secret_value() if settings.llm_api_key else None,
        model=settings.llm_model,
        timeout=settings.llm_timeout_seconds,
    )
