"""Escape: the one place where text from fact files is made inert before it reaches any output.

Takes untrusted strings (names, summaries, statements, quotes, URLs); gives strings that Markdown,
HTML, SVG, XML, YAML front matter, a JSON script element, BibTeX, iCalendar and CSV show literally.
For Markdown, every character that Python-Markdown or a pymdown extension could read as syntax
(HTML tags and entities, links, images, emphasis, headings, list markers, table pipes, footnote
refs, attribute lists, admonitions, snippet lines, autolinked URLs) becomes a numeric character
reference, which Markdown passes through untouched and the browser shows as the character.
Whitespace runs collapse to one space, so no fact text can start a line of its own; only http(s)
URLs are ever emitted as links.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ..model import one_line

# '.' and ')' only matter after a leading number ("1. x" starts a list); see markdown_text.
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-!|~^=:&$@")
# A pattern, not str.translate: translate looks up every character and took twice as long.
MARKDOWN_SPECIAL_CHARACTER = re.compile("[" + re.escape("".join(sorted(MARKDOWN_SPECIAL))) + "]")
LEADING_NUMBER = re.compile(r"^([0-9]+)([.)])")
SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)
URL_SAFE_CHARACTERS = ":/?#@!$&+,;=%-._~"


def reference(character: str) -> str:
    return f"&#{ord(character)};"


def markdown_text(text: str) -> str:
    """Untrusted text as inline Markdown that renders to exactly that text, on one line."""
    escaped = MARKDOWN_SPECIAL_CHARACTER.sub(lambda m: reference(m.group()), one_line(text))
    if not escaped[:1].isdigit():
        return escaped
    return LEADING_NUMBER.sub(lambda m: m.group(1) + reference(m.group(2)), escaped)


def xml_text(text: str) -> str:
    """Untrusted text for an SVG or HTML text node or a quoted attribute value."""
    return html.escape(one_line(text), quote=True)


def safe_url(value: str) -> str | None:
    """An http(s) URL percent-encoded so it cannot end a Markdown link or an attribute; else None."""
    if not isinstance(value, str) or not SAFE_URL.match(value):
        return None
    return quote(value, safe=URL_SAFE_CHARACTERS)


def front_matter_title(text: str) -> str:
    """A YAML front matter line for a page title that themes print without escaping."""
    return "title: " + json.dumps(xml_text(text), ensure_ascii=False)


def link(text: str, target: str) -> str:
    """A Markdown link with escaped text to a target we built ourselves (a page path)."""
    return f"[{markdown_text(text)}]({target})"


def external_link(text: str, url: str) -> str:
    """A Markdown link to an http(s) URL, or the escaped text alone when the URL is not http(s)."""
    safe = safe_url(url)
    return f"[{markdown_text(text)}]({safe})" if safe else markdown_text(text)


# -- data formats ---------------------------------------------------------------------------------

# Characters XML 1.0 and iCalendar TEXT cannot carry at all; they are dropped, not escaped.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# Backslashes, then quotes, are escaped by str.replace (JSON-LD is full of quotes), everything
# outside printable ASCII by the pattern.
NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
BIBTEX_SPECIAL = str.maketrans(
    {
        "\\": "\\textbackslash{}",
        "{": "\\{",
        "}": "\\}",
        "%": "\\%",
        "&": "\\&",
        "$": "\\$",
        "#": "\\#",
        "_": "\\_",
        "^": "\\textasciicircum{}",
        "~": "\\textasciitilde{}",
    }
)
# Spreadsheets run a cell starting with one of these as a formula; a leading ' keeps it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain_text(text: Any) -> str:
    """Text on one line without characters XML or iCalendar cannot hold (XML escaping is the writer's)."""
    return one_line(NOT_IN_XML.sub("", str(text)))


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar of pure ASCII that reads back as exactly text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + NOT_PRINTABLE_ASCII.sub(unicode_escape, escaped) + '"'


def unicode_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def script_json(value: Mapping[str, Any]) -> str:
    """JSON text safe inside <script type="application/ld+json">: sorted, compact, escaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # No replacement holds a character another replaces, so the order does not matter.
    for character, escape in SCRIPT_ESCAPES.items():
        text = text.replace(character, escape)
    return text


def bibtex_text(text: str) -> str:
    """Text for a braced BibTeX field: LaTeX specials escaped, on one line."""
    return one_line(text).translate(BIBTEX_SPECIAL)


def ical_text(text: str) -> str:
    """Text escaped for an iCalendar TEXT value (RFC 5545 3.3.11), on one line."""
    return plain_text(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


def csv_cell(value: Any) -> str:
    """A cell value that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
