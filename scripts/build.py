"""The `build` command: validate the fact base, then build the site into site/ atomically.

    python -m scripts.build

The site is built into a temporary folder beside site/ and moved into place only when the build
succeeds, so a failed validation or build leaves the previous site untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .check import ROOT, collect_problems
from .report import format_problems


def build_site(root: Path) -> int:
    problems, _ = collect_problems(root, None)
    if problems:
        sys.stderr.write(format_problems(problems, "text"))
        print("build: the fact base has problems; site/ was left as it was", file=sys.stderr)
        return 1
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    try:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(staging)], cwd=root, env=env)
        if result.returncode != 0:
            print("build: mkdocs build failed; site/ was left as it was", file=sys.stderr)
            return 1
        replace_folder(staging, root / "site")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return 0


def replace_folder(new: Path, target: Path) -> None:
    """Swap new into target's place with renames, so target is never half-written."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    return build_site(ROOT)


if __name__ == "__main__":
    sys.exit(main())
