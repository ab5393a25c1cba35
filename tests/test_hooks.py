"""MkDocs hooks: under `mkdocs serve` they regenerate once per change of the facts, index the served
site for search and serve the published schemas; under any other command (the `make site` build)
they do nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import mkdocs_hooks, search
from scripts.search import index_command

SCHEMAS = sorted(p.name for p in (Path(__file__).resolve().parent.parent / "schemas").glob("*.schema.json"))


@pytest.fixture
def generations(monkeypatch) -> list[list[str]]:
    """The commands the hooks start (the generator, Pagefind, then the rewrite of its bundle):
    recorded, not run, against a fixed fingerprint of the facts."""
    calls: list[list[str]] = []

    def run(args: list[str], cwd: Path | None = None, capture_output: bool = False, text: bool = False) -> _Done:
        calls.append(args)
        return _Done()

    monkeypatch.setattr(mkdocs_hooks.subprocess, "run", run)
    monkeypatch.setattr(search, "make_reproducible", lambda bundle: calls.append(["make_reproducible", str(bundle)]))
    monkeypatch.setattr(mkdocs_hooks, "fingerprint", lambda: (("facts/person/a.yaml", 1, 1),))
    monkeypatch.setattr(mkdocs_hooks, "state", {"command": None, "fingerprint": None})
    return calls


class _Done:
    returncode = 0
    stdout = stderr = ""


def test_serve_regenerates_once_until_the_facts_change(generations, monkeypatch) -> None:
    mkdocs_hooks.on_startup("serve", dirty=False)
    mkdocs_hooks.on_pre_build({})
    mkdocs_hooks.on_pre_build({})  # the rebuild its own writes trigger
    assert [args[-1] for args in generations] == ["scripts.generate"]
    monkeypatch.setattr(mkdocs_hooks, "fingerprint", lambda: (("facts/person/a.yaml", 2, 2),))
    mkdocs_hooks.on_pre_build({})
    assert len(generations) == 2


def test_serve_indexes_the_served_site_and_publishes_the_schemas_into_it(generations, tmp_path: Path) -> None:
    mkdocs_hooks.on_startup("serve", dirty=False)
    mkdocs_hooks.on_post_build({"site_dir": str(tmp_path)})
    assert generations == [index_command(tmp_path), ["make_reproducible", str(tmp_path / "pagefind")]]
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == SCHEMAS


def test_build_neither_regenerates_nor_publishes(generations, tmp_path: Path) -> None:
    mkdocs_hooks.on_startup("build", dirty=False)
    mkdocs_hooks.on_pre_build({})
    mkdocs_hooks.on_post_build({"site_dir": str(tmp_path)})
    assert generations == []
    assert list(tmp_path.iterdir()) == []
