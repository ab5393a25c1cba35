"""Tests for `python -m scripts.new`: the exact skeleton, the exact problems each type's skeleton
yields (so none can pass validation unfilled), and the one-line refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import new, pipeline

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(REPO_ROOT / "schemas", tmp_path / "schemas")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], root: Path, *arguments: str) -> tuple[int, str, str]:
    code = new.main(["--root", str(root), *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_person_skeleton_text(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, root, "person", "jane-example") == (
        0,
        "wrote facts/person/jane-example.yaml: replace every TODO, then run make validate\n",
        "",
    )
    assert (root / "facts/person/jane-example.yaml").read_text(encoding="utf-8") == (
        "# A new person record. Replace every TODO and 'todo' with what the sources say, then run\n"
        "# make validate. Every field is described in schemas/person.schema.json.\n"
        "# The record's id, equal to the file name without .yaml.\n"
        "id: jane-example\n"
        "# The person's name as sources give it.\n"
        "name: TODO\n"
        "# Citations supporting the record's own fields (name, dates, roles, kind).\n"
        "citations:\n"
        "  - source: todo\n"
        "    quote: TODO\n"
        "# Optional fields: previous_ids, roles, summary, statements, withdrawn.\n"
    )


@pytest.mark.parametrize(
    ("record_type", "path", "problems"),
    [
        (
            "person",
            "facts/person/new-record.yaml",
            ["facts/person/new-record.yaml:9: new-record: citations.0.source: REF001 no source has id 'todo'"],
        ),
        (
            "topic",
            "facts/topic/new-record.yaml",
            ["facts/topic/new-record.yaml:9: new-record: citations.0.source: REF001 no source has id 'todo'"],
        ),
        (
            "organization",
            "facts/organization/new-record.yaml",
            [
                "facts/organization/new-record.yaml:8: new-record: kind: SCH004 'TODO' is not allowed (use one of: "
                "government, government-body, institute, company, think-tank, international-body, forum, "
                "research-group, news-outlet, other)",
                "facts/organization/new-record.yaml:11: new-record: citations.0.source: REF001 no source has id 'todo'",
            ],
        ),
        (
            "event",
            "facts/event/new-record.yaml",
            [
                "facts/event/new-record.yaml:8: new-record: kind: SCH004 'TODO' is not allowed (use one of: summit, "
                "meeting, talks, announcement, interview, briefing, launch, publication, debate, ceremony, visit, "
                "other)",
                "facts/event/new-record.yaml:10: new-record: status: SCH004 'TODO' is not allowed (use one of: "
                "announced, confirmed, reported, unconfirmed, denied, expected, held, estimate, prediction, "
                "analysis, disputed)",
                "facts/event/new-record.yaml:13: new-record: citations.0.source: REF001 no source has id 'todo'",
            ],
        ),
        (
            "agreement",
            "facts/agreement/new-record.yaml",
            [
                "facts/agreement/new-record.yaml:8: new-record: kind: SCH004 'TODO' is not allowed (use one of: "
                "declaration, joint-statement, understanding, agreement, action-plan, report, law, statement, "
                "framework)",
                "facts/agreement/new-record.yaml:10: new-record: status: SCH004 'TODO' is not allowed (use one of: "
                "announced, confirmed, reported, unconfirmed, denied, expected, held, estimate, prediction, "
                "analysis, disputed)",
                "facts/agreement/new-record.yaml:13: new-record: citations.0.source: REF001 no source has id 'todo'",
            ],
        ),
        (
            "source",
            "seeds/new-record.yaml",
            [
                "seeds/new-record.yaml:8: new-record: kind: SCH004 'TODO' is not allowed (use one of: news-article, "
                "analysis, opinion, interview, report, briefing, web-page)",
                "seeds/new-record.yaml:10: new-record: language: SCH005 must be a language tag such as 'en' or "
                "'zh-Hans', got 'TODO'",
                "seeds/new-record.yaml:12: new-record: sha256: SCH005 must be the 64 lowercase hex digits of a "
                "SHA-256 checksum, got 'TODO'",
            ],
        ),
    ],
)
def test_every_skeleton_fails_validation_until_filled_in(
    root: Path, capsys: pytest.CaptureFixture[str], record_type: str, path: str, problems: list[str]
) -> None:
    assert run(capsys, root, record_type, "new-record") == (
        0,
        f"wrote {path}: replace every TODO, then run make validate\n",
        "",
    )
    checked = pipeline.check(root)
    found, count = list(checked.problems), len(checked.fact_base.records)
    assert ([str(problem) for problem in found], count) == (problems, 1)


def test_every_type_has_a_skeleton_test() -> None:
    tested = {"person", "topic", "organization", "event", "agreement", "source"}
    assert sorted(
        p.name.removesuffix(".schema.json")
        for p in (REPO_ROOT / "schemas").glob("*.schema.json")
        if p.name != "common.schema.json"
    ) == sorted(tested)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["persn", "x-y"],
            "new: unknown type 'persn' (did you mean 'person'? use one of: agreement, event, organization, person, "
            "source, topic)\n",
        ),
        (
            ["common", "x-y"],
            "new: unknown type 'common' (use one of: agreement, event, organization, person, source, topic)\n",
        ),
        (
            ["person", "Jane_Example"],
            "new: id 'Jane_Example' is not valid: must be lowercase ASCII words joined by hyphens, for example "
            "'scott-bessent', got 'Jane_Example'\n",
        ),
        (
            ["person", "../evil"],
            "new: id '../evil' is not valid: must be lowercase ASCII words joined by hyphens, for example "
            "'scott-bessent', got '../evil'\n",
        ),
        (
            ["person", "x" * 81],
            f"new: id '{'x' * 81}' is not valid: is 81 characters long; at most 80 allowed (shorten it)\n",
        ),
        (["person"], None),
    ],
)
def test_misuse_is_refused_in_one_line(
    root: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str | None
) -> None:
    code, out, err = run(capsys, root, *arguments)
    expected = (
        message if message is not None else "python -m scripts.new: error: the following arguments are required: id\n"
    )
    assert (code, out, err if message is not None else err.splitlines()[-1] + "\n") == (2, "", expected)
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml")) == []


@pytest.mark.parametrize("record_type", ["person", "organization"])
def test_refuses_to_overwrite_or_reuse_an_id(root: Path, capsys: pytest.CaptureFixture[str], record_type: str) -> None:
    existing = root / "facts/person/jane-example.yaml"
    existing.parent.mkdir(parents=True)
    existing.write_text("id: jane-example\nname: Jane\n", encoding="utf-8")
    assert run(capsys, root, record_type, "jane-example") == (
        2,
        "",
        "new: facts/person/jane-example.yaml already exists; edit it, or choose another id\n",
    )
    assert existing.read_text(encoding="utf-8") == "id: jane-example\nname: Jane\n"
    assert not (root / "facts/organization").exists()
