"""The shapes of the influencer routes: request bodies and the answers `service.py` builds
(docs/api/influencers.md)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from ..jobs.schemas import EXAMPLE_JOB_STARTED, JobStarted
from ..kit.body import StrictBody
from ..kit.fields import BrandVoice, LanguageTag, text
from ..kit.openapi import ResponseModel

Gender = Literal["male", "female", "non_binary"]
AgeRange = Literal["teen", "young_adult", "adult", "mid_adult", "mature", "senior"]


class InfluencerCreate(StrictBody):
    example: ClassVar[dict[str, Any]] = {
        "gender": "female",
        "ageRange": "adult",
        "prompt": "A trail runner who roasts her own beans on Sundays.",
    }

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
    example: ClassVar[dict[str, Any]] = {"name": "Maya Torres", "brandVoice": "casual"}

    read_only: ClassVar[frozenset[str]] = frozenset(
        {"influencerId", "id", "projectId", "status", "imageUrl", "thumbnailUrl", "errorMessage",
         "createdAt", "updatedAt"}
    )  # fmt: skip

    name: Annotated[str, text(1, 128)] = None  # type: ignore[assignment]
    gender: Gender = None  # type: ignore[assignment]
    ageRange: AgeRange | None = None  # null clears it
    brandVoice: BrandVoice = None  # type: ignore[assignment]
    language: LanguageTag = None  # type: ignore[assignment]


EXAMPLE_INFLUENCER_ID = "inf_3e7a1d52-8c4b-4f09-b6d1-0a9e2c5f7b18"
EXAMPLE_INFLUENCER: dict[str, Any] = {
    "influencerId": EXAMPLE_INFLUENCER_ID,
    "projectId": "prj_9cb958b5-11b5-4e30-8675-5d075d52da7c",
    "name": "Maya Torres",
    "imageUrl": f"https://api.example.com/v1/influencers/{EXAMPLE_INFLUENCER_ID}/image.svg",
    "gender": "female",
    "ageRange": "young_adult",
    "brandVoice": "warm",
    "language": "en",
    "status": "ready",
    "errorMessage": None,
    "createdAt": "2026-04-18T19:02:11.959888+00:00",
    "updatedAt": "2026-04-18T19:02:16.331045+00:00",
}


class Influencer(ResponseModel):
    """A persona; `imageUrl` is `null` until it is `ready`."""

    example: ClassVar[dict[str, Any]] = EXAMPLE_INFLUENCER

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
    """An influencer as lists show it: with a small rendition of its portrait."""

    example: ClassVar[dict[str, Any]] = {
        **EXAMPLE_INFLUENCER,
        "thumbnailUrl": f"https://api.example.com/v1/influencers/{EXAMPLE_INFLUENCER_ID}/thumbnail.png",
    }

    thumbnailUrl: str | None


class InfluencerPage(ResponseModel):
    """One page of the project's influencers, newest first."""

    example: ClassVar[dict[str, Any]] = {"items": [InfluencerListItem.example], "nextCursor": None}

    items: list[InfluencerListItem]
    nextCursor: str | None


class InfluencerStarted(JobStarted):
    """The persona exists at once as `pending`; the job trains it."""

    example: ClassVar[dict[str, Any]] = {
        **EXAMPLE_JOB_STARTED,
        "kind": "influencer_create",
        "influencerId": EXAMPLE_INFLUENCER_ID,
    }

    influencerId: str


class InfluencerDeleted(ResponseModel):
    """The persona is deleted (soft: its id is not reused)."""

    example: ClassVar[dict[str, Any]] = {
        "influencerId": EXAMPLE_INFLUENCER_ID,
        "status": "deleted",
        "deletedAt": "2026-04-21T12:00:00.000000+00:00",
    }

    influencerId: str
    status: Literal["deleted"]
    deletedAt: str
