"""App store ingestion: resolve an iOS or Android listing into a brandContext fragment.

iOS uses Apple's public lookup API (JSON, no key). Google Play has no public API, so the
Android path reads the public listing page: its meta tags, microdata and JSON-LD
``SoftwareApplication`` block, which are what Play serves to crawlers. Both return the same
shape so the job can merge either into the project.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from layers_server.brand.text import site_keyphrases
from layers_server.ingest.website import DESCRIPTION_MAX, analyze_html
from layers_server.kit.fetch import FetchError, FetchPolicy, safe_fetch

_APPLE_HOSTS = frozenset({"apps.apple.com", "itunes.apple.com", "geo.itunes.apple.com"})
_PLAY_HOSTS = frozenset({"play.google.com"})
_APPLE_TRACK_ID = re.compile(r"/id(\d{5,12})(?:/|$)")
_ANDROID_PACKAGE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+$")
_IOS_BUNDLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]*$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
# Play titles read "Stride: Running Coach - Apps on Google Play" in every locale we request.
_PLAY_TITLE_SUFFIX = re.compile(r"\s+[-–—]\s+Apps on Google Play\s*$", re.I)


@dataclass(frozen=True)
class AppRef:
    platform: Literal["ios", "android"]
    app_id: str  # ios: bundle id or numeric track id; android: package name
    country: str | None = None  # the storefront named in the URL, if any


@dataclass(frozen=True)
class AppStoreConfig:
    ios_lookup_base: str = "https://itunes.apple.com/lookup"
    android_listing_base: str = "https://play.google.com/store/apps/details"


def parse_app_store_url(url: str) -> AppRef:
    """An App Store or Google Play listing URL → which app it names.

    Accepts apps.apple.com/{cc}/app/{slug}/id{digits} (slug and country optional), the older
    itunes.apple.com forms, play.google.com/store/apps/details?id={package} and
    market://details?id={package}. Anything else raises ``ValueError`` saying what was wrong.
    """
    raw = (url or "").strip()
    if raw and "://" not in raw:
        raw = f"https://{raw}"  # partners paste "apps.apple.com/…" without a scheme
    parts = urlsplit(raw)
    host = (parts.hostname or "").lower()

    if parts.scheme == "market" or host in _PLAY_HOSTS:
        if parts.scheme != "market" and not parts.path.rstrip("/").endswith("/store/apps/details"):
            raise ValueError("A Google Play URL must be a /store/apps/details?id=… listing.")
        package = (parse_qs(parts.query).get("id") or [""])[0].strip()
        if not _ANDROID_PACKAGE.fullmatch(package):
            raise ValueError("The Google Play URL has no valid package name in its id parameter.")
        gl = (parse_qs(parts.query).get("gl") or [""])[0]
        return AppRef("android", package, gl.lower() if _COUNTRY.fullmatch(gl) else None)

    if host in _APPLE_HOSTS and parts.scheme in ("http", "https"):
        match = _APPLE_TRACK_ID.search(parts.path)
        if match is None:
            raise ValueError(
                "An App Store URL must end in /id<digits>, like …/app/name/id123456789."
            )
        first = parts.path.strip("/").split("/")[0]
        country = first.lower() if _COUNTRY.fullmatch(first) else None
        return AppRef("ios", match.group(1), country)

    raise ValueError(
        "Not an app store listing URL: expected apps.apple.com/…/id<digits> or "
        "play.google.com/store/apps/details?id=<package>."
    )


# --------------------------------------------------------------------------- iOS


async def fetch_ios_app(
    *,
    bundle_id: str | None = None,
    track_id: str | None = None,
    country: str,
    config: AppStoreConfig,
    policy: FetchPolicy,
) -> dict:
    """Look the app up in Apple's catalogue for ``country``; ``APP_NOT_FOUND`` if absent."""
    if (bundle_id is None) == (track_id is None):
        raise ValueError("Pass exactly one of bundle_id and track_id.")
    country = _country(country)
    if track_id is not None:
        if not str(track_id).isdigit():
            raise ValueError("An App Store track id is all digits.")
        query = {"id": str(track_id)}
    else:
        if not _IOS_BUNDLE_ID.fullmatch(bundle_id or ""):
            raise ValueError("That is not a valid iOS bundle id.")
        query = {"bundleId": bundle_id or ""}
    query |= {"country": country, "entity": "software"}

    page = await safe_fetch(
        _with_query(config.ios_lookup_base, query),
        policy,
        accept="application/json, text/javascript;q=0.9, */*;q=0.1",
    )
    # Apple serves this JSON as text/javascript, so parse rather than trust the content type.
    try:
        payload = json.loads(page.text)
    except ValueError:
        raise FetchError(
            "BAD_RESPONSE", "The App Store lookup did not return JSON.", transient=True
        ) from None
    results = payload.get("results") if isinstance(payload, dict) else None
    apps = [
        r
        for r in (results or [])
        if isinstance(r, dict) and r.get("wrapperType", "software") == "software"
    ]
    if not apps:
        which = f"bundle id {bundle_id}" if bundle_id else f"id {track_id}"
        raise FetchError(
            "APP_NOT_FOUND",
            f"No App Store app with {which} is listed in the {country.upper()} storefront.",
        )
    app = apps[0]

    description = _clean_text(app.get("description"))
    return {
        "source": "appstore",
        "platform": "ios",
        "appName": _str(app.get("trackName")),
        "bundleId": _str(app.get("bundleId")),
        "trackId": str(app["trackId"]) if app.get("trackId") is not None else None,
        "description": _truncate(description),
        "developer": _str(app.get("sellerName")) or _str(app.get("artistName")),
        "category": _str(app.get("primaryGenreName")),
        "genres": [g for g in app.get("genres") or [] if isinstance(g, str)],
        "iconUrl": _str(
            app.get("artworkUrl512") or app.get("artworkUrl100") or app.get("artworkUrl60")
        ),
        "rating": _float(app.get("averageUserRating")),
        "ratingCount": _int(app.get("userRatingCount")),
        "storeUrl": _strip_query(_str(app.get("trackViewUrl"))),
        "country": country,
        "keywords": site_keyphrases(description or "") if description else [],
    }


# --------------------------------------------------------------------------- Android


async def fetch_android_app(
    *, package: str, country: str, config: AppStoreConfig, policy: FetchPolicy
) -> dict:
    """Read the app's public Google Play listing; ``APP_NOT_FOUND`` when Play answers 404."""
    if not _ANDROID_PACKAGE.fullmatch(package or ""):
        raise ValueError("That is not a valid Android package name.")
    country = _country(country)
    listing_url = _with_query(
        config.android_listing_base, {"id": package, "hl": "en", "gl": country.upper()}
    )
    try:
        page = await safe_fetch(listing_url, policy, html_only=True)
    except FetchError as exc:
        if exc.status == 404:
            raise FetchError(
                "APP_NOT_FOUND",
                f"No Google Play app with package {package} is listed in the "
                f"{country.upper()} store.",
            ) from None
        raise

    facts = analyze_html(page.text, page.url)
    app = next((e for e in facts.json_ld if e["type"] == "SoftwareApplication"), {})
    name = (
        app.get("name")
        or facts.meta_first("itemprop:name")
        or _PLAY_TITLE_SUFFIX.sub("", facts.meta_first("og:title") or facts.title or "")
        or None
    )
    if not name:
        # A 200 without an app name is a layout we do not understand, not a missing app.
        raise FetchError("BAD_RESPONSE", "The Google Play listing could not be read.")
    description = _clean_text(
        app.get("description")
        or facts.meta_first("itemprop:description", "description", "og:description")
    )
    icon = app.get("image") or facts.meta_first("og:image", "itemprop:image")
    return {
        "source": "appstore",
        "platform": "android",
        "appName": name,
        "package": package,
        "description": _truncate(description),
        "developer": app.get("author") or _developer_from_links(page.text),
        "category": _humanize_category(app.get("applicationCategory")),
        "iconUrl": icon,
        "rating": app.get("ratingValue"),
        "ratingCount": app.get("ratingCount"),
        "storeUrl": _with_query(config.android_listing_base, {"id": package}),
        "country": country,
        "keywords": site_keyphrases(description or "") if description else [],
    }


def _developer_from_links(html: str) -> str | None:
    """Fallback when there is no JSON-LD author: the listing links to the developer page."""
    for node in LexborHTMLParser(html).css('a[href*="/store/apps/dev"]'):
        text = " ".join(node.text(separator=" ").split())
        if text:
            return text
    return None


def _humanize_category(value: str | None) -> str | None:
    """HEALTH_AND_FITNESS → "Health & Fitness"; GAME_PUZZLE → "Puzzle"."""
    if not value:
        return None
    words = value.removeprefix("GAME_").split("_")
    return " ".join("&" if w == "AND" else w.capitalize() for w in words)


# --------------------------------------------------------------------------- helpers


def _country(country: str) -> str:
    if not _COUNTRY.fullmatch(country or ""):
        raise ValueError("country must be an ISO 3166-1 alpha-2 code such as 'us'.")
    return country.lower()


def _with_query(base: str, params: dict[str, str]) -> str:
    parts = urlsplit(base)
    query = "&".join(q for q in (parts.query, urlencode(params)) if q)
    return urlunsplit(parts._replace(query=query))


def _strip_query(url: str | None) -> str | None:
    # Apple appends "?uo=4" (an affiliate marker) to trackViewUrl; the listing needs no query.
    return urlunsplit(urlsplit(url)._replace(query="", fragment="")) if url else None


def _clean_text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    # Keep paragraph breaks (store descriptions use them), collapse everything else.
    lines = [" ".join(line.split()) for line in value.replace("\r", "").split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() or None


def _truncate(text: str | None) -> str | None:
    if text is None or len(text) <= DESCRIPTION_MAX:
        return text
    return text[: DESCRIPTION_MAX - 1].rsplit(" ", 1)[0] + "…"


def _str(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _float(value: Any) -> float | None:
    return round(float(value), 2) if isinstance(value, int | float) else None


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) else None
