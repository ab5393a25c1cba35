"""The `check` command: validate the fact base, and with --sources also verify every quote.

    python -m scripts.check [--sources DIR] [--format text|github|json] [FILE ...]

File arguments narrow the report to those files; the whole fact base is still loaded, because
references cross files. Exit 0 clean, 1 problems, 2 misuse.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .load import load_fact_base, load_schemas, load_source_texts, relative
from .problems import Problem
from .report import FORMATS, format_problems, summary
from .validate import build_validators, check_quotes, validate_records, without_consequences

ROOT = Path(__file__).resolve().parent.parent


class Misuse(Exception):
    """The command was called wrongly (exit 2)."""


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scripts.check", description="Validate facts/ and seeds/.")
    parser.add_argument("files", nargs="*", type=Path, help="only report problems in these files")
    parser.add_argument("--sources", type=Path, help="folder of original source texts: also verify every quote")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output style (default: text)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def collect_problems(root: Path, sources: Path | None) -> tuple[list[Problem], int]:
    """Every problem in the fact base at root (and in its quotes, given the sources folder)."""
    if sources is not None and not sources.is_dir():
        raise Misuse(f"--sources {sources}: no such folder; name the folder holding the original texts")
    schemas = load_schemas(root)
    if "common" not in schemas:
        raise Misuse(f"{root}: no schemas/common.schema.json here; run from a checkout of the fact base")
    loaded = load_fact_base(root)
    problems = list(loaded.problems) + validate_records(loaded.records, build_validators(schemas))
    if sources is not None:
        problems += check_quotes(loaded.records, load_source_texts(sources))
    return without_consequences(problems), len(loaded.records)


def narrow(problems: list[Problem], root: Path, files: list[Path]) -> list[Problem]:
    if not files:
        return problems
    for path in files:
        if not path.exists():
            raise Misuse(f"{path}: no such file")
    wanted = {relative(root, path.resolve()) for path in files}
    return [p for p in problems if p.path in wanted]


def main(argv: list[str] | None = None) -> int:
    try:
        arguments = parse_arguments(argv)
    except SystemExit as exit_:
        return 0 if exit_.code == 0 else 2
    try:
        problems, count = collect_problems(arguments.root.resolve(), arguments.sources)
        problems = narrow(problems, arguments.root.resolve(), arguments.files)
    except Misuse as misuse:
        print(f"check: {misuse}", file=sys.stderr)
        return 2
    sys.stdout.write(format_problems(problems, arguments.format))
    if arguments.format == "text":
        print(summary(problems, count), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
