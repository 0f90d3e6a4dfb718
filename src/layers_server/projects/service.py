"""Projects: create, read, change and archive one end-customer's project (docs/api/projects.md).

A project that gains an appDescription — on create, or by a change of an active project —
announces `AppDescriptionSet` in its unit of work; the background workflows it starts (keyword
research, the first influencer) react in the same transaction (wired in services.py), so they
exist exactly when the project or its change does, and their failure never fails the write.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from ..db.tables import api_keys, projects
from ..db.unit_of_work import UnitOfWork
from ..kit import clock
from ..kit.auth import Companion
from ..kit.clock import iso
from ..kit.errors import ApiError, conflict, empty_update, not_found
from ..kit.pagination import keyset_page, page_of
from ..webhooks import events
from .brand_context import FILLABLE, brand_context_json, fields_to_fill, merged_brand_context
from .schemas import ProjectCreate, ProjectUpdate


@dataclass(frozen=True, slots=True)
class AppDescriptionSet:
    """A project now has a new, non-empty appDescription, by its ``cause``: ``created`` with
    one, ``changed`` by the partner (PATCH), or ``learned`` by an ingestion that filled it."""

    project: Any  # the project row as just written
    cause: Literal["created", "changed", "learned"]


EMPTY_INGEST_STATE = {"github": None, "website": None, "appstore": None}

# Request field → column, for the fields a client may set.
_COLUMNS = {
    "name": "name",
    "status": "status",
    "customerExternalId": "customer_external_id",
    "ownerEmail": "owner_email",
    "timezone": "timezone",
    "primaryLanguage": "primary_language",
    "appName": "app_name",
    "appDescription": "app_description",
    "tagline": "tagline",
    "brandVoice": "brand_voice",
    "targetGender": "target_gender",
    "metadata": "metadata",
}


def project_json(row: Any) -> dict[str, Any]:
    """The project exactly as the seed shows it: same fields, same order."""
    return {
        "id": f"prj_{row.id}",
        "organizationId": f"org_{row.organization_id}",
        "name": row.name,
        "status": row.status,
        "customerExternalId": row.customer_external_id,
        "timezone": row.timezone,
        "primaryLanguage": row.primary_language,
        "ownerEmail": row.owner_email,
        "appName": row.app_name,
        "appDescription": row.app_description,
        "tagline": row.tagline,
        "brandVoice": row.brand_voice,
        "targetGender": row.target_gender,
        "platformIosBundleId": row.platform_ios_bundle_id,
        "platformAndroidBundleId": row.platform_android_bundle_id,
        "platformWebDomain": row.platform_web_domain,
        "ingestState": row.ingest_state,
        "metadata": row.metadata,
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
    }


def project_detail_json(row: Any) -> dict[str, Any]:
    return {**project_json(row), "brandContext": brand_context_json(row.brand_context)}


_SELECT_PROJECT = sa.select(projects).where(
    projects.c.id == sa.bindparam("project_id"),
    projects.c.organization_id == sa.bindparam("organization_id"),
)


def _requested_project(request: Any) -> dict[str, Any] | None:
    try:
        project_id = uuid.UUID(request.path_params["projectId"].removeprefix("prj_"))
    except ValueError:
        return None  # the route answers 422 once the caller is authenticated
    return {"project_id": project_id}


# `GET /v1/projects/{projectId}`: the caller's project, read with the caller's key.
PROJECT_COMPANION = Companion(
    projects,
    sa.and_(
        projects.c.id == sa.bindparam("project_id"),
        projects.c.organization_id == api_keys.c.organization_id,
    ),
    _requested_project,
)


async def create_project(uow: UnitOfWork, body: ProjectCreate) -> dict[str, Any]:
    """The project, inserted with the unit of work's other rows; returns its JSON. A taken
    customerExternalId is 409."""
    now = clock.utcnow()
    caller_email = uow.principal.owner_email if uow.principal is not None else None
    values = {
        "id": uuid.uuid4(),
        "organization_id": uow.organization_id,
        "name": body.name,
        "status": "active",
        "customer_external_id": body.customerExternalId,
        "timezone": body.timezone,
        "primary_language": body.primaryLanguage,
        "owner_email": body.ownerEmail or caller_email,
        "app_name": body.appName,
        "app_description": body.appDescription,
        "tagline": body.tagline,
        "brand_voice": body.brandVoice,
        "target_gender": body.targetGender,
        "platform_ios_bundle_id": None,
        "platform_android_bundle_id": None,
        "platform_web_domain": None,
        "ingest_state": EMPTY_INGEST_STATE,
        "metadata": body.metadata,
        "brand_context": None,
        "created_at": now,
        "updated_at": now,
        "archived_at": None,
    }

    async def external_id_taken(conn: AsyncConnection) -> ApiError:
        # The unique index decides, at the insert: no read-before-write race.
        return await _external_id_taken(conn, uow.organization_id, body.customerExternalId)

    uow.insert(projects, values, on_conflict=external_id_taken)
    row = _RowView(values)
    answer = project_json(row)
    events.emit(uow, "project.created", project_id=row.id, data=answer)
    if row.app_description:
        await uow.announce(AppDescriptionSet(row, "created"))
    return answer


async def _external_id_taken(
    conn: AsyncConnection, organization_id: uuid.UUID, external_id: str | None
) -> ApiError:
    existing = await conn.scalar(
        sa.select(projects.c.id).where(
            projects.c.organization_id == organization_id,
            projects.c.customer_external_id == external_id,
        )
    )
    return conflict(
        f"customerExternalId '{external_id}' is already used by another project "
        "in this organization.",
        existingProjectId=f"prj_{existing}" if existing else None,
    )


class _RowView:
    """Attribute access over a values dict, so a just-inserted row renders like a fetched one."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None


async def fetch_project(
    conn: AsyncConnection, organization_id: uuid.UUID, project_id: uuid.UUID, *, for_update=False
) -> Any:
    query = _SELECT_PROJECT
    if for_update and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    params = {"project_id": project_id, "organization_id": organization_id}
    row = (await conn.execute(query, params)).first()
    if row is None:
        raise not_found("project")
    return row


async def record_ingestion(
    uow: UnitOfWork,
    project_id: uuid.UUID,
    source: str,
    findings: dict[str, Any],
    *,
    job_id: str,
    completed_at: datetime,
    columns: Mapping[str, Any] | None = None,
    ingest_state: Mapping[str, Any] | None = None,
) -> list[str]:
    """Everything a completed ingestion (website, App Store, GitHub) does to its project, in
    the ingestion's own unit of work, so it all commits with the job's result or not at all.

    ``findings`` use brandContext's names (`brand_context.BRAND_FIELDS`) plus whatever else the
    source knows; ``job_id`` is the public ``job_…`` id; ``columns`` sets platform fields;
    ``ingest_state`` adds keys to ``ingestState.<source>`` beside status, jobId, completedAt.
    Empty ``appName``/``appDescription``/``tagline`` are filled from the findings; when that
    gives an active project its first appDescription, it announces `AppDescriptionSet`
    (``learned``). Returns the fields filled (docs names).
    """
    project = await fetch_project(uow.conn, uow.organization_id, project_id, for_update=True)
    stamp = iso(completed_at)
    filled = fields_to_fill(project, findings)
    state = {"status": "completed", "jobId": job_id, "completedAt": stamp, **(ingest_state or {})}
    context = merged_brand_context(
        project.brand_context, source, findings, job_id=job_id, completed_at=stamp
    )
    changes = {
        "brand_context": context,
        "ingest_state": {**project.ingest_state, source: state},
        "updated_at": completed_at,
        **(columns or {}),
        **filled,
    }
    await uow.conn.execute(_update_of(uow.organization_id, project_id).values(changes))
    row = _RowView({**project._asdict(), **changes})
    events.emit(uow, "project.updated", project_id=project_id, data=project_json(row))
    if "app_description" in filled and project.status == "active":
        await uow.announce(AppDescriptionSet(row, "learned"))
    return [field for field, (column, _) in FILLABLE.items() if column in filled]


async def list_projects(
    conn: AsyncConnection,
    organization_id: uuid.UUID,
    *,
    status: str | None,
    search: str | None,
    customer_external_id: str | None,
    cursor: str | None,
    limit: int,
) -> dict[str, Any]:
    query = sa.select(projects).where(projects.c.organization_id == organization_id)
    if status is not None:
        query = query.where(projects.c.status == status)
    if customer_external_id is not None:
        query = query.where(projects.c.customer_external_id == customer_external_id)
    if search:
        query = query.where(
            sa.func.lower(projects.c.name).contains(search.lower(), autoescape=True)
        )
    query = keyset_page(query, projects.c.created_at, projects.c.id, cursor, limit, uuid.UUID)
    rows = (await conn.execute(query)).all()
    page, next_cursor = page_of(rows, limit, lambda r: r.created_at, lambda r: r.id)
    return {"items": [project_json(row) for row in page], "nextCursor": next_cursor}


async def update_project(
    uow: UnitOfWork, project_id: uuid.UUID, body: ProjectUpdate
) -> dict[str, Any]:
    """Apply the sent fields; returns the project's new JSON."""
    if not body.model_fields_set:
        raise empty_update()
    organization_id = uow.organization_id
    current = await fetch_project(uow.conn, organization_id, project_id, for_update=True)
    changes: dict[str, Any] = {}
    for field in body.model_fields_set:
        column = _COLUMNS[field]
        value = getattr(body, field)
        if getattr(current, column) != value:
            changes[column] = value
    if "customer_external_id" in changes and changes["customer_external_id"] is not None:
        taken = await uow.conn.scalar(
            sa.select(projects.c.id).where(
                projects.c.organization_id == organization_id,
                projects.c.customer_external_id == changes["customer_external_id"],
                projects.c.id != project_id,
            )
        )
        if taken is not None:
            raise await _external_id_taken(
                uow.conn, organization_id, changes["customer_external_id"]
            )
    if "status" in changes:
        changes["archived_at"] = clock.utcnow() if changes["status"] == "archived" else None
    if changes:
        changes["updated_at"] = clock.utcnow()
        try:
            await uow.conn.execute(_update_of(organization_id, project_id).values(changes))
        except IntegrityError:
            # Lost a race for the same customerExternalId against a concurrent request. The
            # transaction is aborted now, so the winner's id cannot be looked up.
            raise conflict(
                f"customerExternalId '{changes.get('customer_external_id')}' was just taken "
                "by another project in this organization."
            ) from None
    row = _RowView({**current._asdict(), **changes})
    if changes:
        archived = changes.get("status") == "archived"
        event_type = "project.archived" if archived else "project.updated"
        events.emit(uow, event_type, project_id=project_id, data=project_json(row))
    if "app_description" in changes and row.app_description and row.status == "active":
        await uow.announce(AppDescriptionSet(row, "changed"))
    return project_detail_json(row)


def _update_of(organization_id: uuid.UUID, project_id: uuid.UUID) -> sa.Update:
    return projects.update().where(
        projects.c.id == project_id, projects.c.organization_id == organization_id
    )


async def archive_project(uow: UnitOfWork, project_id: uuid.UUID) -> dict[str, Any]:
    """Soft archive; archiving an archived project answers the same again."""
    current = await fetch_project(uow.conn, uow.organization_id, project_id, for_update=True)
    archived_at = current.archived_at
    if current.status != "archived":
        archived_at = clock.utcnow()
        changes = {"status": "archived", "archived_at": archived_at, "updated_at": archived_at}
        await uow.conn.execute(_update_of(uow.organization_id, project_id).values(changes))
        row = _RowView({**current._asdict(), **changes})
        events.emit(uow, "project.archived", project_id=project_id, data=project_json(row))
    return {
        "id": f"prj_{project_id}",
        "status": "archived",
        "archivedAt": iso(archived_at),
        "canceledScheduledPosts": 0,
    }
