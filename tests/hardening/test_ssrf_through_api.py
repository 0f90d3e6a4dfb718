"""The SSRF guard, end to end: POST …/ingest/website with the operator setting off.

tests/ingest/test_address_guard.py proves the guard on `safe_fetch` itself (address classes,
every spelling of loopback, each redirect hop, DNS rebinding), and tests/ingest/
test_ingest_jobs.py sends one private literal (169.254.169.254) through the API. What this adds
is the rest through the API, as a partner would try it: DNS names that resolve to private
addresses, and public pages that redirect to private ones. Each must fail the job with
BLOCKED_ADDRESS before a single byte is fetched from the private side, and the job's error
must not reveal the internal address.
"""

from __future__ import annotations

import ipaddress

import pytest

from layers_server.kit import fetch
from tests.ingest.conftest import LocalServer
from tests.jobs.support import finished, wait_for


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"fetch_allow_private": False, "fetch_timeout_seconds": 3})


@pytest.fixture
def private_site():
    """A web server on 127.0.0.1: the "internal service" nothing may reach."""
    server = LocalServer()
    server.page("/", "<html><head><title>internal</title></head><body>secret</body></html>")
    server.start()
    yield server
    server.stop()


class FakeDNS:
    """The resolver the fetcher uses, with names of our choosing (others resolve for real)."""

    def __init__(self, records: dict[str, list[str]]) -> None:
        self.records = records
        self.real = fetch.system_resolver  # "localhost" really resolves, via /etc/hosts

    async def __call__(self, host: str, port: int) -> list[str]:
        if host in self.records:
            return self.records[host]
        return await self.real(host, port)


@pytest.fixture
def dns(monkeypatch):
    resolver = FakeDNS(
        {
            "intranet.example": ["10.20.30.40"],
            "metadata.example": ["169.254.169.254"],
            "mixed.example": ["93.184.216.34", "10.0.0.7"],
            "six.example": ["fd00::5"],
            "sneaky.example": ["127.0.0.1", "::1"],
            "public.example": ["127.0.0.1"],  # see `loopback_is_public`
        }
    )
    monkeypatch.setattr(fetch, "system_resolver", resolver)
    return resolver


@pytest.fixture
def loopback_is_public(monkeypatch):
    """Lets 127.0.0.1 itself (only it) pass as the public internet, so a page there can play
    the public site that redirects; every other private address stays blocked."""
    real = fetch.is_blocked_address
    loopback = ipaddress.ip_address("127.0.0.1")
    monkeypatch.setattr(fetch, "is_blocked_address", lambda ip: ip != loopback and real(ip))


async def _ingest(api, url: str) -> tuple[dict, dict]:
    """Start a website ingestion of `url` and wait for it; returns the job and the project."""
    project = await api.create_project(name="SSRF probe")
    response = await api.post(f"/v1/projects/{project['id']}/ingest/website", json={"url": url})
    assert response.status_code == 202, response.text
    job = await wait_for(api, response.json()["jobId"], finished)
    return job, (await api.get(f"/v1/projects/{project['id']}")).json()


def _assert_blocked(job: dict, project: dict) -> None:
    assert job["status"] == "failed", job
    assert job["error"]["code"] == "BLOCKED_ADDRESS", job
    assert project["brandContext"] is None and project["ingestState"]["website"] is None


@pytest.mark.usefixtures("dns")
@pytest.mark.parametrize(
    "host",
    ["localhost", "intranet.example", "metadata.example", "mixed.example", "six.example"],
)
async def test_names_resolving_to_private_addresses_are_refused(api, worker, private_site, host):
    job, project = await _ingest(api, f"http://{host}:{private_site.port}/")
    _assert_blocked(job, project)
    for address in ("127.0.0.1", "10.20.30.40", "169.254", "10.0.0.7", "fd00"):
        assert address not in job["error"]["message"], job["error"]
    assert private_site.hits == []


@pytest.mark.usefixtures("dns", "loopback_is_public")
@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://[::1]:{port}/",
        "http://sneaky.example:{port}/",  # one allowed record, one private one
        "http://intranet.example/",
        "http://2130706434/",  # 127.0.0.2 as one number
    ],
)
async def test_redirects_to_private_addresses_are_refused(api, worker, private_site, target):
    public_site = LocalServer()
    public_site.route("/", lambda req: req.redirect(target.format(port=private_site.port)))
    public_site.start()
    try:
        job, project = await _ingest(api, f"http://public.example:{public_site.port}/")
    finally:
        public_site.stop()
    _assert_blocked(job, project)
    assert public_site.hits == ["/"]
    assert private_site.hits == []


@pytest.mark.usefixtures("dns", "loopback_is_public")
async def test_the_redirect_setup_fetches_when_the_target_is_public(api, worker, private_site):
    """The control: the same public page, redirecting to a host the guard allows, ingests."""
    public_site = LocalServer()
    public_site.route("/", lambda req: req.redirect(f"http://public.example:{private_site.port}/"))
    public_site.start()
    try:
        job, project = await _ingest(api, f"http://public.example:{public_site.port}/")
    finally:
        public_site.stop()
    assert job["status"] == "completed", job
    assert project["brandContext"]["appName"] == "internal"
    assert private_site.hits == ["/"]
