"""Export: the fact base as data files, from the Index and the Publication, with no file access.

Takes the Index and the Publication (site address, git history); gives {path relative to
docs/generated/: text or bytes}:

    api/records.json          every record, with resolved references and backlinks
    api/<type>/<id>.json      one record, same shape as in records.json
    api/csv/<type>.csv        one table per type (columns in scripts/export_tables.py)
    api/factbase.sqlite       tables per type, records, statements, citations, links
    feeds/changes.atom        new, changed and removed records, from git history
    feeds/events.ics          dated events and agreements as all-day calendar entries

Keys are sorted and nothing depends on the clock, so the same facts and history give the same bytes.
FORMAT_VERSION names the shape of these files; docs/changelog-format.md records every change to it.
"""

from __future__ import annotations

import json
from typing import Any

from .export_sqlite import export_sqlite
from .export_tables import export_csv
from .feeds import CALENDAR_PATH, FEED_PATH, render_calendar, render_feed
from .link import Index, Reference
from .load import Record
from .publication import Publication
from .render.common import record_name

FORMAT_VERSION = "1.0"
API_FOLDER = "api"
RECORDS_PATH = f"{API_FOLDER}/records.json"
SQLITE_PATH = f"{API_FOLDER}/factbase.sqlite"


def link_entry(index: Index, publication: Publication, record_id: str, field: str) -> dict[str, str]:
    """One end of a reference, resolved: the other record's id, type, name and page URL."""
    other = index.records[record_id]
    return {"field": field, "id": other.id, "type": other.type, "name": record_name(other), "url": publication.record_url(other)}


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
        "last_changed": publication.last_changed(record),
        "data": record.data,
        "references": [link_entry(index, publication, r.target, r.field) for r in outgoing],
        "backlinks": [link_entry(index, publication, r.source, r.field) for r in incoming],
    }


def to_json(value: Any) -> str:
    """Sorted, compact JSON text: indenting would make json use its pure-Python encoder, which took
    most of the export time (browsers and `python -m json.tool` lay it out for reading)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def records_document(publication: Publication, documents: list[dict[str, Any]]) -> dict[str, Any]:
    """Every record document in id order, with the format and dataset versions."""
    return {
        "format_version": FORMAT_VERSION,
        "dataset_version": publication.history.version,
        "site": publication.site_url,
        "record_count": len(documents),
        "records": documents,
    }


def records_json(publication: Publication, texts: list[str]) -> str:
    """records.json from the records' own JSON texts: the bytes to_json gives for the whole document
    (compact JSON nests by plain concatenation), without encoding every record a second time."""
    frame = records_document(publication, [])
    frame["record_count"] = len(texts)
    records = '"records":[' + ",".join(text.rstrip("\n") for text in texts) + "]"
    return to_json(frame).replace('"records":[]', records, 1)


def export_files(index: Index, publication: Publication) -> dict[str, str | bytes]:
    """Every data file under docs/generated/, in sorted path order."""
    documents = [record_document(index, publication, r) for r in index.records.values()]
    texts = [to_json(d) for d in documents]
    files: dict[str, str | bytes] = {f"{API_FOLDER}/{d['type']}/{d['id']}.json": text for d, text in zip(documents, texts)}
    files[RECORDS_PATH] = records_json(publication, texts)
    files.update({f"{API_FOLDER}/csv/{name}": text for name, text in export_csv(index, publication).items()})
    files[SQLITE_PATH] = export_sqlite(index, publication, FORMAT_VERSION)
    files[FEED_PATH] = render_feed(index, publication)
    files[CALENDAR_PATH] = render_calendar(index, publication)
    return dict(sorted(files.items()))
