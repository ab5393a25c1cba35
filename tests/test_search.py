"""Search: what record pages tell the index (scripts/render/search.py), Pagefind run over a built
site (scripts/search/), and its bundle made byte-reproducible (scripts/search/bundle.py, cbor.py).

Pagefind runs here over a few hand-written pages in a temporary folder (it takes a fraction of a
second); the whole site's index is checked by tests/test_build.py and the browser tests.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scripts.build import build_site
from scripts.render.search import search_front_matter
from scripts.search import BUNDLE, index_command, index_site
from scripts.search.bundle import MARKER, make_reproducible, read_file
from scripts.search.cbor import decode, encode
from tests.browser.crawl import search_fragments
from tests.conftest import index_of, make_site_base

PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>
<nav>Navigation is never indexed</nav>
<div{body}><h1>{title}</h1><p>{text}</p><div class="footnote">Footnote text</div></div>
<div hidden>{filters}</div>
</body></html>
"""


def write_page(site: Path, name: str, title: str, filters: dict[str, list[str]], indexed: bool = True) -> None:
    spans = "".join(
        f'<span data-pagefind-filter="{key}">{value}</span>' for key, values in filters.items() for value in values
    )
    body = " data-pagefind-body" if indexed else ""
    text = f"{title} is described here."
    (site / name).write_text(PAGE.format(title=title, body=body, text=text, filters=spans), encoding="utf-8")


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    """Four pages: three marked for the index with two filters of several values, one not marked."""
    site = tmp_path / "site"
    site.mkdir()
    write_page(site, "a.html", "Alpha", {"type": ["person"], "status": ["reported", "held"]})
    write_page(site, "b.html", "Bravo", {"type": ["event"], "status": ["held", "announced", "expected"]})
    write_page(site, "c.html", "Charlie", {"type": ["topic"], "status": ["analysis"]})
    write_page(site, "moved.html", "Moved", {}, indexed=False)
    return site


def read(path: Path) -> Any:
    """A Pagefind file's contents, loosely typed for the tests to take apart."""
    return read_file(path)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- what a record page tells the index -----------------------------------------------------------


def test_record_front_matter_names_meta_and_filters(tmp_path: Path) -> None:
    index = index_of(make_site_base(tmp_path / "repo"))
    assert search_front_matter(index, index.records["first-round"]) == (
        'search: {meta: {title: "First round of talks", type: "Event", status: "expected"}, filters: '
        '{type: ["event"], status: ["expected", "reported"], source: ["Two powers agree to talk about AI safety"], '
        'year: ["2026"]}}'
    )


def test_withdrawn_record_is_not_indexed(tmp_path: Path) -> None:
    root = make_site_base(tmp_path / "repo")
    person = root / "facts" / "person" / "ana-example.yaml"
    person.write_text(
        person.read_text(encoding="utf-8") + "withdrawn:\n  date: 2026-06-01\n  reason: A duplicate.\n",
        encoding="utf-8",
    )
    index = index_of(root)
    assert search_front_matter(index, index.records["ana-example"]) == "search: false"


def test_short_name_is_an_alias_and_quotes_are_escaped(tmp_path: Path) -> None:
    root = make_site_base(tmp_path / "repo")
    ministry = root / "facts" / "organization" / "ministry.yaml"
    ministry.write_text(
        ministry.read_text(encoding="utf-8").replace("\nkind:", '\nshort_name: "MoE \\"x\\""\nkind:', 1),
        encoding="utf-8",
    )
    index = index_of(root)
    line = search_front_matter(index, index.records["ministry"])
    assert line.startswith(
        'search: {meta: {title: "Ministry of <b>Examples</b> & Tests", aliases: "MoE \\"x\\"", type: "Organization"}'
    )


# -- Pagefind over a built site -------------------------------------------------------------------


def test_index_site_indexes_only_marked_pages_and_leaves_out_navigation_and_footnotes(small_site: Path) -> None:
    assert index_site(small_site).returncode == 0
    assert [(f["url"], f["content"], f["filters"]) for f in search_fragments(small_site)] == [
        ("/a.html", "Alpha. Alpha is described here.", {"status": ["reported", "held"], "type": ["person"]}),
        (
            "/b.html",
            "Bravo. Bravo is described here.",
            {"status": ["held", "announced", "expected"], "type": ["event"]},
        ),
        ("/c.html", "Charlie. Charlie is described here.", {"status": ["analysis"], "type": ["topic"]}),
    ]


def test_bundle_files_name_each_other(small_site: Path) -> None:
    """The entry file names the metadata, and the metadata names every filter file there is."""
    index_site(small_site)
    bundle = small_site / BUNDLE
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read(bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    assert isinstance(meta, list) and entry["languages"]["en"]["page_count"] == 3
    named = sorted(f"{file}.pf_filter" for _, file in meta[3])
    assert [name for name, _ in meta[3]] == ["status", "type"]
    assert named == sorted(p.name for p in (bundle / "filter").iterdir())


def test_reproducible_bundle_does_not_depend_on_pagefinds_order(small_site: Path, tmp_path: Path) -> None:
    """Two raw bundles listing filters and their values in other orders end up the same bytes."""
    result = subprocess.run(index_command(small_site), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    first = tmp_path / "first"
    shutil.copytree(small_site / BUNDLE, first)
    second = tmp_path / "second"
    shutil.copytree(small_site / BUNDLE, second)
    reverse_filters(second)
    assert tree(first) != tree(second)
    make_reproducible(first)
    make_reproducible(second)
    assert tree(first) == tree(second)
    status = next(p for p in (first / "filter").iterdir() if read(p)[0] == "status")
    assert [value for value, _ in read(status)[1]] == ["analysis", "announced", "expected", "held", "reported"]


def reverse_filters(bundle: Path) -> None:
    """Rewrite a raw bundle as another Pagefind run might have: each filter's values and the list
    of filters in the metadata in reverse order (file names kept, as the metadata names them)."""
    for path in (bundle / "filter").iterdir():
        name, values = read(path)
        path.write_bytes(gzip.compress(MARKER + encode([name, list(reversed(values))]), mtime=0))
    meta_path = next(bundle.glob("*.pf_meta"))
    meta = read(meta_path)
    meta[3] = list(reversed(meta[3]))
    meta_path.write_bytes(gzip.compress(MARKER + encode(meta), mtime=0))


# -- CBOR, as Pagefind writes it ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "encoded"),
    [
        (0, "00"),
        (23, "17"),
        (24, "1818"),
        (255, "18ff"),
        (256, "190100"),
        (65536, "1a00010000"),
        (2**32, "1b0000000100000000"),
        ("", "60"),
        ("é", "62c3a9"),
        ([], "80"),
        (["status", [1, 300]], "82667374617475738201190" + "12c"),
    ],
)
def test_cbor_items_in_their_shortest_form(item, encoded) -> None:
    assert encode(item).hex() == encoded
    assert decode(bytes.fromhex(encoded)) == item


def test_cbor_refuses_what_pagefind_does_not_write() -> None:
    with pytest.raises(ValueError, match=r"^CBOR: major type 5 at byte 0 is not one Pagefind's files use$"):
        decode(bytes.fromhex("a0"))
    with pytest.raises(ValueError, match=r"^CBOR: 1 bytes after the item$"):
        decode(bytes.fromhex("0000"))


def test_cbor_reads_pagefinds_own_metadata_back_to_the_same_bytes(small_site: Path) -> None:
    subprocess.run(index_command(small_site), capture_output=True, check=True)
    raw = gzip.decompress(next((small_site / BUNDLE).glob("*.pf_meta")).read_bytes()).removeprefix(MARKER)
    assert encode(decode(raw)) == raw


# -- what a built site's index holds ---------------------------------------------------------------


@pytest.mark.slow  # builds a whole site
def test_only_current_records_and_the_guides_are_indexed(tmp_path: Path) -> None:
    """Not the home page, the pages listing records, the reference, the search page, a withdrawn
    record, nor the page left at a renamed record's old address."""
    root = make_site_base(tmp_path / "repo", with_site_config=True)
    (root / "facts" / "person" / "former-official.yaml").write_text(
        "id: former-official\nname: Former Official\ncitations:\n  - source: wire-story\n    quote: Ana Example\n"
        "withdrawn:\n  date: 2026-06-01\n  reason: Entered twice.\n",
        encoding="utf-8",
    )
    wire = root / "facts" / "organization" / "example-wire.yaml"
    wire.write_text(wire.read_text(encoding="utf-8") + "previous_ids:\n  - old-wire\n", encoding="utf-8")
    assert build_site(root) == 0
    site = root / "site"
    assert (site / "organization" / "old-wire.html").is_file() and (site / "person" / "former-official.html").is_file()
    assert [fragment["url"] for fragment in search_fragments(site)] == [
        "/agreement/testing-pledge.html",
        "/changelog-format.html",
        "/data.html",
        "/event/announcement.html",
        "/event/first-round.html",
        "/organization/example-wire.html",
        "/organization/ministry.html",
        "/person/ana-example.html",
        "/source/quoted-interview.html",
        "/source/wire-story.html",
        "/statuses.html",
        "/topic/safety-testing.html",
    ]


@pytest.mark.slow  # builds a whole site twice
def test_failed_indexing_leaves_the_previous_site(tmp_path: Path, monkeypatch, capsys) -> None:
    """Pagefind runs on the staging folder before the swap: when it fails, site/ keeps every byte."""
    root = make_site_base(tmp_path / "repo", with_site_config=True)
    assert build_site(root) == 0
    before = tree(root / "site")
    person = root / "facts" / "person" / "ana-example.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("name: Ana Example", "name: Ana Changed"))
    failed = subprocess.CompletedProcess(["pagefind"], 1, stdout="", stderr="pagefind: out of disk space\n")
    monkeypatch.setattr("scripts.build.index_site", lambda site: failed)
    capsys.readouterr()
    assert build_site(root) == 1
    assert capsys.readouterr().err == (
        "pagefind: out of disk space\nbuild: indexing for search failed; site/ was left as it was\n"
    )
    assert tree(root / "site") == before
    assert sorted(path.name for path in root.iterdir() if path.name.startswith(".site-")) == []
