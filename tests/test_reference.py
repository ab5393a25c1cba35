"""Tests for the record-type reference pages generated from the schemas."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import markdown

from scripts.load import load_schemas, read_record_types
from scripts.model import Record
from scripts.render.reference import render_reference_pages

ROOT = Path(__file__).resolve().parent.parent

COMMON = {
    "$id": "https://example.org/schemas/common.schema.json",
    "$defs": {
        "id": {"type": "string", "description": "An id."},
        "reference": {"type": "string", "description": "The id of another record."},
        "status": {"type": "string", "description": "How certain.", "enum": ["reported", "confirmed"]},
        "citation": {
            "type": "object",
            "required": ["source"],
            "properties": {
                "source": {
                    "$ref": "common.schema.json#/$defs/reference",
                    "description": "The source id.",
                    "x-refers-to": ["source"],
                }
            },
        },
        "citations": {"type": "array", "description": "Citations.", "items": {"$ref": "#/$defs/citation"}},
    },
}
PERSON = {
    "$id": "https://example.org/schemas/person.schema.json",
    "title": "Person",
    "description": "A <b>person</b>.",
    "type": "object",
    "required": ["id", "citations"],
    "properties": {
        "id": {"$ref": "common.schema.json#/$defs/id", "description": "The record's id."},
        "status": {"$ref": "common.schema.json#/$defs/status", "description": "How certain | *sure*."},
        "date_note": {"type": "string", "description": "How the date was worked out."},
        "citations": {"$ref": "common.schema.json#/$defs/citations", "description": "Where it is said."},
    },
    "if": {"required": ["date_certainty"], "properties": {"date_certainty": {"enum": ["inferred"]}}},
    "then": {"required": ["date_note"]},
}
SCHEMAS = {"common": COMMON, "person": PERSON}


def record(record_id: str, data: dict) -> Record:
    return Record("person", record_id, f"facts/person/{record_id}.yaml", {"id": record_id, **data}, {})


RECORDS = [
    record("zed", {"status": "confirmed", "citations": [{"source": "wire"}]}),
    record(
        "amy", {"date_note": "It said <script>alert(1)</script> [x](javascript:y)", "citations": [{"source": "paper"}]}
    ),
]


def test_type_page_exact() -> None:
    pages = render_reference_pages(SCHEMAS, read_record_types(SCHEMAS), RECORDS)
    assert list(pages) == ["reference/index.md", "reference/person.md"]
    assert pages["reference/person.md"] == (
        '---\nsearch: false\ntitle: "Person"\n---\n\n# Person\n\n'
        "A &#60;b&#62;person&#60;/b&#62;.\n\n"
        "File: facts/person/&#60;id&#62;.yaml. Schema: schemas/person.schema.json. A nested field such as "
        "`citations[].quote` is "
        "required in each item or mapping that is present. Examples are the first in the fact base, by record id.\n\n"
        "| Field | Type | Required | Allowed values | Description | Example |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| `id` | id | yes |   | The record's id. | amy ([amy](../person/amy.md)) |\n"
        "| `status` | status | no | reported, confirmed | How certain &#124; &#42;sure&#42;. | confirmed "
        "([zed](../person/zed.md)) |\n"
        "| `date_note` | text | when date&#95;certainty is inferred |   | How the date was worked out. | "
        "It said &#60;script&#62;alert&#40;1&#41;&#60;/script&#62; &#91;x&#93;&#40;javascript&#58;y&#41; "
        "([amy](../person/amy.md)) |\n"
        "| `citations` | list of citation | yes |   | Where it is said. |   |\n"
        "| `citations[].source` | reference to source | yes |   | The source id. | paper ([amy](../person/amy.md)) "
        "|\n\n"
        "## Table columns\n\n"
        "The CSV file `api/csv/person.csv` and the SQLite table `person` hold one row per record with these "
        "columns, in this order: "
        "`id`, `status`, `date_note`, `page_url`, `path`, `last_changed`. A list of ids is joined with `;`; the "
        "last three are derived "
        "(see Download and use the data).\n"
    )


def test_index_page_exact() -> None:
    pages = render_reference_pages(SCHEMAS, read_record_types(SCHEMAS), RECORDS)
    assert pages["reference/index.md"] == (
        '---\nsearch: false\ntitle: "Record types"\n---\n\n# Record types\n\n'
        "Every record is one YAML file, checked against the JSON Schema of its type in schemas/. "
        "These pages are generated from those schemas; the examples come from the fact base.\n\n"
        "| Type | File | Records | Description |\n"
        "| --- | --- | --- | --- |\n"
        "| [Person](person.md) | facts/person/&#60;id&#62;.yaml | 2 | A &#60;b&#62;person&#60;/b&#62;. |\n\n"
        "**status**: How certain. Values: reported, confirmed.\n"
    )


def test_hostile_text_renders_as_text() -> None:
    page = render_reference_pages(SCHEMAS, read_record_types(SCHEMAS), RECORDS)["reference/person.md"]
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["tables", "attr_list", "footnotes"])
    assert ("<script" in html, "<b>" in html, 'href="javascript' in html) == (False, False, False)
    cell = "It said &#60;script&#62;alert&#40;1&#41;&#60;/script&#62; &#91;x&#93;&#40;javascript&#58;y&#41;"
    assert f'<td>{cell} (<a href="../person/amy.md">amy</a>)</td>' in html
    assert unescape(cell) == "It said <script>alert(1)</script> [x](javascript:y)"


def test_real_schemas_list_every_property_of_every_type() -> None:
    schemas = load_schemas(ROOT)
    pages = render_reference_pages(schemas, read_record_types(schemas), [])
    assert sorted(pages) == [
        "reference/agreement.md",
        "reference/event.md",
        "reference/index.md",
        "reference/organization.md",
        "reference/person.md",
        "reference/source.md",
        "reference/topic.md",
    ]
    for name, schema in schemas.items():
        if name == "common":
            continue
        rows = [
            line.split(" | ")[0].removeprefix("| ")
            for line in pages[f"reference/{name}.md"].splitlines()
            if line.startswith("| `")
        ]
        top = [row.strip("`") for row in rows if "." not in row and "[" not in row]
        assert top == list(schema["properties"])
    person = pages["reference/person.md"]
    assert (
        "| `roles[].organization` | reference to organization | no |   | The organization id the position belongs "
        "to. |   |" in person
    )
    assert (
        "| `statements[].status` | status | yes | announced, confirmed, reported, unconfirmed, denied, expected, "
        "held, estimate, prediction, analysis, disputed |" in person
    )
    assert (
        "\n\nAlso required&#58; sha256, or cited&#95;through and citations.\n\n## Table columns"
        in pages["reference/source.md"]
    )
    assert "`cited_through`, `summary`, `page_url`, `path`, `last_changed`." in pages["reference/source.md"]
