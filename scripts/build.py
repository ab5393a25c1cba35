"""The `build` command: validate the fact base, generate docs/generated/, then build site/ atomically.

    python -m scripts.build

Generation refuses invalid facts. The site is built into a temporary folder beside site/ and moved
into place only when the build succeeds, so a failed validation or build leaves the previous site
untouched. Builds are reproducible: MkDocs dates the sitemap with SOURCE_DATE_EPOCH, which is set,
unless the caller set it, to the time of the last commit touching facts/ or seeds/ (0 outside git).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .check import ROOT
from .generate import generate, swap
from .publish import publish_schemas


def build_site(root: Path) -> int:
    code = generate(root)
    if code != 0:
        reason = "the fact base has problems" if code == 1 else "this is not a fact base"
        print(f"build: {reason}; site/ was left as it was", file=sys.stderr)
        return code
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    try:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": source_date_epoch(root)}
        # Not --quiet: it hides the warnings --strict counts, so a broken link would pass. The log
        # is captured instead and shown only when the build fails.
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging)], cwd=root, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            print("build: mkdocs build failed; site/ was left as it was", file=sys.stderr)
            return 1
        publish_schemas(root, staging)
        swap(staging, root / "site")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return 0


def source_date_epoch(root: Path) -> str:
    """The caller's SOURCE_DATE_EPOCH, else the last commit time of the facts, else 0."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "facts", "seeds"], cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "0"
    value = result.stdout.strip()
    return value if result.returncode == 0 and value.isdigit() else "0"


def copy_site_setup(source: Path, target: Path) -> None:
    """Copy what `mkdocs build` needs beside a fact base (config, hand-written docs, hook) into target."""
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(source / "docs", target / "docs", ignore=shutil.ignore_patterns("generated"))
    (target / "scripts").mkdir(exist_ok=True)
    shutil.copy(source / "scripts" / "mkdocs_hooks.py", target / "scripts" / "mkdocs_hooks.py")


def main(argv: list[str] | None = None) -> int:
    return build_site(ROOT)


if __name__ == "__main__":
    sys.exit(main())
