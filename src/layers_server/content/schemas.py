"""The hooks bank, as `routes.py` builds it (docs/api/content.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from ..kit.openapi import ResponseModel


class HooksBank(ResponseModel):
    """A freshly written bank of short hooks, in the project's voice and language."""

    example: ClassVar[dict[str, Any]] = {
        "projectId": "prj_9cb958b5-11b5-4e30-8675-5d075d52da7c",
        "appName": "Acme Coffee",
        "brandVoice": "warm",
        "language": "en",
        "generatedAt": "2026-04-18T19:10:03.224518+00:00",
        "hooks": [
            "Your 5 a.m. run deserves better than stale beans.",
            "Night shift?\\nYour coffee already knows.",
            "The bag that never runs out before race day.",
        ],
    }

    projectId: str
    appName: str
    brandVoice: str
    language: str
    generatedAt: str
    hooks: list[str]
