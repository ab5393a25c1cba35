"""Generate and build: docs/generated/ written whole, deterministically, never from invalid facts,
and a strict MkDocs build of it with no warning."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.build import build_site
from scripts import generate as generate_module
from scripts.generate import generate, main, read_settings
from tests.sitebase import make_fact_base


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def root(tmp_path):
    return make_fact_base(tmp_path / "repo", with_site_config=True)


def test_generate_writes_every_page_and_fragment(root):
    assert generate(root) == 0
    pages = sorted(p for p in tree_digest(root / "docs" / "generated") if p.endswith(".md"))
    assert pages == [
        "_fragments/counts.md", "_fragments/latest.md", "agreement/testing-pledge.md", "agreements.md",
        "disputed.md", "event/announcement.md", "event/first-round.md", "events.md", "graph.md",
        "organization/example-wire.md", "organization/ministry.md", "organizations.md", "people.md",
        "person/ana-example.md", "reference/agreement.md", "reference/event.md",
        "reference/index.md", "reference/organization.md", "reference/person.md", "reference/source.md",
        "reference/topic.md", "source/quoted-interview.md", "source/wire-story.md", "sources.md",
        "timeline.md", "topic/safety-testing.md", "topics.md",
    ]


def test_every_record_page_links_to_its_json_with_sorted_keys(root):
    """The exact JSON format is tests/test_export.py's; here: it is there, and deterministic."""
    generate(root)
    generated = root / "docs" / "generated"
    for page in sorted(p for p in generated.glob("*/*.md") if p.parent.name not in ("_fragments", "reference")):
        record_type, record_id = page.parent.name, page.stem
        assert f"[Data as JSON](../api/{record_type}/{record_id}.json)" in page.read_text(encoding="utf-8")
        text = (generated / "api" / record_type / f"{record_id}.json").read_text(encoding="utf-8")
        assert json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n" == text


def test_generation_is_deterministic_and_leaves_no_temporary_folder(root):
    generate(root)
    first = tree_digest(root / "docs" / "generated")
    generate(root)
    assert tree_digest(root / "docs" / "generated") == first
    assert [p.name for p in (root / "docs").iterdir() if p.name.startswith(".")] == []


def test_hand_written_pages_are_never_touched(root):
    before = {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
    generate(root)
    assert {p: p.read_bytes() for p in before} == before


def test_invalid_facts_are_refused_and_the_old_pages_kept(root, capsys):
    generate(root)
    before = tree_digest(root / "docs" / "generated")
    path = root / "facts" / "event" / "announcement.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - ana-example\n", "  - ana-exampel\n"), encoding="utf-8")
    assert main(["--root", str(root)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "facts/event/announcement.yaml:8: announcement: participants.0: REF001 no person or organization has id 'ana-exampel' (did you mean 'ana-example'?)",
        "generate: the fact base has problems; docs/generated/ was left as it was",
    ]
    assert tree_digest(root / "docs" / "generated") == before


def test_misuse_exits_2():
    assert main(["--no-such-option"]) == 2


def test_edit_links_use_repo_url_and_edit_uri_without_the_docs_folder(root):
    assert read_settings(root).edit_base == "https://github.com/us-china-ai-talks/factbase/edit/main/"


def test_strict_mkdocs_build_has_no_warning(root):
    assert generate(root) == 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))] == []
    assert "Ana Example" in (root / "site" / "generated" / "person" / "ana-example.html").read_text(encoding="utf-8")


def test_two_builds_give_byte_identical_sites(root, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1778716800")
    assert build_site(root) == 0
    first = tree_digest(root / "site")
    assert build_site(root) == 0
    assert tree_digest(root / "site") == first
    assert "<lastmod>2026-05-14</lastmod>" in (root / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_record_pages_written_by_worker_processes_are_the_same_files(root, monkeypatch):
    assert generate(root) == 0
    alone = tree_digest(root / "docs" / "generated")
    chosen = []
    real = generate_module.write_generated
    monkeypatch.setattr(generate_module, "write_generated", lambda job, extra, target, workers: chosen.append(workers) or real(job, extra, target, 3))
    assert generate(root) == 0
    assert chosen == [1]  # 7 records: below PARALLEL_FROM, generate itself would not share out
    assert tree_digest(root / "docs" / "generated") == alone


def folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "page.md").write_text(text, encoding="utf-8")
    return path


def test_swap_exchanges_the_folders_in_one_step_without_renaming(tmp_path, monkeypatch):
    new, target = folder(tmp_path / "new", "new"), folder(tmp_path / "target", "old")
    monkeypatch.setattr(Path, "rename", lambda *args: pytest.fail("renamed: the exchange was not used"))
    generate_module.swap(new, target)
    assert (target / "page.md").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]


@pytest.mark.parametrize("target_exists", [True, False])
def test_swap_falls_back_to_renames_where_there_is_no_exchange(tmp_path, monkeypatch, target_exists):
    new, target = folder(tmp_path / "new", "new"), tmp_path / "target"
    if target_exists:
        folder(target, "old")
    monkeypatch.setattr(generate_module, "exchange", lambda first, second: False)
    generate_module.swap(new, target)
    assert (target / "page.md").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]
