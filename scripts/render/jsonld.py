"""JSON-LD: a record as schema.org structured data, for the <script type="application/ld+json"> in
its page's head.

Takes the Index, the Publication and a record; gives the schema.org object: the type its schema
names (`x-record-type.schema_org`, varied by kind where the schema says so: an agreement that is a
law is Legislation), the record page as `@id` and `url`, the fields each schema maps to schema.org
properties (`x-jsonld`: dates, and related records as nested objects pointing at their pages), and
`citation` listing the sources the record cites. scripts/render/escape.py's `script_json` makes the
text safe inside the script element.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..link import Index
from ..load import Publication
from ..model import Record, field_pattern, iter_citations, record_name
from .escape import safe_url


def schema_type(index: Index, record: Record) -> str:
    record_type = index.type_of(record)
    kind = record.data.get("kind")
    return (
        record_type.schema_org_by_kind.get(kind, record_type.schema_org)
        if isinstance(kind, str)
        else record_type.schema_org
    )


def thing(index: Index, publication: Publication, record_id: str) -> dict[str, Any]:
    """A short reference to another record: its type, name and page."""
    other = index.records[record_id]
    return {"@type": schema_type(index, other), "name": record_name(other), "url": publication.record_url(other)}


def record_jsonld(index: Index, publication: Publication, record: Record) -> dict[str, Any]:
    """The schema.org object describing one record."""
    data = record.data
    url = publication.record_url(record)
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": schema_type(index, record),
        "@id": url,
        "identifier": record.id,
        "name": record_name(record),
        "url": url,
    }
    if data.get("summary"):
        document["description"] = data["summary"]
    if safe_url(data.get("url", "")):
        document["sameAs"] = data["url"]
    document.update(dates(index, record))
    if data.get("place"):
        document["location"] = {"@type": "Place", "name": data["place"]}
    document.update(related(index, publication, record))
    cited = sorted({c["source"] for _, c in iter_citations(data) if c.get("source") in index.records})
    if cited:
        document["citation"] = [thing(index, publication, source) for source in cited]
    if index.last_changed(record):
        document["dateModified"] = index.last_changed(record)
    return document


def dates(index: Index, record: Record) -> Mapping[str, str]:
    """The record's top-level dates under the schema.org properties its schema maps them to."""
    wanted = index.type_of(record).jsonld
    return {
        wanted[key]: record.data[key]
        for key in index.type_of(record).date_fields
        if key in wanted and record.data.get(key)
    }


def related(index: Index, publication: Publication, record: Record) -> dict[str, list[dict[str, Any]]]:
    """Referenced records under their schema.org property, each once, in id order."""
    wanted = index.type_of(record).jsonld
    found: dict[str, set[str]] = {}
    for reference in index.outgoing.get(record.id, ()):
        pattern = field_pattern(reference.field)
        # A publisher known only from the text's own credit line is not asserted as its publisher.
        if pattern in wanted and record.data.get(f"{pattern}_status") != "credited":
            found.setdefault(wanted[pattern], set()).add(reference.target)
    return {prop: [thing(index, publication, i) for i in sorted(ids)] for prop, ids in sorted(found.items())}
