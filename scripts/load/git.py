"""Git: what the repository's history says about the fact files, read with plain git commands.

Takes a repository folder; gives
  - `read_history`: the dataset version (the last commit touching facts/ or seeds/, marked when the
    working tree has uncommitted fact changes) and every change to a fact file, newest first, with
    its commit time and its blob before and after, from one `git log --raw`. Times are commit times,
    never "now". Outside a git checkout, or without git, the history is empty and the version
    "unversioned", so everything still builds, undated; a shallow clone keeps its version but no
    history (its one commit would seem to add every file);
  - `head_blobs` and `read_blobs`: the blob of every fact file in the last commit, and the content
    of many blobs through one `git cat-file --batch` (scripts/load/revisions.py reads the history's
    records with them);
  - `write_tree`: the fact base as it was at a revision, copied into a folder so the strict loader
    reads it exactly as it reads the working tree (blobs as files, symbolic links as links, which
    the loader then reports instead of following). Only `git rev-parse`, `git ls-tree` and one
    `git cat-file --batch` run, so a fact base of thousands of files costs three processes;
  - `last_commit_time`: when the fact files last changed, for SOURCE_DATE_EPOCH.
This is the only module that runs git.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

FACT_FOLDERS = ("facts", "seeds", "schemas")
# The folders whose changes are changes to the facts (schemas/ holds rules, not facts).
RECORD_FOLDERS = ("facts", "seeds")
LINK_MODE = "120000"


class GitError(Exception):
    """A git command failed or a revision does not exist; the message is one line for the user."""


@dataclass(frozen=True)
class TreeEntry:
    """One file of a git tree: its mode, blob id and repo-relative path."""

    mode: str
    blob: str
    path: str


def git(repo: Path, *arguments: str, stdin: bytes | None = None) -> bytes:
    """Run git in repo and return its output; a failure becomes GitError with git's first line."""
    try:
        result = subprocess.run(["git", *arguments], cwd=repo, input=stdin, capture_output=True, check=False)
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror or error}") from None
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise GitError(lines[0] if lines else f"git {arguments[0]} failed")
    return result.stdout


def resolve_tree(repo: Path, revision: str) -> str:
    """The tree id a revision names (a commit, tag, branch or tree id); GitError if there is none."""
    # A leading '-' would be read as an option by git, never as a revision.
    if not revision or revision.startswith("-"):
        raise GitError(f"'{revision}' is not a revision; name a commit, branch, tag or tree")
    try:
        output = git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{tree}}")
    except GitError:
        raise GitError(
            f"'{revision}' is not a revision in {repo}; name a commit, branch, tag or tree (see git log)"
        ) from None
    return output.decode("ascii").strip()


def list_tree(repo: Path, tree: str) -> list[TreeEntry]:
    """Every blob and link under the fact folders of a tree (submodules are not files; skipped)."""
    output = git(repo, "ls-tree", "-r", "-z", "--full-tree", tree, "--", *FACT_FOLDERS)
    entries = []
    for line in output.split(b"\0"):
        if not line:
            continue
        info, _, path = line.partition(b"\t")
        mode, kind, blob = info.decode("ascii").split(" ")
        if kind == "blob":
            entries.append(TreeEntry(mode, blob, path.decode("utf-8", errors="surrogateescape")))
    return entries


def read_blobs(repo: Path, blobs: list[str]) -> dict[str, bytes]:
    """The content of each blob, read through one `git cat-file --batch`."""
    unique = sorted(set(blobs))
    if not unique:
        return {}
    output = git(repo, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in unique).encode("ascii"))
    contents, position = {}, 0
    for blob in unique:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split(b" ")
        # '<id> missing' (an object a partial clone never fetched) has no content to skip.
        if len(header) < 3:
            position = header_end + 1
            continue
        size = int(header[2])
        contents[blob] = output[header_end + 1 : header_end + 1 + size]
        position = header_end + 1 + size + 1
    return contents


def write_tree(repo: Path, tree: str, destination: Path) -> None:
    """Write the fact folders of a tree under destination, as the loader expects to find them."""
    entries = list_tree(repo, tree)
    contents = read_blobs(repo, [entry.blob for entry in entries])
    for entry in entries:
        relative = PurePosixPath(entry.path)
        # git never stores '..' or absolute paths, but a hostile tree is refused all the same.
        if relative.is_absolute() or ".." in relative.parts:
            continue
        target = destination.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        if entry.mode == LINK_MODE:
            os.symlink(os.fsdecode(contents[entry.blob]), target)
        else:
            target.write_bytes(contents[entry.blob])


UNVERSIONED = "unversioned"
VERSION_LENGTH = 12
STATUS_NAMES = {"A": "added", "M": "changed", "D": "removed", "T": "changed"}
# What a build without the history of its fact files tells its readers, by cause.
NOT_A_CHECKOUT = "the site was built outside a git checkout"
SHALLOW = "the site was built from a shallow clone, which holds only the latest commit"


@dataclass(frozen=True)
class FileChange:
    """One fact file added, changed or removed by one commit, with its blob before and after ('' for none)."""

    commit: str
    time: int
    status: str
    path: str
    old_blob: str = ""
    new_blob: str = ""


@dataclass(frozen=True)
class History:
    """The dataset version and the fact file changes, newest first.

    `available` is False outside a git checkout and in a shallow clone, whose one commit would seem
    to add every file; `unavailable` then says why. `modified` are the fact files the working tree
    changed since the last commit.
    """

    version: str = UNVERSIONED
    changes: tuple[FileChange, ...] = ()
    available: bool = False
    unavailable: str = NOT_A_CHECKOUT
    modified: frozenset[str] = frozenset()


def read_history(root: Path) -> History:
    """The history of root's fact folders; empty and unversioned when git cannot tell."""
    try:
        output = git(
            root,
            "log",
            "-z",
            "--no-renames",
            "--relative",
            "--no-abbrev",
            "--format=%x01%H %ct",
            "--raw",
            "--",
            *RECORD_FOLDERS,
        )
        status = git(root, "status", "--porcelain", "-z", "--no-renames", "--", *RECORD_FOLDERS)
        shallow = git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"
    except GitError:
        return History()
    changes = parse_log(output.decode("utf-8", errors="surrogateescape"))
    if not changes:
        return History()
    modified = parse_status(status.decode("utf-8", errors="surrogateescape"))
    version = changes[0].commit[:VERSION_LENGTH] + ("+modified" if modified else "")
    if shallow:
        return History(version, (), False, SHALLOW, modified)
    return History(version, changes, True, "", modified)


def parse_log(text: str) -> tuple[FileChange, ...]:
    """Changes from `git log -z --no-abbrev --format=%x01%H %ct --raw` output, in its order."""
    changes = []
    for chunk in text.split("\x01")[1:]:
        header, _, body = chunk.partition("\0")
        commit, _, time = header.partition(" ")
        fields = body.lstrip("\n").split("\0")
        for raw, path in zip(fields[0::2], fields[1::2], strict=False):
            # ':<old mode> <new mode> <old blob> <new blob> <status letter>'
            old_mode, new_mode, old, new, status = raw.lstrip(":").split(" ")
            if status[:1] in STATUS_NAMES:
                change = FileChange(
                    commit, int(time), STATUS_NAMES[status[:1]], path, blob(old_mode, old), blob(new_mode, new)
                )
                changes.append(change)
    return tuple(changes)


def blob(mode: str, object_id: str) -> str:
    """The blob of a regular file in a raw diff line; '' for no file (all zeros), a link or a submodule."""
    return object_id if mode.startswith("100") and object_id.strip("0") else ""


def parse_status(text: str) -> frozenset[str]:
    """The paths of `git status --porcelain -z --no-renames`: 'XY path', NUL-terminated."""
    return frozenset(entry[3:] for entry in text.split("\0") if len(entry) > 3)


def head_blobs(root: Path) -> dict[str, str]:
    """The blob of every fact file in the last commit, by path; empty when git cannot tell."""
    try:
        output = git(root, "ls-tree", "-r", "-z", "HEAD", "--", *RECORD_FOLDERS)
    except GitError:
        return {}
    blobs = {}
    for line in output.decode("utf-8", errors="surrogateescape").split("\0"):
        info, _, path = line.partition("\t")
        parts = info.split(" ")
        if len(parts) == 3 and parts[1] == "blob":
            blobs[path] = parts[2]
    return blobs


def last_commit_time(root: Path) -> int | None:
    """The Unix time of the last commit touching the fact files, or None outside git."""
    try:
        value = git(root, "log", "-1", "--format=%ct", "--", *RECORD_FOLDERS).decode("ascii", errors="replace").strip()
    except GitError:
        return None
    return int(value) if value.isdigit() else None
