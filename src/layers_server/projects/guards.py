"""Preconditions shared by the routes that work on one project."""

from __future__ import annotations

from typing import Any

from ..kit.errors import ApiError, conflict


def require_active(project: Any) -> None:
    """An archived project starts no new jobs (docs/api/projects.md)."""
    if project.status == "archived":
        raise conflict(
            'This project is archived; restore it with PATCH {"status": "active"} first.',
            subcode="PROJECT_ARCHIVED",
            projectId=f"prj_{project.id}",
        )


def require_fields(project: Any, *columns_and_names: tuple[str, str]) -> None:
    """422 VALIDATION listing every missing field (``details.missingFields``)."""
    missing = [name for column, name in columns_and_names if not getattr(project, column)]
    if missing:
        raise ApiError(
            422,
            "VALIDATION",
            f"Set {', '.join(f'`{m}`' for m in missing)} on the project first "
            "(PATCH /v1/projects/{projectId}).",
            {"missingFields": missing},
        )
