"""The two ingestion job kinds: fetch, distil, and merge into the project's brandContext.

A sandbox job (a test key's, docs/api/sandbox.md) runs the same stages but takes its findings
from `sandbox` instead of the network; everything after the findings is the same code.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from ..db.tables import scrape_failures
from ..jobs.context import JobContext, JobError
from ..jobs.registry import JobKind
from ..jobs.transitions import public_job_id
from ..kit.clock import iso
from ..kit.errors import ApiError
from ..kit.fetch import FetchError
from ..projects.brand_context import brand_summary
from ..projects.service import record_ingestion
from . import sandbox
from .appstore import AppStoreConfig, fetch_android_app, fetch_ios_app, parse_app_store_url
from .website import ingest_website

WEBSITE_KIND = "project_ingest_website"
APPSTORE_KIND = "project_ingest_appstore"

BREAKER_FAILURES = 5
BREAKER_WINDOW = timedelta(days=7)


async def _complete(
    ctx: JobContext, source: str, findings: dict[str, Any], columns: dict[str, Any]
) -> dict[str, Any]:
    """Record the findings on the project (and fill its empty fields, which may start the
    workflows) in one unit of work; the parts of the job result every ingestion shares."""
    completed_at = ctx.clock()
    project_id = ctx.project_id
    assert project_id is not None  # an ingestion job is always started on a project
    try:
        async with ctx.unit_of_work() as uow:
            filled = await record_ingestion(
                uow,
                project_id,
                source,
                findings,
                job_id=public_job_id(ctx.job_id),
                completed_at=completed_at,
                # A source that lacks a platform field never erases what another found.
                columns={column: value for column, value in columns.items() if value},
            )
    except ApiError as error:
        if error.status != 404:
            raise
        raise JobError("PROJECT_GONE", "The project no longer exists.") from None
    return {
        "brandContext": brand_summary(findings),
        "filledFields": filled,
        "completedAt": iso(completed_at),
    }


def _job_error(error: FetchError) -> JobError:
    return JobError(error.code, error.message, transient=error.transient)


async def run_website_ingest(ctx: JobContext) -> dict[str, Any]:
    payload = ctx.payload

    async def report(fraction: float, stage: str) -> None:
        await ctx.progress(0.05 + 0.8 * fraction, stage)

    await ctx.progress(0.05, "fetching")
    if ctx.sandbox:
        findings = sandbox.website_findings(payload["url"])
        await report(1.0, "extracting")
    else:
        try:
            findings = await ingest_website(
                payload["url"],
                follow_links=payload["followLinks"],
                max_pages=payload["maxPages"],
                policy=ctx.fetch_policy,
                on_progress=report,
            )
        except FetchError as error:
            raise _job_error(error) from None
    await ctx.progress(0.9, "saving")
    shared = await _complete(
        ctx, "website", findings, {"platform_web_domain": findings.get("webDomain")}
    )
    return {
        "sandbox": ctx.sandbox,
        "pages": len(findings.get("pages", [])),
        "appName": findings.get("appName"),
        "webDomain": findings.get("webDomain"),
        **shared,
    }


def _app_targets(payload: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    """(platform, fetch arguments, breaker key) for every app the request names."""
    targets: list[tuple[str, dict[str, Any], str]] = []
    country = payload["countryCode"].lower()
    if payload.get("appStoreUrl"):
        ref = parse_app_store_url(payload["appStoreUrl"])
        country = ref.country or country
        if ref.platform == "ios":
            targets.append(
                ("ios", {"track_id": ref.app_id, "country": country}, f"ios:{ref.app_id}")
            )
        else:
            targets.append(
                ("android", {"package": ref.app_id, "country": country}, f"android:{ref.app_id}")
            )
    if payload.get("iosBundleId"):
        bundle = payload["iosBundleId"]
        targets.append(("ios", {"bundle_id": bundle, "country": country}, f"ios:{bundle}"))
    if payload.get("androidPackage"):
        package = payload["androidPackage"]
        targets.append(("android", {"package": package, "country": country}, f"android:{package}"))
    return targets


async def _breaker_open(ctx: JobContext, app_key: str) -> bool:
    since = ctx.clock() - BREAKER_WINDOW
    async with ctx.db.read() as conn:
        failures = await conn.scalar(
            sa.select(sa.func.count())
            .select_from(scrape_failures)
            .where(scrape_failures.c.app_key == app_key, scrape_failures.c.failed_at >= since)
        )
    return (failures or 0) >= BREAKER_FAILURES


async def _record_failure(ctx: JobContext, app_key: str) -> None:
    # Its own transaction: the failure counts toward the breaker even though the job rolls back.
    async with ctx.db.write() as conn:
        await conn.execute(scrape_failures.insert().values(app_key=app_key, failed_at=ctx.clock()))


async def run_appstore_ingest(ctx: JobContext) -> dict[str, Any]:
    config = AppStoreConfig(
        ios_lookup_base=ctx.settings.ios_lookup_url,
        android_listing_base=ctx.settings.android_listing_url,
    )
    targets = _app_targets(ctx.payload)
    listings: dict[str, dict] = {}
    for index, (platform, arguments, app_key) in enumerate(targets):
        await ctx.progress(0.1 + 0.7 * index / len(targets), f"fetching_{platform}")
        if ctx.sandbox:
            listings[platform] = sandbox.app_listing(
                platform, arguments, ctx.payload.get("appStoreUrl")
            )
            continue
        if await _breaker_open(ctx, app_key):
            raise JobError(
                "SCRAPE_FAILED",
                f"The listing of {app_key} failed {BREAKER_FAILURES} times in the last 7 days; "
                "ingestion of this app is paused while the breaker cools down.",
            )
        fetch = fetch_ios_app if platform == "ios" else fetch_android_app
        try:
            listings[platform] = await fetch(**arguments, config=config, policy=ctx.fetch_policy)
        except FetchError as error:
            await _record_failure(ctx, app_key)
            raise _job_error(error) from None
    await ctx.progress(0.9, "saving")
    # Android first so the iOS listing, when both exist, provides the top-level summary.
    findings: dict[str, Any] = {}
    for platform in ("android", "ios"):
        if platform in listings:
            findings = {
                **findings,
                **_listing_brand_fields(listings[platform]),
                platform: listings[platform],
            }
    columns = {
        "platform_ios_bundle_id": listings.get("ios", {}).get("bundleId"),
        "platform_android_bundle_id": listings.get("android", {}).get("package"),
    }
    shared = await _complete(ctx, "appstore", findings, columns)
    return {
        "sandbox": ctx.sandbox,
        "platforms": sorted(listings),
        "appName": findings.get("appName"),
        **shared,
    }


def _listing_brand_fields(listing: dict[str, Any]) -> dict[str, Any]:
    """A store listing's brand findings, under brandContext's names."""
    return {
        "appName": listing.get("appName"),
        "appDescription": listing.get("description"),
        "keywords": listing.get("keywords"),
        "logoUrl": listing.get("iconUrl"),
    }


# "saving" writes the project and is not interrupted: a cancel then answers 409.
KINDS = (
    JobKind(
        WEBSITE_KIND, run_website_ingest, cancellable_stages={"queued", "fetching", "extracting"}
    ),
    JobKind(
        APPSTORE_KIND,
        run_appstore_ingest,
        cancellable_stages={"queued", "fetching_ios", "fetching_android"},
    ),
)
