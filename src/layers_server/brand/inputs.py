"""What the brand engine reads from a project: one accessor, so column and field names live here.

The engine itself takes plain values; callers (the hooks route, the keyword job) turn a project
row into :class:`BrandInputs` with :func:`brand_inputs`. ``brandContext`` field names are in
``_CONTEXT_FIELDS`` only, so renaming one (``description`` → ``appDescription``) is a one-line
change here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_VOICE = "authentic"
DEFAULT_LANGUAGE = "en"

# What the engine needs from brandContext → the field that holds it.
_CONTEXT_FIELDS = {"audience": "audience", "category": "category"}


@dataclass(frozen=True)
class BrandInputs:
    app_name: str
    app_description: str
    tagline: str | None
    brand_voice: str
    language: str
    category: str | None
    audience: str | None


def _context_value(context: Mapping[str, Any] | None, name: str) -> str | None:
    if not context:
        return None
    value = context.get(_CONTEXT_FIELDS[name])
    if value is None:
        # Store listings keep their category under their own source.
        for source in (context.get("sources") or {}).values():
            if isinstance(source, Mapping):
                for listing in (source, *(v for v in source.values() if isinstance(v, Mapping))):
                    if isinstance(listing.get(_CONTEXT_FIELDS[name]), str):
                        return listing[_CONTEXT_FIELDS[name]]
    return value if isinstance(value, str) and value.strip() else None


def brand_inputs(project: Any) -> BrandInputs:
    """The engine's inputs from a project row (columns as the ``projects`` table names them)."""
    context = getattr(project, "brand_context", None)
    return BrandInputs(
        app_name=project.app_name or project.name,
        app_description=project.app_description or "",
        tagline=project.tagline,
        brand_voice=project.brand_voice or DEFAULT_VOICE,
        language=project.primary_language or DEFAULT_LANGUAGE,
        category=_context_value(context, "category"),
        audience=_context_value(context, "audience"),
    )
