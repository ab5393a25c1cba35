"""Cite: how to cite one record, as plain text and as BibTeX.

Takes the Publication and a record; gives the two citations. Both name the site, the record's type
and id, the dataset version (the last commit of the fact files, or "unversioned" outside git), the
date the record last changed when git knows it, and the record page's URL. The texts are plain:
whoever places them in a page escapes them for that page.
"""

from __future__ import annotations

from ..load import Publication
from ..model import Record, one_line, record_name
from .escape import bibtex_text


def one_line_name(record: Record) -> str:
    return one_line(record_name(record))


def version_text(publication: Publication, record: Record) -> str:
    changed = publication.last_changed(record)
    return f"dataset version {publication.history.version}" + (f", record last changed {changed}" if changed else "")


def plain_citation(publication: Publication, record: Record) -> str:
    """One line: “Name.” Site, type record id, dataset version …, last changed …. URL"""
    return (
        f"“{one_line_name(record)}.” {publication.site_name}, {record.type} record {record.id}, "
        f"{version_text(publication, record)}. {publication.record_url(record)}"
    )


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def bibtex_citation(publication: Publication, record: Record) -> str:
    """A @misc entry keyed factbase-<id>; `year` only when git dates the record."""
    changed = publication.last_changed(record)
    fields = [
        ("title", "{" + bibtex_text(one_line_name(record)) + "}"),
        ("author", "{{" + bibtex_text(publication.site_name) + " contributors}}"),
        ("howpublished", "{" + bibtex_text(f"{publication.site_name}, {record.type} record {record.id}") + "}"),
        ("year", "{" + changed[:4] + "}" if changed else ""),
        ("url", "{" + publication.record_url(record) + "}"),
        ("note", "{" + bibtex_text(sentence(version_text(publication, record))) + "}"),
    ]
    body = ",\n".join(f"  {name:<12} = {value}" for name, value in fields if value)
    return f"@misc{{factbase-{record.id},\n{body}\n}}"
