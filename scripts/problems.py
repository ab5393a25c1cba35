"""Problems: the value every check yields, and the codes that name each kind of problem."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Control, bidirectional-override and zero-width characters from a fact file would garble a
# terminal line or reorder an annotation, so every part of a problem shows them escaped.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]")

# Stable codes: a contributor can search for one, and tests assert them.
CODES = {
    "FILE001": "file cannot be read",
    "FILE002": "file is too large",
    "FILE003": "file is not UTF-8",
    "FILE004": "unexpected file",
    "FILE005": "file is a symbolic link",
    "YAML001": "invalid YAML",
    "YAML002": "duplicate key",
    "YAML003": "anchor, alias or merge key",
    "YAML004": "more than one document",
    "YAML005": "document is not a mapping",
    "YAML006": "empty file",
    "YAML007": "tab indentation",
    "YAML008": "nesting too deep",
    "YAML009": "ambiguous YAML 1.1 boolean",
    "YAML010": "unsupported value",
    "YAML011": "too many values",
    "SCH001": "missing required field",
    "SCH002": "unknown field",
    "SCH003": "wrong type",
    "SCH004": "value not allowed",
    "SCH005": "value does not match the pattern",
    "SCH006": "value too long or too short",
    "SCH007": "too many or too few items",
    "SCH008": "schema rule broken",
    "ID001": "id does not match the file name",
    "ID002": "duplicate id",
    "ID003": "duplicate statement id",
    "ID004": "previous id taken",
    "REF001": "unknown reference",
    "REF002": "reference to the wrong type",
    "REF003": "reference by a previous id",
    "REF004": "reference to a withdrawn record",
    "DATE001": "impossible date",
    "DATE002": "dates out of order",
    "QUOTE001": "quote not found in its source",
    "QUOTE002": "source text missing",
    "STATUS001": "confirmed on too little",
    "COPY001": "prose copied from a source",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One failed check, located at a file, line, record and field."""

    path: str
    line: int
    record_id: str
    field: str
    code: str
    message: str

    def __post_init__(self) -> None:
        for name in ("path", "record_id", "field", "message"):
            object.__setattr__(self, name, escape_unsafe(getattr(self, name)))

    def __str__(self) -> str:
        parts = [f"{self.path}:{self.line}", self.record_id or "-"]
        if self.field:
            parts.append(self.field)
        parts.append(f"{self.code} {self.message}")
        return ": ".join(parts)


def escape_unsafe(text: str) -> str:
    """Text with control and invisible formatting characters written as \\uXXXX escapes."""
    return UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
