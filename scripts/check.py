"""The `check` command: validate the fact base, and with --sources also verify every quote.

    python -m scripts.check [--sources DIR] [--format text|github|json] [FILE ...]

File arguments narrow the report to those files; the whole fact base is still loaded, because
references cross files. Exit 0 clean, 1 problems, 2 misuse.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import pipeline
from .cli import FORMATS, format_problems, parse_or_exit_code, summary
from .load import NotAFactBase, repo_path
from .problems import Problem


class Misuse(Exception):
    """The command was called wrongly (exit 2)."""


def parse_arguments(argv: list[str] | None) -> argparse.Namespace | int:
    parser = argparse.ArgumentParser(prog="python -m scripts.check", description="Validate facts/ and seeds/.")
    parser.add_argument("files", nargs="*", type=Path, help="only report problems in these files")
    parser.add_argument("--sources", type=Path, help="folder of original source texts: also verify every quote")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output style (default: text)")
    parser.add_argument("--root", type=Path, default=pipeline.ROOT, help=argparse.SUPPRESS)
    return parse_or_exit_code(parser, argv)


def narrow(problems: tuple[Problem, ...], root: Path, files: list[Path]) -> tuple[Problem, ...]:
    """Only the problems in the files named, when any are."""
    if not files:
        return problems
    for path in files:
        if not path.exists():
            raise Misuse(f"{path}: no such file")
    wanted = {repo_path(root, path.resolve()) for path in files}
    return tuple(p for p in problems if p.path in wanted)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if isinstance(arguments, int):
        return arguments
    root = arguments.root.resolve()
    try:
        if arguments.sources is not None and not arguments.sources.is_dir():
            raise Misuse(f"--sources {arguments.sources}: no such folder; name the folder holding the original texts")
        checked = pipeline.check(root, arguments.sources)
        problems = narrow(checked.problems, root, arguments.files)
    except (Misuse, NotAFactBase) as misuse:
        print(f"check: {misuse}", file=sys.stderr)
        return 2
    sys.stdout.write(format_problems(problems, arguments.format))
    if arguments.format == "text":
        print(summary(problems, len(checked.fact_base.records)), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
