"""Properties, checked on random input with hypothesis: records built from the schemas never crash
the validator or the renderer, and escaped text never becomes live markup in the site's Markdown.

Records come from a small schema-to-strategy translation (objects, arrays, strings from their
patterns, enums, numbers, $refs into common.schema.json). Example counts stay modest so `make test`
stays fast; the hostile corpus in tests/hostile/ holds the cases worth keeping by name.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scripts.link import link_records
from scripts.load import Publication, load_fact_base, load_schemas, read_record_types
from scripts.model import DATE_ORDER, Record, iter_references
from scripts.pipeline import Prepared
from scripts.problems import escape_unsafe
from scripts.render.common import table
from scripts.render.escape import external_link, markdown_text, xml_text
from scripts.validate import validate_records
from tests.conftest import REPO, copy_fact_base

SCHEMAS = load_schemas(REPO)
RECORD_TYPES = read_record_types(SCHEMAS)


def load_good_records() -> tuple[Record, ...]:
    with tempfile.TemporaryDirectory() as folder:
        return load_fact_base(copy_fact_base(Path(folder) / "good")).records


GOOD_RECORDS = load_good_records()
TYPES = sorted(name for name in SCHEMAS if name != "common")
FOLDERS = {name: "seeds" if name == "source" else f"facts/{name}" for name in TYPES}
WHITESPACE = re.compile(r"\s+")
# What the text schemas allow: no C0/C1 controls (but tab and line breaks), no invisible formatting.
SCHEMA_TEXT = st.text(
    st.characters(
        blacklist_categories=["Cs"],
        blacklist_characters=[
            chr(c)
            for c in [
                *range(0x00, 0x09),
                0x0B,
                0x0C,
                *range(0x0E, 0x20),
                *range(0x7F, 0xA0),
                *range(0x200B, 0x2010),
                *range(0x202A, 0x202F),
                *range(0x2060, 0x206A),
                0xFEFF,
            ]
        ],
    ),
    max_size=120,
)
# Fragments of every syntax the site's Markdown knows, so random text often holds real syntax.
SYNTAX = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[a](javascript:alert(1))",
        "![i](https://evil.example/i.png)",
        "<https://evil.example>",
        "https://evil.example",
        '{: onclick="alert(1)" }',
        "{: #x .y }",
        '!!! danger "t"\n    body',
        '--8<-- "mkdocs.yml"',
        '--8<-- "counts.md"',
        "# h",
        "1. x",
        "- x",
        "> q",
        "| a | b |\n|---|---|",
        "[^1]",
        "[^1]: n",
        "**b**",
        "_e_",
        "`c`",
        "&amp;",
        "&#60;",
        '<div markdown="1">*x*</div>',
        "<!-- c",
        "\\",
        "\n\n",
        "    code",
        "*[HTML]: x",
    ]
)
HOSTILE_TEXT = st.lists(st.one_of(SCHEMA_TEXT, SYNTAX), max_size=6).map("".join)


# -- records from the schemas ---------------------------------------------------------------------


def resolve(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    reference = schema.get("$ref")
    if reference is None:
        return schema
    return resolve(SCHEMAS["common"]["$defs"][reference.rpartition("/")[2]])


def from_schema(schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """A strategy for values the schema describes (if/then and anyOf requirements always met)."""
    schema = resolve(schema)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    low = schema.get("minimum", -(10**6))
    if kind == "object":
        return object_strategy(schema)
    if kind == "array":
        return st.lists(
            from_schema(schema["items"]), min_size=schema.get("minItems", 0), max_size=min(schema.get("maxItems", 3), 3)
        )
    if kind == "number":
        return st.one_of(st.integers(low, 10**6), st.floats(low, 1e6, allow_nan=False))
    if kind == "boolean":
        return st.booleans()
    return string_strategy(schema)


def object_strategy(schema: Mapping[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))
    for rule in [schema, *schema.get("allOf", ())]:
        required |= set(resolve(rule).get("then", {}).get("required", ()))
    for option in schema.get("anyOf", ())[:1]:
        required |= set(option.get("required", ()))
    return st.fixed_dictionaries(
        {name: from_schema(properties[name]) for name in sorted(required) if name in properties},
        optional={name: from_schema(value) for name, value in sorted(properties.items()) if name not in required},
    )


def string_strategy(schema: Mapping[str, Any]) -> st.SearchStrategy[str]:
    low, high = schema.get("minLength", 0), schema.get("maxLength", 200)
    pattern = schema.get("pattern", "")
    if pattern.startswith("^[^"):  # the text patterns: anything but control and formatting characters
        base = st.one_of(SCHEMA_TEXT, HOSTILE_TEXT)
    elif pattern:
        base = st.from_regex(pattern.replace("$", r"\Z"), fullmatch=True)
    else:
        base = SCHEMA_TEXT
    return base.filter(lambda text: low <= len(text) <= high)


def record_of(record_type: str, data: dict[str, Any]) -> Record:
    record_id = data["id"] if isinstance(data.get("id"), str) else "random"
    return Record(record_type, record_id, f"{FOLDERS[record_type]}/{record_id}.yaml", data, {"": 1})


JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


# Built once: hypothesis spends more on building (and checking) a strategy than on drawing from it.
RECORD_DATA = {name: from_schema(SCHEMAS[name]) for name in TYPES}


@st.composite
def random_records(draw: st.DrawFn) -> Record:
    """A record of a random type, from its schema, with one field sometimes replaced by junk."""
    record_type = draw(st.sampled_from(TYPES))
    data = draw(RECORD_DATA[record_type])
    if data and draw(st.booleans()):
        data[draw(st.sampled_from(sorted(data)))] = draw(JUNK)
    return record_of(record_type, data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(random_records())
def test_validator_never_crashes_and_gives_one_line_problems(record: Record) -> None:
    assume(record.id not in {r.id for r in GOOD_RECORDS})  # a shared id is reported on either file
    problems = validate_records([*GOOD_RECORDS, record], SCHEMAS, RECORD_TYPES)
    # A problem shows its path with control characters escaped (an id of "\r" is a path of "\u000d").
    assert [p for p in problems if p.path != escape_unsafe(record.path)] == []
    assert [str(p) for p in problems if "\n" in str(p) or "\r" in str(p)] == []


def set_at(data: Any, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data[int(part)] if isinstance(data, list) else data[part]
    if isinstance(data, list):
        data[int(last)] = value
    else:
        data[last] = value


def made_consistent(record_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """References pointed at good records of the right type, dates made real and in order."""
    by_type = {t: sorted(r.id for r in GOOD_RECORDS if r.type == t) for t in TYPES}
    for field_path, _, types in list(iter_references(RECORD_TYPES[record_type], data)):
        set_at(data, field_path, by_type[types[0]][0])
    for item in [data, *data.get("statements", []), *data.get("positions", [])]:
        if item.get("status") == "confirmed":  # which needs a party's word or two independent sources
            item["status"] = "reported"
    data = without_repeats(data)
    for statement in data.get("statements", []):
        statement["conflicts_with"] = ["talks-announcement#first-round"] if statement.get("conflicts_with") else []
        if not statement["conflicts_with"]:
            del statement["conflicts_with"]
    text = json.dumps(data)
    text = re.sub(r'"([0-9]{4})-([0-9]{2})-(29|30|31)"', r'"\1-\2-28"', text)
    data = json.loads(text)
    order_dates(data)
    return data


def without_repeats(data: Any) -> Any:
    """Lists of text (all reference lists, which must not repeat an item) with each item once."""
    if isinstance(data, dict):
        return {key: without_repeats(value) for key, value in data.items()}
    if isinstance(data, list):
        items = [without_repeats(value) for value in data]
        return list(dict.fromkeys(items)) if all(isinstance(i, str) for i in items) else items
    return data


def order_dates(data: Any) -> None:
    """Each earlier/later pair sorted as text, which the validator's order rule then accepts."""
    if isinstance(data, dict):
        for earlier, later in DATE_ORDER:
            if isinstance(data.get(earlier), str) and isinstance(data.get(later), str):
                data[earlier], data[later] = sorted((data[earlier], data[later]))
        for value in data.values():
            order_dates(value)
    elif isinstance(data, list):
        for value in data:
            order_dates(value)


@st.composite
def valid_records(draw: st.DrawFn) -> Record:
    record_type = draw(st.sampled_from(TYPES))
    data = made_consistent(record_type, draw(RECORD_DATA[record_type]))
    assume(data["id"] not in {r.id for r in GOOD_RECORDS})
    # An id, current or previous, names one record only (ID004): not the record's own id, not another's.
    assume(not {data["id"], *(r.id for r in GOOD_RECORDS)} & set(data.get("previous_ids", [])))
    statement_ids = [s["id"] for s in data.get("statements", [])]
    assume(len(statement_ids) == len(set(statement_ids)))
    return record_of(record_type, data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(valid_records())
def test_renderer_never_crashes_on_a_valid_record(record: Record) -> None:
    records = [*GOOD_RECORDS, record]
    assert [str(p) for p in validate_records(records, SCHEMAS, RECORD_TYPES)] == []
    publication = Publication(site_url="https://example.org/factbase/", edit_base="https://example.org/edit/")
    files = Prepared(link_records(records, RECORD_TYPES), publication, SCHEMAS, {}).files()
    assert f"{record.type}/{record.id}.md" in files and f"api/{record.type}/{record.id}.json" in files


# -- escaped text stays text ----------------------------------------------------------------------


class SkipTags(yaml.SafeLoader):
    """mkdocs.yml may name Python objects with !!python/name tags; their values do not matter here."""


SkipTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of mkdocs.yml."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=SkipTags)
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, settings_ = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if settings_:
            options[name] = dict(settings_)
        if settings_ and "base_path" in settings_:
            options[name]["base_path"] = [str(REPO / settings_["base_path"])]  # snippets resolve from the repository
    return markdown.Markdown(extensions=names, extension_configs=options)


MARKDOWN = site_markdown()


class Elements(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.text += data

    def handle_comment(self, data: str) -> None:
        self.elements.append(("!--", {}))


def to_html(text: str) -> Elements:
    MARKDOWN.reset()
    return Elements(MARKDOWN.convert(text))


def flat(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


@settings(max_examples=200, deadline=None)
@given(st.one_of(SCHEMA_TEXT, HOSTILE_TEXT))
def test_escaped_text_renders_as_exactly_that_text(text: str) -> None:
    page = to_html(markdown_text(text))
    assert [tag for tag, _ in page.elements] == (["p"] if flat(text) else [])
    assert [attributes for _, attributes in page.elements if attributes] == []
    assert page.text.strip("\n") == flat(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(SCHEMA_TEXT, HOSTILE_TEXT), min_size=2, max_size=2))
def test_escaped_text_in_a_table_cell_stays_in_its_cell(cells: list[str]) -> None:
    page = to_html(table(["One", "Two"], [[markdown_text(cell) for cell in cells]]))
    assert [tag for tag, _ in page.elements] == ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"]
    assert [attributes for _, attributes in page.elements if attributes] == []


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(SCHEMA_TEXT, HOSTILE_TEXT),
    st.one_of(HOSTILE_TEXT, st.from_regex(r"\A(https?|javascript|data|HTTPS?):(//)?[ -~]{0,40}\Z")),
)
def test_external_link_is_http_or_plain_text(text: str, url: str) -> None:
    page = to_html(external_link(text, url))
    links = [attributes for tag, attributes in page.elements if tag == "a"]
    assert sorted({tag for tag, _ in page.elements} - {"p", "a"}) == []
    assert [a for a in links if set(a) != {"href"} or not re.match(r"https?://", a["href"], re.IGNORECASE)] == []
    assert len(links) <= 1


@settings(max_examples=150, deadline=None)
@given(st.one_of(SCHEMA_TEXT, HOSTILE_TEXT))
def test_xml_text_in_svg_stays_text(text: str) -> None:
    page = Elements(
        f'<svg><text x="1">{xml_text(text)}</text><title>{xml_text(text)}</title></svg>'
        f'<a aria-label="{xml_text(text)}"></a>'
    )
    assert page.elements == [("svg", {}), ("text", {"x": "1"}), ("title", {}), ("a", {"aria-label": flat(text)})]
    assert page.text == flat(text) * 2


@pytest.mark.parametrize(
    "text", ['--8<-- "mkdocs.yml"', '!!! danger "t"\n    body', '{: onclick="alert(1)" }', "\n\n# h\n\n1. x"]
)
def test_block_syntax_at_the_start_of_text_stays_text(text: str) -> None:
    page = to_html(markdown_text(text))
    assert ([tag for tag, _ in page.elements], page.text.strip("\n")) == (["p"], flat(text))


def test_raw_syntax_would_be_live_without_escaping() -> None:
    """The same Markdown set-up does turn raw syntax into markup, so the properties above can fail."""
    assert [tag for tag, _ in to_html("<script>alert(1)</script>\n\n[a](javascript:alert(1)) **b**").elements] == [
        "script",
        "p",
        "a",
        "strong",
    ]
