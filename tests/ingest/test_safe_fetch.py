"""safe_fetch against real local servers: redirects, limits, timeouts, errors, decoding."""

from __future__ import annotations

import gzip
import socket
import time
import zlib

import pytest

from layers_server.kit.fetch import (
    FetchError,
    FetchPolicy,
    create_client,
    safe_fetch,
)

MB = 1024 * 1024
HTML = "<!doctype html><html><head><title>ok</title></head><body>ok</body></html>"


async def test_fetches_a_page_with_our_headers(server, local_policy):
    server.page("/hello", HTML)
    page = await safe_fetch(server.url("/hello"), local_policy)
    assert page.status == 200
    assert page.url == server.url("/hello")
    assert page.content_type == "text/html"
    assert "<title>ok</title>" in page.text
    sent = server.request_headers[0]
    assert sent["User-Agent"] == "LayersBot/1.0 (+https://layers.com/bot)"
    assert sent["Accept"].startswith("text/html")


async def test_a_caller_supplied_client_is_reused_and_left_open(server, local_policy):
    server.page("/a", HTML)
    server.page("/b", HTML)
    async with create_client(local_policy) as client:
        await safe_fetch(server.url("/a"), local_policy, client=client)
        await safe_fetch(server.url("/b"), local_policy, client=client)
        assert not client.is_closed
    assert server.hits == ["/a", "/b"]


# --------------------------------------------------------------------------- redirects


def _chain(server, length: int) -> None:
    """/r/N redirects to /r/N-1 (varying status and relative/absolute forms); /r/0 is a page."""
    statuses = [301, 302, 303, 307, 308]
    for n in range(1, length + 1):
        target = f"/r/{n - 1}" if n % 2 else server.url(f"/r/{n - 1}")
        server.route(
            f"/r/{n}",
            lambda req, t=target, s=statuses[n % 5]: req.redirect(t, s),
        )
    server.page("/r/0", HTML)


async def test_follows_up_to_five_redirects(server, local_policy):
    _chain(server, 5)
    page = await safe_fetch(server.url("/r/5"), local_policy)
    assert page.url == server.url("/r/0")
    assert server.hits == ["/r/5", "/r/4", "/r/3", "/r/2", "/r/1", "/r/0"]


async def test_a_sixth_redirect_is_too_many(server, local_policy):
    _chain(server, 6)
    with pytest.raises(FetchError) as caught:
        await safe_fetch(server.url("/r/6"), local_policy)
    assert caught.value.code == "TOO_MANY_REDIRECTS"
    assert not caught.value.transient
    assert "/r/0" not in server.hits


async def test_a_redirect_loop_is_too_many_redirects(server, local_policy):
    server.route("/loop", lambda req: req.redirect("/loop"))
    with pytest.raises(FetchError) as caught:
        await safe_fetch(server.url("/loop"), local_policy)
    assert caught.value.code == "TOO_MANY_REDIRECTS"
    assert len(server.hits) == 6


@pytest.mark.parametrize("location", ["file:///etc/passwd", "gopher://127.0.0.1:70/"])
async def test_a_redirect_to_another_scheme_is_refused(server, local_policy, location):
    server.route("/go", lambda req: req.redirect(location))
    with pytest.raises(FetchError) as caught:
        await safe_fetch(server.url("/go"), local_policy)
    assert caught.value.code == "BAD_URL"


async def test_a_redirect_without_location_is_an_http_error(server, local_policy):
    server.route("/nowhere", lambda req: req.reply(302, b"", None))
    with pytest.raises(FetchError) as caught:
        await safe_fetch(server.url("/nowhere"), local_policy)
    assert (caught.value.code, caught.value.status) == ("HTTP_ERROR", 302)


# --------------------------------------------------------------------------- size cap


def _stream(total: int, *, declare_length: bool):
    def handler(req) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        if declare_length:
            req.send_header("Content-Length", str(total))
        req.end_headers()
        chunk = b"x" * 65536
        for _ in range(total // len(chunk)):
            req.wfile.write(chunk)

    return handler


async def test_a_declared_length_over_the_cap_is_refused_before_download(server, local_policy):
    server.route("/big", _stream(3 * MB, declare_length=True))
    with pytest.raises(FetchError) as caught:
        await safe_fetch(server.url("/big"), local_policy)
    assert caught.value.code == "TOO_LARGE"
    assert not caught.value.transient


async def test_a_stream_without_length_is_cut_at_the_cap(server, local_policy):
    server.route("/big", _stream(3 * MB, declare_length=False))
    with pytest.raises(FetchError) as caught:
        await safe_fetch(server.url("/big"), local_policy)
    assert caught.value.code == "TOO_LARGE"


async def test_a_body_exactly_at_the_cap_is_accepted(server, local_policy):
    server.route("/fits", _stream(2 * MB, declare_length=False))
    page = await safe_fetch(server.url("/fits"), local_policy)
    assert len(page.body) == 2 * MB


async def test_a_gzip_bomb_is_cut_at_the_decoded_cap(server, local_policy):
    bomb = gzip.compress(b"\0" * (3 * MB))
    assert len(bomb) < 10_000
    server.route(
        "/bomb", lambda req: req.reply(200, bomb, "text/html", {"Content-Encoding": "gzip"})
    )
    with pytest.raises(FetchError) as caught:
        await safe_fetch(server.url("/bomb"), local_policy)
    assert caught.value.code == "TOO_LARGE"


@pytest.mark.parametrize(
    "encoding, compress",
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # bare deflate, no zlib header
    ],
)
async def test_compressed_bodies_are_decoded(server, local_policy, encoding, compress):
    body = compress(HTML.encode())
    server.route(
        "/z", lambda req: req.reply(200, body, "text/html", {"Content-Encoding": encoding})
    )
    page = await safe_fetch(server.url("/z"), local_policy)
    assert page.text == HTML


# --------------------------------------------------------------------------- timeouts


async def test_a_server_that_never_answers_times_out(server):
    server.route("/slow", lambda req: (time.sleep(2), req.reply(200, HTML)))
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        await safe_fetch(server.url("/slow"), FetchPolicy(allow_private=True, timeout=0.3))
    assert caught.value.code == "TIMEOUT"
    assert caught.value.transient
    assert time.monotonic() - started < 1.5


async def test_a_body_dripped_slowly_hits_the_total_deadline(server):
    """Each read is quick, so only a deadline over the whole fetch catches this."""

    def drip(req) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        req.end_headers()
        for _ in range(40):
            req.wfile.write(b"<p>.</p>")
            req.wfile.flush()
            time.sleep(0.05)

    server.route("/drip", drip)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        await safe_fetch(server.url("/drip"), FetchPolicy(allow_private=True, timeout=0.4))
    assert caught.value.code == "TIMEOUT"
    assert time.monotonic() - started < 1.5


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "status, transient", [(404, False), (410, False), (429, True), (500, True), (503, True)]
)
async def test_http_errors_carry_status_and_retryability(server, local_policy, status, transient):
    server.route("/e", lambda req: req.reply(status, "nope"))
    with pytest.raises(FetchError) as caught:
        await safe_fetch(server.url("/e"), local_policy)
    assert caught.value.code == "HTTP_ERROR"
    assert caught.value.status == status
    assert caught.value.transient is transient


async def test_a_closed_port_is_connect_failed(local_policy):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as caught:
        await safe_fetch(f"http://127.0.0.1:{port}/", local_policy)
    assert caught.value.code == "CONNECT_FAILED"
    assert caught.value.transient


async def test_html_only_refuses_other_content_before_reading_it(server, local_policy):
    server.page("/data", '{"a": 1}', "application/json")
    with pytest.raises(FetchError) as caught:
        await safe_fetch(server.url("/data"), local_policy, html_only=True)
    assert caught.value.code == "NOT_HTML"
    assert not caught.value.transient
    page = await safe_fetch(server.url("/data"), local_policy)  # without the flag: fine
    assert page.content_type == "application/json"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "ftp://example.com/file",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://",
        "https://user:hunter2@example.com/",
        "http://example.com/" + "a" * 2100,
    ],
)
async def test_bad_urls_are_refused_without_a_request(url):
    with pytest.raises(FetchError) as caught:
        await safe_fetch(url, FetchPolicy())
    assert caught.value.code == "BAD_URL"
    assert "hunter2" not in caught.value.message


async def test_messages_do_not_echo_query_strings(server, local_policy):
    with pytest.raises(FetchError) as caught:
        await safe_fetch(server.url("/missing?token=s3cr3t"), local_policy)
    assert caught.value.code == "HTTP_ERROR"
    assert "s3cr3t" not in caught.value.message
    assert "/missing" in caught.value.message


# --------------------------------------------------------------------------- decoding


async def test_text_uses_the_header_charset(server, local_policy):
    body = "<p>Café</p>".encode("iso-8859-1")
    server.page("/latin", body, "text/html; charset=ISO-8859-1")
    assert "Café" in (await safe_fetch(server.url("/latin"), local_policy)).text


async def test_text_falls_back_to_meta_charset_then_utf8(server, local_policy):
    server.page("/meta", '<meta charset="windows-1252"><p>Café</p>'.encode("cp1252"), "text/html")
    server.page("/plain", "<p>Café ✓</p>".encode(), "text/html")
    assert "Café" in (await safe_fetch(server.url("/meta"), local_policy)).text
    assert "Café ✓" in (await safe_fetch(server.url("/plain"), local_policy)).text
