"""Export SQLite: the fact base as one SQLite database, for the sqlite3 shell or Datasette.

Takes the Index, the Publication and the format version; gives the bytes of a database with
  - one table per type (`event`, `agreement`, …) with the CSV columns (scripts/export/tables.py),
  - `records`: every record's id, type, name, path, page URL, last change and its data as JSON,
  - `statements`, `citations` and `links` (every reference between records),
  - `history`: one row per change a commit made to a record's facts (scripts/link/history.py),
  - `metadata`: the format and dataset versions, and whether the build had the history.
The database is written into a temporary file, rows inserted in sorted order, then VACUUMed so the
file holds no free pages, and read back. SQLite stores no time in the file, so the same facts give
the same bytes (with the same SQLite library).
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..link import HistoryEntry, Index
from ..load import Publication
from ..model import Record, RecordType, iter_citations, record_name, utc_time
from ..render.history import change_text
from .api import FORMAT_VERSION
from .tables import columns, row

SQLITE_PATH = "api/factbase.sqlite"

TABLES = {
    "metadata": ("key TEXT PRIMARY KEY", "value TEXT"),
    "records": (
        "id TEXT PRIMARY KEY",
        "type TEXT NOT NULL",
        "name TEXT NOT NULL",
        "path TEXT",
        "page_url TEXT",
        "last_changed TEXT",
        "data TEXT NOT NULL",
    ),
    "statements": (
        "record_id TEXT NOT NULL REFERENCES records(id)",
        "statement_id TEXT NOT NULL",
        "text TEXT",
        "status TEXT",
        "said_by TEXT",
        "date TEXT",
        "PRIMARY KEY (record_id, statement_id)",
    ),
    "citations": (
        "record_id TEXT NOT NULL REFERENCES records(id)",
        "field TEXT NOT NULL",
        "source_id TEXT NOT NULL",
        "quote TEXT",
        "note TEXT",
        "PRIMARY KEY (record_id, field)",
    ),
    "links": (
        "source_id TEXT NOT NULL REFERENCES records(id)",
        "field TEXT NOT NULL",
        "target_id TEXT NOT NULL REFERENCES records(id)",
        "PRIMARY KEY (source_id, field)",
    ),
    "history": (
        "commit_id TEXT NOT NULL",
        "date TEXT NOT NULL",
        "time TEXT NOT NULL",
        "record_id TEXT NOT NULL",
        "type TEXT NOT NULL",
        "id TEXT NOT NULL",
        "seq INTEGER NOT NULL",
        "kind TEXT NOT NULL",
        "field TEXT NOT NULL",
        "old TEXT",
        "new TEXT",
        "part TEXT NOT NULL",
        "text TEXT NOT NULL",
        "PRIMARY KEY (commit_id, type, id, seq)",
    ),
}


def type_table(record_type: RecordType) -> tuple[str, ...]:
    return tuple(f"{name} TEXT" + (" PRIMARY KEY" if name == "id" else "") for name in columns(record_type))


def table_rows(
    index: Index, publication: Publication
) -> Iterator[tuple[str, tuple[str, ...], Iterable[tuple[Any, ...]]]]:
    """(table, column definitions, rows) for every table, each table's rows in sorted order."""
    yield (
        "metadata",
        TABLES["metadata"],
        [
            ("dataset_version", publication.history.version),
            ("format_version", FORMAT_VERSION),
            ("history_available", "true" if index.history.available else "false"),
            ("history_unavailable", index.history.unavailable),
            ("site_url", publication.site_url),
        ],
    )
    yield "records", TABLES["records"], [record_row(index, r, publication) for r in index.records.values()]
    yield "history", TABLES["history"], [row for entry in index.history.entries for row in history_rows(entry)]
    yield "statements", TABLES["statements"], sorted(s for r in index.records.values() for s in statement_rows(r))
    yield "citations", TABLES["citations"], sorted(c for r in index.records.values() for c in citation_rows(r))
    yield "links", TABLES["links"], [(r.referrer, r.field, r.target) for r in index.references]
    for record_type in sorted(index.types.values(), key=lambda t: t.name):
        yield (
            record_type.name,
            type_table(record_type),
            [row(index, r, record_type, publication) for r in index.of_type(record_type.name)],
        )


def record_row(index: Index, record: Record, publication: Publication) -> tuple[Any, ...]:
    data = json.dumps(record.data, ensure_ascii=False, sort_keys=True)
    return (
        record.id,
        record.type,
        record_name(record),
        record.path,
        publication.record_url(record),
        index.last_changed(record),
        data,
    )


def history_rows(entry: HistoryEntry) -> Iterator[tuple[Any, ...]]:
    """One row per change, in the entry's order (seq from 1); old and new as text, JSON for lists
    and mappings, NULL where the change has none."""
    for seq, change in enumerate(entry.changes, 1):
        yield (
            entry.commit,
            entry.date,
            utc_time(entry.time),
            entry.record_id,
            entry.type,
            entry.id,
            seq,
            change.kind,
            change.field,
            cell_text(change.old),
            cell_text(change.new),
            change.part,
            change_text(change),
        )


def cell_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def statement_rows(record: Record) -> Iterator[tuple[Any, ...]]:
    for statement in record.data.get("statements") or []:
        yield (
            record.id,
            statement["id"],
            statement.get("text"),
            statement.get("status"),
            statement.get("said_by"),
            statement.get("date"),
        )


def citation_rows(record: Record) -> Iterator[tuple[Any, ...]]:
    for field, citation in iter_citations(record.data):
        yield (record.id, field, citation.get("source"), citation.get("quote"), citation.get("note"))


def write_database(path: Path, tables: Iterable[tuple[str, tuple[str, ...], Iterable[tuple[Any, ...]]]]) -> None:
    """Create every table and insert its rows in one transaction, then VACUUM."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA page_size = 4096")
        connection.execute("BEGIN")
        for name, definition, rows in tables:
            connection.execute(f'CREATE TABLE "{name}" ({", ".join(definition)})')
            width = sum(1 for part in definition if not part.startswith("PRIMARY KEY"))
            connection.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" * width)})', rows)
        connection.execute("COMMIT")
        connection.execute("VACUUM")
    finally:
        connection.close()


def export_sqlite(index: Index, publication: Publication) -> dict[str, bytes]:
    """The database's bytes, built in a temporary folder that is removed afterwards, keyed by path."""
    with tempfile.TemporaryDirectory(prefix="factbase-sqlite-") as folder:
        path = Path(folder) / "factbase.sqlite"
        write_database(path, table_rows(index, publication))
        return {SQLITE_PATH: path.read_bytes()}
