"""The exceptions the SDK raises, and the mapping from an error response to one of them.

Clients branch on the class (or on ``.code``), never on the message: the server's codes are
stable strings, its messages are sentences for humans that may change.
"""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Literal

import httpx

if TYPE_CHECKING:
    from .models import Job


class LayersError(Exception):
    """Base class of every exception raised by the SDK."""


class APIConnectionError(LayersError):
    """No HTTP answer arrived: DNS failure, refused or dropped connection, protocol error.

    The request may or may not have reached the server. Mutating calls carry an
    ``Idempotency-Key``, so repeating them with the same key is safe.
    """

    def __init__(self, message: str = "Connection error.", *, request: httpx.Request) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool timeout)."""

    def __init__(self, *, request: httpx.Request) -> None:
        super().__init__("Request timed out.", request=request)


class APIResponseValidationError(LayersError):
    """A successful response whose body does not have the documented shape."""

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message)
        self.message = message
        self.response = response


class APIStatusError(LayersError):
    """The server answered with a 4xx or 5xx status.

    Attributes mirror the error envelope ``{"error": {code, message, requestId, details}}``:
    ``status``, ``code`` (``None`` if the body was not an envelope, e.g. from a proxy),
    ``message``, ``request_id`` (quote it to support), ``details`` (code-specific, ``{}`` when
    absent), plus the raw ``headers`` and ``response``.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        code: str | None = None,
        request_id: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.status: int = response.status_code
        self.headers: httpx.Headers = response.headers
        self.code = code
        self.request_id = request_id or response.headers.get("x-request-id")
        self.details: dict[str, Any] = details or {}

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked us to wait (``Retry-After``), or ``None``."""
        return parse_retry_after(self.headers.get("retry-after"))

    def __str__(self) -> str:
        code = f" {self.code}" if self.code else ""
        request = f" (request {self.request_id})" if self.request_id else ""
        return f"{self.status}{code}: {self.message}{request}"


class AuthenticationError(APIStatusError):
    """401 ``UNAUTHENTICATED``: the key is missing, malformed, unknown or rotated away."""


class PermissionDeniedError(APIStatusError):
    """403 ``FORBIDDEN_SCOPE``: the key lacks the route's scope (``details["requiredScope"]``)."""


class NotFoundError(APIStatusError):
    """404 ``NOT_FOUND``: no such route, or no such resource in your organization."""


class ConflictError(APIStatusError):
    """409 ``CONFLICT``: a state conflict; ``details["subcode"]`` refines it.

    The two idempotency 409s have classes of their own, deliberately *not* subclasses of this
    one: code catching "customerExternalId already in use" must not swallow a misused key.
    """


class IdempotencyConflictError(APIStatusError):
    """409 ``IDEMPOTENCY_CONFLICT``: the ``Idempotency-Key`` was used with a different body.

    Never retried: it is a bug in the caller (a key reused for a different operation).
    """


class IdempotencyInProgressError(APIStatusError):
    """409 ``IDEMPOTENCY_IN_PROGRESS``: a request with this key is still executing.

    Retried automatically after ``Retry-After``; raised only once retries are exhausted.
    """


class APIValidationError(APIStatusError):
    """422 ``VALIDATION`` / ``VALIDATION_FAILED`` and 400 ``VALIDATION``: the request is invalid.

    ``details["issues"]`` lists every field-level problem as ``{path, message, code}``. Also
    exported as ``layers.ValidationError``; this name exists so that importing it does not
    shadow ``pydantic.ValidationError``.
    """


ValidationError = APIValidationError


class PayloadTooLargeError(APIStatusError):
    """413 ``PAYLOAD_TOO_LARGE``: the body exceeds the server's limit."""


class RateLimitError(APIStatusError):
    """429 ``RATE_LIMITED``: budget exhausted; wait :attr:`retry_after` seconds."""


class KillSwitchError(APIStatusError):
    """503 ``KILL_SWITCH``: the key was killed or deleted, or the organization suspended.

    ``details["scope"]`` is ``"key"`` or ``"organization"``. Not retried: it is an operator's
    decision, not a transient fault, so waiting only delays the bad news.
    """


class InternalServerError(APIStatusError):
    """A 5xx answer (500 ``INTERNAL`` and unknown 5xx codes). Retried automatically."""


class ServiceUnavailableError(InternalServerError):
    """503 ``UNAVAILABLE``: a dependency of the server is down. Retried automatically."""


class JobWaitTimeoutError(LayersError, TimeoutError):
    """``jobs.wait`` gave up before the job reached a terminal state.

    The job keeps running on the server; ``job`` is the last state seen.
    """

    def __init__(self, job: Job, timeout: float) -> None:
        super().__init__(f"Job {job.job_id} still {job.status!r} after {timeout:g} s.")
        self.job = job


WebhookVerificationReason = Literal[
    "missing_headers", "bad_signature", "bad_timestamp", "too_old", "bad_payload"
]


class WebhookVerificationError(LayersError):
    """``webhooks.verify`` refused a delivery; ``reason`` says which check failed.

    * ``missing_headers``: neither ``X-Layers-Signature`` nor the three Standard Webhooks
      headers (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``) are there;
    * ``bad_signature``: no signature matches the secret (wrong secret, a body changed or
      re-serialized on the way, a malformed signature header);
    * ``bad_timestamp``: the signed timestamp is not a number of seconds;
    * ``too_old``: the timestamp is further from the receiver's clock than the tolerance,
      in either direction (a replayed old delivery, or a clock far off);
    * ``bad_payload``: the signed body is not a Layers event (not a JSON object of one).

    Answer such a request with a 4xx and do not act on it.
    """

    def __init__(self, reason: WebhookVerificationReason, message: str) -> None:
        super().__init__(message)
        self.reason: WebhookVerificationReason = reason
        self.message = message


_BY_CODE: dict[str, type[APIStatusError]] = {
    "UNAUTHENTICATED": AuthenticationError,
    "FORBIDDEN_SCOPE": PermissionDeniedError,
    "NOT_FOUND": NotFoundError,
    "CONFLICT": ConflictError,
    "IDEMPOTENCY_CONFLICT": IdempotencyConflictError,
    "IDEMPOTENCY_IN_PROGRESS": IdempotencyInProgressError,
    "VALIDATION": APIValidationError,
    "VALIDATION_FAILED": APIValidationError,
    "PAYLOAD_TOO_LARGE": PayloadTooLargeError,
    "RATE_LIMITED": RateLimitError,
    "KILL_SWITCH": KillSwitchError,
    "UNAVAILABLE": ServiceUnavailableError,
    "INTERNAL": InternalServerError,
}

# Codes this SDK does not know yet (or bodies that are not envelopes) map by status.
_BY_STATUS: dict[int, type[APIStatusError]] = {
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    422: APIValidationError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}


def error_from_response(response: httpx.Response) -> APIStatusError:
    """Build the typed exception for a 4xx/5xx response, tolerating non-envelope bodies."""
    try:
        envelope = response.json().get("error")
    except (ValueError, AttributeError):  # not JSON, or JSON but not an object
        envelope = None
    if not isinstance(envelope, dict):
        envelope = {}
    code = envelope.get("code") if isinstance(envelope.get("code"), str) else None
    message = envelope.get("message") or response.reason_phrase or "HTTP error"
    details = envelope.get("details")
    cls = _BY_CODE.get(code or "") or _BY_STATUS.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    return cls(
        str(message),
        response=response,
        code=code,
        request_id=envelope.get("requestId"),
        details=details if isinstance(details, dict) else None,
    )


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3)."""
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
