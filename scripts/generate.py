"""The `generate` command: write the generated Markdown and data into docs/generated/.

    python -m scripts.generate

Loads and validates the fact base and refuses to generate from invalid facts (exit 1, problems
printed). Otherwise links and renders it, writes every page into a temporary folder beside
docs/generated/ and swaps it into place, so the folder is never half-written. docs/generated/ is
owned by this command alone; hand-written pages in docs/ are never touched.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Mapping

import yaml

from .check import ROOT, Misuse, check_fact_base
from .cli import parse_or_exit_code
from .export import export_files
from .link import Index, link_records
from .load import load_schemas
from .publication import Publication, read_publication
from .record_extras import add_record_extras
from .render import Settings, render_site
from .render_reference import render_reference_pages
from .report import format_problems

GENERATED = Path("docs") / "generated"
WRITERS = 8


def read_settings(root: Path) -> Settings:
    """The edit link base from mkdocs.yml: repo_url plus edit_uri without its docs/ folder."""
    try:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return Settings()
    repo, edit = str(config.get("repo_url") or ""), str(config.get("edit_uri") or "")
    docs = str(config.get("docs_dir") or "docs").strip("/") + "/"
    if not repo.startswith(("https://", "http://")) or not edit:
        return Settings()
    return Settings(edit_base=f"{repo.rstrip('/')}/{edit.strip('/')}/".removesuffix(docs))


def render_files(index: Index, settings: Settings, publication: Publication | None = None) -> dict[str, str | bytes]:
    """Every file under docs/generated/: pages (with JSON-LD and Cite this), fragments and data."""
    publication = publication or Publication()
    return {**add_record_extras(render_site(index, settings), index, publication), **export_files(index, publication)}


def write_folder(files: Mapping[str, str | bytes], target: Path) -> None:
    """Write files into a fresh temporary folder, then swap it into target's place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".generated-", dir=target.parent))
    try:
        for folder in sorted({(staging / relative_path).parent for relative_path in files}):
            folder.mkdir(parents=True, exist_ok=True)
        # Creating a file waits on the disk far longer than rendering it takes; threads overlap the waits.
        with ThreadPoolExecutor(WRITERS) as pool:
            list(pool.map(write_file, (staging / relative_path for relative_path in files), files.values(), chunksize=64))
        swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_file(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="\n")


def swap(new: Path, target: Path) -> None:
    """Move new into target's place with renames, so target is never half-written."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def generate(root: Path) -> int:
    """Validate, then write docs/generated/; 1 with the problems printed if the facts are invalid, 2 outside a fact base."""
    try:
        records, problems = check_fact_base(root, None)
    except Misuse as misuse:
        print(f"generate: {misuse}", file=sys.stderr)
        return 2
    if problems:
        sys.stderr.write(format_problems(problems, "text"))
        print("generate: the fact base has problems; docs/generated/ was left as it was", file=sys.stderr)
        return 1
    index = link_records(records)
    reference = render_reference_pages(load_schemas(root), index.records.values())
    write_folder({**render_files(index, read_settings(root), read_publication(root)), **reference}, root / GENERATED)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.generate", description="Write docs/generated/ from facts/ and seeds/.")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    arguments = parse_or_exit_code(parser, argv)
    if isinstance(arguments, int):
        return arguments
    return generate(arguments.root.resolve())


if __name__ == "__main__":
    sys.exit(main())
