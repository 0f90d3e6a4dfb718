"""No secret and no full API key in any log line (docs/api/README.md, "Authentication").

A real server process logs at DEBUG while it serves a run that touches every place a key or a
secret passes through: authentication (valid, wrong secret, unknown id, malformed, X-Api-Key),
creates (one carrying a key in its metadata), an idempotent rotation and its replay (the answer
holds the new plaintext secret and is stored for replays), a second rotation, kill switches,
deletion, rate limiting, scope refusals, unknown routes, and a key pasted where a keyId goes;
and a webhook endpoint's signing secrets (created idempotently, rotated twice, signing the
deliveries serve's worker attempts).
Then every line the process wrote is searched for every key and secret used.
"""

from __future__ import annotations

import asyncio
import signal
import uuid

import httpx
import pytest
from sqlalchemy.exc import DBAPIError

from layers_server.db.engine import Database
from layers_server.db.tables import organizations
from layers_server.kit import clock
from layers_server.kit.apikeys import format_key, new_key_id, new_secret
from tests.support.api import make_api
from tests.support.keys import KEY_LAYOUT, key_parts
from tests.support.server import serving


async def _exercise(
    http: httpx.AsyncClient, keys: dict[str, str], *, delivers: bool
) -> tuple[list[str], list[str], int]:
    """Drive the server through every key-handling path; returns the key secrets and the
    webhook signing secrets it minted, and how many requests it sent."""

    def auth(key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}"}

    main, victim = keys["main"], keys["victim"]
    answers: list[httpx.Response] = []

    async def call(method: str, url: str, **kwargs) -> httpx.Response:
        response = await http.request(method, url, **kwargs)
        answers.append(response)
        return response

    # Webhook signing secrets: an idempotent create and its replay, a test ping (attempted by
    # serve's in-process delivery worker, signed with the secret), two rotations. The endpoint
    # also hears the project.created events below.
    hooks = {"url": "http://127.0.0.1:9/hooks", "events": ["project.created"]}
    signing = []
    for _ in range(2):
        endpoint = await call(
            "POST",
            "/v1/webhook-endpoints",
            json=hooks,
            headers={**auth(main), "Idempotency-Key": "log-scan-hooks"},
        )
        assert endpoint.status_code == 201, endpoint.text
    signing.append(endpoint.json()["signingSecret"])
    hook_path = f"/v1/webhook-endpoints/{endpoint.json()['endpoint']['endpointId']}"
    ping = await call("POST", f"{hook_path}/test", headers=auth(main))
    if delivers:  # wait for the in-process delivery worker's first (signed) attempt
        delivery = f"/v1/webhook-deliveries/{ping.json()['deliveryId']}"
        deadline = asyncio.get_running_loop().time() + 30
        while (await call("GET", delivery, headers=auth(main))).json()["attemptCount"] == 0:
            assert asyncio.get_running_loop().time() < deadline, "no delivery attempt"
            await asyncio.sleep(0.1)
    for _ in range(2):
        rotated_hook = await call("POST", f"{hook_path}/rotate-secret", headers=auth(main))
        signing.append(rotated_hook.json()["signingSecret"])

    # Creates: plain, idempotent (then replayed), a conflict, one carrying a key in metadata.
    project = {"name": "Log scan", "timezone": "UTC", "customerExternalId": "log-scan"}
    created = await call("POST", "/v1/projects", json=project, headers=auth(main))
    assert created.status_code == 201, created.text
    idempotent = {**auth(main), "Idempotency-Key": "log-scan-create"}
    for _ in range(2):
        replayed = {**project, "customerExternalId": "b"}
        await call("POST", "/v1/projects", json=replayed, headers=idempotent)
    await call("POST", "/v1/projects", json=project, headers=auth(main))  # 409
    careless = {"name": "Careless", "timezone": "UTC", "metadata": {"apiKey": main}}
    await call("POST", "/v1/projects", json=careless, headers=auth(main))
    await call("POST", "/v1/projects", json={"name": main, "timezone": "UTC"}, headers=auth(main))

    # Authentication failures of every kind.
    await call("GET", "/v1/whoami", headers=auth(keys["wrong_secret"]))
    await call("GET", "/v1/whoami", headers=auth(keys["unknown"]))
    await call("GET", "/v1/whoami", headers=auth(main[:-1]))
    await call("GET", "/v1/whoami", headers={"Authorization": f"Basic {main}"})
    await call("GET", "/v1/whoami", headers={"X-Api-Key": main})
    await call("GET", "/v1/whoami", headers=auth(keys["no_scopes"]))
    await call("GET", "/v1/projects", headers=auth(keys["no_scopes"]))  # 403

    # Rotation: idempotent (the stored answer holds the secret), its replay, then another.
    victim_id = key_parts(victim).key_id
    rotate = f"/v1/api-keys/{victim_id}/rotate"
    minted = []
    for headers in ({**auth(main), "Idempotency-Key": "log-scan-rotate"},) * 2 + (auth(main),):
        rotated = await call("POST", rotate, headers=headers)
        assert rotated.status_code == 200, rotated.text
        minted.append(rotated.json()["secret"])
    await call("GET", "/v1/whoami", headers=auth(minted[0]))  # rotated away: 401
    await call("GET", "/v1/whoami", headers=auth(minted[-1]))

    # Kill switch, deletion, a key pasted into the path, unknown routes, rate limiting.
    await call("POST", f"/v1/api-keys/{victim_id}/kill", headers=auth(main))
    await call("GET", "/v1/whoami", headers=auth(minted[-1]))  # 503 KILL_SWITCH
    await call("DELETE", f"/v1/api-keys/{key_parts(keys['doomed']).key_id}", headers=auth(main))
    await call("GET", "/v1/whoami", headers=auth(keys["doomed"]))
    await call("POST", f"/v1/api-keys/{main}/kill", headers=auth(main))  # 422, key in the path
    await call("GET", f"/v1/no-such-route/{main}", headers=auth(main))
    await call("PUT", "/v1/projects", headers=auth(main))
    for _ in range(3):  # the standard tier is overridden to 2 reads a minute
        await call("GET", "/v1/whoami", headers=auth(keys["limited"]))

    statuses = {response.status_code for response in answers}
    assert {200, 201, 401, 403, 404, 405, 409, 422, 429, 503} <= statuses, statuses
    return minted, signing, len(answers)


async def test_no_secret_or_full_key_in_any_log_line(api, database_url):
    keys = {"main": api.key}
    for name, options in {
        "victim": {},
        "doomed": {},
        "no_scopes": {"scopes": []},
        "limited": {"tier": "standard"},
    }.items():
        other = await make_api(api.app, api.client, organization_id=api.organization_id, **options)
        keys[name] = other.key
    keys["wrong_secret"] = format_key("test", key_parts(api.key).key_id, new_secret())
    keys["unknown"] = format_key("test", new_key_id(), new_secret())
    env = {
        "LAYERS_LOG_LEVEL": "DEBUG",
        "LAYERS_RATE_LIMIT_TIERS": '{"standard": {"read_per_min": 2}}',
        # A webhook receiver on loopback (nothing listens there: every attempt fails, logged).
        "LAYERS_FETCH_ALLOW_PRIVATE": "true",
    }
    # On SQLite `serve` runs the workers in-process, the delivery worker among them.
    delivers = database_url.startswith("sqlite")
    env["LAYERS_IN_PROCESS_WORKER"] = str(delivers).lower()
    # The organization made above also keeps `serve` on SQLite from printing its first-run key.
    with serving(database_url, extra_env=env) as server:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as http:
            minted, signing, sent = await _exercise(http, keys, delivers=delivers)
        server.process.send_signal(signal.SIGTERM)  # shutdown logging (lastUsedAt flush) too
        server.process.wait(timeout=15)
        log = server.log_text()
        records = server.log_records()

    # Every request was logged (so the scan below looked at something).
    access = [r for r in records if r.get("logger") == "layers.access"]
    assert sum(r["path"].startswith("/v1/") for r in access) == sent
    secrets = {*keys.values(), *minted}
    secrets |= {key_parts(key).secret for key in secrets}
    secrets |= {*signing, *(secret.removeprefix("whsec_") for secret in signing)}
    leaked = sorted(secret[:12] + "…" for secret in secrets if secret in log)
    assert not leaked, f"secrets in the log: {leaked}"
    assert not KEY_LAYOUT.search(log), KEY_LAYOUT.search(log).group(0)[:24]


async def test_database_errors_do_not_quote_statement_parameters(app):
    """A failing statement's exception (which unexpected-error logging prints) names the
    statement but never its parameters: they can be a stored answer holding a new secret."""
    secret = format_key("test", new_key_id(), new_secret())
    db: Database = app.state.services.db
    row = {"id": uuid.uuid4(), "name": secret, "status": "active", "created_at": clock.utcnow()}
    async with db.write() as conn:
        await conn.execute(organizations.insert().values(row))
    with pytest.raises(DBAPIError) as caught:  # the same primary key again
        async with db.write() as conn:
            await conn.execute(organizations.insert().values(row))
    assert "organizations" in str(caught.value)
    assert secret not in str(caught.value)
    async with db.write() as conn:
        await conn.execute(organizations.delete().where(organizations.c.id == row["id"]))
