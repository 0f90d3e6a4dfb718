"""Request bodies: size, media type, JSON, nesting depth, then the strict pydantic model.

Bodies are parsed here rather than by FastAPI's body injection so that authentication, scope and
rate limiting (dependencies declared before the body) always answer first, and so every
field-level problem comes back in one ``422 VALIDATION`` envelope.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, ClassVar, TypeVar

import orjson
from fastapi import Request
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticValidationError

from .errors import ApiError, validation_error

M = TypeVar("M", bound="StrictBody")


class StrictBody(BaseModel):
    """Base of every request body: unknown fields are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)

    # Fields the server mints; sending one is 422 VALIDATION_FAILED (the seed's rule for `id`).
    server_minted: ClassVar[frozenset[str]] = frozenset()
    # Fields that exist on the resource but cannot be changed; sending one is 400 VALIDATION.
    read_only: ClassVar[frozenset[str]] = frozenset()
    # A realistic body, shown as the operation's example in the OpenAPI document.
    example: ClassVar[dict[str, Any] | None] = None


_ISSUE_CODES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
    "string_too_short": "too_short",
    "string_too_long": "too_long",
    "too_short": "too_short",
    "too_long": "too_long",
    "literal_error": "invalid_choice",
    "enum": "invalid_choice",
    "greater_than_equal": "out_of_range",
    "less_than_equal": "out_of_range",
    "value_error": "invalid",
}


def issues_from_pydantic(error: PydanticValidationError) -> list[dict[str, str]]:
    issues = []
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"])
        kind = item["type"]
        message = item["msg"].removeprefix("Value error, ")
        if kind == "extra_forbidden":
            message = "unknown field; remove it"
        issues.append(
            {"path": path, "message": message, "code": _ISSUE_CODES.get(kind, "invalid_type")}
        )
    return issues


def validate_model(model: type[M], data: Any) -> M:
    """Validate a decoded JSON object against a body model, mapping every rule to the contract."""
    if not isinstance(data, dict):
        raise ApiError(400, "VALIDATION", "The request body must be a JSON object.")
    minted = sorted(model.server_minted.intersection(data))
    if minted:
        raise ApiError(
            422,
            "VALIDATION_FAILED",
            f"{', '.join(f'`{f}`' for f in minted)} cannot be sent: resource ids and server "
            "fields are minted by the server (use an Idempotency-Key to make retries safe).",
            {"fields": minted},
        )
    read_only = sorted(model.read_only.intersection(data))
    if read_only:
        raise ApiError(
            400,
            "VALIDATION",
            f"{', '.join(f'`{f}`' for f in read_only)} cannot be changed.",
            {"fields": read_only},
        )
    try:
        return model.model_validate(data)
    except PydanticValidationError as error:
        raise validation_error(issues_from_pydantic(error)) from None


async def read_json(request: Request, *, max_bytes: int, max_depth: int, required: bool) -> Any:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise payload_too_large(max_bytes)
    chunks = bytearray()
    async for chunk in request.stream():
        chunks += chunk
        if len(chunks) > max_bytes:
            raise payload_too_large(max_bytes)
    if not chunks.strip():
        if required:
            raise ApiError(400, "VALIDATION", "The request body must be a JSON object.")
        return {}
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise ApiError(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "Send the body as JSON with `Content-Type: application/json`.",
        )
    try:
        data = orjson.loads(chunks)
    except orjson.JSONDecodeError as error:
        raise ApiError(400, "VALIDATION", f"The request body is not valid JSON: {error}.") from None
    if _depth_exceeds(data, max_depth):
        raise ApiError(400, "VALIDATION", f"The request body nests deeper than {max_depth} levels.")
    # PostgreSQL text cannot hold U+0000: such a string reached the INSERT and failed there with
    # a 500 (found by tests/hardening/test_contract_fuzz.py). Refused here on every backend.
    nul_at = _path_of_nul(data)
    if nul_at is not None:
        message = "must not contain the NUL character (U+0000)"
        raise validation_error([{"path": nul_at, "message": message, "code": "invalid"}])
    return data


def payload_too_large(max_bytes: int) -> ApiError:
    return ApiError(413, "PAYLOAD_TOO_LARGE", f"The request body is larger than {max_bytes} bytes.")


def _path_of_nul(data: Any) -> str | None:
    """The dotted path of the first string (value or key) holding U+0000, or None."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return path
        elif isinstance(value, dict):
            for key, child in value.items():
                child_path = f"{path}.{key}" if path else key
                if "\x00" in key:
                    return child_path
                stack.append((child, child_path))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                stack.append((child, f"{path}.{index}" if path else str(index)))
    return None


def _depth_exceeds(data: Any, max_depth: int) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > max_depth:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def json_body(model: type[M], *, required: bool = True) -> Callable[[Request], Awaitable[M]]:
    """A FastAPI dependency that yields the validated body; declare it after `authorize`."""

    async def dependency(request: Request) -> M:
        settings = request.app.state.services.settings
        data = await read_json(
            request,
            max_bytes=settings.max_body_bytes,
            max_depth=settings.max_json_depth,
            required=required,
        )
        request.state.json_body = data
        return validate_model(model, data)

    # Read by the OpenAPI pass (kit/openapi.py): FastAPI cannot see a body parsed here.
    dependency.body_model = model  # type: ignore[attr-defined]
    dependency.body_required = required  # type: ignore[attr-defined]
    return dependency
