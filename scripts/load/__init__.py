"""Load: the only stage that reads input. Files, strict YAML, schemas, git history, site settings.

Takes the repository root; gives a `FactBase` (records, the problems of files that cannot be read,
the schemas and the record types derived from them), the `Publication` (site settings and fact
history), the `Revision`s (each commit's changed records, read from git) and the original source
texts. Everything after this stage works on these values and never
opens a fact file, so the validator, the site and the tests cannot disagree about what a file says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Record, RecordTypes
from ..problems import Problem
from .files import list_record_files, load_record_file, load_source_texts, read_hand_written_pages, repo_path
from .git import GitError, History, git, last_commit_time, read_history, resolve_tree, write_tree
from .publication import Publication, read_publication
from .revisions import Revision, load_revisions
from .schemas import NotAFactBase, load_schemas, read_record_types

__all__ = [
    "FactBase",
    "GitError",
    "History",
    "NotAFactBase",
    "Publication",
    "Revision",
    "git",
    "last_commit_time",
    "list_record_files",
    "load_fact_base",
    "load_record_file",
    "load_revisions",
    "load_schemas",
    "load_source_texts",
    "read_hand_written_pages",
    "read_history",
    "read_publication",
    "read_record_types",
    "repo_path",
    "resolve_tree",
    "write_tree",
]


@dataclass(frozen=True)
class FactBase:
    """Everything read from one fact base: its records, unreadable files, schemas and record types."""

    records: tuple[Record, ...]
    problems: tuple[Problem, ...]
    schemas: Mapping[str, Mapping[str, Any]]
    types: RecordTypes


def load_fact_base(root: Path) -> FactBase:
    """Read the schemas, then every record under facts/ and seeds/; NotAFactBase without schemas."""
    schemas = load_schemas(root)
    types = read_record_types(schemas)
    files, problems = list_record_files(root, types)
    records: list[Record] = []
    for path, record_type in files:
        result = load_record_file(root, path, record_type)
        if isinstance(result, Record):
            records.append(result)
        else:
            problems.append(result)
    return FactBase(tuple(records), tuple(problems), schemas, types)
