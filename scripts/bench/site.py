"""Site benchmark: time generation, `mkdocs build` and search indexing against a bare Material build,
then compare the search with Material's built-in search (scripts/bench/search.py).

For each size, writes a synthetic fact base (scripts/bench/synthetic.py) with this repository's MkDocs
set-up into a temporary folder, and beside it the baseline: a bare Material site of as many plain
pages, kept out of the nav. Each round runs, as a reader's `make site` would, `python -m
scripts.generate` (validate, link, render, write docs/generated/), a strict `mkdocs build` of the
result, Pagefind over the built site (scripts/search/), and a build of the baseline; the best of
--repeat rounds counts, as other processes only ever make a run slower. Prints the times,
generation and indexing as shares of the whole build, the build against the baseline, the search
bundle and an average record page, and how the whole build grew from the first size to the last;
then, for each size, the search comparison measured in Chromium.
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
from ..search import BUNDLE, index_command
from ..write import copy_site_setup
from . import search
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
    index: float
    baseline: float
    bundle: int
    record_page: float
    material_build: float
    engines: tuple[search.Engine, search.Engine] | None

    @property
    def whole(self) -> float:
        return self.generate + self.build + self.index


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


def build_round(root: Path, baseline: Path) -> tuple[float, float, float, float]:
    """One round: generate, mkdocs build and Pagefind over root, and the baseline's build."""
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    return (
        run_timed([sys.executable, "-m", "scripts.generate", "--root", str(root)], pipeline.ROOT),
        run_timed(mkdocs, root),
        run_timed(index_command(root / "site"), root),
        run_timed(mkdocs, baseline),
    )


def measure_site(size: int, repeat: int, with_search: bool) -> SiteTimes:
    with tempfile.TemporaryDirectory(prefix="factbase-bench-site-") as folder:
        root, baseline = Path(folder) / "factbase", Path(folder) / "baseline"
        files = write_fact_base(root, size)
        copy_site_setup(pipeline.ROOT, root)
        write_baseline(baseline, size)
        rounds = [build_round(root, baseline) for _ in range(repeat)]
        generate, build, index, bare = (min(times) for times in zip(*rounds, strict=True))
        # Generated pages only: not the two home fragments, nor the hand-written pages copied in beside them.
        hand_written = sum(1 for _ in (root / "docs").glob("*.md"))
        pages = sum(1 for _ in (root / "docs" / "generated").rglob("*.md")) - 2 - hand_written
        bundle = search.folder_size(root / "site" / BUNDLE)
        material_build, engines = 0.0, None
        if with_search:
            material_build = search.build_with_material_search(root, ENVIRONMENT)
            engines = search.measure_engines(root)
        return SiteTimes(
            len(files), pages, generate, build, index, bare, bundle, average_record_page(root), material_build, engines
        )


HEADER = (
    " records    pages   generate     build     index  gen/whole  index/whole  baseline  build/baseline"
    "  search bundle  record page"
)


def row(times: SiteTimes) -> str:
    return (
        f"{times.records:>8,}  {times.pages:>7,}  {times.generate:8.2f} s  {times.build:7.2f} s  {times.index:6.2f} s"
        f"  {times.generate / times.whole:9.1%}  {times.index / times.whole:11.1%}  {times.baseline:6.2f} s"
        f"  {times.build / times.baseline:13.2f}x  {times.bundle / 1e6:10.1f} MB  {times.record_page / 1e3:8.1f} KB"
    )


def growth(first: SiteTimes, last: SiteTimes) -> str:
    return (
        f"from {first.records:,} to {last.records:,} records: the whole build (generate + mkdocs build + index) grew "
        f"{last.whole / first.whole:.1f}x, the baseline build {last.baseline / first.baseline:.1f}x"
    )


SEARCH_HEADER = (
    " records  search    index on disk     home  + name search  + common word   gzipped: home, + name, + word"
    "  name answer  word answer  named first  index/whole build"
)


def search_rows(times: SiteTimes) -> list[str]:
    """One line per engine: Pagefind (indexing after the build) and Material (indexing inside it)."""
    if times.engines is None:
        return []
    pagefind, material = times.engines
    material_share = max(times.material_build - times.build, 0.0) / times.material_build
    shares = {"Pagefind": times.index / times.whole, "Material": material_share}
    return [search_row(times.records, engine, shares[engine.name]) for engine in (pagefind, material)]


def search_row(records: int, engine: search.Engine, share: float) -> str:
    plain, gzipped = engine.plain, engine.gzipped
    squeezed = f"{kilobytes(gzipped.home)}, {kilobytes(gzipped.searched)}, {kilobytes(gzipped.both)}"
    return (
        f"{records:>8,}  {engine.name:<8}  {engine.index_bytes / 1e6:10.2f} MB  {kilobytes(plain.home):>9}"
        f"  {kilobytes(plain.searched):>13}  {kilobytes(plain.both):>13}  {squeezed:>29}"
        f"  {plain.name_answer:9.2f} s  {plain.word_answer:9.2f} s  {'yes' if plain.named_first else 'no':>11}"
        f"  {share:17.1%}"
    )


def kilobytes(count: int) -> str:
    return f"{count / 1e3:,.0f} KB"


def run(sizes: list[int], repeat: int, with_search: bool = True) -> None:
    """Print one line per size, how the build grew from the first size to the last, then the search comparison."""
    print(HEADER)
    measured = []
    for size in sizes:
        measured.append(measure_site(size, repeat, with_search))
        print(row(measured[-1]), flush=True)
    if len(measured) > 1:
        print(growth(measured[0], measured[-1]))
    if with_search:
        print(
            "\nsearch, measured in Chromium: bytes of every response of the page and its workers (served as plain "
            "files, then gzipped), cumulative: the home page, then a person's name searched from the header, then "
            f"{search.COMMON_WORD!r}, a word on nearly every page; answers timed from the key press to the results "
            "on screen; Material's indexing share is its build's extra time over ours without Pagefind"
        )
        print(SEARCH_HEADER)
        for times in measured:
            print("\n".join(search_rows(times)), flush=True)
