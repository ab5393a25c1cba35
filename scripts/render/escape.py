"""Escape: the one place where text from fact files is made inert before it reaches a page.

Takes untrusted strings (names, summaries, statements, quotes, URLs); gives strings that Markdown,
HTML and SVG show literally. Every character that Python-Markdown or a pymdown extension could read
as syntax (HTML tags and entities, links, images, emphasis, headings, list markers, table pipes,
footnote refs, attribute lists, admonitions, snippet lines, autolinked URLs) becomes a numeric
character reference, which Markdown passes through untouched and the browser shows as the character.
Whitespace runs collapse to one space, so no fact text can start a line of its own.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

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
    # str.split() splits on exactly the characters re's \s matches, and is several times faster.
    escaped = MARKDOWN_SPECIAL_CHARACTER.sub(lambda m: reference(m.group()), " ".join(str(text).split()))
    if not escaped[:1].isdigit():
        return escaped
    return LEADING_NUMBER.sub(lambda m: m.group(1) + reference(m.group(2)), escaped)


def xml_text(text: str) -> str:
    """Untrusted text for an SVG or HTML text node or a quoted attribute value."""
    return html.escape(" ".join(str(text).split()), quote=True)


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
