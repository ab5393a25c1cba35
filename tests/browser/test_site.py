"""What a reader sees in the built site, in Chromium: home, search (ranking, filters, a shareable
address, accessibility, the file system), links both ways, timeline order, footnotes, no request
off this machine, no console error, and no broken internal link."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.crawl import broken_links, parse, read_pages

pytestmark = pytest.mark.slow  # drives a browser over a built site


def heading(page) -> str:
    """The page's H1 as a reader sees it, without the permalink sign."""
    return page.locator("article h1").inner_text().removesuffix("¶")


def test_home_page_shows_counts_and_latest_developments(watched):
    page = watched.open("index.html")
    watched.screenshot("home")
    assert heading(page) == "US–China AI Safety Talks Fact Base"
    counts = page.locator("#what-is-here + ul li").all_inner_texts()
    assert counts == [
        "Events: 2",
        "Agreements and documents: 1",
        "People: 1",
        "Organizations: 2",
        "Topics: 1",
        "Sources: 2",
    ]
    latest = page.locator("#latest-developments + ul li").all_inner_texts()
    assert latest == [
        "June 2026 (approximate): First round of talks",
        "14 May 2026: Announcement of the talks",
        "2025: Pledge on safety testing",
    ]
    assert watched.outside_requests() == [] and watched.errors == []


def test_search_from_the_header_lists_the_person_named_first(watched):
    results = watched.search_from_header("Ana Example", "search")
    assert watched.page.url == f"{watched.base_url}/search.html?q=Ana+Example"
    assert results == [
        "/person/ana-example.html",
        "/source/quoted-interview.html",
        "/event/announcement.html",
        "/event/first-round.html",
    ]
    about = watched.page.locator(".fb-search__about").all_text_contents()
    assert about == ["Person", "Source", "Event announced", "Event expected"]
    # Pagefind's index only: Material's whole-site index is neither built nor asked for.
    assert [url for url in watched.requests if "search_index" in url] == []
    assert watched.outside_requests() == [] and watched.errors == []


def test_filters_by_type_and_status_narrow_the_results_and_survive_a_reload(watched):
    # The two events name "talks" equally (one word of four): Pagefind's own order decides.
    assert watched.search("q=talks") == [
        "/event/first-round.html",
        "/event/announcement.html",
        "/source/wire-story.html",
        "/source/quoted-interview.html",
        "/agreement/testing-pledge.html",
        "/statuses.html",
        "/data.html",
    ]
    assert watched.facet("type") == ["Events 2", "Agreements and documents 1", "Sources 2"]
    assert watched.choose("type", "event") == ["/event/first-round.html", "/event/announcement.html"]
    assert watched.facet("status") == ["announced 1", "disputed 1", "expected 1", "reported 1"]
    assert watched.choose("status", "disputed") == ["/event/announcement.html"]
    address = f"{watched.base_url}/search.html?q=talks&type=event&status=disputed"
    assert watched.page.url == address
    watched.page.reload()
    assert watched.results("search-filtered") == ["/event/announcement.html"]
    assert watched.page.url == address
    assert watched.facet("type") == ["[x] Events 1"]
    assert watched.facet("status") == ["announced 1", "[x] disputed 1", "expected 1", "reported 1"]
    assert watched.outside_requests() == [] and watched.errors == []


def test_filters_alone_list_every_record_they_select(watched):
    """No words, only filters: every event of 2026 citing the wire story, from a shared address."""
    source = "Two+powers+agree+to+talk+about+AI+safety"
    assert watched.search(f"type=event&year=2026&source={source}") == [
        "/event/announcement.html",
        "/event/first-round.html",
    ]
    assert watched.facet("year") == ["[x] 2026 2"]
    assert watched.facet("type") == ["[x] Events 2"]


def test_search_ui_has_no_serious_accessibility_violation(watched):
    """axe-core over the header's box and the search page with results and a filter chosen."""
    from axe_playwright_python.sync_playwright import Axe

    watched.search("q=talks&type=event")
    found = Axe().run(watched.page, context={"include": [["#fb-search"], [".fb-search-box"]]})
    serious = [v for v in found.response["violations"] if v["impact"] in ("serious", "critical")]
    for violation in serious:
        print(f"{violation['impact']}: {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            print(f"    {node['target']}: {node['html']}")
    assert [v["id"] for v in serious] == []
    # The checks ran over the search page's own elements (axe found them and passed some).
    assert watched.page.locator("#fb-search .fb-search__result").count() == 2


def test_search_page_opened_from_the_file_system_says_why_it_cannot_search(browser, site):
    """Browsers refuse fetch() to a page opened from a file, so Pagefind cannot load its index there;
    every other page still works, and the header's box still leads to the search page."""
    page = browser.new_context().new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / "person" / "ana-example.html").as_uri())
    assert page.locator("article h1").inner_text().removesuffix("¶") == "Ana Example"
    page.locator(".fb-search-box input").fill("talks")
    page.locator(".fb-search-box input").press("Enter")
    page.wait_for_load_state("load")
    assert page.url == (site / "search.html").as_uri() + "?q=talks"
    assert page.locator(".fb-search__offline").is_visible()
    assert page.locator(".fb-search__form").is_hidden() and page.locator(".fb-search__result").count() == 0
    assert errors == []
    page.context.close()


def test_cross_link_and_backlink_navigate_both_ways(watched):
    page = watched.open("person/ana-example.html")
    page.locator("#referenced-by + ul a", has_text="First round of talks").click()
    page.wait_for_load_state()
    assert page.url.endswith("/event/first-round.html")
    assert heading(page) == "First round of talks"
    page.locator("article table a", has_text="Ana Example").click()
    page.wait_for_load_state()
    assert page.url.endswith("/person/ana-example.html")
    assert watched.errors == []


def test_graph_node_links_to_the_record_page(watched):
    page = watched.open("person/ana-example.html")
    watched.screenshot("record-person")
    page.locator(".fb-graph a", has_text="Announcement of the talks").click()
    page.wait_for_load_state()
    assert page.url.endswith("/event/announcement.html")


def test_overview_graph_links_every_drawn_record_to_its_page(watched):
    page = watched.open("graph.html")
    watched.screenshot("graph")
    labels = page.locator(".fb-graph svg a text").all_text_contents()
    assert labels == [
        "Ana Example",
        "Example Wire",
        "Ministry of <b>Examples</b> &…",
        "Announcement of the talks",
        "First round of talks",
        "Pledge on safety testing",
        "Safety testing",
    ]
    page.locator(".fb-graph svg a", has_text="Pledge on safety testing").click()
    page.wait_for_load_state()
    assert page.url.endswith("/agreement/testing-pledge.html")
    assert watched.outside_requests() == [] and watched.errors == []


def test_timeline_shows_events_in_order(watched):
    page = watched.open("timeline.html")
    watched.screenshot("timeline")
    rows = page.locator("xpath=//h2[@id='in-order']/following::table[1]//tbody/tr").all()
    assert [row.locator("td").nth(1).inner_text() for row in rows] == [
        "Pledge on safety testing",
        "Announcement of the talks",
        "First round of talks",
    ]
    assert [row.locator("td").nth(0).inner_text() for row in rows] == ["2025", "14 May 2026", "June 2026 (approximate)"]
    assert page.locator(".fb-graph svg a rect").count() == 2 and page.locator(".fb-graph svg a circle").count() == 1


def test_footnotes_show_the_quote_the_source_its_author_and_what_it_came_through(watched):
    page = watched.open("person/ana-example.html")
    notes = page.locator(".footnote li").all_inner_texts()
    assert notes[2].startswith(
        "Interview with Ana Example, by Example Wire staff, undated, "
        "as reported by Two powers agree to talk about AI safety: “I will be there”"
    )


def test_hostile_text_is_shown_not_run(watched):
    page = watched.open("organization/ministry.html")
    watched.screenshot("hostile")
    assert heading(page) == "Ministry of <b>Examples</b> & Tests"
    assert page.locator("article script, article img, article b").count() == 0
    assert page.title() == "Ministry of <b>Examples</b> & Tests - US–China AI Safety Talks Fact Base"
    assert watched.errors == []


def test_disputed_page_shows_both_sides(watched):
    page = watched.open("disputed.html")
    cells = page.locator("xpath=//h2[@id='conflicting-statements']/following::table[1]//tbody//td").all_inner_texts()
    assert [c.split(":")[0] for c in cells] == ["Announcement of the talks", "First round of talks"]


def test_index_table_sorts_when_a_heading_is_clicked(watched):
    page = watched.open("events.html")
    page.locator(".fb-sortable th", has_text="Name").click()
    names = page.locator(".fb-sortable tbody tr td:first-child").all_inner_texts()
    assert names in (
        ["Announcement of the talks", "First round of talks"],
        ["First round of talks", "Announcement of the talks"],
    )
    page.locator(".fb-sortable th", has_text="Name").click()
    assert page.locator(".fb-sortable tbody tr td:first-child").all_inner_texts() == list(reversed(names))


def test_every_internal_link_and_anchor_resolves(site):
    pages = read_pages(site)
    assert broken_links(site, pages) == []
    # The crawl read every page: 9 record pages, 6 index pages, timeline, graph, disputed, search, 7
    # record-type reference pages, and the 4 hand-written ones (home, data, format changelog,
    # statuses); 404.html links absolutely, so read_pages leaves it out.
    assert len(pages) == 30


def test_no_page_loads_anything_from_another_host(site):
    """Scripts, stylesheets, images and icons are local; only plain <a> links and rel=canonical may name other hosts."""
    outside = [
        f"{p.name}: {link}"
        for p in site.rglob("*.html")
        for link in parse(p).loads
        if urlsplit(link).scheme or link.startswith("//")
    ]
    assert outside == []
