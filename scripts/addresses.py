"""Addresses: where every generated file lives and the URL the public reaches it at, said once.

The site's pages are assembled in docs/generated/, MkDocs' docs_dir: the hand-written pages of docs/
copied in, and every generated page and data file. Paths here are relative to that folder, and the
public URL of a file is the site's address plus that path, a Markdown page becoming its .html (with
use_directory_urls off, so the site also opens from the file system). So no address carries a build
detail:

    <type>/<id>.html            a record's page        (person/scott-bessent.html)
    <type-plural>.html          a type's index page    (people.html, events.html, sources.html)
    api/<type>/<id>.json        a record as JSON, with .ris and .csl.json beside it to cite it
    api/records.json            every record; api/csv/<type>.csv, api/factbase.sqlite
    feeds/changes.atom          the feed of fact changes; feeds/events.ics the calendar
    feeds/<type>/<id>.atom      the feed of one record's changes, linked from its page
docs/data.md states these addresses as a contract for the public.
"""

from __future__ import annotations

from .model import Record

# The hand-written pages (and the folder the site's pages are assembled in, inside it).
HAND_WRITTEN = "docs"
GENERATED = f"{HAND_WRITTEN}/generated"
API_FOLDER = "api"
FEEDS_FOLDER = "feeds"
FRAGMENTS_FOLDER = "_fragments"
RECORDS_DATA = f"{API_FOLDER}/records.json"
# Names at the top of the site that the theme, the search and the published schemas use: no record
# type's folder may take one of them (scripts/load/schemas.py refuses such a type).
RESERVED_FOLDERS = frozenset(
    {
        API_FOLDER,
        FEEDS_FOLDER,
        FRAGMENTS_FOLDER,
        "assets",
        "search",
        "schemas",
        "reference",
        "stylesheets",
        "javascripts",
        "overrides",
        "pagefind",
    }
)


def record_page(record: Record) -> str:
    """The generated Markdown page of a record."""
    return f"{record.type}/{record.id}.md"


def record_data(record: Record, suffix: str = ".json") -> str:
    """A generated data file of a record: its JSON, or another format beside it (.ris, .csl.json)."""
    return f"{API_FOLDER}/{record.type}/{record.id}{suffix}"


def record_feed(record: Record, record_id: str = "") -> str:
    """The Atom feed of a record's changes (at one of its previous ids, when given)."""
    return f"{FEEDS_FOLDER}/{record.type}/{record_id or record.id}.atom"


def built_path(generated_path: str) -> str:
    """The path a generated file has in the built site: a Markdown page becomes its .html."""
    return generated_path.removesuffix(".md") + ".html" if generated_path.endswith(".md") else generated_path


def public_url(site_url: str, generated_path: str) -> str:
    """The public URL of a generated file, given the site's address ('' for a relative one)."""
    return f"{site_url}{built_path(generated_path)}"


def relative_link(from_page: str, to_page: str) -> str:
    """The relative link from one generated page to another generated file (both normalized paths).

    posixpath.relpath gives the same answer but resolves both against the working folder first,
    which was over a third of the rendering time in a profile of 1,000 records.
    """
    here, there = from_page.split("/")[:-1], to_page.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def built_link(from_page: str, to_page: str) -> str:
    """The relative URL of a built page, for raw HTML and SVG links that MkDocs does not rewrite."""
    return built_path(relative_link(from_page, to_page))
