"""Render: the validated, linked fact base as Markdown pages, with no file access.

Takes the Index, the Publication and the schemas; gives {page path relative to docs/generated/:
Markdown text}: a page per record (scripts/render/record.py, with its JSON-LD and "Cite this"), an
index page per type, the timeline, the relationship graph, the disputed page, the record-type
reference pages, the search page and the two fragments the hand-written docs/index.md includes (under `_fragments/`,
not pages). Every fact text passes through scripts/render/escape.py on its way in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..addresses import FRAGMENTS_FOLDER, record_page
from ..link import Index
from ..load import Publication
from ..model import Record
from .graph_page import PAGE as GRAPH_PAGE
from .graph_page import render_graph
from .indexes import DISPUTED_PAGE, render_counts, render_disputed, render_latest, render_type_index
from .record import render_record_page
from .redirects import render_redirects
from .reference import render_reference_pages
from .search import SEARCH_PAGE, render_search_page
from .timeline import PAGE as TIMELINE_PAGE
from .timeline import render_timeline

__all__ = ["render_record_pages", "render_site_pages"]


def render_record_pages(index: Index, publication: Publication, records: Iterable[Record]) -> dict[str, str]:
    """The pages of the given records: the bulk of the work, which the writer may share out."""
    return {record_page(r): render_record_page(index, publication, r) for r in records}


def render_site_pages(
    index: Index, publication: Publication, schemas: Mapping[str, Mapping[str, Any]]
) -> dict[str, str]:
    """Every page but the record pages: index pages, timeline, graph, disputed, reference pages,
    fragments, and the redirects at renamed records' old addresses."""
    pages = {t.index_page: render_type_index(index, t.name) for t in index.types.values()}
    pages[TIMELINE_PAGE] = render_timeline(index)
    pages[GRAPH_PAGE] = render_graph(index)
    pages[DISPUTED_PAGE] = render_disputed(index)
    pages[SEARCH_PAGE] = render_search_page(index)
    pages[f"{FRAGMENTS_FOLDER}/counts.md"] = render_counts(index)
    pages[f"{FRAGMENTS_FOLDER}/latest.md"] = render_latest(index)
    pages.update(render_reference_pages(schemas, index.types, index.records.values()))
    pages.update(render_redirects(index, publication))
    return pages
