"""The schema, as SQLAlchemy Core tables. Alembic migrations are written against this metadata."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator):
    """Stored as naive UTC on both databases; always handed back timezone-aware."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class random_uuid(FunctionElement):  # noqa: N801 - named like the SQL function it renders
    """A random UUID drawn by the database, for rows an INSERT … SELECT writes (one per row),
    stored the way ``sa.Uuid`` stores one on each dialect."""

    type = sa.Uuid()
    inherit_cache = True


@compiles(random_uuid, "postgresql")
def _random_uuid_postgresql(element, compiler, **kw) -> str:
    return "gen_random_uuid()"


@compiles(random_uuid, "sqlite")
def _random_uuid_sqlite(element, compiler, **kw) -> str:
    # sa.Uuid is 32 hex digits on SQLite.
    return "lower(hex(randomblob(16)))"


# Plain JSON (not JSONB) on PostgreSQL: partner metadata must round-trip with its key order intact.
JSONType = sa.JSON()

organizations = sa.Table(
    "organizations",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="active"),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    # The public 16-character handle embedded in the key string; safe to log.
    sa.Column("key_id", sa.String(16), nullable=False, unique=True),
    sa.Column("organization_id", sa.Uuid, sa.ForeignKey("organizations.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("owner_email", sa.String(320), nullable=True),
    sa.Column("env", sa.String(8), nullable=False),
    sa.Column("scopes", JSONType, nullable=False),
    sa.Column("rate_limit_tier", sa.String(32), nullable=False),
    sa.Column("secret_hash", sa.LargeBinary(32), nullable=False),
    sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("kill_switch", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("last_used_at", UTCDateTime, nullable=True),
    sa.Column("rotated_at", UTCDateTime, nullable=True),
    # When the key stopped working (kill or delete); cleared by a rotation.
    sa.Column("revoked_at", UTCDateTime, nullable=True),
    # A deleted key is retired for good: a rotation cannot revive it (a killed one it can).
    sa.Column("deleted_at", UTCDateTime, nullable=True),
    # Host names a browser hand-off (the GitHub install URL) may return to; NULL = none.
    sa.Column("allowed_return_domains", JSONType, nullable=True),
    sa.Index("ix_api_keys_org_created", "organization_id", "created_at"),
)

projects = sa.Table(
    "projects",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("organization_id", sa.Uuid, sa.ForeignKey("organizations.id"), nullable=False),
    sa.Column("name", sa.String(30), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("customer_external_id", sa.String(255), nullable=True),
    sa.Column("timezone", sa.String(64), nullable=False),
    sa.Column("primary_language", sa.String(35), nullable=False),
    sa.Column("owner_email", sa.String(320), nullable=True),
    sa.Column("app_name", sa.String(30), nullable=True),
    sa.Column("app_description", sa.Text, nullable=True),
    sa.Column("tagline", sa.String(80), nullable=True),
    sa.Column("brand_voice", sa.String(16), nullable=False),
    sa.Column("target_gender", sa.String(8), nullable=False),
    sa.Column("platform_ios_bundle_id", sa.String(255), nullable=True),
    sa.Column("platform_android_bundle_id", sa.String(255), nullable=True),
    sa.Column("platform_web_domain", sa.String(255), nullable=True),
    sa.Column("ingest_state", JSONType, nullable=False),
    sa.Column("metadata", JSONType, nullable=True),
    sa.Column("brand_context", JSONType, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("archived_at", UTCDateTime, nullable=True),
    # customerExternalId is unique per organization; NULLs do not collide on either database.
    sa.UniqueConstraint("organization_id", "customer_external_id", name="uq_projects_org_external"),
    # Keyset pagination walks (created_at, id) newest first inside one organization.
    sa.Index("ix_projects_org_created_id", "organization_id", "created_at", "id"),
)

idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("api_key_id", sa.Uuid, primary_key=True),
    sa.Column("method", sa.String(8), primary_key=True),
    sa.Column("route", sa.String(200), primary_key=True),
    sa.Column("key", sa.String(255), primary_key=True),
    sa.Column("request_hash", sa.LargeBinary(32), nullable=False),
    sa.Column("response_status", sa.Integer, nullable=False),
    sa.Column("response_body", sa.LargeBinary, nullable=False),
    # The headers that belong to the answer (Location, Retry-After, ETag); NULL: none.
    sa.Column("response_headers", JSONType, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False, index=True),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.String(26), primary_key=True),  # a ULID: time-ordered
    sa.Column("organization_id", sa.Uuid, nullable=False),
    sa.Column("project_id", sa.Uuid, nullable=True),
    sa.Column("kind", sa.String(40), nullable=False),
    # queued → running → completed | failed | canceled
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("stage", sa.String(40), nullable=False),
    sa.Column("progress", sa.Float, nullable=False, server_default="0"),
    sa.Column("payload", JSONType, nullable=False),
    sa.Column("result", JSONType, nullable=True),
    sa.Column("error", JSONType, nullable=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("run_after", UTCDateTime, nullable=False),
    sa.Column("lease_expires_at", UTCDateTime, nullable=True),
    sa.Column("locked_by", sa.String(64), nullable=True),
    sa.Column("cancel_requested", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("request_id", sa.String(40), nullable=True),
    # Started by a test key (or by a job that was): it runs without leaving the machine.
    sa.Column("sandbox", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=True),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index("ix_jobs_status_run_after", "status", "run_after"),
    sa.Index("ix_jobs_org_status", "organization_id", "status"),
)

keyword_banks = sa.Table(
    "keyword_banks",
    metadata,
    sa.Column("project_id", sa.Uuid, sa.ForeignKey("projects.id"), primary_key=True),
    sa.Column("hashtags", JSONType, nullable=False),
    sa.Column("refreshed_at", UTCDateTime, nullable=False),
)

influencers = sa.Table(
    "influencers",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("organization_id", sa.Uuid, nullable=False),
    sa.Column("project_id", sa.Uuid, sa.ForeignKey("projects.id"), nullable=False),
    sa.Column("name", sa.String(128), nullable=True),
    sa.Column("gender", sa.String(16), nullable=False),
    sa.Column("age_range", sa.String(16), nullable=True),  # PATCH may clear it
    sa.Column("brand_voice", sa.String(16), nullable=False),
    sa.Column("language", sa.String(35), nullable=False),
    sa.Column("prompt", sa.Text, nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("error_message", sa.Text, nullable=True),
    sa.Column("has_image", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("deleted_at", UTCDateTime, nullable=True),
    sa.Index("ix_influencers_project_created_id", "project_id", "created_at", "id"),
)

# Drawn once when training finishes; kept apart from `influencers` so lists never load images.
influencer_portraits = sa.Table(
    "influencer_portraits",
    metadata,
    sa.Column("influencer_id", sa.Uuid, sa.ForeignKey("influencers.id"), primary_key=True),
    sa.Column("svg", sa.Text, nullable=False),
    sa.Column("thumbnail_png", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

scrape_failures = sa.Table(
    "scrape_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("app_key", sa.String(300), nullable=False),
    sa.Column("failed_at", UTCDateTime, nullable=False),
    sa.Index("ix_scrape_failures_app_failed", "app_key", "failed_at"),
)

# One GitHub App installation per organization and key environment: a test key's sandbox
# installation never takes the place of the live one.
github_installations = sa.Table(
    "github_installations",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("organization_id", sa.Uuid, sa.ForeignKey("organizations.id"), nullable=False),
    sa.Column("env", sa.String(8), nullable=False),
    sa.Column("installation_id", sa.BigInteger, nullable=False),
    sa.Column("account_login", sa.String(100), nullable=False),
    sa.Column("account_type", sa.String(16), nullable=False),
    # active → uninstalled (GitHub no longer knows it); a new registration makes it active again.
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("registered_at", UTCDateTime, nullable=False),
    sa.Column("last_verified_at", UTCDateTime, nullable=False),
    sa.Column("uninstalled_at", UTCDateTime, nullable=True),
    sa.UniqueConstraint("organization_id", "env", name="uq_github_installations_org_env"),
    # An installation belongs to one organization.
    sa.UniqueConstraint("env", "installation_id", name="uq_github_installations_env_installation"),
)

# The `state` of an install URL: minted for one organization, good for 15 minutes, used once.
github_install_states = sa.Table(
    "github_install_states",
    metadata,
    sa.Column("state", sa.String(128), primary_key=True),
    sa.Column("organization_id", sa.Uuid, sa.ForeignKey("organizations.id"), nullable=False),
    sa.Column("env", sa.String(8), nullable=False),
    sa.Column("return_url", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False, index=True),
    sa.Column("used_at", UTCDateTime, nullable=True),
)

# --------------------------------------------------------------------------- webhooks
# docs/api/webhooks.md. An endpoint belongs to an organization and to the environment of the key
# that created it (a test key's endpoints receive only what test keys cause, like GitHub
# installations above); its subscriptions are rows so that the outbox can fan an event out to
# its endpoints with one INSERT … SELECT inside the causing transaction.
webhook_endpoints = sa.Table(
    "webhook_endpoints",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("organization_id", sa.Uuid, sa.ForeignKey("organizations.id"), nullable=False),
    sa.Column("env", sa.String(8), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("events", JSONType, nullable=False),  # the names, in the partner's order
    sa.Column("project_id", sa.Uuid, nullable=True),  # only this project's events
    sa.Column("description", sa.String(256), nullable=True),
    sa.Column("metadata", JSONType, nullable=True),
    # active | disabled | auto_paused
    sa.Column("status", sa.String(16), nullable=False),
    # The signing secret ("whsec_…", as shown to the partner once), and during a rotation the
    # previous one until it expires: both sign. Kept readable because signing needs the bytes.
    sa.Column("secret", sa.String(64), nullable=False),
    sa.Column("previous_secret", sa.String(64), nullable=True),
    sa.Column("previous_secret_expires_at", UTCDateTime, nullable=True),
    sa.Column("consecutive_failure_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_success_at", UTCDateTime, nullable=True),
    sa.Column("last_failure_at", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index("ix_webhook_endpoints_org_created_id", "organization_id", "created_at", "id"),
)

webhook_subscriptions = sa.Table(
    "webhook_subscriptions",
    metadata,
    sa.Column(
        "endpoint_id",
        sa.Uuid,
        sa.ForeignKey("webhook_endpoints.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("event_type", sa.String(40), primary_key=True),
    sa.Column("organization_id", sa.Uuid, nullable=False),
    # The outbox's fan-out: an organization's endpoints subscribed to one type.
    sa.Index("ix_webhook_subscriptions_org_type", "organization_id", "event_type"),
)

# An event exists exactly when the change it reports committed (the outbox); it is written only
# when some endpoint subscribes to it, so changes nobody listens to cost no rows.
webhook_events = sa.Table(
    "webhook_events",
    metadata,
    sa.Column("id", sa.String(26), primary_key=True),  # a ULID; public "evt_<ULID>"
    sa.Column("organization_id", sa.Uuid, nullable=False),
    sa.Column("project_id", sa.Uuid, nullable=True),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("env", sa.String(8), nullable=False),
    # The exact bytes every delivery of this event sends (signed as they are).
    sa.Column("payload", sa.LargeBinary, nullable=False),
    sa.Column("replay_of", sa.String(26), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False, index=True),
)

# One per (event, endpoint). pending → succeeded | failed | abandoned; held while its endpoint is
# paused or disabled, pending again when it is made active.
webhook_deliveries = sa.Table(
    "webhook_deliveries",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),  # public "whd_<uuid>"; drawn by the database
    sa.Column(
        "event_id",
        sa.String(26),
        sa.ForeignKey("webhook_events.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column(
        "endpoint_id",
        sa.Uuid,
        sa.ForeignKey("webhook_endpoints.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("organization_id", sa.Uuid, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempt_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", UTCDateTime, nullable=True),
    # A worker's claim on the delivery while it sends (the job engine's lease discipline).
    sa.Column("locked_by", sa.String(64), nullable=True),
    sa.Column("lease_expires_at", UTCDateTime, nullable=True),
    sa.Column("last_status", sa.Integer, nullable=True),
    sa.Column("last_error", sa.String(200), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    # Workers claim due deliveries in schedule order.
    sa.Index("ix_webhook_deliveries_status_next", "status", "next_attempt_at"),
    # An endpoint's deliveries, newest first (its list; the held ones oldest first).
    sa.Index("ix_webhook_deliveries_endpoint_created_id", "endpoint_id", "created_at", "id"),
    sa.Index("ix_webhook_deliveries_event", "event_id"),
)

webhook_attempts = sa.Table(
    "webhook_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "delivery_id",
        sa.Uuid,
        sa.ForeignKey("webhook_deliveries.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("attempted_at", UTCDateTime, nullable=False),
    sa.Column("response_status", sa.Integer, nullable=True),
    sa.Column("duration_ms", sa.Integer, nullable=False),
    sa.Column("error", sa.String(200), nullable=True),
    sa.Index("ix_webhook_attempts_delivery", "delivery_id", "attempted_at"),
)
