"""Graph: SVG drawings of how records connect, drawn at build time by our own code (no JS library).

Takes the Index and a record; gives an inline SVG in a figure (and linked nodes and the figure frame
for the overview in scripts/render/graph_page.py and the timeline) in which every node links to its
record page with a relative URL that is correct from the page it is drawn on, and every label is
XML-escaped. Sources are left out: they are cited everywhere and would drown the people,
organizations, events, agreements and topics they document.

Every drawing is a figure a screen reader can enter: the SVG is a group (not an image, which would
hide its links) named by its title and described by the figure's caption, which says what is drawn
and links to where the same data is written out on the page; each node is a link named by its
<title>, reached by Tab like any other link.
"""

from __future__ import annotations

import math

from ..addresses import built_link, record_page
from ..link import Index, Reference
from ..model import SOURCE_TYPE, Record, RecordType, record_name
from .escape import xml_text

MAX_NEIGHBOURS = 24
LABEL_LENGTH = 30
WIDTH, HEIGHT = 760, 460
# Leaves room for a label of LABEL_LENGTH characters (about 6 px each) beside the outermost nodes.
RADIUS_X = WIDTH / 2 - 190
# Where a record page writes out the links a neighbourhood drawing shows, by the first part of the
# referring field; any other field is in the key-facts table (scripts/render/record.py).
SECTIONS = {
    "roles": ("roles", "Roles"),
    "positions": ("positions", "Positions"),
    "statements": ("statements", "Statements"),
}
KEY_FACTS = ("key-facts", "Key facts")
REFERENCED_BY = ("referenced-by", "Referenced by")


def neighbours(index: Index, record: Record) -> list[Record]:
    """Records this one refers to or is referred to by, sources aside, in type and name order."""
    ids = {r.referrer for r in index.backlinks.get(record.id, ())} | {
        r.target for r in index.outgoing.get(record.id, ())
    }
    found = [index.records[i] for i in ids if index.records[i].type != SOURCE_TYPE]
    order = list(index.types)
    return sorted(found, key=lambda r: (order.index(r.type), record_name(r).lower(), r.id))


def short(text: str) -> str:
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1].rstrip() + "…"


def node(index: Index, record: Record, here: str, x: float, y: float, centre: bool = False) -> str:
    """One node of the radial drawing, its label placed away from the centre."""
    anchor = "middle" if centre or abs(x - WIDTH / 2) < 40 else ("start" if x > WIDTH / 2 else "end")
    dx = 0 if anchor == "middle" else (12 if anchor == "start" else -12)
    dy = 26 if centre else (4 if anchor != "middle" else (-14 if y < HEIGHT / 2 else 22))
    label = index.type_of(record).label
    return linked_node(
        record, label, here, x, y, 12 if centre else 8, (x + dx, y + dy), anchor, " fb-node-centre" if centre else ""
    )


def linked_node(
    record: Record,
    type_label: str,
    here: str,
    x: float,
    y: float,
    radius: float,
    label_at: tuple[float, float],
    anchor: str,
    css: str = "",
) -> str:
    """A circle coloured by type with its shortened name, linked to the record's page, its full name as a tooltip."""
    href = xml_text(built_link(here, record_page(record)))
    return (
        f'<a href="{href}" class="fb-node fb-node-{record.type}{css}">'
        f"<title>{xml_text(record_name(record))} ({xml_text(type_label)})</title>"
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:g}"/>'
        f'<text x="{label_at[0]:.1f}" y="{label_at[1]:.1f}" text-anchor="{anchor}">'
        f"{xml_text(short(record_name(record)))}</text></a>"
    )


def neighbourhood_svg(index: Index, record: Record, here: str) -> str:
    """A radial drawing of a record and its neighbours, or '' when it has none."""
    if record.type == SOURCE_TYPE:
        return ""
    around = neighbours(index, record)
    if not around:
        return ""
    shown, hidden = around[:MAX_NEIGHBOURS], len(around) - MAX_NEIGHBOURS
    cx, cy = WIDTH / 2, HEIGHT / 2
    points = [
        (cx + RADIUS_X * math.cos(angle(i, len(shown))), cy + 170 * math.sin(angle(i, len(shown))))
        for i in range(len(shown))
    ]
    edges = "".join(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>' for x, y in points)
    nodes = "".join(node(index, r, here, x, y) for r, (x, y) in zip(shown, points, strict=False))
    more = (
        f'<text x="10" y="{HEIGHT - 10}" class="fb-graph-more">and {hidden} more (see Referenced by)</text>'
        if hidden > 0
        else ""
    )
    title = f"{record_name(record)} and the records it is linked with"
    content = f'<g class="fb-edges">{edges}</g>{nodes}{node(index, record, here, cx, cy, centre=True)}{more}'
    return svg(title, neighbourhood_caption(index, record, around, len(shown)), content)


def neighbourhood_caption(index: Index, record: Record, around: list[Record], drawn: int) -> str:
    """What the drawing shows, in words, and links to the sections of the page naming the same records."""
    name = xml_text(record_name(record))
    counts = count_words([index.type_of(r) for r in around])
    which = f"; the first {drawn} in type and name order are drawn" if drawn < len(around) else ""
    sections = written_out(index, record, {r.id for r in around})
    links = and_list([f'<a href="#{anchor}">{label}</a>' for anchor, label in sections])
    return (
        f"{name} in the centre, joined by a line to each of the {len(around)} records it names or that name it, "
        f"sources aside ({counts}){which}. Each circle is coloured by type, names the record and its type, "
        f"and links to its page. The same links written out: {links}."
    )


def written_out(index: Index, record: Record, shown: set[str]) -> list[tuple[str, str]]:
    """The page sections (anchor, heading) naming the records drawn: where this record names them, then
    Referenced by for those naming it."""
    found = {section_of(reference) for reference in index.outgoing.get(record.id, ()) if reference.target in shown}
    order = [KEY_FACTS, *SECTIONS.values()]
    sections = [section for section in order if section in found]
    if any(reference.referrer in shown for reference in index.backlinks.get(record.id, ())):
        sections.append(REFERENCED_BY)
    return sections


def section_of(reference: Reference) -> tuple[str, str]:
    return SECTIONS.get(reference.field.split(".")[0], KEY_FACTS)


def count_words(types: list[RecordType]) -> str:
    """'2 people, 1 organization and 3 events': how many of each type, in the order first met."""
    counts: dict[str, int] = {}
    labels = {t.name: t for t in types}
    for record_type in types:
        counts[record_type.name] = counts.get(record_type.name, 0) + 1
    words = [f"{n} {(labels[t].label if n == 1 else labels[t].plural).lower()}" for t, n in counts.items()]
    return and_list(words)


def and_list(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def angle(i: int, count: int) -> float:
    return -math.pi / 2 + 2 * math.pi * i / count


def svg(title: str, caption: str, content: str, width: int = WIDTH, height: int = HEIGHT) -> str:
    """A scalable inline SVG in a figure (a block Markdown leaves alone), a group named by its title and
    described by the caption, which is HTML the caller has escaped. One drawing per page: the ids are fixed."""
    return (
        f'<figure class="fb-graph"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'role="group" aria-labelledby="fb-drawing-title" aria-describedby="fb-drawing-caption">'
        f'<title id="fb-drawing-title">{xml_text(title)}</title>{content}</svg>'
        f'<figcaption id="fb-drawing-caption">{caption}</figcaption></figure>\n'
    )
