"""A small fact base for the site tests, copied into a temporary folder with the real schemas.

The golden and generator tests never read the real facts/ and seeds/, which change as the fact base
grows; tests/golden/input/ holds a few records that exercise every page feature instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from scripts.build import copy_site_setup

REPO = Path(__file__).resolve().parent.parent
INPUT = REPO / "tests" / "golden" / "input"


def make_fact_base(folder: Path, with_site_config: bool = False) -> Path:
    """Copy the test facts and the schemas into folder (and the MkDocs set-up when asked)."""
    shutil.copytree(INPUT, folder, dirs_exist_ok=True)
    shutil.copytree(REPO / "schemas", folder / "schemas")
    if with_site_config:
        copy_site_setup(REPO, folder)
    return folder
