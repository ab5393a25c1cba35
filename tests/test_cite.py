"""Cite this, last changed and JSON-LD: exact citation texts, BibTeX and script escaping, the
front matter round trip, and the JSON-LD and "Cite this" of a page in a strictly built site."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from scripts.build import build_site
from scripts.load import read_publication
from scripts.render.cite import bibtex_citation, csl_item, dataset_work, plain_citation, record_work, ris_citation
from scripts.render.escape import bibtex_text, script_json, yaml_quoted
from scripts.render.jsonld import record_jsonld
from scripts.write import copy_site_setup
from tests.conftest import index_of
from tests.exportbase import HOSTILE_NAME, LAST_COMMIT, REPO, SITE_URL, commit_of, make_export_base


def test_plain_citation_names_version_change_and_url(linked, base: Path) -> None:
    index, publication = linked
    assert plain_citation(record_work(index, publication, index.records["announcement"])) == (
        "“Announcement of the AI talks.” Example Fact Base, event record announcement, dataset version "
        f"{commit_of(base, LAST_COMMIT)[:12]}, "
        f"record last changed 2026-05-22. {SITE_URL}event/announcement.html"
    )


def test_plain_citation_outside_git_is_unversioned(tmp_path: Path) -> None:
    base = make_export_base(tmp_path / "plain", with_git=False)
    index, publication = index_of(base), read_publication(base)
    assert plain_citation(record_work(index, publication, index.records["ana-example"])) == (
        "“Ana Example.” Example Fact Base, person record ana-example, dataset version unversioned. "
        f"{SITE_URL}person/ana-example.html"
    )


def test_bibtex_entry(linked, base: Path) -> None:
    index, publication = linked
    # The ministry's file was reformatted on 2026-05-28; its facts last changed when it was added.
    assert bibtex_citation(record_work(index, publication, index.records["ministry"])) == "\n".join(
        [
            "@misc{factbase-ministry,",
            '  title        = {Ministry of </script><b>Examples</b> \\& "Tests"},',
            "  author       = {{Example Fact Base contributors}},",
            "  howpublished = {Example Fact Base, organization record ministry},",
            "  year         = {2026},",
            f"  url          = {{{SITE_URL}organization/ministry.html}},",
            f"  note         = {{Dataset version {commit_of(base, LAST_COMMIT)[:12]}, record last changed 2026-05-14}}",
            "}",
        ]
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A & B_1", "A \\& B\\_1"),
        ("{x} 50% #1 $2", "\\{x\\} 50\\% \\#1 \\$2"),
        ("a^b~c\\d", "a\\textasciicircum{}b\\textasciitilde{}c\\textbackslash{}d"),
        ("two\nlines", "two lines"),
    ],
)
def test_bibtex_text_escapes_latex_specials(text: str, expected: str) -> None:
    assert bibtex_text(text) == expected


def test_jsonld_of_an_event(linked) -> None:
    index, publication = linked
    url = f"{SITE_URL}"
    assert record_jsonld(index, publication, index.records["first-round"]) == {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": f"{url}event/first-round.html",
        "identifier": "first-round",
        "name": index.records["first-round"].data["name"],
        "url": f"{url}event/first-round.html",
        "description": "Talks in Geneva, on testing; and more.",
        "startDate": "2026-06",
        "dateModified": "2026-05-20",
        "attendee": [{"@type": "Person", "name": "Ana Example", "url": f"{url}person/ana-example.html"}],
        "superEvent": [
            {"@type": "Event", "name": "Announcement of the AI talks", "url": f"{url}event/announcement.html"}
        ],
        "citation": [
            {
                "@type": "CreativeWork",
                "name": "Two powers agree to talk about AI safety",
                "url": f"{url}source/wire-story.html",
            }
        ],
    }


@pytest.mark.parametrize(
    ("record_id", "schema_type"),
    [
        ("ana-example", "Person"),
        ("ministry", "Organization"),
        ("testing-law", "Legislation"),
        ("wire-story", "CreativeWork"),
        ("safety-testing", "DefinedTerm"),
    ],
)
def test_jsonld_type_fits_the_record(linked, record_id: str, schema_type: str) -> None:
    index, publication = linked
    assert record_jsonld(index, publication, index.records[record_id])["@type"] == schema_type


HOSTILE = [
    "</script><script>alert(1)</script>",
    "<!-- x",
    "a & b > c",
    "line\u2028sep\u2029para",
    'quote " and \\ backslash',
    "emoji 😀 and 中文",
    "nel\x85 and \x01",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_script_json_cannot_end_the_script_and_reads_back(text: str) -> None:
    encoded = script_json({"name": text})
    assert re.search(r"[<>&\u2028\u2029]", encoded) is None
    assert json.loads(encoded) == {"name": text}


@pytest.mark.parametrize("text", HOSTILE)
def test_front_matter_value_is_ascii_and_reads_back_through_mkdocs_yaml(text: str) -> None:
    quoted = yaml_quoted(script_json({"name": text}))
    assert quoted.isascii()
    assert yaml.load(f"jsonld: {quoted}\n", Loader=yaml.CSafeLoader) == {"jsonld": script_json({"name": text})}


@pytest.fixture(scope="module")
def site(base: Path) -> Path:
    """The fact base built into a site with the real MkDocs set-up (untracked, so the facts stay committed)."""
    copy_site_setup(REPO, base)
    assert build_site(base) == 0
    return base / "site"


def jsonld_scripts(page: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)


@pytest.mark.slow
def test_built_record_page_has_parseable_jsonld_in_its_head(site: Path) -> None:
    page = (site / "organization" / "ministry.html").read_text(encoding="utf-8")
    scripts = jsonld_scripts(page)
    assert len(scripts) == 1 and page.index(scripts[0]) < page.index("</head>")
    data = json.loads(scripts[0])
    assert (data["@type"], data["name"], data["identifier"]) == ("Organization", HOSTILE_NAME, "ministry")
    assert data["url"] == "https://us-china-ai-talks.github.io/factbase/organization/ministry.html"
    assert [c["url"] for c in data["citation"]] == [
        "https://us-china-ai-talks.github.io/factbase/source/wire-story.html"
    ]


@pytest.mark.slow
def test_only_record_pages_carry_jsonld(site: Path) -> None:
    with_jsonld = sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if jsonld_scripts(p.read_text(encoding="utf-8"))
    )
    assert with_jsonld == [
        "agreement/testing-law.html",
        "event/announcement.html",
        "event/first-round.html",
        "event/later-meeting.html",
        "organization/example-wire.html",
        "organization/ministry.html",
        "person/ana-example.html",
        "source/wire-story.html",
        "topic/safety-testing.html",
    ]


@pytest.mark.slow
def test_built_record_page_shows_last_changed_and_cite_this(site: Path, base: Path) -> None:
    page = (site / "event" / "announcement.html").read_text(encoding="utf-8")
    section = page.split('<h2 id="cite-this">', 1)[1]
    version = commit_of(base, LAST_COMMIT)[:12]
    assert f"<p>Last changed on 22 May 2026 (commit {commit_of(base, 'status')[:12]}).</p>" in section
    text = html.unescape(re.sub(r"<[^>]+>", "", section))
    assert (
        "“Announcement of the AI talks.” US–China AI Safety Talks Fact Base, event record announcement, dataset "
        f"version {version}, "
        "record last changed 2026-05-22. https://us-china-ai-talks.github.io/factbase/event/announcement.html"
    ) in text
    assert "@misc{factbase-announcement,\n  title        = {Announcement of the AI talks}," in text


@pytest.mark.slow
def test_built_site_serves_the_exports_and_the_schemas(site: Path) -> None:
    assert sorted(p.relative_to(site).as_posix() for p in (site / "feeds").iterdir()) == [
        "feeds/agreement",
        "feeds/changes.atom",
        "feeds/event",
        "feeds/events.ics",
        "feeds/organization",
        "feeds/person",
        "feeds/source",
        "feeds/topic",
    ]
    assert sorted(p.name for p in (site / "feeds" / "event").iterdir()) == [
        "announcement.atom",
        "first-round.atom",
        "later-meeting.atom",
        "year-only.atom",
    ]
    assert (site / "api" / "factbase.sqlite").read_bytes()[:16] == b"SQLite format 3\x00"
    assert (
        json.loads((site / "schemas" / "event.schema.json").read_text(encoding="utf-8"))["$id"]
        == "https://us-china-ai-talks.github.io/factbase/schemas/event.schema.json"
    )


@pytest.mark.slow
def test_no_page_announces_an_alternate_link(site: Path) -> None:
    """Material fetches sitemap.xml beside every <link rel=alternate>, so none may point elsewhere."""
    pages = [
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if 'rel="alternate"' in p.read_text(encoding="utf-8")
    ]
    assert pages == []


# -- citations for reference managers -------------------------------------------------------------


def parse_ris(text: str) -> list[dict[str, list[str]]]:
    """RIS read back as a reference manager reads it: 'TAG  - value' lines, one record per ER."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] = {}
    for line in text.split("\r\n")[:-1]:
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line)
        assert match, line
        if match[1] == "ER":
            records.append(current)
            current = {}
        else:
            current.setdefault(match[1], []).append(match[2])
    assert current == {}
    return records


def test_ris_of_a_record_names_it_its_address_and_the_version(linked, base: Path) -> None:
    index, publication = linked
    [record] = parse_ris(ris_citation(record_work(index, publication, index.records["announcement"])))
    version = commit_of(base, LAST_COMMIT)[:12]
    assert record == {
        "TY": ["ELEC"],
        "ID": ["factbase-announcement"],
        "TI": ["Announcement of the AI talks"],
        "AU": ["Example Fact Base contributors"],
        "PB": ["Example Fact Base"],
        "T2": ["Example Fact Base"],
        "PY": ["2026"],
        "DA": ["2026/05/22"],
        "ET": [f"dataset version {version}"],
        "UR": [f"{SITE_URL}event/announcement.html"],
        "N1": [f"Event record announcement; dataset version {version}, record last changed 2026-05-22."],
        "LA": ["en"],
    }


def test_ris_keeps_a_hostile_name_on_one_line(linked) -> None:
    index, publication = linked
    [record] = parse_ris(ris_citation(record_work(index, publication, index.records["ministry"])))
    assert record["TI"] == [HOSTILE_NAME]


def test_csl_json_of_a_record_reads_back(linked, base: Path) -> None:
    index, publication = linked
    item = json.loads(json.dumps([csl_item(record_work(index, publication, index.records["first-round"]))]))[0]
    assert {key: item[key] for key in ("id", "type", "URL", "version", "issued", "publisher")} == {
        "id": "factbase-first-round",
        "type": "entry",
        "URL": f"{SITE_URL}event/first-round.html",
        "version": commit_of(base, LAST_COMMIT)[:12],
        "issued": {"date-parts": [[2026, 5, 20]]},
        "publisher": "Example Fact Base",
    }
    assert item["author"] == [{"literal": "Example Fact Base contributors"}]


def test_the_dataset_citation_names_the_site_and_its_version(linked, base: Path) -> None:
    index, publication = linked
    work = dataset_work(index, publication)
    version = commit_of(base, LAST_COMMIT)[:12]
    # The last commit only reformatted files: the facts last changed with the rename before it.
    assert plain_citation(work) == (
        f"Example Fact Base contributors. Example Fact Base, dataset version {version}, facts last changed "
        f"2026-05-25. {SITE_URL}"
    )
    [record] = parse_ris(ris_citation(work))
    assert (record["TY"], record["UR"], record["ET"]) == (["DATA"], [SITE_URL], [f"dataset version {version}"])
    assert csl_item(work)["type"] == "dataset"


def head_tags(page: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The <meta name content> pairs and the canonical links of a page's head, as a browser reads them."""
    head = page.split("</head>", 1)[0]
    metas = [
        (html.unescape(name), html.unescape(content))
        for name, content in re.findall(r'<meta name="([^"]*)" content="([^"]*)"', head)
    ]
    canonical = re.findall(r'<link rel="canonical" href="([^"]*)"', head)
    return metas, canonical


@pytest.mark.slow
def test_built_record_page_has_canonical_link_citation_tags_and_citation_files(site: Path, base: Path) -> None:
    url = "https://us-china-ai-talks.github.io/factbase/organization/ministry.html"
    metas, canonical = head_tags((site / "organization" / "ministry.html").read_text(encoding="utf-8"))
    tags = dict(metas)
    assert canonical == [url]
    assert (tags["citation_title"], tags["DC.title"]) == (HOSTILE_NAME, HOSTILE_NAME)
    assert (tags["citation_public_url"], tags["DC.identifier"]) == (url, url)
    assert tags["citation_date"] == "2026/05/14" and tags["DC.date"] == "2026-05-14"
    assert (
        tags["DC.relation.ispartof"]
        == f"US–China AI Safety Talks Fact Base, dataset version {commit_of(base, LAST_COMMIT)[:12]}"
    )
    [ris] = parse_ris((site / "api" / "organization" / "ministry.ris").read_bytes().decode("utf-8"))
    [csl] = json.loads((site / "api" / "organization" / "ministry.csl.json").read_text(encoding="utf-8"))
    assert (ris["TI"], ris["UR"], csl["title"], csl["URL"]) == ([HOSTILE_NAME], [url], HOSTILE_NAME, url)
    for name in ("factbase.ris", "factbase.csl.json", "factbase.bib"):
        assert (site / "api" / name).stat().st_size > 0
