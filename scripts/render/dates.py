"""Dates: show a date with the precision it has, and place it on a day scale for the timeline.

Takes ISO dates of year, month or day precision ("2026", "2026-05", "2026-05-14") and a certainty;
gives text such as "May 2026" or "14 May 2026 (inferred)" and the first and last day a date covers.
A month-only date is never shown or drawn as a made-up day.
"""

from __future__ import annotations

import calendar
import datetime

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
CERTAINTY_NOTES = {"approximate": " (approximate)", "inferred": " (inferred)"}


def format_date(value: str, certainty: str | None = None) -> str:
    """A date in words at its own precision, with approximate and inferred dates marked."""
    parts = value.split("-")
    if len(parts) == 1:
        text = parts[0]
    elif len(parts) == 2:
        text = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    else:
        text = f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return text + CERTAINTY_NOTES.get(certainty or "", "")


def format_span(start: str, end: str | None, certainty: str | None = None) -> str:
    """A date or a date range ("14 May 2026 – 16 May 2026")."""
    if not end or end == start:
        return format_date(start, certainty)
    return f"{format_date(start)} – {format_date(end)}{CERTAINTY_NOTES.get(certainty or '', '')}"


def first_day(value: str) -> datetime.date:
    """The first day a date of any precision covers."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return datetime.date(parts[0], parts[1], parts[2])


def last_day(value: str) -> datetime.date:
    """The last day a date of any precision covers."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 12, 31)
    if len(parts) == 2:
        return datetime.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return datetime.date(*parts)


def precision(value: str) -> str:
    """'year', 'month' or 'day'."""
    return ("year", "month", "day")[value.count("-")]
