"""Index: valid records turned into one immutable value the renderers and exporters read.

Takes records that passed validation and the record types; gives an `Index` holding the records by
id, the types, every reference between records, the backlinks and outgoing links of each record,
the timeline order of dated records, the conflicts between statements, the records citing each
source, and the history of the facts (scripts/link/history.py): what each commit changed in each
record and so when each record last changed. Nothing here re-checks validity: a reference that
does not resolve is simply left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..model import (
    SOURCE_TYPE,
    Record,
    RecordType,
    RecordTypes,
    StatementRef,
    find_statement,
    iter_references,
    iter_statement_references,
)
from .history import FactHistory, HistoryEntry


@dataclass(frozen=True, order=True)
class Reference:
    """One field of one record (the referrer) naming another record (the target)."""

    referrer: str
    field: str
    target: str


@dataclass(frozen=True)
class Index:
    """Everything derived from the records; records themselves are never changed."""

    types: RecordTypes
    records: Mapping[str, Record]
    references: tuple[Reference, ...]
    backlinks: Mapping[str, tuple[Reference, ...]]
    outgoing: Mapping[str, tuple[Reference, ...]]
    timeline: tuple[str, ...]
    conflicts: tuple[tuple[StatementRef, StatementRef], ...]
    citing: Mapping[str, tuple[str, ...]]
    withdrawn: frozenset[str] = frozenset()
    history: FactHistory = field(default_factory=FactHistory)

    def of_type(self, record_type: str) -> tuple[Record, ...]:
        """The records of one type, sorted by id, withdrawn ones included (their data stays published)."""
        return tuple(r for r in self.records.values() if r.type == record_type)

    def listed(self, record_type: str) -> tuple[Record, ...]:
        """The records of one type a reader browses: those not withdrawn, sorted by id."""
        return tuple(r for r in self.of_type(record_type) if r.id not in self.withdrawn)

    def type_of(self, record: Record) -> RecordType:
        return self.types[record.type]

    def statement(self, reference: StatementRef) -> Mapping[str, Any] | None:
        """The statement a reference names, if it exists."""
        return find_statement(self.records.get(reference.record_id), reference.statement_id)

    def last_change(self, record: Record) -> HistoryEntry | None:
        """The newest commit that changed the record's data (not merely its file), if known."""
        return self.history.last_changed(record.id)

    def last_changed(self, record: Record) -> str | None:
        """The UTC date of the record's last change, if the history is known."""
        entry = self.last_change(record)
        return entry.date if entry else None


def link_records(records: Iterable[Record], types: RecordTypes, history: FactHistory | None = None) -> Index:
    """Build the Index of a valid fact base, with its history (scripts/link/history.py; unavailable
    when not given). A withdrawn record keeps its page and data but links to nothing and is on no
    timeline or list: it is left out of everything derived here."""
    by_id = {r.id: r for r in sorted(records, key=lambda r: r.id)}
    current = {i: r for i, r in by_id.items() if not isinstance(r.data.get("withdrawn"), Mapping)}
    references = tuple(sorted(collect_references(current, by_id, types)))
    return Index(
        types=types,
        records=MappingProxyType(by_id),
        references=references,
        backlinks=group_by(references, lambda r: r.target),
        outgoing=group_by(references, lambda r: r.referrer),
        timeline=timeline_order(current.values(), types),
        conflicts=collect_conflicts(current.values(), types),
        citing=group_citing(references, by_id),
        withdrawn=frozenset(by_id.keys() - current.keys()),
        history=history or FactHistory(),
    )


def collect_references(
    referrers: Mapping[str, Record], by_id: Mapping[str, Record], types: RecordTypes
) -> set[Reference]:
    """Every resolvable reference from the given records; a record referring to itself is not a link."""
    found = set()
    for record in referrers.values():
        for field_path, target, _ in iter_references(types[record.type], record.data):
            if target in by_id and target != record.id:
                found.add(Reference(record.id, field_path, target))
    return found


def group_by(references: tuple[Reference, ...], key: Callable[[Reference], str]) -> Mapping[str, tuple[Reference, ...]]:
    """References grouped by one end (the target for backlinks, the referrer for outgoing links)."""
    grouped: dict[str, list[Reference]] = defaultdict(list)
    for reference in references:
        grouped[key(reference)].append(reference)
    return MappingProxyType({record_id: tuple(refs) for record_id, refs in sorted(grouped.items())})


def group_citing(references: tuple[Reference, ...], by_id: Mapping[str, Record]) -> Mapping[str, tuple[str, ...]]:
    """For each source, the ids of the records whose citations name it."""
    grouped: dict[str, set[str]] = defaultdict(set)
    for reference in references:
        if reference.field.rpartition(".")[2] == "source" and by_id[reference.target].type == SOURCE_TYPE:
            grouped[reference.target].add(reference.referrer)
    return MappingProxyType({source: tuple(sorted(ids)) for source, ids in sorted(grouped.items())})


def date_key(value: str) -> tuple[str, int]:
    """Sort key placing a partial date at its start, before the exact dates inside it."""
    return value, len(value)


def timeline_order(records: Iterable[Record], types: RecordTypes) -> tuple[str, ...]:
    """Ids of the dated records of the types on the timeline, earliest first; ties broken by id."""
    dated = [r for r in records if types[r.type].on_timeline and isinstance(r.data.get("date"), str)]
    return tuple(r.id for r in sorted(dated, key=lambda r: (date_key(r.data["date"]), r.id)))


def collect_conflicts(records: Iterable[Record], types: RecordTypes) -> tuple[tuple[StatementRef, StatementRef], ...]:
    """Each pair of conflicting statements once, the two in order, the pairs sorted."""
    pairs = set()
    for record in records:
        for field_path, other in iter_statement_references(types[record.type], record.data):
            statement_index = int(field_path.split(".")[1])
            own = StatementRef(record.id, record.data["statements"][statement_index]["id"])
            first, second = sorted((own, other))
            pairs.add((first, second))
    return tuple(sorted(pairs))
