"""Link checks: the rules between records. Ids are unique, and every reference resolves to a record
of an allowed type (a statement reference, to an existing statement).

Takes every record as the schema accepted it, the record types and the records by id; gives a
Problem for each id used twice and each reference that names nothing or the wrong kind of record,
with the closest existing id as a suggestion.
"""

from __future__ import annotations

import difflib
from typing import Any, Iterator, Mapping

from ..model import Record, RecordType, StatementRef, find_statement, iter_references, iter_statement_references
from ..problems import Problem
from .messages import problem, shown


def check_unique_ids(records: tuple[Record, ...]) -> Iterator[Problem]:
    """No two records share an id."""
    first: dict[str, Record] = {}
    for record in sorted(records, key=lambda r: r.path):
        if record.id in first:
            yield problem(record, "id", "ID002", f"id {shown(record.id)} is already used by {first[record.id].path}; choose another id")
        else:
            first[record.id] = record


def check_references(record: Record, record_type: RecordType, by_id: Mapping[str, Record]) -> Iterator[Problem]:
    """Every reference names an existing record of an allowed type."""
    for field_path, target, types in iter_references(record_type, record.data):
        found = by_id.get(target)
        wanted = " or ".join(types)
        if found is None:
            guess = difflib.get_close_matches(target, [i for i, r in by_id.items() if r.type in types], n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            yield problem(record, field_path, "REF001", f"no {wanted} has id {shown(target)}{hint}")
        elif found.type not in types:
            message = f"{shown(target)} is a {found.type} ({found.path}), but this field needs a {wanted}"
            yield problem(record, field_path, "REF002", message)


def check_statement_references(record: Record, record_type: RecordType, by_id: Mapping[str, Record]) -> Iterator[Problem]:
    """Every record-id#statement-id names an existing statement."""
    for field_path, reference in iter_statement_references(record_type, record.data):
        target = by_id.get(reference.record_id)
        if find_statement(target, reference.statement_id) is None:
            message = f"no statement {shown(str(reference))} exists; {statement_hint(reference, target)}"
            yield problem(record, field_path, "REF001", message)


def statement_hint(reference: StatementRef, target: Record | None) -> str:
    if target is None:
        return f"no record has id {shown(reference.record_id)}; write record-id#statement-id of an existing statement"
    statements: Any = target.data.get("statements")
    names = [s["id"] for s in statements or () if isinstance(s, Mapping) and isinstance(s.get("id"), str)]
    guess = difflib.get_close_matches(reference.statement_id, names, n=1)
    if guess:
        return f"did you mean '{reference.record_id}#{guess[0]}'?"
    return f"{reference.record_id} has statements: {', '.join(names)}" if names else f"{reference.record_id} has no statements"


LINK_CHECKS = (check_references, check_statement_references)
