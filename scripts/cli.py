"""Command-line plumbing shared by every `python -m scripts.<command>`: argument parsing that
returns an exit code instead of raising, so each `main(argv)` can return 0 for --help and 2 for
misuse without a traceback."""

from __future__ import annotations

import argparse


def parse_or_exit_code(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace | int:
    """The parsed arguments, or the exit code (0 after --help, 2 for misuse) once argparse has said why."""
    try:
        return parser.parse_args(argv)
    except SystemExit as exit_:
        return 0 if exit_.code == 0 else 2
