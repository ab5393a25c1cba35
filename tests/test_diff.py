"""Tests for the semantic diff: small git repositories built in a temporary folder, one change each,
and the exact report the diff prints for it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

from scripts import diff
from scripts.link.compare import FieldChange, diff_value

REPO_ROOT = Path(__file__).resolve().parent.parent
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}

SOURCE = """\
id: wire-article
title: US and China to hold AI safety talks
kind: news-article
language: en
sha256: 0000000000000000000000000000000000000000000000000000000000000000
"""
TREASURY = """\
id: us-treasury
name: US Department of the Treasury
kind: government-body
citations:
  - source: wire-article
    quote: US Treasury
"""
JANE = """\
id: jane-example
name: Jane Example
roles:
  - title: Treasury Secretary
    organization: us-treasury
    citations:
      - source: wire-article
        quote: Treasury Secretary Jane Example
citations:
  - source: wire-article
    quote: Jane Example
"""
TALKS = """\
id: talks
name: AI safety talks
kind: talks
status: reported
participants:
  - jane-example
statements:
  - id: first-round
    text: The first round is expected in Geneva.
    status: reported
    citations:
      - source: wire-article
        quote: The first round is expected in Geneva
citations:
  - source: wire-article
    quote: will hold formal talks
"""
BASE_FILES = {
    "seeds/wire-article.yaml": SOURCE,
    "facts/organization/us-treasury.yaml": TREASURY,
    "facts/person/jane-example.yaml": JANE,
    "facts/event/talks.yaml": TALKS,
}


def git(repo: Path, *arguments: str) -> str:
    result = subprocess.run(["git", *arguments], cwd=repo, env=GIT_ENV, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def write(repo: Path, files: Mapping[str, str | None]) -> None:
    """Write each file; None deletes it."""
    for name, text in files.items():
        path = repo / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--allow-empty", "--message", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit holds the schemas and the four base records."""
    shutil.copytree(REPO_ROOT / "schemas", tmp_path / "schemas")
    git(tmp_path, "init", "--quiet", "--initial-branch", "main")
    write(tmp_path, BASE_FILES)
    commit(tmp_path, "base")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], repo: Path, *arguments: str) -> tuple[int, str, str]:
    code = diff.main(["--root", str(repo), *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def changed_to(
    repo: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str | None], style: str = "text"
) -> list[str]:
    """Commit a change on top of the base and return the report lines for main..HEAD."""
    base = git(repo, "rev-parse", "HEAD")
    write(repo, files)
    commit(repo, "change")
    code, out, err = run(capsys, repo, base, "HEAD", "--format", style)
    assert (code, err) == (0, "")
    return out.splitlines()


def header(base: str, head: str = "HEAD") -> list[str]:
    return [f"Fact base changes: {base} -> {head}", ""]


def test_no_change_reports_no_changes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, repo, "HEAD") == (0, "# Fact base changes: `HEAD` → working tree\n\nno changes\n", "")


def test_added_record(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    lines = changed_to(
        repo,
        capsys,
        {"facts/person/john-doe.yaml": JANE.replace("jane-example", "john-doe").replace("Jane Example", "John Doe")},
    )
    assert lines == header(base) + ["1 added", "", "Added:", "", "- person john-doe (facts/person/john-doe.yaml)"]


def test_removed_record_nobody_points_at(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    lines = changed_to(repo, capsys, {"facts/event/talks.yaml": None})
    assert lines == header(base) + [
        "1 removed, 1 address(es) left dead",
        "",
        "Addresses left dead:",
        "",
        "- event talks (facts/event/talks.yaml): deleted; withdraw it instead (keep the file, add 'withdrawn: "
        "{date, reason}')",
        "",
        "Removed:",
        "",
        "- event talks (facts/event/talks.yaml)",
    ]


def test_removal_names_the_records_still_pointing_at_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    lines = changed_to(repo, capsys, {"facts/person/jane-example.yaml": None})
    assert lines == header(base) + [
        "1 removed, 1 broken reference(s), 1 address(es) left dead",
        "",
        "Addresses left dead:",
        "",
        "- person jane-example (facts/person/jane-example.yaml): deleted; withdraw it instead (keep the file, add "
        "'withdrawn: {date, reason}')",
        "",
        "Broken references:",
        "",
        "- jane-example (removed) is still referenced by event talks at participants.0 (facts/event/talks.yaml)",
        "",
        "Removed:",
        "",
        "- person jane-example (facts/person/jane-example.yaml)",
    ]


def test_changed_field_shows_old_and_new_value(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    lines = changed_to(
        repo,
        capsys,
        {
            "facts/person/jane-example.yaml": JANE.replace(
                "title: Treasury Secretary", "title: Secretary of the Treasury\n    as_of: 2026-05-14"
            )
        },
    )
    assert lines == header(base) + [
        "1 changed",
        "",
        "Changed:",
        "",
        "- person jane-example (facts/person/jane-example.yaml)",
        '  - roles.0.as_of: added "2026-05-14"',
        '  - roles.0.title: "Treasury Secretary" -> "Secretary of the Treasury"',
    ]


def test_status_change_is_listed_first_and_marked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    lines = changed_to(repo, capsys, {"facts/event/talks.yaml": TALKS.replace("status: reported", "status: confirmed")})
    assert lines == header(base) + [
        "1 changed, 2 status change(s)",
        "",
        "Status changes:",
        "",
        '- event talks statements.0.status: "reported" -> "confirmed" status change',
        '- event talks status: "reported" -> "confirmed" status change',
        "",
        "Changed:",
        "",
        "- event talks (facts/event/talks.yaml)",
        '  - statements.0.status: "reported" -> "confirmed" status change',
        '  - status: "reported" -> "confirmed" status change',
    ]


def test_status_change_in_markdown_is_bold_and_values_are_code(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    lines = changed_to(
        repo,
        capsys,
        {"facts/event/talks.yaml": TALKS.replace("kind: talks\nstatus: reported", "kind: talks\nstatus: held")},
        "markdown",
    )
    assert lines == [
        f"# Fact base changes: `{base}` → `HEAD`",
        "",
        "1 changed, 1 status change(s)",
        "",
        "## Status changes",
        "",
        '- `event` `talks` `status`: `"reported"` → `"held"` **status change**',
        "",
        "## Changed",
        "",
        "- `event` `talks` (`facts/event/talks.yaml`)",
        '  - `status`: `"reported"` → `"held"` **status change**',
    ]


def test_a_quote_corrected_in_place_is_a_change_of_the_quote(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    lines = changed_to(
        repo,
        capsys,
        {"facts/organization/us-treasury.yaml": TREASURY.replace("quote: US Treasury", "quote: the US Treasury")},
    )
    assert lines == header(base) + [
        "1 changed",
        "",
        "Changed:",
        "",
        "- organization us-treasury (facts/organization/us-treasury.yaml)",
        '  - citations.0.quote: "US Treasury" -> "the US Treasury"',
    ]


def test_citations_added_and_removed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    lines = changed_to(
        repo,
        capsys,
        {
            "facts/organization/us-treasury.yaml": TREASURY.replace(
                "  - source: wire-article\n    quote: US Treasury",
                "  - source: other-article\n    quote: the US Treasury",
            )
        },
    )
    assert lines == header(base) + [
        "1 changed",
        "",
        "Changed:",
        "",
        "- organization us-treasury (facts/organization/us-treasury.yaml)",
        '  - citations.0: citation removed: "wire-article" "US Treasury"',
        '  - citations.0: citation added: "other-article" "the US Treasury"',
    ]


def test_rename_names_the_references_it_breaks(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    lines = changed_to(
        repo,
        capsys,
        {
            "facts/organization/us-treasury.yaml": None,
            "facts/organization/treasury.yaml": TREASURY.replace("id: us-treasury", "id: treasury"),
        },
    )
    assert lines == header(base) + [
        "1 renamed, 1 broken reference(s), 1 address(es) left dead",
        "",
        "Addresses left dead:",
        "",
        "- organization us-treasury (facts/organization/us-treasury.yaml): renamed to treasury without keeping the old "
        "id; add 'previous_ids: [us-treasury]' to facts/organization/treasury.yaml",
        "",
        "Broken references:",
        "",
        "- us-treasury (renamed to treasury) is still referenced by person jane-example at roles.0.organization "
        "(facts/person/jane-example.yaml)",
        "",
        "Renamed:",
        "",
        "- organization us-treasury -> treasury (facts/organization/us-treasury.yaml -> "
        "facts/organization/treasury.yaml)",
    ]


def test_rename_keeping_the_old_id_with_an_edit_and_the_reference_updated(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Done right: the old id kept in previous_ids, so no address is left dead."""
    base = git(repo, "rev-parse", "HEAD")
    lines = changed_to(
        repo,
        capsys,
        {
            "facts/organization/us-treasury.yaml": None,
            "facts/organization/treasury.yaml": TREASURY.replace(
                "id: us-treasury", "id: treasury\nprevious_ids:\n- us-treasury"
            ).replace("US Department", "United States Department"),
            "facts/person/jane-example.yaml": JANE.replace("organization: us-treasury", "organization: treasury"),
        },
    )
    assert lines == header(base) + [
        "1 renamed, 1 changed",
        "",
        "Renamed:",
        "",
        "- organization us-treasury -> treasury (facts/organization/us-treasury.yaml -> "
        "facts/organization/treasury.yaml)",
        '  - name: "US Department of the Treasury" -> "United States Department of the Treasury"',
        '  - previous_ids: added ["us-treasury"]',
        "",
        "Changed:",
        "",
        "- person jane-example (facts/person/jane-example.yaml)",
        '  - roles.0.organization: "us-treasury" -> "treasury"',
    ]


def test_removed_statement_breaks_conflicts_with(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conflicting = JANE + (
        "statements:\n  - id: no-talks\n    text: No talks are planned.\n    status: denied\n    "
        "conflicts_with:\n      - talks#first-round\n    citations:\n      - source: wire-article\n        "
        "quote: no talks\n"
    )
    write(repo, {"facts/person/jane-example.yaml": conflicting})
    base = commit(repo, "conflict")
    lines = changed_to(repo, capsys, {"facts/event/talks.yaml": TALKS.replace("id: first-round", "id: opening-round")})
    assert lines == header(base) + [
        "1 changed, 1 broken reference(s)",
        "",
        "Broken references:",
        "",
        "- talks#first-round (statement removed) is still referenced by person jane-example at "
        "statements.0.conflicts_with.0 (facts/person/jane-example.yaml)",
        "",
        "Changed:",
        "",
        "- event talks (facts/event/talks.yaml)",
        '  - statements.0: removed {"id": "first-round", "text": "The first round is expected in Geneva.", '
        '"status": "reported", "citations": [{"source": …',
        '  - statements.0: added {"id": "opening-round", "text": "The first round is expected in Geneva.", '
        '"status": "reported", "citations": [{"source"…',
    ]


def test_unreadable_file_at_head_is_reported_not_removed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    lines = changed_to(
        repo,
        capsys,
        {"facts/person/jane-example.yaml": JANE.replace("name: Jane Example", "name: Jane Example\nname: Jane")},
    )
    assert lines == header(base) + [
        "1 broken reference(s), 1 unreadable file(s)",
        "",
        "Broken references:",
        "",
        "- jane-example (its file cannot be read) is still referenced by event talks at participants.0 "
        "(facts/event/talks.yaml)",
        "",
        "Unreadable files:",
        "",
        "- HEAD: facts/person/jane-example.yaml:3: jane-example: name: YAML002 duplicate key 'name' (first on line "
        "2); keep one",
    ]


def test_unreadable_file_at_base_is_reported_not_added(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"facts/person/jane-example.yaml": JANE.replace("roles:\n  - title", "roles:\n\t- title")})
    base = commit(repo, "broken")
    lines = changed_to(repo, capsys, {"facts/person/jane-example.yaml": JANE})
    assert lines == header(base) + [
        "1 unreadable file(s)",
        "",
        "Unreadable files:",
        "",
        f"- {base}: facts/person/jane-example.yaml:4: jane-example: YAML007 tab character in indentation; indent "
        "with spaces",
    ]


def test_empty_tree_as_base_lists_every_record_as_added(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, repo, EMPTY_TREE, "HEAD", "--format", "text")
    assert (code, err) == (0, "")
    assert out.splitlines() == header(EMPTY_TREE) + [
        "4 added",
        "",
        "Added:",
        "",
        "- event talks (facts/event/talks.yaml)",
        "- organization us-treasury (facts/organization/us-treasury.yaml)",
        "- person jane-example (facts/person/jane-example.yaml)",
        "- source wire-article (seeds/wire-article.yaml)",
    ]


def test_first_commit_without_facts_as_base(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(tmp_path, "init", "--quiet", "--initial-branch", "main")
    write(tmp_path, {"README.md": "empty\n"})
    base = commit(tmp_path, "first")
    shutil.copytree(REPO_ROOT / "schemas", tmp_path / "schemas")
    write(tmp_path, {"seeds/wire-article.yaml": SOURCE})
    code, out, err = run(capsys, tmp_path, base, "--format", "text")
    assert (code, out, err) == (
        0,
        f"Fact base changes: {base} -> working tree\n\n1 added\n\nAdded:\n\n- source wire-article "
        "(seeds/wire-article.yaml)\n",
        "",
    )


def test_working_tree_is_the_default_head(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"facts/event/talks.yaml": None})
    code, out, err = run(capsys, repo, "main", "--format", "text")
    assert (code, out, err) == (
        0,
        "Fact base changes: main -> working tree\n\n1 removed, 1 address(es) left dead\n\n"
        "Addresses left dead:\n\n- event talks (facts/event/talks.yaml): deleted; withdraw it instead (keep the "
        "file, add 'withdrawn: {date, reason}')\n\n"
        "Removed:\n\n- event talks (facts/event/talks.yaml)\n",
        "",
    )


def test_json_format(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"facts/organization/us-treasury.yaml": TREASURY.replace("government-body", "agency")})
    code, out, err = run(capsys, repo, "HEAD", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "base": "HEAD",
        "head": "working tree",
        "added": [],
        "removed": [],
        "renamed": [],
        "broken": [],
        "unreadable": [],
        "dead_addresses": [],
        "changed": [
            {
                "type": "organization",
                "id": "us-treasury",
                "path": "facts/organization/us-treasury.yaml",
                "old_id": "us-treasury",
                "old_path": "facts/organization/us-treasury.yaml",
                "changes": [{"field": "kind", "kind": "changed", "old": "government-body", "new": "agency"}],
            }
        ],
    }


def test_markdown_cannot_be_broken_out_of(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = "x`` <img src=x onerror=alert(1)> [a](javascript:b) ``y"
    write(
        repo,
        {
            "facts/organization/us-treasury.yaml": TREASURY.replace(
                "name: US Department of the Treasury", f"name: '{hostile}'"
            )
        },
    )
    code, out, err = run(capsys, repo, "HEAD")
    assert (code, err) == (0, "")
    assert (
        out.splitlines()[-1] == '  - `name`: `"US Department of the Treasury"` → '
        '```"x`` <img src=x onerror=alert(1)> [a](javascript:b) ``y"```'
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["no-such-branch"],
            "diff: 'no-such-branch' is not a revision in {repo}; name a commit, branch, tag or tree (see git log)\n",
        ),
        (
            ["HEAD", "no-such-branch"],
            "diff: 'no-such-branch' is not a revision in {repo}; name a commit, branch, tag or tree (see git log)\n",
        ),
        (["--", "--output=x"], "diff: '--output=x' is not a revision; name a commit, branch, tag or tree\n"),
    ],
)
def test_bad_revision_is_misuse(
    repo: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    assert run(capsys, repo, *arguments) == (2, "", message.format(repo=repo))


def test_outside_a_repository_is_misuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, tmp_path, "HEAD") == (
        2,
        "",
        f"diff: {tmp_path} is not a git repository; run the diff inside the fact base's clone\n",
    )


def test_unknown_format_is_misuse(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, repo, "HEAD", "--format", "html")
    assert (code, out, err.splitlines()[-1]) == (
        2,
        "",
        "python -m scripts.diff: error: argument --format: invalid choice: 'html' (choose from 'markdown', 'text', "
        "'json')",
    )


@pytest.mark.parametrize(
    ("old", "new", "changes"),
    [
        ({"topics": ["a", "b"]}, {"topics": ["b", "a"]}, [FieldChange("topics", "reordered", ["a", "b"], ["b", "a"])]),
        (
            {"topics": ["a", "b"]},
            {"topics": ["b", "c"]},
            [FieldChange("topics", "removed", "a", None), FieldChange("topics", "added", None, "c")],
        ),
        (
            {"statements": [{"id": "a", "status": "reported"}]},
            {"statements": [{"id": "new", "status": "held"}, {"id": "a", "status": "confirmed"}]},
            [
                FieldChange("statements.0", "added", None, {"id": "new", "status": "held"}),
                FieldChange("statements.1.status", "status", "reported", "confirmed"),
            ],
        ),
        (
            {"roles": [{"title": "a"}]},
            {"roles": [{"title": "b"}, {"title": "c"}]},
            [FieldChange("roles.0.title", "changed", "a", "b"), FieldChange("roles.1", "added", None, {"title": "c"})],
        ),
        ({"figure": {"value": 1}}, {"figure": 1}, [FieldChange("figure", "changed", {"value": 1}, 1)]),
    ],
)
def test_diff_value(old: dict, new: dict, changes: list[FieldChange]) -> None:
    assert list(diff_value(old, new, ())) == changes


def test_record_moved_to_another_type_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    lines = changed_to(repo, capsys, {"facts/event/talks.yaml": None, "facts/agreement/talks.yaml": TALKS})
    assert lines == header(base) + [
        "1 changed, 1 address(es) left dead",
        "",
        "Addresses left dead:",
        "",
        "- event talks (facts/event/talks.yaml): moved from event to agreement, so its address changes; keep its type",
        "",
        "Changed:",
        "",
        "- agreement talks (facts/agreement/talks.yaml)",
        "  - file moved: facts/event/talks.yaml -> facts/agreement/talks.yaml",
    ]
