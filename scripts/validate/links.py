"""Link checks: the rules between records. Ids, current and previous, are unique; every reference
resolves to a record of an allowed type (a statement reference, to an existing statement), by its
current id, and not to a withdrawn record; 'confirmed' rests on a party's word or two sources.

Takes every record as the schema accepted it, the record types and the `Ids` of the fact base;
gives a Problem for each id used twice and each reference that names nothing, the wrong kind of
record, an old id or a withdrawn record, with the closest existing id as a suggestion.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..model import Record, RecordType, StatementRef, find_statement, iter_references, iter_statement_references
from ..problems import Problem
from .messages import problem, shown

STATEMENT_ID = "statements.*.id"


@dataclass(frozen=True)
class Ids:
    """The records by current id, and by each id they had before a rename; and the ids of record
    files that could not be read, whose own problem already says why a reference to them finds nothing."""

    by_id: Mapping[str, Record]
    renamed: Mapping[str, Record]
    unreadable: frozenset[str] = frozenset()

    @classmethod
    def of(cls, records: Iterable[Record], unreadable: Iterable[str] = ()) -> Ids:
        by_id: dict[str, Record] = {}
        renamed: dict[str, Record] = {}
        for record in sorted(records, key=lambda r: r.path):
            by_id.setdefault(record.id, record)
            for old in previous_ids(record):
                renamed.setdefault(old, record)
        return cls(by_id, renamed, frozenset(unreadable) - by_id.keys())


def previous_ids(record: Record) -> list[str]:
    found: Any = record.data.get("previous_ids")
    return [value for value in found or () if isinstance(value, str)]


def check_unique_ids(records: tuple[Record, ...]) -> Iterator[Problem]:
    """No two records share an id."""
    first: dict[str, Record] = {}
    for record in sorted(records, key=lambda r: r.path):
        if record.id in first:
            yield problem(
                record,
                "id",
                "ID002",
                f"id {shown(record.id)} is already used by {first[record.id].path}; choose another id",
            )
        else:
            first[record.id] = record


def check_previous_ids(records: tuple[Record, ...]) -> Iterator[Problem]:
    """A previous id names one record only: it is no record's current id and no other record's previous id."""
    current = {record.id: record for record in sorted(records, key=lambda r: r.path)}
    claimed: dict[str, Record] = {}
    for record in sorted(records, key=lambda r: r.path):
        for index, old in enumerate(previous_ids(record)):
            owner = current.get(old) or claimed.get(old)
            if owner is not None:
                whose = "its own id" if owner is record else f"an id of {owner.path}"
                message = f"previous id {shown(old)} is {whose}; an id, current or previous, names one record only"
                yield problem(record, f"previous_ids.{index}", "ID004", message)
            claimed.setdefault(old, record)


def check_references(record: Record, record_type: RecordType, ids: Ids) -> Iterator[Problem]:
    """Every reference names an existing record of an allowed type, by its current id, not a withdrawn one."""
    for field_path, target, types in iter_references(record_type, record.data):
        found = ids.by_id.get(target)
        wanted = " or ".join(types)
        if found is None and target in ids.renamed:
            yield renamed_reference(record, field_path, target, ids.renamed[target])
        elif found is None and target in ids.unreadable:
            continue  # the unreadable file's own problem is the one to fix
        elif found is None:
            guess = difflib.get_close_matches(target, [i for i, r in ids.by_id.items() if r.type in types], n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            yield problem(record, field_path, "REF001", f"no {wanted} has id {shown(target)}{hint}")
        elif found.type not in types:
            message = f"{shown(target)} is a {found.type} ({found.path}), but this field needs a {wanted}"
            yield problem(record, field_path, "REF002", message)
        elif withdrawn(found) and found is not record:
            yield withdrawn_reference(record, field_path, found)


def withdrawn(record: Record) -> bool:
    return isinstance(record.data.get("withdrawn"), Mapping)


def renamed_reference(record: Record, field_path: str, old: str, current: Record) -> Problem:
    message = f"{shown(old)} is a previous id of {shown(current.id)} ({current.path}); refer to {shown(current.id)}"
    return problem(record, field_path, "REF003", message)


def withdrawn_reference(record: Record, field_path: str, target: Record) -> Problem:
    notice: Any = target.data.get("withdrawn")
    when = f" on {notice['date']}" if isinstance(notice.get("date"), str) else ""
    message = f"{shown(target.id)} was withdrawn{when} ({target.path}); remove the reference or refer to another record"
    return problem(record, field_path, "REF004", message)


def check_statement_references(record: Record, record_type: RecordType, ids: Ids) -> Iterator[Problem]:
    """Every record-id#statement-id names an existing statement (or one whose id its schema refused,
    which is reported in that record), by its record's current id, not a withdrawn one."""
    for field_path, reference in iter_statement_references(record_type, record.data):
        target = ids.by_id.get(reference.record_id)
        if target is None and reference.record_id in ids.renamed:
            yield renamed_reference(record, field_path, reference.record_id, ids.renamed[reference.record_id])
        elif target is None and reference.record_id in ids.unreadable:
            continue  # the unreadable file's own problem is the one to fix
        elif target is not None and withdrawn(target) and target is not record:
            yield withdrawn_reference(record, field_path, target)
        elif find_statement(target, reference.statement_id) is None and not (
            target and target.refused_at(STATEMENT_ID)
        ):
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
    return (
        f"{reference.record_id} has statements: {', '.join(names)}"
        if names
        else f"{reference.record_id} has no statements"
    )


# -- what 'confirmed' needs -----------------------------------------------------------------------
# Fields naming a record's parties: its participants, the parties and authors of an agreement.
PARTY_FIELDS = ("participants", "parties", "authors")
AGENT_TYPES = ("person", "organization")
# What the rule reads in a record: the sources cited, and for a statement or position its speaker and
# the record's parties. A value there that the schema refused is reported as a shape problem; judging
# the rule without it would report the same mistake again, in other words.
CITED = "citations.*.source"
PARTY_READS = tuple(f"{key}.*" for key in PARTY_FIELDS)


def check_confirmed(record: Record, record_type: RecordType, ids: Ids) -> Iterator[Problem]:
    """'confirmed' rests on a party's own statement (said_by is a party, or works for one) or on two
    independent sources; judged only on values the schemas accepted (see refused_reads)."""
    by_id = ids.by_id
    parties = party_ids(record, by_id)
    citations = record.data.get("citations")
    if record.data.get("status") == "confirmed" and not record.refused_at(CITED) and not independent(citations, by_id):
        yield unconfirmed(record, "status", "this record", citations, by_id)
    for key, speaker_key in (("statements", "said_by"), ("positions", "held_by")):
        items: Any = record.data.get(key)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, Mapping) or item.get("status") != "confirmed" or refused_reads(record, key, index):
                continue
            speaker = item.get("said_by") if key == "positions" and "said_by" in item else item.get(speaker_key)
            own_word = (
                (speaker_key == "held_by" and "said_by" not in item)
                or speaker in parties
                or works_for(speaker, parties, by_id)
            )
            if not own_word and not independent(item.get("citations"), by_id):
                yield unconfirmed(record, f"{key}.{index}.status", f"this {key[:-1]}", item.get("citations"), by_id)


def refused_reads(record: Record, key: str, index: int) -> bool:
    """Whether the schema refused a value the rule reads for one statement or position."""
    reads = (f"{key}.{index}.said_by", f"{key}.{index}.{CITED}", *PARTY_READS)
    return any(record.refused_at(pattern) for pattern in reads)


def party_ids(record: Record, by_id: Mapping[str, Record]) -> set[str]:
    """Who can confirm something about a record in their own words: the record itself, when it is a
    person or organization, and its participants, parties and authors."""
    parties = {record.id} if record.type in AGENT_TYPES else set()
    for key in PARTY_FIELDS:
        values: Any = record.data.get(key)
        parties |= {value for value in values or () if isinstance(value, str)}
    return parties


def works_for(speaker: Any, parties: set[str], by_id: Mapping[str, Record]) -> bool:
    """Whether a person holds a role in one of the parties or in an organization they are part of.

    A role or parent organization that its schema refused (a problem of that record) may have been
    one, so it counts as one: the record that cites the person is not blamed for it.
    """
    person = by_id.get(speaker) if isinstance(speaker, str) else None
    if person is not None and person.refused_at("roles.*.organization"):
        return True
    roles: Any = person.data.get("roles") if person else None
    for role in roles or ():
        organization = role.get("organization") if isinstance(role, Mapping) else None
        seen: set[str] = set()
        while isinstance(organization, str) and organization not in seen:
            parent = by_id.get(organization)
            if organization in parties or (parent is not None and parent.refused_at("parent")):
                return True
            seen.add(organization)
            organization = parent.data.get("parent") if parent else None
    return False


def held_texts(source_id: Any, by_id: Mapping[str, Record]) -> frozenset[str]:
    """The texts a source's words come from: its own, or those it was cited through (an interview
    known only through one article is that article's word, not a second source). A source whose
    sha256 or cited_through its schema refused (a problem of that source) counts as its own text."""
    source = by_id.get(source_id) if isinstance(source_id, str) else None
    if source is None:
        return frozenset()
    through: Any = source.data.get("cited_through")
    if "sha256" in source.data or source.refused_at("sha256") or source.refused_at("cited_through.*"):
        return frozenset([source.id])
    return frozenset(i for i in through or () if isinstance(i, str))


def independent(citations: Any, by_id: Mapping[str, Record]) -> bool:
    """Whether two of the citations come from texts that share nothing."""
    origins = [held_texts(c.get("source"), by_id) for c in citations or () if isinstance(c, Mapping)]
    return any(
        first and second and first.isdisjoint(second) for i, first in enumerate(origins) for second in origins[i + 1 :]
    )


def unconfirmed(record: Record, field_path: str, what: str, citations: Any, by_id: Mapping[str, Record]) -> Problem:
    cited = sorted(
        {c["source"] for c in citations or () if isinstance(c, Mapping) and isinstance(c.get("source"), str)}
    )
    texts = sorted(set().union(*(held_texts(source, by_id) for source in cited))) if cited else []
    through = [source for source in cited if source not in texts]
    note = f" ({', '.join(shown(s) for s in through)} known only through it)" if through and texts else ""
    message = (
        f"'confirmed' needs a party's own statement or two independent sources, but {what} rests on "
        f"{' and '.join(shown(t) for t in texts) or 'no held text'} alone{note}; use 'reported' (a source reports it) "
        "or 'announced' (a party's official stated it), or cite a second, independent source"
    )
    return problem(record, field_path, "STATUS001", message)


LINK_CHECKS = (check_references, check_statement_references, check_confirmed)
