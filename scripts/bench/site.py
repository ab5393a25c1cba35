"""Site benchmark: time generation and `mkdocs build` against a bare Material build.

For each size, writes a synthetic fact base (scripts/bench/synthetic.py) with this repository's MkDocs
set-up into a temporary folder, and beside it the baseline: a bare Material site of as many plain
pages, kept out of the nav. Each round runs, as a reader's `make site` would, `python -m
scripts.generate` (validate, link, render, write docs/generated/), a strict `mkdocs build` of the
result and a build of the baseline; the best of --repeat rounds counts, as other processes only ever
make a run slower. Prints the times, generation as a share of the build, the build against the
baseline, the size of the search index and of an average record page, and how the whole build grew
from the first size to the last.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .. import pipeline
from ..load import load_schemas, read_record_types
from ..write import copy_site_setup
from .synthetic import write_fact_base

ENVIRONMENT = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
BASELINE_CONFIG = """site_name: Baseline
use_directory_urls: false
theme:
  name: material
  font: false
plugins:
  - search
not_in_nav: |
  /pages/
nav:
  - Home: index.md
"""
BASELINE_PAGE = "# Page {number}\n\n" + "A plain paragraph of about the length of a record's summary. " * 6 + "\n"


@dataclass(frozen=True)
class SiteTimes:
    records: int
    pages: int
    generate: float
    build: float
    baseline: float
    search_index: int
    record_page: float

    @property
    def whole(self) -> float:
        return self.generate + self.build


def run_timed(command: list[str], folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=folder, env=ENVIRONMENT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def write_baseline(folder: Path, size: int) -> None:
    """A bare Material site: a home page and size plain pages outside the nav."""
    pages = folder / "docs" / "pages"
    pages.mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (folder / "docs" / "index.md").write_text("# Baseline\n", encoding="utf-8")
    for number in range(size):
        (pages / f"page-{number:05d}.md").write_text(BASELINE_PAGE.format(number=number), encoding="utf-8")


def average_record_page(root: Path) -> float:
    types = read_record_types(load_schemas(root))
    pages = [path.stat().st_size for name in types for path in (root / "site" / name).glob("*.html")]
    return sum(pages) / len(pages)


def measure_site(size: int, repeat: int) -> SiteTimes:
    with tempfile.TemporaryDirectory(prefix="factbase-bench-site-") as folder:
        root, baseline = Path(folder) / "factbase", Path(folder) / "baseline"
        files = write_fact_base(root, size)
        copy_site_setup(pipeline.ROOT, root)
        write_baseline(baseline, size)
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
        rounds = [
            (
                run_timed([sys.executable, "-m", "scripts.generate", "--root", str(root)], pipeline.ROOT),
                run_timed(mkdocs, root),
                run_timed(mkdocs, baseline),
            )
            for _ in range(repeat)
        ]
        generate, build, bare = (min(times) for times in zip(*rounds, strict=False))
        # Generated pages only: not the two home fragments, nor the hand-written pages copied in beside them.
        hand_written = sum(1 for _ in (root / "docs").glob("*.md"))
        pages = sum(1 for _ in (root / "docs" / "generated").rglob("*.md")) - 2 - hand_written
        index = (root / "site" / "search" / "search_index.json").stat().st_size
        return SiteTimes(len(files), pages, generate, build, bare, index, average_record_page(root))


def row(times: SiteTimes) -> str:
    return (
        f"{times.records:>8,}  {times.pages:>7,}  {times.generate:8.2f} s  {times.build:8.2f} s"
        f"  {times.generate / times.build:8.1%}  {times.baseline:8.2f} s  {times.build / times.baseline:6.2f}x"
        f"  {times.search_index / 1e6:8.1f} MB  {times.record_page / 1e3:7.1f} KB"
    )


def growth(first: SiteTimes, last: SiteTimes) -> str:
    return (
        f"from {first.records:,} to {last.records:,} records: the whole build (generate + mkdocs build) grew "
        f"{last.whole / first.whole:.1f}x, the baseline build {last.baseline / first.baseline:.1f}x"
    )


HEADER = " records    pages   generate     build  gen/build  baseline  build/baseline  search index  record page"


def run(sizes: list[int], repeat: int) -> None:
    """Print one line per size, then how the build grew from the first size to the last."""
    print(HEADER)
    measured = []
    for size in sizes:
        measured.append(measure_site(size, repeat))
        print(row(measured[-1]), flush=True)
    if len(measured) > 1:
        print(growth(measured[0], measured[-1]))
