"""History: what each commit changed in each record, in the terms of the facts, not of the files.

Takes the `Revision`s of the fact history (scripts/load/revisions.py: each commit's changed records
before and after it, oldest first) and the record types; gives a `FactHistory`: one `HistoryEntry`
per commit and record whose parsed data the commit changed, newest first, each listing its `Change`s.
Every commit is compared by `compare_records` (scripts/link/compare.py), the record-by-record part
of the comparison `make diff` prints, so the history and the diff cannot disagree: a commit that
changes no parsed data (rewrapping prose, comments, the order of keys) changes nothing here. A
record's earlier ids are followed, so a renamed record's entries from before its rename are its own
(joined by the rename a commit shows, or by the old id its previous_ids keep). Pure: no files, no
git, no clock.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from ..load.revisions import Revision
from ..model import Record, RecordTypes, record_name, utc_date
from .compare import FieldChange, RecordChange, RecordChanges, Side, compare_records, previous_ids

# The kinds of change that concern a whole record; the others are FieldChange kinds (compare.py).
RECORD_ADDED = "record added"
RECORD_REMOVED = "record removed"
RECORD_RENAMED = "record renamed"
RECORD_MOVED = "record moved"
# Lists whose items a reader knows by their text: a change inside one names the item.
PARTS = ("statements", "positions", "roles")


@dataclass(frozen=True)
class Change:
    """One thing a commit changed in a record: a kind (record added, removed, renamed or moved, or a
    FieldChange kind: changed, status, added, removed, reordered, citation added or removed), the
    dotted field path as `make diff` shows it, the old and new values, and the statement, position
    or role the field belongs to, named by its text ('' for a top-level field)."""

    kind: str
    field: str
    old: Any = None
    new: Any = None
    part: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    """What one commit changed in one record. `record_id` is the id the record has now (or had last,
    if it is gone); `id` and `name` are its id and name as the commit left them (before it, for a
    removal), so an entry names the record as it was."""

    commit: str
    time: int
    type: str
    record_id: str
    id: str
    name: str
    changes: tuple[Change, ...]

    @property
    def date(self) -> str:
        """The UTC date of the commit."""
        return utc_date(self.time)

    @property
    def action(self) -> str:
        """added, removed, renamed or changed: what happened to the record as a whole."""
        first = self.changes[0].kind
        return {RECORD_ADDED: "added", RECORD_REMOVED: "removed", RECORD_RENAMED: "renamed"}.get(first, "changed")


@dataclass(frozen=True)
class FactHistory:
    """Every entry, newest first (within a commit by type and id), and each record's own entries.

    `available` is False when the build could not read the history (outside git, a shallow clone);
    `unavailable` then says why, in words for the reader."""

    available: bool = False
    unavailable: str = ""
    entries: tuple[HistoryEntry, ...] = ()
    by_record: Mapping[str, tuple[HistoryEntry, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def of(self, record_id: str) -> tuple[HistoryEntry, ...]:
        """A record's entries, newest first."""
        return self.by_record.get(record_id, ())

    def last_changed(self, record_id: str) -> HistoryEntry | None:
        """The record's last change: the newest commit that changed its data."""
        entries = self.of(record_id)
        return entries[0] if entries else None

    def last_change(self) -> HistoryEntry | None:
        """The fact base's last change."""
        return self.entries[0] if self.entries else None


class Lineage:
    """Which record each id has named: an id keeps the key of the record it first named, a rename
    passes the old id's key to the new id, and each key remembers the latest id it goes by."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}
        self.latest: dict[str, str] = {}

    def key(self, record_id: str) -> str:
        key = self.keys.setdefault(record_id, record_id)
        self.latest.setdefault(key, record_id)
        return key

    def join(self, old_id: str, new_id: str) -> str:
        """new_id names the record old_id named; gives their shared key."""
        key = self.key(old_id)
        self.keys[new_id] = key
        self.latest[key] = new_id
        return key

    def now(self, key: str) -> str:
        return self.latest.get(key, key)


def link_history(revisions: Sequence[Revision] | None, types: RecordTypes, unavailable: str = "") -> FactHistory:
    """The fact history of the revisions, oldest first; an unavailable history when there are none."""
    if revisions is None:
        return FactHistory(False, unavailable)
    lineage = Lineage()
    entries = [entry for revision in revisions for entry in commit_entries(revision, types, lineage)]
    entries = [replace(entry, record_id=lineage.now(entry.record_id)) for entry in reversed(entries)]
    grouped: dict[str, list[HistoryEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.record_id, []).append(entry)
    by_record = MappingProxyType({record_id: tuple(found) for record_id, found in sorted(grouped.items())})
    return FactHistory(True, "", tuple(entries), by_record)


def commit_entries(revision: Revision, types: RecordTypes, lineage: Lineage) -> list[HistoryEntry]:
    """One commit's entries, by type and id (reversed, as the caller reverses the whole list)."""
    before = Side("before", revision.before, revision.before_problems, types)
    after = Side(revision.commit, revision.after, revision.after_problems, types)
    comparison = compare_records(before, after)
    old, new = before.by_id(), after.by_id()
    found = [*added(comparison, new, lineage), *removed(comparison, old, lineage)]
    found += [renamed(change, old[change.old_id], new[change.id], lineage) for change in comparison.renamed]
    found += [changed(change, old[change.id], new[change.id], lineage) for change in comparison.changed]
    entries = [
        HistoryEntry(revision.commit, revision.time, record.type, key, record.id, record_name(record), changes)
        for record, key, changes in found
        if changes
    ]
    return sorted(entries, key=lambda e: (e.type, e.id), reverse=True)


# A record as the commit left it (as it was, for a removal), its lineage key, and what changed in it.
Found = tuple[Record, str, tuple[Change, ...]]


def added(comparison: RecordChanges, new: Mapping[str, Record], lineage: Lineage) -> Iterator[Found]:
    """Records added; one whose previous_ids name a record seen before continues that record."""
    for name in comparison.added:
        record = new[name.id]
        earlier = [old for old in previous_ids(record) if old in lineage.keys]
        key = lineage.join(earlier[0], record.id) if earlier else lineage.key(record.id)
        yield record, key, (Change(RECORD_ADDED, ""),)


def removed(comparison: RecordChanges, old: Mapping[str, Record], lineage: Lineage) -> Iterator[Found]:
    for name in comparison.removed:
        yield old[name.id], lineage.key(name.id), (Change(RECORD_REMOVED, ""),)


def renamed(change: RecordChange, old: Record, new: Record, lineage: Lineage) -> Found:
    """The rename first, then what else changed, less the previous_ids entry that only keeps the old id."""
    rename = Change(RECORD_RENAMED, "id", change.old_id, change.id)
    kept = [c for c in change.changes if not keeps_old_id(c, change.old_id)]
    return new, lineage.join(change.old_id, change.id), (rename, *moved(old, new), *with_parts(kept, old, new))


def keeps_old_id(change: FieldChange, old_id: str) -> bool:
    return change.field == "previous_ids" and change.kind == "added" and change.new in (old_id, [old_id])


def changed(change: RecordChange, old: Record, new: Record, lineage: Lineage) -> Found:
    """A record present before and after: its field changes, and its type if its file changed folder.
    A file moved without a change of type or data is no change to the facts."""
    return new, lineage.key(new.id), (*moved(old, new), *with_parts(change.changes, old, new))


def moved(old: Record, new: Record) -> tuple[Change, ...]:
    return (Change(RECORD_MOVED, "type", old.type, new.type),) if old.type != new.type else ()


def with_parts(changes: Sequence[FieldChange], old: Record, new: Record) -> tuple[Change, ...]:
    return tuple(with_part(change, old, new) for change in changes)


def with_part(change: FieldChange, old: Record, new: Record) -> Change:
    """A FieldChange with the statement, position or role it falls in named by its text."""
    return Change(change.kind, change.field, change.old, change.new, part_name(change, old.data, new.data))


def part_name(change: FieldChange, old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """The text of the list item (statement, position, role) a field is inside; '' for a top-level
    field or for the item itself being added or removed (its value says what it was)."""
    parts = change.field.split(".")
    if len(parts) < 3 or parts[0] not in PARTS or not parts[1].isdigit():
        return ""
    for data in (new, old):
        items = data.get(parts[0])
        position = int(parts[1])
        if isinstance(items, list) and position < len(items) and isinstance(items[position], Mapping):
            item = items[position]
            return str(item.get("text") or item.get("title") or item.get("id") or "")
    return ""
