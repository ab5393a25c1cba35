"""The `diff` command: what a change does to the fact base, record by record.

    python -m scripts.diff BASE [HEAD] [--format markdown|text|json]

Compares the fact base at git revision BASE with the working tree (or with revision HEAD) and
prints a report: public addresses the change would leave dead (a rename without previous_ids, a
deleted record, a record moved to another type), records added, removed, renamed and changed (field
path, old -> new), citations added and removed, status changes, references the change breaks and
files that cannot be read.
Both sides are read by the same strict loader as `make validate`. Exit 0 when the report is
printed (changes or not), 2 on misuse (no such revision, not a git repository).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from . import pipeline
from .cli import parse_or_exit_code
from .link import Comparison, FieldChange, RecordChange, Side, compare
from .load import GitError, NotAFactBase, git, load_fact_base, resolve_tree, write_tree
from .model import SCHEMAS_DIR

FORMATS = ("markdown", "text", "json")
WORKING_TREE = "working tree"
VALUE_LIMIT = 120


def parse_arguments(argv: list[str] | None) -> argparse.Namespace | int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.diff",
        description="Compare the fact base at a git revision with the working tree or another revision.",
    )
    parser.add_argument("base", help="the revision to compare from (commit, branch, tag or tree id)")
    parser.add_argument("head", nargs="?", help="the revision to compare to (default: the working tree)")
    parser.add_argument("--format", choices=FORMATS, default="markdown", help="output style (default: markdown)")
    parser.add_argument("--root", type=Path, default=pipeline.ROOT, help=argparse.SUPPRESS)
    return parse_or_exit_code(parser, argv)


def load_revision(root: Path, revision: str, folder: Path) -> Side:
    """The fact base as it was at a revision, read through the same loader as the working tree."""
    write_tree(root, resolve_tree(root, revision), folder)
    # A revision from before schemas/ existed still needs the record types to find its files.
    if not (folder / SCHEMAS_DIR).is_dir() and (root / SCHEMAS_DIR).is_dir():
        shutil.copytree(root / SCHEMAS_DIR, folder / SCHEMAS_DIR)
    loaded = load_fact_base(folder)
    return Side(revision, loaded.records, loaded.problems, loaded.types)


def build_comparison(root: Path, base: str, head: str | None) -> Comparison:
    try:
        git(root, "rev-parse", "--git-dir")
    except GitError:
        raise GitError(f"{root} is not a git repository; run the diff inside the fact base's clone") from None
    with tempfile.TemporaryDirectory(prefix="factbase-diff-") as temporary:
        old = load_revision(root, base, Path(temporary) / "base")
        if head is None:
            loaded = load_fact_base(root)
            new = Side(WORKING_TREE, loaded.records, loaded.problems, loaded.types)
        else:
            new = load_revision(root, head, Path(temporary) / "head")
    return compare(old, new)


# -- output ---------------------------------------------------------------------------------------


class Style(NamedTuple):
    """How one output format marks up untrusted text, emphasis, headings and arrows."""

    code: Callable[[str], str]
    strong: Callable[[str], str]
    heading: Callable[[str], str]
    arrow: str


def code_span(text: str) -> str:
    """A Markdown code span that no backtick, tag or character in text can break out of."""
    fence = "`" * (longest_run(text, "`") + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip(" ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def longest_run(text: str, character: str) -> int:
    longest = current = 0
    for letter in text:
        current = current + 1 if letter == character else 0
        longest = max(longest, current)
    return longest


MARKDOWN = Style(code_span, lambda text: f"**{text}**", lambda text: f"## {text}", "→")
TEXT = Style(str, str, lambda text: f"{text}:", "->")


def show(value: Any) -> str:
    """A value as one line of JSON, shortened; control characters stay escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 1] + "…"


def change_line(change: FieldChange, style: Style) -> str:
    c, arrow = style.code, style.arrow
    if change.kind in ("changed", "status"):
        marker = f" {style.strong('status change')}" if change.kind == "status" else ""
        return f"{c(change.field)}: {c(show(change.old))} {arrow} {c(show(change.new))}{marker}"
    if change.kind == "reordered":
        return f"{c(change.field)}: reordered"
    value = change.new if change.kind.endswith("added") else change.old
    if change.kind.startswith("citation") and isinstance(value, Mapping):
        return f"{c(change.field)}: {change.kind}: {c(show(value.get('source')))} {c(show(value.get('quote')))}"
    return f"{c(change.field)}: {change.kind} {c(show(value))}"


def record_lines(record: RecordChange, style: Style, renamed: bool) -> list[str]:
    c, arrow = style.code, style.arrow
    if renamed:
        head = (
            f"- {c(record.type)} {c(record.old_id)} {arrow} {c(record.id)} ({c(record.old_path)} {arrow} "
            f"{c(record.path)})"
        )
    else:
        head = f"- {c(record.type)} {c(record.id)} ({c(record.path)})"
    lines = [head]
    if record.path != record.old_path and not renamed:
        lines.append(f"  - file moved: {c(record.old_path)} {arrow} {c(record.path)}")
    return lines + [f"  - {change_line(change, style)}" for change in record.changes]


def broken_reason(reason: str, renamed_to: str, style: Style) -> str:
    if reason == "renamed":
        return f"renamed to {style.code(renamed_to)}"
    return {"unreadable": "its file cannot be read"}.get(reason, reason)


def summary_line(report: Comparison) -> str:
    counts = (
        (len(report.added), "added"),
        (len(report.removed), "removed"),
        (len(report.renamed), "renamed"),
        (len(report.changed), "changed"),
        (len(report.status_changes()), "status change(s)"),
        (len(report.broken), "broken reference(s)"),
        (len(report.dead_addresses), "address(es) left dead"),
        (len(report.unreadable), "unreadable file(s)"),
    )
    parts = [f"{count} {label}" for count, label in counts if count]
    return ", ".join(parts) if parts else "no changes"


def section(title: str, lines: list[str], style: Style) -> list[str]:
    return ["", style.heading(title), "", *lines] if lines else []


def comparison_text(report: Comparison, style: Style) -> str:
    c, arrow = style.code, style.arrow
    head = WORKING_TREE if report.head == WORKING_TREE else c(report.head)
    title = f"Fact base changes: {c(report.base)} {arrow} {head}"
    lines = [f"# {title}" if style is MARKDOWN else title, "", summary_line(report)]
    status = [f"- {c(r.type)} {c(r.id)} {change_line(ch, style)}" for r, ch in report.status_changes()]
    broken = [
        f"- {c(b.target)} ({broken_reason(b.reason, b.renamed_to, style)}) is still referenced by "
        f"{c(b.record_type)} {c(b.record_id)} at {c(b.field)} ({c(b.path)})"
        for b in report.broken
    ]
    dead = [f"- {c(d.type)} {c(d.id)} ({c(d.path)}): {d.problem}" for d in report.dead_addresses]
    lines += section("Addresses left dead", dead, style)
    lines += section("Status changes", status, style) + section("Broken references", broken, style)
    lines += section("Added", [f"- {c(r.type)} {c(r.id)} ({c(r.path)})" for r in report.added], style)
    lines += section("Removed", [f"- {c(r.type)} {c(r.id)} ({c(r.path)})" for r in report.removed], style)
    lines += section("Renamed", [line for r in report.renamed for line in record_lines(r, style, True)], style)
    lines += section("Changed", [line for r in report.changed for line in record_lines(r, style, False)], style)
    lines += section("Unreadable files", [f"- {c(u.side)}: {c(str(u.problem))}" for u in report.unreadable], style)
    return "\n".join(lines) + "\n"


def format_comparison(report: Comparison, style: str) -> str:
    if style == "json":
        return json.dumps(dataclasses.asdict(report), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return comparison_text(report, MARKDOWN if style == "markdown" else TEXT)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if isinstance(arguments, int):
        return arguments
    try:
        report = build_comparison(arguments.root.resolve(), arguments.base, arguments.head)
    except (GitError, NotAFactBase) as error:
        print(f"diff: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(format_comparison(report, arguments.format))
    return 0


if __name__ == "__main__":
    sys.exit(main())
