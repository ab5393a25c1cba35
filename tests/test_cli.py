"""Every command answers --help with its usage, exit 0, and does nothing else (no build, no file)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

COMMANDS = ("check", "generate", "build", "diff", "new", "bench")


def files_under(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if ".venv" not in p.parts and "__pycache__" not in p.parts
    }


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_help_prints_usage_and_does_nothing_else(command: str, tmp_path: Path) -> None:
    before = files_under(REPO / "docs") | files_under(REPO / "facts")
    site = (REPO / "site").stat().st_mtime_ns if (REPO / "site").exists() else None
    result = subprocess.run(
        [sys.executable, "-m", f"scripts.{command}", "--help"], cwd=REPO, capture_output=True, text=True
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"usage: python -m scripts.{command} ")
    assert files_under(REPO / "docs") | files_under(REPO / "facts") == before
    assert ((REPO / "site").stat().st_mtime_ns if (REPO / "site").exists() else None) == site
