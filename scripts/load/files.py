"""Record files: find every fact file under facts/ and seeds/ and read each into a `Record`.

Takes the repository root and the record type names; gives (path, type) for every record file, a
`Record` for each file read (strictly, by scripts/load/strict_yaml.py) and a `Problem` for every
file or folder that cannot be read safely or does not belong. Also reads the folder of original
source texts that quotes are checked against, and the hand-written pages of docs/ that the site's
pages are assembled with.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..addresses import HAND_WRITTEN
from ..model import FACTS_DIR, SEEDS_DIR, SOURCE_TYPE, Record
from ..problems import Problem
from .strict_yaml import YamlProblem, parse_yaml

MAX_FILE_BYTES = 1_000_000
TOO_LARGE = f"file is larger than {MAX_FILE_BYTES:,} bytes; split it or shorten its text"
RecordFile = tuple[Path, str]


def list_record_files(root: Path, types: Iterable[str]) -> tuple[list[RecordFile], list[Problem]]:
    """Every record file with its type, in path order, and a problem for each stray entry."""
    problems: list[Problem] = []
    return list(discover_files(root, tuple(sorted(types)), problems)), problems


def discover_files(root: Path, types: tuple[str, ...], problems: list[Problem]) -> Iterator[RecordFile]:
    """Yield (path, type) for every record file; report files that do not belong."""
    yield from scan_folder(root, root / SEEDS_DIR, SOURCE_TYPE, problems)
    facts = root / FACTS_DIR
    if facts.is_symlink():
        problems.append(linked_folder(root, facts))
        return
    if not facts.is_dir():
        return
    for folder in sorted(facts.iterdir()):
        if folder.name.startswith("."):
            continue
        if folder.name in types and folder.name != SOURCE_TYPE and (folder.is_dir() or folder.is_symlink()):
            yield from scan_folder(root, folder, folder.name, problems)
        else:
            expected = ", ".join(f"{FACTS_DIR}/{t}/" for t in types if t != SOURCE_TYPE)
            message = f"unexpected entry in {FACTS_DIR}/: records live in {expected} (sources in {SEEDS_DIR}/)"
            problems.append(Problem(repo_path(root, folder), 1, "", "", "FILE004", message))


def scan_folder(root: Path, folder: Path, record_type: str, problems: list[Problem]) -> Iterator[RecordFile]:
    """Yield the .yaml files of one type folder; report anything else in it."""
    if folder.is_symlink():
        problems.append(linked_folder(root, folder))
        return
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            message = "fact files must be regular files, not symbolic links; replace the link with the file itself"
            problems.append(file_problem(root, path, "FILE005", message))
        elif path.suffix != ".yaml" or not path.is_file():
            problems.append(unexpected_file(root, folder, path))
        else:
            yield path, record_type


def linked_folder(root: Path, folder: Path) -> Problem:
    message = "folders of fact files must be real folders, not symbolic links; replace the link with the folder itself"
    return Problem(repo_path(root, folder), 1, "", "", "FILE005", message)


def unexpected_file(root: Path, folder: Path, path: Path) -> Problem:
    hints = {".yml": f" (rename it to {path.stem}.yaml)", ".json": " (convert it to YAML)"}
    message = (
        f"unexpected file: records are files named <id>.yaml in {repo_path(root, folder)}/{hints.get(path.suffix, '')}"
    )
    return Problem(repo_path(root, path), 1, "", "", "FILE004", message)


def file_problem(root: Path, path: Path, code: str, message: str, line: int = 1, field_path: str = "") -> Problem:
    return Problem(repo_path(root, path), line, path.name.removesuffix(".yaml"), field_path, code, message)


def repo_path(root: Path, path: Path) -> str:
    """A path as problems and records name it: relative to the repository root, with '/'."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_record_file(root: Path, path: Path, record_type: str) -> Record | Problem:
    """Read one record file strictly; a file that cannot be read gives one Problem."""
    try:
        raw = read_bounded(path)
    except OSError as error:
        return file_problem(root, path, "FILE001", f"cannot read the file: {error.strerror or error}")
    return parse_record(repo_path(root, path), raw, record_type)


def parse_record(path: str, raw: bytes, record_type: str) -> Record | Problem:
    """A record file's bytes (from the working tree or from git) read strictly into a Record, or one
    Problem; path is where the file is, relative to the repository root."""
    name = path.rpartition("/")[2].removesuffix(".yaml")
    try:
        if len(raw) > MAX_FILE_BYTES:
            raise YamlProblem(1, "FILE002", TOO_LARGE)
        data, lines = parse_yaml(decode_utf8(raw), name)
    except YamlProblem as problem:
        return Problem(path, problem.line, name, problem.field_path, problem.code, problem.message)
    return make_record(path, data, lines, record_type)


def make_record(path: str, data: dict[str, Any], lines: dict[str, int], record_type: str) -> Record:
    """A record of a file's parsed data: its id is the data's, or the file's name when it has none."""
    name = path.rpartition("/")[2].removesuffix(".yaml")
    record_id = data["id"] if isinstance(data.get("id"), str) else name
    return Record(record_type, record_id, path, data, lines)


def read_bounded(path: Path) -> bytes:
    """At most one byte more than a record file may hold: enough for parse_record to refuse it."""
    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def decode_utf8(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlProblem(
            line, "FILE003", f"byte 0x{raw[error.start]:02x} is not valid UTF-8; save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def read_hand_written_pages(root: Path) -> dict[str, bytes]:
    """The hand-written site files of docs/ (pages, stylesheets, scripts), keyed by their path in the
    site; not the theme overrides, which MkDocs reads from docs/overrides/ itself, nor docs/generated/."""
    docs = root / HAND_WRITTEN
    skipped = (docs / "generated", docs / "overrides")
    pages = {}
    for path in sorted(docs.rglob("*")) if docs.is_dir() else ():
        hidden = any(part.startswith(".") for part in path.relative_to(docs).parts)
        if path.is_file() and not hidden and not any(path.is_relative_to(folder) for folder in skipped):
            pages[path.relative_to(docs).as_posix()] = path.read_bytes()
    return pages


def load_source_texts(folder: Path) -> dict[str, str]:
    """The original texts of sources in a folder, keyed by the SHA-256 of their bytes."""
    texts = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            raw = path.read_bytes()
            texts[hashlib.sha256(raw).hexdigest()] = raw.decode("utf-8", errors="replace")
    return texts
