"""Link: what follows from valid records, computed once and never written back into them.

Takes records (and their types) and the revisions of their history; gives the `Index` (references,
backlinks, timeline order, conflicts, citing records: scripts/link/index.py) that render and export
read, the field-level `Comparison` of two fact bases (scripts/link/compare.py) that `make diff`
prints, and the `FactHistory` (scripts/link/history.py) made by that same comparison of every
commit, which the Index carries.
"""

from __future__ import annotations

from .compare import BrokenReference, Comparison, FieldChange, RecordChange, RecordName, Side, Unreadable, compare
from .history import Change, FactHistory, HistoryEntry, link_history
from .index import Index, Reference, link_records

__all__ = [
    "BrokenReference",
    "Change",
    "Comparison",
    "FactHistory",
    "FieldChange",
    "HistoryEntry",
    "Index",
    "RecordChange",
    "RecordName",
    "Reference",
    "Side",
    "Unreadable",
    "compare",
    "link_history",
    "link_records",
]
