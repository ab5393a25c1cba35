"""Search: index a built site with Pagefind, writing its search bundle into the site.

Takes the folder `mkdocs build` wrote (scripts/build.py's staging folder before the swap, or the
folder `mkdocs serve` serves); gives that folder with pagefind/ in it: the index in chunks a
browser fetches only as a search needs them, its filters, the fragments shown with each result,
and Pagefind's scripts, all served from the site itself. The Pagefind binary is the pinned
`pagefind_bin` package, run as `python -m pagefind`; nothing is fetched. Its filter files are then
put in one order (bundle.py), so the same site gives the same bytes.

What is indexed is marked in the pages (docs/overrides/partials/search-body.html and
scripts/render/search.py); the selectors below leave out what a page shows but is not about.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .bundle import make_reproducible

BUNDLE = "pagefind"
# Footnotes (a record's citations), footnote numbers, permalink signs, drawings (their SVG labels
# repeat other records' names), inline citations, and the type and status badges (the filters say
# those, and the status words would otherwise match every statement that carries them), and table
# headings (the key-facts table's "Field, Value").
EXCLUDED = (".footnote", ".footnote-ref", ".headerlink", ".fb-graph", ".fb-cite", ".fb-type", ".fb-status", "thead")


def index_command(site: Path) -> list[str]:
    """The Pagefind command for the built site in `site`.

    --keep-index-url: result addresses keep index.html, as the site's own links do (it also opens
    from the file system, where a folder address shows a listing).
    """
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE,
        "--keep-index-url",
        "--exclude-selectors",
        ", ".join(EXCLUDED),
        "--quiet",
    ]


def index_site(site: Path) -> subprocess.CompletedProcess[str]:
    """Run Pagefind over the built site in `site` and make its bundle reproducible; Pagefind's output
    is captured for the caller to show when it fails."""
    result = subprocess.run(index_command(site), capture_output=True, text=True)
    if result.returncode == 0:
        make_reproducible(site / BUNDLE)
    return result
