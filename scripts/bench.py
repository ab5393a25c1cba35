"""The `bench` command: time validation against the parse floor and against check-jsonschema.

    python -m scripts.bench [--sizes 1000 10000] [--repeat 3] [--no-check-jsonschema]

For each size, writes a synthetic fact base (scripts/synthetic.py) into a temporary folder, then
prints the best of --repeat runs of: parsing every file with PyYAML's C loader (the floor no YAML
validator can beat), our full validation (strict loading, schemas, checks between records: what
`python -m scripts.check` does), and one run of check-jsonschema over the same files and schemas
(one subprocess per record type, $refs resolved from the local schemas via --base-uri).
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import yaml

from .check import collect_problems
from .cli import parse_or_exit_code
from .synthetic import write_fact_base


def best_time(run: Callable[[], object], repeat: int) -> float:
    """The fastest of several runs: other processes only ever make a run slower."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def parse_floor(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def validate(root: Path) -> None:
    problems, _ = collect_problems(root, None)
    if problems:
        raise SystemExit(f"bench: the synthetic fact base has problems, the first: {problems[0]}")


def check_jsonschema(root: Path, files: list[Path]) -> float:
    """Wall time of check-jsonschema over every file, one run per record type."""
    executable = Path(sys.executable).with_name("check-jsonschema")
    start = time.perf_counter()
    for schema in sorted((root / "schemas").glob("*.schema.json")):
        record_type = schema.name.removesuffix(".schema.json")
        folder = root / "seeds" if record_type == "source" else root / "facts" / record_type
        chosen = [str(path) for path in files if path.parent == folder]
        if chosen:
            command = [str(executable), "--schemafile", str(schema), "--base-uri", schema.as_uri(), *chosen]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(size: int, repeat: int, with_check_jsonschema: bool) -> str:
    with tempfile.TemporaryDirectory(prefix="factbase-bench-") as folder:
        root = Path(folder)
        files = write_fact_base(root, size)
        kilobytes = sum(path.stat().st_size for path in files) / len(files) / 1000
        floor = best_time(lambda: parse_floor(files), repeat)
        ours = best_time(lambda: validate(root), repeat)
        other = check_jsonschema(root, files) if with_check_jsonschema else float("nan")
    return (
        f"{len(files):>8,}  {kilobytes:5.2f} KB  {floor:9.2f} s  {ours:8.2f} s  {other:15.2f} s"
        f"  {ours / floor:13.2f}x  {other / ours:24.1f}x"
    )


def parse_arguments(argv: list[str] | None) -> argparse.Namespace | int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description="Benchmark validation.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="record counts (default: 1000 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the best counts (default: 3)")
    parser.add_argument("--no-check-jsonschema", dest="check_jsonschema", action="store_false", help="skip the slow comparison")
    return parse_or_exit_code(parser, argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if isinstance(arguments, int):
        return arguments
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}")
    print(" records     size   parse floor  validate  check-jsonschema  validate/floor  check-jsonschema/validate")
    for size in arguments.sizes:
        print(measure(size, arguments.repeat, arguments.check_jsonschema), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
