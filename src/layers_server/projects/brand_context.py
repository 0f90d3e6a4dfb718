"""The project's ``brandContext``: what ingestion learned, under the public docs' names.

Stored shape (and the shape `GET /v1/projects/{id}` shows)::

    {"appName", "appDescription", "tagline", "audience", "icp", "brandVoice",
     "keywords": [], "primaryLanguage", "logoUrl",          # the summary, docs' names
     "sources": {"website": {"jobId", "completedAt", ...findings}, "appstore": {...}},
     "updatedAt"}

Each summary field comes from the newest source that knows it; a source that lacks a field never
erases what another found. ``sources`` keeps every source's full findings (under the same names
where they overlap), with the job that produced them and when. Readers go through
`brand_context_json`, which always answers every field (``null`` / ``[]`` when unknown).

The second half holds the rules by which an ingestion fills the project fields a partner left
empty (`fields_to_fill`); `projects.service.record_ingestion` applies them.
"""

from __future__ import annotations

import re
from typing import Any

from .schemas import APP_DESCRIPTION_LENGTH, APP_NAME_LENGTH, TAGLINE_LENGTH

BRAND_FIELDS = (
    "appName",
    "appDescription",
    "tagline",
    "audience",
    "icp",
    "brandVoice",
    "keywords",
    "primaryLanguage",
    "logoUrl",
)


def brand_summary(findings: dict[str, Any]) -> dict[str, Any]:
    """The docs' fields of a context or of one source's findings, each present."""
    summary = {field: findings.get(field) for field in BRAND_FIELDS}
    summary["keywords"] = summary["keywords"] or []
    return summary


def brand_context_json(stored: dict[str, Any] | None) -> dict[str, Any] | None:
    """The brandContext as partners read it: every docs field present, then sources, updatedAt.
    ``None`` before any ingestion completed."""
    if stored is None:
        return None
    return {
        **brand_summary(stored),
        "sources": stored.get("sources") or {},
        "updatedAt": stored.get("updatedAt"),
    }


def merged_brand_context(
    existing: dict[str, Any] | None,
    source: str,
    findings: dict[str, Any],
    *,
    job_id: str,
    completed_at: str,
) -> dict[str, Any]:
    """``existing`` with one more source's ``findings`` (docs-named where they overlap)."""
    context = brand_summary(existing or {})
    for field in BRAND_FIELDS:
        if findings.get(field):
            context[field] = findings[field]
    sources = dict((existing or {}).get("sources") or {})
    sources[source] = {"jobId": job_id, "completedAt": completed_at, **findings}
    return {**context, "sources": sources, "updatedAt": completed_at}


# ---------------------------------------------------------------------------------------------
# Filling the project fields the partner left empty

# brandContext field → (project column, its length rule).
FILLABLE = {
    "appName": ("app_name", APP_NAME_LENGTH),
    "appDescription": ("app_description", APP_DESCRIPTION_LENGTH),
    "tagline": ("tagline", TAGLINE_LENGTH),
}
_TRAILING = re.compile(r"[\s,;:—–\-]+$")
_SENTENCE_END = re.compile(r"[.!?…](?=\s)")


def fit_to_length(value: Any, length: tuple[int, int], *, prefer_sentences: bool) -> str | None:
    """``value`` with its whitespace collapsed and cut to ``length`` (shortest, longest), or
    ``None`` when it cannot meet the rule (not a string, or too short)."""
    if not isinstance(value, str):
        return None
    shortest, longest = length
    text = " ".join(value.split())
    if len(text) > longest:
        text = _cut(text, shortest, longest, prefer_sentences=prefer_sentences)
    return text if len(text) >= shortest else None


def _cut(text: str, shortest: int, longest: int, *, prefer_sentences: bool) -> str:
    """At the last sentence end (``prefer_sentences``), else the last word break, that keeps
    at least ``shortest`` characters; a single word longer than ``longest`` is cut hard."""
    window = text[: longest + 1]
    if prefer_sentences:
        ends = [m.end() for m in _SENTENCE_END.finditer(window) if shortest <= m.end() <= longest]
        if ends:
            return text[: ends[-1]]
    space = window.rfind(" ")
    if space >= shortest:
        return _TRAILING.sub("", text[:space])
    return text[:longest]


def fields_to_fill(project: Any, findings: dict[str, Any]) -> dict[str, str]:
    """Project columns an ingestion's ``findings`` may fill: only those that are empty
    (``null``), with values that meet the field's rule; a partner's value is never touched."""
    values: dict[str, str] = {}
    for field, (column, length) in FILLABLE.items():
        if getattr(project, column) is not None:
            continue
        fitted = fit_to_length(
            findings.get(field), length, prefer_sentences=field == "appDescription"
        )
        if fitted is not None:
            values[column] = fitted
    return values
