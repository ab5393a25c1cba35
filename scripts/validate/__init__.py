"""Validate: check loaded records against the schemas and against each other; problems as values.

Takes records, the schemas and the record types (and, for quotes, the original texts keyed by
checksum); gives `Problem` values, never raises for bad data. Shape rules live in schemas/; the
Python checks add only what a schema cannot say: ids match file names and are unique, references
resolve to the right type, dates are real and in order, quotes are found in their sources.

Each record is checked against its schema first, and every later check sees the record as the
schema accepted it (scripts/validate/schema.py takes out every refused value), so no check meets a
value of a type its schema does not allow: a schema-invalid record gives its schema problems, and
nothing after goes wrong. A check that would conclude from a value's absence first asks whether the
schema refused it (`Record.refused_at`), here or in another record, so one wrong value gives one
problem line. This stage never opens a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..model import Record, RecordTypes
from ..problems import Problem
from .links import LINK_CHECKS, Ids, check_previous_ids, check_unique_ids
from .quotes import check_copied_prose, check_quotes
from .record import RECORD_CHECKS
from .schema import FastChecks, Validators, build_fast_checks, build_validators, check_schema

__all__ = [
    "RecordChecker",
    "check_copied_prose",
    "check_links",
    "check_quotes",
    "validate_records",
    "without_consequences",
]


@dataclass(frozen=True)
class RecordChecker:
    """The compiled checks of one record at a time; built once per process, as compiling costs."""

    types: RecordTypes
    validators: Validators
    fast: FastChecks | None = None

    @classmethod
    def build(
        cls, schemas: Mapping[str, Mapping[str, Any]], types: RecordTypes, fast_path: bool = False
    ) -> RecordChecker:
        return cls(types, build_validators(schemas), build_fast_checks(schemas) if fast_path else None)

    def check(self, record: Record) -> tuple[list[Problem], Record]:
        """The problems one record has on its own, and the record as its schema accepted it."""
        problems, accepted = check_schema(record, self.validators, self.fast)
        record_type = self.types.get(record.type)
        if record_type is not None:
            for check in RECORD_CHECKS:
                problems.extend(check(accepted, record_type))
        return problems, accepted


def check_links(records: Iterable[Record], types: RecordTypes, unreadable: Iterable[str] = ()) -> list[Problem]:
    """The problems between records (as their schemas accepted them): shared ids and references that do
    not resolve. A reference to the id of an `unreadable` record file is not reported: that file's own
    problem is, and one broken file does not make every record that names it look wrong too."""
    records = tuple(records)
    ids = Ids.of(records, unreadable)
    problems = [*check_unique_ids(records), *check_previous_ids(records)]
    for record in records:
        record_type = types.get(record.type)
        if record_type is not None:
            for check in LINK_CHECKS:
                problems.extend(check(record, record_type, ids))
    return problems


def validate_records(
    records: Iterable[Record],
    schemas: Mapping[str, Mapping[str, Any]],
    types: RecordTypes,
    texts: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Every problem in the records: each on its own, then the links between them, then (given texts) the quotes."""
    checker = RecordChecker.build(schemas, types)
    problems: list[Problem] = []
    accepted: list[Record] = []
    for record in records:
        found, kept = checker.check(record)
        problems += found
        accepted.append(kept)
    problems += check_links(accepted, types)
    if texts is not None:
        problems += check_quotes(accepted, texts) + check_copied_prose(accepted, texts, types)
    return without_consequences(problems)


SHAPE_CODES = ("FILE", "YAML", "SCH")


def without_consequences(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted problems, minus cross-record ones on a field whose shape is already reported wrong.

    A reference written 'US Treasury' breaks the id pattern; saying also that no record has that
    id, or that the id does not match the file name, repeats the one mistake in other words.
    """
    unique = set(problems)
    broken = {(p.path, p.field) for p in unique if p.code.startswith("SCH")}
    return sorted(p for p in unique if p.code.startswith(SHAPE_CODES) or not broken_at(p, broken))


def broken_at(problem: Problem, broken: set[tuple[str, str]]) -> bool:
    parts = problem.field.split(".")
    return any((problem.path, ".".join(parts[:size])) in broken for size in range(1, len(parts) + 1))
