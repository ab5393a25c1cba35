"""Shared test set-up: the repository's paths, throwaway copies of the small fact bases (each with the
real schemas/ copied in, so the tests check the real rules), the bad-input corpus, and the small fact
base with a git history that the export, feed and citation tests share.

The small fact bases:
  - tests/fixtures/good/: a valid fact base of 8 records, with the original text of its one held source;
  - tests/fixtures/every-field/: 7 records laid over the good fact base (a second held source and its
    text among them) that between them hold every field the schemas declare, for tests/test_robustness.py;
  - tests/bad/<case>/: one file or folder laid over the good fact base, breaking one rule, and beside
    it `expected.txt`, the exact problem lines `make verify-quotes` must print for it (lines starting
    with '#' are comments);
  - tests/golden/input/: a few records that exercise every page feature, for the rendering tests;
  - tests/exportbase.py: records with a made-up git history, for history, feeds and citations.
Other test modules import these from `tests.conftest` by name, so tests/browser/'s own conftest
cannot shadow them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from scripts import pipeline
from scripts.link import Index
from scripts.load import Publication, load_fact_base, read_publication
from scripts.write import copy_site_setup
from tests.exportbase import make_export_base

REPO = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
GOOD = TESTS / "fixtures" / "good"
BAD = TESTS / "bad"
BAD_CASES = sorted(path.name for path in BAD.iterdir() if path.is_dir())
GOLDEN_INPUT = TESTS / "golden" / "input"
EXPECTED = "expected.txt"


def copy_fact_base(target: Path, *overlays: Path) -> Path:
    """The good fact base with the real schemas at target, then each overlay copied on top."""
    shutil.copytree(GOOD, target, symlinks=True)
    shutil.copytree(REPO / "schemas", target / "schemas")
    for overlay in overlays:
        shutil.copytree(overlay, target, symlinks=True, dirs_exist_ok=True, ignore=shutil.ignore_patterns(EXPECTED))
    return target


def expected_lines(case: str) -> list[str]:
    """The problem lines a bad case must give, from its expected.txt."""
    text = (BAD / case / EXPECTED).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def problem_lines(root: Path) -> list[str]:
    """Every problem `make verify-quotes` reports for the fact base at root (texts in root/texts)."""
    return [str(problem) for problem in pipeline.check(root, root / "texts").problems]


def make_site_base(folder: Path, with_site_config: bool = False) -> Path:
    """The golden input records and the schemas in folder (and the MkDocs set-up when asked)."""
    shutil.copytree(GOLDEN_INPUT, folder, dirs_exist_ok=True)
    shutil.copytree(REPO / "schemas", folder / "schemas")
    if with_site_config:
        copy_site_setup(REPO, folder)
    return folder


def index_of(root: Path) -> Index:
    """The Index of the (valid) fact base at root, with its history as the pipeline reads it."""
    return pipeline.link(root, load_fact_base(root), read_publication(root))


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
    return index_of(base), read_publication(base)
