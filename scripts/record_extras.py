"""Record extras: what git and the site address add to each rendered record page.

Takes the rendered pages ({path: Markdown}, from scripts/render), the Index and the Publication;
gives the same pages with, on each record page, a `jsonld` front matter entry (the schema.org
JSON-LD that overrides/main.html prints into the page head) and a closing section with the date the
record last changed (from git) and "Cite this" in plain text and BibTeX. The renderers stay free of
git and site addresses; generate applies this step between rendering and writing.
"""

from __future__ import annotations

import re
from typing import Mapping

from .cite import bibtex_citation, plain_citation
from .jsonld import record_jsonld, script_json
from .link import Index
from .load import Record
from .publication import Publication
from .render.common import record_page
from .render.dates import format_date
from .render.escape import markdown_text

FRONT_MATTER = "---\n"
# Backslashes, then quotes, are escaped by str.replace (JSON-LD is full of quotes), everything
# outside printable ASCII by the pattern.
NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar of pure ASCII that reads back as exactly text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + NOT_PRINTABLE_ASCII.sub(unicode_escape, escaped) + '"'


def unicode_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def extras_section(publication: Publication, record: Record) -> str:
    """"Last changed" (when git knows it) and "Cite this" as Markdown."""
    change = publication.history.last.get(record.path)
    changed = publication.last_changed(record)
    lines = ["## Cite this", ""]
    if change and changed:
        lines += [f"Last changed on {format_date(changed)} (commit {change.commit[:12]}).", ""]
    lines += [markdown_text(plain_citation(publication, record)), "", "BibTeX:", ""]
    lines += ["    " + line for line in bibtex_citation(publication, record).splitlines()]
    return "\n".join(lines) + "\n"


def add_record_extras(pages: Mapping[str, str], index: Index, publication: Publication) -> dict[str, str]:
    """Every page, record pages with JSON-LD front matter and the closing section added."""
    extended = dict(pages)
    for record in index.records.values():
        path = record_page(record)
        text = pages.get(path)
        if text is None or not text.startswith(FRONT_MATTER):
            continue
        jsonld = "jsonld: " + yaml_quoted(script_json(record_jsonld(index, publication, record))) + "\n"
        extended[path] = FRONT_MATTER + jsonld + text[len(FRONT_MATTER):].rstrip("\n") + "\n\n" + extras_section(publication, record)
    return extended
