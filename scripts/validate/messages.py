"""Messages: how a check turns what it found into a `Problem` line, and how values are shown in it.

Takes a record, a field path, a code and the words; gives the Problem located at the field's line.
Values are quoted with invisible characters escaped (Problem escapes the rest), other values spelled
as YAML spells them, so a contributor sees what to type.
"""

from __future__ import annotations

from typing import Any

from ..model import Record
from ..problems import Problem


def problem(record: Record, field_path: str, code: str, message: str) -> Problem:
    return Problem(record.path, record.line_of(field_path), record.id, field_path, code, message)


def shown(value: Any, limit: int = 60) -> str:
    """A value as it appears in a message: text quoted with invisible characters escaped, other
    values spelled as YAML spells them, long ones shortened."""
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= limit else text[: limit - 4] + "...'"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return yaml_spelling(value)


def yaml_spelling(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else repr(value)


def shown_ascii(value: Any, limit: int = 60) -> str:
    """A value with every non-ASCII character written as its code: ids are ASCII, and a look-alike
    letter (Cyrillic 'а' for 'a') would make a refused id read as valid."""
    text = ascii(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"
