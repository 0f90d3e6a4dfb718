"""The test vectors of docs/api/webhooks.md, read from the page itself: the server's signing
gives exactly the documented headers, and independent verifiers accept them — a few lines of
``hmac`` for the Layers scheme, the `standardwebhooks` package for the Standard Webhooks one."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import UTC, datetime
from pathlib import Path

import orjson
import standardwebhooks

from layers_server.webhooks.signing import signature_headers

PAGE = (Path(__file__).parents[2] / "docs" / "api" / "webhooks.md").read_text()


def _documented(name: str) -> str:
    """The value the page gives ``name`` (an input line or a header line)."""
    match = re.search(rf"^{re.escape(name)}:\s+(\S+)$", PAGE, re.MULTILINE)
    assert match, f"docs/api/webhooks.md gives no {name}"
    return match.group(1)


SECRET = _documented("secret")
EVENT_ID = _documented("event id")
TIMESTAMP = int(_documented("timestamp"))
BODY = _documented("body").encode()


def test_the_documented_body_is_an_event_payload():
    event = orjson.loads(BODY)
    assert list(event) == [
        "id", "type", "createdAt", "organizationId", "projectId", "data", "replayOf"
    ]  # fmt: skip
    assert event["id"] == EVENT_ID


def test_the_server_signs_exactly_the_documented_headers():
    headers = signature_headers(
        event_id=EVENT_ID, timestamp=TIMESTAMP, body=BODY, secrets_=[SECRET]
    )
    for name in ("X-Layers-Signature", "webhook-id", "webhook-timestamp", "webhook-signature"):
        assert headers[name] == _documented(name), name


def test_the_layers_vector_verifies_with_plain_hmac():
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    fields = dict(part.split("=", 1) for part in _documented("X-Layers-Signature").split(","))
    expected = hmac.new(key, f"{fields['t']}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert int(fields["t"]) == TIMESTAMP
    assert hmac.compare_digest(fields["v1"], expected)


def test_the_standard_webhooks_vector_verifies_with_the_reference_library():
    verifier = standardwebhooks.Webhook(SECRET)
    signed_at = datetime.fromtimestamp(TIMESTAMP, tz=UTC)
    assert verifier.sign(EVENT_ID, signed_at, BODY.decode()) == _documented("webhook-signature")
    # The library refuses a timestamp older than 5 minutes, so the whole check (headers, age,
    # signature) runs on the same event signed now.
    now = int(datetime.now(tz=UTC).timestamp())
    fresh = signature_headers(event_id=EVENT_ID, timestamp=now, body=BODY, secrets_=[SECRET])
    assert verifier.verify(BODY, fresh) == orjson.loads(BODY)


def test_during_a_rotation_either_secret_verifies():
    previous = "whsec_" + base64.b64encode(b"p" * 32).decode()
    now = int(datetime.now(tz=UTC).timestamp())
    headers = signature_headers(
        event_id=EVENT_ID, timestamp=now, body=BODY, secrets_=[SECRET, previous]
    )
    assert headers["X-Layers-Signature"].count("v1=") == 2
    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in (SECRET, previous):
        assert standardwebhooks.Webhook(secret).verify(BODY, headers) == orjson.loads(BODY)
