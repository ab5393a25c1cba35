"""The check command: exit codes, exact output in each format, file arguments narrowing the report,
and the fast schema path agreeing with jsonschema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Callable

import pytest

from scripts import check
from scripts.load import Record, load_fact_base, load_schemas
from scripts.problems import Problem
from scripts.report import escape_data, escape_property, format_problems
from scripts.synthetic import write_fact_base
from scripts.validate import build_fast_checks, build_validators, check_schema

# Read here, not imported from conftest: tests/browser/ has a conftest module of its own.
BAD_CASES = sorted(path.name for path in (Path(__file__).parent / "fixtures" / "bad").iterdir() if path.is_dir())

DANGLING = "facts/person/dangling-reference.yaml:5: dangling-reference: roles.0.organization: REF001 no organization has id 'us-tresury' (did you mean 'us-treasury'?)\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = check.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_clean_base_exits_0(fact_base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--root", str(fact_base), "--sources", str(fact_base / "texts")) == (0, "", "checked 8 records: no problems\n")


def test_problems_exit_1_with_exact_output(make_fact_base: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = make_fact_base("dangling-reference")
    assert run(capsys, "--root", str(root)) == (1, DANGLING, "checked 9 records: 1 problem(s) in 1 file(s)\n")


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["--unknown"], "unrecognized arguments: --unknown"),
        (["--format", "xml"], "invalid choice: 'xml'"),
        (["--sources", "{root}/no-such-folder"], "check: --sources {root}/no-such-folder: no such folder; name the folder holding the original texts\n"),
        (["{root}/facts/person/nobody.yaml"], "check: {root}/facts/person/nobody.yaml: no such file\n"),
    ],
)
def test_misuse_exits_2_without_traceback(argv: list[str], error: str, fact_base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--root", str(fact_base), *(a.format(root=fact_base) for a in argv))
    assert (code, out, "Traceback" in err) == (2, "", False)
    assert error.format(root=fact_base) in err


def test_root_without_schemas_is_misuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--root", str(tmp_path)) == (2, "", f"check: {tmp_path}: no schemas/common.schema.json here; run from a checkout of the fact base\n")


def test_file_arguments_narrow_the_report(make_fact_base: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = make_fact_base("dangling-reference")
    shutil.copytree(Path(__file__).parent / "fixtures" / "bad" / "unknown-field", root, dirs_exist_ok=True)
    both = run(capsys, "--root", str(root))
    narrowed = run(capsys, "--root", str(root), str(root / "facts/person/dangling-reference.yaml"))
    clean = run(capsys, "--root", str(root), str(root / "facts/person/jane-example.yaml"))
    assert both[:2] == (1, DANGLING + "facts/person/unknown-field.yaml:3: unknown-field: sumary: SCH002 unknown field 'sumary' (did you mean 'summary'?)\n")
    assert (narrowed[:2], clean[:2]) == ((1, DANGLING), (0, ""))


def test_github_format(make_fact_base: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = make_fact_base("dangling-reference")
    expected = "::error file=facts/person/dangling-reference.yaml,line=5,title=REF001::dangling-reference: roles.0.organization: no organization has id 'us-tresury' (did you mean 'us-treasury'?)\n"
    assert run(capsys, "--root", str(root), "--format", "github") == (1, expected, "")


def test_github_annotation_escapes_its_special_characters() -> None:
    problem = Problem("facts/a,b:c%.yaml", 3, "r", "f", "X001", "50% of a, b: c")
    assert format_problems([problem], "github") == "::error file=facts/a%2Cb%3Ac%25.yaml,line=3,title=X001::r: f: 50%25 of a, b: c\n"


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [("a%b", "a%25b", "a%25b"), ("a\nb\r", "a%0Ab%0D", "a%0Ab%0D"), ("a:b,c", "a:b,c", "a%3Ab%2Cc")],
)
def test_escaping(text: str, data: str, prop: str) -> None:
    assert (escape_data(text), escape_property(text)) == (data, prop)


def test_newlines_in_a_problem_never_break_its_line() -> None:
    problem = Problem("p.yaml", 1, "r", "f", "X001", "two\nlines")
    assert (format_problems([problem], "text"), format_problems([problem], "github")) == (
        "p.yaml:1: r: f: X001 two\\u000alines\n",
        "::error file=p.yaml,line=1,title=X001::r: f: two\\u000alines\n",
    )


def test_json_format(make_fact_base: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = make_fact_base("dangling-reference")
    code, out, err = run(capsys, "--root", str(root), "--format", "json")
    assert (code, err) == (1, "")
    assert json.loads(out) == [
        {
            "path": "facts/person/dangling-reference.yaml",
            "line": 5,
            "record_id": "dangling-reference",
            "field": "roles.0.organization",
            "code": "REF001",
            "message": "no organization has id 'us-tresury' (did you mean 'us-treasury'?)",
        }
    ]


def test_parallel_and_serial_runs_agree(make_fact_base: Callable[..., Path]) -> None:
    root = make_fact_base()
    for case in ("dangling-reference", "unknown-field", "impossible-date", "non-utf8"):
        shutil.copytree(Path(__file__).parent / "fixtures" / "bad" / case, root, dirs_exist_ok=True)
    schemas = load_schemas(root)
    serial = check.load_and_check(root, schemas, workers=1)
    parallel = check.load_and_check(root, schemas, workers=2)
    assert [len(serial[0]), len(serial[1])] == [11, 3]
    assert (parallel[0], sorted(parallel[1])) == (serial[0], sorted(serial[1]))


def schema_verdicts(root: Path) -> list[tuple[str, bool, bool]]:
    schemas = load_schemas(root)
    validators, fast = build_validators(schemas), build_fast_checks(schemas)
    verdicts = []
    for record in load_fact_base(root).records:
        slow_ok = not list(check_schema(record, validators))
        fast_ok = not list(check_schema(record, validators, fast))
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


@pytest.mark.parametrize(
    "value",
    ["us-treasury\n", "US Treasury", "us--treasury", "us-treasury-", "a" * 81, "é"],
)
def test_fast_path_and_jsonschema_reject_the_same_bad_references(value: str, fact_base: Path) -> None:
    schemas = load_schemas(fact_base)
    validators, fast = build_validators(schemas), build_fast_checks(schemas)
    data = {"id": "org", "name": "Org", "kind": "other", "parent": value, "citations": [{"source": "s", "quote": "q"}]}
    record = Record("organization", "org", "facts/organization/org.yaml", data, {"": 1, "parent": 4})
    slow, quick = list(check_schema(record, validators)), list(check_schema(record, validators, fast))
    assert ([p.code for p in slow], quick) == (["SCH005"] if len(value) <= 80 else ["SCH006"], slow)
