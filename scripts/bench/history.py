"""History benchmark: what computing the history of the facts adds to generation, and how it grows.

For each number of commits, writes a synthetic fact base as a git repository whose commits build it
(scripts/bench/synthetic.py `write_history`: the first adds every record, most later ones change a
few records, some only reformat), and beside it the same files outside git. Prints, best of
--repeat runs:
  - the history step alone, in this process: `git log --raw`, reading the changed versions through
    one `git cat-file --batch` and the strict loader, comparing each commit's records
    (scripts/load/revisions.py, scripts/link/history.py); cold (no cache: every earlier version
    read from git) and warm (the cache a first build leaves in .cache/history/);
  - `python -m scripts.generate` on the files outside git (no history), on the repository with no
    cache (a first build, or CI) and with the cache (every later build): wall time, and CPU time
    (the generator's and its workers'), which a busy machine disturbs less;
  - how much generation grew with the history: the median, over the rounds, of each round's ratio
    (a round runs the three generations one after the other), and how the step grew from the first
    number of commits to the last.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .. import pipeline
from ..link import FactHistory, link_history
from ..load import FactBase, load_fact_base, load_revisions, read_publication
from ..load.revisions import CACHE_FOLDER, VersionCache, cache_name
from .site import run_timed
from .synthetic import write_history


@dataclass(frozen=True)
class Timing:
    """Wall and CPU seconds."""

    wall: float
    cpu: float

    def over(self, other: Timing) -> Timing:
        """How much longer this took than other, as shares of other."""
        return Timing(self.wall / other.wall - 1, self.cpu / other.cpu - 1)


@dataclass(frozen=True)
class HistoryTimes:
    records: int
    commits: int
    changing: int
    entries: int
    cold_step: Timing
    warm_step: Timing
    without: Timing
    cold: Timing
    warm: Timing
    cold_added: Timing
    warm_added: Timing


def history_step(root: Path, fact_base: FactBase, cache: VersionCache) -> tuple[FactHistory, VersionCache]:
    """What the pipeline adds for the history: read the log, the changed versions (those the cache
    lacks), compare them; gives the history and the cache a build would keep."""
    publication = read_publication(root)
    revisions = load_revisions(root, publication.history, fact_base.types, fact_base.records, cache)
    return link_history(revisions.revisions, fact_base.types), revisions.cache


def timed(run: Callable[[], object], repeat: int) -> Timing:
    """The fastest wall and CPU time of several runs: other processes only ever make a run slower."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Timing(min(walls), min(cpus))


def run_generate(root: Path, cold: bool = False) -> Timing:
    """`python -m scripts.generate` on root (its cache removed first when cold): wall time, and the CPU
    time of the generator and its workers."""
    if cold:
        shutil.rmtree(root / CACHE_FOLDER, ignore_errors=True)
    # A generation deletes the thousands of files the one before wrote; until the file system has
    # written that out, opening files is many times slower, so whichever run came next paid for it.
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = run_timed([sys.executable, "-m", "scripts.generate", "--root", str(root)], pipeline.ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Timing(wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)


def best(timings: list[Timing]) -> Timing:
    return Timing(min(t.wall for t in timings), min(t.cpu for t in timings))


def median(shares: list[Timing]) -> Timing:
    return Timing(statistics.median(s.wall for s in shares), statistics.median(s.cpu for s in shares))


def generation_round(number: int, plain: Path, repo: Path) -> tuple[Timing, Timing, Timing]:
    """No history, cold and warm, in an order that turns with each round, so none always runs first."""
    runs: list[Callable[[], Timing]] = [
        partial(run_generate, plain),
        partial(run_generate, repo, cold=True),
        partial(run_generate, repo),
    ]
    order = [(number + shift) % 3 for shift in range(3)]
    timings = {position: runs[position]() for position in order}
    return timings[0], timings[1], timings[2]


def measure(records: int, commits: int, repeat: int) -> HistoryTimes:
    """Each round runs the three generations one after the other, so a busy spell slows them alike;
    what the history adds is the median over the rounds of each round's own ratio, which a spell
    that slowed one round does not move (best times taken at different moments would)."""
    with tempfile.TemporaryDirectory(prefix="factbase-bench-history-") as folder:
        repo, plain = Path(folder) / "history", Path(folder) / "plain"
        changing = write_history(repo, records, commits)
        shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
        fact_base = load_fact_base(repo)
        cold = VersionCache(cache_name())
        history, warm = history_step(repo, fact_base, cold)
        steps = [timed(partial(history_step, repo, fact_base, cache), repeat) for cache in (cold, warm)]
        rounds = [generation_round(number, plain, repo) for number in range(repeat)]
        generations = [best([r[i] for r in rounds]) for i in range(3)]
        added = [median([r[i].over(r[0]) for r in rounds]) for i in (1, 2)]
        entries = len(history.entries)
        return HistoryTimes(len(fact_base.records), commits, changing, entries, *steps, *generations, *added)


HEADER = (
    " records  commits  changing facts  entries  history step: cold, warm   generate: no history,"
    " cold, warm   added: cold, warm"
)


def row(t: HistoryTimes) -> str:
    def shown(timing: Timing) -> str:
        return f"{timing.wall:.2f} s ({timing.cpu:.2f})"

    return (
        f"{t.records:>8,}  {t.commits:>7,}  {t.changing:>14,}  {t.entries:>7,}"
        f"  {shown(t.cold_step)}, {shown(t.warm_step)}"
        f"  {shown(t.without)}, {shown(t.cold)}, {shown(t.warm)}"
        f"  {t.cold_added.wall:+.0%} ({t.cold_added.cpu:+.0%}), {t.warm_added.wall:+.0%} ({t.warm_added.cpu:+.0%})"
    )


def run(records: int, commits: list[int], repeat: int) -> None:
    """Print one line per number of commits (CPU seconds in brackets), then how the step grew."""
    print(HEADER)
    measured = []
    for count in commits:
        measured.append(measure(records, count, repeat))
        print(row(measured[-1]), flush=True)
    if len(measured) > 1:
        first, last = measured[0], measured[-1]
        print(
            f"from {first.commits:,} to {last.commits:,} commits: the cold history step grew "
            f"{last.cold_step.wall / first.cold_step.wall:.2f}x (CPU {last.cold_step.cpu / first.cold_step.cpu:.2f}x), "
            f"the warm one {last.warm_step.wall / first.warm_step.wall:.2f}x "
            f"(CPU {last.warm_step.cpu / first.warm_step.cpu:.2f}x)"
        )
