"""Request bodies of the project routes (the seed's rules, docs/api/projects.md)."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from ..kit.body import StrictBody
from ..kit.fields import BrandVoice, Email, LanguageTag, Metadata, TargetGender, Timezone, text

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


class ProjectCreate(StrictBody):
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
