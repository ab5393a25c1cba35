"""Reading a built site from disk: every page's links, loads and ids, broken links, click distances,
and what the search index holds for each page it indexed.

Shared by the browser tests of the test site and of the real fact base's site, and tests/test_search.py.
"""

from __future__ import annotations

import gzip
import json
import posixpath
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.anchors: list[str] = []
        self.loads: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag in ("a", "link", "script", "img") and (attrs.get("href") or attrs.get("src")):
            self.links.append(attrs.get("href") or attrs.get("src"))
        if tag == "a" and attrs.get("href"):
            self.anchors.append(attrs["href"])
        if tag in ("script", "img", "iframe", "source", "video", "audio", "embed") and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") != "canonical":
            self.loads.append(attrs["href"])


def parse(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def read_pages(site: Path) -> dict[str, LinkCollector]:
    """Every built page but 404.html, which is served at any depth and so links absolutely."""
    return {p.relative_to(site).as_posix(): parse(p) for p in sorted(site.rglob("*.html")) if p.name != "404.html"}


def target_of(site: Path, page: str, href: str) -> str | None:
    """The site file an internal link points at, or None for a link to another host."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) if parts.path else page
    if target.endswith("/") or (site / target).is_dir():
        target = posixpath.join(target, "index.html")
    return target


def broken_links(site: Path, pages: dict[str, LinkCollector]) -> list[str]:
    """Every internal link to a missing file, or to an anchor its page does not have."""
    broken = []
    for name, collected in pages.items():
        for href in collected.links:
            target = target_of(site, name, href)
            if target is None:
                continue
            fragment = unquote(urlsplit(href).fragment)
            if not (site / target).is_file():
                broken.append(f"{name}: {href}")
            elif fragment and target in pages and fragment not in pages[target].ids:
                broken.append(f"{name}: {href} (no anchor)")
    return broken


def clicks_from(site: Path, pages: dict[str, LinkCollector], start: str) -> dict[str, int]:
    """The fewest link clicks from the start page to every page it leads to (breadth first)."""
    distance = {start: 0}
    queue = deque([start])
    while queue:
        page = queue.popleft()
        for href in pages[page].anchors:
            target = target_of(site, page, href)
            if target in pages and target not in distance:
                distance[target] = distance[page] + 1
                queue.append(target)
    return distance


def search_fragments(site: Path) -> list[dict]:
    """What Pagefind's index holds for each page it indexed (address, text, meta, filters), by address."""
    found = [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in (site / "pagefind" / "fragment").glob("*.pf_fragment")
    ]
    return sorted(found, key=lambda fragment: fragment["url"])
