"""Hostile input: what a malicious or careless pull request can put in a fact file, and what happens.

Each folder in tests/hostile/ (but inert/) is laid over the good fact base and must give exactly the
problem lines listed here. Inputs too big to keep in the repository (10 MB strings, hundreds of
thousands of items, 100,000 brackets) and symbolic links are made in a temporary folder. The records
in tests/hostile/inert/ are valid but carry HTML, JavaScript, Markdown, attribute lists, admonitions
and snippet lines in every text field, and ids named like generated pages; they are built into a
site with MkDocs and must come out as text.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import yaml

from tests.conftest import REPO, copy_fact_base
from scripts.build import build_site, copy_site_setup
from scripts.check import collect_problems
from scripts.load import load_fact_base

HOSTILE = Path(__file__).resolve().parent / "hostile"
INERT = HOSTILE / "inert"
CASES = sorted(path.name for path in HOSTILE.iterdir() if path.is_dir() and path != INERT)
CITATION = "citations:\n  - source: example-wire-article\n    quote: Jane Example\n"

EXPECTED: dict[str, list[str]] = {
    "anchor-in-flow-list": [
        "facts/person/flow-anchor.yaml:3: flow-anchor: YAML003 anchor '&c' found; anchors and aliases are not allowed, write the value out",
    ],
    "bidi-override-in-summary": [
        "facts/person/bidi-summary.yaml:3: bidi-summary: summary: SCH005 contains a control or invisible formatting character; remove it, got 'Said \\u202eyes\\u202c.'",
    ],
    "bidi-override-reference": [
        "facts/event/bidi-reference.yaml:6: bidi-reference: participants.0: SCH005 must be lowercase ASCII words joined by hyphens, for example 'scott-bessent', got 'jane-example\\u202e'",
    ],
    "data-url": [
        "facts/organization/hostile-url.yaml:4: hostile-url: url: SCH005 must be an http:// or https:// URL, got 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='",
    ],
    "deep-indentation": [
        "facts/person/deep-indentation.yaml:4: deep-indentation: YAML008 indented or nested too deeply to read safely (a record needs at most 16 levels); records are shallow mappings and lists",
    ],
    "escaped-nul-in-name": [
        "facts/person/nul-name.yaml:2: nul-name: name: SCH005 contains a control or invisible formatting character; remove it, got 'Jane\\x00Example'",
    ],
    # A file name that is no id is never suggested as the id to set.
    "file-name-not-an-id": [
        "facts/person/%2e%2e.yaml:1: evil-person: id: ID001 id 'evil-person' does not match the file name; rename the file to evil-person.yaml",
        "facts/person/Jane Doe.yaml:1: jane-doe: id: ID001 id 'jane-doe' does not match the file name; rename the file to jane-doe.yaml",
    ],
    # Files starting with '.' (editor swap files, .gitkeep) are never read, so never published.
    "hidden-file-is-ignored": [],
    "html-in-id": [
        "facts/person/script-id.yaml:1: <script>alert(1)</script>: id: SCH005 must be lowercase ASCII words joined by hyphens, for example 'scott-bessent', got '<script>alert(1)</script>'",
    ],
    "javascript-url-mixed-case": [
        "facts/organization/hostile-url.yaml:4: hostile-url: url: SCH005 must be an http:// or https:// URL, got 'JaVaScRiPt:alert(1)'",
    ],
    "lookalike-id": [
        "facts/person/j\u0430ne-example.yaml:1: j\u0430ne-example: id: SCH005 must be lowercase ASCII words joined by hyphens, for example 'scott-bessent', got 'j\\u0430ne-example'",
    ],
    "lookalike-reference": [
        "facts/person/lookalike-reference.yaml:5: lookalike-reference: roles.0.organization: SCH005 must be lowercase ASCII words joined by hyphens, for example 'scott-bessent', got 'us-tre\\u0430sury'",
    ],
    "path-traversal-id": [
        "facts/person/traversal.yaml:1: ../../etc/passwd: id: SCH005 must be lowercase ASCII words joined by hyphens, for example 'scott-bessent', got '../../etc/passwd'",
    ],
    "percent-encoded-traversal-file": [
        "facts/person/%2e%2e%2fpasswd.yaml:1: %2e%2e%2fpasswd: id: SCH005 must be lowercase ASCII words joined by hyphens, for example 'scott-bessent', got '%2e%2e%2fpasswd'",
    ],
    "percent-encoded-traversal-reference": [
        "facts/person/encoded-reference.yaml:5: encoded-reference: roles.0.organization: SCH005 must be lowercase ASCII words joined by hyphens, for example 'scott-bessent', got '..%2f..%2fus-treasury'",
    ],
    "protocol-relative-url": [
        "facts/organization/hostile-url.yaml:4: hostile-url: url: SCH005 must be an http:// or https:// URL, got '//evil.example/x'",
    ],
    "raw-nul-byte": [
        "facts/person/raw-nul.yaml:2: raw-nul: YAML001 control character U+0000 is not allowed in YAML; remove it",
    ],
    "seventeen-levels": [
        "facts/person/seventeen-levels.yaml:3: seventeen-levels: summary.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0: YAML008 nested deeper than 16 levels; records are shallow mappings and lists",
    ],
    "tagged-list": [
        "facts/person/tagged-list.yaml:3: tagged-list: citations: YAML010 tag '!!python/object/apply:os.system' is not allowed; write plain text, numbers, true or false",
    ],
    "terminal-escape-in-name": [
        "facts/person/terminal-escape.yaml:2: terminal-escape: name: SCH005 contains a control or invisible formatting character; remove it, got '\\x1b[2J\\x1b[31mJane'",
    ],
    "undefined-alias": [
        "facts/person/undefined-alias.yaml:2: undefined-alias: YAML003 alias found; anchors and aliases are not allowed, write the value out",
    ],
    "unexpected-extensions": [
        "facts/person/SHOUT.YAML:1: -: FILE004 unexpected file: records are files named <id>.yaml in facts/person/",
        "facts/person/folder.yaml:1: -: FILE004 unexpected file: records are files named <id>.yaml in facts/person/",
        "facts/person/jane.yaml.txt:1: -: FILE004 unexpected file: records are files named <id>.yaml in facts/person/",
        "facts/person/no-extension:1: -: FILE004 unexpected file: records are files named <id>.yaml in facts/person/",
    ],
    "url-breaking-out-of-attribute": [
        "facts/organization/hostile-url.yaml:4: hostile-url: url: SCH005 must be an http:// or https:// URL, got 'https://example.org/\" onmouseover=\"alert(1)'",
    ],
    # Found by test_properties: year 0000 and 9999-12-31 crashed the timeline and calendar.
    "year-zero": [
        "facts/event/year-zero.yaml:5: year-zero: date: SCH005 must be a date like 2026, 2026-05 or 2026-05-14, in the years 1000 to 2999, got '0000'",
    ],
    "zero-width-space-in-quote": [
        "facts/person/zero-width.yaml:5: zero-width: citations.0.quote: SCH005 contains a control or invisible formatting character; remove it, got 'Jane\\u200bExample'",
    ],
}


def problem_lines(root: Path) -> list[str]:
    problems, _ = collect_problems(root, root / "texts")
    return [str(problem) for problem in problems]


def test_every_case_has_an_expectation() -> None:
    assert sorted(EXPECTED) == CASES


@pytest.mark.parametrize("case", CASES)
def test_hostile_case_gives_exactly_its_problems(case: str, tmp_path: Path) -> None:
    assert problem_lines(copy_fact_base(tmp_path / case, HOSTILE / case)) == EXPECTED[case]


# -- inputs made at test time: too big to keep, or links to places outside the repository ---------

def write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


def ten_megabyte_string(root: Path) -> None:
    write(root, "facts/person/huge-name.yaml", "id: huge-name\nname: '" + "x" * 10_000_000 + "'\n" + CITATION)


def string_just_under_the_file_limit(root: Path) -> None:
    write(root, "facts/person/long-name.yaml", "id: long-name\nname: '" + "x" * 990_000 + "'\n" + CITATION)


def flow_list_of_400000_items(root: Path) -> None:
    items = ",".join(["a"] * 400_000)
    write(root, "facts/event/crowded.yaml", f"id: crowded\nname: Crowded\nkind: meeting\nstatus: held\nparticipants: [{items}]\n" + CITATION)


def block_list_of_240000_items(root: Path) -> None:
    write(root, "facts/event/crowded.yaml", "id: crowded\nname: Crowded\nkind: meeting\nstatus: held\nparticipants:\n" + "- a\n" * 240_000 + CITATION)


def hundred_thousand_brackets(root: Path) -> None:
    write(root, "facts/person/brackets.yaml", "id: brackets\nname: " + "[" * 100_000 + "]" * 100_000 + "\n")


def billion_laughs(root: Path) -> None:
    lines = ["id: laughs", 'a0: &a0 "lol"'] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    write(root, "facts/person/laughs.yaml", "\n".join(lines) + "\n")


def control_characters_in_file_name(root: Path) -> None:
    write(root, "facts/person/line\nbreak\x1b[2J.yaml", "id: line-break\nname: Line Break\n" + CITATION)


def link_to_a_file_outside(root: Path) -> None:
    (root / "facts" / "person" / "passwd.yaml").symlink_to("/etc/passwd")


def dangling_link(root: Path) -> None:
    (root / "facts" / "person" / "nowhere.yaml").symlink_to(root / "no-such-file.yaml")


GENERATED: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "ten-megabyte-string": (ten_megabyte_string, [
        "facts/person/huge-name.yaml:1: huge-name: FILE002 file is larger than 1,000,000 bytes; split it or shorten its text"]),
    "string-just-under-the-file-limit": (string_just_under_the_file_limit, [
        "facts/person/long-name.yaml:2: long-name: name: SCH006 is 990,000 characters long; at most 200 allowed (shorten it)"]),
    "flow-list-of-400000-items": (flow_list_of_400000_items, [
        "facts/event/crowded.yaml:1: crowded: YAML011 400,007 lines and commas are more values than a record may hold (at most 10,000); split the record or shorten its lists"]),
    "block-list-of-240000-items": (block_list_of_240000_items, [
        "facts/event/crowded.yaml:1: crowded: YAML011 240,008 lines and commas are more values than a record may hold (at most 10,000); split the record or shorten its lists"]),
    "hundred-thousand-brackets": (hundred_thousand_brackets, [
        "facts/person/brackets.yaml:1: brackets: YAML008 100,000 '[' and '{' are too many to read safely (at most 1,000); write lists as '- item' lines"]),
    "billion-laughs": (billion_laughs, [
        "facts/person/laughs.yaml:2: laughs: YAML003 anchor '&a0' found; anchors and aliases are not allowed, write the value out"]),
    # The problem stays one line and the terminal is not cleared: control characters are escaped.
    "control-characters-in-file-name": (control_characters_in_file_name, [
        "facts/person/line\\u000abreak\\u001b[2J.yaml:1: line-break: id: ID001 id 'line-break' does not match the file name; rename the file to line-break.yaml"]),
    "link-to-a-file-outside": (link_to_a_file_outside, [
        "facts/person/passwd.yaml:1: passwd: FILE005 fact files must be regular files, not symbolic links; replace the link with the file itself"]),
    "dangling-link": (dangling_link, [
        "facts/person/nowhere.yaml:1: nowhere: FILE005 fact files must be regular files, not symbolic links; replace the link with the file itself"]),
}


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_hostile_input_gives_one_clear_problem(case: str, tmp_path: Path) -> None:
    """The bound on time and memory shows as the problem line: the input is refused before it costs."""
    make, expected = GENERATED[case]
    root = copy_fact_base(tmp_path / "base")
    make(root)
    assert problem_lines(root) == expected


@pytest.mark.parametrize(("folder", "expected"), [
    ("seeds", "seeds:1: -: FILE005 folders of fact files must be real folders, not symbolic links; replace the link with the folder itself"),
    ("facts", "facts:1: -: FILE005 folders of fact files must be real folders, not symbolic links; replace the link with the folder itself"),
    ("facts/person", "facts/person:1: -: FILE005 folders of fact files must be real folders, not symbolic links; replace the link with the folder itself"),
])
def test_linked_fact_folder_is_refused_and_not_read(folder: str, expected: str, tmp_path: Path) -> None:
    root = copy_fact_base(tmp_path / "base")
    shutil.move(root / folder, tmp_path / "outside")
    (root / folder).symlink_to(tmp_path / "outside")
    loaded = load_fact_base(root)
    assert [str(problem) for problem in loaded.problems] == [expected]
    assert [record.path for record in loaded.records if record.path.startswith(folder)] == []


# -- referential safety ---------------------------------------------------------------------------

def test_removing_a_referenced_record_names_every_referrer(tmp_path: Path) -> None:
    root = copy_fact_base(tmp_path / "base")
    (root / "facts" / "organization" / "us-treasury.yaml").unlink()
    assert problem_lines(root) == [
        "facts/agreement/talks-protocol.yaml:6: talks-protocol: parties.0: REF001 no person or organization has id 'us-treasury'",
        "facts/person/jane-example.yaml:5: jane-example: roles.0.organization: REF001 no organization has id 'us-treasury'",
    ]


def test_renaming_a_referenced_record_names_every_referrer_and_the_new_id(tmp_path: Path) -> None:
    root = copy_fact_base(tmp_path / "base")
    old = root / "facts" / "person" / "jane-example.yaml"
    write(root, "facts/person/jane-doe.yaml", old.read_text(encoding="utf-8").replace("id: jane-example", "id: jane-doe"))
    old.unlink()
    assert problem_lines(root) == [
        "facts/event/talks-announcement.yaml:9: talks-announcement: participants.0: REF001 no person or organization has id 'jane-example' (did you mean 'jane-doe'?)",
        "facts/topic/ai-safety-protocol.yaml:4: ai-safety-protocol: positions.0.held_by: REF001 no person or organization has id 'jane-example' (did you mean 'jane-doe'?)",
    ]


# -- the inert corpus, built into a site ----------------------------------------------------------

# The good fact base's pages, whose elements and attributes are all the generator writes.
PLAIN_PAGES = {"person": "jane-example", "event": "talks-announcement", "organization": "us-treasury",
               "agreement": "talks-protocol", "topic": "ai-safety-protocol", "source": "example-wire-article"}
PAGE_NAMED_IDS = ("404", "api", "disputed", "events", "index", "people", "search", "sitemap", "sources", "timeline")
SITE_SCRIPTS = {"tablesort.min.js", "tablesort.number.min.js", "tablesort-init.js"}
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
    hostile = read_page(inert_site, f"generated/{record_type}/{record_id}.html")
    plain = [read_page(inert_site, f"generated/{kind}/{name}.html") for kind, name in PLAIN_PAGES.items()]
    assert sorted(hostile.article_tags - set().union(*(p.article_tags for p in plain))) == []
    assert sorted(hostile.article_attributes - set().union(*(p.article_attributes for p in plain))) == []
    assert [value for tag, name, value in hostile.attributes if name == "class" and "admonition" in value] == []
    assert len(hostile.h1) == 1


@pytest.mark.parametrize(("record_type", "record_id", "data"), list(inert_records()))
def test_every_hostile_text_is_shown_literally(record_type: str, record_id: str, data: dict[str, Any], inert_site: Path) -> None:
    """Each markup-laden text appears on its page exactly as written, whitespace runs made one space."""
    text = read_page(inert_site, f"generated/{record_type}/{record_id}.html").article_text
    marked = {path: " ".join(value.split()) for path, value in strings(data) if "alert(" in value or "!!!" in value}
    assert {path for path, value in marked.items() if value not in text} == NOT_SHOWN & set(marked)


def test_no_page_has_event_handlers_script_urls_or_foreign_hosts(inert_site: Path) -> None:
    unsafe = []
    for path in sorted(inert_site.rglob("*.html")):
        for tag, name, value in read_page(inert_site, str(path.relative_to(inert_site))).attributes:
            link = value.strip().lower()
            if name.startswith("on") or (name in ("href", "src", "action", "xlink:href") and (
                    link.startswith(("javascript:", "data:", "vbscript:", "//")) or "evil.example" in link)):
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
    page = read_page(inert_site, "generated/organization/hostile-organization.html")
    hrefs = [value for tag, name, value in page.attributes if tag == "a" and name == "href" and value.startswith("https://example.org/")]
    assert hrefs == ["https://example.org/a%29%5D%28javascript:alert%281%29%29?q=%5Bx%5D%7By%7D%2Az%2A&b=%3Cscript%3E"]


def test_records_named_like_generated_pages_shadow_nothing(inert_site: Path) -> None:
    assert [read_page(inert_site, f"generated/person/{name}.html").h1 for name in PAGE_NAMED_IDS] == [[f"Person named {name}"] for name in PAGE_NAMED_IDS]
    indexes = {"events": "Events", "people": "People", "sources": "Sources", "timeline": "Timeline", "disputed": "Disputed and unconfirmed"}
    assert {name: read_page(inert_site, f"generated/{name}.html").h1 for name in indexes} == {name: [title] for name, title in indexes.items()}
    home = next(line[2:] for line in (REPO / "docs" / "index.md").read_text(encoding="utf-8").splitlines() if line.startswith("# "))
    assert read_page(inert_site, "index.html").h1 == [home]
    assert json.loads((inert_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"][0]["location"] == "index.html"
    assert (inert_site / "sitemap.xml").read_text(encoding="utf-8").startswith("<?xml")


# -- every input bounded --------------------------------------------------------------------------

def unbounded(node: Any, where: str) -> Iterator[str]:
    """Schema places holding text without a maximum length or a list without a maximum count."""
    if isinstance(node, dict):
        if node.get("type") == "string" and "enum" not in node and "maxLength" not in node:
            yield where
        if node.get("type") == "array" and "maxItems" not in node:
            yield where
        for key, value in node.items():
            yield from unbounded(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from unbounded(value, f"{where}/{index}")


def test_every_string_and_list_in_the_schemas_is_bounded() -> None:
    """Besides the loader's bounds (file size, values, nesting), every schema string and list has a
    maximum; the only strings without maxLength have fixed-length patterns."""
    found = [place for path in sorted((REPO / "schemas").glob("*.schema.json"))
             for place in unbounded(json.loads(path.read_text(encoding="utf-8")), path.name)]
    assert found == ["common.schema.json/$defs/date", "source.schema.json/properties/sha256"]
