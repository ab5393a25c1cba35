"""The check command: exit codes, exact output in each format, file arguments narrowing the report,
and the fast schema path agreeing with jsonschema."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from scripts import check
from scripts.cli import escape_data, escape_property, format_problems
from scripts.problems import Problem
from tests.conftest import BAD

DANGLING = (
    "facts/person/dangling-reference.yaml:5: dangling-reference: roles.0.organization: REF001 no organization has "
    "id 'us-tresury' (did you mean 'us-treasury'?)\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = check.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_clean_base_exits_0(fact_base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--root", str(fact_base), "--sources", str(fact_base / "texts")) == (
        0,
        "",
        "checked 8 records: no problems\n",
    )


def test_problems_exit_1_with_exact_output(
    make_fact_base: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_fact_base("dangling-reference")
    assert run(capsys, "--root", str(root)) == (1, DANGLING, "checked 9 records: 1 problem(s) in 1 file(s)\n")


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["--unknown"], "unrecognized arguments: --unknown"),
        (["--format", "xml"], "invalid choice: 'xml'"),
        (
            ["--sources", "{root}/no-such-folder"],
            "check: --sources {root}/no-such-folder: no such folder; name the folder holding the original texts\n",
        ),
        (["{root}/facts/person/nobody.yaml"], "check: {root}/facts/person/nobody.yaml: no such file\n"),
    ],
)
def test_misuse_exits_2_without_traceback(
    argv: list[str], error: str, fact_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--root", str(fact_base), *(a.format(root=fact_base) for a in argv))
    assert (code, out, "Traceback" in err) == (2, "", False)
    assert error.format(root=fact_base) in err


def test_root_without_schemas_is_misuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--root", str(tmp_path)) == (
        2,
        "",
        f"check: {tmp_path}: no schemas/common.schema.json here; run from a checkout of the fact base\n",
    )


def test_file_arguments_narrow_the_report(
    make_fact_base: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_fact_base("dangling-reference")
    shutil.copytree(BAD / "unknown-field", root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    both = run(capsys, "--root", str(root))
    narrowed = run(capsys, "--root", str(root), str(root / "facts/person/dangling-reference.yaml"))
    clean = run(capsys, "--root", str(root), str(root / "facts/person/jane-example.yaml"))
    assert both[:2] == (
        1,
        DANGLING
        + (
            "facts/person/unknown-field.yaml:3: unknown-field: sumary: SCH002 unknown field 'sumary' (did you mean "
            "'summary'?)\n"
        ),
    )
    assert (narrowed[:2], clean[:2]) == ((1, DANGLING), (0, ""))


def test_github_format(make_fact_base: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = make_fact_base("dangling-reference")
    expected = (
        "::error file=facts/person/dangling-reference.yaml,line=5,title=REF001::dangling-reference: "
        "roles.0.organization: no organization has id 'us-tresury' (did you mean 'us-treasury'?)\n"
    )
    assert run(capsys, "--root", str(root), "--format", "github") == (1, expected, "")


def test_github_annotation_escapes_its_special_characters() -> None:
    problem = Problem("facts/a,b:c%.yaml", 3, "r", "f", "X001", "50% of a, b: c")
    assert (
        format_problems([problem], "github")
        == "::error file=facts/a%2Cb%3Ac%25.yaml,line=3,title=X001::r: f: 50%25 of a, b: c\n"
    )


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
