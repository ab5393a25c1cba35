"""Strict YAML: one record file's text read into plain values and the line of every field.

Takes the text of one file; gives (data, {field path: 1-based line}) or raises `YamlProblem` with a
line, a code and a message. PyYAML's defaults quietly change hand-written data: `no` becomes False,
`2026-05-14` a date, `12:30` the number 750, a repeated key silently wins, aliases expand. Here
libyaml composes the node tree and our own walker turns it into plain values: dates and times stay
text, only true/false are booleans, and duplicate keys, anchors, aliases, merge keys, tags, more
than one document, tab indentation and very deep or very long texts are refused.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

MAX_DEPTH = 16
# libyaml composes recursively in C and its scanner slows quadratically with depth: 20,000 levels
# take a second and 50,000 crash the process. Texts whose nesting could exceed this bound are
# refused before libyaml sees them (records need MAX_DEPTH at most, so the margin is wide).
SAFE_DEPTH = 1000
# Each value after the first on a line needs a comma or a new line, so lines plus commas bound the
# values a text holds. The largest real record has under 500; without this bound a 1 MB flow list
# of 500,000 items took half a minute to read and validate.
MAX_VALUES = 10_000

TAG = "tag:yaml.org,2002:"
NULLS = {"", "~", "null", "Null", "NULL"}
YAML11_BOOLEANS = {
    f(word) for word in ("yes", "no", "true", "false", "on", "off") for f in (str.lower, str.title, str.upper)
}
# Only plain decimals are numbers: '0123' or '1_000' stay text, so leading zeros are never lost.
DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
# The YAML 1.1 floats that are plain decimals (its exponent needs a sign); '.inf', '1_0.5' stay text.
DECIMAL_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*([eE][-+][0-9]+)?|\.[0-9]+([eE][-+][0-9]+)?")
NUMBER_START = frozenset("+-.0123456789")
# An anchor is '&' at the start of a token; 'R&D' or 'A & B' in text is not one.
ANCHOR_LIKE = re.compile(r"(?:^|[\s\[\]{},:])&\S", re.MULTILINE)
# Block collections nest only by indentation or by indicators ('- ', '? ', ': ') opening a line.
BLOCK_PREFIX = re.compile(rf"^[ \-?:]{{{SAFE_DEPTH // 4},}}", re.MULTILINE)
COLLECTION_TAGS = (TAG + "map", TAG + "seq")
# Characters YAML 1.1 forbids anywhere in a stream; libyaml names them only by offset.
YAML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer with a resolver that knows only the plain values records use.

    PyYAML's resolver tries a dozen regular expressions per scalar; this one decides from a set
    lookup and two expressions, and leaves dates, times and the like as text.
    """

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode:
            return TAG + ("map" if kind is yaml.MappingNode else "seq")
        if not implicit[0]:
            return TAG + "str"
        return plain_tag(value)


def plain_tag(value: str) -> str:
    """The tag of an unquoted scalar: YAML 1.1 booleans, null, merge, decimal numbers, else text."""
    if value in YAML11_BOOLEANS:
        return TAG + "bool"
    if value in NULLS:
        return TAG + "null"
    if value == "<<":
        return TAG + "merge"
    if value[0] in NUMBER_START:
        if DECIMAL_INT.fullmatch(value):
            return TAG + "int"
        if DECIMAL_FLOAT.fullmatch(value):
            return TAG + "float"
    return TAG + "str"


class YamlProblem(Exception):
    """A file-level problem found while reading YAML; carries its line, field and code."""

    def __init__(self, line: int, code: str, message: str, field_path: str = "") -> None:
        super().__init__(message)
        self.line, self.code, self.message, self.field_path = line, code, message, field_path


def parse_yaml(text: str, name: str) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse one YAML document into plain values and a line map, or raise YamlProblem."""
    if not text.strip():
        raise YamlProblem(1, "YAML006", f"file is empty; a record is a mapping starting with 'id: {name}'")
    reject_deep_nesting(text)
    reject_many_values(text)
    if "&" in text and ANCHOR_LIKE.search(text):
        reject_anchors(text)
    node = compose(text)
    if node is None:
        raise YamlProblem(1, "YAML006", f"file holds no data; a record is a mapping starting with 'id: {name}'")
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise YamlProblem(
            node.start_mark.line + 1,
            "YAML005",
            f"the document is {kind}; a record is a mapping of fields such as 'id: {name}'",
        )
    lines: dict[str, int] = {"": node.start_mark.line + 1}
    return NodeWalker(lines).value(node, ()), lines


def reject_deep_nesting(text: str) -> None:
    """Refuse texts that might nest deeper than SAFE_DEPTH, judged from the text alone."""
    brackets = text.count("[") + text.count("{")
    prefix = BLOCK_PREFIX.search(text)
    if prefix:
        line = text.count("\n", 0, prefix.start()) + 1
        raise YamlProblem(
            line,
            "YAML008",
            f"indented or nested too deeply to read safely (a record needs at most {MAX_DEPTH} levels); records are "
            "shallow mappings and lists",
        )
    if brackets > SAFE_DEPTH:
        raise YamlProblem(
            1,
            "YAML008",
            f"{brackets:,} '[' and '{{' are too many to read safely (at most {SAFE_DEPTH:,}); write lists as '- "
            "item' lines",
        )


def reject_many_values(text: str) -> None:
    """Refuse texts that could hold more than MAX_VALUES values, judged from the text alone."""
    count = text.count("\n") + text.count(",")
    if count > MAX_VALUES:
        raise YamlProblem(
            1,
            "YAML011",
            f"{count:,} lines and commas are more values than a record may hold (at most {MAX_VALUES:,}); split the "
            "record or shorten its lists",
        )


def forbidden_character(text: str, error: yaml.YAMLError) -> YamlProblem:
    match = YAML_FORBIDDEN.search(text)
    if match is None:
        return YamlProblem(1, "YAML001", f"invalid YAML: {error}")
    line = text.count("\n", 0, match.start()) + 1
    return YamlProblem(
        line, "YAML001", f"control character U+{ord(match.group()):04X} is not allowed in YAML; remove it"
    )


def compose(text: str) -> yaml.Node | None:
    loader = Loader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise yaml_problem(error, text) from None
    except yaml.YAMLError as error:
        raise forbidden_character(text, error) from None
    finally:
        loader.dispose()


def yaml_problem(error: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    problem, context = str(error.problem or ""), str(error.context or "")
    if "expected a single document" in context + problem:
        return YamlProblem(
            line, "YAML004", "a second document starts here; a record file holds exactly one document (remove '---')"
        )
    if starts_with_tab(text, line):
        return YamlProblem(line, "YAML007", "tab character in indentation; indent with spaces")
    if "quoted scalar" in context and "end of stream" in problem and error.context_mark:
        return YamlProblem(
            error.context_mark.line + 1,
            "YAML001",
            "invalid YAML: a quoted value starts on this line but is never closed; add the closing quote",
        )
    if "undefined alias" in problem:
        return YamlProblem(line, "YAML003", "alias found; anchors and aliases are not allowed, write the value out")
    if "mapping values are not allowed" in problem:
        return YamlProblem(line, "YAML001", "invalid YAML: ': ' inside a plain value; put the whole value in quotes")
    if "cannot start any token" in problem and mark:
        return YamlProblem(
            line,
            "YAML001",
            f"invalid YAML: a plain value cannot start with {text_at(text, mark)!r}; put the value in quotes",
        )
    where = f" {context}," if context else ""
    return YamlProblem(
        line, "YAML001", f"invalid YAML:{where} {problem}".rstrip(",") + "; check indentation and quoting on this line"
    )


def text_at(text: str, mark: yaml.Mark) -> str:
    lines = text.splitlines()
    return lines[mark.line][mark.column : mark.column + 1] if mark.line < len(lines) else ""


def starts_with_tab(text: str, line: int) -> bool:
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return False
    content = lines[line - 1]
    return "\t" in content[: len(content) - len(content.lstrip())]


def reject_anchors(text: str) -> None:
    """Anchors leave no trace in the node tree, so a text with '&' is scanned once as events."""
    try:
        for event in yaml.parse(text, Loader=Loader):
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                line = event.start_mark.line + 1 if event.start_mark else 1
                message = f"anchor '&{anchor}' found; anchors and aliases are not allowed, write the value out"
                raise YamlProblem(line, "YAML003", message)
    except yaml.MarkedYAMLError as error:
        raise yaml_problem(error, text) from None
    except yaml.YAMLError as error:
        raise forbidden_character(text, error) from None


class NodeWalker:
    """Turns composed YAML nodes into plain dicts, lists, strings, numbers and booleans."""

    def __init__(self, lines: dict[str, int]) -> None:
        self.lines = lines
        self.seen: set[int] = set()

    def value(self, node: yaml.Node, path: tuple[str, ...]) -> Any:
        if id(node) in self.seen:
            raise YamlProblem(
                node.start_mark.line + 1,
                "YAML003",
                "alias found; anchors and aliases are not allowed, write the value out",
                dotted(path),
            )
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise YamlProblem(
                node.start_mark.line + 1,
                "YAML008",
                f"nested deeper than {MAX_DEPTH} levels; records are shallow mappings and lists",
                dotted(path),
            )
        if not isinstance(node, yaml.ScalarNode) and node.tag not in COLLECTION_TAGS:
            raise YamlProblem(
                node.start_mark.line + 1,
                "YAML010",
                f"tag {shown_tag(node.tag)!r} is not allowed; write plain text, numbers, true or false",
                dotted(path),
            )
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node, path)
        assert isinstance(node, yaml.ScalarNode)  # libyaml composes only these three kinds of node
        return scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: tuple[str, ...]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = mapping_key(key_node, path)
            key_path = (*path, key)
            if key in result:
                first = self.lines[dotted(key_path)]
                raise YamlProblem(
                    key_node.start_mark.line + 1,
                    "YAML002",
                    f"duplicate key '{key}' (first on line {first}); keep one",
                    dotted(key_path),
                )
            self.lines[dotted(key_path)] = key_node.start_mark.line + 1
            result[key] = self.value(value_node, key_path)
        return result

    def sequence(self, node: yaml.SequenceNode, path: tuple[str, ...]) -> list[Any]:
        items = []
        for index, item in enumerate(node.value):
            item_path = (*path, str(index))
            self.lines[dotted(item_path)] = item.start_mark.line + 1
            items.append(self.value(item, item_path))
        return items


def mapping_key(node: yaml.Node, path: tuple[str, ...]) -> str:
    line = node.start_mark.line + 1
    if node.tag == TAG + "merge":
        raise YamlProblem(
            line,
            "YAML003",
            "merge key '<<' found; anchors, aliases and merge keys are not allowed, write the fields out",
            dotted(path),
        )
    if not isinstance(node, yaml.ScalarNode) or node.tag not in (TAG + "str", TAG + "int"):
        if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "bool":
            raise YamlProblem(
                line, "YAML009", f"key '{node.value}' reads as a YAML 1.1 boolean; quote it", dotted(path)
            )
        raise YamlProblem(line, "YAML010", "a key must be a plain word such as 'name'", dotted(path))
    return node.value


def scalar(node: yaml.ScalarNode, path: tuple[str, ...]) -> Any:
    """Resolve a scalar: only true/false, decimal numbers and null are not strings."""
    text, tag, line = node.value, node.tag, node.start_mark.line + 1
    if node.style not in (None, "") and tag in (TAG + "str", "!"):
        return text
    if tag == TAG + "bool":
        if text in ("true", "false"):
            return text == "true"
        raise YamlProblem(
            line,
            "YAML009",
            f"'{text}' would be read as a YAML 1.1 boolean; write true or false, or quote it as text",
            dotted(path),
        )
    if tag == TAG + "null" and text in NULLS:
        return None
    if tag == TAG + "int" and DECIMAL_INT.fullmatch(text):
        return int(text)
    if tag == TAG + "float" and DECIMAL_FLOAT.fullmatch(text):
        return float(text)
    if tag in (TAG + "str", TAG + "timestamp", TAG + "int", TAG + "float"):
        return text
    raise YamlProblem(
        line,
        "YAML010",
        f"tag {shown_tag(tag)!r} is not allowed; write plain text, numbers, true or false",
        dotted(path),
    )


def shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(TAG) if tag.startswith(TAG) else tag


def dotted(path: tuple[str, ...]) -> str:
    return ".".join(path)
