"""The record model's cross-record rules that a JSON Schema cannot state: which fields refer to
which record types, and which fields hold dates. Shared by validate (which checks them) and link
(which follows them), so both read the same table."""

from __future__ import annotations

from typing import Any, Iterator, Mapping

AGENTS = ("person", "organization")

# Field paths ('*' is any list index) that hold references, and the types they may point at.
REFERENCE_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "source": {"publisher": ("organization",), "cited_through.*": ("source",)},
    "person": {"roles.*.organization": ("organization",)},
    "organization": {"parent": ("organization",)},
    "event": {"participants.*": AGENTS, "part_of": ("event",), "topics.*": ("topic",)},
    "agreement": {"parties.*": AGENTS, "authors.*": AGENTS, "adopted_at": ("event",), "topics.*": ("topic",)},
    "topic": {"positions.*.held_by": AGENTS, "related_topics.*": ("topic",)},
}
COMMON_REFERENCE_FIELDS: dict[str, tuple[str, ...]] = {
    "statements.*.said_by": AGENTS,
    "citations.*.source": ("source",),
    "statements.*.citations.*.source": ("source",),
    "roles.*.citations.*.source": ("source",),
    "positions.*.citations.*.source": ("source",),
}
STATEMENT_REFERENCE_FIELD = "statements.*.conflicts_with.*"
DATE_FIELDS = frozenset({"date", "end_date", "as_of", "start", "end", "not_before", "not_after"})
# (earlier, later) field pairs that must not be out of order within one mapping.
DATE_ORDER = (("date", "end_date"), ("start", "end"), ("not_before", "not_after"))


def reference_fields(record_type: str) -> dict[str, tuple[str, ...]]:
    """Every reference field pattern of a type, with the types each may point at."""
    return {**REFERENCE_FIELDS.get(record_type, {}), **COMMON_REFERENCE_FIELDS}


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


def iter_references(record_type: str, data: Mapping[str, Any]) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Yield (field path, referenced id, allowed types) for every string reference in a record."""
    for pattern, types in reference_fields(record_type).items():
        for field_path, value in iter_pattern(data, pattern):
            if isinstance(value, str):
                yield field_path, value, types


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


def iter_mappings(data: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any]]]:
    """Yield (path, mapping) for the record and every mapping nested in it."""
    if isinstance(data, Mapping):
        yield path, data
        for key, value in data.items():
            yield from iter_mappings(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from iter_mappings(item, (*path, str(index)))
