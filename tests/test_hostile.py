"""Hostile text built into a site: the records in tests/inert/ are valid but carry HTML, JavaScript,
Markdown, attribute lists, admonitions and snippet lines in every text field, and ids named like
generated pages; laid over the good fact base and built with MkDocs, every one must come out as text.
(Hostile input that validation refuses is in the bad-input corpus, tests/bad/, and tests/test_validate.py.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts.build import build_site
from scripts.write import copy_site_setup
from tests.browser.crawl import search_fragments
from tests.conftest import REPO, copy_fact_base

pytestmark = pytest.mark.slow  # builds whole sites

INERT = Path(__file__).resolve().parent / "inert"


# -- the inert corpus, built into a site ----------------------------------------------------------

# The good fact base's pages, whose elements and attributes are all the generator writes.
PLAIN_PAGES = {
    "person": "jane-example",
    "event": "talks-announcement",
    "organization": "us-treasury",
    "agreement": "talks-protocol",
    "topic": "ai-safety-protocol",
    "source": "example-wire-article",
}
# Attributes the generator writes on what the good fact base lacks: a summary's weight in search.
GENERATED_ATTRIBUTES = {"data-pagefind-weight"}
PAGE_NAMED_IDS = ("404", "api", "disputed", "events", "index", "people", "search", "sitemap", "sources", "timeline")
SITE_SCRIPTS = {"tablesort.min.js", "tablesort.number.min.js", "tablesort-init.js", "search.js"}
# Fields the record page does not show: none, every text field reaches the page.
NOT_SHOWN: set[str] = set()


class Page(HTMLParser):
    """What a browser would make of a page: its elements, attributes, scripts and visible text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.raw: str | None = None
        self.article_tags: set[str] = set()
        self.article_attributes: set[str] = set()
        self.attributes: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.h1: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.attributes += [(tag, name, value) for name, value in values.items()]
        if self.in_article:
            self.article_tags.add(tag)
            self.article_attributes.update(values)
        self.in_article += tag == "article"
        if tag in ("script", "style", "title"):
            self.raw = ""
        if tag == "script":
            self.scripts.append((values.get("src", ""), values.get("type", ""), ""))
        if tag == "h1":
            self.h1.append("")

    def handle_endtag(self, tag: str) -> None:
        self.in_article -= tag == "article"
        if tag == "script" and self.raw is not None:
            src, kind, _ = self.scripts[-1]
            self.scripts[-1] = (src, kind, self.raw)
        if tag in ("script", "style", "title"):
            self.raw = None

    def handle_data(self, data: str) -> None:
        if self.raw is not None:
            self.raw += data
        elif self.in_article:
            self.text.append(data)
            if self.h1 and self.h1[-1] == "":
                self.h1[-1] = data

    @property
    def article_text(self) -> str:
        return "".join(self.text)


@pytest.fixture(scope="module")
def inert_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good fact base plus the inert corpus, built with the real MkDocs set-up."""
    root = copy_fact_base(tmp_path_factory.mktemp("inert") / "repo", INERT)
    copy_site_setup(REPO, root)
    assert build_site(root) == 0
    return root / "site"


def read_page(site: Path, relative: str) -> Page:
    return Page((site / relative).read_text(encoding="utf-8"))


def inert_records() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path in sorted(INERT.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        record_type = "source" if path.parent.name == "seeds" else path.parent.name
        if data["id"].startswith("hostile-"):
            yield record_type, data["id"], data


def strings(data: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*path, str(index)))
    elif isinstance(data, str):
        yield ".".join(path), data


HOSTILE_PAGES = [(record_type, record_id) for record_type, record_id, _ in inert_records()]


@pytest.mark.parametrize(("record_type", "record_id"), HOSTILE_PAGES)
def test_hostile_page_has_only_the_elements_of_a_plain_page(record_type: str, record_id: str, inert_site: Path) -> None:
    """No element or attribute that the good fact base's pages do not have: no img, script, em,
    h3, blockquote, admonition or included snippet, and no attribute an attribute list could add."""
    hostile = read_page(inert_site, f"{record_type}/{record_id}.html")
    plain = [read_page(inert_site, f"{kind}/{name}.html") for kind, name in PLAIN_PAGES.items()]
    assert sorted(hostile.article_tags - set().union(*(p.article_tags for p in plain))) == []
    written = set().union(GENERATED_ATTRIBUTES, *(p.article_attributes for p in plain))
    assert sorted(hostile.article_attributes - written) == []
    assert [value for tag, name, value in hostile.attributes if name == "class" and "admonition" in value] == []
    assert len(hostile.h1) == 1


@pytest.mark.parametrize(("record_type", "record_id", "data"), list(inert_records()))
def test_every_hostile_text_is_shown_literally(
    record_type: str, record_id: str, data: dict[str, Any], inert_site: Path
) -> None:
    """Each markup-laden text appears on its page exactly as written, whitespace runs made one space."""
    text = read_page(inert_site, f"{record_type}/{record_id}.html").article_text
    marked = {path: " ".join(value.split()) for path, value in strings(data) if "alert(" in value or "!!!" in value}
    assert {path for path, value in marked.items() if value not in text} == NOT_SHOWN & set(marked)


def test_no_page_has_event_handlers_script_urls_or_foreign_hosts(inert_site: Path) -> None:
    unsafe = []
    for path in sorted(inert_site.rglob("*.html")):
        for tag, name, value in read_page(inert_site, str(path.relative_to(inert_site))).attributes:
            link = value.strip().lower()
            if name.startswith("on") or (
                name in ("href", "src", "action", "xlink:href")
                and (link.startswith(("javascript:", "data:", "vbscript:", "//")) or "evil.example" in link)
            ):
                unsafe.append((path.name, tag, name, value))
    assert unsafe == []


def test_scripts_are_the_sites_own(inert_site: Path) -> None:
    foreign = []
    for path in sorted(inert_site.rglob("*.html")):
        for src, kind, body in read_page(inert_site, str(path.relative_to(inert_site))).scripts:
            name = src.rsplit("/", 1)[-1]
            if src and not (name in SITE_SCRIPTS or re.fullmatch(r"bundle\.[0-9a-f]+\.min\.js", name)):
                foreign.append((path.name, src))
            elif not src and kind.endswith("json"):
                json.loads(body)  # data that broke out of its script element would not parse
            elif not src and "alert(" in body:
                foreign.append((path.name, body[:80]))
    assert foreign == []


def test_organization_url_is_percent_encoded_in_its_link(inert_site: Path) -> None:
    page = read_page(inert_site, "organization/hostile-organization.html")
    hrefs = [
        value
        for tag, name, value in page.attributes
        if tag == "a" and name == "href" and value.startswith("https://example.org/")
    ]
    assert hrefs == ["https://example.org/a%29%5D%28javascript:alert%281%29%29?q=%5Bx%5D%7By%7D%2Az%2A&b=%3Cscript%3E"]


def test_records_named_like_generated_pages_shadow_nothing(inert_site: Path) -> None:
    assert [read_page(inert_site, f"person/{name}.html").h1 for name in PAGE_NAMED_IDS] == [
        [f"Person named {name}"] for name in PAGE_NAMED_IDS
    ]
    indexes = {
        "events": "Events",
        "people": "People",
        "sources": "Sources",
        "timeline": "Timeline",
        "disputed": "Disputed and unconfirmed",
    }
    assert {name: read_page(inert_site, f"{name}.html").h1 for name in indexes} == {
        name: [title] for name, title in indexes.items()
    }
    home = next(
        line[2:]
        for line in (REPO / "docs" / "index.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("# ")
    )
    assert read_page(inert_site, "index.html").h1 == [home]
    assert read_page(inert_site, "search.html").h1 == ["Search"]
    # The search index lists each of those people at their own address, beside the pages they are named like.
    indexed = {fragment["url"] for fragment in search_fragments(inert_site)}
    assert sorted(url for url in indexed if url.startswith("/person/") and url[8:-5] in PAGE_NAMED_IDS) == [
        f"/person/{name}.html" for name in sorted(PAGE_NAMED_IDS)
    ]
    assert (inert_site / "sitemap.xml").read_text(encoding="utf-8").startswith("<?xml")
