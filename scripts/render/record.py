"""Record pages: one Markdown page per record, from the Index and the Publication.

Takes the Index, the Publication and a record; gives the page text: its schema.org JSON-LD in the
front matter (printed into the head by docs/overrides/main.html), title and type, a key-facts table,
summary, roles or positions, statements with status badges and footnoted citations, conflicts side
by side, a neighbourhood drawing, backlinks, its history (scripts/render/history.py), links to edit
the YAML and to the JSON, and "Cite this".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..addresses import record_data, record_page, relative_link
from ..link import Index, Reference
from ..load import Publication
from ..model import SOURCE_TYPE, Record, StatementRef, format_date, record_date, record_name, statement_anchor
from .cite import bibtex_citation, meta_tags, plain_citation, record_work
from .common import SCREEN_ONLY, Notes, badge, credited, kind_label, page, record_link, screen_only, table, unindexed
from .drawing import neighbourhood_svg
from .escape import external_link, markdown_text, script_json, yaml_quoted
from .history import history_section
from .jsonld import record_jsonld
from .search import search_front_matter, weighted
from .source_page import source_section

FACT_FIELDS = (
    ("kind", "Kind"),
    ("status", "Status"),
    ("date", "Date"),
    ("end_date", "End date"),
    ("not_before", "Published not before"),
    ("not_after", "Published not after"),
    ("place", "Place"),
    ("short_name", "Short name"),
    ("country", "Country"),
    ("parent", "Part of"),
    ("part_of", "Part of"),
    ("headline_note", "Headline claims more than the text"),
    ("publisher", "Publisher"),
    ("author", "Author"),
    ("language", "Language"),
    ("binding", "Binding"),
    ("adopted_at", "Adopted at"),
    ("parties", "Parties"),
    ("authors", "Authors"),
    ("participants", "Participants"),
    ("topics", "Topics"),
    ("related_topics", "Related topics"),
    ("cited_through", "Known through"),
    ("url", "Web address"),
)
NOTE_FIELDS = {"date": "date_note", "publisher": "publisher_note", "author": "author_note"}
# The files a reference manager imports, beside the record's JSON (written by scripts/export/citations.py).
CITATION_FILES = (("RIS", ".ris"), ("CSL-JSON", ".csl.json"))
QUALIFIERS = {"about": "about ", "more-than": "more than ", "at-least": "at least "}


# Fields the key-facts table leaves out: the title, the prose and the notes shown beside their fields.
NOT_FACTS = frozenset(
    {
        "id",
        "name",
        "title",
        "summary",
        "date_certainty",
        "sha256",
        "publisher_status",
        "author_status",
        *NOTE_FIELDS.values(),
    }
)


def render_record_page(index: Index, publication: Publication, record: Record) -> str:
    """The page of one record."""
    here = record_page(record)
    notes = Notes(index, here, publication=publication)
    body = [
        withdrawn_notice(record),
        type_line(index, record),
        weighted(markdown_text(record.data["summary"])) if record.data.get("summary") else "",
        facts_table(index, record, here),
        basis(record, notes),
        roles_section(index, record, here, notes),
        positions_section(index, record, here, notes),
        statements_section(index, record, here, notes),
        # What the search indexes is the record's own text; these sections repeat other records'
        # names (or, for a source, the statements that cite it), which would crowd the results.
        unindexed(
            source_section(index, record) if record.type == SOURCE_TYPE else "",
            graph_section(index, record, here),
            backlinks_section(index, record, here),
            history_section(index, publication, record, here),
            footer(publication, record, here),
        ),
    ]
    jsonld = "jsonld: " + yaml_quoted(script_json(record_jsonld(index, publication, record)))
    tags = ", ".join(
        f"[{yaml_quoted(name)}, {yaml_quoted(content)}]"
        for name, content in meta_tags(record_work(index, publication, record))
    )
    meta = (jsonld, f"citation_meta: [{tags}]", search_front_matter(index, record))
    return page(
        record_name(record),
        body,
        notes,
        meta=meta,
        closing=(unindexed(cite_section(index, publication, record, here)),),
    )


def withdrawn_notice(record: Record) -> str:
    """What a reader who follows an old link to a withdrawn record learns first: when and why."""
    notice = record.data.get("withdrawn")
    if not isinstance(notice, Mapping):
        return ""
    when, why = markdown_text(record_date(notice)), markdown_text(notice["reason"])
    kept = "This record is kept so that links to it keep working; it is not listed elsewhere on the site."
    return f'<div class="fb-withdrawn" markdown="1">\n\n**Withdrawn on {when}.** {why} {kept}\n\n</div>'


def type_line(index: Index, record: Record) -> str:
    status = record.data.get("status")
    label = f'<span class="fb-type">{index.type_of(record).label}</span>'
    return label + (f" {badge(status, record_page(record))}" if status else "")


def fact_fields(index: Index, record: Record) -> list[tuple[str, str]]:
    """(field, label) of the record's flat fields: the known ones in a reading order, then any other."""
    known = {key for key, _ in FACT_FIELDS}
    others = [key for key in index.type_of(record).columns if key not in known and key not in NOT_FACTS]
    return [*FACT_FIELDS, *((key, key.replace("_", " ").capitalize()) for key in others)]


def facts_table(index: Index, record: Record, here: str) -> str:
    """The key facts, in a block with an anchor the neighbourhood drawing's caption links to."""
    rows = [
        [label, fact_value(index, record, here, key)] for key, label in fact_fields(index, record) if key in record.data
    ]
    return f'<div id="key-facts" markdown="1">\n\n{table(["Field", "Value"], rows)}\n</div>' if rows else ""


def fact_value(index: Index, record: Record, here: str, key: str) -> str:
    """One field's value as Markdown: links for references, dates at their precision, badges."""
    value = record.data[key]
    references = index.type_of(record).references
    if key in references or f"{key}.*" in references:
        values = value if isinstance(value, list) else [value]
        text = ", ".join(record_link(index, here, v) for v in values)
    elif key in index.type_of(record).date_fields:
        text = markdown_text(record_date(record.data, key))
    elif key == "url":
        text = external_link(value, value)
    elif key == "status":
        text = badge(value, here)
    elif key == "kind":
        text = markdown_text(kind_label(value))
    else:
        text = markdown_text(value)
    if key in ("publisher", "author"):
        text = credited(record.data, key, text)
    note = record.data.get(NOTE_FIELDS.get(key, ""))
    return text + (f" ({markdown_text(note)})" if note else "")


def basis(record: Record, notes: Notes) -> str:
    citations = record.data.get("citations")
    return f"Sources for these facts: {notes.cite(citations)}" if citations else ""


def roles_section(index: Index, record: Record, here: str, notes: Notes) -> str:
    roles = record.data.get("roles") or []
    rows = [
        [
            markdown_text(r["title"]),
            record_link(index, here, r["organization"]) if r.get("organization") else "",
            markdown_text(role_dates(r)),
            notes.cite(r["citations"]),
        ]
        for r in roles
    ]
    return "## Roles\n\n" + table(["Title", "Organization", "When", "Sources"], rows) if rows else ""


def role_dates(role: Mapping[str, Any]) -> str:
    parts = [
        f"{label} {record_date(role, key)}"
        for key, label in (("start", "from"), ("end", "until"), ("as_of", "as of"))
        if role.get(key)
    ]
    return ", ".join(parts)


# How a statement's speaker is named: analysis, predictions and estimates are someone's view.
ATTRIBUTIONS = {"analysis": "analysis by", "prediction": "prediction by", "estimate": "estimate by"}


def attribution(status: str) -> str:
    return ATTRIBUTIONS.get(status, "said by")


def positions_section(index: Index, record: Record, here: str, notes: Notes) -> str:
    positions = record.data.get("positions") or []
    rows = [
        [
            record_link(index, here, p["held_by"]),
            markdown_text(p["text"])
            + (f" — {attribution(p['status'])} {record_link(index, here, p['said_by'])}" if p.get("said_by") else ""),
            badge(p["status"], here),
            notes.cite(p["citations"]),
        ]
        for p in positions
    ]
    return "## Positions\n\n" + table(["Held by", "Position", "Status", "Sources"], rows) if rows else ""


def statements_section(index: Index, record: Record, here: str, notes: Notes) -> str:
    statements = record.data.get("statements") or []
    blocks = [statement_block(index, record, s, here, notes) for s in statements]
    return "## Statements\n\n" + "\n".join(blocks) if blocks else ""


def statement_block(index: Index, record: Record, statement: Mapping[str, Any], here: str, notes: Notes) -> str:
    """A statement paragraph with its own anchor, then any conflicting statements side by side."""
    text = statement_text(index, statement, here, notes)
    block = f"{text}\n{{: #{statement_anchor(statement['id'])} .fb-statement }}\n"
    own = StatementRef(record.id, statement["id"])
    others = sorted({b if a == own else a for a, b in index.conflicts if own in (a, b)})
    return block + unindexed(conflict_table(index, own, others, here, notes))


def statement_text(index: Index, statement: Mapping[str, Any], here: str, notes: Notes) -> str:
    """Badge, text, figure, who said it and when, and the citation footnotes."""
    parts = [badge(statement["status"], here), markdown_text(statement["text"])]
    if statement.get("figure"):
        parts.append(f"(figure: {markdown_text(figure_text(statement['figure']))})")
    if statement.get("said_by"):
        parts.append(f"— {attribution(statement['status'])} {record_link(index, here, statement['said_by'])}")
    if statement.get("date"):
        note = f": {statement['date_note']}" if statement.get("date_note") else ""
        parts.append(f"({markdown_text(record_date(statement) + note)})")
    return " ".join(parts) + notes.cite(statement["citations"])


def figure_text(figure: Mapping[str, Any]) -> str:
    value = f"{figure['value']:g}" + (f"–{figure['upper']:g}" if "upper" in figure else "")
    return f"{QUALIFIERS.get(figure.get('qualifier', ''), '')}{value} {figure['unit']}"


def conflict_table(index: Index, own: StatementRef, others: list[StatementRef], here: str, notes: Notes) -> str:
    """This statement and every version that conflicts with it, side by side, each linked to its page."""
    mine = index.statement(own)
    found = [(other, theirs) for other in others if (theirs := index.statement(other)) is not None]
    if mine is None or not found:
        return ""
    header = ["This statement"] + [conflict_heading(index, other, own, here) for other, _ in found]
    row = [statement_text(index, mine, here, notes)] + [
        statement_text(index, theirs, here, notes) for _, theirs in found
    ]
    return "\n" + table(header, [row])


def conflict_heading(index: Index, other: StatementRef, own: StatementRef, here: str) -> str:
    """A link to the other version, naming its record unless it is on this same page."""
    if other.record_id == own.record_id:
        return f"[Conflicting statement on this page](#{other.anchor})"
    return f"Conflicting statement in {record_link(index, here, other.record_id, other.anchor)}"


def graph_section(index: Index, record: Record, here: str) -> str:
    svg = neighbourhood_svg(index, record, here)
    return f"## Relationships\n\n{svg}" if svg else ""


def backlinks_section(index: Index, record: Record, here: str) -> str:
    """Every record that refers to this one, by name, each once with every way it refers."""
    labels: dict[str, set[str]] = {}
    for reference in index.backlinks.get(record.id, ()):
        labels.setdefault(reference.referrer, set()).add(backlink_label(reference))
    order = sorted(labels, key=lambda i: (record_name(index.records[i]).lower(), i))
    lines = [f"- {record_link(index, here, source)} ({'; '.join(sorted(labels[source]))})" for source in order]
    return "## Referenced by\n\n" + "\n".join(lines) + "\n" if lines else ""


# What this page's record is to the record that refers to it, by the referring field.
BACKLINK_LABELS = {
    "adopted_at": "adopted here",
    "authors": "as an author",
    "cited_through": "known through this",
    "parent": "part of this",
    "part_of": "part of this",
    "participants": "as a participant",
    "parties": "as a party",
    "positions.held_by": "as holder of a position",
    "publisher": "as the publisher",
    "related_topics": "as a related topic",
    "roles.organization": "as the organization of a role",
    "statements.said_by": "as the speaker of a statement",
    "topics": "as a topic",
}


def backlink_label(reference: Reference) -> str:
    parts = [p for p in reference.field.split(".") if not p.isdigit()]
    if parts[-1] == "source":
        return "cites this"
    field = ".".join(parts)
    return BACKLINK_LABELS.get(field, " ".join(p.replace("_", " ") for p in parts))


def footer(publication: Publication, record: Record, here: str) -> str:
    links = [f"[Data as JSON]({relative_link(here, record_data(record))})"]
    if publication.edit_base:
        links.insert(0, external_link("Edit this record", publication.edit_base + record.path))
    return f"---\n\n{' · '.join(links)} · Source file: {markdown_text(record.path)}\n{SCREEN_ONLY}"


def cite_section(index: Index, publication: Publication, record: Record, here: str) -> str:
    """ "Last changed" (when git knows it), "Cite this" in plain text and BibTeX, and the citation files."""
    work = record_work(index, publication, record)
    change = index.last_change(record)
    lines = ["## Cite this", ""]
    if change and work.changed:
        lines += [f"Last changed on {format_date(work.changed)} (commit {change.commit[:12]}).", ""]
    files = [f"[{label}]({relative_link(here, record_data(record, suffix))})" for label, suffix in CITATION_FILES]
    lines += [
        markdown_text(plain_citation(work)),
        "",
        f"For a reference manager: {' · '.join(files)}.",
        SCREEN_ONLY,
        "",
    ]
    bibtex = ["BibTeX:", "", *("    " + line for line in bibtex_citation(work).splitlines())]
    return "\n".join(lines) + "\n" + screen_only("\n".join(bibtex))
