"""Typed response models.

Attributes are snake_case; the wire is camelCase. Every model keeps fields it does not know
(``extra="allow"``) and most fields are optional, because the API may add fields and this SDK
must keep working against a newer server. Enumerations are plain ``str`` for the same reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

__all__ = [
    "ApiKey",
    "ApiKeyDeleted",
    "ApiKeyKilled",
    "ApiKeyRotated",
    "BrandContext",
    "GitHubAccount",
    "GitHubInstallUrl",
    "GitHubInstallation",
    "Hashtag",
    "HooksBank",
    "Influencer",
    "InfluencerDeleted",
    "IngestSource",
    "IngestState",
    "Job",
    "JobCancelResult",
    "JobError",
    "KeywordBank",
    "LayersModel",
    "Page",
    "Project",
    "ProjectArchived",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookDeliveryDetail",
    "WebhookEndpoint",
    "WebhookEndpointCreated",
    "WebhookEndpointDeleted",
    "WebhookEvent",
    "WebhookReplay",
    "WebhookSecretRotated",
    "WebhookTestSent",
    "Whoami",
]

ItemT = TypeVar("ItemT")


class LayersModel(BaseModel):
    """Base of every response model: snake_case attributes over camelCase JSON.

    ``model_dump(by_alias=True, mode="json")`` gives back the wire form.
    """

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")


class IngestSource(LayersModel):
    """The state of one ingestion source of a project."""

    status: str | None = None
    job_id: str | None = None
    completed_at: datetime | None = None


class IngestState(LayersModel):
    """Per-source ingestion state; a source never ingested is ``None``."""

    github: IngestSource | None = None
    website: IngestSource | None = None
    appstore: IngestSource | None = None


class BrandContext(LayersModel):
    """What ingestion learned about the app, under the public docs' names.

    Each summary field comes from the newest ingestion that knew it (``None`` / ``[]`` when
    none did); ``sources`` holds each ingestion's full findings with its ``jobId`` and
    ``completedAt``.
    """

    app_name: str | None = None
    app_description: str | None = None
    tagline: str | None = None
    audience: str | None = None
    icp: str | None = None
    brand_voice: str | None = None
    keywords: list[str] = []
    primary_language: str | None = None
    logo_url: str | None = None
    sources: dict[str, Any] = {}
    updated_at: datetime | None = None


class Project(LayersModel):
    """A project: one end-customer's brand context and everything generated for it."""

    id: str
    organization_id: str
    name: str
    status: str
    timezone: str
    customer_external_id: str | None = None
    primary_language: str | None = None
    owner_email: str | None = None
    app_name: str | None = None
    app_description: str | None = None
    tagline: str | None = None
    brand_voice: str | None = None
    target_gender: str | None = None
    platform_ios_bundle_id: str | None = None
    platform_android_bundle_id: str | None = None
    platform_web_domain: str | None = None
    ingest_state: IngestState | None = None
    metadata: dict[str, Any] | None = None
    brand_context: BrandContext | None = None
    """What ingestion learned; only on ``projects.retrieve``, ``None`` before any ingestion."""
    created_at: datetime
    updated_at: datetime


class ProjectArchived(LayersModel):
    """The answer to ``projects.archive``: the project is soft-archived, its data kept."""

    id: str
    status: str
    archived_at: datetime | None = None
    canceled_scheduled_posts: int = 0


class Whoami(LayersModel):
    """The organization, scopes and tier of the API key making the call."""

    organization_id: str
    workspace_id: str | None = None
    organization_name: str | None = None
    parent_organization_id: str | None = None
    scopes: list[str] = []
    rate_limit_tier: str | None = None
    api_key_id: str | None = None
    credit_balance: float | None = None


class ApiKey(LayersModel):
    """An API key's public record: never its secret.

    ``is_active`` and ``revoked_at`` say whether the key can call right now: a kill or a delete
    clears ``is_active`` and sets ``revoked_at``; a rotation brings a killed key back.
    """

    id: str
    organization_id: str | None = None
    name: str | None = None
    prefix: str | None = None
    env: str | None = None
    scopes: list[str] = []
    rate_limit_tier: str | None = None
    kill_switch: bool | None = None
    is_active: bool | None = None
    created_at: datetime | None = None
    last_used_at: datetime | None = None
    rotated_at: datetime | None = None
    revoked_at: datetime | None = None
    allowed_return_domains: list[str] = []


class ApiKeyKilled(LayersModel):
    """The answer to ``api_keys.kill``: the key's record, now inactive."""

    api_key: ApiKey
    killed: bool = True


class ApiKeyRotated(LayersModel):
    """The answer to ``api_keys.rotate``: the record and the new full key, shown only once.

    Store ``secret`` before anything else; ``warning`` says so in the server's words.
    """

    api_key: ApiKey
    secret: str
    warning: str | None = None


class ApiKeyDeleted(LayersModel):
    """The answer to ``api_keys.delete``: the key is retired for good."""

    api_key: ApiKey
    deleted: bool = True


class GitHubInstallUrl(LayersModel):
    """Where to send a user to install the GitHub App, and the state that comes back."""

    auth_url: str
    install_url: str | None = None
    state: str
    expires_at: datetime | None = None


class GitHubAccount(LayersModel):
    """The GitHub account an installation belongs to."""

    login: str
    type: str | None = None  # "Organization" or "User"


class GitHubInstallation(LayersModel):
    """The organization's GitHub App installation (``status``: ``active`` or ``uninstalled``)."""

    installation_id: int
    github_account: GitHubAccount | None = None
    org_login: str | None = None
    status: str | None = None
    registered_at: datetime | None = None
    last_verified_at: datetime | None = None
    sandbox: bool | None = None


class JobError(LayersModel):
    """Why a job failed."""

    code: str
    message: str | None = None


TERMINAL_JOB_STATUSES = frozenset({"completed", "failed", "canceled"})


class Job(LayersModel):
    """A background job: the 202 envelope of a job-starting call, or its polled state."""

    job_id: str
    kind: str | None = None
    status: str
    stage: str | None = None
    project_id: str | None = None
    progress: float | None = None
    result: Any = None
    error: JobError | None = None
    location_url: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def is_terminal(self) -> bool:
        """Whether the job has finished (``completed``, ``failed`` or ``canceled``) for good."""
        return self.status in TERMINAL_JOB_STATUSES


class JobCancelResult(LayersModel):
    """The answer to ``jobs.cancel``; ``accepted`` is false when the job had already ended."""

    job_id: str
    accepted: bool
    reason: str | None = None


class Hashtag(LayersModel):
    """One entry of a keyword bank. Counts are ``None`` when no trend source is configured."""

    hashtag: str
    phrase: str | None = None
    score: float | None = None
    view_count: int | None = None
    use_count: int | None = None


class KeywordBank(LayersModel):
    """A project's hashtag bank, best score first; empty until the first research finishes."""

    project_id: str
    hashtags: list[Hashtag] = []
    refreshed_at: datetime | None = None


class Influencer(LayersModel):
    """An AI influencer persona; ``image_url`` stays ``None`` until ``status == "ready"``.

    List items also carry ``thumbnail_url``, a small PNG rendition of the portrait (``None``
    until ready, and absent from ``influencers.retrieve``).
    """

    influencer_id: str
    project_id: str | None = None
    name: str | None = None
    image_url: str | None = None
    thumbnail_url: str | None = None
    gender: str | None = None
    age_range: str | None = None
    brand_voice: str | None = None
    language: str | None = None
    status: str
    error_message: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class InfluencerDeleted(LayersModel):
    """The answer to ``influencers.delete`` (a soft delete)."""

    influencer_id: str
    status: str
    deleted_at: datetime | None = None


class HooksBank(LayersModel):
    """A freshly written bank of short hooks in the project's voice and language.

    A setup/payoff break inside a hook is the two characters ``\\n`` (backslash, n), not a
    newline, exactly as the API sends it.
    """

    project_id: str
    app_name: str | None = None
    brand_voice: str | None = None
    language: str | None = None
    generated_at: datetime | None = None
    hooks: list[str] = []


class WebhookEndpoint(LayersModel):
    """A URL of yours that is sent events; never carries its signing secret.

    ``status`` is ``active``, ``disabled`` (by you) or ``auto_paused`` (after too many failed
    attempts in a row); events for a paused or disabled endpoint are held, and sent oldest
    first once it is made ``active`` again.
    """

    endpoint_id: str
    url: str
    events: list[str] = []
    project_id: str | None = None
    """When set, only this project's events are sent."""
    description: str | None = None
    metadata: dict[str, Any] | None = None
    status: str
    api_version: str | None = None
    consecutive_failure_count: int = 0
    last_success_at: datetime | None = None
    last_failure_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class WebhookEndpointCreated(LayersModel):
    """The answer to ``webhooks.create``: the endpoint and its signing secret, shown once.

    Store ``signing_secret`` (``whsec_…``) now: ``webhooks.verify`` needs it and the API never
    shows it again. It is left out of ``repr()`` so that logging the answer does not leak it.
    """

    endpoint: WebhookEndpoint
    signing_secret: str = Field(repr=False)


class WebhookEndpointDeleted(LayersModel):
    """The answer to ``webhooks.delete``: the endpoint and its delivery history are gone."""

    endpoint_id: str
    deleted: bool = True


class WebhookSecretRotated(LayersModel):
    """The answer to ``webhooks.rotate_secret``: the new secret, shown once.

    Until ``previous_secret_expires_at`` (24 hours) deliveries carry a signature by each
    secret, so receivers can switch without losing one.
    """

    endpoint_id: str
    signing_secret: str = Field(repr=False)
    previous_secret_expires_at: datetime | None = None
    warning: str | None = None


class WebhookTestSent(LayersModel):
    """The answer to ``webhooks.test``: a ``test.ping`` event is on its way."""

    delivery_id: str
    event_id: str


class WebhookDelivery(LayersModel):
    """One event's delivery to one endpoint (``status``: ``pending``, ``succeeded``,
    ``failed``, ``abandoned`` or ``held``)."""

    delivery_id: str
    endpoint_id: str
    event_id: str
    event_type: str | None = None
    status: str
    attempt_count: int = 0
    next_attempt_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_response_status: int | None = None
    last_error: str | None = None
    created_at: datetime
    updated_at: datetime | None = None
    finished_at: datetime | None = None


class WebhookAttempt(LayersModel):
    """One attempt of a delivery; ``response_status`` is ``None`` when no answer came."""

    attempted_at: datetime
    response_status: int | None = None
    duration_ms: int | None = None
    error: str | None = None


class WebhookDeliveryDetail(WebhookDelivery):
    """A delivery with every attempt made so far."""

    attempts: list[WebhookAttempt] = []


class WebhookReplay(LayersModel):
    """The answer to ``webhooks.replay``: the same data, sent again under a new event id."""

    original_delivery_id: str
    replay_delivery_id: str
    scheduled_at: datetime | None = None


class WebhookEvent(LayersModel):
    """A verified webhook event, as ``webhooks.verify`` returns it.

    The same event may arrive more than once: dedupe on ``id``. ``replay_of`` names the event
    a replay repeats. ``data`` depends on ``type``: ``job.*`` carry ``jobId``, ``kind``,
    ``projectId`` (and ``result`` or ``error``); ``project.*`` the project;
    ``keywords.refreshed`` ``projectId``, ``count``, ``refreshedAt``; ``influencer.*`` the
    influencer; ``test.ping`` nothing.
    """

    id: str
    type: str
    created_at: datetime
    organization_id: str
    project_id: str | None = None
    data: dict[str, Any]
    replay_of: str | None = None


class Page(LayersModel, Generic[ItemT]):
    """One page of a list: its ``items`` and the cursor of the next page (``None`` at the end)."""

    items: list[ItemT]
    next_cursor: str | None = None

    @property
    def has_more(self) -> bool:
        """Whether another page follows this one."""
        return self.next_cursor is not None
