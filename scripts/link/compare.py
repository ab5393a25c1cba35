"""Compare: two loaded fact bases, record by record, down to the field.

Takes two `Side`s (the records, load problems and record types of a base and a head); gives a
`Comparison`: records added, removed, renamed and changed, each change down to its field path with
the old and new value, citations added and removed (a quote corrected in place is a change of that
quote), status changes marked, and the references in the head that the change breaks (a target that
resolved in the base and no longer does). `make diff` prints it; scripts/link/history.py makes the
history of the facts from it, one commit at a time. Pure: no files, no git, no output.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..model import Record, RecordTypes, StatementRef, find_statement, iter_references, iter_statement_references
from ..problems import Problem

# Share of a record's fields (apart from its id) that must be equal for a removal and an addition
# of the same type to count as one rename.
RENAME_SIMILARITY = 0.5


@dataclass(frozen=True)
class Side:
    """One side of the comparison: its label (a revision or 'working tree'), records and problems."""

    label: str
    records: tuple[Record, ...]
    problems: tuple[Problem, ...]
    types: RecordTypes

    def by_id(self) -> dict[str, Record]:
        """Records by id; of two records sharing an id (a validation problem) the first path wins."""
        found: dict[str, Record] = {}
        for record in sorted(self.records, key=lambda r: r.path):
            found.setdefault(record.id, record)
        return found


@dataclass(frozen=True)
class FieldChange:
    """One difference inside a record: kind is changed, status, added, removed, reordered,
    citation added or citation removed; old and new are None where they do not apply."""

    field: str
    kind: str
    old: Any = None
    new: Any = None


@dataclass(frozen=True)
class RecordChange:
    """A record on both sides (or renamed): where it was, where it is, and what changed in it."""

    type: str
    id: str
    path: str
    old_id: str
    old_path: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, order=True)
class RecordName:
    type: str
    id: str
    path: str


@dataclass(frozen=True)
class BrokenReference:
    """A head record still pointing at a target the change removed. reason is removed, renamed
    (to renamed_to), statement removed, or unreadable (the target's file cannot be read any more)."""

    target: str
    reason: str
    renamed_to: str
    record_type: str
    record_id: str
    path: str
    field: str


@dataclass(frozen=True)
class Unreadable:
    side: str
    problem: Problem


@dataclass(frozen=True, order=True)
class DeadAddress:
    """A public address the change would leave answering nothing, and what keeps it alive."""

    type: str
    id: str
    path: str
    problem: str


@dataclass(frozen=True)
class Comparison:
    base: str
    head: str
    added: tuple[RecordName, ...]
    removed: tuple[RecordName, ...]
    renamed: tuple[RecordChange, ...]
    changed: tuple[RecordChange, ...]
    broken: tuple[BrokenReference, ...]
    unreadable: tuple[Unreadable, ...]
    dead_addresses: tuple[DeadAddress, ...] = ()

    def status_changes(self) -> list[tuple[RecordChange, FieldChange]]:
        return [
            (record, change)
            for record in self.renamed + self.changed
            for change in record.changes
            if change.kind == "status"
        ]

    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed or self.broken or self.unreadable)


def dead_addresses(
    removed: list[Record], renames: list[tuple[Record, Record]], moved: list[tuple[Record, Record]]
) -> Iterator[DeadAddress]:
    """Renames that do not keep the old id, deletions, and records moved to another type: each
    leaves a published address (a page, a JSON file) with nothing at it."""
    renamed_from = {old.id for old, _ in renames}
    for old, new in renames:
        if old.id not in previous_ids(new):
            fix = f"renamed to {new.id} without keeping the old id; add 'previous_ids: [{old.id}]' to {new.path}"
            yield DeadAddress(old.type, old.id, old.path, fix)
    for old in removed:
        if old.id not in renamed_from:
            fix = "deleted; withdraw it instead (keep the file, add 'withdrawn: {date, reason}')"
            yield DeadAddress(old.type, old.id, old.path, fix)
    for old, new in moved:
        yield DeadAddress(
            old.type, old.id, old.path, f"moved from {old.type} to {new.type}, so its address changes; keep its type"
        )


def previous_ids(record: Record) -> list[str]:
    found: Any = record.data.get("previous_ids")
    return [value for value in found or () if isinstance(value, str)]


@dataclass(frozen=True)
class RecordChanges:
    """What differs record by record: records added and removed (names), renamed and changed."""

    added: tuple[RecordName, ...]
    removed: tuple[RecordName, ...]
    renamed: tuple[RecordChange, ...]
    changed: tuple[RecordChange, ...]


@dataclass(frozen=True)
class Matching:
    """The records of two sides paired by id, then renames paired among the rest."""

    old: Mapping[str, Record]
    new: Mapping[str, Record]
    removed: list[Record]
    added: list[Record]
    renames: list[tuple[Record, Record]]
    unreadable: set[str]


def match_records(base: Side, head: Side) -> Matching:
    """Pair the records of two sides: by id, then renames by previous_ids, then by similarity. A
    record whose file cannot be read on either side is neither added nor removed."""
    old, new = base.by_id(), head.by_id()
    unreadable_paths = {p.path for p in base.problems} | {p.path for p in head.problems}
    removed = [r for i, r in old.items() if i not in new and r.path not in unreadable_paths]
    added = [r for i, r in new.items() if i not in old and r.path not in unreadable_paths]
    renames = declared_renames(removed, added)
    renames += match_renames(
        [r for r in removed if r.id not in {a.id for a, _ in renames}],
        [r for r in added if r.id not in {b.id for _, b in renames}],
    )
    return Matching(old, new, removed, added, renames, unreadable_paths)


def record_changes(matching: Matching) -> RecordChanges:
    """The records added, removed, renamed and changed (in data or file), each sorted."""
    old, new, renames = matching.old, matching.new, matching.renames
    renamed_old = {a.id for a, _ in renames}
    renamed_new = {b.id for _, b in renames}
    changed = [record_change(old[i], new[i]) for i in sorted(old.keys() & new.keys())]
    return RecordChanges(
        tuple(sorted(name(r) for r in matching.added if r.id not in renamed_new)),
        tuple(sorted(name(r) for r in matching.removed if r.id not in renamed_old)),
        tuple(sorted((record_change(a, b) for a, b in renames), key=lambda c: (c.type, c.old_id))),
        tuple(sorted((c for c in changed if c.changes or c.path != c.old_path), key=lambda c: (c.type, c.id))),
    )


def compare_records(base: Side, head: Side) -> RecordChanges:
    """What differs record by record, without the references and addresses it breaks: what the
    history of the facts (scripts/link/history.py) records for each commit."""
    return record_changes(match_records(base, head))


def compare(base: Side, head: Side) -> Comparison:
    """Everything that differs between two fact bases, sorted."""
    matching = match_records(base, head)
    old, new, renames = matching.old, matching.new, matching.renames
    records = record_changes(matching)
    moved = [(old[i], new[i]) for i in old.keys() & new.keys() if old[i].type != new[i].type]
    broken = broken_references(head, old, new, {a.id: b.id for a, b in renames}, matching.unreadable)
    return Comparison(
        base.label,
        head.label,
        records.added,
        records.removed,
        records.renamed,
        records.changed,
        tuple(sorted(broken, key=broken_key)),
        tuple(Unreadable(side.label, p) for side in (base, head) for p in sorted(side.problems)),
        tuple(sorted(dead_addresses(matching.removed, renames, moved))),
    )


def name(record: Record) -> RecordName:
    return RecordName(record.type, record.id, record.path)


def broken_key(broken: BrokenReference) -> tuple[str, ...]:
    return (broken.target, broken.record_id, broken.field)


def record_change(old: Record, new: Record) -> RecordChange:
    changes = tuple(diff_value(without_id(old.data), without_id(new.data), ()))
    return RecordChange(new.type, new.id, new.path, old.id, old.path, changes)


def without_id(data: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "id"}


# -- renames --------------------------------------------------------------------------------------


def declared_renames(removed: list[Record], added: list[Record]) -> list[tuple[Record, Record]]:
    """Records whose previous_ids name a removed record of the same type: renamed, whatever else changed."""
    by_id = {record.id: record for record in removed}
    return [
        (by_id[old], new) for new in added for old in previous_ids(new) if old in by_id and by_id[old].type == new.type
    ]


def match_renames(removed: list[Record], added: list[Record]) -> list[tuple[Record, Record]]:
    """Pair removed and added records of one type whose fields are mostly the same, best first."""
    scored = []
    for old in removed:
        for new in added:
            if old.type == new.type:
                score = similarity(old.data, new.data)
                if score >= RENAME_SIMILARITY:
                    scored.append((-score, old.id, new.id, old, new))
    pairs, used = [], set()
    for _, old_id, new_id, old, new in sorted(scored, key=lambda s: s[:3]):
        if old_id not in used and new_id not in used:
            used |= {old_id, new_id}
            pairs.append((old, new))
    return pairs


def similarity(old: Mapping[str, Any], new: Mapping[str, Any]) -> float:
    """Shared (field path, value) leaves over all leaves, the id aside: 1.0 for a pure rename."""
    first, second = set(leaves(without_id(old))), set(leaves(without_id(new)))
    every = first | second
    return len(first & second) / len(every) if every else 1.0


def leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, str(index)))
    else:
        yield ".".join(path), json.dumps(value)


# -- field differences ----------------------------------------------------------------------------


def diff_value(old: Any, new: Any, path: tuple[str, ...]) -> Iterator[FieldChange]:
    """The changes that turn old into new, in field order."""
    if old == new:
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        yield from diff_mapping(old, new, path)
    elif isinstance(old, list) and isinstance(new, list):
        yield from diff_list(old, new, path)
    else:
        kind = "status" if path and path[-1] == "status" else "changed"
        yield FieldChange(dotted(path), kind, old, new)


def diff_mapping(old: Mapping[str, Any], new: Mapping[str, Any], path: tuple[str, ...]) -> Iterator[FieldChange]:
    for key in sorted(old.keys() | new.keys()):
        key_path = (*path, key)
        if key not in new:
            yield FieldChange(dotted(key_path), "removed", old[key], None)
        elif key not in old:
            yield FieldChange(dotted(key_path), "added", None, new[key])
        elif key == "citations" and isinstance(old[key], list) and isinstance(new[key], list):
            yield from diff_citations(old[key], new[key], key_path)
        else:
            yield from diff_value(old[key], new[key], key_path)


def diff_list(old: list[Any], new: list[Any], path: tuple[str, ...]) -> Iterator[FieldChange]:
    """Items with ids are matched by id, plain values as a set, anything else by position."""
    if keyed_by_id(old) and keyed_by_id(new):
        yield from diff_keyed(old, new, path)
    elif all(is_plain(item) for item in old + new):
        yield from diff_plain(old, new, path)
    else:
        for index, (before, after) in enumerate(zip(old, new, strict=False)):
            yield from diff_value(before, after, (*path, str(index)))
        for index in range(len(new), len(old)):
            yield FieldChange(dotted((*path, str(index))), "removed", old[index], None)
        for index in range(len(old), len(new)):
            yield FieldChange(dotted((*path, str(index))), "added", None, new[index])


def keyed_by_id(items: list[Any]) -> bool:
    ids = [item.get("id") for item in items if isinstance(item, Mapping)]
    return len(ids) == len(items) and all(isinstance(i, str) for i in ids) and len(set(ids)) == len(ids)


def is_plain(value: Any) -> bool:
    return not isinstance(value, (Mapping, list))


def diff_keyed(
    old: list[Mapping[str, Any]], new: list[Mapping[str, Any]], path: tuple[str, ...]
) -> Iterator[FieldChange]:
    """Statements are matched by their id, so inserting one does not make every later one change."""
    new_ids = {item["id"] for item in new}
    old_by_id = {item["id"]: item for item in old}
    for index, item in enumerate(old):
        if item["id"] not in new_ids:
            yield FieldChange(dotted((*path, str(index))), "removed", item, None)
    for index, item in enumerate(new):
        before = old_by_id.get(item["id"])
        if before is None:
            yield FieldChange(dotted((*path, str(index))), "added", None, item)
        else:
            yield from diff_value(before, item, (*path, str(index)))


def diff_plain(old: list[Any], new: list[Any], path: tuple[str, ...]) -> Iterator[FieldChange]:
    before, after = [json.dumps(v) for v in old], [json.dumps(v) for v in new]
    for value, key in zip(old, before, strict=False):
        if key not in after:
            yield FieldChange(dotted(path), "removed", value, None)
    for value, key in zip(new, after, strict=False):
        if key not in before:
            yield FieldChange(dotted(path), "added", None, value)
    if sorted(before) == sorted(after):
        yield FieldChange(dotted(path), "reordered", old, new)


def diff_citations(old: list[Any], new: list[Any], path: tuple[str, ...]) -> Iterator[FieldChange]:
    """Citations are matched by source and quote. Of the rest, two at the same position citing the
    same source are one citation whose quote was corrected (a change of its quote); any other is
    one removed or one added."""
    old_keys = [citation_key(c) for c in old]
    new_keys = [citation_key(c) for c in new]
    corrected = {
        index
        for index in range(min(len(old), len(new)))
        if old_keys[index] not in new_keys
        and new_keys[index] not in old_keys
        and citation_source(old[index]) == citation_source(new[index]) is not None
    }
    for index, (citation, key) in enumerate(zip(old, old_keys, strict=False)):
        if key not in new_keys and index not in corrected:
            yield FieldChange(dotted((*path, str(index))), "citation removed", citation, None)
    for index, (citation, key) in enumerate(zip(new, new_keys, strict=False)):
        if index in corrected:
            yield from diff_value(old[index], citation, (*path, str(index)))
        elif key not in old_keys:
            yield FieldChange(dotted((*path, str(index))), "citation added", None, citation)
        else:
            yield from diff_value(old[old_keys.index(key)], citation, (*path, str(index)))


def citation_source(citation: Any) -> Any:
    return citation.get("source") if isinstance(citation, Mapping) else None


def citation_key(citation: Any) -> str:
    if isinstance(citation, Mapping):
        return json.dumps([citation.get("source"), citation.get("quote")])
    return json.dumps(citation)


def dotted(path: tuple[str, ...]) -> str:
    return ".".join(path)


# -- broken references ----------------------------------------------------------------------------


def references(record: Record, types: RecordTypes) -> Iterator[tuple[str, str, StatementRef | None]]:
    """(field path, target id, statement or None) for every record and record-id#statement-id reference."""
    record_type = types.get(record.type)
    if record_type is None:
        return
    for field_path, target, _ in iter_references(record_type, record.data):
        yield field_path, target, None
    for field_path, reference in iter_statement_references(record_type, record.data):
        yield field_path, reference.record_id, reference


def resolves(target: str, statement: StatementRef | None, records: Mapping[str, Record]) -> bool:
    record = records.get(target)
    if statement is None:
        return record is not None
    return find_statement(record, statement.statement_id) is not None


def broken_references(
    head: Side, old: Mapping[str, Record], new: Mapping[str, Record], renames: Mapping[str, str], unreadable: set[str]
) -> Iterable[BrokenReference]:
    """Head references whose target resolved in the base and no longer does."""
    for record in new.values():
        for field_path, target, statement in references(record, head.types):
            if resolves(target, statement, old) and not resolves(target, statement, new):
                reason = break_reason(old[target], new, renames, unreadable)
                named = str(statement) if statement else target
                yield BrokenReference(
                    named, reason, renames.get(target, ""), record.type, record.id, record.path, field_path
                )


def break_reason(before: Record, new: Mapping[str, Record], renames: Mapping[str, str], unreadable: set[str]) -> str:
    if before.id in renames:
        return "renamed"
    if before.id in new:
        return "statement removed"
    return "unreadable" if before.path in unreadable else "removed"
