"""Build: `make site` end to end on a copy of the repository, checking that builds are atomic
(a failed validation or build changes no file) and reproducible (the same facts give the same bytes).

Each test works on a copy of the working tree in a temporary folder (what `git ls-files` lists, plus
untracked files that are not ignored), with the repository's .venv linked in so make installs nothing.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC
EPOCH_DAY = 1699920000  # midnight of that day, which MkDocs writes into the gzip header
SKIPPED = {".venv", "__pycache__", ".pytest_cache", ".hypothesis"}
MAKE_OUTPUT = ".venv/bin/python -m scripts.build\n"
BAD_RECORD = "id: bad-person\nname: Bad Person\n"
BAD_LINE = "facts/person/bad-person.yaml:1: bad-person: citations: SCH001 required field is missing; add 'citations: …'"


def repository_files() -> list[str]:
    result = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO, capture_output=True, check=True)
    return sorted(name for name in result.stdout.decode().split("\0") if name and name.split("/")[0] != ".venv")


def copy_repository(target: Path) -> Path:
    """The working tree's files at target, sharing the repository's virtual environment."""
    for name in repository_files():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copy2(REPO / name, target / name, follow_symlinks=False)
        except FileNotFoundError:
            continue  # deleted in the working tree, not yet in git
    (target / ".venv").symlink_to(REPO / ".venv")
    # Older than the venv's install stamp, so make sees nothing to install.
    os.utime(target / "requirements.txt", (0, 0))
    return target


def make_site(root: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **env}
    return subprocess.run(["make", "--no-print-directory", "site"], cwd=root, env=environment, capture_output=True, text=True, timeout=300)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file and folder under root (links as their targets), the virtual environment aside."""
    found: dict[str, bytes] = {}
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if f not in SKIPPED)
        here = Path(folder)
        for name in folders:
            found[(here / name).relative_to(root).as_posix() + "/"] = b""
        for name in files:
            path = here / name
            found[path.relative_to(root).as_posix()] = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
    return found


def under(files: dict[str, bytes], *prefixes: str) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name.startswith(prefixes)}


def outside(files: dict[str, bytes], *prefixes: str) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not name.startswith(prefixes)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository after one successful `make site`."""
    root = copy_repository(tmp_path_factory.mktemp("built") / "repo")
    result = make_site(root, PYTHONHASHSEED="1")
    assert (result.returncode, result.stdout) == (0, MAKE_OUTPUT), result.stderr
    return root


@pytest.fixture
def copy(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built repository for a test to change."""
    return Path(shutil.copytree(built, tmp_path / "repo", symlinks=True))


def test_same_facts_give_byte_identical_site(built: Path, tmp_path: Path) -> None:
    """Another folder, other file times and another hash seed change no byte of site/."""
    other = copy_repository(tmp_path / "elsewhere" / "repo")
    for path in (other / "facts").rglob("*.yaml"):
        os.utime(path, (2_000_000_000, 2_000_000_000))
    result = make_site(other, PYTHONHASHSEED="2")
    assert (result.returncode, result.stdout) == (0, MAKE_OUTPUT), result.stderr
    first, second = under(snapshot(built), "site/"), under(snapshot(other), "site/")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_rebuild_in_place_changes_no_byte(copy: Path) -> None:
    before = snapshot(copy)
    result = make_site(copy, PYTHONHASHSEED="3")
    assert (result.returncode, result.stdout, result.stderr) == (0, MAKE_OUTPUT, "")
    assert snapshot(copy) == before


def test_sitemap_dates_come_from_source_date_epoch(built: Path) -> None:
    sitemap = (built / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert sorted(set(re.findall(r"<lastmod>(.*)</lastmod>", sitemap))) == ["2023-11-14"]
    packed = (built / "site" / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(packed[4:8], "little") == EPOCH_DAY
    assert gzip.decompress(packed).decode("utf-8") == sitemap


def test_failed_validation_changes_no_file(copy: Path) -> None:
    (copy / "facts" / "person" / "bad-person.yaml").write_text(BAD_RECORD, encoding="utf-8")
    before = snapshot(copy)
    result = make_site(copy)
    assert result.returncode == 2  # make's own code when the recipe fails
    assert result.stderr.splitlines()[0] == BAD_LINE
    assert "build: the fact base has problems; site/ was left as it was" in result.stderr.splitlines()
    assert snapshot(copy) == before


def test_failed_mkdocs_build_leaves_site_and_hand_written_files(copy: Path) -> None:
    """A page linking to a missing page fails the strict build after generation succeeded."""
    index = copy / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[Broken](no-such-page.md)\n", encoding="utf-8")
    before = snapshot(copy)
    result = make_site(copy)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert "WARNING -  Doc file 'index.md' contains a link 'no-such-page.md', but the target is not found among documentation files." in lines
    assert "build: mkdocs build failed; site/ was left as it was" in lines
    after = snapshot(copy)
    assert outside(after, "docs/generated/") == outside(before, "docs/generated/")


def test_successful_build_writes_only_site_and_generated(copy: Path) -> None:
    record = copy / "facts" / "organization" / "apec.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("\nname: ", "\nname: Renamed ", 1), encoding="utf-8")
    before = snapshot(copy)
    result = make_site(copy)
    assert (result.returncode, result.stderr) == (0, "")
    after = snapshot(copy)
    assert outside(after, "site/", "docs/generated/") == outside(before, "site/", "docs/generated/")
    assert "Renamed" in (copy / "site" / "generated" / "organization" / "apec.html").read_text(encoding="utf-8")
