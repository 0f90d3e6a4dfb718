"""Every error code maps to its exception class, carrying the envelope's fields."""

from __future__ import annotations

import httpx
import pydantic
import pytest

import layers
import samples
from harness import Client, ScriptedAPI, resolve

BY_CODE = [
    (400, "VALIDATION", layers.ValidationError),
    (401, "UNAUTHENTICATED", layers.AuthenticationError),
    (403, "FORBIDDEN_SCOPE", layers.PermissionDeniedError),
    (404, "NOT_FOUND", layers.NotFoundError),
    (409, "CONFLICT", layers.ConflictError),
    (409, "IDEMPOTENCY_CONFLICT", layers.IdempotencyConflictError),
    (409, "IDEMPOTENCY_IN_PROGRESS", layers.IdempotencyInProgressError),
    (413, "PAYLOAD_TOO_LARGE", layers.PayloadTooLargeError),
    (422, "VALIDATION", layers.ValidationError),
    (422, "VALIDATION_FAILED", layers.ValidationError),
    (429, "RATE_LIMITED", layers.RateLimitError),
    (500, "INTERNAL", layers.InternalServerError),
    (503, "KILL_SWITCH", layers.KillSwitchError),
    (503, "UNAVAILABLE", layers.ServiceUnavailableError),
    # Codes without a class of their own are plain APIStatusError.
    (402, "BILLING_EXHAUSTED", layers.APIStatusError),
    (405, "METHOD_NOT_ALLOWED", layers.APIStatusError),
    (415, "UNSUPPORTED_MEDIA_TYPE", layers.APIStatusError),
]

# A code this SDK has never heard of maps by status.
BY_STATUS = [
    (401, layers.AuthenticationError),
    (403, layers.PermissionDeniedError),
    (404, layers.NotFoundError),
    (409, layers.ConflictError),
    (413, layers.PayloadTooLargeError),
    (422, layers.ValidationError),
    (429, layers.RateLimitError),
    (500, layers.InternalServerError),
    (502, layers.InternalServerError),
    (503, layers.ServiceUnavailableError),
    (418, layers.APIStatusError),
]


@pytest.fixture
def no_retries(client: Client) -> Client:
    return client.with_options(max_retries=0)


@pytest.mark.parametrize(("status", "code", "cls"), BY_CODE)
async def test_each_code_raises_its_class(
    no_retries: Client, api: ScriptedAPI, status: int, code: str, cls: type
) -> None:
    details = {"subcode": "JOB_CANCEL_UNAVAILABLE", "jobId": "job_1"}
    api.reply(status, samples.error(code, "A sentence for humans.", **details))

    with pytest.raises(layers.APIStatusError) as raised:
        await resolve(no_retries.jobs.cancel("job_1"))

    error = raised.value
    assert type(error) is cls
    assert isinstance(error, layers.LayersError)
    assert error.status == status
    assert error.code == code
    assert error.message == "A sentence for humans."
    assert error.request_id == "req_01JSERVER"
    assert error.details == details
    assert error.response.status_code == status
    assert str(error) == f"{status} {code}: A sentence for humans. (request req_01JSERVER)"


@pytest.mark.parametrize(("status", "cls"), BY_STATUS)
async def test_unknown_codes_map_by_status(
    no_retries: Client, api: ScriptedAPI, status: int, cls: type
) -> None:
    api.reply(status, samples.error("SOMETHING_NEW"))

    with pytest.raises(layers.APIStatusError) as raised:
        await resolve(no_retries.whoami())

    assert type(raised.value) is cls
    assert raised.value.code == "SOMETHING_NEW"


async def test_a_body_that_is_not_an_envelope_still_maps(
    no_retries: Client, api: ScriptedAPI
) -> None:
    api.script.append(
        httpx.Response(502, text="<html>Bad Gateway</html>", headers={"X-Request-Id": "req_HDR"})
    )

    with pytest.raises(layers.InternalServerError) as raised:
        await resolve(no_retries.whoami())

    assert raised.value.code is None
    assert raised.value.message == "Bad Gateway"
    assert raised.value.request_id == "req_HDR"  # from the header when the body has none
    assert raised.value.details == {}


async def test_headers_and_retry_after_are_exposed(no_retries: Client, api: ScriptedAPI) -> None:
    api.reply(
        429,
        samples.error("RATE_LIMITED", endpointClass="write-light"),
        headers={"Retry-After": "12", "X-RateLimit-Limit": "60"},
    )

    with pytest.raises(layers.RateLimitError) as raised:
        await resolve(no_retries.projects.create(name="Acme Coffee", timezone="UTC"))

    assert raised.value.retry_after == 12.0
    assert raised.value.headers["x-ratelimit-limit"] == "60"
    assert raised.value.details == {"endpointClass": "write-light"}


async def test_validation_issues_are_in_details(no_retries: Client, api: ScriptedAPI) -> None:
    issues = [{"path": "name", "message": "too short", "code": "too_short"}]
    api.reply(422, samples.error("VALIDATION", issues=issues))

    with pytest.raises(layers.ValidationError) as raised:
        await resolve(no_retries.projects.create(name="A", timezone="UTC"))

    assert raised.value.details["issues"] == issues


async def test_an_unexpected_success_body_raises_response_validation_error(
    client: Client, api: ScriptedAPI
) -> None:
    api.reply(200, {"unexpected": True})

    with pytest.raises(layers.APIResponseValidationError) as raised:
        await resolve(client.projects.retrieve("prj_1"))
    assert raised.value.response.status_code == 200


def test_hierarchy() -> None:
    assert layers.ValidationError is layers.APIValidationError
    assert layers.ValidationError is not pydantic.ValidationError
    assert issubclass(layers.APITimeoutError, layers.APIConnectionError)
    assert issubclass(layers.ServiceUnavailableError, layers.InternalServerError)
    # Catching a business CONFLICT must not swallow idempotency misuse, nor a 503 a killed key.
    assert not issubclass(layers.IdempotencyConflictError, layers.ConflictError)
    assert not issubclass(layers.KillSwitchError, layers.InternalServerError)
    for name in layers.__all__:
        obj = getattr(layers, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, layers.LayersError), name
