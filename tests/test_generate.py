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

from scripts import pipeline, write
from scripts.build import build_site
from scripts.generate import main
from scripts.load import read_publication
from tests.conftest import make_site_base


def generate(root: Path) -> int:
    """What `python -m scripts.generate` does, for the fact base at root."""
    return main(["--root", str(root)])


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_site_base(tmp_path / "repo", with_site_config=True)


def test_generate_writes_every_page_and_fragment(root):
    """The site's pages assembled in docs/generated/: the hand-written pages of docs/ copied in
    (index.md, data.md, changelog-format.md) beside every generated page."""
    assert generate(root) == 0
    pages = sorted(p for p in tree_digest(root / "docs" / "generated") if p.endswith(".md"))
    assert pages == [
        "_fragments/counts.md",
        "_fragments/latest.md",
        "agreement/testing-pledge.md",
        "agreements.md",
        "changelog-format.md",
        "data.md",
        "disputed.md",
        "event/announcement.md",
        "event/first-round.md",
        "events.md",
        "graph.md",
        "index.md",
        "organization/example-wire.md",
        "organization/ministry.md",
        "organizations.md",
        "people.md",
        "person/ana-example.md",
        "reference/agreement.md",
        "reference/event.md",
        "reference/index.md",
        "reference/organization.md",
        "reference/person.md",
        "reference/source.md",
        "reference/topic.md",
        "search.md",
        "source/quoted-interview.md",
        "source/wire-story.md",
        "sources.md",
        "statuses.md",
        "timeline.md",
        "topic/safety-testing.md",
        "topics.md",
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


def test_hand_written_pages_are_never_touched_and_are_copied_whole(root):
    before = {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
    generate(root)
    assert {p: p.read_bytes() for p in before} == before
    copied = {p.relative_to(root / "docs").as_posix(): data for p, data in before.items() if "overrides" not in p.parts}
    assembled = root / "docs" / "generated"
    assert {name: (assembled / name).read_bytes() for name in copied} == copied
    assert not (assembled / "overrides").exists()


def test_a_hand_written_page_named_like_a_generated_one_is_refused(root, capsys):
    (root / "docs" / "timeline.md").write_text("# My timeline\n", encoding="utf-8")
    assert generate(root) == 2
    assert capsys.readouterr().err == (
        "generate: docs/timeline.md: a generated page has this path; rename the hand-written page; "
        "docs/generated/ was left as it was\n"
    )


def test_invalid_facts_are_refused_and_the_old_pages_kept(root, capsys):
    generate(root)
    before = tree_digest(root / "docs" / "generated")
    path = root / "facts" / "event" / "announcement.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  - ana-example\n", "  - ana-exampel\n"), encoding="utf-8"
    )
    assert main(["--root", str(root)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "facts/event/announcement.yaml:8: announcement: participants.0: REF001 no person or organization has id "
        "'ana-exampel' (did you mean 'ana-example'?)",
        "generate: the fact base has problems; docs/generated/ was left as it was",
    ]
    assert tree_digest(root / "docs" / "generated") == before


def test_misuse_exits_2_with_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-such-option"]) == 2
    assert (
        capsys.readouterr().err.splitlines()[-1]
        == "python -m scripts.generate: error: unrecognized arguments: --no-such-option"
    )


def test_outside_a_fact_base_exits_2_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"generate: {tmp_path}: no schemas/common.schema.json here; run from a checkout of the fact base; "
        "docs/generated/ was left as it was\n"
    )
    assert not (tmp_path / "docs").exists()


def test_edit_links_use_repo_url_and_edit_uri_without_the_docs_folder(root: Path) -> None:
    assert read_publication(root).edit_base == "https://github.com/us-china-ai-talks/factbase/edit/main/"


def test_unreadable_site_settings_are_a_misuse_never_ignored(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    assert main(["--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("generate: mkdocs.yml: cannot read the site settings (") and err.endswith(
        "); correct the file; docs/generated/ was left as it was\n"
    )


@pytest.mark.slow
def test_strict_mkdocs_build_has_no_warning(root):
    assert generate(root) == 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))] == []
    assert "Ana Example" in (root / "site" / "person" / "ana-example.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_two_builds_give_byte_identical_sites(root, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1778716800")
    assert build_site(root) == 0
    first = tree_digest(root / "site")
    assert build_site(root) == 0
    assert tree_digest(root / "site") == first
    assert "<lastmod>2026-05-14</lastmod>" in (root / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_record_pages_written_by_worker_processes_are_the_same_files(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert generate(root) == 0
    alone = tree_digest(root / "docs" / "generated")
    chosen = []
    real = write.write_output

    def write_with_three_workers(output: write.Output, target: Path, workers: int) -> None:
        chosen.append(workers)
        real(output, target, 3)

    monkeypatch.setattr(pipeline, "write_output", write_with_three_workers)
    assert generate(root) == 0
    assert chosen == [1]  # 7 records: below RENDER_PARALLEL_FROM, the pipeline itself would not share out
    assert tree_digest(root / "docs" / "generated") == alone
