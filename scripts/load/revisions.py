"""Revisions: the records each commit of the fact history changed, as they were before and after it.

Takes the repository root, the `History` of the fact files (scripts/load/git.py), the record types and
the records as loaded from the working tree; gives a `Revision` per commit that changed a record
file, oldest first: the records its changed files held before and after it, read by the same strict
loader as the working tree (scripts/load/files.py), and the problems of versions that cannot be
read. Only the files a commit changed are read, each version once, all through one
`git cat-file --batch`; a version that is the working tree's file (the last commit's, where the file
has no uncommitted change) is the record already loaded, not read again. So the cost grows with the
number of changes, not with the size of the fact base times the number of commits. Gives None when
the history is not available (outside git, a shallow clone).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..model import Record, RecordTypes
from ..problems import Problem
from .files import parse_record
from .git import FileChange, History, head_blobs, read_blobs

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


def load_revisions(
    root: Path, history: History, types: RecordTypes, current: Iterable[Record]
) -> tuple[Revision, ...] | None:
    """Every commit's changed records, oldest commit first; None without a history."""
    if not history.available:
        return None
    folders = {record_type.folder: name for name, record_type in types.items()}
    changes = [change for change in history.changes if record_type(change.path, folders)]
    versions: dict[Version, Record | Problem] = dict(known_versions(root, history, current))
    wanted = {(blob, c.path) for c in changes for blob in (c.old_blob, c.new_blob) if blob} - versions.keys()
    contents = read_blobs(root, [blob for blob, _ in wanted])
    for blob, path in sorted(wanted):
        if blob in contents:
            versions[(blob, path)] = parse_record(path, contents[blob], record_type(path, folders))
    return tuple(revision(commit, group, versions) for commit, group in reversed(by_commit(changes)))


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


def revision(commit: str, changes: list[FileChange], versions: Mapping[Version, Record | Problem]) -> Revision:
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
