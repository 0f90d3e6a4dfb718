"""Request bodies of the influencer routes (contract §9.2)."""

from __future__ import annotations

from typing import ClassVar, Literal

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
    prompt: text(1, 2000) | None = None  # type: ignore[valid-type]


class InfluencerUpdate(StrictBody):
    read_only: ClassVar[frozenset[str]] = frozenset(
        {"influencerId", "id", "projectId", "status", "imageUrl", "thumbnailUrl", "errorMessage",
         "createdAt", "updatedAt"}
    )  # fmt: skip

    name: text(1, 128) = None  # type: ignore[valid-type,assignment]
    gender: Gender = None  # type: ignore[assignment]
    ageRange: AgeRange | None = None  # null clears it
    brandVoice: BrandVoice = None  # type: ignore[assignment]
    language: LanguageTag = None  # type: ignore[assignment]
