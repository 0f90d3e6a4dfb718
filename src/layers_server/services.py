"""The process-wide objects a request or a worker needs, built once from settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from .db.engine import Database
from .kit.auth import LastUsedTracker
from .kit.idempotency import WriteExecutor
from .kit.ratelimit import RateLimiter, create_backend, parse_tier_overrides
from .settings import Settings


@dataclass
class Services:
    settings: Settings
    db: Database
    limiter: RateLimiter
    last_used: LastUsedTracker
    writes: WriteExecutor

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
        )

    async def start(self) -> None:
        self.last_used.start()

    async def close(self) -> None:
        await self.last_used.stop()
        await self.limiter.close()
        await self.db.dispose()
