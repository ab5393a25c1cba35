"""Link: what follows from valid records, computed once and never written back into them.

Takes records (and their types); gives the `Index` (references, backlinks, timeline order,
conflicts, citing records: scripts/link/index.py) that render and export read, and the field-level
`Comparison` of two fact bases (scripts/link/compare.py) that `make diff` prints.
"""

from __future__ import annotations

from .compare import BrokenReference, Comparison, FieldChange, RecordChange, RecordName, Side, Unreadable, compare
from .index import Index, Reference, link_records

__all__ = [
    "BrokenReference",
    "Comparison",
    "FieldChange",
    "Index",
    "RecordChange",
    "RecordName",
    "Reference",
    "Side",
    "Unreadable",
    "compare",
    "link_records",
]
