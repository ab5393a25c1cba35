"""Record checks: the rules about one record that a JSON Schema cannot state.

Takes a record as the schema accepted it (scripts/validate/schema.py) and its type; gives a Problem
for an id that differs from the file name, a statement id used twice, a date that is no real day,
and a pair of dates out of order. Each check states its rule in its docstring.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..model import DATE_ORDER, Record, RecordType, iter_pattern
from ..problems import Problem
from .messages import problem, shown

ID_TEXT = re.compile("[a-z0-9]+(-[a-z0-9]+)*")
DATE_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def check_id_matches_file(record: Record, record_type: RecordType) -> Iterator[Problem]:
    """A record's id equals its file name without .yaml."""
    stem = record.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    value = record.data.get("id")
    if isinstance(value, str) and value != stem:
        # A file name that is no id ('%2e%2e', 'Jane Example') is never offered as the id to set.
        other = f" or set id: {stem}" if ID_TEXT.fullmatch(stem) else ""
        yield problem(
            record,
            "id",
            "ID001",
            f"id {shown(value)} does not match the file name; rename the file to {value}.yaml{other}",
        )


def check_statement_ids(record: Record, record_type: RecordType) -> Iterator[Problem]:
    """Statement ids are unique within a record."""
    seen = set()
    for field_path, value in iter_pattern(record.data, "statements.*.id"):
        if value in seen:
            message = f"statement id {shown(value)} is used twice in this record; give each statement its own id"
            yield problem(record, field_path, "ID003", message)
        seen.add(value)


def check_dates(record: Record, record_type: RecordType) -> Iterator[Problem]:
    """Every date is a real calendar date."""
    for pattern in record_type.date_fields:
        for field_path, value in iter_pattern(record.data, pattern):
            message = impossible_date(value)
            if message:
                yield problem(record, field_path, "DATE001", message)


def impossible_date(value: Any) -> str | None:
    match = DATE_PATTERN.fullmatch(value) if isinstance(value, str) else None
    if not match or not match.group(3):
        return None
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return None
    days = calendar.monthrange(year, month)[1]
    if day > days:
        return f"{value} is not a real date ({calendar.month_name[month]} {year} has {days} days)"
    return None


def check_date_order(record: Record, record_type: RecordType) -> Iterator[Problem]:
    """In a mapping holding both, an end is not before its start (date/end_date, start/end, not_before/not_after)."""
    for parent in sorted({pattern.rpartition(".")[0] for pattern in record_type.date_fields}):
        mappings = iter_pattern(record.data, parent) if parent else iter([("", record.data)])
        for path, mapping in mappings:
            if isinstance(mapping, Mapping):
                yield from dates_out_of_order(record, path, mapping)


def dates_out_of_order(record: Record, path: str, mapping: Mapping[str, Any]) -> Iterator[Problem]:
    for earlier, later in DATE_ORDER:
        first, second = mapping.get(earlier), mapping.get(later)
        if isinstance(first, str) and isinstance(second, str) and second < first[: len(second)]:
            field_path = f"{path}.{later}" if path else later
            yield problem(
                record, field_path, "DATE002", f"{later} {second} is before {earlier} {first}; swap them or correct one"
            )


RECORD_CHECKS = (check_id_matches_file, check_statement_ids, check_dates, check_date_order)
