"""Every failure becomes the contract's error envelope, in this one place."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .body import issues_from_pydantic
from .errors import ApiError, error_body, validation_error
from .jsonresp import OrjsonResponse

log = logging.getLogger("layers.errors")

UNAVAILABLE_RETRY_AFTER = "2"


def error_response(request: Request, error: ApiError) -> OrjsonResponse:
    body = error_body(error.code, error.message, request.state.request_id, error.details)
    # The request-context middleware adds these too, except to answers made by Starlette's
    # outermost error middleware (the catch-all below), which bypass it.
    headers = {
        **request.state.response_headers,
        **error.headers,
        "X-Request-Id": request.state.request_id,
    }
    return OrjsonResponse(body, status_code=error.status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, error: ApiError) -> OrjsonResponse:
        return error_response(request, error)

    @app.exception_handler(RequestValidationError)
    async def _query_validation(request: Request, error: RequestValidationError):
        issues = issues_from_pydantic(error)  # type: ignore[arg-type]
        for issue in issues:  # "query.limit" reads better as "limit"
            issue["path"] = issue["path"].removeprefix("query.").removeprefix("path.")
        return error_response(request, validation_error(issues))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException):
        if error.status_code == 405:
            api_error = ApiError(
                405, "METHOD_NOT_ALLOWED", f"{request.method} is not allowed on this path."
            )
            return error_response(request, api_error)
        if error.status_code == 404:
            api_error = ApiError(404, "NOT_FOUND", "No such route.")
            return error_response(request, api_error)
        return error_response(request, ApiError(error.status_code, "VALIDATION", str(error.detail)))

    # Database and network failures are answered by the inner exception middleware, so the
    # connection stays usable and the server does not log a traceback for an outage; anything
    # else that escapes a route is a bug and reaches the outermost catch-all.
    for failure in (DBAPIError, OSError, Exception):
        app.add_exception_handler(failure, _unexpected)


async def _unexpected(request: Request, error: Exception) -> OrjsonResponse:
    if _is_database_unavailable(error):
        log.warning("database unavailable: %s", type(error).__name__)
        return error_response(
            request,
            ApiError(
                503,
                "UNAVAILABLE",
                "A dependency is unavailable; retry shortly.",
                headers={"Retry-After": UNAVAILABLE_RETRY_AFTER},
            ),
        )
    log.exception("unhandled error", extra={"request_id": request.state.request_id})
    return error_response(
        request,
        ApiError(500, "INTERNAL", "Something went wrong on our side; the request id finds it."),
    )


# SQLSTATEs that mean "the database cannot serve anyone right now", not "this query is wrong":
# class 08 (connection exception), 57P01/57P02/57P03 (admin shutdown, crash shutdown, cannot
# connect now: PostgreSQL is restarting) and 53300 (too many connections). asyncpg raises these
# as plain PostgresError subclasses, which SQLAlchemy wraps in a generic DBAPIError rather than
# an OperationalError, so without this list a PostgreSQL restart answered 500 INTERNAL instead
# of 503 UNAVAILABLE (found by tests/hardening/test_database_restart.py).
_UNAVAILABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300"})


def _is_database_unavailable(error: BaseException) -> bool:
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        sqlstate = getattr(error.orig, "sqlstate", None) or ""
        if sqlstate.startswith("08") or sqlstate in _UNAVAILABLE_SQLSTATES:
            return True
    return isinstance(error, (ConnectionError, OSError, TimeoutError))
