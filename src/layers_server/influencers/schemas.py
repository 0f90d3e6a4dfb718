"""Request bodies of the influencer routes (docs/api/influencers.md)."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from ..kit.body import StrictBody
from ..kit.fields import BrandVoice, LanguageTag, text

Gender = Literal["male", "female", "non_binary"]
AgeRange = Literal["teen", "young_adult", "adult", "mid_adult", "mature", "senior"]


class InfluencerCreate(StrictBody):
    server_minted: ClassVar[frozenset[str]] = frozenset(
        {
            "influencerId",
            "id",
            "projectId",
            "status",
            "imageUrl",
            "thumbnailUrl",
            "createdAt",
            "updatedAt",
        }
    )

    gender: Gender | None = None
    ageRange: AgeRange = "young_adult"
    prompt: Annotated[str, text(1, 2000)] | None = None


class InfluencerUpdate(StrictBody):
    read_only: ClassVar[frozenset[str]] = frozenset(
        {"influencerId", "id", "projectId", "status", "imageUrl", "thumbnailUrl", "errorMessage",
         "createdAt", "updatedAt"}
    )  # fmt: skip

    name: Annotated[str, text(1, 128)] = None  # type: ignore[assignment]
    gender: Gender = None  # type: ignore[assignment]
    ageRange: AgeRange | None = None  # null clears it
    brandVoice: BrandVoice = None  # type: ignore[assignment]
    language: LanguageTag = None  # type: ignore[assignment]
