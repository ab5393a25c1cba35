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
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

from .load import FACTS_DIR, SEEDS_DIR, SOURCE_TYPE, Record
from .model import iter_pattern, reference_fields
from .render.common import page, record_page, relative, table
from .render.escape import link, markdown_text
from .schemaref import Schemas, reference_name, resolve

FOLDER = "reference"
INDEX = f"{FOLDER}/index.md"
EXAMPLE_LIMIT = 80
MAX_DEPTH = 6
FIELD_NAME = re.compile(r"[a-z0-9_.\[\]]+")
REF_WORDS = {"name": "text (a name)", "quote": "text (an exact quote)", "url": "URL", "statement_reference": "statement reference"}
TYPE_WORDS = {"string": "text", "object": "mapping", "array": "list", "number": "number", "integer": "whole number", "boolean": "true or false"}


@dataclass(frozen=True)
class Field:
    """One row of a reference page: a field pattern ('*' for any list item) and its schema."""

    pattern: str
    node: Mapping[str, Any]
    ref_name: str
    required: str


def render_reference_pages(schemas: Mapping[str, dict], records: Iterable[Record]) -> dict[str, str]:
    """Every reference page, keyed by path, in sorted order."""
    types = sorted(name for name in schemas if name != "common")
    by_type: dict[str, list[Record]] = {name: [] for name in types}
    for record in sorted(records, key=lambda r: r.id):
        by_type.setdefault(record.type, []).append(record)
    pages = {f"{FOLDER}/{name}.md": render_type_page(name, schemas, by_type[name]) for name in types}
    pages[INDEX] = render_index(types, schemas, by_type)
    return dict(sorted(pages.items()))


def location(record_type: str) -> str:
    return f"{SEEDS_DIR}/<id>.yaml" if record_type == SOURCE_TYPE else f"{FACTS_DIR}/{record_type}/<id>.yaml"


def render_index(types: list[str], schemas: Schemas, by_type: Mapping[str, list[Record]]) -> str:
    rows = [
        [link(title(name, schemas), f"{name}.md"), markdown_text(location(name)), str(len(by_type[name])), markdown_text(schemas[name].get("description", ""))]
        for name in types
    ]
    intro = (
        "Every record is one YAML file, checked against the JSON Schema of its type in schemas/. "
        "These pages are generated from those schemas; the examples come from the fact base."
    )
    return page("Record types", [intro, table(["Type", "File", "Records", "Description"], rows), shared_values(schemas)])


def shared_values(schemas: Schemas) -> str:
    """The closed vocabularies every type shares (status, date certainty), with their meaning."""
    definitions = schemas.get("common", {}).get("$defs", {})
    blocks = []
    for name in ("status", "date_certainty", "date"):
        node = definitions.get(name)
        if node:
            values = ", ".join(markdown_text(str(v)) for v in node.get("enum", []))
            blocks.append(f"**{markdown_text(name)}**: {markdown_text(node.get('description', ''))}" + (f" Values: {values}." if values else ""))
    return "\n\n".join(blocks)


def title(record_type: str, schemas: Schemas) -> str:
    return str(schemas[record_type].get("title") or record_type)


def render_type_page(record_type: str, schemas: Schemas, records: list[Record]) -> str:
    here = f"{FOLDER}/{record_type}.md"
    schema = schemas[record_type]
    references = reference_fields(record_type)
    rows = [
        [field_name(f.pattern), type_text(f, references), markdown_text(f.required), allowed(f.node), markdown_text(f.node.get("description", "")), example(f.pattern, records, here)]
        for f in fields(schema, record_type, schemas, "", 0)
    ]
    intro = (
        f"{markdown_text(schema.get('description', ''))}\n\nFile: {markdown_text(location(record_type))}. "
        f"Schema: {markdown_text(f'schemas/{record_type}.schema.json')}. A nested field such as `citations[].quote` is "
        "required in each item or mapping that is present. Examples are the first in the fact base, by record id."
    )
    header = ["Field", "Type", "Required", "Allowed values", "Description", "Example"]
    return page(title(record_type, schemas), [intro, table(header, rows), alternatives(schema)])


def fields(node: Mapping[str, Any], document: str, schemas: Schemas, prefix: str, depth: int) -> Iterator[Field]:
    """Every property of an object schema, each followed by the properties nested in it."""
    required = set(node.get("required", []))
    conditional = conditions(node)
    for name, child in node.get("properties", {}).items():
        resolved, where = resolve(child, document, schemas)
        pattern = f"{prefix}{name}"
        needed = "yes" if name in required else conditional.get(name, "no")
        yield Field(pattern, resolved, reference_name(child), needed)
        if depth < MAX_DEPTH:
            yield from nested(resolved, where, schemas, pattern, depth)


def nested(node: Mapping[str, Any], document: str, schemas: Schemas, pattern: str, depth: int) -> Iterator[Field]:
    if node.get("type") == "object":
        yield from fields(node, document, schemas, f"{pattern}.", depth + 1)
    elif node.get("type") == "array" and "items" in node:
        items, where = resolve(node["items"], document, schemas)
        if items.get("type") == "object":
            yield from fields(items, where, schemas, f"{pattern}.*.", depth + 1)


def conditions(node: Mapping[str, Any]) -> dict[str, str]:
    """Fields an if/then makes required, with the condition in words."""
    condition, then = node.get("if", {}), node.get("then", {})
    words = []
    for key, rule in condition.get("properties", {}).items():
        options = " or ".join(str(option) for option in rule.get("enum", []))
        words.append(f"{key} is {options}")
    return {name: f"when {' and '.join(words)}" for name in then.get("required", [])}


def alternatives(schema: Mapping[str, Any]) -> str:
    """An anyOf of required field sets, in words: which fields may stand in for which."""
    options = [" and ".join(option.get("required", [])) for option in schema.get("anyOf", []) if option.get("required")]
    if not options:
        return ""
    return markdown_text("Also required: " + ", or ".join(options) + ".")


def field_name(pattern: str) -> str:
    shown = pattern.replace(".*", "[]")
    return f"`{shown}`" if FIELD_NAME.fullmatch(shown) else markdown_text(shown)


def type_text(field: Field, references: Mapping[str, tuple[str, ...]]) -> str:
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
            return f"{markdown_text(shown)} ({link(record.id, relative(here, record_page(record)))})"
    return ""


def is_plain(value: Any) -> bool:
    return not isinstance(value, (Mapping, list))
