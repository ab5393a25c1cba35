"""Render: the validated, linked fact base as Markdown pages, with no file access.

Takes an Index and Settings; gives {page path relative to docs/generated/: Markdown text}. Paths
starting with `_fragments/` are pieces the hand-written docs/index.md includes; they are not pages.
"""

from __future__ import annotations

from typing import Iterable

from ..link import Index
from ..load import Record
from .common import INDEX_PAGES, TYPE_ORDER, Settings, record_page
from .indexes import DISPUTED_PAGE, render_counts, render_disputed, render_latest, render_type_index
from .overview import PAGE as GRAPH_PAGE, render_graph
from .record import render_record_page
from .timeline import PAGE as TIMELINE_PAGE, render_timeline

FRAGMENTS = "_fragments"

__all__ = ["Settings", "render_overview_pages", "render_record_pages", "render_site"]


def render_site(index: Index, settings: Settings) -> dict[str, str]:
    """Every generated page and fragment, keyed by path, in sorted order."""
    pages = {**render_record_pages(index, settings, index.records.values()), **render_overview_pages(index)}
    return dict(sorted(pages.items()))


def render_record_pages(index: Index, settings: Settings, records: Iterable[Record]) -> dict[str, str]:
    """The pages of the given records: the bulk of the work, which generate may share out."""
    return {record_page(r): render_record_page(index, r, settings) for r in records}


def render_overview_pages(index: Index) -> dict[str, str]:
    """The index pages, timeline, graph, disputed page and the home page's fragments."""
    pages = {INDEX_PAGES[t]: render_type_index(index, t) for t in TYPE_ORDER}
    pages[TIMELINE_PAGE] = render_timeline(index)
    pages[GRAPH_PAGE] = render_graph(index)
    pages[DISPUTED_PAGE] = render_disputed(index)
    pages[f"{FRAGMENTS}/counts.md"] = render_counts(index)
    pages[f"{FRAGMENTS}/latest.md"] = render_latest(index)
    return pages
