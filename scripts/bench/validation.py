"""Validation benchmark: time validation against the parse floor and against check-jsonschema.

For each size, writes a synthetic fact base (scripts/bench/synthetic.py) into a temporary folder,
then prints the best of --repeat runs of: parsing every file with PyYAML's C loader (the floor no YAML
validator can beat), our full validation (strict loading, schemas, checks between records: what
`python -m scripts.check` does), and one run of check-jsonschema over the same files and schemas
(one subprocess per record type, $refs resolved from the local schemas via --base-uri).
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from .. import pipeline
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
    problems = pipeline.check(root).problems
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
        other = check_jsonschema(root, files) if with_check_jsonschema else None
    # Skipped (--no-check-jsonschema), the comparison's columns say so instead of printing 'nan'.
    compared = f"{other:15.2f} s" if other is not None else f"{'skipped':>17}"
    ratio = f"{other / ours:24.1f}x" if other is not None else ""
    line = f"{len(files):>8,}  {kilobytes:5.2f} KB  {floor:9.2f} s  {ours:8.2f} s  {compared}"
    return f"{line}  {ours / floor:13.2f}x  {ratio}".rstrip()


HEADER = " records     size   parse floor  validate  check-jsonschema  validate/floor  check-jsonschema/validate"


def run(sizes: list[int], repeat: int, with_check_jsonschema: bool) -> None:
    """Print one line per size."""
    print(HEADER)
    for size in sizes:
        print(measure(size, repeat, with_check_jsonschema), flush=True)
