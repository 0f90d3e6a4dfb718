"""The probes' answers, as `routes.py` builds them (docs/deployment.md)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from ..kit.openapi import ResponseModel


class Health(ResponseModel):
    """The process is up and serving."""

    example: ClassVar[dict[str, Any]] = {"status": "ok"}

    status: Literal["ok"]


class Readiness(ResponseModel):
    """Whether this process can take traffic, and each dependency's state."""

    example: ClassVar[dict[str, Any]] = {
        "status": "ready",
        "checks": {"database": "ok", "redis": "ok"},
    }

    status: Literal["ready", "unavailable"]
    checks: dict[str, str]
    # Only when not ready: the names of the failing checks.
    failing: list[str] | None = None
