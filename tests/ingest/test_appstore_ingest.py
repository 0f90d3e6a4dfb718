"""App store ingestion: URL parsing, and iOS / Android lookups against local stand-ins."""

from __future__ import annotations

from pathlib import Path

import pytest

from layers_server.ingest.appstore import (
    AppRef,
    AppStoreConfig,
    fetch_android_app,
    fetch_ios_app,
    parse_app_store_url,
)
from layers_server.kit.fetch import FetchError

APPSTORE = Path(__file__).parent / "fixtures" / "appstore"
BUNDLE_ID = "com.stridelabs.stride"
TRACK_ID = "1500000001"

# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "https://apps.apple.com/us/app/stride-running-coach/id1500000001",
            AppRef("ios", "1500000001", "us"),
        ),
        (
            "https://apps.apple.com/gb/app/stride-running-coach/id1500000001?platform=iphone",
            AppRef("ios", "1500000001", "gb"),
        ),
        ("https://apps.apple.com/app/id1500000001", AppRef("ios", "1500000001")),
        ("apps.apple.com/de/app/stride/id1500000001", AppRef("ios", "1500000001", "de")),
        (
            "https://itunes.apple.com/us/app/stride-running-coach/id1500000001?mt=8",
            AppRef("ios", "1500000001", "us"),
        ),
        ("http://itunes.apple.com/app/id1500000001", AppRef("ios", "1500000001")),
        (
            "https://play.google.com/store/apps/details?id=com.stridelabs.stride",
            AppRef("android", "com.stridelabs.stride"),
        ),
        (
            "https://play.google.com/store/apps/details?id=com.stridelabs.stride&hl=en_US&gl=BR",
            AppRef("android", "com.stridelabs.stride", "br"),
        ),
        ("market://details?id=com.stridelabs.stride", AppRef("android", "com.stridelabs.stride")),
    ],
)
def test_parses_store_urls(url, expected):
    assert parse_app_store_url(url) == expected


@pytest.mark.parametrize(
    "url, complaint",
    [
        ("https://apps.apple.com/us/app/stride-running-coach", "/id<digits>"),
        ("https://apps.apple.com.evil.test/us/app/x/id1500000001", "Not an app store"),
        ("https://play.google.com/store/apps/details", "package name"),
        ("https://play.google.com/store/apps/details?id=not-a-package", "package name"),
        ("https://play.google.com/store/apps/dev?id=123", "/store/apps/details"),
        ("https://example.com/app/id1500000001", "Not an app store"),
        ("", "Not an app store"),
        ("ftp://apps.apple.com/us/app/x/id1500000001", "Not an app store"),
    ],
)
def test_rejects_other_urls_with_a_clear_message(url, complaint):
    with pytest.raises(ValueError) as caught:
        parse_app_store_url(url)
    assert complaint in str(caught.value)


# --------------------------------------------------------------------------- iOS


@pytest.fixture
def apple(server):
    """Stands in for itunes.apple.com/lookup: knows one app, in the US storefront."""
    found = (APPSTORE / "itunes_lookup_stride.json").read_text()
    empty = (APPSTORE / "itunes_lookup_empty.json").read_text()

    def lookup(req) -> None:
        q = req.query
        known = q.get("bundleId") == BUNDLE_ID or q.get("id") == TRACK_ID
        body = found if known and q.get("country") == "us" else empty
        req.reply(200, body, "text/javascript; charset=utf-8")  # what Apple really sends

    server.route("/lookup", lookup)
    server.config = AppStoreConfig(ios_lookup_base=server.url("/lookup"))
    return server


async def test_ios_by_bundle_id(apple, local_policy):
    app = await fetch_ios_app(
        bundle_id=BUNDLE_ID, country="US", config=apple.config, policy=local_policy
    )
    assert app["platform"] == "ios"
    assert app["appName"] == "Stride: Running Coach"
    assert app["bundleId"] == BUNDLE_ID
    assert app["trackId"] == TRACK_ID
    assert app["developer"] == "Stride Labs, Inc."
    assert app["category"] == "Health & Fitness"
    assert app["genres"] == ["Health & Fitness", "Productivity"]
    assert app["iconUrl"].endswith("AppIcon-512x512bb.jpg")
    assert (app["rating"], app["ratingCount"]) == (4.78, 18342)
    assert app["storeUrl"] == "https://apps.apple.com/us/app/stride-running-coach/id1500000001"
    assert app["country"] == "us"
    assert app["description"].startswith("Stride is the running coach for busy people.\n\n")
    assert "adaptive running plans" in [k.lower() for k in app["keywords"]]
    assert apple.hits == [f"/lookup?bundleId={BUNDLE_ID}&country=us&entity=software"]


async def test_ios_by_track_id(apple, local_policy):
    app = await fetch_ios_app(
        track_id=TRACK_ID, country="us", config=apple.config, policy=local_policy
    )
    assert app["bundleId"] == BUNDLE_ID
    assert apple.hits == [f"/lookup?id={TRACK_ID}&country=us&entity=software"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"bundle_id": "com.example.unknown", "country": "us"},
        {"bundle_id": BUNDLE_ID, "country": "fr"},
    ],
)
async def test_ios_not_found(apple, local_policy, kwargs):
    with pytest.raises(FetchError) as caught:
        await fetch_ios_app(**kwargs, config=apple.config, policy=local_policy)
    assert caught.value.code == "APP_NOT_FOUND"
    assert not caught.value.transient
    assert kwargs["country"].upper() in caught.value.message


async def test_ios_garbage_is_a_bad_response(server, local_policy):
    server.page("/lookup", "<html>maintenance</html>")
    config = AppStoreConfig(ios_lookup_base=server.url("/lookup"))
    with pytest.raises(FetchError) as caught:
        await fetch_ios_app(bundle_id=BUNDLE_ID, country="us", config=config, policy=local_policy)
    assert caught.value.code == "BAD_RESPONSE"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"country": "us"},  # neither id
        {"bundle_id": BUNDLE_ID, "track_id": TRACK_ID, "country": "us"},  # both
        {"track_id": "12ab", "country": "us"},
        {"bundle_id": "com.example/../x", "country": "us"},
        {"bundle_id": BUNDLE_ID, "country": "usa"},
    ],
)
async def test_ios_rejects_bad_arguments(kwargs, local_policy):
    with pytest.raises(ValueError):
        await fetch_ios_app(**kwargs, config=AppStoreConfig(), policy=local_policy)


# --------------------------------------------------------------------------- Android


@pytest.fixture
def play(server):
    """Stands in for play.google.com/store/apps/details: one known package, 404 otherwise."""
    listing = (APPSTORE / "play_listing_stride.html").read_text()
    missing = (APPSTORE / "play_not_found.html").read_text()

    def details(req) -> None:
        if req.query.get("id") == BUNDLE_ID:
            req.reply(200, listing)
        else:
            req.reply(404, missing)

    server.route("/store/apps/details", details)
    server.config = AppStoreConfig(android_listing_base=server.url("/store/apps/details"))
    return server


async def test_android_listing(play, local_policy):
    app = await fetch_android_app(
        package=BUNDLE_ID, country="gb", config=play.config, policy=local_policy
    )
    assert app["platform"] == "android"
    assert app["appName"] == "Stride: Running Coach"
    assert app["package"] == BUNDLE_ID
    assert app["developer"] == "Stride Labs, Inc."
    assert app["category"] == "Health & Fitness"
    assert app["iconUrl"] == "https://play-lh.googleusercontent.com/abcDEFstrideIcon"
    assert (app["rating"], app["ratingCount"]) == (4.6, 52113)
    assert app["storeUrl"] == play.url(f"/store/apps/details?id={BUNDLE_ID}")
    assert app["country"] == "gb"
    assert app["description"].startswith("Stride is the running coach for busy people.")
    assert "Wear OS" in app["description"]
    assert app["keywords"]
    assert play.hits == [f"/store/apps/details?id={BUNDLE_ID}&hl=en&gl=GB"]


async def test_android_listing_without_json_ld_uses_meta_and_markup(server, local_policy):
    listing = (APPSTORE / "play_listing_stride.html").read_text()
    start = listing.index('<script type="application/ld+json"')
    end = listing.index("</script>", start) + len("</script>")
    server.page("/details", listing[:start] + listing[end:])
    config = AppStoreConfig(android_listing_base=server.url("/details"))
    app = await fetch_android_app(
        package=BUNDLE_ID, country="us", config=config, policy=local_policy
    )
    assert app["appName"] == "Stride: Running Coach"  # itemprop=name
    assert app["developer"] == "Stride Labs, Inc."  # the developer page link
    assert app["iconUrl"] == "https://play-lh.googleusercontent.com/abcDEFstrideIcon=w240-h480"
    assert app["description"].startswith("Adaptive running plans")  # meta description
    assert app["rating"] is None and app["category"] is None  # not invented


async def test_android_not_found(play, local_policy):
    with pytest.raises(FetchError) as caught:
        await fetch_android_app(
            package="com.example.gone", country="us", config=play.config, policy=local_policy
        )
    assert caught.value.code == "APP_NOT_FOUND"
    assert not caught.value.transient
    assert "com.example.gone" in caught.value.message


async def test_android_server_errors_stay_transient(server, local_policy):
    server.route("/details", lambda req: req.reply(503, "busy"))
    config = AppStoreConfig(android_listing_base=server.url("/details"))
    with pytest.raises(FetchError) as caught:
        await fetch_android_app(package=BUNDLE_ID, country="us", config=config, policy=local_policy)
    assert caught.value.code == "HTTP_ERROR"
    assert caught.value.transient


async def test_android_unreadable_listing_is_a_bad_response(server, local_policy):
    server.page("/details", "<html><body>Something else entirely</body></html>")
    config = AppStoreConfig(android_listing_base=server.url("/details"))
    with pytest.raises(FetchError) as caught:
        await fetch_android_app(package=BUNDLE_ID, country="us", config=config, policy=local_policy)
    assert caught.value.code == "BAD_RESPONSE"


async def test_store_lookups_go_through_the_address_guard():
    """Config base URLs are operator settings, but fetching them still obeys the guard."""
    from layers_server.kit.fetch import FetchPolicy

    config = AppStoreConfig(ios_lookup_base="http://169.254.169.254/lookup")
    with pytest.raises(FetchError) as caught:
        await fetch_ios_app(bundle_id=BUNDLE_ID, country="us", config=config, policy=FetchPolicy())
    assert caught.value.code == "BLOCKED_ADDRESS"
