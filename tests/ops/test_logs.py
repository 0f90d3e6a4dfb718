"""Structured logs: one JSON line per request, the request id on every record a request causes,
a readable terminal format, and never an API key secret."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import uuid

import pytest

from layers_server.kit.apikeys import parse_key
from layers_server.kit.log_context import bind_request_id
from layers_server.ops.logs import ConsoleFormatter, RequestIdFilter, configure_logging
from layers_server.settings import Settings
from tests.ops.support import app_client
from tests.support.api import make_api


class CapturedLogs:
    def __init__(self, stream: io.StringIO) -> None:
        self._stream = stream

    @property
    def text(self) -> str:
        return self._stream.getvalue()

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.text.splitlines()]

    def access(self, route: str) -> list[dict]:
        return [r for r in self.records() if r["logger"] == "layers.access" and r["route"] == route]


@pytest.fixture
def captured_logs():
    """The process's logging as `serve` configures it (JSON, DEBUG), written to a buffer."""

    def capture(log_format: str = "json", log_level: str = "DEBUG") -> CapturedLogs:
        stream = io.StringIO()
        configure_logging(Settings(log_format=log_format, log_level=log_level), stream=stream)
        return CapturedLogs(stream)

    root = logging.getLogger()
    saved = root.handlers[:], root.level, logging.getLogger("aiosqlite").level
    try:
        yield capture
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
        logging.getLogger("aiosqlite").setLevel(saved[2])


async def test_one_json_line_per_request(api, captured_logs):
    logs = captured_logs(log_level="INFO")
    response = await api.post(
        "/v1/projects", json={"name": "Logged", "timezone": "UTC"}, headers={"X-Trace": "1"}
    )
    assert response.status_code == 201
    [line] = logs.access("/v1/projects")
    assert line == {
        "ts": line["ts"],
        "level": "info",
        "logger": "layers.access",
        "event": "request",
        "request_id": response.headers["X-Request-Id"],
        "method": "POST",
        "route": "/v1/projects",
        "path": "/v1/projects",
        "status": 201,
        "duration_ms": line["duration_ms"],
        "organization_id": f"org_{api.organization_id}",
        "api_key_id": parse_key(api.key).key_id,
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["ts"])
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0


async def test_unmatched_and_unauthenticated_requests_are_logged_too(client, captured_logs):
    logs = captured_logs(log_level="INFO")
    await client.get("/nowhere/42")
    await client.get("/v1/whoami")
    [unmatched] = logs.access("unmatched")
    assert (unmatched["path"], unmatched["status"]) == ("/nowhere/42", 404)
    [anonymous] = logs.access("/v1/whoami")
    assert anonymous["status"] == 401
    assert anonymous["organization_id"] is None and anonymous["api_key_id"] is None


async def test_probes_log_at_debug_only(client, captured_logs):
    logs = captured_logs(log_level="INFO")
    assert (await client.get("/healthz")).status_code == 200
    assert logs.access("/healthz") == []


async def test_records_emitted_during_a_request_carry_its_id(settings, captured_logs):
    # With Redis unreachable the rate limiter logs a warning from inside the request.
    dead_redis = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    async with app_client(dead_redis) as (app, http):
        caller = await make_api(app, http, tier="standard")
        logs = captured_logs(log_level="INFO")
        response = await caller.get("/v1/whoami")
    [warning] = [r for r in logs.records() if "Redis unavailable" in r["event"]]
    assert warning["level"] == "warning"
    assert warning["request_id"] == response.headers["X-Request-Id"]


async def test_bind_request_id_tags_job_logs_and_the_tasks_they_start(captured_logs):
    logs = captured_logs(log_level="INFO")
    job_log = logging.getLogger("layers.jobs.test")

    async def stage() -> None:
        job_log.info("stage ran")

    with bind_request_id("req_01JOBREQUEST"):
        job_log.info("job started")
        await asyncio.create_task(stage())
    job_log.info("between jobs")
    by_event = {r["event"]: r for r in logs.records()}
    assert by_event["job started"]["request_id"] == "req_01JOBREQUEST"
    assert by_event["stage ran"]["request_id"] == "req_01JOBREQUEST"
    assert "request_id" not in by_event["between jobs"]


async def test_console_format_is_readable(api, captured_logs):
    logs = captured_logs(log_format="console", log_level="INFO")
    response = await api.get("/v1/whoami")
    [line] = [line for line in logs.text.splitlines() if "layers.access" in line]
    request_id = response.headers["X-Request-Id"]
    assert re.fullmatch(
        r"\d\d:\d\d:\d\d\.\d{3} INFO    layers\.access  GET /v1/whoami 200 [\d.]+ms  "
        rf"request_id={request_id} path=/v1/whoami organization_id=org_\S+ api_key_id=\w{{16}}",
        line,
    ), line


def test_console_format_shows_exceptions():
    record = logging.LogRecord("layers.x", logging.ERROR, __file__, 1, "boom %s", ("here",), None)
    try:
        raise RuntimeError("kaput")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    RequestIdFilter().filter(record)
    text = ConsoleFormatter().format(record)
    assert text.splitlines()[0].endswith("ERROR   layers.x  boom here")
    assert "RuntimeError: kaput" in text


async def test_no_log_line_ever_contains_a_key_secret(api, captured_logs):
    """A whole request cycle at DEBUG level, errors and a rotation included."""
    logs = captured_logs(log_level="DEBUG")
    secret = parse_key(api.key).secret
    key_id = parse_key(api.key).key_id
    private = f"private-{uuid.uuid4()}"
    body = {"name": "Secretive", "timezone": "UTC", "metadata": {"note": private}}
    idempotent = {"Idempotency-Key": f"k-{uuid.uuid4()}"}
    assert (await api.get("/v1/whoami")).status_code == 200
    assert (await api.post("/v1/projects", json=body, headers=idempotent)).status_code == 201
    assert (await api.post("/v1/projects", json=body, headers=idempotent)).status_code == 201
    assert (await api.post("/v1/projects", json={"name": 1})).status_code == 422
    wrong = api.key[:-4] + ("AAAA" if not api.key.endswith("AAAA") else "BBBB")
    assert (await api.client.get("/v1/whoami", headers={"X-Api-Key": wrong})).status_code == 401
    rotation = {"Idempotency-Key": f"rotate-{uuid.uuid4()}"}
    rotate = await api.post(f"/v1/api-keys/{key_id}/rotate", headers=rotation)
    assert rotate.status_code == 200, rotate.text
    new_key = rotate.json()["secret"]
    # The replay answers from the idempotency store, where the new secret is kept.
    replayed = await api.client.post(
        f"/v1/api-keys/{key_id}/rotate",
        headers={"Authorization": f"Bearer {new_key}", **rotation},
    )
    assert replayed.headers.get("Idempotent-Replayed") == "true"
    assert replayed.json()["secret"] == new_key
    assert (await api.get("/v1/whoami")).status_code == 401  # the old secret is dead
    text = logs.text
    assert len(logs.access("/v1/whoami")) == 3, "the cycle was not logged at all"
    for leaked in (secret, parse_key(new_key).secret):
        assert leaked not in text
    # Nor partner data: no logger dumps SQL parameters, even at DEBUG.
    assert private not in text
