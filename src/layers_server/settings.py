"""All operator settings, read once from ``LAYERS_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    # hide_input_in_errors: a refused setting is reported without its value, which may be a key.
    model_config = SettingsConfigDict(
        env_prefix="LAYERS_", extra="ignore", hide_input_in_errors=True
    )

    database_url: str = Field(
        "sqlite:///./layers.db",
        description="SQLite file (embedded default) or postgresql://user@host:port/db.",
    )
    redis_url: str | None = Field(
        None, description="Redis for shared rate-limit counters; unset = process memory."
    )
    host: str = Field("127.0.0.1", description="Address `serve` binds to.")
    port: int = Field(8000, description="Port `serve` listens on.")
    db_pool_size: int = Field(
        20, description="PostgreSQL connections kept open per process; more requests queue."
    )
    db_max_overflow: int = Field(
        0, description="Extra PostgreSQL connections under burst, each closed after one use."
    )

    max_body_bytes: int = Field(64 * 1024, description="Largest accepted request body.")
    max_json_depth: int = Field(32, description="Deepest accepted JSON nesting in a body.")

    idempotency_ttl_seconds: int = Field(24 * 3600, description="How long Idempotency-Keys live.")
    idempotency_wait_seconds: float = Field(
        5.0, description="How long a duplicate waits for the first request with its key."
    )

    rate_limit_tiers: str | None = Field(
        None,
        description='JSON overriding the tier table, e.g. {"standard": {"read_per_min": 300}}.',
    )
    concurrent_jobs_per_org: int = Field(20, description="Running jobs allowed per organization.")

    in_process_worker: bool | None = Field(
        None, description="Run a job worker inside `serve`; default: yes on SQLite, no otherwise."
    )
    worker_concurrency: int = Field(4, description="Jobs one worker process runs at once.")
    job_lease_seconds: float = Field(
        30.0, description="A claimed job's lease; heartbeats renew it."
    )
    job_poll_seconds: float = Field(
        2.0, description="Worker poll interval when no wake-up arrives."
    )
    job_max_attempts: int = Field(5, description="Attempts before a transiently failing job fails.")
    job_plugins: str = Field(
        "", description="Comma-separated modules whose `KINDS` add job kinds (extensions, tests)."
    )

    fetch_allow_private: bool = Field(
        False, description="Let ingestion reach private/loopback addresses (tests only)."
    )
    fetch_timeout_seconds: float = Field(10.0, description="Per-request timeout of ingestion.")

    webhook_retry_schedule: str = Field(
        "30,60,300,900,3600,21600,86400",
        description="Seconds between a webhook delivery's attempts (comma-separated, ±20% "
        "jitter); after the last the delivery is abandoned.",
    )
    webhook_timeout_seconds: float = Field(
        10.0, description="How long a webhook receiver has to answer one attempt."
    )
    webhook_auto_pause_after: int = Field(
        20, description="Consecutive failed attempts after which an endpoint is auto_paused."
    )
    webhook_hold_hours: float = Field(
        72.0, description="Held deliveries older than this are abandoned when sent again."
    )
    webhook_delivery_concurrency: int = Field(
        16, ge=1, description="Webhook deliveries one worker process sends at once."
    )
    webhook_retention_days: float = Field(
        30.0,
        description="Finished webhook deliveries, their attempts and events are kept this long.",
    )
    ios_lookup_url: str = Field("https://itunes.apple.com/lookup", description="Apple lookup API.")
    android_listing_url: str = Field(
        "https://play.google.com/store/apps/details", description="Google Play listing page."
    )

    llm_base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint for hooks/keywords; unset = offline engine."
    )
    llm_api_key: SecretStr | None = Field(None, description="Bearer token for the LLM endpoint.")
    llm_model: str = Field("gpt-4o-mini", description="Model name sent to the LLM endpoint.")
    llm_timeout_seconds: float = Field(10.0, description="LLM call timeout before falling back.")

    github_api_url: str = Field(
        "https://api.github.com",
        description="GitHub REST API base (GitHub Enterprise: https://HOST/api/v3).",
    )
    github_web_url: str = Field(
        "https://github.com",
        description="GitHub web and git base (GitHub Enterprise: https://HOST).",
    )
    github_app_id: int | None = Field(
        None, description="The GitHub App's id; unset = GitHub routes answer 409."
    )
    github_app_slug: str | None = Field(
        None, description="The GitHub App's URL name, as in github.com/apps/<slug>."
    )
    github_private_key: SecretStr | None = Field(
        None, description="The GitHub App's private key (PEM text)."
    )
    github_private_key_file: str | None = Field(
        None, description="Path of a file holding the GitHub App's private key (PEM)."
    )
    github_timeout_seconds: float = Field(10.0, description="Timeout of one GitHub API call.")
    github_clone_timeout_seconds: float = Field(
        120.0, description="Longest a repository clone (or push) may take before it is stopped."
    )
    github_clone_max_bytes: int = Field(
        512 * 1024 * 1024, description="Largest repository a GitHub ingestion clones, in bytes."
    )
    github_work_dir: str | None = Field(
        None,
        description="Where working copies live while a job runs; unset = <tmp>/layers-github.",
    )

    public_base_url: str | None = Field(
        None,
        description="Absolute base for URLs the API returns (e.g. imageUrl); unset = relative.",
    )
    shutdown_grace_seconds: float = Field(
        30.0, description="On SIGTERM, how long in-flight requests and jobs get to finish."
    )
    log_format: Literal["auto", "json", "console"] = Field(
        "auto", description="auto = console on a terminal, JSON otherwise."
    )
    log_level: str = Field("INFO", description="Python logging level.")

    @field_validator("webhook_retry_schedule")
    @classmethod
    def _retry_schedule_is_delays(cls, value: str) -> str:
        try:
            delays = [float(part) for part in value.split(",")]
        except ValueError:
            raise ValueError("expected comma-separated numbers of seconds") from None
        if not delays or any(delay <= 0 for delay in delays):
            raise ValueError("expected one or more positive numbers of seconds")
        return value

    @property
    def webhook_retry_delays(self) -> tuple[float, ...]:
        """Seconds to wait before each retry of a webhook delivery."""
        return tuple(float(part) for part in self.webhook_retry_schedule.split(","))

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        """Accept the plain URLs operators write and pick the async driver we ship."""
        for plain, driver in (
            ("sqlite://", "sqlite+aiosqlite://"),
            ("postgresql://", "postgresql+asyncpg://"),
            ("postgres://", "postgresql+asyncpg://"),
        ):
            if url.startswith(plain):
                return driver + url[len(plain) :]
        return url

    @model_validator(mode="after")
    def _github_app_complete(self) -> Settings:
        """A half-configured GitHub App is an operator mistake: say so at start, not per job."""
        given = {
            "LAYERS_GITHUB_APP_ID": self.github_app_id is not None,
            "LAYERS_GITHUB_APP_SLUG": bool(self.github_app_slug),
            "LAYERS_GITHUB_PRIVATE_KEY or LAYERS_GITHUB_PRIVATE_KEY_FILE": (
                self.github_private_key is not None or bool(self.github_private_key_file)
            ),
        }
        if any(given.values()) and not all(given.values()):
            missing = ", ".join(name for name, present in given.items() if not present)
            raise ValueError(f"a GitHub App is partly configured; also set {missing}")
        if self.github_private_key is not None and self.github_private_key_file:
            raise ValueError(
                "set one of LAYERS_GITHUB_PRIVATE_KEY and LAYERS_GITHUB_PRIVATE_KEY_FILE, not both"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def runs_in_process_worker(self) -> bool:
        return self.is_sqlite if self.in_process_worker is None else self.in_process_worker


@lru_cache
def get_settings() -> Settings:
    return Settings()
