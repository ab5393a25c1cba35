"""Render: the validated, linked fact base as Markdown pages, with no file access.

Takes an Index and Settings; gives {page path relative to docs/generated/: Markdown text}. Paths
starting with `_fragments/` are pieces the hand-written docs/index.md includes; they are not pages.
"""

from __future__ import annotations

from ..link import Index
from .common import INDEX_PAGES, TYPE_ORDER, Settings, record_page
from .indexes import DISPUTED_PAGE, render_counts, render_disputed, render_latest, render_type_index
from .overview import PAGE as GRAPH_PAGE, render_graph
from .record import render_record_page
from .timeline import PAGE as TIMELINE_PAGE, render_timeline

FRAGMENTS = "_fragments"

__all__ = ["Settings", "render_site"]


def render_site(index: Index, settings: Settings) -> dict[str, str]:
    """Every generated page and fragment, keyed by path, in sorted order."""
    pages = {record_page(r): render_record_page(index, r, settings) for r in index.records.values()}
    pages.update({INDEX_PAGES[t]: render_type_index(index, t) for t in TYPE_ORDER})
    pages[TIMELINE_PAGE] = render_timeline(index)
    pages[GRAPH_PAGE] = render_graph(index)
    pages[DISPUTED_PAGE] = render_disputed(index)
    pages[f"{FRAGMENTS}/counts.md"] = render_counts(index)
    pages[f"{FRAGMENTS}/latest.md"] = render_latest(index)
    return dict(sorted(pages.items()))
