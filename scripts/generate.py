"""The `generate` command: write the generated Markdown and data into docs/generated/.

    python -m scripts.generate

Runs the pipeline (load, validate, link, render, export, write) and refuses to generate from invalid
facts (exit 1, problems printed; exit 2 outside a fact base). The files are written into a staging
folder beside docs/generated/ and swapped into place, so the folder is never half-written.
docs/generated/ is owned by this command alone; hand-written pages in docs/ are never touched.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import pipeline
from .cli import parse_or_exit_code, report_generation


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.generate", description="Write docs/generated/ from facts/ and seeds/."
    )
    parser.add_argument("--root", type=Path, default=pipeline.ROOT, help=argparse.SUPPRESS)
    arguments = parse_or_exit_code(parser, argv)
    if isinstance(arguments, int):
        return arguments
    return report_generation("generate", arguments.root.resolve(), "docs/generated/ was left as it was")


if __name__ == "__main__":
    sys.exit(main())
