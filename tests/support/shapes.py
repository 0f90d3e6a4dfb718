"""Every answer of the app, held to the response model its route declares.

Routes build their JSON by hand (the hot paths skip a pydantic pass), so nothing but this stops
a serializer from drifting away from its model in ``<domain>/schemas.py`` — and from the OpenAPI
document and API reference built from it. `shape_problems` compares a body with a model: no
field the model does not declare, none of its required fields missing, the fields in the
model's order, recursively through nested models and lists of them (free-form objects such as
``metadata`` are not looked into).

`ShapeRecorder` wraps the app in an ASGI layer that checks every answer it sends: the suite's
``client`` fixture uses it, so every in-process request of every test is checked, and the test
fails at teardown naming each answer that drifted.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Any, Union, get_args, get_origin

import orjson
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from layers_server.kit.openapi import ErrorEnvelope


def declared_model(route: APIRoute, status: int) -> type[BaseModel] | None:
    """The model a route declares for ``status``; the error envelope for any error status it
    does not answer with a model of its own."""
    declared = route.responses.get(status, {}).get("model")
    if declared is None and status >= 400:
        return ErrorEnvelope
    return declared


def shape_problems(model: type[BaseModel], value: Any, where: str = "$") -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: expected an object for {model.__name__}, got {type(value).__name__}"]
    declared = list(model.model_fields)
    problems = []
    undeclared = [name for name in value if name not in declared]
    if undeclared:
        problems.append(f"{where}: {model.__name__} does not declare {undeclared}")
    required = [name for name, info in model.model_fields.items() if info.is_required()]
    missing = [name for name in required if name not in value]
    if missing:
        problems.append(f"{where}: {model.__name__} requires {missing}, which the answer lacks")
    sent_order = [name for name in value if name in declared]
    declared_order = [name for name in declared if name in value]
    if sent_order != declared_order:
        problems.append(
            f"{where}: fields in the order {sent_order}, but {model.__name__} declares "
            f"{declared_order}"
        )
    for name, info in model.model_fields.items():
        if name in value:
            problems += _nested_problems(info.annotation, value[name], f"{where}.{name}")
    return problems


def _nested_problems(annotation: Any, value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return shape_problems(annotation, value, where)
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        candidates = [arg for arg in get_args(annotation) if arg is not type(None)]
        attempts = [_nested_problems(arg, value, where) for arg in candidates]
        return min(attempts, key=len) if attempts else []
    if origin is list and isinstance(value, list):
        (item_type,) = get_args(annotation) or (Any,)
        problems = []
        for index, item in enumerate(value):
            problems += _nested_problems(item_type, item, f"{where}[{index}]")
        return problems
    return []


@dataclass
class CheckedAnswer:
    method: str
    route: str
    status: int
    headers: list[str]
    problems: list[str]


@dataclass
class ShapeRecorder:
    """ASGI wrapper: every answer of a schema route is checked against its declared model."""

    app: ASGIApp
    answers: list[CheckedAnswer] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 0
        headers: list[str] = []
        body = bytearray()

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers.extend(name.decode("latin-1").lower() for name, _ in message["headers"])
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, recording_send)
        route = scope.get("route")
        if isinstance(route, APIRoute) and route.include_in_schema and status:
            answer = CheckedAnswer(scope["method"], route.path, status, headers, [])
            answer.problems = self._problems(route, status, bytes(body))
            self.answers.append(answer)

    @staticmethod
    def _problems(route: APIRoute, status: int, body: bytes) -> list[str]:
        model = declared_model(route, status)
        if status in (204, 304):
            return [f"a {status} answer has a body"] if body else []
        if model is None:
            return [f"status {status} is not declared by the route"]
        return shape_problems(model, orjson.loads(body))

    def drifted(self) -> list[str]:
        return [
            f"{a.method} {a.route} → {a.status}: {problem}"
            for a in self.answers
            for problem in a.problems
        ]
