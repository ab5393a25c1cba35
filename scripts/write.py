"""Write: the only code that writes files. Generated files into a staging folder swapped into place,
the published schemas, the set-up a site build needs beside a fact base, and the cache of versions
read from git.

Takes what the pipeline produced ({path: text or bytes}, and a way to render record pages in
batches) and a target folder; writes every file into a fresh staging folder beside the target and
swaps it into place, so the target is never half-written and a failed or killed run leaves the
previous one untouched. Staging folders are named with the writing process's id, so the next run
removes those a killed run left behind, and never those of a run still going.
"""

from __future__ import annotations

import ctypes
import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .model import SCHEMAS_DIR

WRITERS = 8
Files = Mapping[str, str | bytes]


@dataclass(frozen=True)
class Output:
    """Everything to write: the record ids, what renders the files of some records, and the other files."""

    record_ids: tuple[str, ...]
    record_files: Callable[[Sequence[str]], Files]
    other_files: Callable[[], Files]


def staging_folder(target: Path) -> Path:
    """A new empty folder beside target, named after this process so a later run can tell it is stale."""
    prefix = f".{target.name}-"
    remove_stale_staging(target.parent, prefix)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=target.parent))


def remove_stale_staging(parent: Path, prefix: str) -> None:
    """Remove staging folders whose process is gone (a killed build never removed its own)."""
    for folder in parent.glob(f"{prefix}*") if parent.is_dir() else ():
        pid = folder.name.removeprefix(prefix).partition("-")[0]
        if folder.is_dir() and not (pid.isdigit() and process_alive(int(pid))):
            shutil.rmtree(folder, ignore_errors=True)


def process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True


def write_output(output: Output, target: Path, workers: int) -> None:
    """Write every file into a fresh folder, then swap it into target's place.

    With several workers the record pages, most of the work, are rendered and written by forked
    processes while this one writes the rest; the files are the same either way.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_folder(target)
    try:
        ids = list(output.record_ids)
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(
                workers, mp_context=context, initializer=remember_output, initargs=(output,)
            ) as pool:
                size = -(-len(ids) // workers)
                pending = [
                    pool.submit(write_record_files, ids[start : start + size], staging)
                    for start in range(0, len(ids), size)
                ]
                write_files(output.other_files(), staging)
                for future in pending:
                    future.result()
        else:
            write_files({**output.record_files(ids), **output.other_files()}, staging)
        swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# Set in each forked worker by remember_output: a fork inherits the Output in memory, so the worker
# is handed nothing bigger than a list of ids (pickling the Index would cost more than it saves).
worker_output: dict[str, Output] = {}


def remember_output(output: Output) -> None:
    worker_output["output"] = output


def write_record_files(record_ids: list[str], staging: Path) -> None:
    write_files(worker_output["output"].record_files(record_ids), staging)


def write_files(files: Files, folder: Path) -> None:
    """Write files under folder, from threads: creating a file waits on the disk longer than rendering it takes."""
    for parent in sorted({(folder / relative_path).parent for relative_path in files}):
        parent.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(write_file, (folder / relative_path for relative_path in files), files.values(), chunksize=64))


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
    return bool(renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0)


def create_file(path: Path, text: str) -> None:
    """Write a new file (and its folder), never replacing one: an existing file raises FileExistsError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)


def publish_schemas(root: Path, site: Path) -> list[Path]:
    """Copy every schema into site/schemas/, at the address its `$id` names (site_url + schemas/<name>).

    Copied after `mkdocs build`, byte for byte, because they live outside docs/ and must be served at
    the site's top; their `$ref`s between each other keep resolving on the published site.
    """
    target = site / SCHEMAS_DIR
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for schema in sorted((root / SCHEMAS_DIR).glob("*.schema.json")):
        shutil.copyfile(schema, target / schema.name)
        copied.append(target / schema.name)
    return copied


def copy_site_setup(source: Path, target: Path) -> None:
    """Copy what `mkdocs build` needs beside a fact base (config, hand-written docs, hook) into target:
    how the benchmarks and tests build a site from a fact base of their own."""
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(source / "docs", target / "docs", ignore=shutil.ignore_patterns("generated"))
    (target / "scripts").mkdir(exist_ok=True)
    shutil.copy(source / "scripts" / "mkdocs_hooks.py", target / "scripts" / "mkdocs_hooks.py")


def write_version_cache(folder: Path, name: str, data: Mapping[str, object]) -> None:
    """The cache of parsed versions (scripts/load/revisions.py) as folder/name, written whole and then
    renamed into place; caches of an earlier loader in the folder are removed. Safe to delete."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".{name}.{os.getpid()}"
    text = json.dumps(dict(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, folder / name)
    for stale in folder.glob("versions-*.json"):
        if stale.name != name:
            stale.unlink()
