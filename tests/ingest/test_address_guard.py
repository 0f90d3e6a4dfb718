"""The SSRF guard: private destinations are refused on the first hop, on every redirect hop,
and at connect time (DNS rebinding), unless the operator allows private addresses."""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from layers_server.kit import fetch
from layers_server.kit.fetch import FetchError, FetchPolicy, is_blocked_address, safe_fetch

GUARDED = FetchPolicy(allow_private=False, timeout=3.0)
HTML = "<html><head><title>ok</title></head><body>ok</body></html>"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "240.0.0.1",
        "255.255.255.255", "192.0.2.10", "198.18.0.1",
        "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "2001:db8::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
        "2002:7f00:1::", "64:ff9b::a00:1",
    ],
)  # fmt: skip
def test_non_public_addresses_are_blocked(address):
    assert is_blocked_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"],
)
def test_public_addresses_are_allowed(address):
    assert not is_blocked_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "localhost",  # a DNS name that resolves to loopback, via the real resolver
        "2130706433",  # 127.0.0.1 written as one decimal number
        "0x7f.0.0.1",
        "127.1",
        "0.0.0.0",
    ],
)
async def test_loopback_in_any_spelling_is_refused_without_a_request(server, host):
    with pytest.raises(FetchError) as caught:
        await safe_fetch(f"http://{host}:{server.port}/", GUARDED)
    assert caught.value.code == "BLOCKED_ADDRESS"
    assert not caught.value.transient
    assert server.hits == []


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "https://[fd00::1]/"]
)
async def test_private_literals_are_refused(url):
    with pytest.raises(FetchError) as caught:
        await safe_fetch(url, GUARDED)
    assert caught.value.code == "BLOCKED_ADDRESS"
    assert "169.254" not in caught.value.message or "169.254.169.254" in url


async def test_a_name_with_any_private_record_is_refused():
    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.7"]

    with pytest.raises(FetchError) as caught:
        await safe_fetch("http://mixed.test/", GUARDED, resolver=resolver)
    assert caught.value.code == "BLOCKED_ADDRESS"
    assert "10.0.0.7" not in caught.value.message  # internal DNS is not leaked


async def test_allow_private_lets_the_operator_reach_loopback(server):
    server.page("/", HTML)
    page = await safe_fetch(f"http://localhost:{server.port}/", FetchPolicy(allow_private=True))
    assert page.status == 200


# ------------------------------------------------- hops after the first, and DNS rebinding
#
# The local server is on 127.0.0.1, but these tests need a host the guard *allows*. So they
# pretend 127.0.0.1 (exactly that address) is the public internet, and give the fake name
# "public.test" to it through an injected resolver. Every other private address stays blocked.


@pytest.fixture
def loopback_is_public(monkeypatch):
    real = fetch.is_blocked_address
    monkeypatch.setattr(
        fetch,
        "is_blocked_address",
        lambda ip: False if ip == ipaddress.ip_address("127.0.0.1") else real(ip),
    )


class FakeDNS:
    def __init__(self, records: dict[str, list[list[str]]]) -> None:
        self.records = records  # name → successive answers (the last one repeats)
        self.queries: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.queries.append(host)
        answers = self.records[host]
        return answers.pop(0) if len(answers) > 1 else answers[0]


@pytest.mark.usefixtures("loopback_is_public")
async def test_the_allowed_host_itself_is_fetched_through_the_vetted_address(server):
    """public.test exists only in FakeDNS: reaching the server proves we connect to the
    address we vetted, not to whatever the OS resolver would say."""
    server.page("/ok", HTML)
    dns = FakeDNS({"public.test": [["127.0.0.1"]]})
    page = await safe_fetch(f"http://public.test:{server.port}/ok", GUARDED, resolver=dns)
    assert page.status == 200
    assert server.hits == ["/ok"]
    assert server.request_headers[0]["Host"] == f"public.test:{server.port}"


@pytest.mark.usefixtures("loopback_is_public")
@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/secret",
        "http://127.0.0.2:{port}/secret",
        "http://internal.test/secret",  # a name that resolves to a private address
    ],
)
async def test_every_redirect_hop_is_rechecked(server, target):
    target = target.format(port=server.port)
    server.route("/hop", lambda req: req.redirect(target))
    dns = FakeDNS({"public.test": [["127.0.0.1"]], "internal.test": [["10.1.2.3"]]})
    with pytest.raises(FetchError) as caught:
        await safe_fetch(f"http://public.test:{server.port}/hop", GUARDED, resolver=dns)
    # Without the per-hop check these would fail differently (CONNECT_FAILED, TIMEOUT) or,
    # for ::1, succeed: BLOCKED_ADDRESS means the hop was vetted before any connection.
    assert caught.value.code == "BLOCKED_ADDRESS"
    assert server.hits == ["/hop"]
    if "internal.test" in target:
        assert "internal.test" in dns.queries


@pytest.mark.parametrize(
    "target",
    ["http://10.0.0.1/admin", "http://[::1]/", "http://localhost/", "http://internal.test/"],
)
async def test_safe_fetch_itself_rechecks_each_hop_even_with_a_foreign_client(target):
    """A caller-supplied client has no connect-time guard, so the per-hop check in
    safe_fetch is all that stands between a redirect and the private target. The mock
    transport records every request that would have left the process."""
    sent: list[str] = []

    def transport(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        if request.url.host == "public.test":
            return httpx.Response(302, headers={"Location": target})
        return httpx.Response(200, text=HTML, headers={"Content-Type": "text/html"})

    dns = FakeDNS(
        {
            "public.test": [["93.184.216.34"]],
            "internal.test": [["10.1.2.3"]],
            "localhost": [["127.0.0.1", "::1"]],
        }
    )
    async with httpx.AsyncClient(transport=httpx.MockTransport(transport)) as client:
        with pytest.raises(FetchError) as caught:
            await safe_fetch("http://public.test/hop", GUARDED, client=client, resolver=dns)
    assert caught.value.code == "BLOCKED_ADDRESS"
    assert sent == ["http://public.test/hop"]


@pytest.mark.usefixtures("loopback_is_public")
async def test_a_redirect_between_allowed_hosts_is_followed(server):
    """The control for the test above: the same setup passes when the hop is allowed."""
    server.route("/hop", lambda req: req.redirect(f"http://public.test:{server.port}/ok"))
    server.page("/ok", HTML)
    dns = FakeDNS({"public.test": [["127.0.0.1"]]})
    page = await safe_fetch(f"http://public.test:{server.port}/hop", GUARDED, resolver=dns)
    assert page.url == f"http://public.test:{server.port}/ok"


@pytest.mark.usefixtures("loopback_is_public")
async def test_dns_rebinding_between_check_and_connect_is_refused(server):
    """The name passes the pre-flight check, then answers with a private address when the
    connection is made: the connect-time guard refuses it."""
    server.page("/ok", HTML)
    dns = FakeDNS({"rebind.test": [["127.0.0.1"], ["10.9.9.9"]]})
    with pytest.raises(FetchError) as caught:
        await safe_fetch(f"http://rebind.test:{server.port}/ok", GUARDED, resolver=dns)
    assert caught.value.code == "BLOCKED_ADDRESS"
    assert dns.queries == ["rebind.test", "rebind.test"]
    assert server.hits == []
