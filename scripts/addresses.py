"""Addresses: where every generated file lives and the URL the public reaches it at, said once.

Generated paths are relative to docs/generated/ (a page is `<path>.md` there and `<path>.html` in
the built site, as use_directory_urls is off so the site also opens from the file system). Record
pages live in one folder per type that holds nothing else, data under api/, feeds under feeds/;
every other generated page lives at the top, so no record id can shadow a generated page.
docs/data.md is the public statement of these addresses.
"""

from __future__ import annotations

from .model import Record

# The folder of docs/ that the generator owns, and so the prefix of every generated page's URL.
GENERATED_URL = "generated/"
API_FOLDER = "api"
FEEDS_FOLDER = "feeds"
FRAGMENTS_FOLDER = "_fragments"
RECORDS_DATA = f"{API_FOLDER}/records.json"


def record_page(record: Record) -> str:
    """The generated Markdown page of a record."""
    return f"{record.type}/{record.id}.md"


def record_data(record: Record) -> str:
    """The generated JSON file of a record."""
    return f"{API_FOLDER}/{record.type}/{record.id}.json"


def built_path(generated_path: str) -> str:
    """The path a generated file has in the built site: a Markdown page becomes its .html."""
    return generated_path.removesuffix(".md") + ".html" if generated_path.endswith(".md") else generated_path


def public_url(site_url: str, generated_path: str) -> str:
    """The public URL of a generated file, given the site's address ('' for a relative one)."""
    return f"{site_url}{GENERATED_URL}{built_path(generated_path)}"


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
