"""The two ingestion job kinds: fetch, distil, and merge into the project's brandContext."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from ..db.tables import projects, scrape_failures
from ..jobs import registry
from ..jobs.context import JobContext, JobError
from ..kit.clock import iso
from ..kit.fetch import FetchError
from ..projects.brand_context import merged_brand_context
from .appstore import AppStoreConfig, fetch_android_app, fetch_ios_app, parse_app_store_url
from .website import ingest_website

WEBSITE_KIND = "project_ingest_website"
APPSTORE_KIND = "project_ingest_appstore"

BREAKER_FAILURES = 5
BREAKER_WINDOW = timedelta(days=7)


async def _save(ctx: JobContext, source: str, fragment: dict, columns: dict[str, Any]) -> str:
    now = ctx.clock()
    completed_at = iso(now)
    async with ctx.db.write() as conn:
        query = sa.select(projects.c.brand_context, projects.c.ingest_state).where(
            projects.c.id == ctx.project_id
        )
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        current = (await conn.execute(query)).first()
        if current is None:
            raise JobError("PROJECT_GONE", "The project no longer exists.")
        ingest_state = {
            **current.ingest_state,
            source: {
                "status": "completed",
                "jobId": f"job_{ctx.job_id}",
                "completedAt": completed_at,
            },
        }
        await conn.execute(
            projects.update()
            .where(projects.c.id == ctx.project_id)
            .values(
                brand_context=merged_brand_context(
                    current.brand_context,
                    source,
                    fragment,
                    job_id=f"job_{ctx.job_id}",
                    completed_at=completed_at,
                ),
                ingest_state=ingest_state,
                updated_at=now,
                **columns,
            )
        )
    return completed_at


def _job_error(error: FetchError) -> JobError:
    return JobError(error.code, error.message, transient=error.transient)


async def run_website_ingest(ctx: JobContext) -> dict[str, Any]:
    payload = ctx.payload

    async def report(fraction: float, stage: str) -> None:
        await ctx.progress(0.05 + 0.8 * fraction, stage)

    await ctx.progress(0.05, "fetching")
    try:
        fragment = await ingest_website(
            payload["url"],
            follow_links=payload["followLinks"],
            max_pages=payload["maxPages"],
            policy=ctx.fetch_policy,
            on_progress=report,
        )
    except FetchError as error:
        raise _job_error(error) from None
    await ctx.progress(0.9, "saving")
    completed_at = await _save(
        ctx, "website", fragment, {"platform_web_domain": fragment.get("webDomain")}
    )
    return {
        "pages": len(fragment.get("pages", [])),
        "appName": fragment.get("appName"),
        "webDomain": fragment.get("webDomain"),
        "completedAt": completed_at,
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
    return failures >= BREAKER_FAILURES


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
    fragment: dict[str, Any] = {}
    for platform in ("android", "ios"):
        if platform in listings:
            fragment = {**fragment, **_summary(listings[platform]), platform: listings[platform]}
    columns = {}
    if "ios" in listings:
        columns["platform_ios_bundle_id"] = listings["ios"].get("bundleId")
    if "android" in listings:
        columns["platform_android_bundle_id"] = listings["android"].get("package")
    completed_at = await _save(ctx, "appstore", fragment, columns)
    return {
        "platforms": sorted(listings),
        "appName": fragment.get("appName"),
        "completedAt": completed_at,
    }


def _summary(listing: dict[str, Any]) -> dict[str, Any]:
    """A store listing's brand findings, under brandContext's names."""
    return {
        "appName": listing.get("appName"),
        "appDescription": listing.get("description"),
        "keywords": listing.get("keywords"),
        "logoUrl": listing.get("iconUrl"),
    }


# "saving" writes the project and is not interrupted: a cancel then answers 409.
registry.register(
    WEBSITE_KIND, run_website_ingest, cancellable_stages={"queued", "fetching", "extracting"}
)
registry.register(
    APPSTORE_KIND,
    run_appstore_ingest,
    cancellable_stages={"queued", "fetching_ios", "fetching_android"},
)
