"""Validate: every bad input gives exactly its problem lines and nothing else, the good fact base
none; the checks between records, the rules on statuses and copied prose, and the fast schema path
agreeing with jsonschema."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts import pipeline
from scripts.bench.synthetic import write_fact_base
from scripts.load import files, load_fact_base, load_schemas, read_record_types
from scripts.model import Record
from scripts.problems import CODES, Problem
from scripts.validate import without_consequences
from scripts.validate.messages import shown
from scripts.validate.record import check_date_order, check_dates
from scripts.validate.schema import build_fast_checks, build_validators, check_schema
from tests.conftest import BAD, BAD_CASES, REPO, copy_fact_base, expected_lines, problem_lines

TYPES = read_record_types(load_schemas(REPO))
CITATION = "citations:\n  - source: example-wire-article\n    quote: Jane Example\n"


# -- the bad-input corpus: tests/bad/<case>/ and its expected.txt ---------------------------------


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_case_gives_exactly_its_problems(case: str, tmp_path: Path) -> None:
    assert problem_lines(copy_fact_base(tmp_path / case, BAD / case)) == expected_lines(case)


def test_good_fact_base_has_no_problems(fact_base: Path) -> None:
    checked = pipeline.check(fact_base, fact_base / "texts")
    assert (checked.problems, len(checked.fact_base.records)) == ((), 8)


def test_every_problem_code_has_a_case() -> None:
    """Each code in scripts/problems.py is shown by a bad case's expected lines, or by a case this
    module makes at test time (inputs too big to keep, links, unreadable files)."""
    shown_codes = {
        code for case in BAD_CASES for line in expected_lines(case) for code in CODES if f": {code} " in line
    }
    made_here = {code for _, lines in GENERATED.values() for line in lines for code in CODES if f" {code} " in line}
    made_here.add("FILE001")  # test_a_file_that_cannot_be_opened_is_one_problem
    assert sorted(set(CODES) - shown_codes - made_here) == []


# -- inputs made at test time: too big to keep, or links to places outside the repository ---------


def write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


def ten_megabyte_string(root: Path) -> None:
    write(root, "facts/person/huge-name.yaml", "id: huge-name\nname: '" + "x" * 10_000_000 + "'\n" + CITATION)


def string_just_under_the_file_limit(root: Path) -> None:
    write(root, "facts/person/long-name.yaml", "id: long-name\nname: '" + "x" * 990_000 + "'\n" + CITATION)


def flow_list_of_400000_items(root: Path) -> None:
    items = ",".join(["a"] * 400_000)
    write(
        root,
        "facts/event/crowded.yaml",
        f"id: crowded\nname: Crowded\nkind: meeting\nstatus: held\nparticipants: [{items}]\n" + CITATION,
    )


def block_list_of_240000_items(root: Path) -> None:
    write(
        root,
        "facts/event/crowded.yaml",
        "id: crowded\nname: Crowded\nkind: meeting\nstatus: held\nparticipants:\n" + "- a\n" * 240_000 + CITATION,
    )


def hundred_thousand_brackets(root: Path) -> None:
    write(root, "facts/person/brackets.yaml", "id: brackets\nname: " + "[" * 100_000 + "]" * 100_000 + "\n")


def billion_laughs(root: Path) -> None:
    lines = ["id: laughs", 'a0: &a0 "lol"'] + [
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)
    ]
    write(root, "facts/person/laughs.yaml", "\n".join(lines) + "\n")


def control_characters_in_file_name(root: Path) -> None:
    write(root, "facts/person/line\nbreak\x1b[2J.yaml", "id: line-break\nname: Line Break\n" + CITATION)


def link_to_a_file_outside(root: Path) -> None:
    (root / "facts" / "person" / "passwd.yaml").symlink_to("/etc/passwd")


def dangling_link(root: Path) -> None:
    (root / "facts" / "person" / "nowhere.yaml").symlink_to(root / "no-such-file.yaml")


GENERATED: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "ten-megabyte-string": (
        ten_megabyte_string,
        [
            "facts/person/huge-name.yaml:1: huge-name: FILE002 file is larger than 1,000,000 bytes; split it or "
            "shorten its text"
        ],
    ),
    "string-just-under-the-file-limit": (
        string_just_under_the_file_limit,
        [
            "facts/person/long-name.yaml:2: long-name: name: SCH006 is 990,000 characters long; at most 200 allowed "
            "(shorten it)"
        ],
    ),
    "flow-list-of-400000-items": (
        flow_list_of_400000_items,
        [
            "facts/event/crowded.yaml:1: crowded: YAML011 400,007 lines and commas are more values than a record "
            "may hold (at most 10,000); split the record or shorten its lists"
        ],
    ),
    "block-list-of-240000-items": (
        block_list_of_240000_items,
        [
            "facts/event/crowded.yaml:1: crowded: YAML011 240,008 lines and commas are more values than a record "
            "may hold (at most 10,000); split the record or shorten its lists"
        ],
    ),
    "hundred-thousand-brackets": (
        hundred_thousand_brackets,
        [
            "facts/person/brackets.yaml:1: brackets: YAML008 100,000 '[' and "
            "'{' are too many to read safely (at most 1,000); write lists as '- item' lines"
        ],
    ),
    "billion-laughs": (
        billion_laughs,
        [
            "facts/person/laughs.yaml:2: laughs: YAML003 anchor '&a0' found; anchors and aliases are not allowed, "
            "write the value out"
        ],
    ),
    # The problem stays one line and the terminal is not cleared: control characters are escaped.
    "control-characters-in-file-name": (
        control_characters_in_file_name,
        [
            "facts/person/line\\u000abreak\\u001b[2J.yaml:1: line-break: id: ID001 id 'line-break' does not match "
            "the file name; rename the file to line-break.yaml"
        ],
    ),
    "link-to-a-file-outside": (
        link_to_a_file_outside,
        [
            "facts/person/passwd.yaml:1: passwd: FILE005 fact files must be regular files, not symbolic links; "
            "replace the link with the file itself"
        ],
    ),
    "dangling-link": (
        dangling_link,
        [
            "facts/person/nowhere.yaml:1: nowhere: FILE005 fact files must be regular files, not symbolic links; "
            "replace the link with the file itself"
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_hostile_input_gives_one_clear_problem(case: str, tmp_path: Path) -> None:
    """The bound on time and memory shows as the problem line: the input is refused before it costs."""
    make, expected = GENERATED[case]
    root = copy_fact_base(tmp_path / "base")
    make(root)
    assert problem_lines(root) == expected


def test_a_file_that_cannot_be_opened_is_one_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a permission error or a failing disk gives (tests may run as root, who reads any file,
    so the refusal is made here)."""
    root = copy_fact_base(tmp_path / "base")
    write(root, "facts/person/locked.yaml", "id: locked\nname: Locked\n" + CITATION)
    read = files.read_bounded

    def refuse(path: Path) -> bytes:
        if path.name == "locked.yaml":
            raise PermissionError(13, "Permission denied")
        return read(path)

    monkeypatch.setattr(files, "read_bounded", refuse)
    assert problem_lines(root) == [
        "facts/person/locked.yaml:1: locked: FILE001 cannot read the file: Permission denied"
    ]


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        (
            "seeds",
            "seeds:1: -: FILE005 folders of fact files must be real folders, not symbolic links; replace the link "
            "with the folder itself",
        ),
        (
            "facts",
            "facts:1: -: FILE005 folders of fact files must be real folders, not symbolic links; replace the link "
            "with the folder itself",
        ),
        (
            "facts/person",
            "facts/person:1: -: FILE005 folders of fact files must be real folders, not symbolic links; replace the "
            "link with the folder itself",
        ),
    ],
)
def test_linked_fact_folder_is_refused_and_not_read(folder: str, expected: str, tmp_path: Path) -> None:
    root = copy_fact_base(tmp_path / "base")
    shutil.move(root / folder, tmp_path / "outside")
    (root / folder).symlink_to(tmp_path / "outside")
    loaded = load_fact_base(root)
    assert [str(problem) for problem in loaded.problems] == [expected]
    assert [record.path for record in loaded.records if record.path.startswith(folder)] == []


# -- referential safety ---------------------------------------------------------------------------


def test_removing_a_referenced_record_names_every_referrer(tmp_path: Path) -> None:
    root = copy_fact_base(tmp_path / "base")
    (root / "facts" / "organization" / "us-treasury.yaml").unlink()
    assert problem_lines(root) == [
        "facts/agreement/talks-protocol.yaml:6: talks-protocol: parties.0: REF001 no person or organization has id "
        "'us-treasury'",
        "facts/person/jane-example.yaml:5: jane-example: roles.0.organization: REF001 no organization has id "
        "'us-treasury'",
    ]


def test_renaming_a_referenced_record_names_every_referrer_and_the_new_id(tmp_path: Path) -> None:
    root = copy_fact_base(tmp_path / "base")
    old = root / "facts" / "person" / "jane-example.yaml"
    write(
        root, "facts/person/jane-doe.yaml", old.read_text(encoding="utf-8").replace("id: jane-example", "id: jane-doe")
    )
    old.unlink()
    assert problem_lines(root) == [
        "facts/event/talks-announcement.yaml:9: talks-announcement: participants.0: REF001 no person or "
        "organization has id 'jane-example' (did you mean 'jane-doe'?)",
        "facts/topic/ai-safety-protocol.yaml:4: ai-safety-protocol: positions.0.held_by: REF001 no person or "
        "organization has id 'jane-example' (did you mean 'jane-doe'?)",
    ]


def record(data: dict[str, Any], lines: dict[str, int] | None = None) -> Record:
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
    problems = list(check_dates(record({"id": "e", "date": date}, {"": 1, "date": 4}), TYPES["event"]))
    assert problems == [Problem("facts/event/e.yaml", 4, "e", "date", "DATE001", message)]


@pytest.mark.parametrize("date", ["2024-02-29", "2000-02-29", "2026-12-31", "2026-05", "2026"])
def test_real_dates_pass(date: str) -> None:
    assert list(check_dates(record({"id": "e", "date": date}), TYPES["event"])) == []


@pytest.mark.parametrize(
    ("earlier", "later", "problems"),
    [
        ("2026-05", "2026-05-14", 0),
        ("2026-05-14", "2026-05", 0),
        ("2026", "2025-12-31", 1),
        ("2026-05-14", "2026-05-14", 0),
    ],
)
def test_date_order_compares_at_the_coarser_precision(earlier: str, later: str, problems: int) -> None:
    found = list(check_date_order(record({"id": "e", "date": earlier, "end_date": later}), TYPES["event"]))
    assert [p.code for p in found] == ["DATE002"] * problems


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("a\u202eb", "'a\\u202eb'"),
        (True, "true"),
        (None, "null"),
        (1.5, "1.5"),
        ([1], "a list"),
        ({}, "a mapping"),
        ("x" * 80, "'" + "x" * 55 + "...'"),
    ],
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


def test_parallel_and_serial_runs_agree(make_fact_base: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_fact_base()
    for case in ("dangling-reference", "unknown-field", "impossible-date", "non-utf8"):
        shutil.copytree(BAD / case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    serial = pipeline.check(root, workers=1)
    parallel = pipeline.check(root, workers=2)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 0)  # so that two workers share out even these few files
    shared = pipeline.check(root, workers=2)
    assert [len(serial.fact_base.records), len(serial.problems)] == [11, 4]
    assert (parallel, shared) == (serial, serial)


# Compiled once: every fact base here uses the repository's schemas, and compiling takes a fifth of a second.
VALIDATORS, FAST = build_validators(load_schemas(REPO)), build_fast_checks(load_schemas(REPO))


def schema_verdicts(root: Path) -> list[tuple[str, bool, bool]]:
    validators, fast = VALIDATORS, FAST
    verdicts = []
    for record in load_fact_base(root).records:
        slow_ok = not check_schema(record, validators)[0]
        fast_ok = not check_schema(record, validators, fast)[0]
        verdicts.append((record.path, slow_ok, fast_ok))
    return verdicts


@pytest.mark.parametrize("case", BAD_CASES)
def test_fast_path_agrees_with_jsonschema_on_fixtures(case: str, make_fact_base: Callable[..., Path]) -> None:
    verdicts = schema_verdicts(make_fact_base(case))
    assert [v for v in verdicts if v[1] != v[2]] == []


def test_fast_path_agrees_with_jsonschema_on_synthetic_records(tmp_path: Path) -> None:
    write_fact_base(tmp_path, 300, seed=7)
    verdicts = schema_verdicts(tmp_path)
    assert (len(verdicts), [v for v in verdicts if v[1] != v[2]], all(v[1] for v in verdicts)) == (300, [], True)


def test_compiling_the_fast_checks_leaves_the_schemas_as_they_were() -> None:
    """fastjsonschema rewrites the $refs it resolves; the reference pages read the schemas after it."""
    schemas = load_schemas(REPO)
    before = json.dumps(schemas, sort_keys=True)
    build_fast_checks(schemas)
    assert json.dumps(schemas, sort_keys=True) == before


@pytest.mark.parametrize(
    "value",
    ["us-treasury\n", "US Treasury", "us--treasury", "us-treasury-", "a" * 81, "é"],
)
def test_fast_path_and_jsonschema_reject_the_same_bad_references(value: str, fact_base: Path) -> None:
    schemas = load_schemas(fact_base)
    validators, fast = build_validators(schemas), build_fast_checks(schemas)
    data = {"id": "org", "name": "Org", "kind": "other", "parent": value, "citations": [{"source": "s", "quote": "q"}]}
    record = Record("organization", "org", "facts/organization/org.yaml", data, {"": 1, "parent": 4})
    slow, quick = check_schema(record, validators)[0], check_schema(record, validators, fast)[0]
    assert ([p.code for p in slow], quick) == (["SCH005"] if len(value) <= 80 else ["SCH006"], slow)


# -- every input bounded --------------------------------------------------------------------------


def unbounded(node: Any, where: str) -> Iterator[str]:
    """Schema places holding text without a maximum length or a list without a maximum count."""
    if isinstance(node, dict):
        if node.get("type") == "string" and "enum" not in node and "maxLength" not in node:
            yield where
        if node.get("type") == "array" and "maxItems" not in node:
            yield where
        for key, value in node.items():
            yield from unbounded(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from unbounded(value, f"{where}/{index}")


def test_every_string_and_list_in_the_schemas_is_bounded() -> None:
    """Besides the loader's bounds (file size, values, nesting), every schema string and list has a
    maximum; the only strings without maxLength have fixed-length patterns."""
    found = [
        place
        for path in sorted((REPO / "schemas").glob("*.schema.json"))
        for place in unbounded(json.loads(path.read_text(encoding="utf-8")), path.name)
    ]
    assert found == ["common.schema.json/$defs/date", "source.schema.json/properties/sha256"]
