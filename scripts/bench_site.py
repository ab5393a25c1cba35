"""The site half of `make bench`: time generation and `mkdocs build` on synthetic fact bases.

    python -m scripts.bench_site [--sizes 1000 10000]

For each size, writes a synthetic fact base (scripts/synthetic.py) with this repository's MkDocs
set-up into a temporary folder, then prints the wall time of one run of scripts.generate (which
validates, links, renders and writes docs/generated/) and one strict `mkdocs build` of the result.
Kept apart from scripts/bench.py (validation timings) so each half can change on its own.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .build import copy_site_setup
from .check import ROOT
from .cli import parse_or_exit_code
from .generate import generate
from .synthetic import write_fact_base


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def mkdocs_build(root: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=root, env=env, check=True)


def measure_site(size: int) -> str:
    with tempfile.TemporaryDirectory(prefix="factbase-bench-site-") as folder:
        root = Path(folder)
        files = write_fact_base(root, size)
        copy_site_setup(ROOT, root)
        generation = timed(lambda: generate(root) == 0 or sys.exit("bench_site: generation failed"))
        pages = sum(1 for _ in (root / "docs" / "generated").rglob("*.md"))
        build = timed(lambda: mkdocs_build(root))
    return f"{len(files):>8,}  {pages:>8,}  {generation:10.2f} s  {build:12.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench_site", description="Benchmark site generation and build.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="record counts (default: 1000 10000)")
    arguments = parse_or_exit_code(parser, argv)
    if isinstance(arguments, int):
        return arguments
    print(" records     pages    generate   mkdocs build")
    for size in arguments.sizes:
        print(measure_site(size), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
