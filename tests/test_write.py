"""Write: the swap that puts a new folder in place in one step, the staging folders a killed run
leaves behind (removed by the next run, never while their run is alive), new files that never
replace old ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import write


def folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "page.md").write_text(text, encoding="utf-8")
    return path


def test_swap_exchanges_the_folders_in_one_step_without_renaming(tmp_path, monkeypatch):
    new, target = folder(tmp_path / "new", "new"), folder(tmp_path / "target", "old")
    monkeypatch.setattr(Path, "rename", lambda *args: pytest.fail("renamed: the exchange was not used"))
    write.swap(new, target)
    assert (target / "page.md").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]


@pytest.mark.parametrize("target_exists", [True, False])
def test_swap_falls_back_to_renames_where_there_is_no_exchange(tmp_path, monkeypatch, target_exists):
    new, target = folder(tmp_path / "new", "new"), tmp_path / "target"
    if target_exists:
        folder(target, "old")
    monkeypatch.setattr(write, "exchange", lambda first, second: False)
    write.swap(new, target)
    assert (target / "page.md").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]


def test_a_killed_runs_staging_folder_is_removed_by_the_next_run(tmp_path: Path) -> None:
    """A process that made its staging folder and was killed before swapping leaves it behind."""
    target = tmp_path / "site"
    script = (
        "from pathlib import Path; from scripts.write import staging_folder; "
        f"print(staging_folder(Path({str(target)!r})))"
    )
    left = Path(
        subprocess.run(
            [sys.executable, "-c", script],
            check=True,
            capture_output=True,
            text=True,
            cwd=write.__file__.rsplit("/scripts/", 1)[0],
        ).stdout.strip()
    )
    (left / "page.html").write_text("half-written", encoding="utf-8")
    legacy = tmp_path / ".site-k2j4h1x0"  # a folder from before staging folders carried a process id
    legacy.mkdir()
    mine = write.staging_folder(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [mine.name]
    assert mine.name.startswith(f".site-{os.getpid()}-")


def test_a_live_runs_staging_folder_is_kept(tmp_path: Path) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        alive = tmp_path / f".site-{other.pid}-abcdefgh"
        alive.mkdir()
        write.staging_folder(tmp_path / "site")
        assert alive.is_dir()
    finally:
        other.kill()
        other.wait()


def test_create_file_never_replaces_a_file(tmp_path: Path) -> None:
    write.create_file(tmp_path / "facts" / "person" / "a.yaml", "first\n")
    with pytest.raises(FileExistsError):
        write.create_file(tmp_path / "facts" / "person" / "a.yaml", "second\n")
    assert (tmp_path / "facts" / "person" / "a.yaml").read_text(encoding="utf-8") == "first\n"
