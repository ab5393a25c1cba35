"""Render: escaping of hostile text, dates at their precision, and golden record and index pages.

Golden pages live in tests/golden/pages/; after a deliberate change, rewrite them with
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render.py` and review the diff like code.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from markdown.extensions.toc import slugify

from scripts import pipeline
from scripts.addresses import relative_link
from scripts.model import StatementRef, format_date, format_span
from scripts.render.escape import external_link, front_matter_title, markdown_text, safe_url, xml_text
from tests.conftest import index_of, make_site_base

GOLDEN = Path(__file__).resolve().parent / "golden" / "pages"

HOSTILE = [
    ("<script>alert(1)</script>", "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;"),
    ("<img src=x onerror=alert(1)>", "&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;"),
    ("&amp; &lt;b&gt;", "&#38;amp; &#38;lt;b&#38;gt;"),
    ("[click](javascript:alert(1))", "&#91;click&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;"),
    ("![img](https://evil.example/x.png)", "&#33;&#91;img&#93;&#40;https&#58;//evil.example/x.png&#41;"),
    ("*bold* _it_ **b**", "&#42;bold&#42; &#95;it&#95; &#42;&#42;b&#42;&#42;"),
    ("# Heading", "&#35; Heading"),
    ("- item", "&#45; item"),
    ("1. first", "1&#46; first"),
    ("2) second", "2&#41; second"),
    ("| a | b |", "&#124; a &#124; b &#124;"),
    ("see [^1]", "see &#91;&#94;1&#93;"),
    ("text {: .x }", "text &#123;&#58; .x &#125;"),
    ("text { #id }", "text &#123; &#35;id &#125;"),
    ("!!! note", "&#33;&#33;&#33; note"),
    ('--8<-- "secret.txt"', '&#45;&#45;8&#60;&#45;&#45; "secret.txt"'),
    ("https://evil.example/path", "https&#58;//evil.example/path"),
    ("<https://evil.example>", "&#60;https&#58;//evil.example&#62;"),
    ("a\n\n# b\n- c", "a &#35; b &#45; c"),
    ("`code`", "&#96;code&#96;"),
    ("back\\slash", "back&#92;slash"),
    ("~~del~~ ^^ins^^ ==mark==", "&#126;&#126;del&#126;&#126; &#94;&#94;ins&#94;&#94; &#61;&#61;mark&#61;&#61;"),
    ("user@example.org", "user&#64;example.org"),
    ("$x$", "&#36;x&#36;"),
    ('<a href="x" markdown="1">*y*</a>', '&#60;a href&#61;"x" markdown&#61;"1"&#62;&#42;y&#42;&#60;/a&#62;'),
    ("plain words, fine.", "plain words, fine."),
    ("US–China “talks”", "US–China “talks”"),
]
# Tags that the wrapping document below produces by itself; escaped text must add none.
EXPECTED_TAGS = {"p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "sup", "a", "div", "hr", "ol"}


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def site_markdown(snippet_folder: Path) -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml enables."""
    return markdown.Markdown(
        extensions=["footnotes", "attr_list", "md_in_html", "tables", "toc", "pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": {"base_path": [str(snippet_folder)], "check_paths": False}},
    )


@pytest.mark.parametrize("text, expected", HOSTILE, ids=[h[0][:30] for h in HOSTILE])
def test_markdown_text_escapes_exactly(text, expected):
    assert markdown_text(text) == expected


@pytest.mark.parametrize("text", [h[0] for h in HOSTILE], ids=[h[0][:30] for h in HOSTILE])
def test_escaped_text_renders_as_itself_with_no_live_markup(text, tmp_path):
    (tmp_path / "secret.txt").write_text("SECRET-CONTENT")
    escaped = markdown_text(text)
    document = f"{escaped}\n\n| h |\n| --- |\n| {escaped} |\n\n- {escaped}\n\nnote[^n]\n\n[^n]: {escaped}\n"
    rendered = site_markdown(tmp_path).convert(document)
    collector = TagCollector()
    collector.feed(rendered)
    assert {tag for tag, _ in collector.tags} <= EXPECTED_TAGS
    assert [a.get("href", "") for tag, a in collector.tags if tag == "a"] == ["#fn:n", "#fnref:n"]
    assert not any(name.startswith("on") for _, attrs in collector.tags for name in attrs)
    assert "SECRET-CONTENT" not in rendered
    match = re.match(r"<p>(.*?)</p>", rendered, re.S)
    assert match is not None
    first_paragraph = match.group(1)
    assert html.unescape(first_paragraph) == " ".join(text.split())


@pytest.mark.parametrize(
    "value, expected",
    [
        ("https://example.org/a?b=1&c=(2)", "https://example.org/a?b=1&c=%282%29"),
        ("http://example.org/'x'", None),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example/x", None),
        ("https://example.org/ space", None),
        ("HTTPS://EXAMPLE.ORG/", "HTTPS://EXAMPLE.ORG/"),
    ],
)
def test_safe_url_keeps_only_http_and_encodes_brackets(value, expected):
    assert safe_url(value) == expected


def test_external_link_falls_back_to_text_for_other_schemes():
    assert external_link("x", "javascript:alert(1)") == "x"
    assert external_link("a [b]", "https://example.org/(1)") == "[a &#91;b&#93;](https://example.org/%281%29)"


def test_xml_text_escapes_markup_and_quotes():
    assert xml_text("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"


def test_front_matter_title_is_an_html_escaped_yaml_string():
    assert front_matter_title('</title><script>"x"') == 'title: "&lt;/title&gt;&lt;script&gt;&quot;x&quot;"'


@pytest.mark.parametrize(
    "value, certainty, expected",
    [
        ("2026", None, "2026"),
        ("2026-05", None, "May 2026"),
        ("2026-05-14", None, "14 May 2026"),
        ("2026-05-14", "inferred", "14 May 2026 (inferred)"),
        ("2026-05", "approximate", "May 2026 (approximate)"),
        ("2026-05-14", "exact", "14 May 2026"),
    ],
)
def test_dates_keep_their_precision(value, certainty, expected):
    assert format_date(value, certainty) == expected


def test_date_span_names_both_ends():
    assert format_span("2026-05-14", "2026-05-16", "approximate") == "14 May 2026 – 16 May 2026 (approximate)"
    assert format_span("2026-05", "2026-05") == "May 2026"


@pytest.mark.parametrize(
    "from_page, to_page, expected",
    [
        ("person/a.md", "person/b.md", "b.md"),
        ("person/a.md", "event/b.md", "../event/b.md"),
        ("person/a.md", "api/person/a.json", "../api/person/a.json"),
        ("timeline.md", "event/b.md", "event/b.md"),
        ("event/b.md", "timeline.md", "../timeline.md"),
        ("reference/index.md", "reference/person.md", "person.md"),
        ("a/b/c.md", "a/d.md", "../d.md"),
        ("a/b/c.md", "a/b/e/f.md", "e/f.md"),
    ],
)
def test_relative_links_match_posixpath(from_page, to_page, expected):
    assert relative_link(from_page, to_page) == expected
    assert expected == posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every page the pipeline makes of the golden input: the same path as `make site` takes."""
    prepared = pipeline.prepare(make_site_base(tmp_path_factory.mktemp("facts")))
    assert isinstance(prepared, pipeline.Prepared)
    return {path: text for path, text in prepared.files().items() if path.endswith(".md") and isinstance(text, str)}


def test_render_gives_every_page_and_fragment(pages: dict[str, str]) -> None:
    assert [path for path in pages if not path.startswith("reference/")] == [
        "_fragments/counts.md",
        "_fragments/latest.md",
        "agreement/testing-pledge.md",
        "agreements.md",
        "disputed.md",
        "event/announcement.md",
        "event/first-round.md",
        "events.md",
        "graph.md",
        "organization/example-wire.md",
        "organization/ministry.md",
        "organizations.md",
        "people.md",
        "person/ana-example.md",
        "search.md",
        "source/quoted-interview.md",
        "source/wire-story.md",
        "sources.md",
        "timeline.md",
        "topic/safety-testing.md",
        "topics.md",
    ]


@pytest.mark.parametrize(
    "path",
    [
        "_fragments/counts.md",
        "_fragments/latest.md",
        "agreement/testing-pledge.md",
        "disputed.md",
        "event/announcement.md",
        "event/first-round.md",
        "events.md",
        "graph.md",
        "organization/ministry.md",
        "person/ana-example.md",
        "search.md",
        "source/quoted-interview.md",
        "source/wire-story.md",
        "sources.md",
        "timeline.md",
        "topic/safety-testing.md",
    ],
)
def test_page_matches_golden(pages, path):
    golden = GOLDEN / path
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[path], encoding="utf-8")
    assert pages[path] == golden.read_text(encoding="utf-8")


def test_hostile_name_never_reaches_a_page_unescaped(pages: dict[str, str]) -> None:
    """In the Markdown body outside indented code blocks (BibTeX), which Markdown shows as text with <, >
    and & escaped. (The front matter's values reach the page through the template, which escapes them:
    tests/test_cite.py checks the built head.)"""
    bodies = {path: text.split("\n---\n", 1)[-1] for path, text in pages.items()}
    prose = {
        path: "\n".join(line for line in text.splitlines() if not line.startswith("    "))
        for path, text in bodies.items()
    }
    assert [path for path, text in prose.items() if "<b>" in text or "<script>" in text] == []
    assert (
        "Ministry of <b>Examples</b>" in pages["organization/ministry.md"]
    )  # in its BibTeX block, which the line above left out


def test_svg_links_are_relative_to_the_page_they_are_drawn_on(pages):
    drawing = re.search(r"<svg.*</svg>", pages["person/ana-example.md"])
    assert drawing is not None
    hrefs = re.findall(r'<a href="([^"]+)"', drawing.group())
    assert hrefs == [
        "../event/announcement.html",
        "../event/first-round.html",
        "../organization/example-wire.html",
        "../organization/ministry.html",
        "ana-example.html",
    ]


def test_overview_graph_draws_only_the_most_connected_of_each_type_when_columns_are_full(tmp_path, monkeypatch):
    from scripts.render import graph_page

    monkeypatch.setattr(graph_page, "MAX_PER_COLUMN", 1)
    graph = graph_page.render_graph(index_of(make_site_base(tmp_path)))
    drawn = re.findall(r'<a href="([^"]+)" class="fb-node', graph)
    # Of the two organizations the ministry has more connections (5 against 1); of the events both
    # have 3, so name order decides.
    assert drawn == [
        "person/ana-example.html",
        "organization/ministry.html",
        "event/announcement.html",
        "agreement/testing-pledge.html",
        "topic/safety-testing.html",
    ]
    assert "5 records are drawn; 2 with fewer or no connections are not" in graph


def test_conflict_heading_links_within_the_page_when_both_versions_are_in_one_record(tmp_path):
    from scripts.render.record import conflict_heading

    index = index_of(make_site_base(tmp_path))
    here, own = "event/first-round.md", StatementRef("first-round", "size")
    assert (
        conflict_heading(index, StatementRef("first-round", "count"), own, here)
        == "[Conflicting statement on this page](#statement-count)"
    )
    assert conflict_heading(index, StatementRef("announcement", "size"), own, here) == (
        "Conflicting statement in [Announcement of the talks](announcement.md#statement-size)"
    )


@pytest.mark.parametrize(
    "source, in_words, in_iso",
    [
        ({"date": "2026-05-14", "date_certainty": "exact"}, "14 May 2026", "2026-05-14"),
        ({"date": "2026-05", "date_certainty": "inferred"}, "May 2026 (inferred)", "2026-05 (inferred)"),
        (
            {"not_before": "2026-05-14"},
            "undated, published on or after 14 May 2026",
            "undated, published on or after 2026-05-14",
        ),
        (
            {"not_after": "2026-05-14"},
            "undated, published on or before 14 May 2026",
            "undated, published on or before 2026-05-14",
        ),
        (
            {"not_before": "2024", "not_after": "2026-05-14"},
            "undated, published between 2024 and 14 May 2026",
            "undated, published between 2024 and 2026-05-14",
        ),
        (
            {"not_before": "2026-05-14", "not_after": "2026-05-14"},
            "undated, worked out as published on 14 May 2026",
            "undated, worked out as published on 2026-05-14",
        ),
        (
            {"not_before": "2024", "date_certainty": "inferred"},
            "undated, published on or after 2024",
            "undated, published on or after 2024",
        ),
        ({}, "undated", "undated"),
    ],
)
def test_citations_and_the_sources_table_say_what_is_known_of_an_undated_source(source, in_words, in_iso):
    from scripts.render.common import publication_date
    from scripts.render.indexes import iso_date

    assert publication_date(source) == in_words
    assert publication_date(source, iso_date) == in_iso


@pytest.mark.parametrize(
    ("status", "shown"),
    [("credited", "credited to John Example, unverified"), (None, "by John Example")],
)
def test_an_author_known_only_from_a_credit_line_is_credited_to_not_by(status, shown):
    from scripts.render.common import credited

    source = {"author": "John Example", **({"author_status": status} if status else {})}
    assert credited(source, "author", "John Example", prefix="by ") == shown


def test_a_source_page_reads_each_statement_once_with_every_passage_it_cites(tmp_path):
    from scripts.render.source_page import lines_of

    index = index_of(make_site_base(tmp_path))
    source = index.records["wire-story"]
    statement = {"id": "twelve", "text": "Twelve officials will take part.", "status": "reported"}
    entries = [
        ("statements", statement, {"source": "wire-story", "quote": "twelve officials"}),
        ("statements", statement, {"source": "wire-story", "quote": "officials from both sides"}),
    ]
    assert list(lines_of(index, source, entries, "source/wire-story.md")) == [
        '    - Statement: <a class="fb-status fb-status-reported" href="../statuses.html#reported">reported</a>'
        " Twelve officials will take part. — quoted: “twelve officials”; “officials from both sides”"
    ]


def test_referenced_by_names_each_record_once_with_every_way_it_refers(tmp_path):
    import dataclasses

    from scripts.link import Reference
    from scripts.render.record import backlinks_section

    index = index_of(make_site_base(tmp_path))
    refs = (
        Reference("first-round", "topics.0", "ministry"),
        Reference("announcement", "participants.1", "ministry"),
        Reference("first-round", "participants.0", "ministry"),
        Reference("first-round", "statements.0.citations.0.source", "ministry"),
    )
    index = dataclasses.replace(index, backlinks={"ministry": refs})
    assert backlinks_section(index, index.records["ministry"], "organization/ministry.md") == (
        "## Referenced by\n\n"
        "- [Announcement of the talks](../event/announcement.md) (as a participant)\n"
        "- [First round of talks](../event/first-round.md) (as a participant; as a topic; cites this)\n"
    )


def test_disputed_page_gives_a_statement_one_row_with_every_statement_conflicting_with_it(tmp_path):
    import dataclasses

    from scripts.render.common import InlineNotes
    from scripts.render.indexes import conflicts_table

    index = index_of(make_site_base(tmp_path))
    size, attend, first = (
        StatementRef("announcement", "size"),
        StatementRef("ana-example", "will-attend"),
        StatementRef("first-round", "size"),
    )
    conflicts = ((size, attend), (size, first), (attend, first))
    index = dataclasses.replace(index, conflicts=conflicts)
    rows = conflicts_table(index, InlineNotes(index, "disputed.md")).splitlines()[2:]
    starts = [re.findall(r"\[([^\]]+)\]\([a-z/-]+\.md#statement", row) for row in rows]
    assert starts == [
        ["Announcement of the talks", "Ana Example", "First round of talks"],
        ["Ana Example", "First round of talks"],
    ]
    assert [row.count('class="fb-version"') for row in rows] == [2, 1]


class DrawingParts(HTMLParser):
    """Of a page's drawing: the SVG's attributes, every id with its text, and the caption's links."""

    def __init__(self) -> None:
        super().__init__()
        self.svg: dict[str, str | None] = {}
        self.texts: dict[str, str] = {}
        self.caption_links: list[str] = []
        self.open_ids: list[str] = []
        self.in_caption = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "svg":
            self.svg = attributes
        if attributes.get("id"):
            self.open_ids.append(str(attributes["id"]))
            self.texts[str(attributes["id"])] = ""
        self.in_caption = self.in_caption or tag == "figcaption"
        if self.in_caption and tag == "a":
            self.caption_links.append(str(attributes["href"]))

    def handle_endtag(self, tag):
        if tag in ("title", "figcaption") and self.open_ids:
            self.open_ids.pop()
        self.in_caption = self.in_caption and tag != "figcaption"

    def handle_data(self, data):
        for open_id in self.open_ids:
            self.texts[open_id] += data


@pytest.mark.parametrize(
    ("path", "title", "caption_start", "links"),
    [
        (
            "person/ana-example.md",
            "Ana Example and the records it is linked with",
            "Ana Example in the centre, joined by a line to each of the 4 records it names or that name it, "
            "sources aside (2 events and 2 organizations).",
            ["#roles", "#statements", "#referenced-by"],
        ),
        (
            "agreement/testing-pledge.md",
            "Pledge on safety testing and the records it is linked with",
            "Pledge on safety testing in the centre, joined by a line to each of the 3 records it names or that "
            "name it, sources aside (1 event, 1 organization and 1 topic).",
            ["#key-facts"],
        ),
        (
            "timeline.md",
            "Timeline of events and agreements",
            "3 dated events and agreements, one to a row, earliest first, on a scale from January 2025 to June 2026:",
            ["#in-order"],
        ),
        (
            "graph.md",
            "How people, organizations, events, agreements and topics connect",
            "7 records in one column per type (people, organizations, events, agreements and documents and topics)",
            ["#most-connected", "people.html", "organizations.html", "events.html", "agreements.html", "topics.html"],
        ),
    ],
)
def test_every_drawing_is_a_group_named_by_its_title_and_described_by_a_caption_linking_to_its_data(
    pages, path, title, caption_start, links
):
    """Not role="img", which hides the links inside from screen readers; the caption's links reach the
    sections holding the same data, and each section is on the page."""
    parts = DrawingParts()
    parts.feed(pages[path])
    assert (parts.svg["role"], parts.svg["aria-labelledby"], parts.svg["aria-describedby"]) == (
        "group",
        "fb-drawing-title",
        "fb-drawing-caption",
    )
    assert parts.texts["fb-drawing-title"] == title
    assert parts.texts["fb-drawing-caption"].startswith(caption_start)
    assert parts.caption_links == links
    # Anchors: headings as Python-Markdown's toc extension names them, and ids written in the page.
    anchors = {slugify(heading, "-") for heading in re.findall(r"^## (.+)$", pages[path], re.MULTILINE)}
    anchors |= set(re.findall(r'id="([^"]+)"', pages[path]))
    assert [link for link in links if link.startswith("#") and link[1:] not in anchors] == []
