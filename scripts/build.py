"""The `build` command: validate the fact base, generate docs/generated/, then build site/ atomically.

    python -m scripts.build

Generation refuses invalid facts. The site is built into a staging folder beside site/, indexed for
search by Pagefind there (scripts/search/), and swapped into place only when the build and the
indexing succeed, so a failed validation, build or index leaves the previous site untouched. Builds
are reproducible: MkDocs dates the sitemap with SOURCE_DATE_EPOCH, which is set, unless the caller
set it, to the time of the last commit touching facts/ or seeds/ (0 outside git), and the search
bundle is made byte-reproducible (scripts/search/bundle.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import pipeline
from .cli import parse_or_exit_code, report_generation
from .load import last_commit_time
from .search import index_site
from .write import publish_schemas, staging_folder, swap

SITE = "site"


def build_site(root: Path) -> int:
    """Generate, then build, index and publish site/; exit codes as `generate`'s, 1 when mkdocs or
    Pagefind fails."""
    code = report_generation("build", root, f"docs/generated/ and {SITE}/ were left as they were")
    if code != 0:
        return code
    staging = staging_folder(root / SITE)
    try:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": source_date_epoch(root)}
        # Not --quiet: it hides the warnings --strict counts, so a broken link would pass. The log
        # is captured instead and shown only when the build fails.
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging)]
        result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            print(f"build: mkdocs build failed; {SITE}/ was left as it was", file=sys.stderr)
            return 1
        indexed = index_site(staging)
        if indexed.returncode != 0:
            sys.stderr.write(indexed.stdout + indexed.stderr)
            print(f"build: indexing for search failed; {SITE}/ was left as it was", file=sys.stderr)
            return 1
        publish_schemas(root, staging)
        swap(staging, root / SITE)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return 0


def source_date_epoch(root: Path) -> str:
    """The caller's SOURCE_DATE_EPOCH, else the last commit time of the facts, else 0."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    return str(last_commit_time(root) or 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.build", description="Validate, generate docs/generated/ and build site/."
    )
    parser.add_argument("--root", type=Path, default=pipeline.ROOT, help=argparse.SUPPRESS)
    arguments = parse_or_exit_code(parser, argv)
    if isinstance(arguments, int):
        return arguments
    return build_site(arguments.root.resolve())


if __name__ == "__main__":
    sys.exit(main())
