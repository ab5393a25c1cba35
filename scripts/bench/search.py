"""Search benchmark: Pagefind against Material's built-in search, measured the same way in Chromium.

Takes a synthetic fact base that scripts/bench/site.py generated and built (Pagefind's index
included) and builds the same pages once more as the baseline: MkDocs with Material's search plugin
and Material's own search box, as the site was before Pagefind. Serves each site from 127.0.0.1,
first as plain files, then gzipping text as most hosts do, and drives Debian's Chromium with
Playwright (never a downloaded browser) to count the bytes of every response of the page and of its
workers: for opening the home page, for the home page plus a first search typed into the header's
box and answered, and after a second search on the same page. Times each answer, from the key
press to the results on screen, and sizes each index on disk.

The first search is a person's name, as readers search (the issue this answers: a record's own page
listed first for its name); the second is one of the synthetic fact base's few words, found on
nearly every page: the most a search can cost, since Pagefind fetches and scores the index entries
of the words searched.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import mimetypes
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..search import BUNDLE

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
COMMON_WORD = "delegation"
MATERIAL_SITE, MATERIAL_CONFIG = "site-material", "mkdocs-material-search.yml"
# What hosts such as GitHub Pages compress; Pagefind compresses its own index files itself.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
ANSWER_TIMEOUT_MS = 600_000


@dataclass(frozen=True)
class Visit:
    """What one reader's visit cost: bytes of the home page, of the home page and a first search
    (by name), and of both searches (the second a common word); the seconds from the key press to
    each answer; and whether the record named came first."""

    home: int
    searched: int
    both: int
    name_answer: float
    word_answer: float
    named_first: bool


@dataclass(frozen=True)
class Person:
    """Whom the first search looks for: a person's name and the address of their page."""

    name: str
    page: str


def person_to_search(root: Path) -> Person:
    """The person in the middle of the synthetic fact base, by id."""
    files = sorted((root / "facts" / "person").glob("*.yaml"))
    chosen = files[len(files) // 2]
    name = yaml.safe_load(chosen.read_text(encoding="utf-8"))["name"]
    return Person(str(name), f"/person/{chosen.stem}.html")


@dataclass(frozen=True)
class Engine:
    """One search engine of one site: its name, built site, index size on disk and two visits
    (plain files, gzipped text)."""

    name: str
    index_bytes: int
    plain: Visit
    gzipped: Visit


def build_with_material_search(root: Path, environment: dict[str, str]) -> float:
    """Build root's generated pages again into site-material/ with Material's search plugin and
    search box (the overrides without our header); gives the seconds `mkdocs build` took."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    overrides = root / "docs" / "overrides-material"
    shutil.copytree(root / "docs" / "overrides", overrides, dirs_exist_ok=True)
    (overrides / "partials" / "header.html").unlink()
    config["theme"]["custom_dir"] = "docs/overrides-material"
    config["theme"]["features"] = [*config["theme"]["features"], "search.suggest", "search.highlight"]
    config["plugins"] = ["search"]
    config["site_dir"] = MATERIAL_SITE
    (root / MATERIAL_CONFIG).write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", MATERIAL_CONFIG]
    start = time.perf_counter()
    subprocess.run(command, cwd=root, env=environment, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def pagefind_index_bytes(site: Path) -> int:
    """Pagefind's index on disk: metadata, word chunks, filters and fragments (not its scripts)."""
    bundle = site / BUNDLE
    return sum(folder_size(bundle / part) for part in ("index", "filter", "fragment")) + sum(
        path.stat().st_size for path in bundle.glob("*.pf_meta")
    )


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; with `compress`, text the browser accepts gzipped is sent gzipped. A request
    asking whether a file changed is answered as SimpleHTTPRequestHandler does (304: nothing does)."""

    compress = False

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        wanted = "gzip" in self.headers.get("Accept-Encoding", "")
        conditional = "If-Modified-Since" in self.headers
        if conditional or not (self.compress and wanted and path.is_file() and kind.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        self.wfile.write(body)
        return None


@contextmanager
def serve(folder: Path, compress: bool) -> Iterator[str]:
    handler = type("BenchHandler", (Handler,), {"compress": compress})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Counter:
    """Bytes received for every finished response of a page and its workers: Chromium's encoded
    body size and header size. Chromium reports no body size for a worker's own script, so for a
    script answered in full (200) with none, the Content-Length it was sent with counts; a
    response from the browser's cache reports none and counts its headers only (or nothing)."""

    def __init__(self, page: Any) -> None:
        self.bytes = 0
        page.on("requestfinished", self.count)

    def count(self, request: Any) -> None:
        sizes = request.sizes()
        body = max(sizes["responseBodySize"], 0)
        response = request.response()
        if body == 0 and response is not None and response.status == 200 and request.resource_type == "script":
            body = int(response.headers.get("content-length", "0"))
        self.bytes += body + max(sizes["responseHeadersSize"], 0)


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def visit_pagefind(page: Any, base: str, person: Person) -> Visit:
    """The home page; the person's name typed into the header's box and Enter; then the common
    word and Enter in the search page's box."""
    counter = Counter(page)
    page.goto(f"{base}/index.html")
    page.wait_for_load_state("networkidle")
    home = counter.bytes
    page.locator(".fb-search-box input").fill(person.name)
    name_answer = timed(lambda: answer(page, ".fb-search-box input", person.name))
    first = page.locator(".fb-search__results a.fb-search__title").first.get_attribute("href") or ""
    settle(page)
    searched = counter.bytes
    page.locator(".fb-search__input").fill(COMMON_WORD)
    word_answer = timed(lambda: answer(page, ".fb-search__input", COMMON_WORD))
    settle(page)
    return Visit(home, searched, counter.bytes, name_answer, word_answer, first.endswith(person.page))


def answer(page: Any, box: str, query: str) -> None:
    """Press Enter in a search box and wait for the results of query to be on screen."""
    page.locator(box).press("Enter")
    page.locator(".fb-search__status").filter(has_text=f"for “{query}”").wait_for(timeout=ANSWER_TIMEOUT_MS)
    page.locator(".fb-search__result").first.wait_for(timeout=ANSWER_TIMEOUT_MS)


def settle(page: Any) -> None:
    """Wait for the facets, which come after the results, and for the network to be quiet."""
    page.locator('#fb-search[data-state="done"]').wait_for(timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")


def visit_material(page: Any, base: str, person: Person) -> Visit:
    """The home page (which fetches the whole index); then the name, then the common word, typed
    into Material's box key by key (Material searches on key events), the clock running."""
    counter = Counter(page)
    page.goto(f"{base}/index.html")
    page.wait_for_load_state("networkidle")
    home = counter.bytes
    box = page.locator("input.md-search__input")
    box.click()

    def search(query: str) -> float:
        box.fill("")
        box.press("Backspace")
        start = time.perf_counter()
        box.press_sequentially(query)
        page.locator(".md-search-result__article mark").first.wait_for(timeout=ANSWER_TIMEOUT_MS)
        return time.perf_counter() - start

    name_answer = search(person.name)
    first = page.locator("a.md-search-result__link").first.get_attribute("href") or ""
    page.wait_for_load_state("networkidle")
    searched = counter.bytes
    word_answer = search(COMMON_WORD)
    page.wait_for_load_state("networkidle")
    named_first = first.split("?")[0].endswith(person.page)
    return Visit(home, searched, counter.bytes, name_answer, word_answer, named_first)


def measure_visit(browser: Any, site: Path, compress: bool, visit: Callable[..., Visit], person: Person) -> Visit:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        with serve(site, compress) as base:
            return visit(context.new_page(), base, person)
    finally:
        context.close()


def measure_engines(root: Path) -> tuple[Engine, Engine]:
    """Pagefind on root/site and Material's search on root/site-material, each visited twice."""
    from playwright.sync_api import sync_playwright

    person = person_to_search(root)
    material_index = (root / MATERIAL_SITE / "search" / "search_index.json").stat().st_size
    sites = (
        ("Pagefind", root / "site", pagefind_index_bytes(root / "site"), visit_pagefind),
        ("Material", root / MATERIAL_SITE, material_index, visit_material),
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            engines = tuple(
                Engine(
                    name,
                    size,
                    measure_visit(browser, site, False, visit, person),
                    measure_visit(browser, site, True, visit, person),
                )
                for name, site, size, visit in sites
            )
        finally:
            browser.close()
    return engines[0], engines[1]
