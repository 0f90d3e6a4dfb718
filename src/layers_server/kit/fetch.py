"""Outbound HTTP for ingestion: one GET that cannot be turned against our own network.

Partners hand us URLs, so every fetch is a potential SSRF. The guard has two layers:

1. Before each hop (the first request and every redirect) the URL is checked: http/https only,
   no embedded credentials, and every address its host resolves to must be public.
2. The connection itself is opened by a guarded httpcore network backend that resolves the host
   again, vets the answer and connects to one of *those* addresses. The address we check is the
   address we connect to, so a DNS answer that flips to a private address between check and
   connect (DNS rebinding) is caught at connect time.

Why a network backend rather than rewriting the URL to the vetted IP with a ``Host`` header and
``sni_hostname``: the backend keeps the real hostname everywhere else, so TLS SNI, certificate
verification and the connection pool key stay exactly what httpx would use. Rewriting to an IP
makes the pool key the IP, and a TLS connection verified for one name could then be reused for
another name on the same CDN address without its certificate being checked for that name.

Redirects are followed by hand (``follow_redirects=False``) so each hop passes layer 1 and is
counted. The whole call, DNS and redirects included, runs under one deadline, because httpx's
timeouts are per operation and a server dripping a byte every few seconds would never trip them.
The body is streamed and decompressed by us with a bounded inflater, so neither an endless
body nor a small gzip bomb gets past ``max_bytes``.
"""

from __future__ import annotations

import asyncio
import codecs
import ipaddress
import re
import socket
import ssl
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import cache

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Resolves ``host`` for ``port`` to IP address strings. Injectable for tests and custom DNS.
Resolver = Callable[[str, int], Awaitable[list[str]]]

DEFAULT_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# 408/425/429 say "not now" rather than "never": worth a retry, like any 5xx.
_TRANSIENT_CLIENT_STATUSES = frozenset({408, 425, 429})
_MAX_URL_LENGTH = 2048
_CHARSET_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# NAT64 well-known prefix: the low 32 bits are an IPv4 address the gateway will reach.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


@dataclass(frozen=True)
class FetchPolicy:
    allow_private: bool = False  # operator setting; tests set True to reach 127.0.0.1
    timeout: float = 10.0  # seconds for the whole fetch: DNS, connect, redirects and body
    max_bytes: int = 2 * 1024 * 1024  # cap on the (decoded) body
    max_redirects: int = 5
    user_agent: str = "LayersBot/1.0 (+https://layers.com/bot)"


class FetchError(Exception):
    """A fetch that did not produce a page.

    ``code`` is stable for clients to branch on, ``message`` is a sentence safe to show a
    partner (no credentials, no query strings, no internal addresses), ``transient`` tells
    the job engine whether a retry could succeed, ``status`` is the HTTP status if any.
    """

    def __init__(
        self, code: str, message: str, *, transient: bool = False, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.transient = transient
        self.status = status

    def __repr__(self) -> str:
        return f"FetchError({self.code!r}, {self.message!r}, transient={self.transient})"


@dataclass(frozen=True)
class FetchedPage:
    url: str  # final URL, after redirects
    status: int
    headers: httpx.Headers
    content_type: str  # media type only, lower-case ("text/html"); "" when the server sent none
    body: bytes

    @property
    def text(self) -> str:
        """The body decoded: header charset, then BOM, then ``<meta charset>``, then UTF-8."""
        for candidate in (_header_charset(self.headers), _bom_charset(self.body)):
            if candidate:
                return self.body.decode(candidate, errors="replace")
        if self.content_type in HTML_TYPES or not self.content_type:
            match = _CHARSET_META.search(self.body[:1024])
            if match and _known_codec(match.group(1).decode("ascii")):
                return self.body.decode(match.group(1).decode("ascii"), errors="replace")
        return self.body.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- address guard


def is_blocked_address(ip: IPAddress) -> bool:
    """True unless ``ip`` is an ordinary public internet address.

    ``is_global`` is the core test (it excludes private, loopback, link-local, CGNAT,
    documentation and other special-purpose ranges); the explicit checks cover ranges some
    Python versions still call global (multicast, reserved). IPv6 forms that embed an IPv4
    address (mapped, NAT64, 6to4, Teredo) are judged by the IPv4 address they lead to.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            # ::ffff:a.b.c.d *is* a.b.c.d on a dual-stack socket.
            return is_blocked_address(ip.ipv4_mapped)
        if ip in _NAT64:
            # DNS64 networks hand out 64:ff9b::a.b.c.d for IPv4-only sites; the gateway then
            # connects to a.b.c.d, so that is the address to judge.
            return is_blocked_address(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        tunnelled = ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if tunnelled is not None and is_blocked_address(tunnelled):
            return True
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


async def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's resolver, without blocking the event loop."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        # EAI_AGAIN is a resolver hiccup; "no such name" will not fix itself on retry.
        transient = exc.errno in (socket.EAI_AGAIN, getattr(socket, "EAI_SYSTEM", None))
        raise FetchError(
            "CONNECT_FAILED", f"The host {host} could not be resolved.", transient=transient
        ) from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def vet_host(host: str, port: int, policy: FetchPolicy, resolver: Resolver) -> list[str]:
    """Resolve ``host`` and return its addresses; refuse if ANY of them is off-limits.

    Refusing on any (not all) bad address matters: a name with one public and one private
    record would otherwise let the connection land on whichever the OS tries first.
    """
    try:
        addresses: list[IPAddress] = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = [ipaddress.ip_address(a) for a in await resolver(host, port)]
    if not addresses:
        raise FetchError("CONNECT_FAILED", f"The host {host} has no address.", transient=True)
    if not policy.allow_private and any(is_blocked_address(a) for a in addresses):
        # The message names the host but never the address: that would leak internal DNS.
        raise FetchError(
            "BLOCKED_ADDRESS",
            f"{host} points to a private or reserved network address; only public internet "
            "addresses can be fetched.",
        )
    return [str(a) for a in addresses]


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Connects only to addresses that it has just vetted (closes the DNS-rebinding window)."""

    def __init__(self, policy: FetchPolicy, resolver: Resolver) -> None:
        self._policy = policy
        self._resolver = resolver
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface, not ours
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await vet_host(host, port, self._policy, self._resolver)
        last_error: Exception | None = None
        for address in addresses:  # plain sequential fallback across the vetted records
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(  # type: ignore[override]  # refuses whatever it is given
        self, *args: object, **kwargs: object
    ) -> httpcore.AsyncNetworkStream:
        raise FetchError("BAD_URL", "Unix sockets are never fetched.")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


@cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle costs tens of milliseconds; one context serves every client.
    return httpx.create_ssl_context(trust_env=False)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, policy: FetchPolicy, resolver: Resolver) -> None:
        super().__init__(verify=_ssl_context(), trust_env=False)
        # httpx has no public hook for the network backend, so replace the pool it built with
        # an identical one that connects through the guard (httpx is pinned in pyproject).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=_ssl_context(),
            network_backend=_GuardedBackend(policy, resolver),
            max_connections=10,
            keepalive_expiry=5.0,
        )


def create_client(policy: FetchPolicy, *, resolver: Resolver | None = None) -> httpx.AsyncClient:
    """A client whose every connection goes through the address guard.

    Pass it to ``safe_fetch`` to share connections across fetches. A client built any other
    way still gets the per-hop check, but not the connect-time (rebinding) protection.
    """
    return httpx.AsyncClient(
        transport=_GuardedTransport(policy, resolver or system_resolver),
        trust_env=False,  # an environment proxy would make every connection bypass the guard
        follow_redirects=False,
        timeout=httpx.Timeout(policy.timeout),
        headers={"User-Agent": policy.user_agent},
    )


# --------------------------------------------------------------------------- fetching


async def safe_fetch(
    url: str,
    policy: FetchPolicy,
    *,
    client: httpx.AsyncClient | None = None,
    accept: str = DEFAULT_ACCEPT,
    html_only: bool = False,
    resolver: Resolver | None = None,
) -> FetchedPage:
    """GET ``url`` within ``policy``; return the final 2xx page or raise ``FetchError``.

    ``html_only`` refuses a non-HTML response with ``NOT_HTML`` before reading its body.
    """
    resolver = resolver or system_resolver
    start = current = _parse_url(url)
    try:
        async with asyncio.timeout(policy.timeout), _client_scope(client, policy, resolver) as http:
            for _hop in range(policy.max_redirects + 1):
                await _vet_url(current, policy, resolver)
                request = http.build_request(
                    "GET",
                    current,
                    headers={
                        "User-Agent": policy.user_agent,
                        "Accept": accept,
                        "Accept-Encoding": "gzip, deflate",
                    },
                    timeout=httpx.Timeout(policy.timeout),
                )
                response = await http.send(request, stream=True, follow_redirects=False)
                try:
                    if response.status_code in _REDIRECT_STATUSES:
                        current = _redirect_target(current, response)
                        continue
                    _raise_for_status(current, response.status_code)
                    content_type = _media_type(response.headers)
                    if html_only and content_type and content_type not in HTML_TYPES:
                        raise FetchError(
                            "NOT_HTML",
                            f"{_redact(current)} is {content_type}, not an HTML page.",
                        )
                    body = await _read_capped(current, response, policy.max_bytes)
                    return FetchedPage(
                        url=str(current),
                        status=response.status_code,
                        headers=response.headers,
                        content_type=content_type,
                        body=body,
                    )
                finally:
                    await response.aclose()
            raise FetchError(
                "TOO_MANY_REDIRECTS",
                f"{_redact(start)} redirected more than {policy.max_redirects} times.",
            )
    except (TimeoutError, httpx.TimeoutException):
        raise FetchError(
            "TIMEOUT",
            f"{_redact(current)} did not load completely within {policy.timeout:g} seconds.",
            transient=True,
        ) from None
    except httpx.ConnectError:
        raise FetchError(
            "CONNECT_FAILED", f"Could not connect to {_redact(current)}.", transient=True
        ) from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        raise FetchError("BAD_URL", f"{_redact(current)} is not a fetchable URL.") from None
    except httpx.TransportError:
        raise FetchError(
            "NETWORK_ERROR",
            f"The connection to {_redact(current)} broke off mid-response.",
            transient=True,
        ) from None


@asynccontextmanager
async def _client_scope(
    client: httpx.AsyncClient | None, policy: FetchPolicy, resolver: Resolver
) -> AsyncIterator[httpx.AsyncClient]:
    if client is not None:
        yield client  # the caller owns its lifetime
        return
    async with create_client(policy, resolver=resolver) as own:
        yield own


def _parse_url(raw: str) -> httpx.URL:
    if not isinstance(raw, str) or not raw.strip() or len(raw) > _MAX_URL_LENGTH:
        raise FetchError("BAD_URL", "The URL is empty or longer than 2048 characters.")
    try:
        url = httpx.URL(raw.strip())
    except (httpx.InvalidURL, TypeError):
        raise FetchError("BAD_URL", "The URL could not be parsed.") from None
    _check_url_shape(url)
    return url.copy_with(fragment=None)


def _check_url_shape(url: httpx.URL) -> None:
    if url.scheme not in ("http", "https"):
        raise FetchError("BAD_URL", "Only http and https URLs can be fetched.")
    if not url.host:
        raise FetchError("BAD_URL", "The URL has no host.")
    if url.userinfo:
        # We fetch public pages anonymously; forwarding credentials is never what's wanted.
        raise FetchError("BAD_URL", "URLs with embedded credentials are not fetched.")


async def _vet_url(url: httpx.URL, policy: FetchPolicy, resolver: Resolver) -> None:
    _check_url_shape(url)
    host = url.raw_host.decode("ascii")  # IDNA-encoded, as the resolver needs it
    port = url.port or (443 if url.scheme == "https" else 80)
    await vet_host(host, port, policy, resolver)


def _redirect_target(current: httpx.URL, response: httpx.Response) -> httpx.URL:
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchError(
            "HTTP_ERROR",
            f"{_redact(current)} answered {response.status_code} without a Location.",
            status=response.status_code,
        )
    try:
        target = current.join(location).copy_with(fragment=None)
    except httpx.InvalidURL:
        raise FetchError("BAD_URL", f"{_redact(current)} redirected to an invalid URL.") from None
    if target.scheme not in ("http", "https"):
        raise FetchError("BAD_URL", f"{_redact(current)} redirected to a non-http(s) URL.")
    return target


def _raise_for_status(url: httpx.URL, status: int) -> None:
    if 200 <= status < 300:
        return
    transient = status >= 500 or status in _TRANSIENT_CLIENT_STATUSES
    raise FetchError(
        "HTTP_ERROR", f"{_redact(url)} answered HTTP {status}.", transient=transient, status=status
    )


async def _read_capped(url: httpx.URL, response: httpx.Response, max_bytes: int) -> bytes:
    too_large = FetchError(
        "TOO_LARGE", f"{_redact(url)} is larger than the {max_bytes}-byte limit."
    )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large  # refuse without downloading a byte of it
    inflater = _Inflater(response.headers.get("content-encoding", ""), url)
    body = bytearray()
    received = 0
    async for chunk in response.aiter_raw():
        received += len(chunk)
        if received > max_bytes:
            raise too_large
        body += inflater.feed(chunk, max_bytes - len(body))
        if len(body) > max_bytes:
            raise too_large
    body += inflater.finish()
    if len(body) > max_bytes:
        raise too_large
    return bytes(body)


class _Inflater:
    """Content-Encoding decoder that never produces more than it is allowed to.

    httpx's own decoder inflates each network chunk fully, so one 64 KiB gzip chunk could
    expand to ~64 MB in memory before any size check; ``max_length`` bounds every step.
    """

    def __init__(self, encoding: str, url: httpx.URL) -> None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._zlib = zlib.decompressobj(47)  # 32 + 15: accept gzip or zlib framing
            self._raw_fallback = encoding == "deflate"  # some servers send bare deflate
        else:
            raise FetchError(
                "BAD_RESPONSE",
                f"{_redact(url)} used a content encoding ({encoding}) that was not requested.",
            )
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        if self._zlib is None:
            return data
        try:
            out = self._zlib.decompress(data, room + 1)
        except zlib.error:
            if self._started or not self._raw_fallback:
                raise FetchError("BAD_RESPONSE", "The compressed body is corrupt.") from None
            self._zlib = zlib.decompressobj(-15)
            out = self._zlib.decompress(data, room + 1)
        self._started = True
        return out  # more than ``room`` bytes means the caller's cap is exceeded

    def finish(self) -> bytes:
        # Every feed() that stayed within its room consumed all its input, so what is left
        # here is at most zlib's small internal buffer; the caller re-checks the total anyway.
        return b"" if self._zlib is None else self._zlib.flush()


def _media_type(headers: httpx.Headers) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _header_charset(headers: httpx.Headers) -> str | None:
    for param in headers.get("content-type", "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
            return charset if _known_codec(charset) else None
    return None


def _bom_charset(body: bytes) -> str | None:
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):
            return name
    return None


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _redact(url: httpx.URL) -> str:
    """scheme://host[:port]/path: no credentials or query strings in messages or logs."""
    try:
        return str(url.copy_with(userinfo=b"", query=None, fragment=None))
    except Exception:  # a message must never fail to render
        return "the URL"
