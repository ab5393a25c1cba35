"""Atom: the feeds of fact changes (RFC 4287), made from the history of the facts.

Takes the Index (with its FactHistory, scripts/link/history.py) and the Publication; gives
  - feeds/changes.atom: one entry per commit and record whose facts the commit changed, newest first,
    at most FEED_LIMIT entries;
  - feeds/<type>/<id>.atom: each record's own feed, the same entries for that record alone (also at
    each of its previous ids, so an old address keeps answering).
An entry is titled with what happened to the record (added, changed, renamed, removed) and its name,
dated by its commit, links to the record's page (the site's home page for a record that is gone) and
to the commit, and says in its content, one sentence per change, what changed
(scripts/render/history.py). A commit that changed no fact has no entry. Entry ids are derived from
the commit and the record's id at that commit, so they stay the same from build to build and across
later renames. Outside git or in a shallow clone the feeds have no entries. Nothing here reads the
clock, so the same facts and history give the same bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from ..addresses import FEEDS_FOLDER, record_feed
from ..link import HistoryEntry, Index
from ..load import Publication
from ..model import Record, record_name, utc_time
from ..render.escape import plain_text
from ..render.history import COMMIT_LENGTH, entry_texts

FEED_PATH = f"{FEEDS_FOLDER}/changes.atom"
FEED_LIMIT = 200
EPOCH = "1970-01-01T00:00:00Z"
ACTIONS = {"added": "Added", "changed": "Changed", "removed": "Removed", "renamed": "Renamed"}
XHTML = "http://www.w3.org/1999/xhtml"


def text(value: object) -> str:
    """Fact text as XML character data."""
    return escape(plain_text(value))


def feed_id(publication: Publication, path: str) -> str:
    """The feed's permanent id: its address, or a name-based UUID of its path without a site address."""
    return publication.url(path) if publication.site_url else "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, path))


def entry_id(entry: HistoryEntry) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{entry.commit}/{entry.type}/{entry.id}')}"


def render_atom(
    publication: Publication, path: str, title: str, page: str, entries: Iterable[HistoryEntry], index: Index
) -> str:
    """One Atom document: the feed's elements, then its entries."""
    shown = list(entries)[:FEED_LIMIT]
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{text(title)}</title>",
        f"  <id>{escape(feed_id(publication, path))}</id>",
        f"  <updated>{utc_time(shown[0].time) if shown else EPOCH}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(publication.url(path))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(page)}/>',
        f"  <author><name>{text(publication.site_name)} contributors</name></author>",
    ]
    lines = [line for entry in shown for line in feed_entry(index, publication, entry)]
    return "\n".join([*head, *lines, "</feed>"]) + "\n"


def feed_entry(index: Index, publication: Publication, entry: HistoryEntry) -> list[str]:
    """One record's changes in one commit; a record that is gone links to the site's home page."""
    record = index.records.get(entry.record_id)
    link = publication.record_url(record) if record else publication.site_url or "./"
    commit = f"commit {entry.commit[:COMMIT_LENGTH]}"
    commit_url = publication.commit_url(entry.commit)
    items = "".join(f"<li>{text(sentence)}</li>" for sentence in entry_texts(entry))
    where = f"<a href={quoteattr(commit_url)}>{commit}</a>" if commit_url else commit
    related = [f'    <link rel="related" type="text/html" href={quoteattr(commit_url)}/>'] if commit_url else []
    return [
        "  <entry>",
        f"    <title>{text(f'{ACTIONS[entry.action]}: {entry.name} ({entry.type})')}</title>",
        f"    <id>{entry_id(entry)}</id>",
        f"    <updated>{utc_time(entry.time)}</updated>",
        f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
        *related,
        f'    <content type="xhtml"><div xmlns="{XHTML}"><ul>{items}</ul><p>In {where}.</p></div></content>',
        "  </entry>",
    ]


def render_feed(index: Index, publication: Publication) -> str:
    """The site's feed (RFC 4287) of fact changes."""
    home = publication.site_url or "./"
    title = f"{publication.site_name}: fact changes"
    return render_atom(publication, FEED_PATH, title, home, index.history.entries, index)


def render_record_feed(index: Index, publication: Publication, record: Record, at_id: str = "") -> str:
    """A record's own feed, at its address or at one of its previous ids."""
    title = f"{publication.site_name}: {record_name(record)} ({record.type})"
    page = publication.record_url(record)
    return render_atom(publication, record_feed(record, at_id), title, page, index.history.of(record.id), index)


def export_feed(index: Index, publication: Publication) -> dict[str, str]:
    files = {FEED_PATH: render_feed(index, publication)}
    for record in index.records.values():
        files[record_feed(record)] = render_record_feed(index, publication, record)
        previous: object = record.data.get("previous_ids")
        for old in previous if isinstance(previous, list) else ():
            files[record_feed(record, old)] = render_record_feed(index, publication, record, old)
    return files
