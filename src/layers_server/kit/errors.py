"""The one error type the API raises, and the envelope every 4xx/5xx answers with."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error the client is meant to see: its status, stable code and a sentence for humans."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}


def error_body(code: str, message: str, request_id: str, details: dict[str, Any] | None) -> dict:
    error: dict[str, Any] = {"code": code, "message": message, "requestId": request_id}
    if details is not None:
        error["details"] = details
    return {"error": error}


def validation_error(issues: list[dict[str, str]]) -> ApiError:
    """422 VALIDATION carrying every field-level problem at once."""
    first = issues[0]
    where = f"`{first['path']}`" if first["path"] else "the body"
    more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
    return ApiError(
        422,
        "VALIDATION",
        f"{where}: {first['message']}{more}.",
        {"issues": issues},
    )


def not_found(what: str) -> ApiError:
    return ApiError(404, "NOT_FOUND", f"No {what} with that id exists in your organization.")


def conflict(message: str, **details: Any) -> ApiError:
    return ApiError(409, "CONFLICT", message, details or None)


def empty_update() -> ApiError:
    """A PATCH whose body names no field (422 VALIDATION, docs/api/projects.md)."""
    return ApiError(
        422,
        "VALIDATION",
        "The body names no field to change.",
        {"issues": [{"path": "", "message": "empty update", "code": "required"}]},
    )
