"""Accessibility (WCAG 2.2 AA) in Chromium, as a reader without a mouse, with a screen reader, with
a phone or zoomed in, or with a dark palette meets the site.

axe-core (bundled with axe-playwright-python, nothing downloaded) checks one page of every template of
the real fact base's site at 1280 and 390 px in Material's light and dark palettes, and the test
site's pages whose content the real one lacks (hostile text, a source known only through another,
partial dates); any serious or critical violation fails, printed with its rule, impact and element.
Then what axe cannot judge: each drawing's links reachable by Tab and named, sortable tables
operated by Enter and Space and announcing their order, no page wider than a 320 px window, and a
walk from the home page to a record and back by Tab and Enter alone, the focus always visible.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from scripts.load import load_fact_base
from scripts.load.publication import read_config
from tests.browser.conftest import watch
from tests.conftest import REPO

pytestmark = pytest.mark.slow  # drives a browser over a built site

# The published path the 404 page links from (it is served at any depth, so its links are absolute).
PUBLISHED = urlsplit(str(read_config(REPO)["site_url"])).path.strip("/")
# One page of every template that is not a record page; record pages are chosen below.
TEMPLATES = {
    "home": "index.html",
    "index of events": "events.html",
    "index of agreements": "agreements.html",
    "index of people": "people.html",
    "index of organizations": "organizations.html",
    "index of topics": "topics.html",
    "index of sources": "sources.html",
    "timeline": "timeline.html",
    "relationship graph": "graph.html",
    "disputed": "disputed.html",
    "statuses": "statuses.html",
    "data": "data.html",
    "format changelog": "changelog-format.html",
    "reference index": "reference/index.html",
    "reference of a type": "reference/event.html",
    "not found": f"{PUBLISHED}/404.html",
}
RECORD_TYPES = ("event", "agreement", "person", "organization", "topic", "source")
# The test site's pages whose content exercises what the real fact base does not: a name with markup
# in it, a source known only through another, conflicting statements, dates known to the month or year.
TEST_SITE_PAGES = {
    "event with conflicts": "event/announcement.html",
    "agreement": "agreement/testing-pledge.html",
    "person": "person/ana-example.html",
    "organization with a hostile name": "organization/ministry.html",
    "topic": "topic/safety-testing.html",
    "source known through another": "source/quoted-interview.html",
    "timeline with partial dates": "timeline.html",
    "disputed": "disputed.html",
    "relationship graph": "graph.html",
}
SERIOUS = ("serious", "critical")
# Violations that sit in Material's own markup and cannot be fixed from our overrides, by rule and
# element (axe's CSS selector), each with the reason. A rule is never switched off as a whole.
MATERIAL_EXCEPTIONS: dict[tuple[str, str], str] = {}
AXE = Axe()
BADGE = re.compile(r'<a class="fb-status fb-status-([a-z-]+)" href="[^"]*">([^<]*)</a>')


@functools.cache
def largest_record_pages() -> dict[str, str]:
    """The page of the largest record of each type (the longest YAML file, so the most statements,
    conflicts and footnotes): the fullest page each record template makes of the real fact base."""
    records = [r for r in load_fact_base(REPO).records if not r.data.get("withdrawn")]
    chosen = {}
    for record_type in RECORD_TYPES:
        of_type = [r for r in records if r.type == record_type]
        largest = max(of_type, key=lambda r: ((REPO / r.path).stat().st_size, r.id))
        chosen[f"{record_type} record"] = f"{record_type}/{largest.id}.html"
    return chosen


def serious_violations(page, options: dict | None = None) -> list[str]:
    """Every serious or critical axe violation on the page, one line per element, exceptions aside."""
    results = AXE.run(page, options={"resultTypes": ["violations"], **(options or {})})
    return [
        f"{violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))} — {node['html'][:160]}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
        for node in violation["nodes"]
        if (violation["id"], " ".join(map(str, node["target"]))) not in MATERIAL_EXCEPTIONS
    ]


def check_pages(browser, base_url: str, pages: dict[str, str], width: int, scheme: str) -> list[str]:
    """axe over each page in a window `width` px wide in the given palette; gives the violations found.

    In the light palette every rule runs; in the dark one the rules that read colours, as the others
    read markup, ARIA and layout, which the palette does not change (half the time of every rule).
    """
    found = []
    rules = {} if scheme == "light" else {"runOnly": {"type": "rule", "values": list(COLOUR_RULES)}}
    for watched in watch(browser, base_url, width, scheme):
        for template, path in pages.items():
            # "load", not the network falling idle: Material's search index may still be on its way.
            watched.page.goto(f"{base_url}/{path}", wait_until="load")
            # Material follows the preferred colour scheme when no palette is stored: check it did.
            assert watched.page.locator("body").get_attribute("data-md-color-scheme") == PALETTES[scheme], path
            found += [f"{template} ({path}): {line}" for line in serious_violations(watched.page, rules)]
        assert watched.errors == []
    return found


PALETTES = {"light": "default", "dark": "slate"}
COLOUR_RULES = ("color-contrast", "link-in-text-block")
VIEWS = [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")]


@pytest.mark.parametrize(("width", "scheme"), VIEWS, ids=[f"{w}px-{s}" for w, s in VIEWS])
def test_real_site_has_no_serious_axe_violation(browser, real_base_url, width, scheme):
    found = check_pages(browser, real_base_url, {**TEMPLATES, **largest_record_pages()}, width, scheme)
    assert found == [], "\n" + "\n".join(found)


# The test site's pages in both widths and both palettes, two views rather than four: the real site
# covers every pairing of the templates, these pages add content.
@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "dark")], ids=["1280px-light", "390px-dark"])
def test_test_site_has_no_serious_axe_violation(browser, base_url, width, scheme):
    found = check_pages(browser, base_url, TEST_SITE_PAGES, width, scheme)
    assert found == [], "\n" + "\n".join(found)


def test_axe_reports_what_the_site_fixed(watched):
    """The check can fail: the record page with what the site fixed undone (links told by colour
    alone, the header's search box without its name, the drawing an image around links) gives those
    violations."""
    page = watched.open("person/ana-example.html")
    page.add_style_tag(content=".md-typeset a:not(.fb-status, .headerlink, .fb-node) { text-decoration: none }")
    page.evaluate(
        """() => {
          const box = document.querySelector('.fb-search-box input');
          box.removeAttribute('aria-label');
          box.removeAttribute('placeholder');
          document.querySelector('.fb-graph svg').setAttribute('role', 'img');
        }"""
    )
    rules = sorted({line.split(" ")[0] for line in serious_violations(page)})
    assert rules == ["label", "link-in-text-block", "nested-interactive"]


def focus_state(page) -> dict:
    """The focused element: its tag, text, link, accessible name parts and whether its focus shows."""
    return page.evaluate(
        """() => {
          const element = document.activeElement;
          const style = getComputedStyle(element);
          return {
            tag: element.tagName.toLowerCase(),
            text: (element.innerText || element.textContent || '').trim(),
            href: element.getAttribute('href') || '',
            visible: element.matches(':focus-visible')
              && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
          };
        }"""
    )


def tab_until(page, wanted, limit: int = 80) -> Iterator[dict]:
    """Press Tab until the focused element satisfies `wanted`; yields every element focused on the way."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focus_state(page)
        yield state
        if wanted(state):
            return
    raise AssertionError(f"no element wanted within {limit} presses of Tab")


def follow(page) -> None:
    """Press Enter on the focused link and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def skip_to_content(page) -> dict:
    """Tab to "Skip to content" (the first stop of every page) and press it: the next Tab goes to the
    content, past the header and the navigation."""
    skip = list(tab_until(page, lambda s: s["text"] == "Skip to content", limit=1))
    page.keyboard.press("Enter")
    return skip[0]


def test_keyboard_alone_reaches_a_record_and_returns_home_with_the_focus_always_visible(watched):
    page = watched.open("index.html")
    focused = [skip_to_content(page)]
    focused += tab_until(page, lambda s: s["text"] == "People" and s["href"] == "people.html")
    follow(page)
    assert page.url.endswith("/people.html")
    focused.append(skip_to_content(page))
    focused += tab_until(page, lambda s: s["text"] == "Ana Example")
    follow(page)
    assert page.url.endswith("/person/ana-example.html")
    assert page.locator("article h1").inner_text().removesuffix("¶") == "Ana Example"
    # Back: the header's link to the home page comes right after "Skip to content".
    focused += tab_until(page, lambda s: s["href"].endswith("index.html"), limit=2)
    follow(page)
    assert urlsplit(page.url).path == "/index.html"
    assert page.locator("article h1").inner_text().removesuffix("¶") == "US–China AI Safety Talks Fact Base"
    # Every element the walk focused showed its focus, and the walk took the short way: the skip link,
    # then the content's links (headings' permalinks, sort buttons), then the skip link and the logo.
    assert [f"{s['tag']} {s['text'] or s['href']}" for s in focused if not s["visible"]] == []
    assert [s["text"] or s["href"] for s in focused] == [
        "Skip to content",
        *("¶", "¶", "First round of talks", "Announcement of the talks", "Pledge on safety testing"),
        *("timeline", "disputed and unconfirmed", "¶", "Events", "Agreements and documents", "People"),
        "Skip to content",
        *("¶", "Name", "Kind", "Status", "Date", "Referenced by", "Ana Example"),
        "Skip to content",
        "../index.html",
    ]


def test_drawing_links_are_reached_by_tab_and_named_for_a_screen_reader(watched):
    page = watched.open("person/ana-example.html")
    drawing = page.get_by_role("group", name="Ana Example and the records it is linked with")
    assert drawing.get_attribute("aria-describedby") == "fb-drawing-caption"
    assert page.locator("#fb-drawing-caption").inner_text().startswith("Ana Example in the centre")
    names = [link.get_attribute("href") for link in drawing.get_by_role("link").all()]
    assert names == [
        "../event/announcement.html",
        "../event/first-round.html",
        "../organization/example-wire.html",
        "../organization/ministry.html",
        "ana-example.html",
    ]
    assert drawing.get_by_role("link", name="Ministry of <b>Examples</b> & Tests (Organization)").count() == 1
    focused = list(tab_until(page, lambda s: s["href"] == "../event/first-round.html"))
    assert focused[-1]["visible"]
    follow(page)
    assert page.url.endswith("/event/first-round.html")


def sort_state(page) -> tuple[dict[str, str | None], list[str]]:
    headings = page.locator(".fb-sortable th")
    sorted_by = {h.inner_text(): h.get_attribute("aria-sort") for h in headings.all()}
    return sorted_by, page.locator(".fb-sortable tbody tr td:first-child").all_inner_texts()


def test_sortable_table_sorts_from_the_keyboard_and_announces_its_order(watched):
    page = watched.open("events.html")
    # Each heading is one tab stop: a button inside it, the heading itself out of the tab order.
    assert page.locator(".fb-sortable th[tabindex]").count() == 0
    assert page.locator(".fb-sortable th").get_by_role("button").all_inner_texts() == [
        "Name",
        "Kind",
        "Status",
        "Date",
        "Referenced by",
    ]
    assert sort_state(page)[0]["Name"] is None
    focused = list(tab_until(page, lambda s: s["tag"] == "button" and s["text"] == "Name"))
    assert focused[-1]["visible"]
    page.keyboard.press("Enter")
    assert sort_state(page) == (
        {"Name": "ascending", "Kind": None, "Status": None, "Date": None, "Referenced by": None},
        ["Announcement of the talks", "First round of talks"],
    )
    page.keyboard.press("Space")
    assert sort_state(page)[1] == ["First round of talks", "Announcement of the talks"]
    assert sort_state(page)[0]["Name"] == "descending"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert sort_state(page)[0]["Name"] is None and sort_state(page)[0]["Kind"] == "ascending"


def test_no_page_is_wider_than_a_narrow_window(browser, real_base_url):
    """Reflow (WCAG 1.4.10): at 320 px, a 1280 px window zoomed to 400%, and at 640 px, zoomed to 200%,
    the page never scrolls sideways, so nothing is lost; a table or drawing wider than the window
    scrolls inside its own box. Each page loads once and is laid out at both widths."""
    wide = []
    for watched in watch(browser, real_base_url, width=320):
        for template, path in {**TEMPLATES, **largest_record_pages()}.items():
            watched.page.goto(f"{real_base_url}/{path}", wait_until="load")
            for width in (320, 640):
                watched.page.set_viewport_size({"width": width, "height": 900})
                scrolled = watched.page.evaluate("document.documentElement.scrollWidth")
                if scrolled > width:
                    wide.append(f"{template} ({path}) at {width} px: {scrolled} px")
            watched.page.set_viewport_size({"width": 320, "height": 900})
    assert wide == []


def test_status_is_never_told_by_colour_alone(site):
    """Every status badge on every page shows its status as a word; its colour only repeats the word."""
    badges = [
        badge for path in sorted(site.rglob("*.html")) for badge in BADGE.findall(path.read_text(encoding="utf-8"))
    ]
    assert [(css, word) for css, word in badges if css != word] == []
    assert sorted({word for _, word in badges}) == ["announced", "disputed", "expected", "reported"]
