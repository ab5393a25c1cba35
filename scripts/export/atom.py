"""Atom: the feed of fact changes (RFC 4287).

Takes the Index and the Publication; gives feeds/changes.atom: one entry per fact file added, changed
or removed by a commit, newest first, at most FEED_LIMIT entries, dated by the commit (a feed with no
entries outside git). It never reads the clock, so the same facts and history give the same bytes.
"""

from __future__ import annotations

import uuid
from xml.sax.saxutils import escape, quoteattr

from ..addresses import FEEDS_FOLDER
from ..link import Index
from ..load import Publication
from ..load.git import FileChange
from ..model import Record, record_name, utc_time
from ..render.escape import plain_text

FEED_PATH = f"{FEEDS_FOLDER}/changes.atom"
FEED_LIMIT = 200
EPOCH = "1970-01-01T00:00:00Z"
ACTIONS = {"added": "Added", "changed": "Changed", "removed": "Removed"}


def render_feed(index: Index, publication: Publication) -> str:
    """The Atom feed (RFC 4287) of fact changes."""
    by_path = {r.path: r for r in index.records.values()}
    changes = publication.history.changes[:FEED_LIMIT]
    self_url = publication.url(FEED_PATH)
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(publication.site_name)}: fact changes</title>",
        f"  <id>{escape(feed_id(publication))}</id>",
        f"  <updated>{utc_time(changes[0].time) if changes else EPOCH}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(self_url)}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(publication.site_url or "./")}/>',
        f"  <author><name>{escape(publication.site_name)} contributors</name></author>",
    ]
    entries = [line for change in changes for line in feed_entry(change, by_path.get(change.path), publication)]
    return "\n".join([*head, *entries, "</feed>"]) + "\n"


def feed_id(publication: Publication) -> str:
    return (
        publication.url(FEED_PATH)
        if publication.site_url
        else "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, FEED_PATH))
    )


def feed_entry(change: FileChange, record: Record | None, publication: Publication) -> list[str]:
    """One entry; a removed record (or one gone since) is named by its file and links to the site."""
    name = (
        f"{plain_text(record_name(record))} ({record.type})"
        if record and change.status != "removed"
        else plain_text(change.path)
    )
    link = publication.record_url(record) if record and change.status != "removed" else publication.site_url or "./"
    summary = f"{ACTIONS[change.status]} {plain_text(change.path)} in commit {change.commit[:12]}."
    return [
        "  <entry>",
        f"    <title>{escape(ACTIONS[change.status] + ': ' + name)}</title>",
        f"    <id>urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, change.commit + '/' + change.path)}</id>",
        f"    <updated>{utc_time(change.time)}</updated>",
        f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
        f"    <summary>{escape(summary)}</summary>",
        "  </entry>",
    ]


def export_feed(index: Index, publication: Publication) -> dict[str, str]:
    return {FEED_PATH: render_feed(index, publication)}
