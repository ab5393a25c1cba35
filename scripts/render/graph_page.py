"""Overview graph: the whole fact base's connections in one SVG drawn at build time, with a table.

Takes the Index; gives the relationship graph page. Records stand in one column per type (people,
organizations, events, agreements, topics), each node linked to its page; a curve joins two records
when either refers to the other. Sources are left out, as on the neighbourhood graphs. A column
shows at most MAX_PER_COLUMN records, the most connected, so the drawing stays readable and its size
does not grow with the fact base; the table below names the most connected records in words.
"""

from __future__ import annotations

from ..addresses import built_link
from ..link import Index
from ..model import Record, RecordType, record_name
from .common import page, record_link, table
from .drawing import and_list, linked_node, svg
from .escape import xml_text
from .search import NOT_INDEXED

PAGE = "graph.md"
MAX_PER_COLUMN = 60
TOP_COUNT = 15
COLUMN_WIDTH, ROW, TOP, LEFT = 230, 20, 40, 20


def column_types(index: Index) -> list[RecordType]:
    """The types drawn, in the order of their columns (each type's schema names its column, if any)."""
    drawn = [t for t in index.types.values() if t.graph_column is not None]
    return sorted(drawn, key=lambda t: (t.graph_column, t.name))


def connections(index: Index, drawn: set[str]) -> set[tuple[str, str]]:
    """Every pair of drawn records where one refers to the other, each pair once, in id order."""
    pairs: set[tuple[str, str]] = set()
    for reference in index.references:
        referrer, target = index.records[reference.referrer], index.records.get(reference.target)
        if target is not None and referrer.type in drawn and target.type in drawn and referrer.id != target.id:
            first, second = sorted((referrer.id, target.id))
            pairs.add((first, second))
    return pairs


def degrees(pairs: set[tuple[str, str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for pair in pairs:
        for record_id in pair:
            counts[record_id] = counts.get(record_id, 0) + 1
    return counts


def by_name(record: Record) -> tuple[str, str]:
    return record_name(record).lower(), record.id


def column(index: Index, record_type: str, degree: dict[str, int]) -> list[Record]:
    """The most connected records of a type, at most MAX_PER_COLUMN, in name order."""
    connected = [r for r in index.listed(record_type) if degree.get(r.id)]
    chosen = sorted(connected, key=lambda r: (-degree[r.id], *by_name(r)))[:MAX_PER_COLUMN]
    return sorted(chosen, key=by_name)


def curve(start: tuple[float, float], end: tuple[float, float]) -> str:
    """A horizontal S-curve between two columns, or a loop out to the left within one column."""
    (x1, y1), (x2, y2) = start, end
    if x1 == x2:
        bulge = x1 - 30 - abs(y2 - y1) / 6
        controls = (bulge, y1, bulge, y2)
    else:
        middle = (x1 + x2) / 2
        controls = (middle, y1, middle, y2)
    points = f"{controls[0]:.1f},{controls[1]:.1f} {controls[2]:.1f},{controls[3]:.1f} {x2:.1f},{y2:.1f}"
    return f'<path d="M{x1:.1f},{y1:.1f} C{points}"/>'


def overview_svg(types: list[RecordType], columns: list[list[Record]], pairs: set[tuple[str, str]]) -> str:
    """The columns side by side, the curves behind them, every node a link with its name beside it."""
    placed = [
        (r, LEFT + 40 + COLUMN_WIDTH * c, TOP + ROW * row + ROW / 2)
        for c, records in enumerate(columns)
        for row, r in enumerate(records)
    ]
    where = {r.id: (x, y) for r, x, y in placed}
    edges = "".join(curve(where[a], where[b]) for a, b in sorted(pairs) if a in where and b in where)
    headings = "".join(
        f'<text x="{LEFT + 32 + COLUMN_WIDTH * c}" y="{TOP - 16}" class="fb-column-heading">{t.plural}</text>'
        for c, t in enumerate(types)
    )
    labels = {t.name: t.label for t in types}
    nodes = "".join(linked_node(r, labels[r.type], PAGE, x, y, 6, (x + 10, y + 4), "start") for r, x, y in placed)
    height = TOP + ROW * max(len(c) for c in columns) + 10
    return svg(
        "How people, organizations, events, agreements and topics connect",
        overview_caption(types, sum(len(c) for c in columns)),
        f'{headings}<g class="fb-edges fb-curves">{edges}</g>{nodes}',
        LEFT + 40 + COLUMN_WIDTH * len(types),
        height,
    )


def overview_caption(types: list[RecordType], count: int) -> str:
    """What the drawing shows, in words, and links to where the same records and links are written out."""
    names = and_list([t.plural.lower() for t in types])
    lists = and_list([f'<a href="{built_link(PAGE, t.index_page)}">{xml_text(t.plural.lower())}</a>' for t in types])
    return (
        f"{count} records in one column per type ({names}), each column in name order; a curve joins two "
        "records when one refers to the other. Each name links to its record's page, where every link is "
        f'written out. In words: the <a href="#most-connected">most connected</a> records below, and the '
        f"lists of {lists}."
    )


def most_connected(index: Index, degree: dict[str, int]) -> str:
    ranked = sorted(degree, key=lambda i: (-degree[i], *by_name(index.records[i])))[:TOP_COUNT]
    rows = [[record_link(index, PAGE, i), index.type_of(index.records[i]).label, str(degree[i])] for i in ranked]
    return table(["Record", "Type", "Connections"], rows)


def render_graph(index: Index) -> str:
    types = column_types(index)
    pairs = connections(index, {t.name for t in types})
    degree = degrees(pairs)
    columns = [column(index, t.name, degree) for t in types]
    shown = sum(len(c) for c in columns)
    left_out = sum(len(index.listed(t.name)) for t in types) - shown
    indexes = ", ".join(f"[{t.plural.lower()}]({t.index_page})" for t in types)
    intro = (
        "Each curve joins two records when one refers to the other: a role, a participant, a party, an "
        "author, a topic. Select a name to open its page, where a smaller drawing shows just its "
        "neighbours. Sources are left out; every page lists its own."
    )
    note = (
        f"{shown} records are drawn; {left_out} with fewer or no connections are not (see the {indexes})."
        if left_out
        else f"All {shown} records are drawn. The lists: {indexes}."
    )
    body = [
        intro,
        note,
        overview_svg(types, columns, pairs) if shown else "Nothing is connected yet.",
        "## Most connected\n\n" + most_connected(index, degree) if degree else "",
    ]
    return page("Relationship graph", body, hide=("navigation", "toc"), meta=(NOT_INDEXED,))
