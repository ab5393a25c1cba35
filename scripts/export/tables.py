"""Tables: one flat row per record, the same columns for the CSV files and the SQLite tables.

Takes the Index and the Publication; gives the columns of each type, each record's row, and
{api/csv/<type>.csv: text}. A type's columns are its schema's top-level fields that fit in a cell
(text, a number, true/false, or a list of ids joined by ';'), in schema order, then the derived
columns `page_url`, `path` and `last_changed`. Nested fields (roles, positions, statements,
citations) are not flattened here: the SQLite tables and the JSON hold them.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..addresses import API_FOLDER
from ..link import Index
from ..load import Publication
from ..model import DERIVED_COLUMNS, Record, RecordType
from ..render.escape import csv_cell

LIST_SEPARATOR = ";"


def columns(record_type: RecordType) -> tuple[str, ...]:
    return record_type.columns + DERIVED_COLUMNS


def cell(value: Any) -> str | int | float | None:
    """A field value as one cell: lists of ids joined, absent values as None."""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def row(index: Index, record: Record, record_type: RecordType, publication: Publication) -> tuple[Any, ...]:
    """A record's values in the column order of its type."""
    derived = {
        "page_url": publication.record_url(record),
        "path": record.path,
        "last_changed": index.last_changed(record),
    }
    return tuple(derived[c] if c in derived else cell(record.data.get(c)) for c in columns(record_type))


def render_csv(index: Index, publication: Publication, record_type: RecordType) -> str:
    """A type's records as CSV (RFC 4180: header row, CRLF line ends, quoted where needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns(record_type))
    for record in index.of_type(record_type.name):
        writer.writerow([csv_cell(value) for value in row(index, record, record_type, publication)])
    return buffer.getvalue()


def export_csv(index: Index, publication: Publication) -> dict[str, str]:
    """One CSV file per type, keyed by path."""
    return {f"{API_FOLDER}/csv/{t.name}.csv": render_csv(index, publication, t) for t in index.types.values()}
