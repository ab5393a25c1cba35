"""The `check` command: validate the fact base, and with --sources also verify every quote.

    python -m scripts.check [--sources DIR] [--format text|github|json] [FILE ...]

File arguments narrow the report to those files; the whole fact base is still loaded, because
references cross files. Exit 0 clean, 1 problems, 2 misuse.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Mapping

from .cli import parse_or_exit_code
from .load import Record, list_record_files, load_record_file, load_schemas, load_source_texts, relative
from .problems import Problem
from .report import FORMATS, format_problems, summary
from .validate import build_fast_checks, build_validators, check_links, check_quotes, check_record, without_consequences

ROOT = Path(__file__).resolve().parent.parent
# Below these many files a process pool, or compiling the fast schema checks, costs more than it
# saves (measured with `make bench`).
PARALLEL_FROM = 2000
FAST_FROM = 200


class Misuse(Exception):
    """The command was called wrongly (exit 2)."""


def parse_arguments(argv: list[str] | None) -> argparse.Namespace | int:
    parser = argparse.ArgumentParser(prog="python -m scripts.check", description="Validate facts/ and seeds/.")
    parser.add_argument("files", nargs="*", type=Path, help="only report problems in these files")
    parser.add_argument("--sources", type=Path, help="folder of original source texts: also verify every quote")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output style (default: text)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    return parse_or_exit_code(parser, argv)


def collect_problems(root: Path, sources: Path | None) -> tuple[list[Problem], int]:
    """Every problem in the fact base at root (and in its quotes, given the sources folder)."""
    records, problems = check_fact_base(root, sources)
    return problems, len(records)


def check_fact_base(root: Path, sources: Path | None) -> tuple[tuple[Record, ...], list[Problem]]:
    """The records read from the fact base at root, and every problem found in them."""
    if sources is not None and not sources.is_dir():
        raise Misuse(f"--sources {sources}: no such folder; name the folder holding the original texts")
    schemas = load_schemas(root)
    if "common" not in schemas:
        raise Misuse(f"{root}: no schemas/common.schema.json here; run from a checkout of the fact base")
    records, problems = load_and_check(root, schemas)
    problems += check_links(records)
    if sources is not None:
        problems += check_quotes(records, load_source_texts(sources))
    return records, without_consequences(problems)


def load_and_check(root: Path, schemas: Mapping[str, Any], workers: int | None = None) -> tuple[tuple[Record, ...], list[Problem]]:
    """Load every record and check each on its own, on all cores when there are many files.

    Files are split into contiguous chunks and results joined in chunk order, so the records come
    back in path order whatever the number of workers.
    """
    files, problems = list_record_files(root)
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers < 2 or len(files) < PARALLEL_FROM:
        results = [check_files(root, schemas, files, len(files) >= FAST_FROM)]
    else:
        size = -(-len(files) // workers)
        chunks = [files[start : start + size] for start in range(0, len(files), size)]
        with ProcessPoolExecutor(len(chunks)) as pool:
            results = list(pool.map(check_files, [root] * len(chunks), [schemas] * len(chunks), chunks, [True] * len(chunks)))
    records = tuple(record for chunk_records, _ in results for record in chunk_records)
    return records, problems + [problem for _, chunk_problems in results for problem in chunk_problems]


def check_files(root: Path, schemas: Mapping[str, Any], files: list[tuple[Path, str]], fast_path: bool) -> tuple[list[Record], list[Problem]]:
    """Load and check one chunk of files; the garbage collector pauses, as nothing read forms a cycle."""
    validators, fast = build_validators(schemas), build_fast_checks(schemas) if fast_path else None
    records: list[Record] = []
    problems: list[Problem] = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for path, record_type in files:
            result = load_record_file(root, path, record_type)
            if isinstance(result, Record):
                records.append(result)
                problems += check_record(result, validators, fast)
            else:
                problems.append(result)
    finally:
        if enabled:
            gc.enable()
    return records, problems


def narrow(problems: list[Problem], root: Path, files: list[Path]) -> list[Problem]:
    if not files:
        return problems
    for path in files:
        if not path.exists():
            raise Misuse(f"{path}: no such file")
    wanted = {relative(root, path.resolve()) for path in files}
    return [p for p in problems if p.path in wanted]


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if isinstance(arguments, int):
        return arguments
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
