"""A tiny stateful Partner API: projects, with idempotent replay by key as the contract says.

Just enough server to show what the SDK's retries do to real state. It is an
``httpx.MockTransport`` handler; tests against the real server swap it for
``httpx.ASGITransport(app=...)`` and keep the rest.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx

import samples

Stored = tuple[Any, int, dict[str, Any]]  # (request body, status, response body)


class FakeLayersAPI:
    """``POST /v1/projects`` and ``GET /v1/projects/{id}``, in memory."""

    def __init__(self) -> None:
        self.projects: dict[str, dict[str, Any]] = {}
        self.received: list[httpx.Request] = []
        self._idempotency: dict[tuple[str, str, str, str], Stored] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.received.append(request)
        path = request.url.path
        if request.method == "POST" and path == "/v1/projects":
            return self._idempotent(request)
        if request.method == "GET" and path.startswith("/v1/projects/"):
            project = self.projects.get(path.rsplit("/", 1)[1])
            if project is None:
                return httpx.Response(404, json=samples.error("NOT_FOUND"))
            return httpx.Response(200, json=project)
        return httpx.Response(404, json=samples.error("NOT_FOUND"))

    def _idempotent(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        key = request.headers.get("idempotency-key")
        if key is None:
            status, payload = self._create_project(body)
            return httpx.Response(status, json=payload)
        scope = (request.headers["authorization"], request.method, request.url.path, key)
        if scope in self._idempotency:
            stored_body, status, payload = self._idempotency[scope]
            if stored_body != body:  # dict equality: key order does not matter
                return httpx.Response(409, json=samples.error("IDEMPOTENCY_CONFLICT"))
            return httpx.Response(status, json=payload, headers={"Idempotent-Replayed": "true"})
        status, payload = self._create_project(body)
        if status < 500:
            self._idempotency[scope] = (body, status, payload)
        return httpx.Response(status, json=payload)

    def _create_project(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        external_id = body.get("customerExternalId")
        for existing in self.projects.values():
            if external_id is not None and existing["customerExternalId"] == external_id:
                return 409, samples.error("CONFLICT", existingProjectId=existing["id"])
        project = {
            **samples.PROJECT,
            "customerExternalId": None,
            **body,
            "id": f"prj_{uuid.uuid4()}",
        }
        self.projects[project["id"]] = project
        return 201, project
