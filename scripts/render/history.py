"""History in words: what a commit changed in a record, said as a reader would say it.

Takes the `HistoryEntry`s of the Index (scripts/link/history.py); gives plain sentences, one per
change ("Status of 'Twelve officials …': reported → unconfirmed", "Statement added: '…'", "Quote of
citation 2 corrected: …", "Renamed from us-treasury to us-treasury-department"), which the record
pages, the Atom feeds and the data files all use, so every output says the same; and a record
page's History section: newest first, each entry dated by its commit (UTC) and linked to the commit
on the repository's site, with a visible link to the record's own feed (on screen only). The sentences are plain
text: whoever places them in a page or file escapes them for it (scripts/render/escape.py).
"""

from __future__ import annotations

import json
from typing import Any

from ..addresses import record_feed, relative_link
from ..link import Change, FactHistory, HistoryEntry, Index
from ..link.history import PARTS, RECORD_ADDED, RECORD_MOVED, RECORD_REMOVED, RECORD_RENAMED
from ..load import Publication
from ..model import Record, format_date, one_line
from .common import screen_only
from .escape import external_link, markdown_text

SHORT = 60
VALUE_LIMIT = 100
ITEM_NAMES = {"statements": "Statement", "positions": "Position", "roles": "Role"}
COMMIT_LENGTH = 12
# Words kept on each side of what changed in a long text.
CONTEXT_WORDS = 4


def shorten(text: str, limit: int = SHORT) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + " …"


def value_text(value: Any) -> str:
    """A value in a sentence: a word or id as it is, longer text in quotes, anything else as JSON."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if value and " " not in value and len(value) <= SHORT else f"'{shorten(value, VALUE_LIMIT)}'"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value_text(v) for v in value)
    if isinstance(value, (int, float)):
        return str(value)
    return shorten(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")), VALUE_LIMIT)


def transition(old: Any, new: Any) -> str:
    """'old → new'; of two long texts, only the words that differ, with a few words around them."""
    if not (isinstance(old, str) and isinstance(new, str)) or max(len(old), len(new)) <= VALUE_LIMIT:
        return f"{value_text(old)} → {value_text(new)}"
    before, after = differing(one_line(old).split(" "), one_line(new).split(" "))
    return f"'{shorten(before, VALUE_LIMIT)}' → '{shorten(after, VALUE_LIMIT)}'"


def differing(old: list[str], new: list[str]) -> tuple[str, str]:
    """The words of two texts from a little before their first difference to a little after their last."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    first, last = max(0, start - CONTEXT_WORDS), max(0, end - CONTEXT_WORDS)
    head, tail = ("… " if first else ""), (" …" if last else "")

    def window(words: list[str]) -> str:
        return head + " ".join(words[first : len(words) - last]) + tail

    return window(old), window(new)


def label(names: list[str]) -> str:
    """Field names as words: ['date_note'] is 'Date note', ['figure', 'value'] 'Figure value'."""
    return " ".join(names).replace("_", " ").capitalize()


def change_text(change: Change) -> str:
    """One change as a sentence of plain text."""
    if change.kind == RECORD_ADDED:
        return "Record added"
    if change.kind == RECORD_REMOVED:
        return "Record removed"
    if change.kind == RECORD_RENAMED:
        return f"Renamed from {change.old} to {change.new}"
    if change.kind == RECORD_MOVED:
        return f"Type changed: {change.old} → {change.new}"
    parts = change.field.split(".")
    if len(parts) == 2 and parts[0] in PARTS and parts[1].isdigit() and change.kind in ("added", "removed"):
        return item_text(parts[0], change)
    in_item = len(parts) > 2 and parts[0] in PARTS and parts[1].isdigit()
    inside = parts[2:] if in_item else parts
    if change.kind.startswith("citation"):
        return citation_text(change, inside)
    if in_item and inside == ["text"] and change.kind == "changed":
        return f"{ITEM_NAMES[parts[0]]} re-worded: {transition(change.old, change.new)}"
    return field_text(change, inside)


def in_part(change: Change, word: str) -> str:
    """' of …', ' to …' or ' from …' the statement, position or role a field is in; '' at the top."""
    return f" {word} '{shorten(change.part)}'" if change.part else ""


def item_text(list_name: str, change: Change) -> str:
    """A statement, position or role added or removed, named by its text."""
    item = change.new if change.kind == "added" else change.old
    text = item.get("text") or item.get("title") or item.get("id") if isinstance(item, dict) else item
    return f"{ITEM_NAMES[list_name]} {change.kind}: '{shorten(str(text), VALUE_LIMIT)}'"


def citation_number(inside: list[str]) -> str:
    """The 1-based number of the citation a path inside a record or an item points at."""
    position = inside.index("citations") + 1 if "citations" in inside else len(inside)
    return str(int(inside[position]) + 1) if position < len(inside) and inside[position].isdigit() else ""


def citation_text(change: Change, inside: list[str]) -> str:
    added = change.kind == "citation added"
    citation = change.new if added else change.old
    source, quote = (citation.get("source"), citation.get("quote")) if isinstance(citation, dict) else (citation, "")
    where = f"added{in_part(change, 'to')}" if added else f"removed{in_part(change, 'from')}"
    return f"Citation {citation_number(inside)} {where}: {source}, '{shorten(str(quote), VALUE_LIMIT)}'"


def field_text(change: Change, inside: list[str]) -> str:
    """A field changed, added, removed or reordered."""
    names = [name for name in inside if not name.isdigit()]
    if names[-1:] == ["quote"] and "citations" in names and change.kind == "changed":
        number = citation_number(inside)
        return f"Quote of citation {number}{in_part(change, 'of')} corrected: {transition(change.old, change.new)}"
    if names == ["withdrawn"] and change.kind == "added" and isinstance(change.new, dict):
        return f"Withdrawn on {change.new.get('date')}: {shorten(str(change.new.get('reason')), VALUE_LIMIT)}"
    name = label(names)
    if change.kind in ("changed", "status"):
        return f"{name}{in_part(change, 'of')}: {transition(change.old, change.new)}"
    if change.kind == "added":
        return f"{name} added{in_part(change, 'to')}: {value_text(change.new)}"
    if change.kind == "removed":
        return f"{name} removed{in_part(change, 'from')}: {value_text(change.old)}"
    return f"{name}{in_part(change, 'of')} {change.kind}"


def entry_texts(entry: HistoryEntry) -> list[str]:
    return [change_text(change) for change in entry.changes]


def unavailable_text(history: FactHistory) -> str:
    return f"History is not available in this build: {history.unavailable}, so when facts changed is not known."


def history_section(index: Index, publication: Publication, record: Record, here: str) -> str:
    """The record's History: its changes, newest first, each dated and linked, then its feed."""
    feed = f"Follow this record's changes: [Atom feed]({relative_link(here, record_feed(record))})."
    entries = index.history.of(record.id)
    if not index.history.available:
        lines = [markdown_text(unavailable_text(index.history))]
    elif not entries:
        lines = ["No committed change yet: this record is new since the last commit."]
    else:
        lines = ["What each commit changed in this record's facts, newest first:", ""]
        lines += [line for entry in entries for line in entry_lines(publication, entry)]
    # A list of commits to follow is for the screen: a printed fact sheet keeps only the date of the
    # last change, in "Cite this".
    return screen_only("\n".join(["## History", "", *lines, "", feed]))


def entry_lines(publication: Publication, entry: HistoryEntry) -> list[str]:
    commit = f"commit {entry.commit[:COMMIT_LENGTH]}"
    where = external_link(commit, publication.commit_url(entry.commit)) if publication.repo_url else commit
    head = f"- {format_date(entry.date)} ({where}):"
    return [head, *(f"    - {markdown_text(text)}" for text in entry_texts(entry))]
