"""``/v1/projects/{id}/keywords``: the project's hashtag bank."""

from __future__ import annotations

from .._operation import Operation
from .._resource import ClientT, Resource, endpoint, segment
from ..models import Job, KeywordBank


class Keywords(Resource[ClientT]):
    """Read and refresh a project's keyword (hashtag) bank."""

    @endpoint
    def retrieve(self, project_id: str) -> Operation[KeywordBank]:
        """The hashtag bank, best score first (``GET /v1/projects/{id}/keywords``).

        Before the first research run finishes, ``hashtags`` is empty and ``refreshed_at`` is
        ``None``.
        """
        path = f"/v1/projects/{segment(project_id, 'project_id')}/keywords"
        return self._client._request(KeywordBank, "GET", path)

    @endpoint
    def refresh(self, project_id: str, *, idempotency_key: str | None = None) -> Operation[Job]:
        """Start a new keyword research run (``POST /v1/projects/{id}/keywords/refresh``).

        Returns the ``keywords_refresh`` job; ``jobs.wait(job.job_id)`` follows it. The project
        needs an ``app_description``, else :class:`~layers.ValidationError`.
        """
        path = f"/v1/projects/{segment(project_id, 'project_id')}/keywords/refresh"
        return self._client._request(Job, "POST", path, json={}, idempotency_key=idempotency_key)
