"""The OpenAPI document, completed in one pass over the route table.

Routes declare only what is theirs: the model each success answers with (`ok`) and the refusals
particular to them (`refusals`). Everything that follows from a route's kind is derived here,
once, from its dependencies: the scope and rate-limit class of its `authorize(...)`, the body
model of its `json_body(...)`, its method (idempotency) and its parameters. That gives every
operation its id, security requirement, `Idempotency-Key` header, request body with example,
response headers and the error responses with every code they can carry — so a client generated
from `/openapi.json` works without hand edits (docs/api/README.md describes the conventions).

Response models live beside the code that builds each answer (each domain's ``schemas.py``);
routes build their JSON directly, and ``tests/api/test_response_models.py`` holds every answer
of the suite to its declared model, field for field and in order.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ConfigDict

from .idempotency import HEADER as IDEMPOTENCY_HEADER
from .idempotency import REPLAYED_HEADER

API_DESCRIPTION = """\
A self-hosted implementation of the Layers Partner API: one *project* per end-customer, its
brand context, influencers, hashtag research and content hooks.

Authenticate with `Authorization: Bearer lp_<env>_<keyId>_<secret>`; each operation names the
scope it needs. Send an `Idempotency-Key` on every write so retries are safe. Every error
answers with one envelope, `{"error": {"code", "message", "requestId", "details"}}`; branch on
`code`. The reference that ships with the server, `docs/api/README.md`, explains each of these
conventions and every endpoint with examples.
"""
TAGS = [
    {"name": "projects", "description": "One project per end-customer (docs/api/projects.md)."},
    {"name": "keys", "description": "The calling key and its siblings (docs/api/keys.md)."},
    {"name": "jobs", "description": "Poll and cancel background work (docs/api/jobs.md)."},
    {"name": "ingest", "description": "Learn a brand from its website or store listing "
     "(docs/api/ingest.md)."},
    {"name": "keywords", "description": "The project's hashtag bank (docs/api/keywords.md)."},
    {"name": "influencers", "description": "AI personas of the project (docs/api/influencers.md)."},
    {"name": "content", "description": "Content hooks in the project's voice "
     "(docs/api/content.md)."},
    {"name": "webhooks", "description": "Events pushed to your endpoints, signed and retried "
     "(docs/api/webhooks.md)."},
    {"name": "operations", "description": "Probes for load balancers (docs/deployment.md)."},
]  # fmt: skip
EXAMPLE_REQUEST_ID = "req_01JS5Q8W7Z3K9V4M2N6P8R0T1X"
MUTATING_METHODS = frozenset({"POST", "PATCH", "DELETE"})


class ResponseModel(BaseModel):
    """Base of every documented answer. Clients must ignore fields they do not know (additive
    changes are allowed inside /v1), so the documented shapes stay open."""

    model_config = ConfigDict(extra="allow")

    # A realistic answer, shown as the operation's example in the OpenAPI document.
    example: ClassVar[dict[str, Any] | None] = None
    # Headers every answer of this shape carries besides the ones all answers do (components).
    answer_headers: ClassVar[tuple[str, ...]] = ()


class ErrorBody(ResponseModel):
    code: str
    message: str
    requestId: str
    details: dict[str, Any] | None = None


class ErrorEnvelope(ResponseModel):
    error: ErrorBody


def ok(model: type[BaseModel], status: int = 200) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route answering ``model`` with ``status``."""
    return {status: {"model": model, "description": model.__doc__ or "Success"}}


@dataclass(frozen=True, slots=True)
class Refusal:
    """One error a route may answer: its status, code, when it happens, and example details."""

    status: int
    code: str
    when: str
    details: dict[str, Any] | None = None
    message: str | None = None
    # Its example's name in components/examples, when the code alone is not unique.
    name: str | None = None

    @property
    def example_name(self) -> str:
        return self.name or self.code


def refusals(*items: Refusal) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entries for the refusals particular to a route (the ones every route of
    its kind may answer are added by `complete_openapi`)."""
    declared: dict[int | str, dict[str, Any]] = {}
    for item in items:
        declared.setdefault(item.status, {"x-refusals": []})["x-refusals"].append(item)
    return declared


# Messages as the server words them; used for the examples of each error response.
_MESSAGES = {
    "VALIDATION": "`name`: String should have at least 3 characters.",
    "UNAUTHENTICATED": "The API key is not valid (unknown, rotated or mistyped).",
    "FORBIDDEN_SCOPE": "This API key lacks the `projects:write` scope this route requires.",
    "NOT_FOUND": "No project with that id exists in your organization.",
    "CONFLICT": "The request conflicts with the resource's current state.",
    "IDEMPOTENCY_CONFLICT": "This Idempotency-Key was already used with a different request "
    "body; use a new key for a new request.",
    "IDEMPOTENCY_IN_PROGRESS": "A request with this Idempotency-Key is still running; retry "
    "shortly.",
    "PAYLOAD_TOO_LARGE": "The request body is larger than 65536 bytes.",
    "UNSUPPORTED_MEDIA_TYPE": "Send the body as JSON with `Content-Type: application/json`.",
    "VALIDATION_FAILED": "`id` cannot be sent: resource ids and server fields are minted by "
    "the server (use an Idempotency-Key to make retries safe).",
    "RATE_LIMITED": "Rate limit exceeded: the write-light budget of this key is spent; retry "
    "after 12 s.",
    "INTERNAL": "Something went wrong on our side; the request id finds it.",
    "KILL_SWITCH": "This API key has been disabled by its kill switch or deleted.",
    "UNAVAILABLE": "A dependency is unavailable; retry shortly.",
}

_ALWAYS = (
    Refusal(500, "INTERNAL", "A bug on the server's side; the request id finds its log line."),
    Refusal(503, "UNAVAILABLE", "The database is unreachable; retry after `Retry-After`."),
)
_AUTHENTICATED = (
    Refusal(401, "UNAUTHENTICATED", "The key is missing, malformed, unknown or rotated away."),
    Refusal(
        429,
        "RATE_LIMITED",
        "The key's budget for this endpoint class (or its daily write cap) is spent; "
        "wait `Retry-After` seconds.",
        {"endpointClass": "write-light", "window": "minute"},
    ),
    Refusal(
        503,
        "KILL_SWITCH",
        "The key is killed or deleted, or its organization is suspended.",
        {"scope": "key"},
    ),
)
_PATH_ID = (
    Refusal(
        422,
        "VALIDATION",
        "A path id is malformed.",
        {"issues": [{"path": "projectId", "message": "expected prj_<uuid>", "code": "invalid_id"}]},
        "`projectId` is not a well-formed id; expected prj_<uuid>.",
        name="VALIDATION_PATH_ID",
    ),
    Refusal(
        404,
        "NOT_FOUND",
        "No such resource in your organization (another organization's are not found either).",
    ),
)
_QUERY = (
    Refusal(
        422,
        "VALIDATION",
        "A query parameter is out of range or malformed (for lists: `limit`, `cursor`).",
        {"issues": [{"path": "limit", "message": "Input should be less than or equal to 200",
                     "code": "out_of_range"}]},
        "`limit`: Input should be less than or equal to 200.",
        name="VALIDATION_QUERY",
    ),
)  # fmt: skip
_BODY = (
    Refusal(
        400,
        "VALIDATION",
        "The body is not JSON, not an object, or nests too deep.",
        message="The request body must be a JSON object.",
        name="VALIDATION_BODY_NOT_OBJECT",
    ),
    Refusal(413, "PAYLOAD_TOO_LARGE", "The body is over the server's limit (64 KiB by default)."),
    Refusal(415, "UNSUPPORTED_MEDIA_TYPE", "The body was sent without `application/json`."),
    Refusal(
        422,
        "VALIDATION",
        "Field-level problems, every one of them at once, in `details.issues`.",
        {"issues": [{"path": "name", "message": "String should have at least 3 characters",
                     "code": "too_short"}]},
        name="VALIDATION_FIELDS",
    ),
)  # fmt: skip
_SERVER_MINTED = Refusal(
    422,
    "VALIDATION_FAILED",
    "The body carries a field the server mints (such as `id`).",
    {"fields": ["id"]},
)
_READ_ONLY = Refusal(
    400,
    "VALIDATION",
    "The body names a read-only field.",
    {"fields": ["createdAt"]},
    "`createdAt` cannot be changed.",
    name="VALIDATION_READ_ONLY",
)
_IDEMPOTENT = (
    Refusal(
        400,
        "VALIDATION",
        "The `Idempotency-Key` header is malformed (1–255 visible ASCII characters).",
        {"header": IDEMPOTENCY_HEADER},
        "`Idempotency-Key` must be 1–255 visible ASCII characters (a UUID is ideal).",
        name="VALIDATION_IDEMPOTENCY_KEY",
    ),
    Refusal(409, "IDEMPOTENCY_CONFLICT", "The same `Idempotency-Key` came with a different body."),
    Refusal(
        409,
        "IDEMPOTENCY_IN_PROGRESS",
        "A request with the same key is still running after the server's wait; retry after "
        "`Retry-After`.",
    ),
)
_JOB_CAP = Refusal(
    429,
    "RATE_LIMITED",
    "The organization already runs its cap of concurrent jobs (`details.subcode: "
    "CONCURRENT_JOBS`); not stored under the `Idempotency-Key`.",
    {"subcode": "CONCURRENT_JOBS", "limit": 20, "endpointClass": "long-running"},
    "This organization already has 20 jobs running, the most allowed at once; retry when one "
    "finishes.",
    name="RATE_LIMITED_CONCURRENT_JOBS",
)


# Headers, declared once in components and referenced by every response that sends them.
_RATE_LIMIT_HEADERS = (
    "X-RateLimit-Endpoint-Class",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "RateLimit-Policy",
    "RateLimit",
)
_HEADERS: dict[str, dict[str, Any]] = {
    "X-Request-Id": {
        "description": "This request's id (`req_<ULID>`); error bodies repeat it.",
        "schema": {"type": "string", "example": EXAMPLE_REQUEST_ID},
        "required": True,
    },
    "X-RateLimit-Endpoint-Class": {
        "description": "The budget this route spends: `read-light`, `write-light` or "
        "`long-running`.",
        "schema": {"type": "string", "enum": ["read-light", "write-light", "long-running"]},
    },
    "X-RateLimit-Limit": {
        "description": "Requests allowed in the current window of this class (absent for "
        "unlimited keys and before the key is known).",
        "schema": {"type": "integer", "example": 60},
    },
    "X-RateLimit-Remaining": {
        "description": "Requests left in the current window.",
        "schema": {"type": "integer", "example": 59},
    },
    "X-RateLimit-Reset": {
        "description": "Seconds until the window is full again (never an epoch).",
        "schema": {"type": "integer", "example": 60},
    },
    "RateLimit-Policy": {
        "description": "The IETF structured form of the policy: name, quota `q`, window `w`.",
        "schema": {"type": "string", "example": '"write-light";q=60;w=60'},
    },
    "RateLimit": {
        "description": "The IETF structured form of the state: remaining `r`, reset `t`.",
        "schema": {"type": "string", "example": '"write-light";r=59;t=60'},
    },
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer", "example": 12},
    },
    REPLAYED_HEADER: {
        "description": "`true` when this answer is the stored answer to an earlier request "
        "with the same `Idempotency-Key`.",
        "schema": {"type": "string", "enum": ["true"]},
    },
    "Location": {
        "description": "Where to follow the work this answer started (a job's `locationUrl`).",
        "schema": {"type": "string", "example": "/v1/jobs/job_01JS5R2D9M4X7K3V8N1P6Q0T2W"},
    },
    "ETag": {
        "description": "The job's current version; send it back in `If-None-Match`.",
        "schema": {"type": "string", "example": '"5d41402abc4b2a76b9719d911017c592"'},
    },
}

_IDEMPOTENCY_PARAMETER = {
    "name": IDEMPOTENCY_HEADER,
    "in": "header",
    "required": False,
    "description": "Makes retries safe: the same key with the same body replays the first "
    "answer (`Idempotent-Replayed: true`), with another body it is `409 IDEMPOTENCY_CONFLICT`. "
    "Keys are kept 24 hours, per API key, method and route. A UUID is ideal.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "example": "4c1a2e92-7b18-4c4b-9b2a-d7a3f8b1c210",
}
_IF_NONE_MATCH_PARAMETER = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "An `ETag` from an earlier answer; unchanged, the answer is `304` with no body.",
    "schema": {"type": "string"},
}

SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "lp_<env>_<keyId>_<secret>",
        "description": "An API key, sent as `Authorization: Bearer lp_live_…` "
        "(`X-Api-Key: <key>` is accepted too, for older clients).",
    },
}


def operation_id(route: APIRoute) -> str:
    """`create_project` → `createProject`: ids read like the SDK's methods."""
    head, *rest = route.name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def install_openapi(app: FastAPI) -> None:
    """Serve the completed document from ``app.openapi()`` and ``/openapi.json``."""

    def openapi() -> dict[str, Any]:
        schema = FastAPI.openapi(app)  # cached by FastAPI until the routes change
        if "securitySchemes" not in schema.get("components", {}):
            complete_openapi(app, schema)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def render_openapi(document: dict[str, Any]) -> str:
    """The document as committed in docs/openapi.json (`layers-server openapi`)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def complete_openapi(app: FastAPI, schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})
    components["securitySchemes"] = SECURITY_SCHEMES
    components["headers"] = copy.deepcopy(_HEADERS)
    envelope = ErrorEnvelope.model_json_schema(
        mode="serialization", ref_template="#/components/schemas/{model}"
    )
    components["schemas"].update(envelope.pop("$defs", {}), ErrorEnvelope=envelope)
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        for method in sorted(context.methods or ()):
            operation = schema["paths"][context.path_format][method.lower()]
            _complete_operation(operation, method, route, components)
    # FastAPI's own 422 shape: never sent, every error answers with the envelope.
    for unused in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(unused, None)


@dataclass(frozen=True, slots=True)
class RouteKind:
    """What a route's dependencies say about it."""

    authenticated: bool
    scope: str | None
    endpoint_class: str | None
    body_model: type[BaseModel] | None
    body_required: bool


def route_kind(route: APIRoute) -> RouteKind:
    found: dict[str, Any] = {}
    pending = list(route.dependant.dependencies)
    while pending:
        dependant = pending.pop()
        call: Any = dependant.call
        if hasattr(call, "endpoint_class"):
            found["scope"], found["endpoint_class"] = call.required_scope, call.endpoint_class
        if hasattr(call, "body_model"):
            found["body_model"], found["body_required"] = call.body_model, call.body_required
        pending += dependant.dependencies
    return RouteKind(
        authenticated="endpoint_class" in found,
        scope=found.get("scope"),
        endpoint_class=found.get("endpoint_class"),
        body_model=found.get("body_model"),
        body_required=found.get("body_required", False),
    )


def _complete_operation(
    operation: dict[str, Any], method: str, route: APIRoute, components: dict[str, Any]
) -> None:
    kind = route_kind(route)
    mutating = method in MUTATING_METHODS and kind.authenticated
    parameters = operation.setdefault("parameters", [])
    if mutating:
        parameters.append(_IDEMPOTENCY_PARAMETER)
    conditional = "304" in operation["responses"]
    if conditional:
        parameters.append(_IF_NONE_MATCH_PARAMETER)
    if not parameters:
        del operation["parameters"]
    if kind.body_model is not None:
        operation["requestBody"] = _request_body(kind.body_model, kind.body_required, components)

    if kind.authenticated:
        operation["security"] = [{"bearerAuth": []}]
        operation["x-required-scope"] = kind.scope
        operation["x-endpoint-class"] = kind.endpoint_class
        operation["description"] = _describe(operation.get("description"), kind, mutating)
    else:
        operation["security"] = []

    # A route's own answers: its successes, and any other status it answers with a model of
    # its own (a readiness probe's 503) rather than the error envelope.
    own = {
        status: response
        for status, response in operation["responses"].items()
        if status.startswith(("2", "3")) or "model" in route.responses.get(int(status), {})
    }
    for status, response in own.items():
        model = route.responses.get(int(status), {}).get("model")
        _complete_success(response, model, kind, mutating, conditional)
    errors = {
        str(status): _error_response(status, items, kind, mutating, components)
        for status, items in sorted(_refusals_of(operation, route, kind, mutating).items())
        if str(status) not in own
    }
    operation["responses"] = dict(sorted({**own, **errors}.items()))


def _describe(description: str | None, kind: RouteKind, mutating: bool) -> str:
    scope = f"`{kind.scope}`" if kind.scope else "none (any valid key)"
    facts = f"**Scope:** {scope} · **Rate-limit class:** `{kind.endpoint_class}`"
    if mutating:
        facts += " · **Idempotent** with an `Idempotency-Key`"
    return f"{description}\n\n{facts}" if description else facts


def _request_body(
    model: type[BaseModel], required: bool, components: dict[str, Any]
) -> dict[str, Any]:
    model_schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    components["schemas"].update(model_schema.pop("$defs", {}))
    components["schemas"][model.__name__] = model_schema
    media: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
    if getattr(model, "example", None) is not None:
        media["example"] = model.example  # type: ignore[attr-defined]
    return {"required": required, "content": {"application/json": media}}


def _complete_success(
    response: dict[str, Any],
    model: type[BaseModel] | None,
    kind: RouteKind,
    mutating: bool,
    conditional: bool,
) -> None:
    media = response.get("content", {}).get("application/json")
    if media is not None and getattr(model, "example", None) is not None:
        media["example"] = model.example  # type: ignore[union-attr]
    headers = ["X-Request-Id"]
    if kind.authenticated:
        headers += _RATE_LIMIT_HEADERS
    if mutating:
        headers.append(REPLAYED_HEADER)
    if conditional:
        headers.append("ETag")
    headers += getattr(model, "answer_headers", ())
    response["headers"] = {name: {"$ref": f"#/components/headers/{name}"} for name in headers}


def _refusals_of(
    operation: dict[str, Any], route: APIRoute, kind: RouteKind, mutating: bool
) -> dict[int, list[Refusal]]:
    """Every refusal the operation can answer: the ones its kind implies, then its own."""
    items: list[Refusal] = list(_ALWAYS)
    if kind.authenticated:
        items += _AUTHENTICATED
        if kind.scope is not None:
            items.append(
                Refusal(
                    403,
                    "FORBIDDEN_SCOPE",
                    f"The key lacks the `{kind.scope}` scope.",
                    {"requiredScope": kind.scope},
                    f"This API key lacks the `{kind.scope}` scope this route requires.",
                    name=f"FORBIDDEN_SCOPE_{kind.scope.replace(':', '_')}",
                )
            )
    if re.search(r"{\w+}", route.path_format):
        items += _PATH_ID
    if any(p.get("in") == "query" for p in operation.get("parameters", ())):
        items += _QUERY
    if kind.body_model is not None:
        items += _BODY
        if getattr(kind.body_model, "server_minted", None):
            items.append(_SERVER_MINTED)
        if getattr(kind.body_model, "read_only", None):
            items.append(_READ_ONLY)
    if mutating:
        items += _IDEMPOTENT
    if kind.endpoint_class == "long-running":
        items.append(_JOB_CAP)
    for response in route.responses.values():
        items += response.get("x-refusals", ())
    by_status: dict[int, list[Refusal]] = {}
    for item in items:
        by_status.setdefault(item.status, []).append(item)
    return by_status


def _error_response(
    status: int,
    items: list[Refusal],
    kind: RouteKind,
    mutating: bool,
    components: dict[str, Any],
) -> dict[str, Any]:
    codes = list(dict.fromkeys(item.code for item in items))
    lines = "\n".join(f"- `{item.code}`: {item.when}" for item in items)
    headers = ["X-Request-Id"]
    if kind.authenticated:
        headers += _RATE_LIMIT_HEADERS
    if status in (429, 503) or "IDEMPOTENCY_IN_PROGRESS" in codes:
        headers.append("Retry-After")
    if mutating and status < 500:
        headers.append(REPLAYED_HEADER)
    return {
        "description": f"The error envelope; `error.code` is one of:\n\n{lines}",
        "x-error-codes": codes,
        "headers": {name: {"$ref": f"#/components/headers/{name}"} for name in headers},
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/ErrorEnvelope"},
                "examples": {
                    item.example_name: {"$ref": _example_ref(item, components)} for item in items
                },
            }
        },
    }


def _example_ref(item: Refusal, components: dict[str, Any]) -> str:
    """Each refusal's example is written once, in components/examples."""
    error: dict[str, Any] = {
        "code": item.code,
        "message": item.message or _MESSAGES[item.code],
        "requestId": EXAMPLE_REQUEST_ID,
    }
    if item.details is not None:
        error["details"] = item.details
    example = {"summary": item.when, "value": {"error": error}}
    known = components.setdefault("examples", {}).setdefault(item.example_name, example)
    if known != example:
        raise ValueError(f"two different refusals are named {item.example_name}; name one")
    return f"#/components/examples/{item.example_name}"
