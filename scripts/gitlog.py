"""Git log: what the history of facts/ and seeds/ says about when each fact file changed.

Takes the repository root (or a folder inside a git checkout); gives a `History`: the dataset
version (the last commit touching the fact files, marked when the working tree has uncommitted fact
changes) and every change to a fact file, newest first, with its commit time. Times are git commit
times, never "now". Outside a git checkout, or when git is missing, the history is empty and the
version is "unversioned", so exports still build, only without dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .gitread import GitError, git

FACT_FOLDERS = ("facts", "seeds")
UNVERSIONED = "unversioned"
VERSION_LENGTH = 12
STATUS_NAMES = {"A": "added", "M": "changed", "D": "removed", "T": "changed"}


@dataclass(frozen=True)
class Change:
    """One fact file added, changed or removed by one commit."""

    commit: str
    time: int
    status: str
    path: str


@dataclass(frozen=True)
class History:
    """The dataset version and the fact file changes, newest first."""

    version: str = UNVERSIONED
    changes: tuple[Change, ...] = ()
    last: Mapping[str, Change] = field(default_factory=dict)


def make_history(version: str, changes: tuple[Change, ...]) -> History:
    """A History with each path's newest change looked up once."""
    newest: dict[str, Change] = {}
    for change in changes:
        newest.setdefault(change.path, change)
    return History(version, changes, MappingProxyType(newest))


def read_history(root: Path) -> History:
    """The history of root's fact folders; empty and unversioned when git cannot tell."""
    try:
        output = git(root, "log", "-z", "--no-renames", "--relative", "--format=%x01%H %ct", "--name-status", "--", *FACT_FOLDERS)
        dirty = git(root, "status", "--porcelain", "--", *FACT_FOLDERS)
    except GitError:
        return History()
    changes = parse_log(output.decode("utf-8", errors="surrogateescape"))
    if not changes:
        return History()
    version = changes[0].commit[:VERSION_LENGTH] + ("+modified" if dirty.strip() else "")
    return make_history(version, changes)


def parse_log(text: str) -> tuple[Change, ...]:
    """Changes from `git log -z --format=%x01%H %ct --name-status` output, in its order."""
    changes = []
    for chunk in text.split("\x01")[1:]:
        header, _, body = chunk.partition("\0")
        commit, _, time = header.partition(" ")
        fields = body.lstrip("\n").split("\0")
        for status, path in zip(fields[0::2], fields[1::2]):
            if status[:1] in STATUS_NAMES:
                changes.append(Change(commit, int(time), STATUS_NAMES[status[:1]], path))
    return tuple(changes)

