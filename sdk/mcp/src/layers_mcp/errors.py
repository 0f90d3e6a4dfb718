"""Failures as an agent reads them: the API's error envelope, never a traceback.

Every failure of a tool call becomes ``{"error": {code, message, requestId, status, details}}``
— the API's own envelope, so an agent handles an answer of the API and a failure on the way to
it alike. Failures that never reached an answer get codes of their own (``CONNECTION_ERROR``,
``TIMEOUT``, ``INVALID_ARGUMENTS``, ``JOB_WAIT_TIMEOUT``, …) and ``requestId`` null.
"""

from __future__ import annotations

import logging
from typing import Any

import pydantic
from layers import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    JobWaitTimeoutError,
)

logger = logging.getLogger("layers_mcp")


def error_envelope(
    code: str,
    message: str,
    *,
    status: int | None = None,
    request_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "error": {
            "code": code,
            "message": message,
            "status": status,
            "requestId": request_id,
            "details": details or {},
        }
    }


def invalid_arguments(error: pydantic.ValidationError) -> dict[str, Any]:
    """The arguments do not fit the tool's input schema: each problem, as the API lists them."""
    issues = [
        {
            "path": ".".join(str(part) for part in problem["loc"]),
            "message": problem["msg"],
            "code": problem["type"],
        }
        for problem in error.errors(include_url=False, include_input=False)
    ]
    return error_envelope(
        "INVALID_ARGUMENTS",
        "The arguments do not match the tool's input schema; nothing was sent to the API.",
        details={"issues": issues},
    )


def failure_envelope(exc: Exception) -> dict[str, Any]:
    """The envelope for what a call to the SDK raised."""
    if isinstance(exc, APIStatusError):
        details = dict(exc.details)
        if exc.retry_after is not None:
            details.setdefault("retryAfterSeconds", exc.retry_after)
        return error_envelope(
            exc.code or f"HTTP_{exc.status}",
            exc.message,
            status=exc.status,
            request_id=exc.request_id,
            details=details,
        )
    if isinstance(exc, JobWaitTimeoutError):
        job = exc.job.model_dump(mode="json", by_alias=True)
        return error_envelope("JOB_WAIT_TIMEOUT", str(exc), details={"job": job})
    if isinstance(exc, APITimeoutError):
        return error_envelope("TIMEOUT", "The API did not answer in time (after retries).")
    if isinstance(exc, APIConnectionError):
        return error_envelope("CONNECTION_ERROR", f"Could not reach the API: {exc.message}")
    if isinstance(exc, APIResponseValidationError):
        return error_envelope("INVALID_RESPONSE", exc.message, status=exc.response.status_code)
    if isinstance(exc, ValueError):  # the SDK refusing an argument, e.g. an empty id
        return error_envelope("INVALID_ARGUMENTS", str(exc))
    # A bug here or in the SDK: the agent gets a plain sentence, the log gets the traceback.
    logger.exception("tool call failed unexpectedly")
    return error_envelope("INTERNAL", "The MCP server failed unexpectedly; see its log.")
