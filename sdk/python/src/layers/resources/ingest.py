"""``/v1/projects/{id}/ingest/*``: learn a project's brand from its website, app listing or
repository."""

from __future__ import annotations

from typing import Any

from .._operation import Operation
from .._resource import ClientT, Resource, body, endpoint, segment
from .._types import NOT_GIVEN, NotGiven
from ..models import Job


class Ingest(Resource[ClientT]):
    """Start ingestion jobs that fill a project's ``brand_context``."""

    @endpoint
    def website(
        self,
        project_id: str,
        *,
        url: str,
        follow_links: bool | NotGiven = NOT_GIVEN,
        max_pages: int | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Operation[Job]:
        """Ingest a website (``POST /v1/projects/{id}/ingest/website``).

        ``url`` is absolute http(s); ``follow_links`` (default false) and ``max_pages`` (1–25,
        default 1) widen the crawl. Returns the ``project_ingest_website`` job.
        """
        path = f"/v1/projects/{segment(project_id, 'project_id')}/ingest/website"
        fields = body(url=url, follow_links=follow_links, max_pages=max_pages)
        return self._client._request(
            Job, "POST", path, json=fields, idempotency_key=idempotency_key
        )

    @endpoint
    def appstore(
        self,
        project_id: str,
        *,
        ios_bundle_id: str | NotGiven = NOT_GIVEN,
        android_package: str | NotGiven = NOT_GIVEN,
        app_store_url: str | NotGiven = NOT_GIVEN,
        country_code: str | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Operation[Job]:
        """Ingest an app store listing (``POST /v1/projects/{id}/ingest/appstore``).

        Give at least one of ``ios_bundle_id``, ``android_package``, ``app_store_url``;
        ``country_code`` is ISO 3166-1 alpha-2 (default ``us``). Returns the
        ``project_ingest_appstore`` job.
        """
        path = f"/v1/projects/{segment(project_id, 'project_id')}/ingest/appstore"
        fields = body(
            ios_bundle_id=ios_bundle_id,
            android_package=android_package,
            app_store_url=app_store_url,
            country_code=country_code,
        )
        return self._client._request(
            Job, "POST", path, json=fields, idempotency_key=idempotency_key
        )

    @endpoint
    def github(
        self,
        project_id: str,
        *,
        repo_full_name: str,
        branch: str | NotGiven = NOT_GIVEN,
        open_pr: bool | NotGiven = NOT_GIVEN,
        platforms: list[str] | NotGiven = NOT_GIVEN,
        sdk_config: dict[str, Any] | NotGiven = NOT_GIVEN,
        pr_title: str | NotGiven = NOT_GIVEN,
        pr_body: str | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Operation[Job]:
        """Ingest a GitHub repository (``POST /v1/projects/{id}/ingest/github``).

        ``repo_full_name`` is ``owner/name`` of a repository the organization's installation
        can see. The job clones it, learns the brand from its files and, unless ``open_pr`` is
        false, opens a pull request on ``layers/sdk-setup`` that sets the SDK up (with
        ``open_pr=False`` the job's result holds the patch instead). ``platforms`` and
        ``sdk_config`` (camelCase keys: ``appName``, ``includePlatforms``, ``eventAllowlist``)
        narrow it. Returns the ``project_ingest_github`` job.
        """
        path = f"/v1/projects/{segment(project_id, 'project_id')}/ingest/github"
        fields = body(
            repo_full_name=repo_full_name,
            branch=branch,
            platforms=platforms,
            sdk_config=sdk_config,
            pr_title=pr_title,
            pr_body=pr_body,
        )
        if not isinstance(open_pr, NotGiven):
            fields["openPR"] = open_pr  # the wire name is not the camelCase of open_pr
        return self._client._request(
            Job, "POST", path, json=fields, idempotency_key=idempotency_key
        )
