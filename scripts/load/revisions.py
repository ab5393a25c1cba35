"""Revisions: the records each commit of the fact history changed, as they were before and after it.

Takes the repository root, the `History` of the fact files (scripts/load/git.py), the record types,
the records as loaded from the working tree, and the cache of versions read before; gives
`Revisions`: a `Revision` per commit that changed a record file, oldest first (the records its
changed files held before and after it, and the problems of versions that cannot be read), and the
cache to keep. Only the files a commit changed are read, each version once, all through one
`git cat-file --batch`, by the same strict loader as the working tree (scripts/load/files.py); a
version that is the working tree's file (the last commit's, where the file has no uncommitted
change) is the record already loaded. So the cost grows with the number of changes, not with the
size of the fact base times the number of commits. The revisions are None when the history is not
available (outside git, a shallow clone).

The cache (`read_version_cache`) holds the parsed data of every earlier version, keyed by its blob id:
a blob's bytes never change, so its data is valid for as long as the loader reads bytes the same way,
and the cache's file name carries a fingerprint of the loader's code. It lives in .cache/history/,
which no one writes by hand; scripts/write.py writes it after a build, and deleting it only makes
the next build read the versions from git again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..model import Record, RecordTypes
from ..problems import Problem
from . import files, strict_yaml
from .files import make_record, parse_record
from .git import FileChange, History, head_blobs, read_blobs

CACHE_FOLDER = ".cache/history"
# One version of one file: its blob and its path (the same bytes at two paths are two records).
Version = tuple[str, str]


@dataclass(frozen=True)
class Revision:
    """One commit's record files before and after it: what scripts/link/history.py compares."""

    commit: str
    time: int
    before: tuple[Record, ...]
    after: tuple[Record, ...]
    before_problems: tuple[Problem, ...]
    after_problems: tuple[Problem, ...]


@dataclass(frozen=True)
class VersionCache:
    """Parsed data by blob id, and the file it is kept in (named by the loader's fingerprint)."""

    name: str
    data: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Revisions:
    """Every commit's changed records (None without a history) and the version cache to keep;
    `cache_changed` is False when the cache read is already the one to keep."""

    revisions: tuple[Revision, ...] | None
    cache: VersionCache
    cache_changed: bool = False


def cache_name() -> str:
    """The cache's file name: a fingerprint of the code that turns a file's bytes into data."""
    digest = hashlib.sha256()
    for module in (strict_yaml, files):
        digest.update(Path(str(module.__file__)).read_bytes())
    return f"versions-{digest.hexdigest()[:16]}.json"


def read_version_cache(root: Path) -> VersionCache:
    """The cache of parsed versions under root; empty when there is none or it cannot be read."""
    name = cache_name()
    try:
        data = json.loads((root / CACHE_FOLDER / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return VersionCache(name)
    if not isinstance(data, dict) or not all(isinstance(value, dict) for value in data.values()):
        return VersionCache(name)
    return VersionCache(name, MappingProxyType(data))


def load_revisions(
    root: Path, history: History, types: RecordTypes, current: Iterable[Record], cache: VersionCache
) -> Revisions:
    """Every commit's changed records, oldest commit first, reading from git only what the working
    tree and the cache do not already hold."""
    if not history.available:
        return Revisions(None, cache)
    folders = {record_type.folder: name for name, record_type in types.items()}
    changes = [change for change in history.changes if record_type(change.path, folders)]
    versions: dict[Version, Record | Problem | None] = dict(known_versions(root, history, current))
    wanted = {(blob, c.path) for c in changes for blob in (c.old_blob, c.new_blob) if blob} - versions.keys()
    contents = read_blobs(root, sorted({blob for blob, _ in wanted if blob not in cache.data}))
    kept: dict[str, Mapping[str, Any]] = {}
    for blob, path in sorted(wanted):
        found = read_version(blob, path, record_type(path, folders), cache, contents)
        versions[(blob, path)] = found
        if isinstance(found, Record) and keeps_in_json(found.data):
            kept[blob] = found.data
    revisions = tuple(revision(commit, group, versions) for commit, group in reversed(by_commit(changes)))
    return Revisions(revisions, VersionCache(cache.name, MappingProxyType(kept)), kept != dict(cache.data))


def read_version(
    blob: str, path: str, kind: str, cache: VersionCache, contents: Mapping[str, bytes]
) -> Record | Problem | None:
    """One version: from the cache, else read from its blob (None for a blob git could not give)."""
    if blob in cache.data:
        return make_record(path, dict(cache.data[blob]), {}, kind)
    return parse_record(path, contents[blob], kind) if blob in contents else None


def keeps_in_json(data: Mapping[str, Any]) -> bool:
    """Whether JSON gives back exactly this data, so a cached copy reads as the file did."""
    return json.loads(json.dumps(data)) == data


def record_type(path: str, folders: Mapping[str, str]) -> str:
    """The type of the records a path holds, or '' for a file that is not a record file."""
    folder, _, name = path.rpartition("/")
    return folders.get(folder, "") if name.endswith(".yaml") and not name.startswith(".") else ""


def known_versions(root: Path, history: History, current: Iterable[Record]) -> Iterable[tuple[Version, Record]]:
    """The working tree's records as versions of the last commit: files without uncommitted changes."""
    blobs = head_blobs(root)
    for record in current:
        if record.path in blobs and record.path not in history.modified:
            yield (blobs[record.path], record.path), record


def by_commit(changes: list[FileChange]) -> list[tuple[str, list[FileChange]]]:
    """The changes grouped by commit, in the history's order (newest first)."""
    groups: dict[str, list[FileChange]] = {}
    for change in changes:
        groups.setdefault(change.commit, []).append(change)
    return list(groups.items())


def revision(commit: str, changes: list[FileChange], versions: Mapping[Version, Record | Problem | None]) -> Revision:
    before = [versions.get((c.old_blob, c.path)) for c in changes if c.old_blob]
    after = [versions.get((c.new_blob, c.path)) for c in changes if c.new_blob]
    return Revision(
        commit,
        changes[0].time,
        tuple(r for r in before if isinstance(r, Record)),
        tuple(r for r in after if isinstance(r, Record)),
        tuple(p for p in before if isinstance(p, Problem)),
        tuple(p for p in after if isinstance(p, Problem)),
    )
