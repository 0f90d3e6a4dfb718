"""The hashtag bank, as `service.py` builds it (docs/api/keywords.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from ..kit.body import StrictBody
from ..kit.openapi import ResponseModel


class RefreshBody(StrictBody):
    """`POST …/keywords/refresh` takes an empty object."""

    example: ClassVar[dict[str, Any]] = {}


class Hashtag(ResponseModel):
    hashtag: str
    phrase: str
    score: int
    viewCount: int | None
    useCount: int | None


class KeywordBank(ResponseModel):
    """The project's hashtag bank, best first; empty until the first research finishes."""

    example: ClassVar[dict[str, Any]] = {
        "projectId": "prj_9cb958b5-11b5-4e30-8675-5d075d52da7c",
        "hashtags": [
            {
                "hashtag": "coffeesubscription",
                "phrase": "coffee subscription",
                "score": 96,
                "viewCount": None,
                "useCount": None,
            },
            {
                "hashtag": "singleorigincoffee",
                "phrase": "single-origin coffee",
                "score": 91,
                "viewCount": None,
                "useCount": None,
            },
            {
                "hashtag": "runnersfuel",
                "phrase": "runners fuel",
                "score": 84,
                "viewCount": None,
                "useCount": None,
            },
        ],
        "refreshedAt": "2026-04-18T19:02:14.507731+00:00",
    }

    projectId: str
    hashtags: list[Hashtag]
    refreshedAt: str | None
