"""``/v1/projects/{id}/content/hooks``: short hooks for the project's content."""

from __future__ import annotations

from .._operation import Operation
from .._resource import ClientT, Resource, endpoint, segment
from ..models import HooksBank


class Hooks(Resource[ClientT]):
    """Hook banks written for a project."""

    @endpoint
    def retrieve(self, project_id: str) -> Operation[HooksBank]:
        """A freshly written bank of 20–30 hooks (``GET /v1/projects/{id}/content/hooks``).

        Every call writes a new bank, in the project's brand voice and primary language. The
        project needs ``app_name`` and ``app_description``, else
        :class:`~layers.ValidationError` with ``details["missingFields"]``.
        """
        path = f"/v1/projects/{segment(project_id, 'project_id')}/content/hooks"
        return self._client._request(HooksBank, "GET", path)
