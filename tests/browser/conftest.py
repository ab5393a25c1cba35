"""Browser test fixtures: the test fact base built into a site once per session, served from
127.0.0.1 by http.server in a thread, and Debian's Chromium driven by Playwright (which never
downloads a browser of its own)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from scripts.build import build_site
from tests.sitebase import make_fact_base

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    root = make_fact_base(tmp_path_factory.mktemp("site") / "repo", with_site_config=True)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    assert build_site(root) == 0
    return root / "site"


@pytest.fixture(scope="session")
def base_url(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page with every request and console error it made recorded."""

    def __init__(self, page, base_url: str) -> None:
        self.page, self.base_url = page, base_url
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        # Anything not on this server is refused, so a stray request cannot reach the network.
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort())

    def open(self, path: str):
        self.page.goto(f"{self.base_url}/{path}")
        self.page.wait_for_load_state("networkidle")
        return self.page

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base_url + "/")]


@pytest.fixture
def watched(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Watched(page, base_url)
    context.close()
