"""Timeline: every dated event and agreement in order, as an SVG drawn here and as a table.

Takes the Index; gives the timeline page. Each item is drawn over the days its date covers: a day
as a dot, a month or a year as a bar across the whole month or year, a multi-day event as a bar
from its start to its end. A partial date is never drawn as a made-up day.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable

from ..addresses import built_link, record_page
from ..link import Index
from ..model import MONTHS, Record, first_day, format_span, last_day, precision, record_name
from .common import badge, page, record_link, table
from .drawing import short, svg
from .escape import markdown_text, xml_text
from .search import NOT_INDEXED

# Where a day falls on the drawing: its x coordinate.
Scale = Callable[[datetime.date], float]
PAGE = "timeline.md"
LABEL_WIDTH, CHART_WIDTH, ROW, TOP = 430, 450, 24, 40


def render_timeline(index: Index) -> str:
    items = [index.records[i] for i in index.timeline]
    body = [
        "Every dated event and agreement, earliest first. A date known only to the month or year is "
        "drawn across that whole month or year, never as a single day.",
        timeline_svg(items) if items else "No dated events or agreements yet.",
        "## In order\n\n" + timeline_table(index, items) if items else "",
    ]
    # One heading needs no contents sidebar; without it the drawing shows near its natural size.
    return page("Timeline", body, hide=("toc",), meta=(NOT_INDEXED,))


def item_span(record: Record) -> tuple[datetime.date, datetime.date]:
    end = record.data.get("end_date") or record.data["date"]
    return first_day(record.data["date"]), last_day(end)


def timeline_table(index: Index, items: list[Record]) -> str:
    rows = [
        [
            markdown_text(span_text(r)),
            record_link(index, PAGE, r.id),
            index.type_of(r).label,
            badge(r.data["status"], PAGE) if r.data.get("status") else "",
        ]
        for r in items
    ]
    return table(["Date", "Event or agreement", "Type", "Status"], rows)


def span_text(record: Record) -> str:
    return format_span(record.data["date"], record.data.get("end_date"), record.data.get("date_certainty"))


def timeline_svg(items: list[Record]) -> str:
    """Rows in timeline order; x is the day on a scale from the first to the last day covered."""
    spans = [item_span(r) for r in items]
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    days = (end - start).days + 1

    def scale(day: datetime.date) -> float:
        return LABEL_WIDTH + CHART_WIDTH * (day - start).days / days

    height = TOP + ROW * len(items) + 10
    rows = "".join(timeline_row(r, i, span, scale) for i, (r, span) in enumerate(zip(items, spans, strict=False)))
    return svg(
        "Timeline of events and agreements",
        timeline_caption(len(items), start, end),
        axis(start, end, scale, height) + rows,
        LABEL_WIDTH + CHART_WIDTH + 20,
        height,
    )


def timeline_caption(count: int, start: datetime.date, end: datetime.date) -> str:
    """What the drawing shows, in words, and a link to the table of the same items."""
    first, last = (f"{MONTHS[day.month - 1]} {day.year}" for day in (start, end))
    return (
        f"{count} dated events and agreements, one to a row, earliest first, on a scale from {first} to {last}: "
        "a dot marks a single known day, a bar the days an item spans, and a lighter dashed bar the whole month "
        "or year of a date known only that far. Each row links to its record's page. The same items as a table: "
        '<a href="#in-order">In order</a>.'
    )


def timeline_row(record: Record, row: int, span: tuple[datetime.date, datetime.date], scale: Scale) -> str:
    """One linked row: the label on the left, a dot or a bar over the days the date covers."""
    y = TOP + ROW * row + ROW / 2
    x1, x2 = scale(span[0]), scale(span[1] + datetime.timedelta(days=1))
    exact_day = precision(record.data["date"]) == "day" and span[0] == span[1]
    mark = (
        f'<circle cx="{x1:.1f}" cy="{y:.1f}" r="5"/>'
        if exact_day
        else f'<rect x="{x1:.1f}" y="{y - 5:.1f}" width="{max(x2 - x1, 3):.1f}" height="10" rx="2" '
        f'class="fb-span-{precision(record.data["date"])}"/>'
    )
    href = xml_text(built_link(PAGE, record_page(record)))
    label = f"{short(record_name(record))} — {span_text(record)}"
    return (
        f'<a href="{href}" class="fb-node fb-node-{record.type}">'
        f"<title>{xml_text(record_name(record))} — {xml_text(span_text(record))}</title>"
        f'<text x="{LABEL_WIDTH - 8}" y="{y + 4:.1f}" text-anchor="end">{xml_text(label)}</text>{mark}</a>'
    )


def tick_days(start: datetime.date, end: datetime.date, monthly: bool) -> list[datetime.date]:
    """First days of months or of years inside the range."""
    months = range(1, 13) if monthly else (1,)
    days = (datetime.date(year, month, 1) for year in range(start.year, end.year + 1) for month in months)
    return [day for day in days if start <= day <= end]


def axis(start: datetime.date, end: datetime.date, scale: Scale, height: int) -> str:
    """Ticks at each month (ranges under three years) or year, labelled where there is room."""
    monthly = (end - start).days < 3 * 366
    ticks = tick_days(start, end, monthly)
    every = max(1, math.ceil(len(ticks) * 56 / CHART_WIDTH))
    parts = []
    for number, day in enumerate(ticks):
        x = scale(day)
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height}" class="fb-tick"/>')
        if number % every == 0:
            label = f"{MONTHS[day.month - 1][:3]} {day.year}" if monthly else str(day.year)
            parts.append(f'<text x="{x + 2:.1f}" y="{TOP - 10}" class="fb-tick-label">{label}</text>')
    line = f'<line x1="{LABEL_WIDTH}" y1="{TOP - 6}" x2="{LABEL_WIDTH + CHART_WIDTH}" y2="{TOP - 6}"/>'
    return f'<g class="fb-axis">{line}{"".join(parts)}</g>'
