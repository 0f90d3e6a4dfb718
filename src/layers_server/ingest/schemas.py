"""Request bodies of the ingestion routes (docs/api/ingest.md); each answers a `JobStarted`."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from ..kit.body import StrictBody
from .appstore import parse_app_store_url


def _absolute_http_url(value: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an absolute http(s) URL, like https://example.com")
    return value


def _store_url(value: str) -> str:
    parse_app_store_url(value)  # ValueError explains what is wrong
    return value


HttpUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=2048),
    AfterValidator(_absolute_http_url),
]


class WebsiteIngest(StrictBody):
    example: ClassVar[dict[str, Any]] = {
        "url": "https://acmecoffee.com/",
        "followLinks": True,
        "maxPages": 5,
    }

    url: HttpUrl
    followLinks: bool = False
    maxPages: Annotated[int, Field(ge=1, le=25)] = 1


class AppStoreIngest(StrictBody):
    example: ClassVar[dict[str, Any]] = {"iosBundleId": "com.acmecoffee.app", "countryCode": "us"}

    iosBundleId: (
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9.-]{0,254}$"),
        ]
        | None
    ) = None
    androidPackage: (
        Annotated[
            str,
            StringConstraints(
                strip_whitespace=True, pattern=r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$"
            ),
        ]
        | None
    ) = None
    appStoreUrl: (
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, max_length=2048),
            AfterValidator(_store_url),
        ]
        | None
    ) = None
    countryCode: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")] = "us"

    @model_validator(mode="after")
    def _one_source(self) -> AppStoreIngest:
        if not (self.iosBundleId or self.androidPackage or self.appStoreUrl):
            raise ValueError("give at least one of iosBundleId, androidPackage or appStoreUrl")
        return self
