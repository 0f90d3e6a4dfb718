"""The composition root's objects: what a request or a worker needs, built once from settings."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import timedelta

from .brand.llm import LLMClient
from .db.engine import Database
from .jobs import registry as job_registry
from .jobs.queue import ProcessJobQueue
from .jobs.runner import Worker
from .kit.auth import LastUsedTracker
from .kit.idempotency import IdempotencyStore
from .kit.ratelimit import RateLimiter, create_backend, parse_tier_overrides
from .ops.metrics import observe_job
from .settings import Settings


@dataclass
class Services:
    settings: Settings
    db: Database
    limiter: RateLimiter
    last_used: LastUsedTracker
    idempotency: IdempotencyStore
    # Handed to every unit of work a request opens and to the workers of this process.
    jobs: ProcessJobQueue
    # The OpenAI-compatible endpoint behind hooks and keywords; None = the offline engine.
    llm: LLMClient | None
    # The in-process job worker (`settings.runs_in_process_worker`), started by `start`.
    worker: Worker | None = field(default=None, init=False)

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
            llm=_llm_client(settings),
        )

    def new_worker(
        self,
        *,
        concurrency: int,
        kinds: Collection[str] | None = None,
        worker_id: str | None = None,
    ) -> Worker:
        """A job worker of this process (``kinds``: only these; default every registered one)."""
        return Worker(
            db=self.db,
            settings=self.settings,
            queue=self.jobs,
            llm=self.llm,
            concurrency=concurrency,
            kinds=kinds,
            worker_id=worker_id,
            on_finished=observe_job,
        )

    async def start(self) -> None:
        self.last_used.start()
        # Even without a worker the API needs the kinds: a cancel asks for their stages.
        job_registry.load_kinds()
        if self.settings.runs_in_process_worker:
            self.worker = self.new_worker(concurrency=self.settings.worker_concurrency)
            self.worker.start()

    async def close(self) -> None:
        if self.worker is not None:
            await self.worker.stop()
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
