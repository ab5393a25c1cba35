"""The record model: what a record is, what a record type is, and the facts about records that every
stage shares (field patterns, statement references, names, dates at their precision).

Pure: nothing here reads a file. The table of record types (`RecordTypes`) is derived by load from
the annotations in schemas/ (scripts/load/schemas.py), so a type is described in one place, its
schema, and every stage reads the same table from the Index or the FactBase.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

SOURCE_TYPE = "source"
FACTS_DIR = "facts"
SEEDS_DIR = "seeds"
SCHEMAS_DIR = "schemas"
# (earlier, later) date field pairs that must not be out of order within one mapping.
DATE_ORDER = (("date", "end_date"), ("start", "end"), ("not_before", "not_after"))
# What every table of a type (CSV file, SQLite table) adds after the type's own columns.
DERIVED_COLUMNS = ("page_url", "path", "last_changed")
# Statuses that need no "not confirmed" warning on the Disputed page.
SETTLED_STATUSES = frozenset({"confirmed", "held", "announced"})


@dataclass(frozen=True)
class Record:
    """One fact file: its type, id, repo-relative path, data and the line of every field.

    A record as its schema accepted it (scripts/validate/schema.py) lacks every value the schema
    refused; `refused` holds their field paths, so a check can tell a refused value from an absent one.
    """

    type: str
    id: str
    path: str
    data: Mapping[str, Any]
    lines: Mapping[str, int] = field(repr=False, compare=False)
    refused: frozenset[str] = field(default=frozenset(), repr=False)

    def line_of(self, field_path: str) -> int:
        """The line of a field, or of its nearest present parent, or of the record."""
        while field_path:
            if field_path in self.lines:
                return self.lines[field_path]
            field_path = field_path.rpartition(".")[0]
        return self.lines.get("", 1)

    def refused_at(self, pattern: str) -> bool:
        """Whether the schema refused the value at a field pattern ('*' is any index) or a value holding it."""
        parts = pattern.split(".")
        return any(holds(path.split("."), parts) for path in self.refused)


def holds(path: list[str], parts: list[str]) -> bool:
    """Whether a field path is, or holds, what a field pattern names ('roles.0' holds 'roles.*.organization')."""
    return len(path) <= len(parts) and all(
        part == step or (part == "*" and step.isdigit()) for step, part in zip(path, parts, strict=False)
    )


@dataclass(frozen=True)
class RecordType:
    """Everything the stages need to know about one record type, read from its schema.

    `references` maps each field pattern ('*' is any list index) that names another record to the
    types it may name; `schema_org_by_kind` varies the schema.org type by the record's kind (a law is
    Legislation); `statement_references` are the patterns naming record-id#statement-id;
    `date_fields` hold ISO dates; `text_fields` hold our own prose; `jsonld` maps field patterns to
    schema.org properties; `columns` are the top-level fields flat enough for a table (text, numbers,
    lists of ids), in schema order.
    """

    name: str
    label: str
    plural: str
    index_page: str
    order: int
    schema_org: str
    schema_org_by_kind: Mapping[str, str]
    on_timeline: bool
    graph_column: int | None
    references: Mapping[str, tuple[str, ...]]
    statement_references: tuple[str, ...]
    date_fields: tuple[str, ...]
    text_fields: tuple[str, ...]
    jsonld: Mapping[str, str]
    columns: tuple[str, ...]

    @property
    def folder(self) -> str:
        """Where the type's files live: seeds/ for sources, facts/<type>/ for every other type."""
        return SEEDS_DIR if self.name == SOURCE_TYPE else f"{FACTS_DIR}/{self.name}"


# Record types by name, in the order the site lists them.
RecordTypes = Mapping[str, RecordType]


@dataclass(frozen=True, order=True)
class StatementRef:
    """A statement named from anywhere in the fact base, written record-id#statement-id."""

    record_id: str
    statement_id: str

    @classmethod
    def parse(cls, text: str) -> StatementRef | None:
        """The reference a record-id#statement-id text names, or None for text without '#'."""
        record_id, hash_, statement_id = text.partition("#")
        return cls(record_id, statement_id) if hash_ else None

    def __str__(self) -> str:
        return f"{self.record_id}#{self.statement_id}"

    @property
    def anchor(self) -> str:
        """The anchor of the statement on its record's page."""
        return statement_anchor(self.statement_id)


def statement_anchor(statement_id: str) -> str:
    return f"statement-{statement_id}"


def find_statement(record: Record | None, statement_id: str) -> Mapping[str, Any] | None:
    """The statement of a record with this id, if there is one."""
    statements = record.data.get("statements") if record else None
    for statement in statements if isinstance(statements, list) else []:
        if isinstance(statement, Mapping) and statement.get("id") == statement_id:
            return statement
    return None


def record_name(record: Record) -> str:
    """What a reader calls the record: its name, a source's title, or its id."""
    return str(record.data.get("name") or record.data.get("title") or record.id)


def one_line(text: Any) -> str:
    """Text with every run of whitespace made one space, trimmed (str.split uses exactly re's \\s)."""
    return " ".join(str(text).split())


# -- field patterns -------------------------------------------------------------------------------


def iter_pattern(data: Any, pattern: str) -> Iterator[tuple[str, Any]]:
    """Yield (dotted path, value) for every value in data at a field pattern."""
    yield from walk_pattern(data, pattern.split("."), ())


def walk_pattern(data: Any, parts: list[str], path: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    if not parts:
        yield ".".join(path), data
        return
    head, rest = parts[0], parts[1:]
    if head == "*" and isinstance(data, list):
        for index, item in enumerate(data):
            yield from walk_pattern(item, rest, (*path, str(index)))
    elif head != "*" and isinstance(data, Mapping) and head in data:
        yield from walk_pattern(data[head], rest, (*path, head))


def field_pattern(field_path: str) -> str:
    """The pattern of a dotted field path: list indexes become '*' ('roles.0.title' -> 'roles.*.title')."""
    return ".".join("*" if part.isdigit() else part for part in field_path.split("."))


def iter_references(record_type: RecordType, data: Mapping[str, Any]) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Yield (field path, referenced id, allowed types) for every text reference in a record."""
    for pattern, types in record_type.references.items():
        for field_path, value in iter_pattern(data, pattern):
            if isinstance(value, str):
                yield field_path, value, types


def iter_statement_references(record_type: RecordType, data: Mapping[str, Any]) -> Iterator[tuple[str, StatementRef]]:
    """Yield (field path, reference) for every well-formed record-id#statement-id in a record."""
    for pattern in record_type.statement_references:
        for field_path, value in iter_pattern(data, pattern):
            reference = StatementRef.parse(value) if isinstance(value, str) else None
            if reference is not None:
                yield field_path, reference


def iter_citations(data: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Yield (dotted path, citation) for every citation anywhere in a record."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            if key == "citations" and isinstance(value, list):
                for index, citation in enumerate(value):
                    if isinstance(citation, Mapping):
                        yield ".".join((*path, key, str(index))), citation
            else:
                yield from iter_citations(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from iter_citations(item, (*path, str(index)))


# -- dates ----------------------------------------------------------------------------------------
# ISO dates of year, month or day precision ("2026", "2026-05", "2026-05-14"). A month-only date is
# never shown or drawn as a made-up day.

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
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


def record_date(data: Mapping[str, Any], key: str = "date") -> str:
    """A mapping's date field in words ('' when absent); only `date` carries the certainty."""
    value = data.get(key)
    return format_date(value, data.get("date_certainty") if key == "date" else None) if isinstance(value, str) else ""


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


def utc_date(timestamp: int) -> str:
    """The UTC day of a Unix time, as ISO text."""
    return datetime.datetime.fromtimestamp(timestamp, datetime.UTC).date().isoformat()


def utc_time(timestamp: int) -> str:
    """A Unix time as an RFC 3339 UTC timestamp."""
    return datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
