"""Search: what the search index learns about each page beyond the words a reader sees on it, and the
search page.

Takes the Index and a record; gives the `search` front matter of its page, which
docs/overrides/partials/search-body.html prints as Pagefind data attributes after `mkdocs build`:
  - meta, shown with each result: the record's name (`title`) and short name (`aliases`), which
    weigh most in ranking, its type's label and its own status;
  - filters, the search page's facets: its type (the type's name, as in the address `type=person`),
    the statuses of the record and of its statements and positions, the sources it cites (by title)
    and the year of its date.
A withdrawn record says `search: false`, as does every other generated page: those that list
records (index pages, timeline, graph, disputed: each record is found on its own page), the
record-type reference (tables whose examples repeat records' names) and the search page. The
hand-written guides have no `search` key and are indexed as plain pages, the home page aside.
Also gives the search page itself (render_search_page).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..addresses import built_path
from ..link import Index
from ..model import Record, iter_citations, record_name
from .common import page
from .escape import yaml_quoted

NOT_INDEXED = "search: false"
# How much a word weighs in ranking, where a statement's word weighs 1 (Pagefind squares these: a
# summary word counts four times a statement word). Names weigh most through the meta weights the
# search page passes to Pagefind (docs/javascripts/search.js), and the H1 (Pagefind gives it 7).
SUMMARY_WEIGHT = 2
SEARCH_PAGE = "search.md"
SEARCH_INTRO = (
    "Search every record by its name, short name, summary and statements. Narrow the results by record "
    "type, status, source and year: the address of a search, its filters included, can be shared and "
    "bookmarked."
)


def search_front_matter(index: Index, record: Record) -> str:
    """The `search` front matter line of a record's page: `{meta: {...}, filters: {...}}`, every
    value an ASCII-quoted string, so the templates can print it as data attributes."""
    if record.id in index.withdrawn:
        return NOT_INDEXED
    data = record.data
    meta = {
        "title": record_name(record),
        "aliases": str(data.get("short_name") or ""),
        "type": index.type_of(record).label,
        "status": str(data.get("status") or ""),
    }
    filters = {
        "type": [record.type],
        "status": statuses(data),
        "source": cited_sources(index, data),
        "year": [data["date"][:4]] if isinstance(data.get("date"), str) else [],
    }
    shown = ", ".join(f"{key}: {yaml_quoted(value)}" for key, value in meta.items() if value)
    kept = ", ".join(f"{key}: {flow_list(values)}" for key, values in filters.items() if values)
    return f"search: {{meta: {{{shown}}}, filters: {{{kept}}}}}"


def weighted(paragraph: str) -> str:
    """A record's summary paragraph (one line of Markdown), weighted above its statements."""
    return f'{paragraph}\n{{: data-pagefind-weight="{SUMMARY_WEIGHT}" }}'


def flow_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(yaml_quoted(value) for value in values) + "]"


def statuses(data: Mapping[str, Any]) -> list[str]:
    """The record's own status and those of its statements and positions, each once, sorted."""
    found = {data["status"]} if data.get("status") else set()
    for key in ("statements", "positions"):
        found.update(item["status"] for item in data.get(key) or () if item.get("status"))
    return sorted(found)


def cited_sources(index: Index, data: Mapping[str, Any]) -> list[str]:
    """The titles of the sources the record's citations name, each once, sorted."""
    ids = {citation["source"] for _, citation in iter_citations(data) if citation.get("source") in index.records}
    return sorted({record_name(index.records[source_id]) for source_id in ids})


def render_search_page(index: Index) -> str:
    """The search page: the form and the results come from its template (docs/overrides/search.html),
    each record type's name, label and index page (in the types' order) from its front matter."""
    types = sorted(index.types.values(), key=lambda t: (t.order, t.name))
    labels = "search_types: [" + ", ".join(flow_list((t.name, t.plural, built_path(t.index_page))) for t in types) + "]"
    return page(
        "Search", [SEARCH_INTRO], hide=("navigation", "toc"), meta=("template: search.html", NOT_INDEXED, labels)
    )
