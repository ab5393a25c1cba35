"""History of the facts: the small fact base's made-up history (tests/exportbase.py: a status change,
a rename, a reformatting commit) as record pages, feeds, JSON and SQLite show it; a shallow clone and
a folder outside git; the wording of every kind of change; and this repository's own history, where
the commit that only rewrapped prose lines (a3a1b7fdd41a) must leave no trace. Tests that clone a
repository or read this one's whole history are marked slow (`make test` runs them)."""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest

from scripts import pipeline
from scripts.export.atom import render_feed, render_record_feed
from scripts.link import Change, link_history
from scripts.link.history import RECORD_ADDED, RECORD_MOVED, RECORD_REMOVED, RECORD_RENAMED
from scripts.load import Revision, load_fact_base, read_publication
from scripts.load import revisions as revisions_module
from scripts.load.git import FileChange, head_blobs, parse_log, read_blobs
from scripts.load.revisions import CACHE_FOLDER, cache_name
from scripts.model import Record
from scripts.render.escape import markdown_text
from scripts.render.history import change_text
from tests.exportbase import LAST_COMMIT, REPO, REPO_URL, commit_of, git, make_export_base

ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# The commit of this repository that rewrapped prose lines and changed no parsed data.
REWRAP = "a3a1b7fdd41a"
STATUS_LINE = "Status of 'Twelve officials will take part.': reported → unconfirmed"


def prepared(root: Path) -> pipeline.Prepared:
    result = pipeline.prepare(root)
    assert isinstance(result, pipeline.Prepared), [str(p) for p in result.problems]
    return result


@pytest.fixture(scope="module")
def files(base: Path) -> dict[str, Any]:
    return prepared(base).files()


def feed_entries(text: str) -> list[tuple[str | None, str | None, list[str]]]:
    """(title, updated, the sentences of its content) of every entry of an Atom document."""
    root = ElementTree.fromstring(text.encode("utf-8"))
    found = []
    for entry in root.findall(f"{ATOM}entry"):
        items = ["".join(li.itertext()) for li in entry.iter(f"{XHTML}li")]
        found.append((entry.findtext(f"{ATOM}title"), entry.findtext(f"{ATOM}updated"), items))
    return found


# -- what a change of facts shows -----------------------------------------------------------------


def test_a_status_change_is_in_the_records_history_and_last_changed(files: dict[str, Any], base: Path) -> None:
    page = files["event/announcement.md"]
    history = page.split('<div class="fb-screen-only" markdown="1">\n\n## History\n\n', 1)[1].split("\n---\n", 1)[0]
    status, second, first = (commit_of(base, name) for name in ("status", "second", "first"))
    assert history.splitlines() == [
        "What each commit changed in this record's facts, newest first:",
        "",
        f"- 22 May 2026 ([commit {status[:12]}]({REPO_URL}/commit/{status})):",
        "    - "
        + markdown_text("Quote of citation 1 corrected: 'announced on Thursday' → 'announced the talks on Thursday'"),
        "    - " + markdown_text(STATUS_LINE),
        f"- 20 May 2026 ([commit {second[:12]}]({REPO_URL}/commit/{second})):",
        "    - " + markdown_text("Name: 'Announcement of the talks' → 'Announcement of the AI talks'"),
        f"- 14 May 2026 ([commit {first[:12]}]({REPO_URL}/commit/{first})):",
        "    - Record added",
        "",
        "Follow this record's changes: [Atom feed](../feeds/event/announcement.atom).",
        "",
        "</div>",
    ]
    assert f"Last changed on 22 May 2026 (commit {status[:12]})." in page


def test_a_status_change_is_in_the_records_feed_and_the_site_feed_naming_both_statuses(
    files: dict[str, Any],
) -> None:
    own = feed_entries(files["feeds/event/announcement.atom"])
    assert [(title, updated) for title, updated, _ in own] == [
        ("Changed: Announcement of the AI talks (event)", "2026-05-22T09:00:00Z"),
        ("Changed: Announcement of the AI talks (event)", "2026-05-20T12:00:00Z"),
        # An entry names the record as the commit left it.
        ("Added: Announcement of the talks (event)", "2026-05-14T10:00:00Z"),
    ]
    assert STATUS_LINE in own[0][2]
    assert own[0] in feed_entries(files["feeds/changes.atom"])


RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def test_every_feed_has_the_elements_rfc_4287_requires(files: dict[str, Any]) -> None:
    """A feed: one id, title, updated and author; an entry: one id, title and updated, an alternate
    link, and XHTML content in one div; entry ids unique within each feed."""
    feeds = {path: text for path, text in files.items() if path.endswith(".atom")}
    assert len(feeds) == 1 + 9 + 1  # the site's, one per record, one at a previous id
    for path, text in feeds.items():
        root = ElementTree.fromstring(text.encode("utf-8"))
        assert [len(root.findall(f"{ATOM}{name}")) for name in ("id", "title", "updated", "author")] == [1] * 4, path
        assert RFC3339.fullmatch(root.findtext(f"{ATOM}updated") or ""), path
        entries = root.findall(f"{ATOM}entry")
        for entry in entries:
            assert [len(entry.findall(f"{ATOM}{name}")) for name in ("id", "title", "updated")] == [1] * 3, path
            assert RFC3339.fullmatch(entry.findtext(f"{ATOM}updated") or ""), path
            assert [link.get("rel") for link in entry.findall(f"{ATOM}link")][:1] == ["alternate"], path
            [content] = entry.findall(f"{ATOM}content")
            assert content.get("type") == "xhtml" and [child.tag for child in content] == [f"{XHTML}div"], path
        ids = [entry.findtext(f"{ATOM}id") for entry in entries]
        assert len(ids) == len(set(ids)), path


def test_a_rename_is_shown_as_a_rename_not_a_removal_and_an_addition(files: dict[str, Any], base: Path) -> None:
    rename = commit_of(base, "rename")
    site = feed_entries(files["feeds/changes.atom"])
    assert [entry for entry in site if entry[1] == "2026-05-25T10:00:00Z"] == [
        (
            "Renamed: A meeting some time in 2026 (event)",
            "2026-05-25T10:00:00Z",
            ["Renamed from year-only to later-meeting"],
        )
    ]
    # The record's entries from before the rename are its own, at its new and its old feed address.
    own = feed_entries(files["feeds/event/later-meeting.atom"])
    assert [(title, items) for title, _, items in own] == [
        ("Renamed: A meeting some time in 2026 (event)", ["Renamed from year-only to later-meeting"]),
        ("Added: A meeting some time in 2026 (event)", ["Record added"]),
    ]
    assert feed_entries(files["feeds/event/year-only.atom"]) == own
    assert f"- 25 May 2026 ([commit {rename[:12]}]({REPO_URL}/commit/{rename})):" in files["event/later-meeting.md"]


@pytest.mark.slow
def test_the_reformatting_commit_changes_no_page_date_feed_or_data(
    files: dict[str, Any], base: Path, tmp_path: Path
) -> None:
    """The same build without the last commit (which only reformatted two files) gives the same bytes
    in every file, once the dataset version, which names the last commit of the fact files, agrees."""
    before = tmp_path / "before"
    git(tmp_path, "clone", "-q", str(base), str(before))
    git(before, "reset", "-q", "--hard", "HEAD~1")
    earlier = prepared(before)
    history = dataclasses.replace(earlier.publication.history, version=commit_of(base, LAST_COMMIT)[:12])
    earlier = dataclasses.replace(earlier, publication=dataclasses.replace(earlier.publication, history=history))
    again = earlier.files()
    assert list(again) == list(files)
    assert [path for path in files if files[path] != again[path]] == []
    assert all(commit_of(base, LAST_COMMIT)[:12] not in text for path, text in files.items() if path.endswith(".atom"))


def test_the_history_in_json_and_sqlite(files: dict[str, Any], base: Path, tmp_path: Path) -> None:
    status = commit_of(base, "status")
    history = json.loads(files["api/event/announcement.json"])["history"]
    assert [(entry["date"], entry["action"]) for entry in history] == [
        ("2026-05-22", "changed"),
        ("2026-05-20", "changed"),
        ("2026-05-14", "added"),
    ]
    assert history[0] == {
        "commit": status,
        "commit_url": f"{REPO_URL}/commit/{status}",
        "date": "2026-05-22",
        "time": "2026-05-22T09:00:00Z",
        "id": "announcement",
        "name": "Announcement of the AI talks",
        "action": "changed",
        "changes": [
            {
                "kind": "changed",
                "field": "citations.0.quote",
                "old": "announced on Thursday",
                "new": "announced the talks on Thursday",
                "part": "",
                "text": "Quote of citation 1 corrected: 'announced on Thursday' → 'announced the talks on Thursday'",
            },
            {
                "kind": "status",
                "field": "statements.0.status",
                "old": "reported",
                "new": "unconfirmed",
                "part": "Twelve officials will take part.",
                "text": STATUS_LINE,
            },
        ],
    }
    database = tmp_path / "factbase.sqlite"
    database.write_bytes(files["api/factbase.sqlite"])
    rows = sqlite3.connect(database).execute(documented_query("-- Which statuses changed in May 2026?")).fetchall()
    assert rows == [("2026-05-22", "announcement", "statements.0.status", "reported", "unconfirmed")]


def documented_query(title: str) -> str:
    """The SQL example under a comment line in docs/data.md, as a reader would copy it."""
    text = (REPO / "docs" / "data.md").read_text(encoding="utf-8")
    block = text.split(f"    {title}\n", 1)[1].split("\n\n", 1)[0]
    return "\n".join(line.removeprefix("    ") for line in block.splitlines())


def test_the_sqlite_history_has_one_row_per_change(files: dict[str, Any], tmp_path: Path) -> None:
    database = tmp_path / "factbase.sqlite"
    database.write_bytes(files["api/factbase.sqlite"])
    rows = sqlite3.connect(database).execute(
        "SELECT date, record_id, id, seq, kind, field, old, new FROM history WHERE date >= '2026-05-21'"
    )
    assert rows.fetchall() == [
        ("2026-05-25", "later-meeting", "later-meeting", 1, "record renamed", "id", "year-only", "later-meeting"),
        (
            "2026-05-22",
            "announcement",
            "announcement",
            1,
            "changed",
            "citations.0.quote",
            "announced on Thursday",
            "announced the talks on Thursday",
        ),
        ("2026-05-22", "announcement", "announcement", 2, "status", "statements.0.status", "reported", "unconfirmed"),
        ("2026-05-21", "bob-removed", "bob-removed", 1, "record removed", "", None, None),
    ]


def test_the_history_is_byte_identical_on_a_second_run(files: dict[str, Any], base: Path) -> None:
    again = prepared(base).files()
    assert [path for path in files if files[path] != again.get(path)] == []


# -- reading only what is needed, and the cache --------------------------------------------------


@pytest.mark.slow
def test_only_earlier_versions_are_read_from_git_and_a_warm_cache_reads_none(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy"
    git(tmp_path, "clone", "-q", str(base), str(copy))
    asked: list[list[str]] = []

    def reading(root: Path, blobs: list[str]) -> dict[str, bytes]:
        asked.append(blobs)
        return read_blobs(root, blobs)

    monkeypatch.setattr(revisions_module, "read_blobs", reading)
    result = pipeline.generate(copy)
    assert isinstance(result, pipeline.Prepared)
    # Versions the working tree holds are never read again; every earlier one is read once.
    assert set(asked[0]).isdisjoint(head_blobs(copy).values()) and len(asked[0]) == len(set(asked[0])) == 6
    [cache] = (copy / CACHE_FOLDER).iterdir()
    assert sorted(json.loads(cache.read_text(encoding="utf-8"))) == sorted(asked[0])
    warm = prepared(copy)
    assert (asked[1], warm.revisions.cache_changed) == ([], False)
    assert warm.files() == result.files()


@pytest.mark.slow
def test_a_broken_or_stale_cache_is_ignored_and_replaced(base: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    git(tmp_path, "clone", "-q", str(base), str(copy))
    expected = prepared(copy).files()
    folder = copy / CACHE_FOLDER
    folder.mkdir(parents=True)
    (folder / cache_name()).write_text("{not json", encoding="utf-8")
    (folder / "versions-0000000000000000.json").write_text("{}", encoding="utf-8")
    result = pipeline.generate(copy)
    assert isinstance(result, pipeline.Prepared) and result.revisions.cache_changed
    assert result.files() == expected
    assert [path.name for path in folder.iterdir()] == [cache_name()]


# -- builds without a history ---------------------------------------------------------------------


@pytest.mark.slow
def test_a_shallow_clone_builds_and_says_history_is_not_available(base: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{base}", str(shallow))
    built: dict[str, Any] = prepared(shallow).files()
    reason = "the site was built from a shallow clone, which holds only the latest commit"
    assert (
        markdown_text(f"History is not available in this build: {reason}, so when facts changed is not known.")
        in (built["event/announcement.md"])
    )
    assert "Last changed on" not in built["event/announcement.md"]
    document = json.loads(built["api/records.json"])
    assert (document["dataset_version"], document["history_available"], document["history_unavailable"]) == (
        commit_of(base, LAST_COMMIT)[:12],
        False,
        reason,
    )
    assert {(r["last_changed"], r["history"]) for r in document["records"]} == {(None, None)}
    assert feed_entries(built["feeds/changes.atom"]) == feed_entries(built["feeds/event/announcement.atom"]) == []


def test_outside_git_the_pages_say_history_is_not_available(tmp_path: Path) -> None:
    built: dict[str, Any] = prepared(make_export_base(tmp_path / "plain", with_git=False)).files()
    assert (
        markdown_text(
            "History is not available in this build: the site was built outside a git checkout, so when facts "
            "changed is not known."
        )
        in built["person/ana-example.md"]
    )
    assert "Last changed on" not in built["person/ana-example.md"]


@pytest.mark.slow
def test_a_record_not_yet_committed_says_so(base: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    git(tmp_path, "clone", "-q", str(base), str(copy))
    (copy / "facts" / "person" / "new-person.yaml").write_text(
        "id: new-person\nname: New Person\ncitations:\n  - source: wire-story\n    quote: New\n", encoding="utf-8"
    )
    page = prepared(copy).files()["person/new-person.md"]
    assert "No committed change yet: this record is new since the last commit." in page


# -- reading git and linking the history ------------------------------------------------------------


def test_parse_log_reads_blobs_before_and_after_and_skips_links() -> None:
    old, new, zero = "1" * 40, "2" * 40, "0" * 40
    text = (
        f"\x01{'a' * 40} 1779000000\0\n"
        f":100644 100644 {old} {new} M\0facts/event/x.yaml\0"
        f":000000 100644 {zero} {new} A\0facts/event/y.yaml\0"
        f":100644 000000 {old} {zero} D\0seeds/z.yaml\0"
        f":000000 120000 {zero} {new} A\0facts/event/link.yaml\0"
        f"\x01{'b' * 40} 1778000000\0"
    )
    assert parse_log(text) == (
        FileChange("a" * 40, 1779000000, "changed", "facts/event/x.yaml", old, new),
        FileChange("a" * 40, 1779000000, "added", "facts/event/y.yaml", "", new),
        FileChange("a" * 40, 1779000000, "removed", "seeds/z.yaml", old, ""),
        FileChange("a" * 40, 1779000000, "added", "facts/event/link.yaml", "", ""),
    )


def record(record_id: str, **data: Any) -> Record:
    return Record("person", record_id, f"facts/person/{record_id}.yaml", {"id": record_id, **data}, {})


def revision(commit: str, time: int, before: tuple[Record, ...], after: tuple[Record, ...]) -> Revision:
    return Revision(commit, time, before, after, (), ())


def test_a_rename_over_two_commits_joins_the_records_history_by_its_previous_ids(linked) -> None:
    types = linked[0].types
    ana = record("ana", name="Ana")
    anna = record("anna", name="Anna B.", previous_ids=["ana"])
    history = link_history(
        [
            revision("c1", 1_000_000_000, (), (ana,)),
            revision("c2", 1_000_100_000, (ana,), ()),
            revision("c3", 1_000_200_000, (), (anna,)),
        ],
        types,
    )
    assert [(e.commit, e.record_id, e.id, e.action) for e in history.of("anna")] == [
        ("c3", "anna", "anna", "added"),
        ("c2", "anna", "ana", "removed"),
        ("c1", "anna", "ana", "added"),
    ]
    assert history.of("ana") == ()


def test_a_commit_that_changes_no_parsed_data_gives_no_entry(linked) -> None:
    types = linked[0].types
    before = record("ana", name="Ana", citations=[{"source": "s", "quote": "q"}])
    after = Record(
        "person", "ana", before.path, {"citations": [{"quote": "q", "source": "s"}], "name": "Ana", "id": "ana"}, {}
    )
    history = link_history([revision("c1", 1, (), (before,)), revision("c2", 2, (before,), (after,))], types)
    assert [e.commit for e in history.entries] == ["c1"]


LONG = (
    "The delegations of both countries met in Geneva for " + "long " * 12 + "hours to prepare the third round of talks"
)


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (Change(RECORD_ADDED, ""), "Record added"),
        (Change(RECORD_REMOVED, ""), "Record removed"),
        (Change(RECORD_RENAMED, "id", "us-treasury", "treasury"), "Renamed from us-treasury to treasury"),
        (Change(RECORD_MOVED, "type", "person", "organization"), "Type changed: person → organization"),
        (Change("status", "status", "expected", "held"), "Status: expected → held"),
        (
            Change(
                "status",
                "statements.3.status",
                "reported",
                "unconfirmed",
                "Said that the two A.I. superpowers would talk",
            ),
            "Status of 'Said that the two A.I. superpowers would talk': reported → unconfirmed",
        ),
        (
            Change("added", "statements.2", None, {"id": "s", "text": "They met.", "status": "reported"}),
            "Statement added: 'They met.'",
        ),
        (Change("removed", "roles.0", {"title": "Minister"}, None), "Role removed: 'Minister'"),
        (
            Change("changed", "statements.1.text", "They met.", "They met twice.", "They met twice."),
            "Statement re-worded: 'They met.' → 'They met twice.'",
        ),
        (
            Change("changed", "citations.1.quote", "US Treasury", "the US Treasury"),
            "Quote of citation 2 corrected: 'US Treasury' → 'the US Treasury'",
        ),
        (
            Change(
                "citation added", "statements.0.citations.1", None, {"source": "wire", "quote": "it said"}, "They met."
            ),
            "Citation 2 added to 'They met.': wire, 'it said'",
        ),
        (Change("changed", "date", "2026-05-14", "2026-05-15"), "Date: 2026-05-14 → 2026-05-15"),
        (Change("added", "participants", None, "ana-example"), "Participants added: ana-example"),
        (
            Change("added", "statements.0.said_by", None, "ministry", "They met."),
            "Said by added to 'They met.': ministry",
        ),
        (
            Change("changed", "summary", LONG + " as planned on Thursday.", LONG + " on Friday instead."),
            "Summary: '… third round of talks as planned on Thursday.' → '… third round of talks on Friday instead.'",
        ),
        (
            Change("changed", "summary", "Delegates met. " + LONG, "Officials met. " + LONG),
            "Summary: 'Delegates met. The delegations of …' → 'Officials met. The delegations of …'",
        ),
        (Change("removed", "date_note", "Thursday", None), "Date note removed: Thursday"),
        (Change("reordered", "topics", ["a", "b"], ["b", "a"]), "Topics reordered"),
        (
            Change("added", "withdrawn", None, {"date": "2026-06-01", "reason": "Out of scope."}),
            "Withdrawn on 2026-06-01: Out of scope.",
        ),
        (
            Change("changed", "statements.0.figure.value", 12, 14, "Twelve officials."),
            "Figure value of 'Twelve officials.': 12 → 14",
        ),
    ],
)
def test_each_kind_of_change_in_words(change: Change, text: str) -> None:
    assert change_text(change) == text


# -- this repository ------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_real_history_has_no_entry_for_the_commit_that_only_rewrapped_prose() -> None:
    publication = read_publication(REPO)
    assert publication.history.available, "the tests need the repository's full history (git fetch --unshallow)"
    rewrap = git(REPO, "rev-parse", f"{REWRAP}^{{commit}}").strip()
    touched = [c.path for c in publication.history.changes if c.commit == rewrap]
    assert len(touched) == 55 and all(path.startswith(("facts/", "seeds/")) for path in touched)
    index = pipeline.link(REPO, load_fact_base(REPO), publication)
    commits = {entry.commit for entry in index.history.entries}
    assert rewrap not in commits and len(commits) >= 15
    feeds = [render_feed(index, publication)] + [
        render_record_feed(index, publication, r) for r in index.records.values()
    ]
    assert [feed for feed in feeds if re.search(rf"{REWRAP}|{rewrap}", feed)] == []
