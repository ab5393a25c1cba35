"""Validate: check loaded records against the schemas and against each other.

Takes records, schemas (and, for quotes, source texts keyed by checksum); gives `Problem` values.
Shape rules live in schemas/; this module adds only what a schema cannot say: ids match file names
and are unique, references resolve to the right type, dates are real and in order, quotes are
found in their sources. It never opens a file.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections import defaultdict
from typing import Any, Callable, Iterable, Iterator, Mapping

import fastjsonschema
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .load import Record
from .model import DATE_FIELDS, DATE_ORDER, STATEMENT_REFERENCE_FIELD, iter_citations, iter_pattern, iter_references
from .problems import Problem

Validators = Mapping[str, Draft202012Validator]
FastChecks = Mapping[str, Callable[[Any], Any]]
# JSON Schema patterns are ECMA-262, where '$' ends the text; Python's '$' also matches before a
# final newline, so 'us-treasury\n' would pass an id pattern. Both validators use '\Z' instead.
UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def pattern_keyword(validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not re.search(UNESCAPED_DOLLAR.sub(r"\\Z", pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


StrictValidator = validators.extend(Draft202012Validator, {"pattern": pattern_keyword})


def build_validators(schemas: Mapping[str, Mapping[str, Any]]) -> dict[str, Draft202012Validator]:
    """One reusable validator per record type, with $refs resolved offline from our own schemas."""
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012)) for schema in schemas.values()
    )
    return {name: StrictValidator(schema, registry=registry) for name, schema in schemas.items() if name != "common"}


def build_fast_checks(schemas: Mapping[str, Mapping[str, Any]]) -> dict[str, Callable[[Any], Any]]:
    """One compiled pass/fail check per record type (fastjsonschema), $refs resolved offline.

    It only answers whether a record conforms; messages always come from jsonschema.
    """
    by_uri = {schema["$id"]: schema for schema in schemas.values()}

    def fetch(uri: str) -> Mapping[str, Any]:
        return by_uri[uri.partition("#")[0]]

    handlers = {"https": fetch, "http": fetch}
    return {name: fastjsonschema.compile(schema, handlers=handlers, use_formats=False) for name, schema in schemas.items() if name != "common"}


def validate_records(records: Iterable[Record], validators: Validators, fast: FastChecks | None = None) -> list[Problem]:
    """Every problem in the records: each record on its own, then the links between them."""
    records = tuple(records)
    problems = [problem for record in records for problem in check_record(record, validators, fast)]
    problems += check_links(records)
    return without_consequences(problems)


def check_record(record: Record, validators: Validators, fast: FastChecks | None = None) -> list[Problem]:
    """The problems one record has on its own: its schema, id, statement ids and dates."""
    problems = list(check_schema(record, validators, fast))
    for check in LOCAL_CHECKS:
        problems.extend(check(record))
    return problems


def check_links(records: tuple[Record, ...]) -> list[Problem]:
    """The problems between records: shared ids and references that do not resolve."""
    by_id: dict[str, Record] = {}
    for record in records:
        by_id.setdefault(record.id, record)
    problems = list(check_unique_ids(records))
    for record in records:
        for check in LINK_CHECKS:
            problems.extend(check(record, by_id))
    return problems


SHAPE_CODES = ("FILE", "YAML", "SCH")


def without_consequences(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted problems, minus cross-record ones on a field whose shape is already reported wrong.

    A reference written 'US Treasury' breaks the id pattern; saying also that no record has that
    id, or that the id does not match the file name, repeats the one mistake in other words.
    """
    problems = set(problems)
    broken = {(p.path, p.field) for p in problems if p.code.startswith("SCH")}
    return sorted(p for p in problems if p.code.startswith(SHAPE_CODES) or not broken_at(p, broken))


def broken_at(problem: Problem, broken: set[tuple[str, str]]) -> bool:
    parts = problem.field.split(".")
    return any((problem.path, ".".join(parts[:size])) in broken for size in range(1, len(parts) + 1))


def problem(record: Record, field_path: str, code: str, message: str) -> Problem:
    return Problem(record.path, record.line_of(field_path), record.id, field_path, code, message)


def shown(value: Any, limit: int = 60) -> str:
    """A value as it appears in a message: text quoted with invisible characters escaped, other
    values spelled as YAML spells them, long ones shortened."""
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= limit else text[: limit - 4] + "...'"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return yaml_spelling(value)


def yaml_spelling(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else repr(value)


# -- schema ---------------------------------------------------------------------------------------

def check_schema(record: Record, validators: Validators, fast: FastChecks | None = None) -> Iterator[Problem]:
    """The record conforms to its type's schema; one problem per failing field."""
    validator = validators.get(record.type)
    if validator is None or (fast is not None and passes(fast[record.type], record.data)):
        return
    by_path: dict[tuple, list[ValidationError]] = defaultdict(list)
    for error in validator.iter_errors(record.data):
        by_path[tuple(error.absolute_path)].append(error)
    for errors in by_path.values():
        yield schema_problem(record, best_match(errors))


def passes(check: Callable[[Any], Any], data: Any) -> bool:
    try:
        check(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def schema_problem(record: Record, error: ValidationError) -> Problem:
    path = ".".join(str(part) for part in error.absolute_path)
    describe = SCHEMA_MESSAGES.get(str(error.validator), describe_other)
    code, field_path, message = describe(error, path)
    return problem(record, field_path, code, message)


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def describe_required(error: ValidationError, path: str) -> tuple[str, str, str]:
    missing = [name for name in error.validator_value if isinstance(error.instance, dict) and name not in error.instance]
    name = missing[0] if missing else str(error.validator_value[0])
    condition = ""
    if error.relative_schema_path and "then" in error.relative_schema_path:
        condition = f" when date_certainty is {shown(error.instance.get('date_certainty'))}"
    return "SCH001", join(path, name), f"required field is missing{condition}; add '{name}: …'"


def describe_additional(error: ValidationError, path: str) -> tuple[str, str, str]:
    allowed = sorted(error.schema.get("properties", {}))
    extra = sorted(set(error.instance) - set(allowed))
    name = extra[0] if extra else ""
    guess = difflib.get_close_matches(name, allowed, n=1)
    hint = f"did you mean '{guess[0]}'?" if guess else "allowed: " + ", ".join(allowed)
    return "SCH002", join(path, name), f"unknown field {shown(name)} ({hint})"


TYPE_NAMES = {"string": "text", "object": "a mapping of fields", "array": "a list", "number": "a number", "integer": "a whole number", "boolean": "true or false"}


def describe_type(error: ValidationError, path: str) -> tuple[str, str, str]:
    expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    wanted = " or ".join(TYPE_NAMES.get(name, name) for name in expected)
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
    for kind, python_type in (("true/false", bool), ("a number", (int, float)), ("text", str), ("a list", list), ("a mapping", dict)):
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


def shown_ascii(value: Any, limit: int = 60) -> str:
    text = ascii(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


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
    if path == "" and error.schema_path and list(error.schema_path)[0] == "anyOf":
        return "SCH001", "sha256", "a source needs either sha256 (its text is held) or cited_through with citations (it is known through another source)"
    return describe_other(error, path)


def describe_other(error: ValidationError, path: str) -> tuple[str, str, str]:
    return "SCH008", path, f"{error.message}"


SCHEMA_MESSAGES: dict[str, Callable[[ValidationError, str], tuple[str, str, str]]] = {
    "required": describe_required, "additionalProperties": describe_additional, "type": describe_type,
    "enum": describe_enum, "pattern": describe_pattern, "maxLength": describe_length, "minLength": describe_length,
    "maxItems": describe_items, "minItems": describe_items, "uniqueItems": describe_items, "anyOf": describe_any_of,
}


# -- cross-record ---------------------------------------------------------------------------------

def check_unique_ids(records: tuple[Record, ...]) -> Iterator[Problem]:
    """No two records share an id."""
    first: dict[str, Record] = {}
    for record in sorted(records, key=lambda r: r.path):
        if record.id in first:
            yield problem(record, "id", "ID002", f"id {shown(record.id)} is already used by {first[record.id].path}; choose another id")
        else:
            first[record.id] = record


def check_id_matches_file(record: Record) -> Iterator[Problem]:
    """A record's id equals its file name without .yaml."""
    stem = record.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    value = record.data.get("id")
    if isinstance(value, str) and value != stem:
        # A file name that is no id ('%2e%2e', 'Jane Example') is never offered as the id to set.
        other = f" or set id: {stem}" if ID_TEXT.fullmatch(stem) else ""
        yield problem(record, "id", "ID001", f"id {shown(value)} does not match the file name; rename the file to {value}.yaml{other}")


def check_statement_ids(record: Record) -> Iterator[Problem]:
    """Statement ids are unique within a record."""
    seen = set()
    for field_path, value in iter_pattern(record.data, "statements.*.id"):
        if value in seen:
            yield problem(record, field_path, "ID003", f"statement id {shown(value)} is used twice in this record; give each statement its own id")
        seen.add(value)


def check_references(record: Record, by_id: Mapping[str, Record]) -> Iterator[Problem]:
    """Every reference names an existing record of an allowed type."""
    for field_path, target, types in iter_references(record.type, record.data):
        found = by_id.get(target)
        wanted = " or ".join(types)
        if found is None:
            guess = difflib.get_close_matches(target, [i for i, r in by_id.items() if r.type in types], n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            yield problem(record, field_path, "REF001", f"no {wanted} has id {shown(target)}{hint}")
        elif found.type not in types:
            yield problem(record, field_path, "REF002", f"{shown(target)} is a {found.type} ({found.path}), but this field needs a {wanted}")


def check_statement_references(record: Record, by_id: Mapping[str, Record]) -> Iterator[Problem]:
    """Every conflicts_with entry names an existing statement."""
    for field_path, value in iter_pattern(record.data, STATEMENT_REFERENCE_FIELD):
        if not isinstance(value, str) or "#" not in value:
            continue
        target_id, _, statement_id = value.partition("#")
        target = by_id.get(target_id)
        ids = [s.get("id") for s in target.data.get("statements", []) if isinstance(s, Mapping)] if target else []
        if statement_id not in ids:
            yield problem(record, field_path, "REF001", f"no statement {shown(value)} exists; {statement_hint(target_id, target, ids, statement_id)}")


def statement_hint(target_id: str, target: Record | None, ids: list[Any], statement_id: str) -> str:
    if target is None:
        return f"no record has id {shown(target_id)}; write record-id#statement-id of an existing statement"
    names = [i for i in ids if isinstance(i, str)]
    guess = difflib.get_close_matches(statement_id, names, n=1)
    if guess:
        return f"did you mean '{target_id}#{guess[0]}'?"
    return f"{target_id} has statements: {', '.join(names)}" if names else f"{target_id} has no statements"


DATE_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def check_dates(record: Record) -> Iterator[Problem]:
    """Every date is a real calendar date, and ranges run forwards."""
    for path, mapping in dated_mappings(record.data, ()):
        for key in DATE_FIELDS & mapping.keys():
            message = impossible_date(mapping[key])
            if message:
                yield problem(record, ".".join((*path, key)), "DATE001", message)
        yield from check_date_order(record, path, mapping)


def dated_mappings(data: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """The mappings in a record that hold a date field (records hold only dicts and lists)."""
    if type(data) is dict:
        if not DATE_FIELDS.isdisjoint(data):
            yield path, data
        for key, value in data.items():
            if type(value) in (dict, list):
                yield from dated_mappings(value, (*path, key))
    elif type(data) is list:
        for index, item in enumerate(data):
            if type(item) in (dict, list):
                yield from dated_mappings(item, (*path, str(index)))


def impossible_date(value: Any) -> str | None:
    match = DATE_PATTERN.fullmatch(value) if isinstance(value, str) else None
    if not match or not match.group(3):
        return None
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return None
    days = calendar.monthrange(year, month)[1]
    if day > days:
        return f"{value} is not a real date ({calendar.month_name[month]} {year} has {days} days)"
    return None


def check_date_order(record: Record, path: tuple[str, ...], mapping: Mapping[str, Any]) -> Iterator[Problem]:
    for earlier, later in DATE_ORDER:
        first, second = mapping.get(earlier), mapping.get(later)
        if isinstance(first, str) and isinstance(second, str) and second < first[: len(second)]:
            yield problem(record, ".".join((*path, later)), "DATE002", f"{later} {second} is before {earlier} {first}; swap them or correct one")


LOCAL_CHECKS = (check_id_matches_file, check_statement_ids, check_dates)
LINK_CHECKS = (check_references, check_statement_references)


# -- quotes ---------------------------------------------------------------------------------------

TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
WHITESPACE = re.compile(r"\s+")


def normalize_quote(text: str) -> str:
    """Text compared for quotes: typographic quotes made plain, runs of whitespace made one space."""
    return WHITESPACE.sub(" ", text.translate(TYPOGRAPHIC)).strip()


def check_quotes(records: Iterable[Record], texts: Mapping[str, str]) -> list[Problem]:
    """Every quote is found in the text of the source it cites (or of the sources it was cited through)."""
    records = tuple(records)
    sources = {r.id: r for r in records if r.type == "source"}
    normalized = {checksum: normalize_quote(text) for checksum, text in texts.items()}
    problems = [p for source in sources.values() for p in check_source_text(source, normalized)]
    for record in records:
        for field_path, citation in iter_citations(record.data):
            problems.extend(check_citation_quote(record, field_path, citation, sources, normalized))
    return sorted(set(problems))


def check_source_text(source: Record, normalized: Mapping[str, str]) -> Iterator[Problem]:
    """A source with a checksum has its text among the texts given."""
    checksum = source.data.get("sha256")
    if isinstance(checksum, str) and checksum not in normalized:
        yield problem(source, "sha256", "QUOTE002", f"no file in the sources folder has this sha256; add the original text or correct the checksum")


def texts_for(source_id: str, sources: Mapping[str, Record], normalized: Mapping[str, str]) -> list[str]:
    """The held texts a quote citing this source may come from: its own, or those it was cited through."""
    source = sources.get(source_id)
    if source is None:
        return []
    holders = [source] if "sha256" in source.data else [sources[i] for i in source.data.get("cited_through", []) if isinstance(i, str) and i in sources]
    checksums = [holder.data.get("sha256") for holder in holders]
    return [normalized[c] for c in checksums if isinstance(c, str) and c in normalized]


def check_citation_quote(record: Record, field_path: str, citation: Mapping[str, Any], sources: Mapping[str, Record], normalized: Mapping[str, str]) -> Iterator[Problem]:
    quote, source_id = citation.get("quote"), citation.get("source")
    if not isinstance(quote, str) or not isinstance(source_id, str) or source_id not in sources:
        return
    texts = texts_for(source_id, sources, normalized)
    if texts and not any(normalize_quote(quote) in text for text in texts):
        yield problem(record, f"{field_path}.quote", "QUOTE001", f"quote not found in the text of source '{source_id}'; copy the words exactly as the source has them")
