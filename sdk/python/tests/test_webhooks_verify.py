"""``layers.webhooks.verify`` against fixed vectors of both signature schemes, signatures made
independently of the SDK (``hmac`` for the Layers scheme, the ``standardwebhooks`` package's own
signer and verifier for the other), and every reason to refuse a delivery.

The vectors are the TypeScript SDK's (``sdk/typescript/test/unit-webhooks.test.ts``), so both
SDKs are held to the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import standardwebhooks

import layers
from harness import API_KEY
from layers import Layers, LayersError, WebhookEvent, WebhookVerificationError

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
OTHER_SECRET = "whsec_" + base64.b64encode(b"another secret of thirty-two by").decode()

# A job.completed delivery signed at 2026-04-18T19:03:00Z.
T = 1776538980
EVENT_ID = "evt_01JS3K9Q8W5V2X7Y4Z6A1B3C5F"
EVENT = (
    '{"id":"evt_01JS3K9Q8W5V2X7Y4Z6A1B3C5F","type":"job.completed",'
    '"createdAt":"2026-04-18T19:03:00.000000+00:00",'
    '"organizationId":"org_2481fa5c-a404-44ed-a561-565392499abc",'
    '"projectId":"prj_9cb958b5-11b5-4e30-8675-5d075d52da7c",'
    '"data":{"jobId":"job_01JS3K9Q8W5V2X7Y4Z6A1B3C5D","kind":"project_ingest_website",'
    '"projectId":"prj_9cb958b5-11b5-4e30-8675-5d075d52da7c","result":{"pages":3}},'
    '"replayOf":null}'
)
LAYERS_V1 = "08d36b3cf906f1574e05ae20f158d088e727fb17c567c093bfc35c451419aa92"
STANDARD_V1 = "TnqRgU5PJtlMsA3l9YQSHT7lCPWwqz9ohdocwULbrUA="

LAYERS_HEADERS = {"X-Layers-Signature": f"t={T},v1={LAYERS_V1}"}
STANDARD_HEADERS = {
    "webhook-id": EVENT_ID,
    "webhook-timestamp": str(T),
    "webhook-signature": f"v1,{STANDARD_V1}",
}


def key_of(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def layers_hmac(secret: str, timestamp: int, body: str) -> str:
    """The Layers scheme, from its definition: hex HMAC-SHA256 of ``"{t}.{body}"``."""
    return hmac.new(key_of(secret), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()


def standard_sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """A ``webhook-signature`` entry made by the Standard Webhooks package itself."""
    when = datetime.fromtimestamp(timestamp, tz=UTC)
    return standardwebhooks.Webhook(secret).sign(message_id, when, body)


def refusal(*args: object, **kwargs: object) -> str:
    with pytest.raises(WebhookVerificationError) as raised:
        layers.webhooks.verify(*args, **kwargs)  # type: ignore[arg-type]
    return raised.value.reason


# ---- the vectors are what independent signers produce ----


def test_the_fixed_vectors_are_what_hmac_and_the_standard_webhooks_signer_compute() -> None:
    assert layers_hmac(SECRET, T, EVENT) == LAYERS_V1
    assert standard_sign(SECRET, EVENT_ID, T, EVENT) == f"v1,{STANDARD_V1}"


def test_the_standard_webhooks_package_accepts_the_vector_too() -> None:
    # The package checks the timestamp against the real clock, so it gets a fresh signature
    # of the same body made by its own signer; the SDK must accept exactly that.
    now = int(datetime.now(UTC).timestamp())
    headers = {**STANDARD_HEADERS, "webhook-timestamp": str(now)}
    headers["webhook-signature"] = standard_sign(SECRET, EVENT_ID, now, EVENT)
    assert standardwebhooks.Webhook(SECRET).verify(EVENT, headers)["id"] == EVENT_ID
    assert layers.webhooks.verify(EVENT, headers, SECRET).id == EVENT_ID


# ---- a genuine delivery ----


def test_verifies_by_x_layers_signature_and_returns_a_typed_event() -> None:
    event = layers.webhooks.verify(EVENT, LAYERS_HEADERS, SECRET, now=T)

    assert isinstance(event, WebhookEvent)
    assert (event.id, event.type) == (EVENT_ID, "job.completed")
    assert event.created_at == datetime(2026, 4, 18, 19, 3, tzinfo=UTC)
    assert event.organization_id == "org_2481fa5c-a404-44ed-a561-565392499abc"
    assert event.project_id == "prj_9cb958b5-11b5-4e30-8675-5d075d52da7c"
    assert event.data["result"] == {"pages": 3}
    assert event.replay_of is None
    assert event.model_dump(mode="json", by_alias=True)["replayOf"] is None


def test_verifies_by_the_standard_webhooks_headers() -> None:
    event = layers.webhooks.verify(EVENT, STANDARD_HEADERS, SECRET, now=T)
    assert event.type == "job.completed"


def test_the_standard_webhooks_specifications_own_vector_passes_the_signature_check() -> None:
    headers = {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    }
    # Its body is no Layers event: refused for that, after signature and age were accepted.
    assert refusal('{"test": 2432232314}', headers, SECRET, now=1614265330) == "bad_payload"
    headers["webhook-signature"] = headers["webhook-signature"].replace("g0h", "g1h")
    assert refusal('{"test": 2432232314}', headers, SECRET, now=1614265330) == "bad_signature"


@pytest.mark.parametrize(
    "headers",
    [
        {"x-layers-signature": LAYERS_HEADERS["X-Layers-Signature"]},
        {"X-LAYERS-SIGNATURE": LAYERS_HEADERS["X-Layers-Signature"]},
        httpx.Headers(LAYERS_HEADERS),
        list(LAYERS_HEADERS.items()),
        {key.upper(): value for key, value in STANDARD_HEADERS.items()},
        httpx.Headers(STANDARD_HEADERS),
    ],
    ids=["lower", "upper", "httpx.Headers", "pairs", "standard-upper", "standard-httpx"],
)
def test_header_names_in_any_case_and_any_mapping(headers: object) -> None:
    assert layers.webhooks.verify(EVENT, headers, SECRET, now=T).id == EVENT_ID  # type: ignore[arg-type]


@pytest.mark.parametrize("module", ["starlette.datastructures", "werkzeug.datastructures"])
def test_a_web_frameworks_own_headers(module: str) -> None:
    datastructures = pytest.importorskip(module)
    headers = datastructures.Headers({"X-Layers-Signature": LAYERS_HEADERS["X-Layers-Signature"]})
    assert layers.webhooks.verify(EVENT, headers, SECRET, now=T).id == EVENT_ID


@pytest.mark.parametrize(
    "body", [EVENT, EVENT.encode(), bytearray(EVENT.encode()), memoryview(EVENT.encode())]
)
def test_the_body_as_text_or_bytes(body: object) -> None:
    assert layers.webhooks.verify(body, LAYERS_HEADERS, SECRET, now=T).id == EVENT_ID  # type: ignore[arg-type]


def test_an_unpadded_secret_and_a_bare_one_work_as_the_standard_allows() -> None:
    key = base64.b64encode(b"thirty-two bytes of secret key!!").decode()  # 44 chars, one "="
    assert key.endswith("=")
    signature = layers_hmac("whsec_" + key, T, EVENT)
    headers = {"x-layers-signature": f"t={T},v1={signature}"}
    for secret in ("whsec_" + key, "whsec_" + key.rstrip("="), key):
        assert layers.webhooks.verify(EVENT, headers, secret, now=T).id == EVENT_ID
    # An unpadded base64 signature is read as the TypeScript SDK's atob reads it.
    unpadded = {**STANDARD_HEADERS, "webhook-signature": f"v1,{STANDARD_V1.rstrip('=')}"}
    assert layers.webhooks.verify(EVENT, unpadded, SECRET, now=T).id == EVENT_ID


def test_during_a_rotation_either_secret_verifies_either_scheme() -> None:
    both = [SECRET, OTHER_SECRET]
    layers_signature = ",".join([f"t={T}", *(f"v1={layers_hmac(s, T, EVENT)}" for s in both)])
    standard = " ".join(standard_sign(s, EVENT_ID, T, EVENT) for s in both)
    rotating_layers = {"x-layers-signature": layers_signature}
    rotating_standard = {**STANDARD_HEADERS, "webhook-signature": standard}
    for secret in both:
        for headers in (rotating_layers, rotating_standard):
            assert layers.webhooks.verify(EVENT, headers, secret, now=T).id == EVENT_ID
    retired = "whsec_" + base64.b64encode(b"a third secret, rotated away....").decode()
    assert refusal(EVENT, rotating_layers, retired, now=T) == "bad_signature"
    assert refusal(EVENT, rotating_standard, retired, now=T) == "bad_signature"


def test_the_tolerance_holds_both_ways_and_can_be_set() -> None:
    for now in (T + 300, T - 300, T + 299.5):
        layers.webhooks.verify(EVENT, LAYERS_HEADERS, SECRET, now=now)
    assert refusal(EVENT, LAYERS_HEADERS, SECRET, now=T + 301) == "too_old"
    assert refusal(EVENT, STANDARD_HEADERS, SECRET, now=T - 301) == "too_old"
    layers.webhooks.verify(EVENT, LAYERS_HEADERS, SECRET, now=T + 3600, tolerance=7200)
    assert refusal(EVENT, LAYERS_HEADERS, SECRET, now=T + 61, tolerance=60) == "too_old"


def test_now_may_be_a_datetime_and_defaults_to_the_system_clock() -> None:
    signed_at = datetime.fromtimestamp(T, tz=UTC)
    layers.webhooks.verify(EVENT, LAYERS_HEADERS, SECRET, now=signed_at + timedelta(minutes=4))
    assert refusal(EVENT, LAYERS_HEADERS, SECRET, now=signed_at - timedelta(minutes=6)) == "too_old"
    # The fixed vector is from April 2026: today's clock finds it too old.
    assert refusal(EVENT, LAYERS_HEADERS, SECRET) == "too_old"


def test_reachable_from_a_client_with_no_request_sent() -> None:
    client = Layers(api_key=API_KEY, base_url="https://api.test")
    assert client.webhooks.verify(EVENT, LAYERS_HEADERS, SECRET, now=T).id == EVENT_ID
    client.close()


# ---- a delivery is refused when ----


def test_the_secret_is_another_one() -> None:
    assert refusal(EVENT, LAYERS_HEADERS, OTHER_SECRET, now=T) == "bad_signature"
    assert refusal(EVENT, STANDARD_HEADERS, OTHER_SECRET, now=T) == "bad_signature"


def test_one_byte_of_the_body_changed_or_it_was_re_serialized() -> None:
    tampered = EVENT.replace('"pages":3', '"pages":4')
    reserialized = json.dumps(json.loads(EVENT), indent=2)
    for body in (tampered, reserialized):
        assert refusal(body, LAYERS_HEADERS, SECRET, now=T) == "bad_signature"
        assert refusal(body, STANDARD_HEADERS, SECRET, now=T) == "bad_signature"


def test_the_timestamp_or_the_id_was_changed_since_they_are_signed_too() -> None:
    moved = {"x-layers-signature": f"t={T + 1},v1={LAYERS_V1}"}
    assert refusal(EVENT, moved, SECRET, now=T) == "bad_signature"
    assert (
        refusal(EVENT, {**STANDARD_HEADERS, "webhook-timestamp": str(T + 1)}, SECRET, now=T)
        == "bad_signature"
    )
    other_id = {**STANDARD_HEADERS, "webhook-id": "evt_01JS3K9Q8W5V2X7Y4Z6A1B3C5G"}
    assert refusal(EVENT, other_id, SECRET, now=T) == "bad_signature"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"content-type": "application/json"},
        {"webhook-timestamp": str(T), "webhook-signature": f"v1,{STANDARD_V1}"},
        {"webhook-id": EVENT_ID, "webhook-signature": f"v1,{STANDARD_V1}"},
        {"webhook-id": EVENT_ID, "webhook-timestamp": str(T)},
    ],
    ids=["none", "unrelated", "no-id", "no-timestamp", "no-signature"],
)
def test_the_signature_headers_are_missing(headers: dict[str, str]) -> None:
    assert refusal(EVENT, headers, SECRET, now=T) == "missing_headers"


@pytest.mark.parametrize(
    "headers",
    [
        {"x-layers-signature": "garbage"},
        {"x-layers-signature": f"t={T}"},
        {"x-layers-signature": f"t={T},v1=not-hex"},
        {"x-layers-signature": f"t={T},v2={LAYERS_V1}"},
        {"x-layers-signature": f"v1={LAYERS_V1}"},
        {**STANDARD_HEADERS, "webhook-signature": f"v2,{STANDARD_V1}"},
        {**STANDARD_HEADERS, "webhook-signature": "v1,not base64!"},
        {**STANDARD_HEADERS, "webhook-signature": STANDARD_V1},
    ],
    ids=[
        "garbage",
        "no-v1",
        "not-hex",
        "other-version",
        "no-t",
        "standard-other-version",
        "standard-not-base64",
        "standard-no-version",
    ],
)
def test_a_malformed_signature_header_matches_nothing(headers: dict[str, str]) -> None:
    assert refusal(EVENT, headers, SECRET, now=T) == "bad_signature"


def test_a_signed_timestamp_that_is_not_seconds() -> None:
    # Signed with the right secret, so only the timestamp check can refuse it.
    for stamp in ("soon", "1776538980.5", "-1776538980"):
        headers = {"x-layers-signature": f"t={stamp},v1={layers_hmac(SECRET, stamp, EVENT)}"}  # type: ignore[arg-type]
        assert refusal(EVENT, headers, SECRET, now=T) == "bad_timestamp"


@pytest.mark.parametrize(
    "body",
    [
        "[1,2,3]",
        "not json",
        '"a string"',
        '{"id":"evt_1"}',
        '{"id":"evt_1","type":"test.ping","createdAt":"yesterday","organizationId":"org_1",'
        '"data":{}}',
        '{"id":"evt_1","type":"test.ping","createdAt":"2026-04-18T19:03:00+00:00",'
        '"organizationId":"org_1"}',
    ],
    ids=["array", "not-json", "string", "no-type", "bad-date", "no-data"],
)
def test_a_signed_body_that_is_not_a_layers_event(body: str) -> None:
    headers = {"x-layers-signature": f"t={T},v1={layers_hmac(SECRET, T, body)}"}
    with pytest.raises(WebhookVerificationError) as raised:
        layers.webhooks.verify(body, headers, SECRET, now=T)
    assert raised.value.reason == "bad_payload"
    assert str(raised.value).startswith("The webhook body is not a Layers event")


def test_the_error_is_an_sdk_error_whose_message_names_no_secret() -> None:
    with pytest.raises(LayersError) as raised:
        layers.webhooks.verify(EVENT, LAYERS_HEADERS, OTHER_SECRET, now=T)
    assert isinstance(raised.value, WebhookVerificationError)
    assert raised.value.reason == "bad_signature"
    text = str(raised.value)
    for secret in (SECRET, OTHER_SECRET):
        assert secret not in text and secret.removeprefix("whsec_") not in text


@pytest.mark.parametrize("secret", ["whsec_", "", "whsec_not base64!"])
def test_a_secret_that_is_not_a_whsec_value_is_a_setup_mistake(secret: str) -> None:
    with pytest.raises(ValueError, match="whsec_"):
        layers.webhooks.verify(EVENT, LAYERS_HEADERS, secret, now=T)


# ---- the reference's test vectors ----

REFERENCE = Path(__file__).resolve().parents[3] / "docs" / "api" / "webhooks.md"


def reference_vector() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The inputs, the Layers header and the Standard Webhooks headers that
    ``docs/api/webhooks.md`` prints under "Test vectors"."""
    section = REFERENCE.read_text(encoding="utf-8").split("### Test vectors", 1)[1]
    blocks = re.findall(r"```\w*\n(.*?)\n```", section, flags=re.DOTALL)
    inputs = dict(line.split(":", 1) for line in blocks[0].splitlines())
    inputs = {name.strip(): value.strip() for name, value in inputs.items()}
    headers = [dict(line.split(": ", 1) for line in block.splitlines()) for block in blocks[1:3]]
    return inputs, headers[0], headers[1]


def test_the_references_vectors_verify_and_are_what_independent_signers_compute() -> None:
    inputs, layers_headers, standard_headers = reference_vector()
    secret, body, stamp = inputs["secret"], inputs["body"], int(inputs["timestamp"])
    assert (
        layers_headers["X-Layers-Signature"] == f"t={stamp},v1={layers_hmac(secret, stamp, body)}"
    )
    assert standard_headers["webhook-signature"] == standard_sign(
        secret, inputs["event id"], stamp, body
    )
    for headers in (layers_headers, standard_headers):
        event = layers.webhooks.verify(body, headers, secret, now=stamp)
        assert event.id == inputs["event id"] == standard_headers["webhook-id"]
