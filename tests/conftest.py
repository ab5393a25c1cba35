"""Shared test fixtures: the repository's paths, throwaway copies of the small fact bases in
tests/fixtures/ (each with the real schemas/ copied in, so the tests check the real rules), and the
small fact base with a git history that the export, feed and citation tests share."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest

from scripts.link import Index, link_records
from scripts.load import load_fact_base
from scripts.publication import Publication, read_publication
from tests.exportbase import make_export_base

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"
BAD_CASES = sorted(path.name for path in BAD.iterdir() if path.is_dir())


def copy_fact_base(target: Path, *overlays: Path) -> Path:
    """The good fact base with the real schemas at target, then each overlay copied on top."""
    shutil.copytree(GOOD, target, symlinks=True)
    shutil.copytree(REPO / "schemas", target / "schemas")
    for overlay in overlays:
        shutil.copytree(overlay, target, symlinks=True, dirs_exist_ok=True)
    return target


@pytest.fixture
def make_fact_base(tmp_path: Path) -> Callable[..., Path]:
    """Build a fact base in tmp_path: the good one, plus the named bad case if one is given."""

    def make(case: str | None = None) -> Path:
        return copy_fact_base(tmp_path / (case or "good"), *([BAD / case] if case else []))

    return make


@pytest.fixture
def fact_base(make_fact_base: Callable[..., Path]) -> Path:
    """A clean copy of the good fact base."""
    return make_fact_base()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fact base with a git history (tests/exportbase.py), once per test module."""
    return make_export_base(tmp_path_factory.mktemp("exports") / "facts")


@pytest.fixture(scope="module")
def linked(base: Path) -> tuple[Index, Publication]:
    """That fact base's Index and Publication."""
    return link_records(load_fact_base(base).records), read_publication(base)
