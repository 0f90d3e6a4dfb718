"""`/docs` works offline: headless Chromium, with every non-loopback request blocked, renders the
operations from this server's own assets.

Needs Debian's `chromium` (`.ci/run` installs it) and the `playwright` package, which drives it
over the DevTools protocol without downloading a browser of its own. Without Chromium the test
is skipped with a notice, except under CI=true, where it fails.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import require_service
from tests.support.server import serving

CHROMIUM = os.environ.get("LAYERS_TEST_CHROMIUM", "/usr/bin/chromium")
# This machine's flags: no sandbox (root), no GPU, and none of Chromium's own background traffic.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RENDER_TIMEOUT_MS = 30_000


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True  # never leaves the page
    host = parts.hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture
def chromium() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        require_service("Chromium", f"{CHROMIUM} is not installed (apt-get install chromium)")
    return CHROMIUM


def test_docs_render_offline_from_this_server(chromium, tmp_path):
    from playwright.sync_api import sync_playwright

    database_url = f"sqlite:///{tmp_path / 'layers.db'}"
    left_loopback: list[str] = []
    requested: list[str] = []

    def only_loopback(route):
        url = route.request.url
        requested.append(url)
        if is_loopback(url):
            route.continue_()
        else:
            left_loopback.append(url)
            route.abort("internetdisconnected")

    with serving(database_url) as server, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            context.route("**/*", only_loopback)
            page = context.new_page()
            page.goto(f"{server.base_url}/docs", wait_until="networkidle")
            create = page.locator("#operations-projects-createProject")
            create.wait_for(timeout=RENDER_TIMEOUT_MS)
            summary = create.locator(".opblock-summary")
            assert summary.locator(".opblock-summary-method").inner_text() == "POST"
            assert summary.locator(".opblock-summary-path").inner_text() == "/v1/projects"
            summary.click()
            example = create.locator(".body-param__example, .highlight-code").first
            example.wait_for(timeout=RENDER_TIMEOUT_MS)
            text = create.inner_text()
            for seed_value in ('"Acme Coffee"', '"America/Los_Angeles"', '"acme-coffee"'):
                assert seed_value in text, f"{seed_value} is not in the rendered example"
            assert page.locator(".opblock").count() >= 20
            example.scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / "docs.png"))
        finally:
            context.close()

    assert not left_loopback, f"requests left loopback: {left_loopback}"
    assert any(url.endswith("/docs/assets/swagger-ui-bundle.js") for url in requested)
    assert any(url.endswith("/openapi.json") for url in requested)
    assert (tmp_path / "docs.png").stat().st_size > 10_000
