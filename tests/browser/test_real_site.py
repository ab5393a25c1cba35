"""The real fact base's site, as a newcomer meets it: every record within three clicks of the home
page, every statement with its footnoted source and quote, no broken link, nothing loaded from
another host, and a record's page listed first when its name is searched."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from scripts.load import load_fact_base
from tests.browser.crawl import broken_links, clicks_from, read_pages, search_fragments
from tests.conftest import REPO

pytestmark = pytest.mark.slow  # drives a browser over a built site

RECORD_FOLDERS = ("event", "agreement", "person", "organization", "topic", "source")
# The hand-written pages the search index holds (the home page aside).
GUIDES = ["/changelog-format.html", "/data.html", "/statuses.html"]


class StatementCollector(HTMLParser):
    """Per statement paragraph, whether it holds a footnote reference; the text of every footnote."""

    def __init__(self) -> None:
        super().__init__()
        self.statements: dict[str, bool] = {}
        self.footnotes: list[str] = []
        self.open_statement: str | None = None
        self.in_footnote = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p" and "fb-statement" in (attrs.get("class") or "").split():
            self.open_statement = attrs.get("id", "")
            self.statements[self.open_statement] = False
        elif tag == "a" and self.open_statement is not None and attrs.get("class") == "footnote-ref":
            self.statements[self.open_statement] = True
        elif tag == "li" and (attrs.get("id") or "").startswith("fn:"):
            self.in_footnote = True
            self.footnotes.append("")

    def handle_endtag(self, tag):
        if tag == "p":
            self.open_statement = None
        elif tag == "li":
            self.in_footnote = False

    def handle_data(self, data):
        if self.in_footnote:
            self.footnotes[-1] += data


def record_pages(pages: dict) -> list[str]:
    """Every record's page, not the redirects left at renamed records' old addresses."""
    records = load_fact_base(REPO).records
    redirects = {f"{r.type}/{old}.html" for r in records for old in r.data.get("previous_ids", [])}
    return [
        name
        for name in pages
        if name.count("/") == 1 and name.split("/")[0] in RECORD_FOLDERS and name not in redirects
    ]


def test_every_record_is_within_three_clicks_of_the_home_page(real_site):
    pages = read_pages(real_site)
    records = record_pages(pages)
    files = [*(REPO / "facts").glob("*/*.yaml"), *(REPO / "seeds").glob("*.yaml")]
    assert len(records) == len(files)
    clicks = clicks_from(real_site, pages, "index.html")
    assert [name for name in records if clicks.get(name, 99) > 3] == []


def test_every_statement_cites_a_source_and_every_footnote_quotes_it(real_site):
    missing, unquoted, statements, footnotes = [], [], 0, 0
    for path in sorted(real_site.glob("*/*.html")):
        if path.parent.name not in RECORD_FOLDERS:
            continue
        collected = StatementCollector()
        collected.feed(path.read_text(encoding="utf-8"))
        statements += len(collected.statements)
        footnotes += len(collected.footnotes)
        missing += [f"{path.name}#{s}" for s, cited in collected.statements.items() if not cited]
        unquoted += [f"{path.name}: {text[:60]}" for text in collected.footnotes if "“" not in text or "”" not in text]
    assert (missing, unquoted) == ([], [])
    # Every statement of the fact base was seen: a parser that found none would pass the check above.
    written = sum(
        len(r.data.get("statements") or []) for r in load_fact_base(REPO).records if not r.data.get("withdrawn")
    )
    assert statements == written and footnotes > statements


def test_no_broken_link_and_nothing_from_another_host(real_site):
    pages = read_pages(real_site)
    assert broken_links(real_site, pages) == []
    outside = [
        f"{name}: {link}"
        for name, collected in pages.items()
        for link in collected.loads
        if urlsplit(link).scheme or link.startswith("//")
    ]
    assert outside == []


def test_searching_a_records_name_lists_its_page_first(watched_real):
    """The issue's examples: before, each of these listed other pages before the record's own."""
    firsts = {
        query: watched_real.search(urlencode({"q": query}), f"real-search-{query.split()[0].lower()}")[:2]
        for query in ("Bessent", "Lin Jian", "Bletchley", "CnAISDA")
    }
    assert firsts == {
        "Bessent": ["/person/scott-bessent.html", "/event/bessent-cnbc-interview-2026-05-14.html"],
        "Lin Jian": ["/person/lin-jian.html", "/event/lin-jian-response-on-ai-talks.html"],
        "Bletchley": ["/agreement/bletchley-declaration.html", "/organization/uk-ai-safety-institute.html"],
        "CnAISDA": ["/organization/cnaisda.html", "/event/paris-ai-action-summit-2025.html"],
    }
    assert watched_real.outside_requests() == [] and watched_real.errors == []


def test_a_person_found_from_the_header_and_narrowed_by_type(watched_real):
    assert watched_real.search_from_header("Bessent")[0] == "/person/scott-bessent.html"
    assert watched_real.choose("type", "person") == ["/person/scott-bessent.html"]
    assert watched_real.page.url == f"{watched_real.base_url}/search.html?q=Bessent&type=person"
    assert watched_real.outside_requests() == [] and watched_real.errors == []


def test_the_index_holds_every_current_record_and_the_guides_and_nothing_else(real_site):
    """Record pages and the hand-written guides; not the home page, the lists of records, the
    record-type reference or the search page (nor withdrawn records or redirects, none here yet)."""
    records = [r for r in load_fact_base(REPO).records if not r.data.get("withdrawn")]
    expected = sorted([f"/{r.type}/{r.id}.html" for r in records] + GUIDES)
    assert [fragment["url"] for fragment in search_fragments(real_site)] == expected


def test_main_pages_render_with_no_console_error(watched_real):
    for path, title in [
        ("index.html", "US–China AI Safety Talks Fact Base"),
        ("timeline.html", "Timeline"),
        ("graph.html", "Relationship graph"),
        ("disputed.html", "Disputed and unconfirmed"),
        ("person/scott-bessent.html", "Scott Bessent"),
    ]:
        page = watched_real.open(path)
        watched_real.screenshot("real-" + Path(path).stem)
        assert page.locator("article h1").inner_text().removesuffix("¶") == title
    assert watched_real.outside_requests() == [] and watched_real.errors == []
