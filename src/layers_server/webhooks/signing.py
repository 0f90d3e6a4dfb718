"""Signing secrets and the signature headers of a delivery.

Two schemes sign every delivery, so either kind of verifier works (docs/api/webhooks.md):

* the docs' ``X-Layers-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "{t}.{body}">``;
* Standard Webhooks: ``webhook-id``, ``webhook-timestamp`` and ``webhook-signature:
  v1,<base64 HMAC-SHA256 of "{id}.{t}.{body}">``.

The HMAC key of both is the secret's text after ``whsec_``, base64-decoded (as Standard
Webhooks defines it). During a rotation each scheme carries one signature per valid secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Sequence

SECRET_PREFIX = "whsec_"
_SECRET_BYTES = 32


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(_SECRET_BYTES)).decode()


def secret_key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def layers_signature(timestamp: int, body: bytes, secrets_: Sequence[str]) -> str:
    """The ``X-Layers-Signature`` value."""
    signed = str(timestamp).encode() + b"." + body
    digests = (hmac.new(secret_key(s), signed, hashlib.sha256).hexdigest() for s in secrets_)
    return ",".join([f"t={timestamp}", *(f"v1={d}" for d in digests)])


def standard_signature(
    message_id: str, timestamp: int, body: bytes, secrets_: Sequence[str]
) -> str:
    """The Standard Webhooks ``webhook-signature`` value."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    return " ".join(
        "v1," + base64.b64encode(hmac.new(secret_key(s), signed, hashlib.sha256).digest()).decode()
        for s in secrets_
    )


def signature_headers(
    *, event_id: str, timestamp: int, body: bytes, secrets_: Sequence[str]
) -> dict[str, str]:
    """The signature headers of one attempt (``event_id`` is the public ``evt_…`` id)."""
    return {
        "X-Layers-Signature": layers_signature(timestamp, body, secrets_),
        "webhook-id": event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": standard_signature(event_id, timestamp, body, secrets_),
    }
