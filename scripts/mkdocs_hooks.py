"""MkDocs hooks for `make serve`: regenerate docs/generated/ when a fact file or a hand-written page changes.

Takes MkDocs events; gives a fresh docs/generated/ (MkDocs' docs_dir, where the site's pages are
assembled) and, in the served site, the search index and the published JSON Schemas (scripts.build
indexes and copies them after its own build). Only `mkdocs serve` does any of it: `make site` runs
scripts.generate itself before `mkdocs build`, and tools that run no hooks (Zensical) build from
what it wrote. Generation writes into docs/generated/, which `serve` watches, so each generation
triggers one more build; a fingerprint of facts/, seeds/ and the hand-written docs/ (names, sizes,
modification times) stops that build from generating again, which would loop forever.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ("facts", "seeds", "docs")
GENERATED = ROOT / "docs" / "generated"
# MkDocs calls hooks as module functions, so what one event learns for the next lives here.
state: dict[str, object] = {"command": None, "fingerprint": None}


def fingerprint() -> tuple[tuple[str, int, int], ...]:
    found = (p for folder in WATCHED for p in (ROOT / folder).rglob("*") if p.is_file())
    files = sorted(p for p in found if not p.is_relative_to(GENERATED) and ".generated-" not in p.as_posix())
    return tuple((p.relative_to(ROOT).as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def on_startup(command: str, dirty: bool) -> None:
    state["command"] = command


def on_pre_build(config: Mapping[str, Any]) -> None:
    """Regenerate before a serve build if facts/, seeds/ or the hand-written docs/ changed since the last generation."""
    if state["command"] != "serve":
        return
    current = fingerprint()
    if current == state["fingerprint"]:
        return
    state["fingerprint"] = current
    result = subprocess.run([sys.executable, "-m", "scripts.generate"], cwd=ROOT)
    if result.returncode != 0:
        print("mkdocs_hooks: generation failed (problems above); the pages show the last valid facts", file=sys.stderr)


def on_post_build(config: Mapping[str, Any]) -> None:
    """Index the served site for search and serve the JSON Schemas at their published addresses, as
    the built site does."""
    if state["command"] != "serve":
        return
    # Only under serve: test sites copy this file alone.
    from scripts.search import index_site
    from scripts.write import publish_schemas

    site = Path(config["site_dir"])
    indexed = index_site(site)
    if indexed.returncode != 0:
        print(f"mkdocs_hooks: indexing for search failed:\n{indexed.stdout}{indexed.stderr}", file=sys.stderr)
    publish_schemas(ROOT, site)


def on_serve(server: LiveReloadServer, config: Mapping[str, Any], builder: Callable[..., Any]) -> LiveReloadServer:
    """Also watch the fact folders and the hand-written pages, which lie outside docs_dir."""
    for folder in WATCHED:
        server.watch(str(ROOT / folder))
    return server
