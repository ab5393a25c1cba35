"""JSON-LD: a record as schema.org structured data, ready for a <script type="application/ld+json">.

Takes the Index, the Publication and a record; gives the schema.org object (Person, Organization,
Event, Legislation for laws, CreativeWork for other documents and sources, DefinedTerm for topics)
with the record page as `url`, related records as nested objects pointing at their pages, and
`citation` listing the sources the record cites; and the JSON text of it with `<`, `>`, `&` and the
two JavaScript line separators written as \\u escapes, so no fact text can end the script element.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from .link import Index
from .load import Record
from .model import iter_citations
from .publication import Publication
from .render.common import record_name
from .render.escape import safe_url

SCHEMA_TYPES = {"person": "Person", "organization": "Organization", "event": "Event", "agreement": "CreativeWork", "topic": "DefinedTerm", "source": "CreativeWork"}
SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
# schema.org property for each reference field of a type (fields not named here are left out).
RELATED = {
    "person": {"roles.*.organization": "affiliation"},
    "organization": {"parent": "parentOrganization"},
    "event": {"participants.*": "attendee", "part_of": "superEvent", "topics.*": "about"},
    "agreement": {"authors.*": "author", "parties.*": "sourceOrganization", "topics.*": "about"},
    "topic": {"related_topics.*": "isRelatedTo"},
    "source": {"publisher": "publisher"},
}
DATES = {"event": {"date": "startDate", "end_date": "endDate"}, "agreement": {"date": "datePublished"}, "source": {"date": "datePublished"}}


def schema_type(record: Record) -> str:
    if record.type == "agreement" and record.data.get("kind") == "law":
        return "Legislation"
    return SCHEMA_TYPES[record.type]


def thing(index: Index, publication: Publication, record_id: str) -> dict[str, Any]:
    """A short reference to another record: its type, name and page."""
    other = index.records[record_id]
    return {"@type": schema_type(other), "name": record_name(other), "url": publication.record_url(other)}


def record_jsonld(index: Index, publication: Publication, record: Record) -> dict[str, Any]:
    """The schema.org object describing one record."""
    data = record.data
    document: dict[str, Any] = {"@context": "https://schema.org", "@type": schema_type(record), "@id": publication.record_url(record),
                                "identifier": record.id, "name": record_name(record), "url": publication.record_url(record)}
    if data.get("summary"):
        document["description"] = data["summary"]
    if safe_url(data.get("url", "")):
        document["sameAs"] = data["url"]
    document.update({prop: data[key] for key, prop in DATES.get(record.type, {}).items() if data.get(key)})
    if record.type == "event" and data.get("place"):
        document["location"] = {"@type": "Place", "name": data["place"]}
    document.update(related(index, publication, record))
    cited = sorted({c["source"] for _, c in iter_citations(data) if c.get("source") in index.records})
    if cited:
        document["citation"] = [thing(index, publication, source) for source in cited]
    if publication.last_changed(record):
        document["dateModified"] = publication.last_changed(record)
    return document


def related(index: Index, publication: Publication, record: Record) -> dict[str, list[dict[str, Any]]]:
    """Referenced records under their schema.org property, each once, in id order."""
    wanted = RELATED.get(record.type, {})
    found: dict[str, set[str]] = {}
    for reference in index.outgoing.get(record.id, ()):
        pattern = ".".join("*" if part.isdigit() else part for part in reference.field.split("."))
        if pattern in wanted:
            found.setdefault(wanted[pattern], set()).add(reference.target)
    return {prop: [thing(index, publication, i) for i in sorted(ids)] for prop, ids in sorted(found.items())}


def script_json(value: Mapping[str, Any]) -> str:
    """JSON text safe inside <script type="application/ld+json">: sorted, compact, escaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # No replacement holds a character another replaces, so the order does not matter.
    for character, escape in SCRIPT_ESCAPES.items():
        text = text.replace(character, escape)
    return text
