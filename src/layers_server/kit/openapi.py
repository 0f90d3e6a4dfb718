"""Response shapes for the OpenAPI document only.

Routes build their JSON directly (the hot paths skip a second pydantic pass); these models
describe what they send, so `/openapi.json` — and the contract fuzzer that checks answers
against it — knows every success body and the one error envelope.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class _Out(BaseModel):
    # Clients must ignore unknown fields (contract §1): documented shapes stay open.
    model_config = ConfigDict(extra="allow")


class ErrorBody(_Out):
    code: str
    message: str
    requestId: str
    details: dict[str, Any] | None = None


class ErrorEnvelope(_Out):
    error: ErrorBody


class IngestState(_Out):
    github: dict[str, Any] | None
    website: dict[str, Any] | None
    appstore: dict[str, Any] | None


class Project(_Out):
    id: str
    organizationId: str
    name: str
    status: Literal["active", "archived"]
    customerExternalId: str | None
    timezone: str
    primaryLanguage: str
    ownerEmail: str | None
    appName: str | None
    appDescription: str | None
    tagline: str | None
    brandVoice: str
    targetGender: str
    platformIosBundleId: str | None
    platformAndroidBundleId: str | None
    platformWebDomain: str | None
    ingestState: IngestState
    metadata: dict[str, Any] | None
    createdAt: str
    updatedAt: str


class ProjectDetail(Project):
    brandContext: dict[str, Any] | None


class ProjectPage(_Out):
    items: list[Project]
    nextCursor: str | None


class ProjectArchived(_Out):
    id: str
    status: Literal["archived"]
    archivedAt: str
    canceledScheduledPosts: int


class Whoami(_Out):
    organizationId: str
    workspaceId: str
    organizationName: str
    parentOrganizationId: str | None
    scopes: list[str]
    rateLimitTier: str
    apiKeyId: str
    creditBalance: float | None


class ApiKey(_Out):
    id: str
    organizationId: str
    name: str
    prefix: str
    env: str
    scopes: list[str]
    rateLimitTier: str
    killSwitch: bool
    isActive: bool
    createdAt: str
    lastUsedAt: str | None
    rotatedAt: str | None
    revokedAt: str | None


class ApiKeyKilled(_Out):
    apiKey: ApiKey
    killed: Literal[True]


class ApiKeyRotated(_Out):
    apiKey: ApiKey
    secret: str
    warning: str


class ApiKeyDeleted(_Out):
    apiKey: ApiKey
    deleted: Literal[True]


class JobStarted(_Out):
    jobId: str
    kind: str
    status: Literal["running"]
    stage: str
    projectId: str | None
    locationUrl: str
    startedAt: str


class JobError(_Out):
    code: str
    message: str


class Job(_Out):
    jobId: str
    kind: str
    status: Literal["running", "completed", "failed", "canceled"]
    stage: str
    projectId: str | None
    progress: float
    locationUrl: str
    startedAt: str
    result: dict[str, Any] | None
    error: JobError | None
    finishedAt: str | None


class JobCancel(_Out):
    jobId: str
    accepted: bool
    reason: str | None = None


class Hashtag(_Out):
    hashtag: str
    phrase: str
    score: int
    viewCount: int | None
    useCount: int | None


class KeywordBank(_Out):
    projectId: str
    hashtags: list[Hashtag]
    refreshedAt: str | None


class Influencer(_Out):
    influencerId: str
    projectId: str
    name: str | None
    imageUrl: str | None
    gender: str
    ageRange: str | None
    brandVoice: str
    language: str
    status: Literal["pending", "training", "ready", "failed"]
    errorMessage: str | None
    createdAt: str
    updatedAt: str


class InfluencerListItem(Influencer):
    thumbnailUrl: str | None


class InfluencerPage(_Out):
    items: list[InfluencerListItem]
    nextCursor: str | None


class InfluencerStarted(JobStarted):
    influencerId: str


class InfluencerDeleted(_Out):
    influencerId: str
    status: Literal["deleted"]
    deletedAt: str


class HooksBank(_Out):
    projectId: str
    appName: str
    brandVoice: str
    language: str
    generatedAt: str
    hooks: list[str]


def ok(model: type[BaseModel], status: int = 200) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route answering ``model`` with ``status``."""
    return {status: {"model": model, "description": "Success"}}


# Every route may answer with the envelope; declared once on the app.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorEnvelope, "description": "Client error (the contract's envelope)"},
    "5XX": {"model": ErrorEnvelope, "description": "Server error (the contract's envelope)"},
}
