"""Export: the fact base as data files, from the Index and the Publication, with no file access.

Takes the Index (with the history of the facts) and the Publication (site address, dataset version);
gives {path relative to docs/generated/: text or bytes}, one module per format:

    api/records.json          every record, with references, backlinks and history   (api.py)
    api/<type>/<id>.json      one record, same shape as in records.json                (api.py)
    api/<type>/<id>.ris …     one record to cite: RIS, CSL-JSON, BibTeX; also api/factbase.*  (citations.py)
    api/csv/<type>.csv        one table per type                                       (tables.py)
    api/factbase.sqlite       tables per type, records, statements, citations, links,
                              history                                                  (sqlite.py)
    feeds/changes.atom        what each commit changed in the facts, record by record  (atom.py)
    feeds/<type>/<id>.atom    the same for one record                                  (atom.py)
    feeds/events.ics          dated events as all-day calendar entries                 (ical.py)

Keys are sorted and nothing depends on the clock, so the same facts and history give the same bytes.
FORMAT_VERSION names the shape of these files; docs/changelog-format.md records every change to it.
"""

from __future__ import annotations

from ..link import Index
from ..load import Publication
from .api import FORMAT_VERSION, export_json
from .atom import export_feed
from .citations import export_citations
from .ical import export_calendar
from .sqlite import export_sqlite
from .tables import export_csv

__all__ = ["FORMAT_VERSION", "export_files"]
EXPORTERS = (export_json, export_citations, export_csv, export_sqlite, export_feed, export_calendar)


def export_files(index: Index, publication: Publication) -> dict[str, str | bytes]:
    """Every data file under docs/generated/, in sorted path order."""
    files: dict[str, str | bytes] = {}
    for export in EXPORTERS:
        files.update(export(index, publication))
    return dict(sorted(files.items()))
