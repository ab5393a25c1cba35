"""Command-line plumbing shared by every `python -m scripts.<command>`: argument parsing that returns
an exit code instead of raising (0 after --help, 2 for misuse, never a traceback), and problems
printed as text lines, GitHub annotations or JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from . import pipeline
from .load import NotAFactBase
from .problems import Problem


def parse_or_exit_code(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace | int:
    """The parsed arguments, or the exit code (0 after --help, 2 for misuse) once argparse has said why."""
    try:
        return parser.parse_args(argv)
    except SystemExit as exit_:
        return 0 if exit_.code == 0 else 2


FORMATS = ("text", "github", "json")


def format_problems(problems: Iterable[Problem], style: str) -> str:
    """All problems in one output style, one per line (a JSON list for 'json')."""
    problems = sorted(problems)
    if style == "json":
        return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False) + "\n"
    line = github_annotation if style == "github" else str
    return "".join(line(p) + "\n" for p in problems)


def github_annotation(problem: Problem) -> str:
    """A workflow command that GitHub shows on the file's line."""
    where = f"file={escape_property(problem.path)},line={problem.line},title={escape_property(problem.code)}"
    text = ": ".join(part for part in (problem.record_id, problem.field, problem.message) if part)
    return f"::error {where}::{escape_data(text)}"


def escape_data(text: str) -> str:
    """Text for a workflow command's message, where %, CR and LF are special."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Text for a workflow command's property, where ':' and ',' are special too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary(problems: Iterable[Problem], record_count: int) -> str:
    """The closing line of a check: how many records, problems and files with problems."""
    problems = list(problems)
    if not problems:
        return f"checked {record_count} records: no problems"
    files = len({p.path for p in problems})
    return f"checked {record_count} records: {len(problems)} problem(s) in {files} file(s)"


def report_generation(command: str, root: Path, kept: str) -> int:
    """Run the pipeline through writing docs/generated/; print why not, and what was `kept` as it was.

    0 written, 1 the facts have problems (printed), 2 not a fact base.
    """
    try:
        result = pipeline.generate(root)
    except NotAFactBase as misuse:
        print(f"{command}: {misuse}; {kept}", file=sys.stderr)
        return 2
    if isinstance(result, pipeline.Checked):
        sys.stderr.write(format_problems(result.problems, "text"))
        print(f"{command}: the fact base has problems; {kept}", file=sys.stderr)
        return 1
    return 0
