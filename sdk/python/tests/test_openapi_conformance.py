"""The webhook methods and models agree with the server's committed OpenAPI document
(``docs/openapi.json``, which a server test keeps equal to what the routes serve): every field
the server answers is a model field and the reverse, nested models included, and every body
field and query parameter a route takes is a parameter of its method, under the same name."""

from __future__ import annotations

import inspect
import json
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest
from pydantic import BaseModel
from pydantic.alias_generators import to_camel

from layers import models
from layers.resources import Webhooks

DOCUMENT = json.loads(
    (Path(__file__).resolve().parents[3] / "docs" / "openapi.json").read_text(encoding="utf-8")
)

# (method, path, status) -> the model the SDK parses that answer into.
ANSWERS: dict[tuple[str, str, str], type[BaseModel]] = {
    ("post", "/v1/webhook-endpoints", "201"): models.WebhookEndpointCreated,
    ("get", "/v1/webhook-endpoints", "200"): models.Page[models.WebhookEndpoint],
    ("get", "/v1/webhook-endpoints/{endpointId}", "200"): models.WebhookEndpoint,
    ("patch", "/v1/webhook-endpoints/{endpointId}", "200"): models.WebhookEndpoint,
    ("delete", "/v1/webhook-endpoints/{endpointId}", "200"): models.WebhookEndpointDeleted,
    (
        "post",
        "/v1/webhook-endpoints/{endpointId}/rotate-secret",
        "200",
    ): models.WebhookSecretRotated,
    ("post", "/v1/webhook-endpoints/{endpointId}/test", "202"): models.WebhookTestSent,
    (
        "get",
        "/v1/webhook-endpoints/{endpointId}/deliveries",
        "200",
    ): models.Page[models.WebhookDelivery],
    ("get", "/v1/webhook-deliveries/{deliveryId}", "200"): models.WebhookDeliveryDetail,
    ("post", "/v1/webhook-deliveries/{deliveryId}/replay", "200"): models.WebhookReplay,
}

# (method, path) -> the SDK method whose keyword parameters are the route's body or query.
INPUTS: dict[tuple[str, str], str] = {
    ("post", "/v1/webhook-endpoints"): "create",
    ("get", "/v1/webhook-endpoints"): "list",
    ("patch", "/v1/webhook-endpoints/{endpointId}"): "update",
    ("get", "/v1/webhook-endpoints/{endpointId}/deliveries"): "list_deliveries",
}
# Parameters of the SDK's own, not fields of the route: sent as headers or as path segments.
NOT_ON_THE_WIRE = {"idempotency_key", "endpoint_id", "delivery_id"}


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with ``$ref`` followed and a nullable ``anyOf`` reduced to its object arm."""
    if "$ref" in schema:
        return resolve(DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]])
    for arm in schema.get("anyOf", []):
        if arm.get("type") != "null":
            return resolve(arm)
    return schema


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``annotation`` (``X``, ``X | None``, ``list[X]``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, Union, types.UnionType):
        for arg in get_args(annotation):
            found = nested_model(arg)
            if found is not None:
                return found
    return None


def mismatches(model: type[BaseModel], schema: dict[str, Any], where: str) -> list[str]:
    schema = resolve(schema)
    server = set(schema.get("properties", {}))
    fields = {field.alias or name: field for name, field in model.model_fields.items()}
    problems = [
        f"{where}: the server answers {name}, {model.__name__} lacks it"
        for name in sorted(server - set(fields))
    ]
    problems += [
        f"{where}: {model.__name__}.{name} is not in the server's answer"
        for name in sorted(set(fields) - server)
    ]
    for name in sorted(server & set(fields)):
        inner = nested_model(fields[name].annotation)
        if inner is not None:
            property_schema = resolve(schema["properties"][name])
            if property_schema.get("type") == "array":
                property_schema = property_schema["items"]
            problems += mismatches(inner, property_schema, f"{where}.{name}")
    return problems


def operation(method: str, path: str) -> dict[str, Any]:
    if path not in DOCUMENT["paths"]:
        pytest.fail(f"docs/openapi.json has no {path}")
    return DOCUMENT["paths"][path][method]


@pytest.mark.parametrize("route", ANSWERS, ids=[f"{m} {p} {s}" for m, p, s in ANSWERS])
def test_each_answer_model_has_the_servers_fields(route: tuple[str, str, str]) -> None:
    method, path, status = route
    answer = operation(method, path)["responses"][status]["content"]["application/json"]
    assert mismatches(ANSWERS[route], answer["schema"], f"{method} {path}") == []


@pytest.mark.parametrize("route", INPUTS, ids=[f"{m} {p}" for m, p in INPUTS])
def test_each_method_takes_the_routes_fields(route: tuple[str, str]) -> None:
    method, path = route
    spec = operation(method, path)
    if method == "get":
        wire = {p["name"] for p in spec.get("parameters", []) if p["in"] == "query"}
    else:
        body = spec["requestBody"]["content"]["application/json"]["schema"]
        wire = set(resolve(body)["properties"])
    function = inspect.unwrap(getattr(Webhooks, INPUTS[route])._build)
    parameters = set(get_type_hints(function)) - {"return"} - NOT_ON_THE_WIRE
    assert {to_camel(name) for name in parameters} == wire
