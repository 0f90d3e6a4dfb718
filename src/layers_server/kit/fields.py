"""Validated field types shared by request bodies."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache
from typing import Annotated, Any, Literal

import langcodes
import orjson
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, StringConstraints

BrandVoice = Literal["authentic", "witty", "professional", "warm", "casual", "educational"]
TargetGender = Literal["all", "female", "male"]

METADATA_MAX_BYTES = 8 * 1024


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _timezone(value: str) -> str:
    if value not in _timezones():
        raise ValueError(f"'{value}' is not an IANA timezone (e.g. 'America/Los_Angeles', 'UTC')")
    return value


def _language(value: str) -> str:
    # langcodes tolerates '_' (POSIX locales); BCP-47 does not.
    try:
        valid = "_" not in value and langcodes.tag_is_valid(value)
        valid = valid and langcodes.Language.get(value).is_valid()
    except (ValueError, LookupError):
        valid = False
    if not valid:
        raise ValueError(f"'{value}' is not a BCP-47 language tag (e.g. 'en', 'pt-BR')")
    return langcodes.standardize_tag(value)


def _email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"not a valid email address: {error}") from None


def _metadata(value: dict[str, Any]) -> dict[str, Any]:
    size = len(orjson.dumps(value))
    if size > METADATA_MAX_BYTES:
        raise ValueError(
            f"metadata serializes to {size} bytes; the limit is {METADATA_MAX_BYTES} bytes (8 KB)"
        )
    return value


def text(min_length: int = 0, max_length: int | None = None) -> StringConstraints:
    """``Annotated[str, text(3, 30)]``: a string measured in characters after trimming
    surrounding whitespace (so a blank string is too short)."""
    return StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)


def _no_nul(value: str | None) -> str | None:
    if value is not None and "\x00" in value:
        raise ValueError("must not contain the NUL character (U+0000)")
    return value


# For free-text query parameters: PostgreSQL text cannot hold U+0000, and a filter carrying one
# failed in the query with a 500 (tests/hardening/test_nul_characters.py). Bodies get the same
# rule in kit/body.py.
NoNul = AfterValidator(_no_nul)

Timezone = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_timezone)]
LanguageTag = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=35), AfterValidator(_language)
]
Email = Annotated[str, StringConstraints(max_length=320), AfterValidator(_email)]
Metadata = Annotated[dict[str, Any], AfterValidator(_metadata)]
