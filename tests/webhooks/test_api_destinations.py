"""Where an endpoint may point (docs/api/webhooks.md): https to a public host only, unless
the operator allows private fetching. The check is the ingestion fetcher's guard
(`kit.fetch.vet_host`) and runs on create and on a PATCH of the URL; DNS is faked."""

from __future__ import annotations

import pytest

from layers_server.db.tables import webhook_endpoints
from layers_server.kit import fetch
from tests.support.webhooks import create_endpoint, webhook_rows

RECORDS = {
    "intranet.example": ["10.20.30.40"],
    "metadata.example": ["169.254.169.254"],
    "mixed.example": ["93.184.216.34", "10.0.0.7"],
    "six.example": ["fd00::5"],
    "public.example": ["93.184.216.34"],
}


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"fetch_allow_private": False})


@pytest.fixture(autouse=True)
def dns(monkeypatch):
    async def resolve(host: str, port: int) -> list[str]:
        if host not in RECORDS:
            raise fetch.FetchError("CONNECT_FAILED", f"The host {host} could not be resolved.")
        return RECORDS[host]

    monkeypatch.setattr(fetch, "system_resolver", resolve)


@pytest.mark.parametrize(
    "url",
    [
        "https://intranet.example/hooks",
        "https://metadata.example/latest/meta-data",
        "https://mixed.example/hooks",
        "https://six.example/hooks",
        "https://127.0.0.1/hooks",
        "https://[::1]:8443/hooks",
        "https://169.254.169.254/",
        "https://10.1.2.3/",
        "https://[::ffff:127.0.0.1]/",
        "https://nowhere.example/hooks",
        "http://public.example/hooks",
    ],
)
async def test_private_unresolvable_or_plain_http_destinations_are_refused(api, url):
    response = await api.post("/v1/webhook-endpoints", json={"url": url, "events": ["job.failed"]})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "VALIDATION"
    assert [issue["path"] for issue in error["details"]["issues"]] == ["url"]
    for address in ("10.20.30.40", "169.254.169.254", "10.0.0.7", "fd00::5"):
        assert address not in error["message"] or address in url  # internal DNS stays hidden
    assert await webhook_rows(api, webhook_endpoints) == []


async def test_a_public_https_destination_is_accepted_and_a_patch_is_checked_too(api):
    endpoint = (await create_endpoint(api, url="https://public.example/hooks"))["endpoint"]
    path = f"/v1/webhook-endpoints/{endpoint['endpointId']}"
    refused = await api.patch(path, json={"url": "https://intranet.example/hooks"})
    assert refused.status_code == 422
    assert (await api.get(path)).json()["url"] == "https://public.example/hooks"


async def test_the_operator_setting_allows_local_receivers(api, settings):
    api.app.state.services.settings = settings.model_copy(update={"fetch_allow_private": True})
    created = await create_endpoint(api, url="http://127.0.0.1:8080/hooks")
    assert created["endpoint"]["url"] == "http://127.0.0.1:8080/hooks"
