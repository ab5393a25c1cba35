"""Source pages: what a source says, so a fact-checker can audit one document in one place.

Takes the Index and a source record; gives the section of its page that lists, grouped by record,
every fact, role, position and statement drawn from it: our text, its status, and the words quoted
from the source. Quotes citing a source known only through this one (an interview this article
reports) are its words too, and are listed with the name of the source they are credited to.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..addresses import record_page
from ..link import Index
from ..model import Record, iter_citations, record_name
from .common import badge, record_link
from .escape import markdown_text

# What a citation at each place in a record supports, in words.
KINDS = {"citations": "The record's facts", "roles": "Role", "positions": "Position", "statements": "Statement"}


def drawn_from(index: Index, source: Record) -> dict[str, list[tuple[str, Mapping[str, Any], Mapping[str, Any]]]]:
    """{record id: [(kind, the cited item, the citation)]} for every citation of this source or of
    a source known only through it, in record-name order and then in the record's own order."""
    # Sources known through this one refer to it (cited_through), so its backlinks name them: the
    # page costs what the source is cited for, not a pass over the whole fact base.
    through = {r.referrer for r in index.backlinks.get(source.id, ()) if r.field.startswith("cited_through.")}
    credited = {source.id} | through
    citing = sorted({record_id for s in credited for record_id in index.citing.get(s, ())})
    found: dict[str, list[tuple[str, Mapping[str, Any], Mapping[str, Any]]]] = {}
    for record in (index.records[i] for i in citing):
        for field_path, citation in iter_citations(record.data):
            if citation.get("source") in credited:
                kind, item = cited_item(record, field_path)
                found.setdefault(record.id, []).append((kind, item, citation))
    order = sorted(found, key=lambda i: (record_name(index.records[i]).lower(), i))
    return {record_id: found[record_id] for record_id in order}


def cited_item(record: Record, field_path: str) -> tuple[str, Mapping[str, Any]]:
    """The part of a record a citation at this path supports: the record itself, or one role, position or statement."""
    parts = field_path.split(".")
    if parts[0] in ("roles", "positions", "statements") and len(parts) > 3:
        return parts[0], record.data[parts[0]][int(parts[1])]
    return "citations", record.data


def item_text(index: Index, kind: str, item: Mapping[str, Any], here: str) -> str:
    """Our words for the cited item: a statement's or position's text with its status, a role's title."""
    if kind == "statements" or kind == "positions":
        return f"{badge(item['status'], here)} {markdown_text(item['text'])}"
    if kind == "roles":
        organization = f", {record_link(index, here, item['organization'])}" if item.get("organization") else ""
        return markdown_text(item["title"]) + organization
    summary = item.get("summary")
    return markdown_text(summary) if isinstance(summary, str) else "its name and key facts"


def lines_of(
    index: Index, source: Record, entries: Sequence[tuple[str, Mapping[str, Any], Mapping[str, Any]]], here: str
) -> Iterator[str]:
    """One line per cited item, with every passage of this source that it cites: a statement backed
    by three passages is read once, not three times."""
    items: dict[tuple[str, int], tuple[str, Mapping[str, Any], list[Mapping[str, Any]]]] = {}
    for kind, item, citation in entries:
        items.setdefault((kind, id(item)), (kind, item, []))[2].append(citation)
    for kind, item, citations in items.values():
        quotes = "; ".join(quoted(index, source, citation, here) for citation in citations)
        yield f"    - {KINDS[kind]}: {item_text(index, kind, item, here)} — quoted: {quotes}"


def quoted(index: Index, source: Record, citation: Mapping[str, Any], here: str) -> str:
    """A quoted passage, followed by the source it is credited to when that is not this one."""
    credit = "" if citation["source"] == source.id else f" (credited to {record_link(index, here, citation['source'])})"
    return f"“{markdown_text(citation['quote'])}”{credit}"


def source_section(index: Index, source: Record) -> str:
    """The section listing everything drawn from a source, or '' when nothing cites it."""
    here = record_page(source)
    found = drawn_from(index, source)
    if not found:
        return ""
    lines = [
        "## What this source says",
        "",
        "Every fact, role, position and statement drawn from this source, grouped by record, with our words, "
        "the status and the words quoted from the source.",
        "",
    ]
    for record_id, entries in found.items():
        lines.append(f"- {record_link(index, here, record_id)}")
        lines.extend(lines_of(index, source, entries, here))
    return "\n".join(lines) + "\n"
