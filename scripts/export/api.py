"""API: the fact base as JSON, one file per record and one holding every record.

Takes the Index and the Publication; gives api/records.json and api/<type>/<id>.json: each record's
data as written, with its id, type, name, file, page URL, last change of facts, its history (what
each commit changed in it, newest first; null when the build has no history) and every reference
and backlink resolved to the other record's id, type, name and URL. Keys are sorted and the JSON compact.
"""

from __future__ import annotations

import json
from typing import Any

from ..addresses import API_FOLDER, RECORDS_DATA, record_data
from ..link import Change, Index, Reference
from ..load import Publication
from ..model import Record, record_name, utc_time
from ..render.history import change_text

FORMAT_VERSION = "2.1"


def link_entry(index: Index, publication: Publication, record_id: str, field: str) -> dict[str, str]:
    """One end of a reference, resolved: the other record's id, type, name and page URL."""
    other = index.records[record_id]
    return {
        "field": field,
        "id": other.id,
        "type": other.type,
        "name": record_name(other),
        "url": publication.record_url(other),
    }


def record_document(index: Index, publication: Publication, record: Record) -> dict[str, Any]:
    """A record's data as written, with what the index and git know about it."""
    outgoing: tuple[Reference, ...] = index.outgoing.get(record.id, ())
    incoming: tuple[Reference, ...] = index.backlinks.get(record.id, ())
    return {
        "format_version": FORMAT_VERSION,
        "id": record.id,
        "type": record.type,
        "name": record_name(record),
        "path": record.path,
        "url": publication.record_url(record),
        "last_changed": index.last_changed(record),
        "history": history_document(index, publication, record),
        "data": record.data,
        "references": [link_entry(index, publication, r.target, r.field) for r in outgoing],
        "backlinks": [link_entry(index, publication, r.referrer, r.field) for r in incoming],
    }


def history_document(index: Index, publication: Publication, record: Record) -> list[dict[str, Any]] | None:
    """The record's changes of facts, newest first; None when the build has no history."""
    if not index.history.available:
        return None
    return [
        {
            "commit": entry.commit,
            "commit_url": publication.commit_url(entry.commit) or None,
            "date": entry.date,
            "time": utc_time(entry.time),
            "id": entry.id,
            "name": entry.name,
            "action": entry.action,
            "changes": [change_document(change) for change in entry.changes],
        }
        for entry in index.history.of(record.id)
    ]


def change_document(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "field": change.field,
        "old": change.old,
        "new": change.new,
        "part": change.part,
        "text": change_text(change),
    }


def to_json(value: Any) -> str:
    """Sorted, compact JSON text: indenting would make json use its pure-Python encoder, which took
    most of the export time (browsers and `python -m json.tool` lay it out for reading)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def records_document(index: Index, publication: Publication, documents: list[dict[str, Any]]) -> dict[str, Any]:
    """Every record document in id order, with the format and dataset versions."""
    return {
        "format_version": FORMAT_VERSION,
        "dataset_version": publication.history.version,
        "history_available": index.history.available,
        "history_unavailable": index.history.unavailable,
        "site": publication.site_url,
        "record_count": len(documents),
        "records": documents,
    }


def records_json(index: Index, publication: Publication, texts: list[str]) -> str:
    """records.json from the records' own JSON texts: the bytes to_json gives for the whole document
    (compact JSON nests by plain concatenation), without encoding every record a second time."""
    frame = records_document(index, publication, [])
    frame["record_count"] = len(texts)
    records = '"records":[' + ",".join(text.rstrip("\n") for text in texts) + "]"
    return to_json(frame).replace('"records":[]', records, 1)


def renamed_document(publication: Publication, record: Record, old: str) -> dict[str, Any]:
    """What the JSON address of a previous id answers: the id the record has now, and its addresses."""
    return {
        "format_version": FORMAT_VERSION,
        "id": old,
        "renamed_to": record.id,
        "type": record.type,
        "url": publication.record_url(record),
        "data": publication.url(record_data(record)),
    }


def export_json(index: Index, publication: Publication) -> dict[str, str]:
    """Every record's JSON file, records.json, and the JSON left at each previous id, keyed by path."""
    documents = [(record, record_document(index, publication, record)) for record in index.records.values()]
    texts = [to_json(document) for _, document in documents]
    files = {record_data(record): text for (record, _), text in zip(documents, texts, strict=True)}
    files[RECORDS_DATA] = records_json(index, publication, texts)
    for record in index.records.values():
        previous: Any = record.data.get("previous_ids")
        for old in previous or ():
            files[f"{API_FOLDER}/{record.type}/{old}.json"] = to_json(renamed_document(publication, record, old))
    return files
