"""Common pieces of every generated page: links to records, badges, footnotes, tables, the page frame.

Takes records and the Index; gives Markdown snippets (every fact text escaped by scripts/render/escape.py).
Where each page lives is scripts/addresses.py's business.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..addresses import built_link, record_page, relative_link
from ..link import Index
from ..load import Publication
from ..model import Record, record_date, record_name
from .escape import front_matter_title, link, markdown_text, xml_text

CLASS_SAFE = re.compile(r"[^a-z0-9-]")
# Python-Markdown's footnotes extension puts the footnotes where a paragraph of this text stands (its
# PLACE_MARKER, set in mkdocs.yml) instead of at the end of the page: a record page lists its sources
# before "Cite this", so a printed sheet ends with its citation. No escaped fact text can match it:
# scripts/render/escape.py writes '[' as a character reference, and the marker is looked for before
# those are read.
FOOTNOTES_HERE = "[fb-footnotes-here]"
# The hand-written page explaining each status (docs/statuses.md), which every badge links to.
STATUSES_PAGE = "statuses.md"


def record_link(index: Index, from_page: str, record_id: str, anchor: str = "") -> str:
    """A link to a record's page, or the escaped id if the record is not in the index."""
    record = index.records.get(record_id)
    if record is None:
        return markdown_text(record_id)
    target = relative_link(from_page, record_page(record)) + (f"#{anchor}" if anchor else "")
    return link(record_name(record), target)


def badge(status: str, here: str) -> str:
    """A status as a labelled link to its meaning on the statuses page; its colour (docs/stylesheets/
    factbase.css) only repeats what the word says, so no reader depends on the colour."""
    css = CLASS_SAFE.sub("", str(status))
    href = xml_text(built_link(here, STATUSES_PAGE) + f"#{css}")
    return f'<a class="fb-status fb-status-{css}" href="{href}">{xml_text(status)}</a>'


def credited(source: Mapping[str, Any], key: str, shown: str, prefix: str = "") -> str:
    """A source's publisher or author as a reader may rely on it: the name (after `prefix`, such as
    "by ") when the document presents itself as theirs, 'credited to …, unverified' when only its own
    credit line says so."""
    return f"credited to {shown}, unverified" if source.get(f"{key}_status") == "credited" else prefix + shown


def headline_warning(source: Mapping[str, Any]) -> str:
    """What follows a source's title wherever it is shown as a title: whether its headline overstates."""
    return " (its headline claims more than its text)" if source.get("headline_note") else ""


def kind_label(kind: str) -> str:
    """A kind as words: the schema's values are slugs ("news-article")."""
    return kind.replace("-", " ")


def publication_date(source: Mapping[str, Any], show: Callable[[Mapping[str, Any], str], str] = record_date) -> str:
    """The date a source was published, or as much as is known of it when the text is undated.

    `show` writes one date field: in words by default, or as ISO text for a column that sorts.
    """
    if source.get("date"):
        return show(source, "date")
    after, before = show(source, "not_before"), show(source, "not_after")
    if after and after == before:
        return f"undated, worked out as published on {after}"
    if after and before:
        return f"undated, published between {after} and {before}"
    if after or before:
        return f"undated, published on or {'after ' + after if after else 'before ' + before}"
    return "undated"


@dataclass
class Notes:
    """The footnotes of one page, numbered in the order they are first used."""

    index: Index
    page: str
    lines: list[str] = field(default_factory=list)
    # With a site address, each source's permanent address is written out for print (print.css).
    publication: Publication | None = None

    def cite(self, citations: list[Mapping[str, Any]]) -> str:
        """Footnote references for citations; their texts are kept for the end of the page."""
        refs = []
        for citation in citations:
            self.lines.append(f"[^{len(self.lines) + 1}]: {self.citation_text(citation)}")
            refs.append(f"[^{len(self.lines)}]")
        return "".join(refs)

    def citation_text(self, citation: Mapping[str, Any]) -> str:
        text = f"{self.source_text(citation['source'])}: “{markdown_text(citation['quote'])}”"
        return text + (f" ({markdown_text(citation['note'])})" if citation.get("note") else "")

    def source_text(self, source_id: str) -> str:
        """Title, author, publisher and date of a source; a cited-through source as 'X, as reported by Y'."""
        source = self.index.records.get(source_id)
        if source is None:
            return markdown_text(source_id)
        parts = [record_link(self.index, self.page, source_id) + headline_warning(source.data)]
        if source.data.get("author"):
            parts.append(credited(source.data, "author", markdown_text(source.data["author"]), prefix="by "))
        if source.data.get("publisher"):
            parts.append(
                credited(source.data, "publisher", record_link(self.index, self.page, source.data["publisher"]))
            )
        parts.append(markdown_text(publication_date(source.data)))
        through = [record_link(self.index, self.page, i) for i in source.data.get("cited_through", [])]
        reported = ", as reported by " + " and ".join(through) if through else ""
        return ", ".join(parts) + reported + self.address(source)

    def address(self, source: Record) -> str:
        """The source's permanent address, shown only in print, where its link cannot be followed."""
        if self.publication is None or not self.publication.site_url:
            return ""
        return f'<span class="fb-print-only"> ({markdown_text(self.publication.record_url(source))})</span>'

    def block(self) -> str:
        return "\n".join(self.lines) + "\n" if self.lines else ""


class InlineNotes(Notes):
    """Citations written out where they are used, for pages listing many statements.

    Python-Markdown's footnotes cost time in the square of a page's footnote count (each reference
    scans a list of all earlier ones), so a page that grows with the fact base cites inline.
    """

    def cite(self, citations: list[Mapping[str, Any]]) -> str:
        texts = [self.citation_text(citation) for citation in citations]
        label = "source" if len(texts) == 1 else "sources"
        return f' <span class="fb-cite">({label}: {"; ".join(texts)})</span>' if texts else ""


def page(
    title: str,
    body: list[str],
    notes: Notes | None = None,
    hide: tuple[str, ...] = (),
    meta: tuple[str, ...] = (),
    closing: tuple[str, ...] = (),
) -> str:
    """A whole page: front matter, an escaped H1, the body blocks, the footnotes, the closing blocks.

    `hide` names Material sidebars ("navigation", "toc") to leave out, giving a drawing more room;
    `meta` are front matter lines the templates read (already YAML-escaped).
    """
    hidden = "hide:\n" + "".join(f"- {sidebar}\n" for sidebar in hide) if hide else ""
    front = "".join(f"{line}\n" for line in (*meta, front_matter_title(title))) + hidden
    head = f"---\n{front}---\n\n# {markdown_text(title)}\n"
    blocks = [head, *(block.strip("\n") + "\n" for block in body if block)]
    if notes and notes.lines:
        blocks += [FOOTNOTES_HERE + "\n"] if closing else []
        blocks.append(notes.block())
    blocks += closing
    return "\n".join(blocks)


# What a printed fact sheet leaves off (docs/stylesheets/print.css): links to follow, files to import,
# a list of commits. SCREEN_ONLY marks the paragraph above it; screen_only wraps whole blocks.
SCREEN_ONLY = "{: .fb-screen-only }"


def screen_only(markdown: str) -> str:
    """Markdown for the screen only, in a block the print stylesheet leaves off a printed fact sheet."""
    return f'<div class="fb-screen-only" markdown="1">\n\n{markdown}\n\n</div>\n'


def unindexed(*blocks: str) -> str:
    """Blocks the search index leaves out (drawings, backlinks, citations, links: not what a page is
    about), wrapped together for Pagefind; nothing when every block is empty."""
    kept = [block.strip("\n") for block in blocks if block.strip()]
    if not kept:
        return ""
    inner = "\n\n".join(kept)
    return f'\n<div data-pagefind-ignore="all" markdown="1">\n\n{inner}\n\n</div>\n'


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table of already escaped cells."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
