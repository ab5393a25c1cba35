"""The `new` command: write a skeleton record to start a fact from.

    python -m scripts.new TYPE ID

Takes a record type and an id; writes facts/<type>/<id>.yaml (a source: seeds/<id>.yaml) holding
every field the type's schema requires, each under a comment with its description. The values are
placeholders chosen to fail validation until they are replaced: TODO where a pattern or a list of
allowed values rejects it, 'todo' where an id is expected (no record has that id), so a skeleton
can never pass `make validate` unfilled. Refuses to overwrite a file or reuse an id. Exit 0 written,
2 misuse (unknown type, invalid or used id).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from . import pipeline
from .cli import parse_or_exit_code
from .load import NotAFactBase, load_schemas, read_record_types, repo_path
from .load.schemas import Schemas, resolve
from .model import FACTS_DIR, SEEDS_DIR
from .validate.schema import SCHEMA_MESSAGES, build_validators, describe_other
from .write import create_file

PLACEHOLDER = "TODO"
ID_PLACEHOLDER = "todo"
PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .-]*")


class Misuse(Exception):
    """The command was called wrongly (exit 2)."""


def parse_arguments(argv: list[str] | None) -> argparse.Namespace | int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.new", description="Write a skeleton record that fails validation until filled in."
    )
    parser.add_argument("type", help="record type: one per schema in schemas/, e.g. person")
    parser.add_argument("id", help="the new record's id, e.g. jane-example")
    parser.add_argument("--root", type=Path, default=pipeline.ROOT, help=argparse.SUPPRESS)
    return parse_or_exit_code(parser, argv)


def check_type(record_type: str, types: tuple[str, ...]) -> None:
    if record_type not in types:
        guess = difflib.get_close_matches(record_type, types, n=1)
        hint = f"did you mean '{guess[0]}'? " if guess else ""
        raise Misuse(f"unknown type '{record_type}' ({hint}use one of: {', '.join(types)})")


def check_id(record_type: str, record_id: str, schemas: Schemas) -> None:
    """The id obeys the schema's rule for ids, so the rule is stated once, in schemas/."""
    validator = build_validators(schemas)[record_type]
    for error in validator.iter_errors({"id": record_id}):
        if list(error.absolute_path) == ["id"]:
            _, _, message = SCHEMA_MESSAGES.get(str(error.validator), describe_other)(error, "id")
            raise Misuse(f"id '{record_id}' is not valid: {message}")


def check_unused(root: Path, record_id: str) -> None:
    used = sorted((root / FACTS_DIR).glob(f"*/{record_id}.yaml")) + sorted((root / SEEDS_DIR).glob(f"{record_id}.yaml"))
    if used:
        raise Misuse(f"{repo_path(root, used[0])} already exists; edit it, or choose another id")


def placeholder(node: Mapping[str, Any], document: str, schemas: Schemas) -> Any:
    """A value of the node's shape that its schema rejects (or, for a reference, that names no record)."""
    node, document = resolve(node, document, schemas)
    kind = node.get("type")
    if kind == "object":
        properties = node.get("properties", {})
        return {name: placeholder(properties[name], document, schemas) for name in required_fields(node)}
    if kind == "array":
        return [placeholder(node["items"], document, schemas)]
    if kind in ("number", "integer"):
        return 0
    if kind == "boolean":
        return False
    pattern = node.get("pattern")
    if pattern and not re.search(pattern, PLACEHOLDER) and re.search(pattern, ID_PLACEHOLDER):
        return ID_PLACEHOLDER
    return PLACEHOLDER


def required_fields(node: Mapping[str, Any]) -> list[str]:
    """Required properties in the schema's order; of anyOf alternatives, the first one's fields."""
    alternatives = node.get("anyOf") or [{}]
    wanted = set(node.get("required", [])) | set(alternatives[0].get("required", []))
    return [name for name in node.get("properties", {}) if name in wanted]


def skeleton(record_type: str, record_id: str, schemas: Schemas) -> str:
    """The text of a new record: a header, then each required field under its description."""
    schema = schemas[record_type]
    properties = schema["properties"]
    lines = [
        f"# A new {record_type} record. Replace every TODO and 'todo' with what the sources say, then run",
        f"# make validate. Every field is described in schemas/{record_type}.schema.json.",
    ]
    for name in required_fields(schema):
        value = record_id if name == "id" else placeholder(properties[name], record_type, schemas)
        lines += [f"# {comment(properties[name], record_type, schemas)}", *emit(name, value, 0)]
    optional = [name for name in properties if name not in required_fields(schema)]
    if optional:
        lines.append(f"# Optional fields: {', '.join(optional)}.")
    return "\n".join(lines) + "\n"


def comment(node: Mapping[str, Any], document: str, schemas: Schemas) -> str:
    resolved, _ = resolve(node, document, schemas)
    text = resolved.get("description", "")
    options = [str(option) for option in resolved.get("enum", [])]
    if options and not all(option in text for option in options):
        text += f" One of: {', '.join(options)}."
    return " ".join(text.split())


def emit(key: str, value: Any, indent: int) -> Iterator[str]:
    """Block-style YAML for the plain values a skeleton holds."""
    pad = " " * indent
    if isinstance(value, Mapping):
        yield f"{pad}{key}:"
        for name, item in value.items():
            yield from emit(name, item, indent + 2)
    elif isinstance(value, list):
        yield f"{pad}{key}:"
        for item in value:
            yield from emit_item(item, indent + 2)
    else:
        yield f"{pad}{key}: {scalar(value)}"


def emit_item(item: Any, indent: int) -> Iterator[str]:
    if isinstance(item, Mapping):
        lines = [line for name, value in item.items() for line in emit(name, value, indent + 2)]
        yield " " * indent + "- " + lines[0].lstrip()
        yield from lines[1:]
    else:
        yield " " * indent + f"- {scalar(item)}"


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and PLAIN.fullmatch(value):
        return value
    # A JSON string or number is also a YAML flow scalar, with the same meaning.
    return json.dumps(value, ensure_ascii=False)


def write_skeleton(root: Path, record_type: str, record_id: str) -> str:
    schemas = load_schemas(root)
    types = read_record_types(schemas)
    check_type(record_type, tuple(sorted(types)))
    check_id(record_type, record_id, schemas)
    check_unused(root, record_id)
    path = f"{types[record_type].folder}/{record_id}.yaml"
    create_file(root / path, skeleton(record_type, record_id, schemas))
    return path


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if isinstance(arguments, int):
        return arguments
    try:
        path = write_skeleton(arguments.root.resolve(), arguments.type, arguments.id)
    except (Misuse, NotAFactBase) as misuse:
        print(f"new: {misuse}", file=sys.stderr)
        return 2
    print(f"wrote {path}: replace every TODO, then run make validate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
