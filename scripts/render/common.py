"""Common pieces of every generated page: page paths, relative links, names, badges, footnotes.

Takes records and the Index; gives Markdown snippets. Page paths are relative to docs/generated/:
record pages live in one folder per type (`person/<id>.md`) that holds nothing else, and every other
generated page lives at the top, so no record id can shadow a generated page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from ..link import Index
from ..load import Record
from .dates import format_date
from .escape import front_matter_title, link, markdown_text, xml_text

TYPE_ORDER = ("event", "agreement", "person", "organization", "topic", "source")
TYPE_LABELS = {"event": "Event", "agreement": "Agreement or document", "person": "Person", "organization": "Organization", "topic": "Topic", "source": "Source"}
INDEX_PAGES = {"event": "events.md", "agreement": "agreements.md", "person": "people.md", "organization": "organizations.md", "topic": "topics.md", "source": "sources.md"}
INDEX_TITLES = {"event": "Events", "agreement": "Agreements and documents", "person": "People", "organization": "Organizations", "topic": "Topics", "source": "Sources"}
SETTLED_STATUSES = frozenset({"confirmed", "held", "announced"})
CLASS_SAFE = re.compile(r"[^a-z0-9-]")


@dataclass(frozen=True)
class Settings:
    """What pages need from the site configuration."""

    edit_base: str = ""
    api_folder: str = "api"


def record_page(record: Record) -> str:
    return f"{record.type}/{record.id}.md"


def relative(from_page: str, to_page: str) -> str:
    """The relative Markdown link from one generated page to another (both normalized paths).

    posixpath.relpath gives the same answer but resolves both against the working folder first,
    which was over a third of the rendering time in a profile of 1,000 records.
    """
    here, there = from_page.split("/")[:-1], to_page.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def built_url(from_page: str, to_page: str) -> str:
    """The relative URL of a built page (use_directory_urls is off), for raw HTML and SVG links."""
    return relative(from_page, to_page).removesuffix(".md") + ".html"


def record_name(record: Record) -> str:
    return str(record.data.get("name") or record.data.get("title") or record.id)


def record_link(index: Index, from_page: str, record_id: str, anchor: str = "") -> str:
    """A link to a record's page, or the escaped id if the record is not in the index."""
    record = index.records.get(record_id)
    if record is None:
        return markdown_text(record_id)
    target = relative(from_page, record_page(record)) + (f"#{anchor}" if anchor else "")
    return link(record_name(record), target)


def badge(status: str) -> str:
    """A status shown as a coloured label (colours in docs/stylesheets/factbase.css)."""
    css = CLASS_SAFE.sub("", str(status))
    return f'<span class="fb-status fb-status-{css}">{xml_text(status)}</span>'


def record_date(data: Mapping[str, Any], key: str = "date") -> str:
    value = data.get(key)
    return format_date(value, data.get("date_certainty") if key == "date" else None) if isinstance(value, str) else ""


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
        parts = [record_link(self.index, self.page, source_id)]
        if source.data.get("author"):
            parts.append("by " + markdown_text(source.data["author"]))
        if source.data.get("publisher"):
            parts.append(record_link(self.index, self.page, source.data["publisher"]))
        parts.append(markdown_text(publication_date(source.data)))
        through = [record_link(self.index, self.page, i) for i in source.data.get("cited_through", [])]
        return ", ".join(parts) + (", as reported by " + " and ".join(through) if through else "")

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


def page(title: str, body: list[str], notes: Notes | None = None, hide: tuple[str, ...] = ()) -> str:
    """A whole page: front matter, an escaped H1, the body blocks and the footnotes.

    `hide` names Material sidebars ("navigation", "toc") to leave out, giving a drawing more room.
    """
    hidden = "hide:\n" + "".join(f"- {sidebar}\n" for sidebar in hide) if hide else ""
    head = f"---\n{front_matter_title(title)}\n{hidden}---\n\n# {markdown_text(title)}\n"
    blocks = [head, *(block.strip("\n") + "\n" for block in body if block)]
    if notes and notes.lines:
        blocks.append(notes.block())
    return "\n".join(blocks)


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table of already escaped cells."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
