"""Verifying webhook deliveries on the receiving side.

Every delivery is signed twice with the endpoint's signing secret (``whsec_…``), so that either
kind of verifier works:

* the Layers scheme: ``X-Layers-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "{t}.{body}">``;
* the Standard Webhooks scheme: ``webhook-id``, ``webhook-timestamp`` and
  ``webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``.

The HMAC key of both is the secret's part after ``whsec_``, base64-decoded. During a secret
rotation a delivery carries one signature per valid secret (several ``v1=`` entries, or several
space-separated ``v1,`` entries); any one matching is enough.

>>> import layers
>>> event = layers.webhooks.verify(raw_body, request.headers, secret)  # doctest: +SKIP
>>> event.type, event.id  # doctest: +SKIP
('job.completed', 'evt_01J…')

The TypeScript SDK's ``verifyWebhook`` makes the same checks in the same order, with the same
``reason`` for each refusal.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import time
from collections.abc import Iterable, Mapping
from datetime import datetime

import pydantic

from ._errors import WebhookVerificationError, WebhookVerificationReason
from .models import WebhookEvent

__all__ = [
    "DEFAULT_TOLERANCE_SECONDS",
    "WebhookEvent",
    "WebhookVerificationError",
    "WebhookVerificationReason",
    "verify",
]

DEFAULT_TOLERANCE_SECONDS = 300
"""Seconds a delivery's timestamp may be away from the receiver's clock (5 minutes)."""

SECRET_PREFIX = "whsec_"

_SECONDS = re.compile(r"[0-9]+")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")

Headers = Mapping[str, str] | Iterable[tuple[str, str]]
"""A delivery's headers: any mapping (a ``dict``, ``httpx.Headers``, Starlette's, Flask's,
Django's ``request.headers``) or ``(name, value)`` pairs; names in any case."""


def verify(
    body: bytes | bytearray | memoryview | str,
    headers: Headers,
    secret: str,
    *,
    tolerance: float = DEFAULT_TOLERANCE_SECONDS,
    now: float | datetime | None = None,
) -> WebhookEvent:
    """Check a delivery's signature and age, and return its event.

    Pass the **raw** request body (the bytes received, not a re-serialized object), its
    headers, and the endpoint's signing secret. ``X-Layers-Signature`` is checked when present,
    else the Standard Webhooks headers. The signature is compared in constant time; any one of
    a rotation's signatures matching is enough.

    Args:
        body: The request body exactly as received (``str`` is taken as UTF-8).
        headers: The request headers; names are matched case-insensitively.
        secret: The endpoint's ``whsec_…`` signing secret.
        tolerance: Seconds the signed timestamp may be away from ``now``, either way.
        now: The receiver's clock: Unix seconds or an aware ``datetime``; default the system's.

    Raises:
        WebhookVerificationError: with ``reason`` ``missing_headers``, ``bad_signature``,
            ``bad_timestamp``, ``too_old`` or ``bad_payload``.
        ValueError: ``secret`` is not a ``whsec_…`` value (a mistake in the receiver's setup,
            not in the delivery).
    """
    raw = body.encode() if isinstance(body, str) else bytes(body)
    key = _secret_key(secret)
    found = _lowercase(headers)
    layers_signature = found.get("x-layers-signature")
    message_id = found.get("webhook-id")
    standard_timestamp = found.get("webhook-timestamp")
    standard_signature = found.get("webhook-signature")
    if layers_signature is not None:
        entries = [entry.strip().partition("=") for entry in layers_signature.split(",")]
        timestamp = next((value for name, _, value in entries if name == "t"), "")
        candidates = [_from_hex(value) for name, _, value in entries if name == "v1"]
        signed = f"{timestamp}.".encode() + raw
    elif (
        message_id is not None and standard_timestamp is not None and standard_signature is not None
    ):
        timestamp = standard_timestamp
        entries = [entry.partition(",") for entry in standard_signature.split(" ")]
        candidates = [_from_base64(value) for version, _, value in entries if version == "v1"]
        signed = f"{message_id}.{timestamp}.".encode() + raw
    else:
        raise WebhookVerificationError(
            "missing_headers",
            "No webhook signature: expected X-Layers-Signature, or webhook-id, "
            "webhook-timestamp and webhook-signature.",
        )
    expected = hmac.new(key, signed, hashlib.sha256).digest()
    # Every candidate is compared (no early exit), each in constant time.
    matches = [c is not None and hmac.compare_digest(expected, c) for c in candidates]
    if not any(matches):
        raise WebhookVerificationError(
            "bad_signature",
            "The webhook signature does not match: wrong secret, or a body changed on the way "
            "(verify the raw body).",
        )
    _check_age(timestamp, tolerance, now)
    return _parse_event(raw)


def _secret_key(secret: str) -> bytes:
    key = _from_base64(secret.removeprefix(SECRET_PREFIX))
    if not key:
        raise ValueError("The signing secret must be the endpoint's `whsec_…` value.")
    return key


def _lowercase(headers: Headers) -> dict[str, str]:
    items = headers.items() if isinstance(headers, Mapping) else headers
    found: dict[str, str] = {}
    for name, value in items:
        found.setdefault(name.lower(), value)  # the first of a repeated header, like most servers
    return found


def _check_age(timestamp: str, tolerance: float, now: float | datetime | None) -> None:
    if not _SECONDS.fullmatch(timestamp):
        raise WebhookVerificationError(
            "bad_timestamp", "The webhook timestamp is not a number of seconds."
        )
    if now is None:
        clock = time.time()
    elif isinstance(now, datetime):
        clock = now.timestamp()
    else:
        clock = float(now)
    skew = abs(clock - int(timestamp))
    if skew > tolerance:
        raise WebhookVerificationError(
            "too_old",
            f"The webhook timestamp is {round(skew)} s away from now (tolerance {tolerance:g} s).",
        )


def _parse_event(raw: bytes) -> WebhookEvent:
    try:
        return WebhookEvent.model_validate_json(raw)
    except pydantic.ValidationError as exc:
        raise WebhookVerificationError(
            "bad_payload", f"The webhook body is not a Layers event: {_first_problem(exc)}"
        ) from None


def _first_problem(exc: pydantic.ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else str(error["msg"])


def _from_hex(text: str) -> bytes | None:
    return bytes.fromhex(text) if _HEX.fullmatch(text) else None


def _from_base64(text: str) -> bytes | None:
    """Strict base64, padding optional (as Standard Webhooks secrets and ``atob`` allow)."""
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
