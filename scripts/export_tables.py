"""Export tables: one flat row per record, the same columns for the CSV files and the SQLite tables.

Takes the Index and the Publication; gives the column names of each type, each record's row, and
{<type>.csv: text}. A column is a field of the record (text, a number, or a list of ids joined by
';'), or one of the derived columns `page_url`, `path` and `last_changed`. Nested fields (roles,
positions, statements, citations) are not flattened here: the SQLite tables and the JSON hold them.
docs/data.md documents every column; tests/test_export.py checks the two agree.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from .link import Index
from .load import Record
from .publication import Publication

LIST_SEPARATOR = ";"
DERIVED_COLUMNS = ("page_url", "path", "last_changed")
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "event": ("id", "name", "kind", "status", "date", "date_certainty", "date_note", "end_date", "place", "part_of", "participants", "topics", "summary"),
    "agreement": ("id", "name", "kind", "status", "date", "date_certainty", "date_note", "binding", "adopted_at", "parties", "authors", "topics", "summary"),
    "person": ("id", "name", "summary"),
    "organization": ("id", "name", "short_name", "kind", "country", "parent", "url", "summary"),
    "topic": ("id", "name", "related_topics", "summary"),
    "source": ("id", "title", "kind", "publisher", "publisher_note", "author", "author_note", "date", "date_certainty", "date_note", "not_before", "not_after", "url", "language", "sha256", "cited_through", "summary"),
}
# Spreadsheets run a cell starting with one of these as a formula; a leading ' keeps it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def columns(record_type: str) -> tuple[str, ...]:
    return FIELD_COLUMNS[record_type] + DERIVED_COLUMNS


def cell(value: Any) -> str | int | float | None:
    """A field value as one cell: lists of ids joined, absent values as None."""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def row(record: Record, publication: Publication) -> tuple[Any, ...]:
    """A record's values in the column order of its type."""
    derived = {"page_url": publication.record_url(record), "path": record.path, "last_changed": publication.last_changed(record)}
    return tuple(derived[c] if c in derived else cell(record.data.get(c)) for c in columns(record.type))


def csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def render_csv(index: Index, publication: Publication, record_type: str) -> str:
    """A type's records as CSV (RFC 4180: header row, CRLF line ends, quoted where needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns(record_type))
    for record in index.of_type(record_type):
        writer.writerow([csv_cell(value) for value in row(record, publication)])
    return buffer.getvalue()


def export_csv(index: Index, publication: Publication) -> dict[str, str]:
    return {f"{record_type}.csv": render_csv(index, publication, record_type) for record_type in sorted(FIELD_COLUMNS)}
