"""Reference pages: one page per record type, generated from its schema, plus an index.

Takes the schemas (keyed by name, as `load_schemas` gives them) and the records; gives {page path
relative to docs/generated/: Markdown}. Each type's page lists every field, nested ones included
(`roles[].title`), with its description, type, whether it is required, its allowed values and an
example from the fact base: the value in the first record, in id order, that has the field, linked
to that record's page. The schemas stay the one statement of the rules; these pages only show them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..addresses import record_page, relative_link
from ..load.schemas import SchemaField, Schemas, iter_fields, reference_name
from ..model import DERIVED_COLUMNS, Record, RecordType, RecordTypes, iter_pattern
from .common import page, table
from .escape import link, markdown_text
from .search import NOT_INDEXED

FOLDER = "reference"
INDEX = f"{FOLDER}/index.md"
EXAMPLE_LIMIT = 80
FIELD_NAME = re.compile(r"[a-z0-9_.\[\]]+")
REF_WORDS = {
    "name": "text (a name)",
    "quote": "text (an exact quote)",
    "url": "URL",
    "statement_reference": "statement reference",
}
TYPE_WORDS = {
    "string": "text",
    "object": "mapping",
    "array": "list",
    "number": "number",
    "integer": "whole number",
    "boolean": "true or false",
}


def render_reference_pages(schemas: Schemas, types: RecordTypes, records: Iterable[Record]) -> dict[str, str]:
    """Every reference page, keyed by path, in sorted order."""
    names = sorted(types)
    by_type: dict[str, list[Record]] = {name: [] for name in names}
    for record in sorted(records, key=lambda r: r.id):
        by_type.setdefault(record.type, []).append(record)
    pages = {f"{FOLDER}/{name}.md": render_type_page(types[name], schemas, by_type[name]) for name in names}
    pages[INDEX] = render_index(names, types, schemas, by_type)
    return dict(sorted(pages.items()))


def location(record_type: RecordType) -> str:
    return f"{record_type.folder}/<id>.yaml"


def render_index(names: list[str], types: RecordTypes, schemas: Schemas, by_type: Mapping[str, list[Record]]) -> str:
    rows = [
        [
            link(title(name, schemas), f"{name}.md"),
            markdown_text(location(types[name])),
            str(len(by_type[name])),
            markdown_text(schemas[name].get("description", "")),
        ]
        for name in names
    ]
    intro = (
        "Every record is one YAML file, checked against the JSON Schema of its type in schemas/. "
        "These pages are generated from those schemas; the examples come from the fact base."
    )
    body = [intro, table(["Type", "File", "Records", "Description"], rows), shared_values(schemas)]
    return page("Record types", body, meta=(NOT_INDEXED,))


def shared_values(schemas: Schemas) -> str:
    """The closed vocabularies every type shares (status, date certainty), with their meaning."""
    definitions = schemas.get("common", {}).get("$defs", {})
    blocks = []
    for name in ("status", "date_certainty", "date"):
        node = definitions.get(name)
        if node:
            values = ", ".join(markdown_text(str(v)) for v in node.get("enum", []))
            blocks.append(
                f"**{markdown_text(name)}**: {markdown_text(node.get('description', ''))}"
                + (f" Values: {values}." if values else "")
            )
    return "\n\n".join(blocks)


def title(record_type: str, schemas: Schemas) -> str:
    return str(schemas[record_type].get("title") or record_type)


def render_type_page(record_type: RecordType, schemas: Schemas, records: list[Record]) -> str:
    here = f"{FOLDER}/{record_type.name}.md"
    schema = schemas[record_type.name]
    rows = [
        [
            field_name(f.pattern),
            type_text(f, record_type.references),
            markdown_text(f.required),
            allowed(f.node),
            markdown_text(f.node.get("description", "")),
            example(f.pattern, records, here),
        ]
        for f in iter_fields(schema, record_type.name, schemas)
        if not f.is_item
    ]
    intro = (
        f"{markdown_text(schema.get('description', ''))}\n\nFile: {markdown_text(location(record_type))}. "
        f"Schema: {markdown_text(f'schemas/{record_type.name}.schema.json')}. A nested field such as "
        "`citations[].quote` is "
        "required in each item or mapping that is present. Examples are the first in the fact base, by record id."
    )
    header = ["Field", "Type", "Required", "Allowed values", "Description", "Example"]
    body = [intro, table(header, rows), alternatives(schema), columns_section(record_type)]
    return page(title(record_type.name, schemas), body, meta=(NOT_INDEXED,))


def columns_section(record_type: RecordType) -> str:
    """The columns of the type's CSV file and SQLite table, which follow from its schema."""
    names = ", ".join(f"`{name}`" for name in (*record_type.columns, *DERIVED_COLUMNS))
    return (
        f"## Table columns\n\nThe CSV file `api/csv/{record_type.name}.csv` and the SQLite table `{record_type.name}` "
        f"hold one row per record with these columns, in this order: {names}. A list of ids is joined with `;`; "
        "the last three are derived (see Download and use the data)."
    )


def alternatives(schema: Mapping[str, Any]) -> str:
    """An anyOf of required field sets, in words: which fields may stand in for which."""
    options = [" and ".join(option.get("required", [])) for option in schema.get("anyOf", []) if option.get("required")]
    if not options:
        return ""
    return markdown_text("Also required: " + ", or ".join(options) + ".")


def field_name(pattern: str) -> str:
    shown = pattern.replace(".*", "[]")
    return f"`{shown}`" if FIELD_NAME.fullmatch(shown) else markdown_text(shown)


def type_text(field: SchemaField, references: Mapping[str, tuple[str, ...]]) -> str:
    """The field's type in words: a reference names the types it may point at."""
    if field.node.get("type") == "array":
        targets = references.get(f"{field.pattern}.*")
        items = f"references to {' or '.join(targets)}" if targets else item_words(field.node)
        return markdown_text(f"list of {items}")
    targets = references.get(field.pattern)
    if targets:
        return markdown_text(f"reference to {' or '.join(targets)}")
    return markdown_text(type_words(field.ref_name, field.node))


def item_words(node: Mapping[str, Any]) -> str:
    items = node.get("items", {})
    return type_words(reference_name(items), items) + ("" if reference_name(items) else "s")


def type_words(ref_name: str, node: Mapping[str, Any]) -> str:
    """A shared definition's name where the field uses one (date, status…), else its JSON type."""
    if ref_name:
        return REF_WORDS.get(ref_name, ref_name.replace("_", " "))
    return TYPE_WORDS.get(str(node.get("type")), str(node.get("type", "value")))


def allowed(node: Mapping[str, Any]) -> str:
    return ", ".join(markdown_text(str(option)) for option in node.get("enum", []))


def example(pattern: str, records: list[Record], here: str) -> str:
    """The field's value in the first record (in id order) that has it, and a link to that record.
    Mappings and lists of mappings have none: the rows of their own fields show examples."""
    for record in records:
        for _, value in iter_pattern(record.data, pattern):
            if isinstance(value, Mapping) or (isinstance(value, list) and not all(is_plain(item) for item in value)):
                return ""
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            shown = shown if len(shown) <= EXAMPLE_LIMIT else shown[: EXAMPLE_LIMIT - 1] + "…"
            return f"{markdown_text(shown)} ({link(record.id, relative_link(here, record_page(record)))})"
    return ""


def is_plain(value: Any) -> bool:
    return not isinstance(value, (Mapping, list))
