"""Browser test fixtures: the test fact base and the real one, each built into a site once per
session and served from 127.0.0.1 by http.server in a thread, and Debian's Chromium driven by
Playwright (which never downloads a browser of its own).

Each site is served at the root and also under its published path (/factbase/ for
https://…/factbase/), where 404.html, which links absolutely, finds its stylesheets. The test fact
base is committed once (a fixed date) before it is built, so its record pages carry a dataset
version and the date they last changed, as published pages do."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scripts.build import build_site
from scripts.load import read_publication
from scripts.write import copy_site_setup
from tests.conftest import REPO, make_site_base
from tests.exportbase import git

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# When the test fact base was committed: its record pages say they last changed on 14 May 2026.
COMMIT_DATE = "2026-05-14T10:00:00+00:00"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's folder at / and at the site's published path (`prefix`, such as /factbase)."""

    prefix = ""

    def translate_path(self, path):
        if self.prefix and (path == self.prefix or path.startswith(self.prefix + "/")):
            path = path[len(self.prefix) :] or "/"
        return super().translate_path(path)

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    root = make_site_base(tmp_path_factory.mktemp("site") / "repo", with_site_config=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The test fact base", date=COMMIT_DATE)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    assert build_site(root) == 0
    return root / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real fact base (facts/, seeds/, schemas/) built with the real set-up, outside git."""
    root = tmp_path_factory.mktemp("real-site")
    for folder in ("facts", "seeds", "schemas"):
        shutil.copytree(REPO / folder, root / folder)
    copy_site_setup(REPO, root)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    assert build_site(root) == 0
    return root / "site"


def serve(folder: Path):
    published = urlsplit(read_publication(folder.parent).site_url).path.rstrip("/")
    handler = functools.partial(type("Handler", (QuietHandler,), {"prefix": published}), directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def base_url(site):
    yield from serve(site)


@pytest.fixture(scope="session")
def real_base_url(real_site):
    yield from serve(real_site)


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

    def search(self, address: str, screenshot: str | None = None) -> list[str]:
        """Open the search page at search.html?<address>; gives the paths of its results, in order."""
        self.open(f"search.html?{address}")
        return self.results(screenshot)

    def search_from_header(self, text: str, screenshot: str | None = None) -> list[str]:
        """Type text into the header's search box of the home page and press Enter, as a reader would."""
        self.open("index.html")
        self.page.locator(".fb-search-box input").press_sequentially(text)
        self.page.locator(".fb-search-box input").press("Enter")
        return self.results(screenshot)

    def results(self, screenshot: str | None = None) -> list[str]:
        """The paths of the results shown, once the search page has answered (results and facets)."""
        self.page.locator('#fb-search[data-state="done"]').wait_for(timeout=20_000)
        if screenshot:
            self.screenshot(screenshot)
        links = self.page.locator(".fb-search__results a.fb-search__title")
        return [urlsplit(href).path for href in links.evaluate_all("links => links.map(a => a.href)")]

    def choose(self, facet: str, value: str) -> list[str]:
        """Tick a value of a facet on the search page; gives the results' paths once it has answered."""
        self.page.locator(f'.fb-search__facets input[name="{facet}"][value="{value}"]').check()
        return self.results()

    def facet(self, facet: str) -> list[str]:
        """A facet's values as shown, each with its count ("Events 2"), ticked ones marked "[x] "."""
        boxes = self.page.locator(f'.fb-search__facets input[name="{facet}"]')
        return boxes.evaluate_all(
            "boxes => boxes.map(box => (box.checked ? '[x] ' : '') + box.parentElement.textContent.trim()"
            ".replace(/\\s+/g, ' '))"
        )


def watch(browser, base_url: str, width: int = 1280, scheme: str = "light"):
    """A watched page in a fresh context: a window `width` pixels wide, the reader's preferred colour
    scheme `scheme` ("light" or "dark"), which Material's palette follows when none is stored."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    yield Watched(context.new_page(), base_url)
    context.close()


@pytest.fixture
def watched(browser, base_url):
    yield from watch(browser, base_url)


@pytest.fixture
def watched_real(browser, real_base_url):
    yield from watch(browser, real_base_url)
