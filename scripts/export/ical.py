"""iCalendar: the dated events as all-day calendar entries (RFC 5545).

Takes the Index and the Publication; gives feeds/events.ics: one all-day entry per event dated to the
day or the month. A day-precision event covers its day (to its end_date when given); a
month-precision event spans the whole month and says so in its title; a year-only date is left out
(a year-long block on a calendar would claim more than anyone knows). DTSTAMP, which RFC 5545
requires, is the time of the record's last change of facts (scripts/link/history.py), never the
clock, so the same facts give the same bytes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Any

from ..addresses import FEEDS_FOLDER
from ..link import Index
from ..load import Publication
from ..model import Record, format_date, last_day, precision, record_name, utc_time
from ..render.escape import ical_text, plain_text

CALENDAR_PATH = f"{FEEDS_FOLDER}/events.ics"
EPOCH = "1970-01-01T00:00:00Z"
CALENDAR_STATUS = {"held": "CONFIRMED", "confirmed": "CONFIRMED", "announced": "CONFIRMED", "denied": "CANCELLED"}
FOLD_OCTETS = 75


def render_calendar(index: Index, publication: Publication) -> str:
    """The iCalendar file (RFC 5545) of events dated to the day or the month; CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//us-china-ai-talks//factbase//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ical_text(publication.site_name)}: events",
    ]
    for record_id in index.timeline:
        record = index.records[record_id]
        if record.type == "event" and precision(record.data["date"]) != "year":
            lines += calendar_event(index, record, publication)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def calendar_event(index: Index, record: Record, publication: Publication) -> list[str]:
    start, end = event_days(record.data)
    title = plain_text(record_name(record)) + (
        f" (date known to the month: {format_date(record.data['date'])})"
        if precision(record.data["date"]) == "month"
        else ""
    )
    change = index.last_change(record)
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


def event_days(data: Mapping[str, Any]) -> tuple[datetime.date, datetime.date]:
    """The first day and the day after the last day (DTEND is exclusive for all-day entries)."""
    first = datetime.date.fromisoformat(data["date"] + ("-01" if precision(data["date"]) == "month" else ""))
    last = last_day(data.get("end_date") or data["date"])
    return first, max(last, first) + datetime.timedelta(days=1)


def fold(line: str) -> str:
    """A content line folded into pieces of at most 75 octets, never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= FOLD_OCTETS:
        return line
    return "\r\n ".join(fold_pieces(data))


def fold_pieces(data: bytes) -> Iterator[str]:
    """The pieces of an encoded line: the first at most 75 octets, the others 74 (after the fold's space)."""
    start, limit = 0, FOLD_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: the cut would split a character
            end -= 1
        yield data[start:end].decode("utf-8")
        start, limit = end, FOLD_OCTETS - 1
    yield data[start:].decode("utf-8")


def export_calendar(index: Index, publication: Publication) -> dict[str, str]:
    return {CALENDAR_PATH: render_calendar(index, publication)}
