"""Link: turn valid records into an immutable Index the renderers and exporters read.

Takes records that passed validation; gives an `Index` holding the records by id, every reference
between them, the backlinks of each record, the timeline order of dated events and agreements, the
conflicts between statements and the records citing each source. Nothing here re-checks validity:
a reference that does not resolve is simply left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

from .load import Record
from .model import STATEMENT_REFERENCE_FIELD, iter_pattern, iter_references

TIMELINE_TYPES = ("event", "agreement")


@dataclass(frozen=True, order=True)
class Reference:
    """One field of one record naming another record."""

    source: str
    field: str
    target: str


@dataclass(frozen=True)
class Index:
    """Everything derived from the records; records themselves are never changed."""

    records: Mapping[str, Record]
    references: tuple[Reference, ...]
    backlinks: Mapping[str, tuple[Reference, ...]]
    outgoing: Mapping[str, tuple[Reference, ...]]
    timeline: tuple[str, ...]
    conflicts: tuple[tuple[str, str], ...]
    citing: Mapping[str, tuple[str, ...]]

    def of_type(self, record_type: str) -> tuple[Record, ...]:
        """The records of one type, sorted by id."""
        return tuple(r for r in self.records.values() if r.type == record_type)

    def statement(self, reference: str) -> Mapping[str, Any] | None:
        """The statement named by record-id#statement-id, if it exists."""
        record_id, _, statement_id = reference.partition("#")
        record = self.records.get(record_id)
        for statement in record.data.get("statements", []) if record else []:
            if statement.get("id") == statement_id:
                return statement
        return None


def link_records(records: Iterable[Record]) -> Index:
    """Build the Index of a valid fact base."""
    by_id = {r.id: r for r in sorted(records, key=lambda r: r.id)}
    references = tuple(sorted(collect_references(by_id)))
    return Index(
        records=MappingProxyType(by_id),
        references=references,
        backlinks=group_by(references, lambda r: r.target),
        outgoing=group_by(references, lambda r: r.source),
        timeline=timeline_order(by_id.values()),
        conflicts=collect_conflicts(by_id.values()),
        citing=group_citing(references, by_id),
    )


def collect_references(by_id: Mapping[str, Record]) -> set[Reference]:
    """Every resolvable reference; a record referring to itself is not a link."""
    found = set()
    for record in by_id.values():
        for field_path, target, _ in iter_references(record.type, record.data):
            if target in by_id and target != record.id:
                found.add(Reference(record.id, field_path, target))
    return found


def group_by(references: tuple[Reference, ...], key: Callable[[Reference], str]) -> Mapping[str, tuple[Reference, ...]]:
    """References grouped by one end (the target for backlinks, the source for outgoing links)."""
    grouped: dict[str, list[Reference]] = defaultdict(list)
    for reference in references:
        grouped[key(reference)].append(reference)
    return MappingProxyType({record_id: tuple(refs) for record_id, refs in sorted(grouped.items())})


def group_citing(references: tuple[Reference, ...], by_id: Mapping[str, Record]) -> Mapping[str, tuple[str, ...]]:
    """For each source, the ids of the records whose citations name it."""
    grouped: dict[str, set[str]] = defaultdict(set)
    for reference in references:
        if reference.field.rpartition(".")[2] == "source" and by_id[reference.target].type == "source":
            grouped[reference.target].add(reference.source)
    return MappingProxyType({source: tuple(sorted(ids)) for source, ids in sorted(grouped.items())})


def date_key(value: str) -> tuple[str, int]:
    """Sort key placing a partial date at its start, before the exact dates inside it."""
    return value, len(value)


def timeline_order(records: Iterable[Record]) -> tuple[str, ...]:
    """Ids of the dated events and agreements, earliest first; ties broken by id."""
    dated = [r for r in records if r.type in TIMELINE_TYPES and isinstance(r.data.get("date"), str)]
    return tuple(r.id for r in sorted(dated, key=lambda r: (date_key(r.data["date"]), r.id)))


def collect_conflicts(records: Iterable[Record]) -> tuple[tuple[str, str], ...]:
    """Each pair of conflicting statements once, as (record#statement, record#statement) sorted."""
    pairs = set()
    for record in records:
        for field_path, other in iter_pattern(record.data, STATEMENT_REFERENCE_FIELD):
            statement_index = int(field_path.split(".")[1])
            own = f"{record.id}#{record.data['statements'][statement_index]['id']}"
            pairs.add(tuple(sorted((own, other))))
    return tuple(sorted(pairs))
