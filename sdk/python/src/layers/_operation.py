"""Operations: API calls written once, as generators, and run by either client.

An operation never touches the network or sleeps by itself. It *yields effects* — an
``httpx.Request`` to send, or a :class:`Sleep` — and receives their outcome: the response, or
the transport error thrown back into it. The sync client performs effects with blocking I/O,
the async client awaits them. Retries, error mapping, parsing and job polling are therefore
implemented exactly once, and tests can drive them with no sleeping at all.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, TypeAlias, TypeVar

import httpx
import pydantic

from ._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    error_from_response,
)
from ._retries import backoff_delay, retry_delay

T = TypeVar("T")
ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)


@dataclass(frozen=True, slots=True)
class Sleep:
    """Effect: pause for ``seconds`` before the operation continues."""

    seconds: float


Effect: TypeAlias = httpx.Request | Sleep
Operation: TypeAlias = Generator[Effect, Any, T]
"""A generator that yields effects and returns the call's result."""


def send_with_retries(request: httpx.Request, *, max_retries: int) -> Operation[httpx.Response]:
    """Send ``request`` until it gets a response below 400, retrying what is safe to retry.

    The very same request (same ``Idempotency-Key``) is sent on every attempt, which is what
    lets the server replay the first attempt's answer instead of acting twice.
    """
    attempt = 0
    while True:
        try:
            response: httpx.Response = yield request
        except httpx.TransportError as exc:
            if attempt >= max_retries:
                if isinstance(exc, httpx.TimeoutException):
                    raise APITimeoutError(request=request) from exc
                raise APIConnectionError(f"Connection error: {exc}", request=request) from exc
            delay = backoff_delay(attempt)
        else:
            if response.status_code < 400:
                return response
            error = error_from_response(response)
            retry_in = retry_delay(attempt, error) if attempt < max_retries else None
            if retry_in is None:
                raise error
            delay = retry_in
        yield Sleep(delay)
        attempt += 1


def parse_response(response: httpx.Response, cast_to: type[ModelT]) -> ModelT:
    """Validate a response body into ``cast_to``, or raise :class:`APIResponseValidationError`."""
    try:
        return cast_to.model_validate_json(response.content)
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(
            f"The response does not match {cast_to.__name__}: {exc}", response=response
        ) from exc
