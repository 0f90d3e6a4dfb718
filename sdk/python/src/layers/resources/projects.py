"""``/v1/projects``: one project per end-customer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._operation import Operation
from .._pagination import ListQuery
from .._resource import ClientT, Resource, body, endpoint, paginated, query, segment
from .._types import NOT_GIVEN, BrandVoice, NotGiven, ProjectStatus, TargetGender
from ..models import Page, Project, ProjectArchived


class Projects(Resource[ClientT]):
    """Create, read, update and archive projects."""

    @endpoint
    def create(
        self,
        *,
        name: str,
        timezone: str,
        customer_external_id: str | NotGiven = NOT_GIVEN,
        owner_email: str | NotGiven = NOT_GIVEN,
        primary_language: str | NotGiven = NOT_GIVEN,
        app_name: str | NotGiven = NOT_GIVEN,
        app_description: str | NotGiven = NOT_GIVEN,
        tagline: str | NotGiven = NOT_GIVEN,
        brand_voice: BrandVoice | NotGiven = NOT_GIVEN,
        target_gender: TargetGender | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, Any] | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Operation[Project]:
        """Create a project (``POST /v1/projects``), typically one per end-customer.

        ``name`` (3–30 chars) and ``timezone`` (IANA, ``"UTC"`` allowed) are required. Set
        ``customer_external_id`` to your own customer handle so you can find the project later
        with ``projects.list(customer_external_id=...)``; it is unique per organization (a
        duplicate raises :class:`~layers.ConflictError` with ``details["existingProjectId"]``).
        Giving ``app_description`` (100–1000 chars) also starts keyword research and the first
        influencer in the background. Parameters left out take the server's defaults.

        Safe to retry: an ``Idempotency-Key`` is sent (yours, or a fresh UUID per call).
        """
        fields = body(
            name=name,
            timezone=timezone,
            customer_external_id=customer_external_id,
            owner_email=owner_email,
            primary_language=primary_language,
            app_name=app_name,
            app_description=app_description,
            tagline=tagline,
            brand_voice=brand_voice,
            target_gender=target_gender,
            metadata=metadata,
        )
        return self._client._request(
            Project, "POST", "/v1/projects", json=fields, idempotency_key=idempotency_key
        )

    @endpoint
    def retrieve(self, project_id: str) -> Operation[Project]:
        """Fetch one project, including its ``brand_context`` (``GET /v1/projects/{id}``)."""
        return self._client._request(
            Project, "GET", f"/v1/projects/{segment(project_id, 'project_id')}"
        )

    @endpoint
    def update(
        self,
        project_id: str,
        *,
        name: str | NotGiven = NOT_GIVEN,
        status: ProjectStatus | NotGiven = NOT_GIVEN,
        owner_email: str | NotGiven = NOT_GIVEN,
        timezone: str | NotGiven = NOT_GIVEN,
        primary_language: str | NotGiven = NOT_GIVEN,
        customer_external_id: str | None | NotGiven = NOT_GIVEN,
        app_name: str | None | NotGiven = NOT_GIVEN,
        app_description: str | None | NotGiven = NOT_GIVEN,
        tagline: str | None | NotGiven = NOT_GIVEN,
        brand_voice: BrandVoice | NotGiven = NOT_GIVEN,
        target_gender: TargetGender | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Operation[Project]:
        """Change some fields of a project (``PATCH /v1/projects/{id}``).

        Only the parameters you pass are sent. Passing ``None`` sends JSON ``null``, which
        clears ``app_name``, ``app_description``, ``tagline`` or ``customer_external_id``.
        ``metadata`` is replaced whole. ``status="active"`` restores an archived project. A
        changed ``app_description`` re-runs keyword research.
        """
        fields = body(
            name=name,
            status=status,
            owner_email=owner_email,
            timezone=timezone,
            primary_language=primary_language,
            customer_external_id=customer_external_id,
            app_name=app_name,
            app_description=app_description,
            tagline=tagline,
            brand_voice=brand_voice,
            target_gender=target_gender,
            metadata=metadata,
        )
        path = f"/v1/projects/{segment(project_id, 'project_id')}"
        return self._client._request(
            Project, "PATCH", path, json=fields, idempotency_key=idempotency_key
        )

    @endpoint
    def archive(
        self, project_id: str, *, idempotency_key: str | None = None
    ) -> Operation[ProjectArchived]:
        """Soft-archive a project (``DELETE /v1/projects/{id}``); repeating it is harmless.

        Its data stays readable and ``update(project_id, status="active")`` restores it; an
        archived project starts no new jobs.
        """
        path = f"/v1/projects/{segment(project_id, 'project_id')}"
        return self._client._request(
            ProjectArchived, "DELETE", path, idempotency_key=idempotency_key
        )

    @paginated
    def list(
        self,
        *,
        status: ProjectStatus | None = None,
        search: str | None = None,
        customer_external_id: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> ListQuery[Project]:
        """Iterate projects, newest first (``GET /v1/projects``), across all pages.

        Filters: ``status``, ``search`` (case-insensitive substring of the name) and
        ``customer_external_id`` (exact; at most one match). ``limit`` is the page size (1–200),
        not a cap on the total; ``cursor`` resumes from a saved ``Page.next_cursor``.
        """
        params = query(
            status=status, search=search, customer_external_id=customer_external_id, limit=limit
        )
        return ListQuery("/v1/projects", Page[Project], params, cursor)
