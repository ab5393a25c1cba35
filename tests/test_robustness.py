"""Robustness: a value of the wrong type anywhere in a record gives one problem line, never a traceback
(issue 18); a mangled record file gives well-formed problems, or, when it still validates, a fact base
that renders and exports.

  - Generated: in every record of tests/fixtures/every-field/ (laid over the good fact base; between
    them they hold every field the schemas declare), each field path in turn takes a value of every
    other JSON type, in memory, and the checks run in-process as `make verify-quotes` composes them.
    Each variant gives exactly one line, SCH003 at that very path: every check after the schema sees
    the record as its schema accepted it, and a check never judges what a schema refused, here or in
    another record (scripts/validate/schema.py, and refused_at in scripts/model.py).
  - Fuzz: a seeded random mutator mangles the text of the record files of that fact base (lines
    deleted, doubled, swapped, re-indented, the text cut short; NUL, tab, U+202E, flow brackets,
    anchors, aliases and tags put in); each result is written to disk and checked by pipeline.check.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scripts import pipeline
from scripts.addresses import record_data, record_page
from scripts.load import load_fact_base, load_schemas, load_source_texts
from scripts.model import SOURCE_TYPE, Record, RecordTypes, field_pattern
from scripts.problems import CODES, Problem
from scripts.validate import RecordChecker, check_copied_prose, check_links, check_quotes, without_consequences
from tests.conftest import REPO, TESTS, copy_fact_base, problem_lines

EVERY_FIELD = TESTS / "fixtures" / "every-field"
EVERY_FIELD_IDS = sorted(path.stem for path in EVERY_FIELD.rglob("*.yaml"))
SCHEMAS = load_schemas(REPO)
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Base:
    """The good fact base with the every-field records laid over it: loaded once, checks compiled once."""

    records: tuple[Record, ...]
    types: RecordTypes
    checker: RecordChecker
    texts: Mapping[str, str]

    def index(self, record_id: str) -> int:
        return next(i for i, record in enumerate(self.records) if record.id == record_id)

    def problems_with(self, index: int, data: Any) -> list[Problem]:
        """Every problem of the fact base when one record holds this data, as validate_records finds them.

        The other records are valid (test_every_field_records_are_valid_and_hold_every_declared_field),
        so each is accepted as it is. A record's quotes depend only on it and the sources, its prose only
        on itself: the quotes of the changed record (of all, when a source changed) and its prose are
        checked again, those of the others cannot have changed.
        """
        record = self.records[index]
        problems, accepted = self.checker.check(Record(record.type, record.id, record.path, data, record.lines))
        records = (*self.records[:index], accepted, *self.records[index + 1 :])
        problems += check_links(records, self.types)
        quoted = records if record.type == SOURCE_TYPE else (*(r for r in records if r.type == SOURCE_TYPE), accepted)
        problems += check_quotes(quoted, self.texts) + check_copied_prose([accepted], self.texts, self.types)
        return without_consequences(problems)


@pytest.fixture(scope="module")
def every_field_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_fact_base(tmp_path_factory.mktemp("robust") / "base", EVERY_FIELD)


@pytest.fixture(scope="module")
def base(every_field_base: Path) -> Base:
    loaded = load_fact_base(every_field_base)
    checker = RecordChecker.build(loaded.schemas, loaded.types)
    return Base(loaded.records, loaded.types, checker, load_source_texts(every_field_base / "texts"))


# -- the fixture: valid, and every declared field in it -------------------------------------------


def resolve(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    reference = schema.get("$ref")
    return resolve(SCHEMAS["common"]["$defs"][reference.rpartition("/")[2]]) if reference else schema


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def declared(schema: Mapping[str, Any], path: str = "") -> Iterator[str]:
    """Every field pattern a schema declares ('*' for any list item), its $refs followed."""
    schema = resolve(schema)
    for name, value in schema.get("properties", {}).items():
        yield join(path, name)
        yield from declared(value, join(path, name))
    if "items" in schema:
        yield join(path, "*")
        yield from declared(schema["items"], join(path, "*"))


def field_paths(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """Every (path, value) inside a value: each key of every mapping and each item of every list, at every depth."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield (*path, key), item
        yield from field_paths(item, (*path, key))


def dotted(path: FieldPath) -> str:
    return ".".join(str(part) for part in path)


def test_every_field_records_are_valid_and_hold_every_declared_field(every_field_base: Path, base: Base) -> None:
    """Statements, citations and figures share one definition (common.schema.json), so one full
    statement (in the event) stands for every type's, and one renamed, withdrawn person holds the
    previous_ids and withdrawn every type shares; every other field is held by a record of its type."""
    assert problem_lines(every_field_base) == []
    missing = {}
    for name in sorted(base.types):
        held = {
            field_pattern(dotted(path))
            for record in base.records
            if record.type == name and record.id in EVERY_FIELD_IDS
            for path, _ in field_paths(record.data)
        }
        shared: tuple[str, ...] = ("statements.", "statements") if name != "event" else ()
        shared += ("previous_ids", "withdrawn") if name != "person" else ()
        missing[name] = sorted(p for p in set(declared(SCHEMAS[name])) - held if not p.startswith(shared))
    assert missing == {name: [] for name in base.types}


# -- generated: every field path, every other JSON type -------------------------------------------

# Each replacement: its JSON type, the value, and how a problem line names what it got.
REPLACEMENTS: tuple[tuple[str, Any, str], ...] = (
    ("object", {"a": "b"}, "a mapping"),
    ("array", ["a"], "a list"),
    ("string", "a", "text"),
    ("number", 5, "a number"),
    ("boolean", True, "true/false"),
    ("null", None, "an empty value"),
    ("string", "", "text"),
    ("array", [], "a list"),
)
# How a problem line names what a field must be, by the JSON type of its valid value.
WANTED = {"object": "a mapping of fields", "array": "a list", "string": "text", "number": "a number"}
# Variants per record: every field path times every replacement of another JSON type.
VARIANT_COUNTS = {
    "example-column": 213,
    "example-office": 135,
    "geneva-round": 277,
    "geneva-terms": 189,
    "john-example": 123,
    "retired-example": 74,
    "military-uses": 129,
    "second-article": 36,
}


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def replaced(data: Any, path: FieldPath, value: Any) -> Any:
    """A copy of data with the value at path replaced; what the path does not pass through is shared."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, list) and isinstance(head, int):
        return [replaced(item, rest, value) if index == head else item for index, item in enumerate(data)]
    return {key: replaced(item, rest, value) if key == head else item for key, item in data.items()}


def variants(record: Record) -> Iterator[tuple[str, Any, str]]:
    """(what was replaced, the record's data with it, the start of the one line it must give) for every
    field path of a record and every value of another JSON type."""
    for path, original in field_paths(record.data):
        field = dotted(path)
        for kind, value, got in REPLACEMENTS:
            if kind != json_type(original):
                wanted = WANTED[json_type(original)]
                start = f"{record.path}:{record.lines[field]}: {record.id}: {field}: SCH003 must be {wanted}, got {got}"
                yield f"{field} = {value!r}", replaced(record.data, path, copy.deepcopy(value)), start


def raised_or_lines(base: Base, index: int, data: Any) -> list[str]:
    """The problem lines of a variant, or what it raised (so that every variant that raises is listed)."""
    try:
        return [str(problem) for problem in base.problems_with(index, data)]
    except Exception as error:
        return [f"raised {type(error).__name__}: {error}"]


@pytest.mark.parametrize("record_id", EVERY_FIELD_IDS)
def test_a_wrong_type_anywhere_gives_one_line_naming_its_path(record_id: str, base: Base) -> None:
    index = base.index(record_id)
    wrong, count = [], 0
    for variant, data, start in variants(base.records[index]):
        lines = raised_or_lines(base, index, data)
        count += 1
        if len(lines) != 1 or not lines[0].startswith(start) or "\n" in lines[0]:
            wrong.append((variant, lines))
    assert (wrong, count) == ([], VARIANT_COUNTS[record_id])


# -- fuzz: mangled record files -------------------------------------------------------------------

Mutation = Callable[[random.Random, str], str]
VALUE_START = re.compile(r"(?::|^\s*-) ", re.MULTILINE)
VALUE = re.compile(r"(?::|^\s*-) ([^\n]+)$", re.MULTILINE)


def line_edit(edit: Callable[[random.Random, list[str], int], None]) -> Mutation:
    """A mutation that edits the list of lines (with their endings) at a random line."""

    def mutate(rng: random.Random, text: str) -> str:
        lines = text.splitlines(keepends=True)
        if lines:
            edit(rng, lines, rng.randrange(len(lines)))
        return "".join(lines)

    return mutate


def delete(rng: random.Random, lines: list[str], index: int) -> None:
    del lines[index]


def duplicate(rng: random.Random, lines: list[str], index: int) -> None:
    lines.insert(index, lines[index])


def swap(rng: random.Random, lines: list[str], index: int) -> None:
    other = min(index + 1, len(lines) - 1) if rng.random() < 0.7 else rng.randrange(len(lines))
    lines[index], lines[other] = lines[other], lines[index]


def reindent(rng: random.Random, lines: list[str], index: int) -> None:
    stripped = lines[index].lstrip(" ")
    lines[index] = " " * max(0, len(lines[index]) - len(stripped) + rng.choice((-4, -2, -1, 1, 2, 4))) + stripped


def truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def insert(*pieces: str) -> Mutation:
    """A mutation that puts one of the pieces at a random place in the text."""

    def mutate(rng: random.Random, text: str) -> str:
        at = rng.randrange(len(text) + 1)
        return text[:at] + rng.choice(pieces) + text[at:]

    return mutate


def before_value(*pieces: str) -> Mutation:
    """A mutation that puts one of the pieces where a value starts (after 'key: ' or '- ')."""

    def mutate(rng: random.Random, text: str) -> str:
        starts = [match.end() for match in VALUE_START.finditer(text)] or [0]
        at = rng.choice(starts)
        return text[:at] + rng.choice(pieces) + text[at:]

    return mutate


def wrap_value(rng: random.Random, text: str) -> str:
    """Put a value in flow brackets, as if a list or mapping were meant: 'key: a' becomes 'key: [a]'."""
    values = list(VALUE.finditer(text))
    if not values:
        return text
    value = rng.choice(values)
    opening, closing = rng.choice(("[]", "{}"))
    return text[: value.start(1)] + opening + value.group(1) + closing + text[value.end(1) :]


MUTATIONS: dict[str, Mutation] = {
    "delete a line": line_edit(delete),
    "duplicate a line": line_edit(duplicate),
    "swap lines": line_edit(swap),
    "re-indent a line": line_edit(reindent),
    "truncate": truncate,
    "NUL": insert("\x00"),
    "tab": insert("\t", "\n\t"),
    "bidi override": insert("\u202e"),
    "flow bracket": insert("[", "]", "{", "}", "[]", "{}"),
    "flow collection": wrap_value,
    "anchor": before_value("&a ", "&anchor "),
    "alias": before_value("*a ", "*a\n"),
    "tag": before_value("!!python/object/apply:os.getcwd [] ", "!!python/name:builtins.print ", "!!binary ", "!x "),
}
FUZZ_SEED = 20260514
FUZZ_EXAMPLES = 40


def well_formed(problem: Any, paths: set[str]) -> bool:
    """A Problem of a known code, on a file of the fact base, printed as one line starting path:line: ."""
    text = str(problem)
    return (
        isinstance(problem, Problem)
        and problem.code in CODES
        and problem.path in paths
        and problem.line >= 1
        and text.startswith(f"{problem.path}:{problem.line}: ")
        and "\n" not in text
        and "\r" not in text
    )


def outcome(root: Path, paths: set[str]) -> str:
    """'problems' or 'built' for the fact base at root; a description of what went wrong otherwise."""
    checked = pipeline.check(root, root / "texts")
    if checked.problems:
        bad = [str(problem) for problem in checked.problems if not well_formed(problem, paths)]
        return f"malformed problems: {bad}" if bad else "problems"
    prepared = pipeline.prepare(root)
    if not isinstance(prepared, pipeline.Prepared):
        return f"prepare refused a fact base that check accepted: {prepared.problems}"
    files = prepared.files()
    pages = {name for record in checked.fact_base.records for name in (record_page(record), record_data(record))}
    return "built" if pages <= set(files) else f"pages missing: {sorted(pages - set(files))}"


def fuzz_example(root: Path, example: int) -> tuple[int, str, list[str], str]:
    """(example, file, mutations, outcome) of one example: one record file mangled, checked, restored."""
    rng = random.Random(FUZZ_SEED + example)
    files = sorted(p for p in root.rglob("*.yaml") if p.parent.name != "schemas")
    path = rng.choice(files)
    original = path.read_text(encoding="utf-8")
    names = [rng.choice(sorted(MUTATIONS)) for _ in range(rng.randint(1, 3))]
    text = original
    for name in names:
        text = MUTATIONS[name](rng, text)
    path.write_text(text, encoding="utf-8")
    try:
        result = outcome(root, {p.relative_to(root).as_posix() for p in files})
    except Exception as error:
        result = f"raised {type(error).__name__}: {error}"
    finally:
        path.write_text(original, encoding="utf-8")
    return example, path.name, names, result


def test_mangled_record_files_give_one_line_problems_or_a_fact_base_that_builds(every_field_base: Path) -> None:
    """Every outcome is problems that are well-formed one-line values, or, with no problem, a fact base
    whose every record has its page and data file; both kinds occur among the examples."""
    outcomes = [fuzz_example(every_field_base, example) for example in range(FUZZ_EXAMPLES)]
    assert [o for o in outcomes if o[3] not in ("problems", "built")] == []
    assert sorted({o[3] for o in outcomes}) == ["built", "problems"]
