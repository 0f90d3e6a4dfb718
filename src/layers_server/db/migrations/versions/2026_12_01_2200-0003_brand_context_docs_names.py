"""brandContext under the public docs' names

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 22:00:00

Stored contexts said ``description`` and ``voice`` (and had no ``icp`` or ``primaryLanguage``)
where the docs say ``appDescription``, ``brandVoice``, ``icp`` and ``primaryLanguage``. Each
stored context is rewritten to the docs' shape; each source's findings take the same names and
gain the ``jobId`` and ``completedAt`` of the ingestion that produced them (from the project's
``ingestState``). The transformation is written out here, frozen, rather than imported: a
migration must keep doing what it did when it was written.
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SUMMARY = (
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
# Old name → docs name, in the summary and inside each source's findings.
RENAMED = {"description": "appDescription", "voice": "brandVoice", "language": "primaryLanguage"}
BATCH = 500

projects = sa.table(
    "projects",
    sa.column("id", sa.Uuid),
    sa.column("brand_context", sa.JSON),
    sa.column("ingest_state", sa.JSON),
)


def _renamed(findings: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {names.get(key, key): value for key, value in findings.items()}


def to_docs_shape(old: dict[str, Any], ingest_state: dict[str, Any] | None) -> dict[str, Any]:
    sources: dict[str, Any] = {}
    for source, findings in (old.get("sources") or {}).items():
        state = (ingest_state or {}).get(source) or {}
        renamed = _renamed(findings or {}, RENAMED)
        sources[source] = {
            "jobId": state.get("jobId"),
            "completedAt": state.get("completedAt"),
            **{k: v for k, v in renamed.items() if k not in ("jobId", "completedAt")},
        }
    top = _renamed(old, RENAMED)
    summary = {field: top.get(field) for field in SUMMARY}
    summary["keywords"] = summary["keywords"] or []
    if summary["primaryLanguage"] is None:
        # The old summary never lifted the language; the website's findings had it.
        summary["primaryLanguage"] = (sources.get("website") or {}).get("primaryLanguage")
    return {**summary, "sources": sources, "updatedAt": old.get("updatedAt")}


def to_old_shape(new: dict[str, Any]) -> dict[str, Any]:
    back = {value: key for key, value in RENAMED.items()}
    sources = {
        source: {
            k: v
            for k, v in _renamed(findings or {}, back).items()
            if k not in ("jobId", "completedAt")
        }
        for source, findings in (new.get("sources") or {}).items()
    }
    old = {
        back.get(field, field): new.get(field)
        for field in SUMMARY
        if field not in ("icp", "primaryLanguage") and new.get(field) not in (None, [])
    }
    return {**old, "sources": sources, "updatedAt": new.get("updatedAt")}


def _rewrite(transform) -> None:
    bind = op.get_bind()
    last = None
    while True:
        query = (
            sa.select(projects.c.id, projects.c.brand_context, projects.c.ingest_state)
            .where(projects.c.brand_context.is_not(None))
            .order_by(projects.c.id)
            .limit(BATCH)
        )
        if last is not None:
            query = query.where(projects.c.id > last)
        rows = bind.execute(query).all()
        for row in rows:
            if row.brand_context is None:  # a JSON null
                continue
            bind.execute(
                projects.update()
                .where(projects.c.id == row.id)
                .values(brand_context=transform(row.brand_context, row.ingest_state))
            )
        if len(rows) < BATCH:
            return
        last = rows[-1].id


def upgrade() -> None:
    _rewrite(to_docs_shape)


def downgrade() -> None:
    _rewrite(lambda context, _state: to_old_shape(context))
