"""Pipeline: the one composition of the stages, load -> validate -> link -> render -> export.

Every command and test runs the fact base through these functions, so what `make site` publishes is
what the tests check:
  - `check(root, sources)`: load and validate; a `Checked` holding the fact base and every problem
    (with a folder of original texts, the quotes too). Many files are loaded and checked on all cores.
  - `prepare(root)`: check, and if there is no problem, link (with the history of the facts, read
    from git and compared commit by commit: `link`); a `Prepared` whose `output()` renders
    and exports (record pages in batches, which the writer may share out among processes) and whose
    `files()` gives every generated file at once;
  - `generate(root)`: prepare, then write docs/generated/ through scripts/write.py, and the cache of
    versions read from git (.cache/history/, scripts/load/revisions.py) when it changed.
This module reads only through load and writes only through write.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .addresses import GENERATED, HAND_WRITTEN
from .export import export_files
from .link import FactHistory, Index, link_history, link_records
from .load import (
    FactBase,
    NotAFactBase,
    Publication,
    list_record_files,
    load_record_file,
    load_revisions,
    load_schemas,
    load_source_texts,
    read_hand_written_pages,
    read_publication,
    read_record_types,
    repo_path,
)
from .load.files import RecordFile
from .load.revisions import CACHE_FOLDER, Revisions, VersionCache, read_version_cache
from .model import Record
from .problems import Problem
from .render import render_record_pages, render_site_pages
from .validate import RecordChecker, check_copied_prose, check_links, check_quotes, without_consequences
from .write import Files, Output, write_output, write_version_cache

ROOT = Path(__file__).resolve().parent.parent
# Below these many files a process pool, or compiling the fast schema checks, costs more than it
# saves (measured with `make bench`).
PARALLEL_FROM = 2000
FAST_FROM = 200
# From this many records, worker processes render the record pages (below it forking costs more).
RENDER_PARALLEL_FROM = 500
MAX_RENDER_WORKERS = 4
Schemas = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class Checked:
    """A loaded fact base and every problem found in it, sorted."""

    fact_base: FactBase
    problems: tuple[Problem, ...]


def check(root: Path, sources: Path | None = None, workers: int | None = None) -> Checked:
    """Load and validate the fact base at root (and its quotes, given the folder of original texts)."""
    schemas = load_schemas(root)
    types = read_record_types(schemas)
    files, problems = list_record_files(root, types)
    records, accepted, found = load_and_check(root, schemas, files, workers)
    # A record file that could not be read is known by its name: references to it are not reported
    # again in every record that names it.
    read = {record.path for record in records}
    unread_ids = [path.stem for path, _ in files if repo_path(root, path) not in read]
    problems += found + check_links(accepted, types, unread_ids)
    if sources is not None:
        texts = load_source_texts(sources)
        problems += check_quotes(accepted, texts) + check_copied_prose(accepted, texts, types)
    unreadable = tuple(p for p in problems if p.code.startswith("FILE") or p.code.startswith("YAML"))
    return Checked(FactBase(records, unreadable, schemas, types), tuple(without_consequences(problems)))


def load_and_check(
    root: Path, schemas: Schemas, files: list[RecordFile], workers: int | None
) -> tuple[tuple[Record, ...], list[Record], list[Problem]]:
    """Every record as read and as its schema accepted it, and each record's own problems.

    Files are split into contiguous chunks and results joined in chunk order, so the records come
    back in path order whatever the number of workers.
    """
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers < 2 or len(files) < PARALLEL_FROM:
        results = [check_files(root, schemas, files, len(files) >= FAST_FROM)]
    else:
        size = -(-len(files) // workers)
        chunks = [files[start : start + size] for start in range(0, len(files), size)]
        with ProcessPoolExecutor(len(chunks)) as pool:
            results = list(
                pool.map(check_files, [root] * len(chunks), [schemas] * len(chunks), chunks, [True] * len(chunks))
            )
    records = tuple(record for chunk, _, _ in results for record in chunk)
    accepted = [record for _, chunk, _ in results for record in chunk]
    return records, accepted, [problem for _, _, chunk in results for problem in chunk]


def check_files(
    root: Path, schemas: Schemas, files: list[RecordFile], fast_path: bool
) -> tuple[list[Record], list[Record], list[Problem]]:
    """Load and check one chunk of files; the garbage collector pauses, as nothing read forms a cycle."""
    checker = RecordChecker.build(schemas, read_record_types(schemas), fast_path)
    records: list[Record] = []
    accepted: list[Record] = []
    problems: list[Problem] = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for path, record_type in files:
            result = load_record_file(root, path, record_type)
            if isinstance(result, Record):
                found, kept = checker.check(result)
                records.append(result)
                accepted.append(kept)
                problems += found
            else:
                problems.append(result)
    finally:
        if enabled:
            gc.enable()
    return records, accepted, problems


@dataclass(frozen=True)
class Prepared:
    """A valid fact base, linked, with what it is published as: ready to render and export."""

    index: Index
    publication: Publication
    schemas: Schemas
    hand_written: Mapping[str, bytes]
    revisions: Revisions = field(default_factory=lambda: Revisions(None, VersionCache("")))

    def record_files(self, record_ids: Sequence[str]) -> Files:
        return render_record_pages(self.index, self.publication, (self.index.records[i] for i in record_ids))

    def other_files(self) -> Files:
        """Every page but the record pages, the data files, and the hand-written pages the site is assembled with."""
        generated = {
            **render_site_pages(self.index, self.publication, self.schemas),
            **export_files(self.index, self.publication),
        }
        clash = sorted(generated.keys() & self.hand_written.keys())
        if clash:
            raise NotAFactBase(
                f"{HAND_WRITTEN}/{clash[0]}: a generated page has this path; rename the hand-written page"
            )
        return {**self.hand_written, **generated}

    def output(self) -> Output:
        """What the writer writes: record pages in batches, then every other page and data file."""
        return Output(tuple(self.index.records), self.record_files, self.other_files)

    def files(self) -> dict[str, str | bytes]:
        """Every generated file, keyed by path relative to docs/generated/, in sorted order."""
        return dict(sorted({**self.record_files(list(self.index.records)), **self.other_files()}.items()))


def prepare(root: Path) -> Prepared | Checked:
    """The fact base at root linked and ready to render, or the Checked result when it has problems."""
    checked = check(root)
    if checked.problems:
        return checked
    fact_base = checked.fact_base
    publication = read_publication(root)
    revisions = load_revisions(root, publication.history, fact_base.types, fact_base.records, read_version_cache(root))
    index = link_records(fact_base.records, fact_base.types, history_of(revisions, fact_base, publication))
    return Prepared(index, publication, fact_base.schemas, read_hand_written_pages(root), revisions)


def history_of(revisions: Revisions, fact_base: FactBase, publication: Publication) -> FactHistory:
    return link_history(revisions.revisions, fact_base.types, publication.history.unavailable)


def link(root: Path, fact_base: FactBase, publication: Publication) -> Index:
    """The Index of a valid fact base, with the history of its facts: each commit's changed records
    read from git (load) and compared (link); unavailable outside git or in a shallow clone. Reads
    no cache, so a test sees what git holds."""
    revisions = load_revisions(root, publication.history, fact_base.types, fact_base.records, VersionCache(""))
    return link_records(fact_base.records, fact_base.types, history_of(revisions, fact_base, publication))


def generate(root: Path) -> Prepared | Checked:
    """Prepare the fact base at root and, when it has no problem, write docs/generated/ from it."""
    prepared = prepare(root)
    if isinstance(prepared, Prepared):
        count = len(prepared.index.records)
        workers = min(os.cpu_count() or 1, MAX_RENDER_WORKERS) if count >= RENDER_PARALLEL_FROM else 1
        write_output(prepared.output(), root / GENERATED, workers)
        if prepared.revisions.cache_changed:
            write_version_cache(root / CACHE_FOLDER, prepared.revisions.cache.name, prepared.revisions.cache.data)
    return prepared
