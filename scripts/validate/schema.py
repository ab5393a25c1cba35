"""Schema: check a record against its type's JSON Schema, and keep only what the schema accepts.

Takes the schemas; gives compiled validators, a `Problem` per failing field (the most relevant error
of each field, worded for a contributor) and the record's data with every value the schema refused
taken out, so the checks after this one can rely on the schema's types. A compiled fastjsonschema
check answers pass/fail first on large fact bases; jsonschema words the problems of a record that
fails.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ..model import Record
from ..problems import Problem
from .messages import problem, shown, shown_ascii, yaml_spelling

Validators = Mapping[str, Draft202012Validator]
FastChecks = Mapping[str, Callable[[Any], Any]]
# JSON Schema patterns are ECMA-262, where '$' ends the text; Python's '$' also matches before a
# final newline, so 'us-treasury\n' would pass an id pattern. Both validators use '\Z' instead.
UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def pattern_keyword(
    validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not re.search(UNESCAPED_DOLLAR.sub(r"\\Z", pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


StrictValidator = validators.extend(Draft202012Validator, {"pattern": pattern_keyword})


def build_validators(schemas: Mapping[str, Mapping[str, Any]]) -> dict[str, Draft202012Validator]:
    """One reusable validator per record type, with $refs resolved offline from our own schemas."""
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012))
        for schema in schemas.values()
    )
    return {name: StrictValidator(schema, registry=registry) for name, schema in schemas.items() if name != "common"}


def build_fast_checks(schemas: Mapping[str, Mapping[str, Any]]) -> dict[str, Callable[[Any], Any]]:
    """One compiled pass/fail check per record type (fastjsonschema), $refs resolved offline.

    It only answers whether a record conforms; messages always come from jsonschema. It is given
    copies: fastjsonschema rewrites every $ref it resolves into an absolute address, in place, and
    the schemas are read again after validation (the record-type reference pages follow their $refs).
    """
    by_uri = {schema["$id"]: copy.deepcopy(schema) for schema in schemas.values()}

    def fetch(uri: str) -> Mapping[str, Any]:
        return by_uri[uri.partition("#")[0]]

    handlers = {"https": fetch, "http": fetch}
    return {
        name: fastjsonschema.compile(copy.deepcopy(dict(schema)), handlers=handlers, use_formats=False)
        for name, schema in schemas.items()
        if name != "common"
    }


# Errors about how a mapping or list is made up (fields missing or unknown, too many items), not about
# a value: the value stays and only unknown fields are taken out.
COMPOSITION = frozenset(
    {"required", "additionalProperties", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties"}
)
REFUSED = object()


def check_schema(
    record: Record, validators: Validators, fast: FastChecks | None = None
) -> tuple[list[Problem], Record]:
    """The record's schema problems, one per failing field, and the record as the schema accepts it."""
    validator = validators.get(record.type)
    if validator is None or (fast is not None and passes(fast[record.type], record.data)):
        return [], record
    errors = list(validator.iter_errors(record.data))
    if not errors:
        return [], record
    by_path: dict[tuple[Any, ...], list[ValidationError]] = defaultdict(list)
    for error in errors:
        by_path[tuple(error.absolute_path)].append(error)
    problems = [schema_problem(record, best_match(group)) for group in by_path.values()]
    return problems, Record(record.type, record.id, record.path, accepted_data(record.data, errors), record.lines)


def passes(check: Callable[[Any], Any], data: Any) -> bool:
    try:
        check(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def accepted_data(data: Any, errors: Iterable[ValidationError]) -> Any:
    """The data without any value the schema refused, so later checks may trust the schema's types.

    A refused list item leaves a hole (None) rather than closing up, so the other items keep their
    indexes and the field paths in their problems stay right; checks skip what is not a mapping.
    """
    refused: set[tuple[Any, ...]] = set()
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = error.schema.get("properties", {})
            refused |= {(*path, key) for key in error.instance if key not in known}
        elif error.validator not in COMPOSITION and path:
            refused.add(path)
    return without(data, refused, ())


def without(value: Any, refused: set[tuple[Any, ...]], path: tuple[Any, ...]) -> Any:
    if path in refused:
        return REFUSED
    if isinstance(value, dict):
        kept = {key: without(item, refused, (*path, key)) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item is not REFUSED}
    if isinstance(value, list):
        kept_items = [without(item, refused, (*path, index)) for index, item in enumerate(value)]
        return [None if item is REFUSED else item for item in kept_items]
    return value


def schema_problem(record: Record, error: ValidationError) -> Problem:
    path = ".".join(str(part) for part in error.absolute_path)
    describe = SCHEMA_MESSAGES.get(str(error.validator), describe_other)
    code, field_path, message = describe(error, path)
    return problem(record, field_path, code, message)


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def describe_required(error: ValidationError, path: str) -> tuple[str, str, str]:
    missing = [
        name for name in error.validator_value if isinstance(error.instance, dict) and name not in error.instance
    ]
    name = missing[0] if missing else str(error.validator_value[0])
    # A rule that applies only under a condition names the field it depends on (x-condition).
    key = error.schema.get("x-condition") if isinstance(error.schema, dict) else None
    condition = f" when {key} is {shown(error.instance.get(key))}" if key and isinstance(error.instance, dict) else ""
    return "SCH001", join(path, name), f"required field is missing{condition}; add '{name}: …'"


def describe_additional(error: ValidationError, path: str) -> tuple[str, str, str]:
    allowed = sorted(error.schema.get("properties", {}))
    extra = sorted(set(error.instance) - set(allowed))
    name = extra[0] if extra else ""
    guess = difflib.get_close_matches(name, allowed, n=1)
    hint = f"did you mean '{guess[0]}'?" if guess else "allowed: " + ", ".join(allowed)
    return "SCH002", join(path, name), f"unknown field {shown(name)} ({hint})"


TYPE_NAMES = {
    "string": "text",
    "object": "a mapping of fields",
    "array": "a list",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
}


def describe_type(error: ValidationError, path: str) -> tuple[str, str, str]:
    expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    wanted = " or ".join(TYPE_NAMES.get(str(name), str(name)) for name in expected)
    return "SCH003", path, f"must be {wanted}, got {value_kind(error.instance)}{type_hint(expected, error.instance)}"


def type_hint(expected: list[str], value: Any) -> str:
    """What to write instead, for the mistakes YAML makes easy: bare numbers, single items, blanks."""
    if value is None:
        return "; write a value after the colon or remove the field"
    if isinstance(value, (dict, list)):
        return ""
    if "string" in expected and not isinstance(value, str):
        return f" {yaml_spelling(value)}; put it in quotes to make it text: '{yaml_spelling(value)}'"
    if "array" in expected:
        return f" {shown(value)}; write each item on its own line starting with '- '"
    return f" {shown(value)}"


def value_kind(value: Any) -> str:
    for kind, python_type in (
        ("true/false", bool),
        ("a number", (int, float)),
        ("text", str),
        ("a list", list),
        ("a mapping", dict),
    ):
        if isinstance(value, python_type):
            return kind
    return "an empty value" if value is None else type(value).__name__


def describe_enum(error: ValidationError, path: str) -> tuple[str, str, str]:
    allowed = [str(option) for option in error.validator_value]
    guess = difflib.get_close_matches(str(error.instance), allowed, n=1)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    return "SCH004", path, f"{shown(error.instance)} is not allowed ({hint}use one of: {', '.join(allowed)})"


PATTERN_HINTS = (
    ("^[a-z0-9]+(-[a-z0-9]+)*#", "must be record-id#statement-id, for example 'bessent-announcement#focus'"),
    ("^[a-z0-9]+(-[a-z0-9]+)*$", "must be lowercase ASCII words joined by hyphens, for example 'scott-bessent'"),
    ("^[12][0-9]{3}(", "must be a date like 2026, 2026-05 or 2026-05-14, in the years 1000 to 2999"),
    ("^https?://", "must be an http:// or https:// URL"),
    ("^[^", "contains a control or invisible formatting character; remove it"),
    ("^[0-9a-f]{64}$", "must be the 64 lowercase hex digits of a SHA-256 checksum"),
    ("^[a-z]{2,3}", "must be a language tag such as 'en' or 'zh-Hans'"),
)


ID_PATTERN_PREFIX = "^[a-z0-9]+(-[a-z0-9]+)*"
ID_TEXT = re.compile(ID_PATTERN_PREFIX[1:])


def describe_pattern(error: ValidationError, path: str) -> tuple[str, str, str]:
    pattern = str(error.validator_value)
    hint = next((text for prefix, text in PATTERN_HINTS if pattern.startswith(prefix)), f"must match {pattern}")
    # A look-alike letter (Cyrillic 'а' for 'a') would make a refused id read as valid; ids are
    # ASCII, so every other character is shown as its code.
    found = shown_ascii(error.instance) if pattern.startswith(ID_PATTERN_PREFIX) else shown(error.instance)
    return "SCH005", path, f"{hint}, got {found}"


def describe_length(error: ValidationError, path: str) -> tuple[str, str, str]:
    size = len(error.instance)
    if error.validator == "maxLength":
        return "SCH006", path, f"is {size:,} characters long; at most {error.validator_value:,} allowed (shorten it)"
    if size:
        return "SCH006", path, f"is {size} character(s) long; at least {error.validator_value} required (lengthen it)"
    return "SCH006", path, f"is empty; write at least {error.validator_value} character(s) or remove the field"


def describe_items(error: ValidationError, path: str) -> tuple[str, str, str]:
    size = len(error.instance)
    if error.validator == "maxItems":
        return "SCH007", path, f"has {size:,} items; at most {error.validator_value:,} allowed"
    if error.validator == "minItems":
        return "SCH007", path, f"has {size} items; at least {error.validator_value} required"
    return "SCH007", path, "has duplicate items; list each once"


def describe_any_of(error: ValidationError, path: str) -> tuple[str, str, str]:
    if path == "" and error.schema_path and next(iter(error.schema_path)) == "anyOf":
        return (
            "SCH001",
            "sha256",
            "a source needs either sha256 (its text is held) or cited_through with citations (it is known through "
            "another source)",
        )
    return describe_other(error, path)


def describe_other(error: ValidationError, path: str) -> tuple[str, str, str]:
    return "SCH008", path, f"{error.message}"


SCHEMA_MESSAGES: dict[str, Callable[[ValidationError, str], tuple[str, str, str]]] = {
    "required": describe_required,
    "additionalProperties": describe_additional,
    "type": describe_type,
    "enum": describe_enum,
    "pattern": describe_pattern,
    "maxLength": describe_length,
    "minLength": describe_length,
    "maxItems": describe_items,
    "minItems": describe_items,
    "uniqueItems": describe_items,
    "anyOf": describe_any_of,
}
