"""The shapes of the project routes: request bodies (the seed's rules) and the answers
`service.py` builds (docs/api/projects.md)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from ..kit.body import StrictBody
from ..kit.fields import BrandVoice, Email, LanguageTag, Metadata, TargetGender, Timezone, text
from ..kit.openapi import Refusal, ResponseModel

# (shortest, longest) in characters after trimming: the seed's rules, which ingestion also
# follows when it fills a field the partner left empty (brand_context.py).
APP_NAME_LENGTH = (3, 30)
APP_DESCRIPTION_LENGTH = (100, 1000)
TAGLINE_LENGTH = (1, 80)

Name = Annotated[str, text(3, 30)]
ExternalId = Annotated[str, text(1, 255)]
AppName = Annotated[str, text(*APP_NAME_LENGTH)]
AppDescription = Annotated[str, text(*APP_DESCRIPTION_LENGTH)]
Tagline = Annotated[str, text(*TAGLINE_LENGTH)]

_MINTED = frozenset({"id", "organizationId", "status", "createdAt", "updatedAt", "ingestState"})


# The seed's own example (docs/api/projects.md): its request, and the server's answer to it.
SEED_REQUEST: dict[str, Any] = {
    "name": "Acme Coffee",
    "customerExternalId": "acme-coffee",
    "timezone": "America/Los_Angeles",
    "primaryLanguage": "en",
    "ownerEmail": "growth@gicgrowth.com",
    "appName": "Acme Coffee",
    "appDescription": "Daily ritual coffee subscriptions for runners and night-shift workers. "
    "Single-origin beans from named farms, roasted weekly, and shipped on a cadence that matches "
    "how you actually drink coffee — so the bag never goes stale and you never run out before a "
    "hard workout.",
    "tagline": "Coffee that shows up before you run out.",
    "brandVoice": "warm",
    "targetGender": "all",
}
# A real cursor (of the seed project's row): opaque to clients, passed back as `cursor`.
EXAMPLE_CURSOR = (
    "WyIyMDI2LTA0LTE4VDE5OjAyOjExLjk1OTg4OCswMDowMCIs"
    "IjljYjk1OGI1LTExYjUtNGUzMC04Njc1LTVkMDc1ZDUyZGE3YyJd"
)
SEED_PROJECT: dict[str, Any] = {
    "id": "prj_9cb958b5-11b5-4e30-8675-5d075d52da7c",
    "organizationId": "org_2481fa5c-a404-44ed-a561-565392499abc",
    "name": "Acme Coffee",
    "status": "active",
    "customerExternalId": "acme-coffee",
    "timezone": "America/Los_Angeles",
    "primaryLanguage": "en",
    "ownerEmail": "growth@gicgrowth.com",
    "appName": "Acme Coffee",
    "appDescription": SEED_REQUEST["appDescription"],
    "tagline": "Coffee that shows up before you run out.",
    "brandVoice": "warm",
    "targetGender": "all",
    "platformIosBundleId": None,
    "platformAndroidBundleId": None,
    "platformWebDomain": None,
    "ingestState": {"github": None, "website": None, "appstore": None},
    "metadata": None,
    "createdAt": "2026-04-18T19:02:11.959888+00:00",
    "updatedAt": "2026-04-18T19:02:11.959888+00:00",
}


class ProjectCreate(StrictBody):
    example: ClassVar[dict[str, Any]] = SEED_REQUEST

    server_minted: ClassVar[frozenset[str]] = _MINTED

    name: Name
    customerExternalId: ExternalId | None = None
    ownerEmail: Email | None = None
    timezone: Timezone
    primaryLanguage: LanguageTag = "en"
    appName: AppName | None = None
    appDescription: AppDescription | None = None
    tagline: Tagline | None = None
    brandVoice: BrandVoice = "authentic"
    targetGender: TargetGender = "all"
    metadata: Metadata | None = None


class ProjectUpdate(StrictBody):
    """Every field optional; only the ones sent change (`model_fields_set`). The fields typed
    ``| None`` accept ``null`` to clear; for the others ``null`` is a validation error."""

    example: ClassVar[dict[str, Any]] = {"tagline": "Fresh beans, every other Friday."}

    read_only: ClassVar[frozenset[str]] = frozenset(
        {"id", "organizationId", "createdAt", "updatedAt", "ingestState", "brandContext"}
    )

    name: Name = None  # type: ignore[assignment]
    status: Literal["active", "archived"] = None  # type: ignore[assignment]
    ownerEmail: Email = None  # type: ignore[assignment]
    timezone: Timezone = None  # type: ignore[assignment]
    primaryLanguage: LanguageTag = None  # type: ignore[assignment]
    customerExternalId: ExternalId | None = None
    appName: AppName | None = None
    appDescription: AppDescription | None = None
    tagline: Tagline | None = None
    brandVoice: BrandVoice = None  # type: ignore[assignment]
    targetGender: TargetGender = None  # type: ignore[assignment]
    metadata: Metadata | None = None


class IngestSource(ResponseModel):
    """What one ingestion source last did for the project."""

    status: str
    jobId: str
    completedAt: str | None


class IngestState(ResponseModel):
    github: dict[str, Any] | None
    website: IngestSource | None
    appstore: IngestSource | None


class Project(ResponseModel):
    """The project exactly as the seed shows it: same fields, same order."""

    example: ClassVar[dict[str, Any]] = SEED_PROJECT

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


class BrandContext(ResponseModel):
    """What ingestion learned: each field from the newest source that knows it (`null`, or `[]`
    for keywords, while unknown), every source's own findings under `sources`."""

    example: ClassVar[dict[str, Any]] = {
        "appName": "Acme Coffee",
        "appDescription": "Single-origin coffee subscriptions for runners and night-shift "
        "workers, roasted weekly and shipped before you run out.",
        "tagline": "Coffee that shows up before you run out.",
        "audience": "runners and night-shift workers",
        "icp": None,
        "brandVoice": "warm",
        "keywords": ["coffee subscription", "single-origin beans", "roasted weekly"],
        "primaryLanguage": "en",
        "logoUrl": "https://acmecoffee.com/logo.png",
        "sources": {
            "website": {
                "jobId": "job_01JS5R2D9M4X7K3V8N1P6Q0T2W",
                "completedAt": "2026-04-18T19:05:44.902117+00:00",
                "url": "https://acmecoffee.com/",
                "pages": ["https://acmecoffee.com/"],
            }
        },
        "updatedAt": "2026-04-18T19:05:44.902117+00:00",
    }

    appName: str | None
    appDescription: str | None
    tagline: str | None
    audience: str | None
    icp: str | None
    brandVoice: str | None
    keywords: list[str]
    primaryLanguage: str | None
    logoUrl: str | None
    sources: dict[str, Any]
    updatedAt: str | None


class ProjectDetail(Project):
    """The project and what ingestion learned about its brand (`null` before any)."""

    example: ClassVar[dict[str, Any]] = {**SEED_PROJECT, "brandContext": BrandContext.example}

    brandContext: BrandContext | None


class ProjectPage(ResponseModel):
    """One page of projects, newest first; `nextCursor` is `null` on the last page."""

    example: ClassVar[dict[str, Any]] = {"items": [SEED_PROJECT], "nextCursor": EXAMPLE_CURSOR}

    items: list[Project]
    nextCursor: str | None


class ProjectArchived(ResponseModel):
    """The project is archived: readable, and restorable with `PATCH {"status": "active"}`."""

    example: ClassVar[dict[str, Any]] = {
        "id": SEED_PROJECT["id"],
        "status": "archived",
        "archivedAt": "2026-04-20T08:15:42.120331+00:00",
        "canceledScheduledPosts": 0,
    }

    id: str
    status: Literal["archived"]
    archivedAt: str
    canceledScheduledPosts: int


# Refusals particular to some routes, documented beside the shapes (raised in service.py and
# guards.py).
EXTERNAL_ID_TAKEN = Refusal(
    409,
    "CONFLICT",
    "`customerExternalId` is already used by another project of the organization "
    "(`details.existingProjectId`).",
    {"existingProjectId": "prj_9cb958b5-11b5-4e30-8675-5d075d52da7c"},
    "customerExternalId 'acme-coffee' is already used by another project in this organization.",
    name="CONFLICT_EXTERNAL_ID_TAKEN",
)
PROJECT_ARCHIVED = Refusal(
    409,
    "CONFLICT",
    "The project is archived (`details.subcode: PROJECT_ARCHIVED`): it starts no new jobs.",
    {"subcode": "PROJECT_ARCHIVED", "projectId": "prj_9cb958b5-11b5-4e30-8675-5d075d52da7c"},
    'This project is archived; restore it with PATCH {"status": "active"} first.',
    name="CONFLICT_PROJECT_ARCHIVED",
)


def missing_fields(*names: str) -> Refusal:
    """The project lacks fields this route needs (`details.missingFields`)."""
    listed = ", ".join(f"`{name}`" for name in names)
    return Refusal(
        422,
        "VALIDATION",
        f"The project lacks {listed} (`details.missingFields`); set them with PATCH first.",
        {"missingFields": list(names)},
        f"Set {listed} on the project first (PATCH /v1/projects/{{projectId}}).",
        name="VALIDATION_MISSING_" + "_".join(name.upper() for name in names),
    )
