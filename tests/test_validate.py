"""Validate: every bad fixture gives exactly the problem lines expected, the good fact base none."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from scripts.check import collect_problems
from scripts.load import Record
from scripts.problems import Problem
from scripts.validate import check_dates, shown, without_consequences

# Read here, not imported from conftest: tests/browser/ has a conftest module of its own.
BAD_CASES = sorted(path.name for path in (Path(__file__).parent / "fixtures" / "bad").iterdir() if path.is_dir())

# One entry per folder in tests/fixtures/bad/: the full problem line(s) that case must produce.
EXPECTED = {
    "alias-bomb":
        "facts/person/alias-bomb.yaml:2: alias-bomb: YAML003 anchor '&a' found; anchors and aliases are not allowed, write the value out",
    "anchor-without-alias":
        "facts/person/anchored-person.yaml:2: anchored-person: YAML003 anchor '&name' found; anchors and aliases are not allowed, write the value out",
    "boolean-no":
        "facts/agreement/norway-agreement.yaml:5: norway-agreement: binding: YAML009 'no' would be read as a YAML 1.1 boolean; write true or false, or quote it as text",
    "boolean-off-key":
        "facts/person/off-key.yaml:3: off-key: YAML009 key 'off' reads as a YAML 1.1 boolean; quote it",
    "boolean-on":
        "facts/event/on-event.yaml:5: on-event: place: YAML009 'on' would be read as a YAML 1.1 boolean; write true or false, or quote it as text",
    "boolean-yes":
        "facts/organization/yes-organization.yaml:4: yes-organization: short_name: YAML009 'yes' would be read as a YAML 1.1 boolean; write true or false, or quote it as text",
    "control-character-in-id":
        "facts/person/evil-person.yaml:1: evil\\u202eperson: id: SCH005 must be lowercase ASCII words joined by hyphens, for example 'scott-bessent', got 'evil\\u202eperson'",
    "custom-tag":
        "facts/person/tagged-person.yaml:2: tagged-person: name: YAML010 tag '!!python/object/apply:os.system' is not allowed; write plain text, numbers, true or false",
    "dangling-reference":
        "facts/person/dangling-reference.yaml:5: dangling-reference: roles.0.organization: REF001 no organization has id 'us-tresury' (did you mean 'us-treasury'?)",
    "dates-out-of-order":
        'facts/event/backwards-event.yaml:6: backwards-event: end_date: DATE002 end_date 2026-05-13 is before date 2026-05-14; swap them or correct one',
    "deep-nesting":
        "facts/person/deep-person.yaml:1: deep-person: YAML008 10,000 '[' and '{' are too many to read safely (at most 1,000); write lists as '- item' lines",
    "duplicate-id":
        "facts/topic/jane-example.yaml:1: jane-example: id: ID002 id 'jane-example' is already used by facts/person/jane-example.yaml; choose another id",
    "duplicate-key":
        "facts/person/twice-named.yaml:6: twice-named: name: YAML002 duplicate key 'name' (first on line 2); keep one",
    "duplicate-statement-id":
        "facts/person/repeated-statement.yaml:10: repeated-statement: statements.1.id: ID003 statement id 'protocol' is used twice in this record; give each statement its own id",
    "empty-file":
        "facts/person/empty-person.yaml:1: empty-person: YAML006 file is empty; a record is a mapping starting with 'id: empty-person'",
    "extension-json":
        'facts/person/json-person.json:1: -: FILE004 unexpected file: records are files named <id>.yaml in facts/person/ (convert it to YAML)',
    "extension-yml":
        'facts/person/yml-person.yml:1: -: FILE004 unexpected file: records are files named <id>.yaml in facts/person/ (rename it to yml-person.yaml)',
    "id-not-file-name":
        "facts/person/john-example.yaml:1: jon-example: id: ID001 id 'jon-example' does not match the file name; rename the file to jon-example.yaml or set id: john-example",
    "impossible-date":
        'facts/event/february-thirtieth.yaml:5: february-thirtieth: date: DATE001 2026-02-30 is not a real date (February 2026 has 28 days)',
    "inferred-without-date-note":
        "facts/event/unexplained-date.yaml:1: unexplained-date: date_note: SCH001 required field is missing when date_certainty is 'inferred'; add 'date_note: …'",
    "invalid-yaml":
        'facts/person/broken-person.yaml:2: broken-person: YAML001 invalid YAML: a quoted value starts on this line but is never closed; add the closing quote',
    "merge-key":
        "facts/person/merged-person.yaml:4: merged-person: citations.0: YAML003 merge key '<<' found; anchors, aliases and merge keys are not allowed, write the fields out",
    "missing-required-field":
        "facts/person/no-citations.yaml:1: no-citations: citations: SCH001 required field is missing; add 'citations: …'",
    "missing-source-text":
        'seeds/unheld-article.yaml:5: unheld-article: sha256: QUOTE002 no file in the sources folder has this sha256; add the original text or correct the checksum',
    "multiple-documents":
        "facts/person/two-documents.yaml:6: two-documents: YAML004 a second document starts here; a record file holds exactly one document (remove '---')",
    "non-http-url":
        "facts/organization/script-url.yaml:4: script-url: url: SCH005 must be an http:// or https:// URL, got 'javascript:alert(1)'",
    "non-utf8":
        'facts/person/latin1-person.yaml:2: latin1-person: FILE003 byte 0xe9 is not valid UTF-8; save the file as UTF-8',
    "over-long-quote":
        'facts/person/long-quote.yaml:5: long-quote: citations.0.quote: SCH006 is 301 characters long; at most 300 allowed (shorten it)',
    "quote-not-found":
        "facts/person/misquoted.yaml:5: misquoted: citations.0.quote: QUOTE001 quote not found in the text of source 'example-wire-article'; copy the words exactly as the source has them",
    "quote-not-found-cited-through":
        "facts/person/misquoted-through.yaml:5: misquoted-through: citations.0.quote: QUOTE001 quote not found in the text of source 'example-broadcast'; copy the words exactly as the source has them",
    "reference-wrong-type":
        "facts/event/wrong-type-reference.yaml:6: wrong-type-reference: topics.0: REF002 'jane-example' is a person (facts/person/jane-example.yaml), but this field needs a topic",
    "source-without-text-or-citer":
        'seeds/orphan-article.yaml:1: orphan-article: sha256: SCH001 a source needs either sha256 (its text is held) or cited_through with citations (it is known through another source)',
    "symlinked-file":
        'facts/person/linked-person.yaml:1: linked-person: FILE005 fact files must be regular files, not symbolic links; replace the link with the file itself',
    "tab-indentation":
        'facts/person/tabbed-person.yaml:5: tabbed-person: YAML007 tab character in indentation; indent with spaces',
    "top-level-list":
        "facts/person/list-person.yaml:1: list-person: YAML005 the document is a list; a record is a mapping of fields such as 'id: list-person'",
    "unknown-conflicts-with":
        "facts/person/conflicting-person.yaml:8: conflicting-person: statements.0.conflicts_with.0: REF001 no statement 'talks-announcement#first-round-geneva' exists; did you mean 'talks-announcement#first-round'?",
    "unknown-field":
        "facts/person/unknown-field.yaml:3: unknown-field: sumary: SCH002 unknown field 'sumary' (did you mean 'summary'?)",
    "unknown-type-folder":
        'facts/people:1: -: FILE004 unexpected entry in facts/: records live in facts/agreement/, facts/event/, facts/organization/, facts/person/, facts/topic/ (sources in seeds/)',
    "wrong-type":
        "facts/event/numeric-date.yaml:5: numeric-date: date: SCH003 must be text, got a number 2026; put it in quotes to make it text: '2026'",
    "wrong-type-list":
        "facts/event/single-participant.yaml:5: single-participant: participants: SCH003 must be a list, got text 'jane-example'; write each item on its own line starting with '- '",
}


def test_every_bad_case_has_an_expectation() -> None:
    assert sorted(EXPECTED) == BAD_CASES


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_case_gives_exactly_its_problem(case: str, make_fact_base: Callable[..., Path]) -> None:
    root = make_fact_base(case)
    problems, _ = collect_problems(root, root / "texts")
    expected = EXPECTED[case] if isinstance(EXPECTED[case], list) else [EXPECTED[case]]
    assert [str(problem) for problem in problems] == expected


def test_good_fact_base_has_no_problems(fact_base: Path) -> None:
    assert collect_problems(fact_base, fact_base / "texts") == ([], 8)


def record(data: dict, lines: dict | None = None) -> Record:
    return Record("event", data["id"], f"facts/event/{data['id']}.yaml", data, lines or {"": 1})


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2026-02-29", "2026-02-29 is not a real date (February 2026 has 28 days)"),
        ("2026-04-31", "2026-04-31 is not a real date (April 2026 has 30 days)"),
        ("1900-02-29", "1900-02-29 is not a real date (February 1900 has 28 days)"),
    ],
)
def test_impossible_dates(date: str, message: str) -> None:
    problems = list(check_dates(record({"id": "e", "date": date}, {"": 1, "date": 4})))
    assert problems == [Problem("facts/event/e.yaml", 4, "e", "date", "DATE001", message)]


@pytest.mark.parametrize("date", ["2024-02-29", "2000-02-29", "2026-12-31", "2026-05", "2026"])
def test_real_dates_pass(date: str) -> None:
    assert list(check_dates(record({"id": "e", "date": date}))) == []


@pytest.mark.parametrize(
    ("earlier", "later", "problems"),
    [("2026-05", "2026-05-14", 0), ("2026-05-14", "2026-05", 0), ("2026", "2025-12-31", 1), ("2026-05-14", "2026-05-14", 0)],
)
def test_date_order_compares_at_the_coarser_precision(earlier: str, later: str, problems: int) -> None:
    found = list(check_dates(record({"id": "e", "date": earlier, "end_date": later})))
    assert [p.code for p in found] == ["DATE002"] * problems


@pytest.mark.parametrize(
    ("value", "text"),
    [("a\u202eb", "'a\\u202eb'"), (True, "true"), (None, "null"), (1.5, "1.5"), ([1], "a list"), ({}, "a mapping"), ("x" * 80, "'" + "x" * 55 + "...'")],
)
def test_values_are_shown_as_yaml_spells_them(value: object, text: str) -> None:
    assert shown(value) == text


def test_consequences_of_a_shape_problem_are_dropped() -> None:
    shape = Problem("facts/person/p.yaml", 5, "p", "roles.0.organization", "SCH005", "bad id")
    consequence = Problem("facts/person/p.yaml", 5, "p", "roles.0.organization", "REF001", "no organization")
    nested = Problem("facts/person/p.yaml", 7, "p", "roles.0.organization.x", "REF001", "nested")
    elsewhere = Problem("facts/person/q.yaml", 5, "q", "roles.0.organization", "REF001", "other file")
    sibling = Problem("facts/person/p.yaml", 5, "p", "roles.0.organizations", "REF001", "sibling field")
    assert without_consequences([sibling, consequence, elsewhere, nested, shape]) == [shape, sibling, elsewhere]
