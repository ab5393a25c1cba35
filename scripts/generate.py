"""The `generate` command: write the generated Markdown and data into docs/generated/.

    python -m scripts.generate

Loads and validates the fact base and refuses to generate from invalid facts (exit 1, problems
printed; exit 2 outside a fact base). Otherwise links and renders it, writes every page into a
temporary folder beside docs/generated/ and swaps it into place, so the folder is never
half-written; from PARALLEL_FROM records, worker processes render the record pages.
docs/generated/ is owned by this command alone; hand-written pages in docs/ are never touched.
"""

from __future__ import annotations

import argparse
import ctypes
import multiprocessing
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import yaml

from .check import ROOT, Misuse, check_fact_base
from .cli import parse_or_exit_code
from .export import export_files
from .link import Index, link_records
from .load import load_schemas
from .publication import Publication, read_publication
from .record_extras import add_record_extras
from .render import Settings, render_overview_pages, render_record_pages
from .render_reference import render_reference_pages
from .report import format_problems

GENERATED = Path("docs") / "generated"
WRITERS = 8
# From this many records, worker processes render the record pages (below it forking costs more).
PARALLEL_FROM = 500
MAX_WORKERS = 4


def read_settings(root: Path) -> Settings:
    """The edit link base from mkdocs.yml: repo_url plus edit_uri without its docs/ folder."""
    try:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return Settings()
    repo, edit = str(config.get("repo_url") or ""), str(config.get("edit_uri") or "")
    docs = str(config.get("docs_dir") or "docs").strip("/") + "/"
    if not repo.startswith(("https://", "http://")) or not edit:
        return Settings()
    return Settings(edit_base=f"{repo.rstrip('/')}/{edit.strip('/')}/".removesuffix(docs))


@dataclass(frozen=True)
class Job:
    """What every generated file is made from."""

    index: Index
    settings: Settings
    publication: Publication


def record_files(job: Job, record_ids: Iterable[str]) -> dict[str, str]:
    """The pages of these records, with their JSON-LD and Cite this."""
    pages = render_record_pages(job.index, job.settings, (job.index.records[i] for i in record_ids))
    return add_record_extras(pages, job.index, job.publication)


def other_files(job: Job) -> dict[str, str | bytes]:
    """Everything but the record pages: the overview pages, fragments and data files."""
    return {**render_overview_pages(job.index), **export_files(job.index, job.publication)}


def write_generated(job: Job, extra: Mapping[str, str], target: Path, workers: int) -> None:
    """Write every generated file (and extra) into a fresh folder, then swap it into target's place.

    With several workers the record pages, most of the work, are rendered and written by forked
    processes while this one does the rest; the files are the same either way.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".generated-", dir=target.parent))
    try:
        ids = list(job.index.records)
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context, initializer=remember_job, initargs=(job,)) as pool:
                size = -(-len(ids) // workers)
                pending = [pool.submit(write_record_files, ids[start : start + size], staging) for start in range(0, len(ids), size)]
                write_files({**other_files(job), **extra}, staging)
                for future in pending:
                    future.result()
        else:
            write_files({**record_files(job, ids), **other_files(job), **extra}, staging)
        swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# Set in each forked worker by remember_job: a fork inherits the Job in memory, so the worker is
# handed nothing bigger than a list of ids (pickling the Index would cost more than it saves).
worker_job: dict[str, Job] = {}


def remember_job(job: Job) -> None:
    worker_job["job"] = job


def write_record_files(record_ids: list[str], staging: Path) -> None:
    write_files(record_files(worker_job["job"], record_ids), staging)


def write_files(files: Mapping[str, str | bytes], staging: Path) -> None:
    """Write files under staging, from threads: creating a file waits on the disk longer than rendering it takes."""
    for folder in sorted({(staging / relative_path).parent for relative_path in files}):
        folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(write_file, (staging / relative_path for relative_path in files), files.values(), chunksize=64))


def write_file(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="\n")


def swap(new: Path, target: Path) -> None:
    """Put new in target's place: in one exchange where Linux allows, else by two renames.

    Either way target is never half-written; only the fallback leaves a moment with no target.
    """
    if target.exists() and exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # it now holds the old target
        return
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


AT_FDCWD, RENAME_EXCHANGE = -100, 2  # from Linux's fcntl.h and fs.h


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with renameat2; False where the C library or file system cannot."""
    try:
        renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except (OSError, TypeError):  # no C library to open by name (Windows)
        renameat2 = None
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0


def generate(root: Path) -> int:
    """Validate, then write docs/generated/; 1 with the problems printed if the facts are invalid, 2 outside a fact base."""
    try:
        records, problems = check_fact_base(root, None)
    except Misuse as misuse:
        print(f"generate: {misuse}", file=sys.stderr)
        return 2
    if problems:
        sys.stderr.write(format_problems(problems, "text"))
        print("generate: the fact base has problems; docs/generated/ was left as it was", file=sys.stderr)
        return 1
    index = link_records(records)
    reference = render_reference_pages(load_schemas(root), index.records.values())
    workers = min(os.cpu_count() or 1, MAX_WORKERS) if len(records) >= PARALLEL_FROM else 1
    write_generated(Job(index, read_settings(root), read_publication(root)), reference, root / GENERATED, workers)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.generate", description="Write docs/generated/ from facts/ and seeds/.")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    arguments = parse_or_exit_code(parser, argv)
    if isinstance(arguments, int):
        return arguments
    return generate(arguments.root.resolve())


if __name__ == "__main__":
    sys.exit(main())
