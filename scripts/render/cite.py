"""Cite: how to cite one record, or the whole fact base, in every form reference managers read.

Takes the Publication and a record (or nothing, for the dataset); gives a `Work`, what is cited, and
from it: the plain-text citation and BibTeX entry of "Cite this", a RIS record and a CSL-JSON item
(the files reference managers import), and the Highwire Press and Dublin Core <meta> tags that
Zotero's, Mendeley's and EndNote's browser connectors read from a page's head. Every form names the
site, the record's type and id, the dataset version (the last commit of the fact files, or
"unversioned" outside git), the date the record's facts last changed when git knows it (not the
date of a commit that only reformatted its file), and the permanent
address, made by the one function Publication.record_url. The texts are plain: whoever places them
in a page or file escapes them for it (scripts/render/escape.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..link import Index
from ..load import Publication
from ..model import Record, one_line, record_name
from .escape import bibtex_text, plain_text

LANGUAGE = "en"


@dataclass(frozen=True)
class Work:
    """What a citation points at: a record of the fact base, or the fact base itself."""

    key: str
    title: str
    label: str
    url: str
    version: str
    changed: str | None
    publisher: str
    description: str = ""

    @property
    def authors(self) -> str:
        return f"{self.publisher} contributors"

    @property
    def version_text(self) -> str:
        changed = (
            f", {'record' if self.label != 'dataset' else 'facts'} last changed {self.changed}" if self.changed else ""
        )
        return f"dataset version {self.version}{changed}"


def record_work(index: Index, publication: Publication, record: Record) -> Work:
    """A record as cited: dated by its last change of facts (scripts/link/history.py)."""
    summary = record.data.get("summary")
    return Work(
        key=f"factbase-{record.id}",
        title=one_line(record_name(record)),
        label=f"{record.type} record {record.id}",
        url=publication.record_url(record),
        version=publication.history.version,
        changed=index.last_changed(record),
        publisher=publication.site_name,
        description=one_line(summary) if isinstance(summary, str) else "",
    )


def dataset_work(index: Index, publication: Publication) -> Work:
    """The fact base as a whole, at its current version, dated by its last change of facts."""
    last = index.history.last_change()
    return Work(
        key="factbase",
        title=publication.site_name,
        label="dataset",
        url=publication.site_url or "./",
        version=publication.history.version,
        changed=last.date if last else None,
        publisher=publication.site_name,
    )


def plain_citation(work: Work) -> str:
    """One line: “Name.” Site, type record id, dataset version …, last changed …. URL"""
    if work.label == "dataset":
        return f"{work.authors}. {work.title}, {work.version_text}. {work.url}"
    return f"“{work.title}.” {work.publisher}, {work.label}, {work.version_text}. {work.url}"


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def bibtex_citation(work: Work) -> str:
    """A @misc entry keyed by the work's key; `year` only when git dates it."""
    how = work.publisher if work.label == "dataset" else f"{work.publisher}, {work.label}"
    fields = [
        ("title", "{" + bibtex_text(work.title) + "}"),
        ("author", "{{" + bibtex_text(work.authors) + "}}"),
        ("howpublished", "{" + bibtex_text(how) + "}"),
        ("year", "{" + work.changed[:4] + "}" if work.changed else ""),
        ("url", "{" + work.url + "}"),
        ("note", "{" + bibtex_text(sentence(work.version_text)) + "}"),
    ]
    body = ",\n".join(f"  {name:<12} = {value}" for name, value in fields if value)
    return f"@misc{{{work.key},\n{body}\n}}"


def ris_citation(work: Work) -> str:
    """A RIS record (tag, two spaces, hyphen, space, value; CRLF line ends), as reference managers import."""
    tags = [
        ("TY", "DATA" if work.label == "dataset" else "ELEC"),
        ("ID", work.key),
        ("TI", work.title),
        ("AU", work.authors),
        ("PB", work.publisher),
        ("T2", work.publisher),
        ("PY", work.changed[:4] if work.changed else ""),
        ("DA", work.changed.replace("-", "/") if work.changed else ""),
        ("ET", f"dataset version {work.version}"),
        ("UR", work.url),
        ("AB", work.description),
        ("N1", f"{sentence(work.label)}; {work.version_text}."),
        ("LA", LANGUAGE),
    ]
    lines = [f"{tag}  - {plain_text(value)}" for tag, value in tags if value] + ["ER  - "]
    return "\r\n".join(lines) + "\r\n"


def csl_item(work: Work) -> dict[str, object]:
    """A CSL-JSON item (the Citation Style Language's data format, which Zotero and Pandoc read)."""
    item: dict[str, object] = {
        "id": work.key,
        "type": "dataset" if work.label == "dataset" else "entry",
        "title": work.title,
        "author": [{"literal": work.authors}],
        "publisher": work.publisher,
        "container-title": work.publisher,
        "version": work.version,
        "URL": work.url,
        "note": f"{sentence(work.label)}; {work.version_text}.",
        "language": LANGUAGE,
    }
    if work.changed:
        item["issued"] = {"date-parts": [[int(part) for part in work.changed.split("-")]]}
    if work.description:
        item["abstract"] = work.description
    return item


def csl_json(work: Work) -> str:
    """A CSL-JSON file: a list holding the one item, sorted and indented for reading."""
    return json.dumps([csl_item(work)], ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def meta_tags(work: Work) -> list[tuple[str, str]]:
    """Highwire Press and Dublin Core tags for the page's head: what browser connectors save."""
    tags = [
        ("citation_title", work.title),
        ("citation_author", work.authors),
        ("citation_publisher", work.publisher),
        ("citation_public_url", work.url),
        ("citation_abstract_html_url", work.url),
        ("citation_language", LANGUAGE),
        ("DC.title", work.title),
        ("DC.creator", work.authors),
        ("DC.publisher", work.publisher),
        ("DC.identifier", work.url),
        ("DC.type", "Dataset"),
        ("DC.language", LANGUAGE),
        ("DC.relation.ispartof", f"{work.publisher}, dataset version {work.version}"),
    ]
    if work.changed:
        tags += [
            ("citation_date", work.changed.replace("-", "/")),
            ("citation_publication_date", work.changed.replace("-", "/")),
            ("DC.date", work.changed),
        ]
    if work.description:
        tags.append(("DC.description", work.description))
    return tags
