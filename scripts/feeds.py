"""Feeds: an Atom feed of fact changes and an iCalendar file of dated events.

Takes the Index and the Publication; gives the text of
  - feeds/changes.atom: one entry per fact file added, changed or removed by a commit, newest first,
    at most FEED_LIMIT entries, dated by the commit (a feed with no entries outside git);
  - feeds/events.ics: one all-day entry per event dated to the day or the month. A day-precision
    event covers its day (to its end_date when given); a month-precision event spans the whole month
    and says so in its title; a year-only date is left out (a year-long block on a calendar would
    claim more than anyone knows). DTSTAMP, which RFC 5545 requires, is the record's last commit.
Neither reads the clock, so the same facts and history give the same bytes.
"""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Iterator
from xml.sax.saxutils import escape, quoteattr

from .gitlog import Change
from .link import Index
from .load import Record
from .publication import Publication, utc_time
from .render.common import record_name
from .render.dates import format_date, last_day, precision

FEED_PATH = "feeds/changes.atom"
CALENDAR_PATH = "feeds/events.ics"
FEED_LIMIT = 200
EPOCH = "1970-01-01T00:00:00Z"
ACTIONS = {"added": "Added", "changed": "Changed", "removed": "Removed"}
CALENDAR_STATUS = {"held": "CONFIRMED", "confirmed": "CONFIRMED", "announced": "CONFIRMED", "denied": "CANCELLED"}
FOLD_OCTETS = 75
# Characters XML 1.0 and iCalendar TEXT cannot carry; fact text is untrusted, so they are dropped.
UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def record_title(record: Record) -> str:
    return clean(record_name(record))


def clean(text: str) -> str:
    """Text on one line without characters XML or iCalendar cannot hold."""
    return " ".join(UNSAFE_CHARACTERS.sub("", str(text)).split())


def render_feed(index: Index, publication: Publication) -> str:
    """The Atom feed (RFC 4287) of fact changes."""
    by_path = {r.path: r for r in index.records.values()}
    changes = publication.history.changes[:FEED_LIMIT]
    self_url = publication.url(FEED_PATH)
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(publication.site_name)}: fact changes</title>",
        f"  <id>{escape(feed_id(publication))}</id>",
        f"  <updated>{utc_time(changes[0].time) if changes else EPOCH}</updated>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(self_url)}/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(publication.site_url or './')}/>",
        f"  <author><name>{escape(publication.site_name)} contributors</name></author>",
    ]
    entries = [line for change in changes for line in feed_entry(change, by_path.get(change.path), publication)]
    return "\n".join([*head, *entries, "</feed>"]) + "\n"


def feed_id(publication: Publication) -> str:
    return publication.url(FEED_PATH) if publication.site_url else "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, FEED_PATH))


def feed_entry(change: Change, record: Record | None, publication: Publication) -> list[str]:
    """One entry; a removed record (or one gone since) is named by its file and links to the site."""
    name = f"{record_title(record)} ({record.type})" if record and change.status != "removed" else clean(change.path)
    link = publication.record_url(record) if record and change.status != "removed" else publication.site_url or "./"
    summary = f"{ACTIONS[change.status]} {clean(change.path)} in commit {change.commit[:12]}."
    return [
        "  <entry>",
        f"    <title>{escape(ACTIONS[change.status] + ': ' + name)}</title>",
        f"    <id>urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, change.commit + '/' + change.path)}</id>",
        f"    <updated>{utc_time(change.time)}</updated>",
        f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(link)}/>",
        f"    <summary>{escape(summary)}</summary>",
        "  </entry>",
    ]


def render_calendar(index: Index, publication: Publication) -> str:
    """The iCalendar file (RFC 5545) of events dated to the day or the month; CRLF line ends."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//us-china-ai-talks//factbase//EN", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{ical_text(publication.site_name)}: events"]
    for record_id in index.timeline:
        record = index.records[record_id]
        if record.type == "event" and precision(record.data["date"]) != "year":
            lines += calendar_event(record, publication)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def calendar_event(record: Record, publication: Publication) -> list[str]:
    start, end = event_days(record.data)
    title = record_title(record) + (f" (date known to the month: {format_date(record.data['date'])})" if precision(record.data["date"]) == "month" else "")
    change = publication.history.last.get(record.path)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{record.id}@us-china-ai-talks-factbase",
        f"DTSTAMP:{(utc_time(change.time) if change else EPOCH).replace('-', '').replace(':', '')}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{ical_text(title)}",
        f"STATUS:{CALENDAR_STATUS.get(record.data.get('status', ''), 'TENTATIVE')}",
        f"URL:{publication.record_url(record)}",
    ]
    if record.data.get("summary"):
        lines.append(f"DESCRIPTION:{ical_text(record.data['summary'])}")
    return lines + ["END:VEVENT"]


def event_days(data: dict) -> tuple[datetime.date, datetime.date]:
    """The first day and the day after the last day (DTEND is exclusive for all-day entries)."""
    first = datetime.date.fromisoformat(data["date"] + ("-01" if precision(data["date"]) == "month" else ""))
    last = last_day(data.get("end_date") or data["date"])
    return first, max(last, first) + datetime.timedelta(days=1)


def ical_text(text: str) -> str:
    """Text escaped for an iCalendar TEXT value (RFC 5545 3.3.11), on one line."""
    return clean(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


def fold(line: str) -> str:
    """A content line folded into pieces of at most 75 octets, never inside a UTF-8 character."""
    if len(line.encode("utf-8")) <= FOLD_OCTETS:
        return line
    return "\r\n ".join(fold_pieces(line))


def fold_pieces(line: str) -> Iterator[str]:
    piece, size, limit = [], 0, FOLD_OCTETS
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > limit:
            yield "".join(piece)
            piece, size, limit = [], 0, FOLD_OCTETS - 1
        piece.append(character)
        size += width
    yield "".join(piece)
