"""The process-wide objects a request or a worker needs, built once from settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from .brand.llm import LLMClient
from .db.engine import Database
from .jobs import registry as job_registry
from .jobs.service import JobQueue
from .kit.auth import LastUsedTracker
from .kit.idempotency import WriteExecutor
from .kit.ratelimit import RateLimiter, create_backend, parse_tier_overrides
from .settings import Settings

if TYPE_CHECKING:
    from .jobs.runner import Worker


@dataclass
class Services:
    settings: Settings
    db: Database
    limiter: RateLimiter
    last_used: LastUsedTracker
    writes: WriteExecutor
    jobs: JobQueue
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
            writes=WriteExecutor(db, timedelta(seconds=settings.idempotency_ttl_seconds)),
            jobs=JobQueue.attach(db, settings),
            llm=_llm_client(settings),
        )

    async def start(self) -> None:
        self.last_used.start()
        # Even without a worker the API needs the kinds: a cancel asks for their stages.
        job_registry.load_kinds()
        if self.settings.runs_in_process_worker:
            from .jobs.runner import Worker

            self.worker = Worker(self, concurrency=self.settings.worker_concurrency)
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
