"""Export: the fact base as data files, from the Index, with no file access.

Takes the Index; gives {path relative to docs/generated/: file text}. For now one JSON document per
record at api/<type>/<id>.json: the record's fields as written, plus its backlinks. Keys are sorted
and nothing depends on the time, so the same facts give the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from .link import Index
from .load import Record

API_FOLDER = "api"


def record_document(index: Index, record: Record) -> dict[str, Any]:
    """A record's data with its type, source file and the records that refer to it."""
    backlinks = [{"id": r.source, "field": r.field} for r in index.backlinks.get(record.id, ())]
    return {"type": record.type, "path": record.path, "data": record.data, "backlinks": backlinks}


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def export_records(index: Index) -> dict[str, str]:
    """One JSON file per record, keyed by its path under docs/generated/."""
    return {f"{API_FOLDER}/{r.type}/{r.id}.json": to_json(record_document(index, r)) for r in index.records.values()}
