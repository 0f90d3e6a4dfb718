"""Small shared types: the "not given" sentinel and the timeout alias."""

from __future__ import annotations

from typing import Final, Literal, TypeAlias

import httpx

Timeout: TypeAlias = float | httpx.Timeout | None
"""Seconds for every phase, an ``httpx.Timeout`` for finer control, or ``None`` for no limit."""


class NotGiven:
    """The type of :data:`NOT_GIVEN`: a parameter the caller did not pass.

    ``None`` cannot play this role because on PATCH an explicit ``None`` means "send JSON
    ``null``" (clear the field), while an omitted parameter must not be sent at all.
    """

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __copy__(self) -> NotGiven:
        return self

    def __deepcopy__(self, memo: object) -> NotGiven:
        return self


NOT_GIVEN: Final = NotGiven()
"""Default of optional body parameters: the field is left out of the request."""


# Request-side enumerations, for editors and type checkers; the server validates the values.
BrandVoice: TypeAlias = Literal[
    "authentic", "witty", "professional", "warm", "casual", "educational"
]
TargetGender: TypeAlias = Literal["all", "female", "male"]
ProjectStatus: TypeAlias = Literal["active", "archived"]
InfluencerGender: TypeAlias = Literal["male", "female", "non_binary"]
AgeRange: TypeAlias = Literal["teen", "young_adult", "adult", "mid_adult", "mature", "senior"]
InfluencerStatus: TypeAlias = Literal["pending", "training", "ready", "failed"]
WebhookEventType: TypeAlias = Literal[
    "job.completed",
    "job.failed",
    "job.canceled",
    "project.created",
    "project.updated",
    "project.archived",
    "keywords.refreshed",
    "influencer.ready",
    "influencer.failed",
]
"""The events an endpoint can subscribe to (``test.ping`` is sent by ``webhooks.test`` only)."""
WebhookEndpointSettableStatus: TypeAlias = Literal["active", "disabled"]
WebhookDeliveryStatus: TypeAlias = Literal["pending", "succeeded", "failed", "abandoned", "held"]
