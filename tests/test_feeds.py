"""Feeds: the Atom feed parsed as XML against the history of the facts of a small fact base; the
iCalendar file checked for RFC 5545 structure (CRLF, folding, BEGIN/END pairs, all-day dates) and
content."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from scripts.export.atom import render_feed
from scripts.export.ical import fold, render_calendar
from scripts.load import read_publication
from scripts.render.escape import ical_text
from tests.conftest import index_of
from tests.exportbase import HOSTILE_NAME, LONG_NAME, REPO_URL, SITE_URL, commit_of, make_export_base

ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def page(path: str) -> str:
    return f"{SITE_URL}{path}"


def content_lines(entry: ElementTree.Element) -> list[str]:
    """The text of each list item and paragraph of an entry's XHTML content, as a reader sees it."""
    div = entry.find(f"{ATOM}content/{XHTML}div")
    assert div is not None
    return ["".join(element.itertext()) for element in div.iter() if element.tag in (f"{XHTML}li", f"{XHTML}p")]


def test_feed_is_atom_with_the_required_feed_elements(linked) -> None:
    root = ElementTree.fromstring(render_feed(*linked).encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "Example Fact Base: fact changes"
    assert root.findtext(f"{ATOM}id") == page("feeds/changes.atom")
    # The last commit only reformatted files; the rename before it is the last change of facts.
    assert root.findtext(f"{ATOM}updated") == "2026-05-25T10:00:00Z"
    assert [(link.get("rel"), link.get("href")) for link in root.findall(f"{ATOM}link")] == [
        ("self", page("feeds/changes.atom")),
        ("alternate", SITE_URL),
    ]
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Example Fact Base contributors"


def test_feed_entries_follow_the_history_newest_first(linked) -> None:
    root = ElementTree.fromstring(render_feed(*linked).encode("utf-8"))
    entries = [
        (e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}updated"), e.findall(f"{ATOM}link")[0].get("href"))
        for e in root.findall(f"{ATOM}entry")
    ]
    assert entries[:6] == [
        ("Renamed: A meeting some time in 2026 (event)", "2026-05-25T10:00:00Z", page("event/later-meeting.html")),
        ("Changed: Announcement of the AI talks (event)", "2026-05-22T09:00:00Z", page("event/announcement.html")),
        ("Removed: Bob Removed (person)", "2026-05-21T08:30:00Z", SITE_URL),
        ("Changed: Announcement of the AI talks (event)", "2026-05-20T12:00:00Z", page("event/announcement.html")),
        (f"Added: {LONG_NAME} (event)", "2026-05-20T12:00:00Z", page("event/first-round.html")),
        ("Added: Model Testing Act (agreement)", "2026-05-14T10:00:00Z", page("agreement/testing-law.html")),
    ]
    # One entry per record and commit that changed its facts: 9 records added, 1 changed twice,
    # 1 removed, 1 renamed; none for the reformatting commit.
    assert len(entries) == 14
    assert (
        f"Added: {HOSTILE_NAME} (organization)",
        "2026-05-14T10:00:00Z",
        page("organization/ministry.html"),
    ) in entries


def test_feed_entry_ids_are_unique_and_the_content_says_what_changed(linked, base: Path) -> None:
    root = ElementTree.fromstring(render_feed(*linked).encode("utf-8"))
    ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
    assert len(set(ids)) == 14 and all((i or "").startswith("urn:uuid:") for i in ids)
    entry = root.findall(f"{ATOM}entry")[2]
    commit = commit_of(base, "third")
    assert content_lines(entry) == ["Record removed", f"In commit {commit[:12]}."]
    assert [(link.get("rel"), link.get("href")) for link in entry.findall(f"{ATOM}link")] == [
        ("alternate", SITE_URL),
        ("related", f"{REPO_URL}/commit/{commit}"),
    ]


def test_feed_outside_git_has_no_entries(tmp_path: Path) -> None:
    base = make_export_base(tmp_path / "plain", with_git=False)
    root = ElementTree.fromstring(render_feed(index_of(base), read_publication(base)).encode("utf-8"))
    assert (root.findtext(f"{ATOM}updated"), root.findall(f"{ATOM}entry")) == ("1970-01-01T00:00:00Z", [])


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_calendar_lines_end_in_crlf_and_fold_within_75_octets(linked) -> None:
    text = render_calendar(*linked)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    lengths = [len(line.encode("utf-8")) for line in text.split("\r\n")]
    assert max(lengths) == 75
    assert any(line.startswith(" ") for line in text.split("\r\n"))


def test_calendar_begin_and_end_pair_up(linked) -> None:
    stack, seen = [], []
    for line in unfold(render_calendar(*linked)):
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
            seen.append(line[6:])
        elif line.startswith("END:"):
            assert stack.pop() == line[4:]
    assert (stack, seen) == ([], ["VCALENDAR", "VEVENT", "VEVENT"])


def events(text: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


def test_calendar_has_day_and_month_events_and_leaves_out_year_only_dates(linked) -> None:
    assert events(render_calendar(*linked)) == [
        {
            "UID": "announcement@us-china-ai-talks-factbase",
            "DTSTAMP": "20260522T090000Z",
            "DTSTART;VALUE=DATE": "20260514",
            "DTEND;VALUE=DATE": "20260515",
            "SUMMARY": "Announcement of the AI talks",
            "STATUS": "CONFIRMED",
            "URL": page("event/announcement.html"),
        },
        {
            "UID": "first-round@us-china-ai-talks-factbase",
            "DTSTAMP": "20260520T120000Z",
            "DTSTART;VALUE=DATE": "20260601",
            "DTEND;VALUE=DATE": "20260701",
            "SUMMARY": ical_text(LONG_NAME) + " (date known to the month: June 2026)",
            "STATUS": "TENTATIVE",
            "URL": page("event/first-round.html"),
            "DESCRIPTION": "Talks in Geneva\\, on testing\\; and more.",
        },
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a, b; c\\d", "a\\, b\\; c\\\\d"),
        ("two\nlines\r\n  here", "two lines here"),
        ("bell\x07 and nul\x00 dropped", "bell and nul dropped"),
    ],
)
def test_ical_text_escapes_rfc5545_specials(text: str, expected: str) -> None:
    assert ical_text(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("x" * 75, "x" * 75),
        ("x" * 76, "x" * 75 + "\r\n x"),
        ("x" * 74 + "é", "x" * 74 + "\r\n é"),
        ("x" * 73 + "第一", "x" * 73 + "\r\n 第一"),
        ("x" * 75 + "y" * 74 + "z", "x" * 75 + "\r\n " + "y" * 74 + "\r\n z"),
    ],
)
def test_fold_splits_at_75_octets_never_inside_a_character(line: str, expected: str) -> None:
    assert fold(line) == expected


def test_feeds_are_byte_identical_on_a_second_run(base: Path, linked) -> None:
    again = index_of(base), read_publication(base)
    assert (render_feed(*again), render_calendar(*again)) == (render_feed(*linked), render_calendar(*linked))
