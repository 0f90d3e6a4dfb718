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
"""

from __future__ import annotations

from typing import Any

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


def _summary(stored: dict[str, Any]) -> dict[str, Any]:
    summary = {field: stored.get(field) for field in BRAND_FIELDS}
    summary["keywords"] = summary["keywords"] or []
    return summary


def brand_context_json(stored: dict[str, Any] | None) -> dict[str, Any] | None:
    """The brandContext as partners read it: every docs field present, then sources, updatedAt.
    ``None`` before any ingestion completed."""
    if stored is None:
        return None
    return {
        **_summary(stored),
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
    context = _summary(existing or {})
    for field in BRAND_FIELDS:
        if findings.get(field):
            context[field] = findings[field]
    sources = dict((existing or {}).get("sources") or {})
    sources[source] = {"jobId": job_id, "completedAt": completed_at, **findings}
    return {**context, "sources": sources, "updatedAt": completed_at}
