"""Schemas: read schemas/ and derive the table of record types from the annotations in them.

Takes the repository root; gives the schemas keyed by name ('common' for the shared definitions)
and `RecordTypes`, one `RecordType` per type schema. A schema states its type once:
  - `x-record-type` at its top: label, plural, index page, order, schema.org type, whether it is on
    the timeline and its column in the relationship graph (all optional, with defaults);
  - `x-refers-to` on a field: the record types whose ids it holds;
  - `x-jsonld` on a field: the schema.org property it becomes in a record's JSON-LD.
Draft 2020-12 keeps unknown keywords as annotations and draft-07 editors ignore them, so the rules a
validator checks are unchanged. Reference fields, date fields and table columns are found by walking
the schema, `$ref`s followed into common.schema.json, so adding a type is adding a schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..addresses import RESERVED_FOLDERS
from ..model import SCHEMAS_DIR, RecordType, RecordTypes

Schemas = Mapping[str, Mapping[str, Any]]
SUFFIX = ".schema.json"
COMMON = "common"
MAX_DEPTH = 6
SCALAR_TYPES = frozenset({"string", "number", "integer", "boolean"})


class NotAFactBase(Exception):
    """The folder has no usable schemas/: the command was pointed at the wrong place (exit 2)."""


def load_schemas(root: Path) -> dict[str, dict[str, Any]]:
    """Every schema in schemas/, keyed by type name ('common' for the shared definitions)."""
    schemas = {}
    for path in sorted((root / SCHEMAS_DIR).glob(f"*{SUFFIX}")):
        try:
            schemas[path.name.removesuffix(SUFFIX)] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise NotAFactBase(
                f"{SCHEMAS_DIR}/{path.name}: cannot read the schema ({error}); restore it from git"
            ) from None
    if COMMON not in schemas:
        raise NotAFactBase(f"{root}: no {SCHEMAS_DIR}/{COMMON}{SUFFIX} here; run from a checkout of the fact base")
    return schemas


@dataclass(frozen=True)
class SchemaField:
    """One field of a schema: its pattern ('*' for any list item), its node with `$ref`s followed and
    the schema that node lives in, the shared definition it uses (date, reference…), whether it is
    required, and whether it is the item of a list rather than a named property."""

    pattern: str
    node: Mapping[str, Any]
    document: str
    ref_name: str
    required: str
    is_item: bool = False


def read_record_types(schemas: Schemas) -> RecordTypes:
    """The record types, one per schema apart from the shared definitions, in the order the site lists them."""
    types = [record_type(name, schemas) for name in sorted(schemas) if name != COMMON]
    for found in types:
        if found.name in RESERVED_FOLDERS:
            message = f"'{found.name}' names a folder the site uses itself; call the type otherwise"
            raise NotAFactBase(f"{SCHEMAS_DIR}/{found.name}{SUFFIX}: {message}")
    pages = sorted(t.index_page for t in types)
    if len(set(pages)) < len(pages):
        twice = sorted({page for page in pages if pages.count(page) > 1})
        raise NotAFactBase(
            f"{SCHEMAS_DIR}/: two record types have the index page {twice[0]}; give each its own index_page"
        )
    return MappingProxyType({t.name: t for t in sorted(types, key=lambda t: (t.order, t.name))})


def record_type(name: str, schemas: Schemas) -> RecordType:
    """One type as its schema describes it; defaults from the schema's title where it says nothing."""
    schema = schemas[name]
    meta = schema.get("x-record-type", {})
    fields = list(iter_fields(schema, name, schemas))
    label = str(meta.get("label") or schema.get("title") or name)
    return RecordType(
        name=name,
        label=label,
        plural=str(meta.get("plural") or f"{label}s"),
        index_page=f"{meta.get('index_page') or name + 's'}.md",
        order=int(meta.get("order", 100)),
        schema_org=str(meta.get("schema_org") or "Thing"),
        schema_org_by_kind=MappingProxyType({str(k): str(v) for k, v in meta.get("schema_org_by_kind", {}).items()}),
        on_timeline=bool(meta.get("timeline", False)),
        graph_column=meta.get("graph_column"),
        references=MappingProxyType(
            {f.pattern: tuple(f.node["x-refers-to"]) for f in fields if "x-refers-to" in f.node}
        ),
        statement_references=tuple(f.pattern for f in fields if f.ref_name == "statement_reference"),
        date_fields=tuple(f.pattern for f in fields if f.ref_name == "date"),
        text_fields=tuple(f.pattern for f in fields if f.ref_name == "text"),
        jsonld=MappingProxyType({f.pattern: str(f.node["x-jsonld"]) for f in fields if "x-jsonld" in f.node}),
        columns=tuple(f.pattern for f in fields if "." not in f.pattern and is_flat(f.node, f.document, schemas)),
    )


def is_flat(node: Mapping[str, Any], document: str, schemas: Schemas) -> bool:
    """Text, a number, true/false, or a list of those: what fits in one table cell."""
    if node.get("type") in SCALAR_TYPES:
        return True
    if node.get("type") == "array" and "items" in node:
        items, _ = resolve(node["items"], document, schemas)
        return items.get("type") in SCALAR_TYPES
    return False


def iter_fields(
    node: Mapping[str, Any], document: str, schemas: Schemas, prefix: str = "", depth: int = 0
) -> Iterator[SchemaField]:
    """Every property of an object schema, each followed by the fields nested in it."""
    required = set(node.get("required", []))
    conditional = conditions(node, document, schemas)
    for name, child in node.get("properties", {}).items():
        resolved, where = resolve(child, document, schemas)
        pattern = f"{prefix}{name}"
        needed = "yes" if name in required else conditional.get(name, "no")
        yield SchemaField(pattern, resolved, where, reference_name(child), needed)
        if depth < MAX_DEPTH:
            yield from nested_fields(resolved, where, schemas, pattern, depth)


def nested_fields(
    node: Mapping[str, Any], document: str, schemas: Schemas, pattern: str, depth: int
) -> Iterator[SchemaField]:
    if node.get("type") == "object":
        yield from iter_fields(node, document, schemas, f"{pattern}.", depth + 1)
    elif node.get("type") == "array" and "items" in node:
        items, where = resolve(node["items"], document, schemas)
        yield SchemaField(f"{pattern}.*", items, where, reference_name(node["items"]), "yes", is_item=True)
        if items.get("type") == "object":
            yield from iter_fields(items, where, schemas, f"{pattern}.*.", depth + 1)


def conditions(node: Mapping[str, Any], document: str, schemas: Schemas) -> dict[str, str]:
    """Fields an if/then (on the node or in its allOf) makes required, with the condition in words."""
    found: dict[str, str] = {}
    for rule in [node, *node.get("allOf", [])]:
        rule, _ = resolve(rule, document, schemas)
        words = []
        for key, test in rule.get("if", {}).get("properties", {}).items():
            options = " or ".join(
                str(option) for option in test.get("enum", [test.get("const")] if "const" in test else [])
            )
            words.append(f"{key} is {options}")
        found.update(
            {
                name: f"when {' and '.join(words)}"
                for name in rule.get("then", {}).get("required", [])
                if name not in found
            }
        )
    return found


def resolve(node: Mapping[str, Any], document: str, schemas: Schemas) -> tuple[dict[str, Any], str]:
    """The node with its $ref chain followed, the referring node's own keywords (its description)
    laid over the target's, and the name of the schema the target lives in."""
    merged = dict(node)
    seen = set()
    while "$ref" in merged:
        reference = merged.pop("$ref")
        if (document, reference) in seen:
            break
        seen.add((document, reference))
        file, _, pointer = reference.partition("#")
        document = file.removesuffix(SUFFIX) if file else document
        target = follow(schemas[document], pointer)
        merged = {**target, **merged}
    return merged, document


def follow(schema: Mapping[str, Any], pointer: str) -> Mapping[str, Any]:
    """The node a JSON pointer such as /$defs/citation names inside a schema."""
    node = schema
    for part in filter(None, pointer.split("/")):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def reference_name(node: Mapping[str, Any]) -> str:
    """The shared definition a node refers to, e.g. 'date' for common.schema.json#/$defs/date."""
    reference = node.get("$ref", "")
    return reference.rpartition("/")[2] if "/$defs/" in reference else ""
