"""The tools and resources this server offers: one entry each.

A tool is an SDK method plus what an agent needs to use it well: what it does, the scope its
key needs, what it returns and what to call next. Its input and output schemas are not written
here; they are read off the SDK method (``introspect``). Adding a tool is adding one entry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from layers import AsyncLayers
from pydantic import BaseModel

from .introspect import SdkMethod, has_sdk_method, sdk_method

# Parameters that mean the same thing wherever they appear.
COMMON_PARAMETERS: Mapping[str, str] = {
    "project_id": "The project's id (prj_…).",
    "job_id": "The job's id (job_…), as answered by the tool that started the job.",
    "influencer_id": "The influencer's id (inf_…).",
    "key_id": (
        "The API key's id: the 16-character keyId inside lp_<env>_<keyId>_<secret>, or key_…."
    ),
    "cursor": "nextCursor of the previous page; left out, the first page.",
    "endpoint_id": "The webhook endpoint's id (whe_…).",
    "delivery_id": "The webhook delivery's id (whd_…).",
}


@dataclass(frozen=True)
class Tool:
    """One MCP tool, backed by one SDK method."""

    name: str
    sdk: str
    """The SDK method, as a dotted path on the client: ``"projects.create"``."""
    scope: str | None
    """The scope the API key needs; ``None``: any valid key."""
    does: str
    returns: str
    next: str
    parameters: Mapping[str, str] = field(default_factory=dict)
    """Descriptions of this tool's parameters (Python names), beside ``COMMON_PARAMETERS``."""
    defaults: Mapping[str, Any] = field(default_factory=dict)
    """Defaults that differ from the SDK's, for an agent's use."""
    destructive: bool = False

    @cached_property
    def method(self) -> SdkMethod:
        descriptions = {**COMMON_PARAMETERS, **self.parameters}
        method = sdk_method(self.sdk, descriptions=descriptions, defaults=self.defaults)
        unknown = set(self.parameters) - set(method.arguments.model_fields)
        if unknown:
            raise ValueError(f"{self.name}: {self.sdk} has no parameter {sorted(unknown)}")
        return method

    @property
    def available(self) -> bool:
        """Whether the installed SDK has this tool's method."""
        return has_sdk_method(self.sdk)

    @cached_property
    def description(self) -> str:
        scope = f"`{self.scope}`" if self.scope else "none (any valid key)"
        lines = [
            self.does,
            "",
            f"Scope: {scope}.",
            f"Returns: {self.returns}",
            f"Next: {self.next}",
        ]
        if self.method.mutating:
            lines.append(
                "Safe to retry: pass the idempotencyKey of the failed call (errors report it)."
            )
        return "\n".join(lines)


CATALOG: tuple[Tool, ...] = (
    Tool(
        "whoami",
        "whoami",
        scope=None,
        does=(
            "Who the configured API key is: its organization, scopes and rate-limit tier. "
            "Call it first to learn which of the other tools the key may use."
        ),
        returns="{organizationId, organizationName, scopes, rateLimitTier, apiKeyId, …}.",
        next="projects_list to find existing projects, or projects_create.",
    ),
    Tool(
        "projects_create",
        "projects.create",
        scope="projects:write",
        does=(
            "Create a project: one per end-customer whose marketing you run. Giving "
            "appDescription also starts keyword research and the first AI influencer in the "
            "background."
        ),
        parameters={
            "name": "3–30 characters.",
            "timezone": "IANA time zone, e.g. America/Los_Angeles, or UTC.",
            "customer_external_id": (
                "Your own handle for this customer, unique in your organization: a second "
                "project with it fails with CONFLICT, whose details.existingProjectId is the "
                "project that has it. projects_list(customerExternalId) finds it later."
            ),
            "owner_email": "Defaults to the API key's owner email.",
            "primary_language": "BCP-47 tag, e.g. en or pt-BR; default en.",
            "app_description": "100–1000 characters.",
            "metadata": "Your own JSON object, at most 8 KB.",
        },
        returns="the project (id prj_…, status active, ingestState).",
        next=(
            "ingest_website or ingest_appstore to learn its brand, then jobs_wait; "
            "projects_get to read it back."
        ),
    ),
    Tool(
        "projects_list",
        "projects.list",
        scope="projects:read",
        does="List projects, newest first, one page at a time.",
        parameters={
            "status": "Only active or only archived projects; left out, both.",
            "search": "Case-insensitive substring of the project's name.",
            "customer_external_id": "Exactly this customerExternalId (at most one match).",
            "limit": "Page size, 1–200 (default 25).",
        },
        returns="{items: [project…], nextCursor}; nextCursor is null on the last page.",
        next="projects_list with cursor=nextCursor for the next page; projects_get for one.",
    ),
    Tool(
        "projects_get",
        "projects.retrieve",
        scope="projects:read",
        does=(
            "Read one project, with its brandContext (what ingestion learned: appName, "
            "appDescription, tagline, audience, brandVoice, keywords, …; null before any "
            "ingestion) and ingestState (per source: status and jobId)."
        ),
        returns="the project.",
        next="hooks_get for content hooks, keywords_get for hashtags, projects_update.",
    ),
    Tool(
        "projects_update",
        "projects.update",
        scope="projects:write",
        does=(
            "Change some fields of a project; fields left out stay as they are. null clears "
            "appName, appDescription, tagline, customerExternalId or metadata (metadata is "
            "replaced whole). status=archived archives, status=active restores. A changed "
            "appDescription re-runs keyword research."
        ),
        returns="the updated project.",
        next="projects_get to read brandContext; keywords_get after a new appDescription.",
    ),
    Tool(
        "projects_archive",
        "projects.archive",
        scope="projects:write",
        does=(
            "Archive a project. Its data stays readable and it starts no new jobs; repeating "
            "the call is harmless."
        ),
        returns="{id, status: archived, archivedAt}.",
        next="projects_update with status=active restores it.",
        destructive=True,
    ),
    Tool(
        "ingest_website",
        "ingest.website",
        scope="ingest:write",
        does=(
            "Start learning a project's brand from its website. The job reads the page at url "
            "(with followLinks, up to maxPages pages of the same site) and fills the project's "
            "brandContext, and the project's own fields that are still empty. With a test key "
            "(lp_test_…) it runs in a sandbox that fetches nothing and answers fixed findings."
        ),
        parameters={
            "url": "Absolute http(s) URL of the site.",
            "follow_links": "Also read pages the first one links to on the same site.",
            "max_pages": "1–25 pages in all (default 1).",
        },
        returns="the job: {jobId, kind, status: queued, projectId}.",
        next="jobs_wait(jobId), then projects_get to read brandContext.",
    ),
    Tool(
        "ingest_appstore",
        "ingest.appstore",
        scope="ingest:write",
        does=(
            "Start learning a project's brand from its app store listing. Give at least one "
            "of iosBundleId, androidPackage, appStoreUrl."
        ),
        parameters={"country_code": "The store's country, ISO 3166-1 alpha-2 (default us)."},
        returns="the job: {jobId, kind, status: queued, projectId}.",
        next="jobs_wait(jobId), then projects_get to read brandContext.",
    ),
    Tool(
        "jobs_get",
        "jobs.retrieve",
        scope="jobs:read",
        does=(
            "Read a background job's current state: status (queued, running, completed, "
            "failed, canceled), stage, progress, result once completed, error once failed."
        ),
        returns="the job.",
        next="jobs_wait to block until it ends.",
    ),
    Tool(
        "jobs_wait",
        "jobs.wait",
        scope="jobs:read",
        does=(
            "Wait for a job to end (completed, failed or canceled) and return it. A failed or "
            "canceled job is returned, not an error: read its status and error. If it is "
            "still running after timeout seconds, the call fails with JOB_WAIT_TIMEOUT "
            "(details.job: the last state seen); the job keeps running, so wait again."
        ),
        parameters={
            "timeout": (
                "Seconds to wait at most (default 50, under the request timeout of common "
                "MCP clients)."
            ),
            "poll_interval": "Seconds between two looks at the job.",
        },
        defaults={"timeout": 50.0},
        returns="the job in its final state, with result or error.",
        next=(
            "after an ingestion, projects_get (brandContext); after keyword research, "
            "keywords_get; after an influencer, influencers_get."
        ),
    ),
    Tool(
        "jobs_cancel",
        "jobs.cancel",
        scope="jobs:cancel",
        does=(
            "Ask a job to stop at its next stage boundary. A stage that cannot be interrupted "
            "fails with CONFLICT (details.subcode JOB_CANCEL_UNAVAILABLE)."
        ),
        returns="{jobId, accepted, reason}; accepted is false (reason ALREADY_COMPLETED) "
        "when the job had already ended.",
        next="jobs_wait to see it canceled.",
    ),
    Tool(
        "keywords_get",
        "keywords.retrieve",
        scope="projects:read",
        does=(
            "Read a project's hashtag bank, best score first. It is empty (refreshedAt null) "
            "until the first keyword research finishes."
        ),
        returns="{projectId, hashtags: [{hashtag, phrase, score, viewCount, useCount}], "
        "refreshedAt}.",
        next="keywords_refresh to research again.",
    ),
    Tool(
        "keywords_refresh",
        "keywords.refresh",
        scope="projects:write",
        does=(
            "Start a new keyword research run for a project. The project needs an "
            "appDescription (else VALIDATION)."
        ),
        returns="the keywords_refresh job.",
        next="jobs_wait(jobId), then keywords_get.",
    ),
    Tool(
        "hooks_get",
        "hooks.retrieve",
        scope="content:read",
        does=(
            "Write a fresh bank of 20–30 short content hooks for a project, in its brand voice "
            "and primary language; every call writes a new bank. The project needs appName "
            "and appDescription (else VALIDATION, details.missingFields): ingest its site or "
            "set them with projects_update first. A setup/payoff break inside a hook is the "
            "two characters \\n."
        ),
        returns="{projectId, appName, brandVoice, language, generatedAt, hooks: [string…]}.",
        next="use the hooks in content; call again for another bank.",
    ),
    Tool(
        "influencers_list",
        "influencers.list",
        scope="influencers:read",
        does="List a project's AI influencer personas, newest first, one page at a time.",
        parameters={"limit": "Page size, 1–100 (default 25)."},
        returns="{items: [influencer…], nextCursor}; nextCursor is null on the last page.",
        next="influencers_list with cursor=nextCursor; influencers_get for one.",
    ),
    Tool(
        "influencers_create",
        "influencers.create",
        scope="influencers:write",
        does=(
            "Start creating an AI influencer persona for a project. gender defaults to the "
            "project's target gender when that is female or male, else female; ageRange to "
            "young_adult."
        ),
        parameters={"prompt": "What the persona should be like, in your words."},
        returns="the influencer_create job, with influencerId.",
        next="jobs_wait(jobId), then influencers_get(influencerId).",
    ),
    Tool(
        "influencers_get",
        "influencers.retrieve",
        scope="influencers:read",
        does="Read one influencer; imageUrl is set once status is ready.",
        returns="the influencer.",
        next="influencers_update to change it.",
    ),
    Tool(
        "influencers_update",
        "influencers.update",
        scope="influencers:write",
        does="Change some fields of an influencer; fields left out stay as they are.",
        returns="the updated influencer.",
        next="influencers_get.",
    ),
    Tool(
        "influencers_delete",
        "influencers.delete",
        scope="influencers:write",
        does="Delete an influencer (a soft delete).",
        returns="{influencerId, status: deleted, deletedAt}.",
        next="influencers_create for another.",
        destructive=True,
    ),
    Tool(
        "api_keys_kill",
        "api_keys.kill",
        scope=None,
        does=(
            "Engage the kill switch of an API key of your organization: from its next request "
            "on it gets KILL_SWITCH. Killing the key this server runs with stops every tool."
        ),
        returns="{apiKey: {…, killSwitch: true, isActive: false}, killed: true}.",
        next="api_keys_rotate revives a killed key with a new secret.",
        destructive=True,
    ),
    Tool(
        "api_keys_rotate",
        "api_keys.rotate",
        scope=None,
        does=(
            "Give an API key of your organization a new secret. The old secret stops working "
            "at once; a killed key is revived. Rotating the key this server runs with stops "
            "every tool until its LAYERS_API_KEY is updated."
        ),
        returns=(
            "{apiKey, secret, warning}: secret is the new full key, shown only this once; "
            "hand it to its owner and do not repeat it elsewhere."
        ),
        next="nothing; the new key is in effect.",
        destructive=True,
    ),
    Tool(
        "api_keys_delete",
        "api_keys.delete",
        scope=None,
        does="Retire an API key of your organization for good; it cannot be rotated back.",
        returns="{apiKey: {…, isActive: false}, deleted: true}.",
        next="nothing; the key is gone.",
        destructive=True,
    ),
    Tool(
        "ingest_github",
        "ingest.github",
        scope="ingest:write",
        does=(
            "Start learning a project's brand from a GitHub repository the organization's "
            "GitHub App installation can see (github_installation first). Unless openPr is "
            "false, the job also opens a pull request that sets the Layers SDK up; with "
            "openPr false its result holds the patch instead."
        ),
        parameters={"repo_full_name": "owner/name of the repository."},
        returns="the project_ingest_github job.",
        next="jobs_wait(jobId), then projects_get to read brandContext.",
    ),
    Tool(
        "github_install_url",
        "github.install_url",
        scope="github:admin",
        does=(
            "Where to send a person to install the Layers GitHub App for the organization. "
            "returnUrl (https, on a host the key's operator allowed) is where their browser "
            "comes back, with installationId and state in its query."
        ),
        returns="{authUrl, installUrl, state, expiresAt}.",
        next="github_register_installation with the installationId and state that came back.",
    ),
    Tool(
        "github_register_installation",
        "github.register_installation",
        scope="github:admin",
        does=(
            "Register the GitHub App installation a browser came back with; the server checks "
            "the state and asks GitHub about the installation first."
        ),
        returns="the installation record.",
        next="ingest_github for a repository it can see.",
    ),
    Tool(
        "github_installation",
        "github.installation",
        scope="github:admin",
        does="The organization's registered GitHub App installation; NOT_FOUND if none.",
        returns="the installation record.",
        next="ingest_github, or github_install_url when there is none.",
    ),
    Tool(
        "webhooks_create",
        "webhooks.create",
        scope="webhooks:write",
        does=(
            "Register a webhook endpoint that is sent the events listed (1–50 types); with "
            "projectId only that project's events. url must be https on the public internet."
        ),
        returns=(
            "{endpoint, signingSecret}: the secret is shown only this once; hand it to the "
            "receiver that verifies deliveries and do not repeat it elsewhere."
        ),
        next="webhooks_test to send it a test.ping.",
    ),
    Tool(
        "webhooks_list",
        "webhooks.list",
        scope="webhooks:read",
        does="List the organization's webhook endpoints, newest first, one page at a time.",
        returns="{items: [endpoint…], nextCursor}; nextCursor is null on the last page.",
        next="webhooks_get for one, webhooks_list_deliveries for what it was sent.",
    ),
    Tool(
        "webhooks_get",
        "webhooks.retrieve",
        scope="webhooks:read",
        does="Read one webhook endpoint (never its secret).",
        returns="the endpoint.",
        next="webhooks_update, webhooks_list_deliveries.",
    ),
    Tool(
        "webhooks_update",
        "webhooks.update",
        scope="webhooks:write",
        does=(
            "Change a webhook endpoint; fields left out stay as they are. status=active resets "
            "its failure count and sends what it held while disabled."
        ),
        returns="the updated endpoint.",
        next="webhooks_get.",
    ),
    Tool(
        "webhooks_delete",
        "webhooks.delete",
        scope="webhooks:write",
        does="Remove a webhook endpoint and its delivery history.",
        returns="{endpointId, deleted: true}.",
        next="nothing; it is gone.",
        destructive=True,
    ),
    Tool(
        "webhooks_rotate_secret",
        "webhooks.rotate_secret",
        scope="webhooks:write",
        does=(
            "Give a webhook endpoint a new signing secret; for 24 hours deliveries are signed "
            "with both, so roll the new one out to the receiver meanwhile."
        ),
        returns="{endpointId, signingSecret, previousSecretExpiresAt}: the new secret, shown "
        "only this once.",
        next="nothing; deliveries carry both signatures for a day.",
    ),
    Tool(
        "webhooks_test",
        "webhooks.test",
        scope="webhooks:write",
        does="Send a test.ping event to a webhook endpoint.",
        returns="{deliveryId, eventId} of the test.ping on its way.",
        next="webhooks_list_deliveries to see how the receiver answered.",
    ),
    Tool(
        "webhooks_list_deliveries",
        "webhooks.list_deliveries",
        scope="webhooks:read",
        does="List a webhook endpoint's deliveries, newest first, one page at a time.",
        returns="{items: [delivery…], nextCursor}; nextCursor is null on the last page.",
        next="webhooks_get_delivery for its attempts, webhooks_replay to send it again.",
    ),
    Tool(
        "webhooks_get_delivery",
        "webhooks.retrieve_delivery",
        scope="webhooks:read",
        does="Read one webhook delivery with all its attempts (status codes, errors, times).",
        returns="the delivery.",
        next="webhooks_replay to send it again.",
    ),
    Tool(
        "webhooks_replay",
        "webhooks.replay",
        scope="webhooks:write",
        does="Send a delivery's event again, as a new event whose replayOf names the original.",
        returns=(
            "{originalDeliveryId, replayDeliveryId, scheduledAt}: the replay is a new event "
            "(replayOf names the original) with a delivery of its own."
        ),
        next="webhooks_get_delivery for how it went.",
    ),
)

TOOLS: tuple[Tool, ...] = tuple(tool for tool in CATALOG if tool.available)
"""The tools served: the catalog's, less any whose method the installed SDK lacks."""


@dataclass(frozen=True)
class ProjectResource:
    """A read-only view of one project, for an agent to attach as context."""

    name: str
    title: str
    scope: str
    description: str
    read: Callable[[AsyncLayers, str], Awaitable[BaseModel | None]]

    @property
    def uri_template(self) -> str:
        return "layers://projects/{projectId}/" + self.name

    def uri(self, project_id: str) -> str:
        return f"layers://projects/{project_id}/{self.name}"


async def _brand_context(client: AsyncLayers, project_id: str) -> BaseModel | None:
    return (await client.projects.retrieve(project_id)).brand_context


async def _keyword_bank(client: AsyncLayers, project_id: str) -> BaseModel:
    return await client.keywords.retrieve(project_id)


async def _hooks(client: AsyncLayers, project_id: str) -> BaseModel:
    return await client.hooks.retrieve(project_id)


RESOURCES: tuple[ProjectResource, ...] = (
    ProjectResource(
        "brand-context",
        "Brand context",
        scope="projects:read",
        description=(
            "What ingestion learned about the project's app: appName, appDescription, tagline, "
            "audience, icp, brandVoice, keywords, primaryLanguage, logoUrl and each source's "
            "findings; null before any ingestion."
        ),
        read=_brand_context,
    ),
    ProjectResource(
        "keywords",
        "Keyword bank",
        scope="projects:read",
        description="The project's hashtag bank, best score first; empty before any research.",
        read=_keyword_bank,
    ),
    ProjectResource(
        "hooks",
        "Content hooks",
        scope="content:read",
        description=(
            "A freshly written bank of short hooks in the project's voice and language (a new "
            "bank on every read); needs the project's appName and appDescription."
        ),
        read=_hooks,
    ),
)
