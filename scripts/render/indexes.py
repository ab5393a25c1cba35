"""Index pages: one sortable table per type, the sources page, the disputed page, home fragments.

Takes the Index; gives Markdown pages (and the two fragments docs/index.md includes). Tables that
readers may sort sit in a `fb-sortable` div, which docs/javascripts/tablesort-init.js picks up.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..addresses import record_page
from ..link import Index
from ..model import SETTLED_STATUSES, SOURCE_TYPE, Record, StatementRef, record_date, record_name, statement_anchor
from .common import (
    InlineNotes,
    Notes,
    badge,
    credited,
    headline_warning,
    kind_label,
    page,
    publication_date,
    record_link,
    table,
)
from .escape import link, markdown_text
from .record import statement_text
from .search import NOT_INDEXED

DISPUTED_PAGE = "disputed.md"
LATEST_COUNT = 8


def sortable(markdown_table: str) -> str:
    return f'<div class="fb-sortable" markdown="1">\n\n{markdown_table}\n</div>'


def iso_date(data: Mapping[str, Any], key: str = "date") -> str:
    """An ISO date that sorts as text, with its precision and a marker for approximate or inferred."""
    value = data.get(key)
    if not isinstance(value, str):
        return ""
    certainty = data.get("date_certainty", "") if key == "date" else ""
    return value + {"approximate": " (approx.)", "inferred": " (inferred)"}.get(certainty, "")


def render_type_index(index: Index, record_type: str) -> str:
    here = index.types[record_type].index_page
    title = index.types[record_type].plural
    records = sorted(index.listed(record_type), key=lambda r: (record_name(r).lower(), r.id))
    rows = [type_row(index, here, r) for r in records]
    header = (
        ["Name", "Kind", "Status", "Date", "Referenced by"]
        if record_type != SOURCE_TYPE
        else ["Title", "Publisher", "Kind", "Date", "Cited by"]
    )
    intro = f"{len(records)} {title.lower()}. Select a column heading to sort."
    return page(title, [intro, sortable(table(header, rows)) if rows else ""], meta=(NOT_INDEXED,))


def type_row(index: Index, here: str, record: Record) -> list[str]:
    data = record.data
    if record.type == SOURCE_TYPE:
        publisher = (
            credited(data, "publisher", record_link(index, here, data["publisher"])) if data.get("publisher") else ""
        )
        citing = ", ".join(record_link(index, here, i) for i in index.citing.get(record.id, ()))
        published = markdown_text(publication_date(data, iso_date))
        return [
            record_link(index, here, record.id) + headline_warning(data),
            publisher,
            markdown_text(kind_label(data["kind"])),
            published,
            citing or "none",
        ]
    count = len({r.referrer for r in index.backlinks.get(record.id, ())})
    kind = kind_label(data["kind"]) if data.get("kind") else (data["roles"][0]["title"] if data.get("roles") else "")
    status = badge(data["status"], here) if data.get("status") else ""
    return [record_link(index, here, record.id), markdown_text(kind), status, markdown_text(iso_date(data)), str(count)]


def render_disputed(index: Index) -> str:
    """Conflicts between sources side by side, then everything not confirmed, held or announced, cited inline."""
    notes = InlineNotes(index, DISPUTED_PAGE)
    body = [
        "Where sources disagree, both statements are shown side by side, attributed. Below them is "
        "every record and statement whose status is not confirmed, held or announced. Each is followed "
        "by its sources and the words quoted from them.",
        "## Conflicting statements\n\n" + (conflicts_table(index, notes) or "No conflicts are recorded.\n"),
        "## Not confirmed\n\n"
        + (unconfirmed_table(index, notes) or "Everything recorded is confirmed, held or announced.\n"),
    ]
    return page("Disputed and unconfirmed", body, notes, meta=(NOT_INDEXED,))


def conflicts_table(index: Index, notes: Notes) -> str:
    """One row per statement beside every later statement that conflicts with it, stacked in one cell."""
    others: dict[StatementRef, list[StatementRef]] = {}
    for first, second in index.conflicts:
        others.setdefault(first, []).append(second)
    rows = [
        [
            version(index, first, notes),
            "".join(f'<span class="fb-version">{version(index, o, notes)}</span>' for o in later),
        ]
        for first, later in others.items()
    ]
    return table(["One statement", "Statements that conflict with it"], rows) if rows else ""


def version(index: Index, reference: StatementRef, notes: Notes) -> str:
    """A statement on the disputed page: its record linked to the statement, the text, its sources."""
    statement = index.statement(reference)
    if statement is None:
        return markdown_text(str(reference))
    where = record_link(index, DISPUTED_PAGE, reference.record_id, reference.anchor)
    return f"{where}: {statement_text(index, statement, DISPUTED_PAGE, notes)}"


def unsettled(index: Index) -> Iterator[tuple[Record, Mapping[str, Any] | None]]:
    """(record, None) for unsettled records and (record, statement) for unsettled statements (not withdrawn ones)."""
    for record in (r for r in index.records.values() if r.id not in index.withdrawn):
        if record.data.get("status") and record.data["status"] not in SETTLED_STATUSES:
            yield record, None
        for statement in record.data.get("statements", []):
            if statement["status"] not in SETTLED_STATUSES:
                yield record, statement


def unconfirmed_table(index: Index, notes: Notes) -> str:
    rows = []
    for record, statement in unsettled(index):
        if statement is None:
            rows.append(
                [
                    record_link(index, DISPUTED_PAGE, record.id),
                    f"The {index.type_of(record).label.lower()} itself",
                    badge(record.data["status"], DISPUTED_PAGE) + notes.cite(record.data["citations"]),
                ]
            )
        else:
            anchor = statement_anchor(statement["id"])
            rows.append(
                [
                    record_link(index, DISPUTED_PAGE, record.id, anchor),
                    "Statement",
                    statement_text(index, statement, DISPUTED_PAGE, notes),
                ]
            )
    return table(["Record", "What", "Status and sources"], rows) if rows else ""


def render_counts(index: Index) -> str:
    """Home fragment: how many records of each type, linked to their index pages (links from docs/)."""
    lines = []
    for record_type in index.types.values():
        count = len(index.listed(record_type.name))
        lines.append(f"- [{record_type.plural}]({record_type.index_page}): {count}")
    return "\n".join(lines) + "\n"


def render_latest(index: Index) -> str:
    """Home fragment: the most recent dated events and agreements, newest first (links from docs/)."""
    latest = [index.records[i] for i in reversed(index.timeline)][:LATEST_COUNT]
    lines = [f"- {markdown_text(record_date(r.data))}: {link(record_name(r), record_page(r))}" for r in latest]
    return "\n".join(lines) + "\n" if lines else "Nothing dated yet.\n"
