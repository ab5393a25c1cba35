"""Report: turn problems into text, GitHub annotations or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Iterable

from .problems import Problem

FORMATS = ("text", "github", "json")


def format_problems(problems: Iterable[Problem], style: str) -> str:
    """All problems in one output style, one per line (a JSON list for 'json')."""
    problems = sorted(problems)
    if style == "json":
        return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False) + "\n"
    render = github_annotation if style == "github" else str
    return "".join(render(p) + "\n" for p in problems)


def github_annotation(problem: Problem) -> str:
    """A workflow command that GitHub shows on the file's line."""
    where = f"file={escape_property(problem.path)},line={problem.line},title={escape_property(problem.code)}"
    text = ": ".join(part for part in (problem.record_id, problem.field, problem.message) if part)
    return f"::error {where}::{escape_data(text)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary(problems: list[Problem], record_count: int) -> str:
    if not problems:
        return f"checked {record_count} records: no problems"
    files = len({p.path for p in problems})
    return f"checked {record_count} records: {len(problems)} problem(s) in {files} file(s)"
