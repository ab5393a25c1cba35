"""The `bench` command: run the benchmarks and print what they measured.

    python -m scripts.bench [--only validation|site|history] [--sizes 1000 10000] [--commits 300 600]
                            [--history-records 1000] [--repeat 3] [--no-check-jsonschema] [--no-search]

Each benchmark writes synthetic fact bases of the given sizes into temporary folders and prints the
best of --repeat runs (other processes only ever make a run slower), as ratios against a baseline
measured in the same session.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys

from ..cli import parse_or_exit_code
from . import history, site, validation

PARTS = ("validation", "site", "history")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace | int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.bench", description="Benchmark validation, the site build, search and the history."
    )
    parser.add_argument("--only", choices=PARTS, help="run one benchmark (default: all)")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 10000], help="record counts (default: 1000 10000)"
    )
    parser.add_argument(
        "--commits", type=int, nargs="+", default=[300, 600], help="commits of the synthetic history (default: 300 600)"
    )
    parser.add_argument(
        "--history-records", type=int, default=1000, help="records of the history benchmark (default: 1000)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the best counts (default: 3)")
    parser.add_argument(
        "--no-check-jsonschema", dest="check_jsonschema", action="store_false", help="skip the slow comparison"
    )
    parser.add_argument(
        "--no-search",
        dest="search",
        action="store_false",
        help="skip the search comparison in Chromium (Pagefind against Material's search)",
    )
    return parse_or_exit_code(parser, argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if isinstance(arguments, int):
        return arguments
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}; best of {arguments.repeat}"
    )
    if arguments.only in (None, "validation"):
        validation.run(arguments.sizes, arguments.repeat, arguments.check_jsonschema)
    if arguments.only in (None, "site"):
        site.run(arguments.sizes, arguments.repeat, arguments.search)
    if arguments.only in (None, "history"):
        history.run(arguments.history_records, arguments.commits, arguments.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
