"""What ingestion learns for a test key: deterministic findings derived from the request alone.

Test keys are a sandbox (docs/api/sandbox.md): their ingestion jobs run the same stages but make
no outbound request. Instead of fetching, a job asks this module for findings shaped exactly like
the real extractors' (so the rest of the job, merging and filling the project, is the code live
keys run). The wording lives in ``data/sandbox.toml``; the app's name comes from the request by
the rule of `name_from_host` / `name_from_identifier`, so the same request always gives the same
findings, byte for byte.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

_DATA = Path(__file__).parent / "data" / "sandbox.toml"
_WORD_BREAK = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_APPLE_SLUG = re.compile(r"/app/([^/]+)/id\d+")


@cache
def _templates() -> dict[str, Any]:
    with _DATA.open("rb") as file:
        return tomllib.load(file)


def _words_to_name(raw: str) -> str:
    words = [word for word in _WORD_BREAK.split(raw) if word]
    return " ".join(word[:1].upper() + word[1:] for word in words) or raw


def name_from_host(host: str) -> str:
    """``www.acme-coffee.example.com`` → ``Acme Coffee``: the first label after a leading
    ``www.``, split on hyphens, underscores and case changes, each word capitalised. An IP
    address (or a single-label host such as ``localhost``) is used as it is."""
    host = host.lower().removeprefix("www.")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    labels = host.split(".")
    return _words_to_name(labels[0]) if len(labels) > 1 else host


def name_from_identifier(identifier: str) -> str:
    """``com.stridelabs.stride`` → ``Stride``, ``com.acme.CoffeeClub`` → ``Coffee Club``: the
    last dot-separated part of a bundle id or package, split into capitalised words."""
    return _words_to_name(identifier.rsplit(".", 1)[-1])


def name_from_store_url(url: str) -> str | None:
    """An App Store URL's slug, ``…/app/stride-running-coach/id123`` → ``Stride Running Coach``."""
    match = _APPLE_SLUG.search(urlsplit(url).path)
    return _words_to_name(match.group(1)) if match else None


def _fill(template: Any, values: dict[str, str]) -> Any:
    if isinstance(template, str):
        return template.format(**values)
    if isinstance(template, list):
        return [_fill(item, values) for item in template]
    return template


def website_findings(url: str) -> dict[str, Any]:
    """What the website extractor would return, for a site the sandbox does not fetch."""
    host = (urlsplit(url).hostname or "").lower()
    domain = host.removeprefix("www.")
    values = {"appName": name_from_host(host), "source": domain}
    text = {key: _fill(value, values) for key, value in _templates()["website"].items()}
    return {
        "source": "website",
        "sandbox": True,
        "url": url,
        "pages": [url],
        "appName": values["appName"],
        "appDescription": text["appDescription"],
        "tagline": text["tagline"],
        "audience": text["audience"],
        "brandVoice": text["brandVoice"],
        "keywords": text["keywords"],
        "logoUrl": None,  # nothing was fetched: no logo is invented
        "primaryLanguage": text["primaryLanguage"],
        "webDomain": domain or None,
    }


def app_listing(
    platform: str, arguments: dict[str, Any], store_url: str | None = None
) -> dict[str, Any]:
    """What the store fetchers would return for ``platform`` called with ``arguments`` (the
    ingestion job's own fetch arguments), for a listing the sandbox does not fetch."""
    identifier = str(
        arguments.get("bundle_id") or arguments.get("package") or arguments.get("track_id")
    )
    by_url = name_from_store_url(store_url) if store_url and "track_id" in arguments else None
    name = by_url or name_from_identifier(identifier)
    values = {
        "appName": name,
        "source": identifier,
        "platform": "iOS" if platform == "ios" else "Android",
    }
    text = {key: _fill(value, values) for key, value in _templates()["appstore"].items()}
    listing: dict[str, Any] = {"source": "appstore", "sandbox": True, "platform": platform}
    listing["appName"] = name
    if platform == "ios":
        listing["bundleId"] = arguments.get("bundle_id")  # unknown when asked by store URL
        listing["trackId"] = arguments.get("track_id")
    else:
        listing["package"] = arguments["package"]
    listing |= {
        "description": text["appDescription"],
        "developer": None,
        "category": None,
        "iconUrl": None,
        "rating": None,
        "ratingCount": None,
        "storeUrl": store_url,
        "country": arguments["country"],
        "keywords": text["keywords"],
    }
    return listing


def repository_findings(full_name: str) -> dict[str, Any]:
    """What GitHub ingestion would learn from the repository ``owner/name``, which the sandbox
    does not read: the app is named after the repository (``stride-app`` → ``Stride App``)."""
    name = _words_to_name(full_name.rsplit("/", 1)[-1])
    values = {"appName": name, "source": full_name}
    text = {key: _fill(value, values) for key, value in _templates()["github"].items()}
    return {
        "appName": name,
        "appDescription": text["appDescription"],
        "tagline": None,
        "audience": None,
        "icp": None,
        "brandVoice": None,
        "keywords": text["keywords"],
        "primaryLanguage": None,
        "logoUrl": None,
    }
