"""Redirects: the pages left at the old addresses of a renamed record.

Takes the Index and the Publication; gives, for every id a record lists in `previous_ids`, the small
HTML page at `<type>/<old-id>.html` that sends a reader on to the record's page: a meta refresh, a
canonical link to the new address and a visible link, so it works with scripts off, offline and from
the file system. The page is plain HTML (MkDocs copies it as it is); every text in it is escaped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..addresses import built_link, record_page
from ..link import Index
from ..load import Publication
from ..model import Record, record_name
from .escape import xml_text


def previous_pages(record: Record) -> Iterator[tuple[str, str]]:
    """(old id, generated path of its redirect page) for each previous id of a record."""
    previous: Any = record.data.get("previous_ids")
    for old in previous or ():
        yield old, f"{record.type}/{old}.html"


def redirect_page(index: Index, publication: Publication, record: Record, old: str, here: str) -> str:
    target = xml_text(built_link(here, record_page(record)))
    canonical = xml_text(publication.record_url(record))
    name, kind = xml_text(record_name(record)), xml_text(index.type_of(record).label.lower())
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n<link rel="canonical" href="{canonical}">\n'
        f'<meta name="robots" content="noindex">\n<title>Moved: {name}</title>\n</head>\n<body>\n'
        f"<p>This {kind} record was renamed from <code>{xml_text(old)}</code>. It is now at "
        f'<a href="{target}">{name}</a>.</p>\n</body>\n</html>\n'
    )


def render_redirects(index: Index, publication: Publication) -> dict[str, str]:
    """The redirect page of every previous id, keyed by its generated path."""
    return {
        path: redirect_page(index, publication, record, old, path)
        for record in index.records.values()
        for old, path in previous_pages(record)
    }
