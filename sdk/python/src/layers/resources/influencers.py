"""Influencers, a project's AI personas: ``/v1/projects/{id}/influencers``, ``/v1/influencers``."""

from __future__ import annotations

from .._operation import Operation
from .._pagination import ListQuery
from .._resource import ClientT, Resource, body, endpoint, paginated, query, segment
from .._types import NOT_GIVEN, AgeRange, BrandVoice, InfluencerGender, InfluencerStatus, NotGiven
from ..models import Influencer, InfluencerDeleted, Job, Page


class Influencers(Resource[ClientT]):
    """Create, read, update and delete a project's influencers."""

    @endpoint
    def create(
        self,
        project_id: str,
        *,
        gender: InfluencerGender | NotGiven = NOT_GIVEN,
        age_range: AgeRange | NotGiven = NOT_GIVEN,
        prompt: str | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Operation[Job]:
        """Start creating an influencer (``POST /v1/projects/{id}/influencers``).

        ``gender`` defaults to the project's target gender when that is female or male, else
        female; ``age_range`` to ``young_adult``; ``prompt`` steers the persona. Returns the
        ``influencer_create`` job.
        """
        path = f"/v1/projects/{segment(project_id, 'project_id')}/influencers"
        fields = body(gender=gender, age_range=age_range, prompt=prompt)
        return self._client._request(
            Job, "POST", path, json=fields, idempotency_key=idempotency_key
        )

    @endpoint
    def retrieve(self, influencer_id: str) -> Operation[Influencer]:
        """Fetch one influencer (``GET /v1/influencers/{id}``)."""
        path = f"/v1/influencers/{segment(influencer_id, 'influencer_id')}"
        return self._client._request(Influencer, "GET", path)

    @endpoint
    def update(
        self,
        influencer_id: str,
        *,
        name: str | NotGiven = NOT_GIVEN,
        gender: InfluencerGender | NotGiven = NOT_GIVEN,
        age_range: AgeRange | NotGiven = NOT_GIVEN,
        brand_voice: BrandVoice | NotGiven = NOT_GIVEN,
        language: str | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Operation[Influencer]:
        """Change some fields of an influencer (``PATCH /v1/influencers/{id}``).

        Only the parameters you pass are sent (``None`` would be sent as JSON ``null``).
        """
        path = f"/v1/influencers/{segment(influencer_id, 'influencer_id')}"
        fields = body(
            name=name,
            gender=gender,
            age_range=age_range,
            brand_voice=brand_voice,
            language=language,
        )
        return self._client._request(
            Influencer, "PATCH", path, json=fields, idempotency_key=idempotency_key
        )

    @endpoint
    def delete(
        self, influencer_id: str, *, idempotency_key: str | None = None
    ) -> Operation[InfluencerDeleted]:
        """Soft-delete an influencer (``DELETE /v1/influencers/{id}``)."""
        path = f"/v1/influencers/{segment(influencer_id, 'influencer_id')}"
        return self._client._request(
            InfluencerDeleted, "DELETE", path, idempotency_key=idempotency_key
        )

    @paginated
    def list(
        self,
        project_id: str,
        *,
        status: InfluencerStatus | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> ListQuery[Influencer]:
        """Iterate a project's influencers, newest first, across all pages.

        ``GET /v1/projects/{id}/influencers``; ``status`` filters, ``limit`` is the page size
        (1–100), ``cursor`` resumes from a saved ``Page.next_cursor``.
        """
        path = f"/v1/projects/{segment(project_id, 'project_id')}/influencers"
        return ListQuery(path, Page[Influencer], query(status=status, limit=limit), cursor)
