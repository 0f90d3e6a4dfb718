"""The installation routes: install URL, registration verified with GitHub, the record."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import sqlalchemy as sa

from layers_server.db.tables import github_install_states, github_installations
from layers_server.github.app import GitHubApp
from tests.cli.test_cli import cli
from tests.github.conftest import APP_ID, APP_SLUG
from tests.github.support import RETURN_URL, admin_for, connect, install_url
from tests.support.api import make_api


async def test_install_url_binds_a_fifteen_minute_state_to_the_organization(api, fake_github):
    admin = await admin_for(api)
    before = datetime.now().astimezone()
    answer = await install_url(admin)
    assert set(answer) == {"authUrl", "installUrl", "state", "expiresAt"}
    assert answer["authUrl"] == answer["installUrl"]
    assert answer["authUrl"] == (
        f"{fake_github.origin}/apps/{APP_SLUG}/installations/new?state={answer['state']}"
    )
    assert len(answer["state"]) >= 32
    expires = datetime.fromisoformat(answer["expiresAt"])
    assert timedelta(minutes=14) < expires - before <= timedelta(minutes=15, seconds=5)
    async with api.db.read() as conn:
        row = (
            await conn.execute(
                sa.select(github_install_states).where(
                    github_install_states.c.state == answer["state"]
                )
            )
        ).one()
    assert row.organization_id == api.organization_id
    assert row.return_url == RETURN_URL
    # A state of the partner's own is carried as it is.
    own = "partner-nonce-0123456789abcdef"
    assert (await install_url(admin, state=own))["state"] == own


@pytest.mark.parametrize(
    ("domains", "return_url", "status"),
    [
        ([], "https://partner.example.com/done", 403),
        (["partner.example.com"], "https://evil.example.net/done", 403),
        (["partner.example.com"], "https://sub.partner.example.com/done", 403),
        (["*.partner.example.com"], "https://app.partner.example.com/done", 200),
        (["partner.example.com"], "http://partner.example.com/done", 422),
        (["partner.example.com"], "/relative", 422),
        (["localhost"], "http://localhost:3000/done", 200),
    ],
)
async def test_return_urls_must_be_on_the_keys_allowed_domains(api, domains, return_url, status):
    admin = await admin_for(api, domains=domains)
    response = await admin.get(
        "/v1/github/installation/install-url", params={"returnUrl": return_url}
    )
    assert response.status_code == status, response.text
    if status == 403:
        error = response.json()["error"]
        assert error["code"] == "FORBIDDEN_SCOPE"
        assert error["details"]["subcode"] == "RETURN_URL_NOT_ALLOWED"


async def test_github_admin_is_not_granted_by_star(api):
    project = await api.create_project()
    for method, url in [
        ("GET", "/v1/github/installation/install-url?returnUrl=" + RETURN_URL),
        ("GET", "/v1/github/installation"),
        ("POST", "/v1/github/installation"),
    ]:
        response = await api.request(method, url, json={"installationId": 1, "state": "x"})
        assert response.status_code == 403, (url, response.text)
        assert response.json()["error"]["details"] == {"requiredScope": "github:admin"}
    # Ingesting needs only ingest:write, which `*` grants (and then wants an installation).
    response = await api.post(
        f"/v1/projects/{project['id']}/ingest/github", json={"repoFullName": "acme/stride"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"]["subcode"] == "GITHUB_NOT_INSTALLED"


async def test_every_github_route_is_409_without_an_app(app, api):
    app.state.services.settings = app.state.services.settings.model_copy(
        update={"github_app_id": None, "github_app_slug": None, "github_private_key": None}
    )
    admin = await admin_for(api)
    project = await api.create_project()
    answers = [
        await admin.get("/v1/github/installation/install-url", params={"returnUrl": RETURN_URL}),
        await admin.get("/v1/github/installation"),
        await admin.post("/v1/github/installation", json={"installationId": 1, "state": "x"}),
        await api.post(
            f"/v1/projects/{project['id']}/ingest/github", json={"repoFullName": "acme/stride"}
        ),
        await api.get("/v1/github/installation/callback", params={"state": "x"}),
    ]
    for response in answers:
        assert response.status_code == 409, response.text
        assert response.json()["error"]["details"]["subcode"] == "GITHUB_APP_NOT_CONFIGURED"


async def test_registration_is_verified_with_github(api, fake_github):
    installation, record = await connect(api, fake_github, "acme")
    assert record["installationId"] == installation.id
    assert record["githubAccount"] == {"login": "acme", "type": "Organization"}
    assert record["orgLogin"] == "acme"
    assert record["status"] == "active"
    assert record["registeredAt"] == record["lastVerifiedAt"]
    # GitHub was asked, as the App (its JWT), about exactly this installation.
    lookup = [
        r for r in fake_github.requests if r.path.endswith(f"/installations/{installation.id}")
    ]
    assert [r.method for r in lookup] == ["GET"]
    assert lookup[0].headers["Authorization"].startswith("Bearer ")

    admin = await admin_for(api)
    got = await admin.get("/v1/github/installation")
    assert got.status_code == 200
    assert got.json() == record


async def test_a_forged_installation_id_is_refused_and_nothing_is_stored(api, fake_github):
    admin = await admin_for(api)
    state = (await install_url(admin))["state"]
    response = await admin.post(
        "/v1/github/installation", json={"installationId": 987654321, "state": state}
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"]["issues"][0]["path"] == "installationId"
    assert fake_github.count("GET", r"/app/installations/987654321$") == 1
    assert (await admin.get("/v1/github/installation")).status_code == 404


async def test_states_must_be_live_and_this_organizations(api, new_api, fake_github):
    admin = await admin_for(api)
    installation = fake_github.add_installation("acme")
    other = await admin_for(await new_api())
    foreign = (await install_url(other))["state"]

    async def register(state: str):
        return await admin.post(
            "/v1/github/installation", json={"installationId": installation.id, "state": state}
        )

    for state in (foreign, "never-issued"):
        response = await register(state)
        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"]["issues"][0]["path"] == "state"

    expired = (await install_url(admin))["state"]
    async with api.db.write() as conn:
        await conn.execute(
            github_install_states.update()
            .where(github_install_states.c.state == expired)
            .values(expires_at=datetime.now().astimezone() - timedelta(seconds=1))
        )
    assert (await register(expired)).status_code == 422
    assert fake_github.count(path_regex=r"/app/installations/") == 0  # GitHub never asked


async def test_one_installation_per_organization(api, new_api, fake_github):
    installation, record = await connect(api, fake_github, "acme")
    admin = await admin_for(api)

    # The same id again (a retried browser hand-off): 200 with the same record.
    state = (await install_url(admin))["state"]
    again = await admin.post(
        "/v1/github/installation", json={"installationId": installation.id, "state": state}
    )
    assert again.status_code == 200
    assert again.json() == record

    second = fake_github.add_installation("acme-labs")
    response = await admin.post(
        "/v1/github/installation", json={"installationId": second.id, "state": state}
    )
    assert response.status_code == 409
    assert response.json()["error"]["details"]["subcode"] == "GITHUB_INSTALLATION_EXISTS"

    # Nor can another organization claim this organization's installation.
    other = await admin_for(await new_api())
    other_state = (await install_url(other))["state"]
    taken = await other.post(
        "/v1/github/installation", json={"installationId": installation.id, "state": other_state}
    )
    assert taken.status_code == 409
    assert taken.json()["error"]["details"]["subcode"] == "GITHUB_INSTALLATION_TAKEN"
    async with api.db.read() as conn:
        owners = await conn.scalars(
            sa.select(github_installations.c.organization_id).where(
                github_installations.c.installation_id == installation.id
            )
        )
        assert list(owners) == [api.organization_id]


async def test_github_down_during_registration_is_503_and_a_retry_succeeds(api, fake_github):
    admin = await admin_for(api)
    installation = fake_github.add_installation("acme")
    state = (await install_url(admin))["state"]
    fake_github.fail("GET", r"/app/installations/", 502)
    body = {"installationId": installation.id, "state": state}
    headers = {"Idempotency-Key": "register-once"}
    down = await admin.post("/v1/github/installation", json=body, headers=headers)
    assert down.status_code == 503, down.text
    assert down.json()["error"]["code"] == "UNAVAILABLE"
    up = await admin.post("/v1/github/installation", json=body, headers=headers)
    assert up.status_code == 201, up.text  # the 503 was not stored under the key


async def test_callback_hands_the_browser_back_to_the_return_url(api, fake_github):
    admin = await admin_for(api)
    state = (await install_url(admin))["state"]
    response = await api.client.get(
        "/v1/github/installation/callback",
        params={"installation_id": "4242", "setup_action": "install", "state": state},
    )
    assert response.status_code == 302
    target = urlsplit(response.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == RETURN_URL
    assert parse_qs(target.query) == {
        "state": [state],
        "installationId": ["4242"],
        "setupAction": ["install"],
    }
    unknown = await api.client.get("/v1/github/installation/callback", params={"state": "nope"})
    assert unknown.status_code == 404
    assert "location" not in unknown.headers


def test_the_app_jwt_meets_githubs_rules(settings, app_key_pair):
    app = GitHubApp.from_settings(settings)
    # The clock is passed in: a test reading time.time() around the call would race with the
    # whole-second truncation of `iat`.
    now = 1_800_000_000.75
    token = app.app_jwt(now)
    claims = jwt.decode(
        token,
        app_key_pair[1],
        algorithms=["RS256"],
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims["iss"] == str(APP_ID)
    assert claims["iat"] == 1_800_000_000 - 60
    assert claims["exp"] - claims["iat"] <= 9 * 60
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    assert "PRIVATE KEY" not in repr(app)


def test_the_fake_github_refuses_jwts_github_would_refuse(fake_github, app_key_pair):
    now = int(time.time())

    def signed(**claims) -> str:
        body = {"iat": now - 60, "exp": now + 480, "iss": str(APP_ID), **claims}
        return "Bearer " + jwt.encode(body, app_key_pair[0], algorithm="RS256")

    assert fake_github.verify_app_jwt(signed()) is None
    assert fake_github.verify_app_jwt(signed(exp=now + 10 * 60)) is not None  # lives 11 min
    assert fake_github.verify_app_jwt(signed(iat=now + 30, exp=now + 60)) is not None
    assert fake_github.verify_app_jwt(signed(exp=now - 1)) is not None
    assert fake_github.verify_app_jwt(signed(iss="1")) is not None
    other = jwt.encode(
        {"iat": now - 60, "exp": now + 480, "iss": str(APP_ID)},
        "not the App key but long enough for HS256",
        algorithm="HS256",
    )
    assert fake_github.verify_app_jwt(f"Bearer {other}") is not None


def test_operators_give_keys_allowed_return_domains(tmp_path):
    url = f"sqlite:///{tmp_path / 'operator.db'}"
    assert cli(url, "migrate").returncode == 0
    org = json.loads(cli(url, "orgs", "create", "--name", "Acme", "--json").stdout)
    created = cli(
        url, "keys", "create", "--org", org["id"], "--name", "installer",
        "--scopes", "github:admin", "--allowed-return-domains", "App.Example.com, *.acme.test",
        "--json",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["allowedReturnDomains"] == ["app.example.com", "*.acme.test"]
    listed = json.loads(cli(url, "keys", "list", "--org", org["id"]).stdout.splitlines()[0])
    assert listed["allowedReturnDomains"] == ["app.example.com", "*.acme.test"]
    refused = cli(
        url, "keys", "create", "--org", org["id"], "--name", "bad",
        "--allowed-return-domains", "https://app.example.com/x",
    )  # fmt: skip
    assert refused.returncode == 2
    assert "not a host name" in refused.stderr


async def test_key_records_show_allowed_return_domains(api):
    admin = await make_api(
        api.app, api.client, organization_id=api.organization_id,
        allowed_return_domains=["partner.example.com"],
    )  # fmt: skip
    killed = await api.post(f"/v1/api-keys/{admin.key_record['id']}/kill")
    assert killed.status_code == 200
    assert "partner.example.com" in json.dumps(killed.json())


async def test_concurrent_requests_with_one_partner_state_share_it(api, fake_github):
    """Retries racing with the partner's own state all get the same install URL, never a 500."""
    import asyncio

    admin = await admin_for(api)
    own = "partner-nonce-race-0123456789"
    responses = await asyncio.gather(
        *(
            admin.get(
                "/v1/github/installation/install-url",
                params={"returnUrl": RETURN_URL, "state": own},
            )
            for _ in range(8)
        )
    )
    assert [r.status_code for r in responses] == [200] * 8, [r.text for r in responses]
    assert {r.json()["authUrl"] for r in responses} == {responses[0].json()["authUrl"]}
    async with api.db.read() as conn:
        rows = await conn.scalar(
            sa.select(sa.func.count())
            .select_from(github_install_states)
            .where(github_install_states.c.state == own)
        )
    assert rows == 1
