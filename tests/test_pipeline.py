"""The pipeline as one composition, and the record-type table derived from the schemas: a type added
as nothing but a schema (and its records) is validated, linked, rendered, exported and built."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from scripts import pipeline
from scripts.build import build_site
from scripts.load import load_schemas, read_record_types
from scripts.write import copy_site_setup
from tests.conftest import REPO, copy_fact_base

# A throwaway type: a schema in schemas/ with its annotations, and nothing else in the code.
GADGET_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://us-china-ai-talks.github.io/factbase/schemas/gadget.schema.json",
    "title": "Gadget",
    "description": "A device mentioned in the sources. Lives in facts/gadget/<id>.yaml.",
    "x-record-type": {
        "plural": "Gadgets",
        "index_page": "gadgets",
        "order": 7,
        "schema_org": "Product",
        "graph_column": 6,
    },
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "citations"],
    "properties": {
        "id": {"$ref": "common.schema.json#/$defs/id", "description": "The record's id."},
        "name": {"$ref": "common.schema.json#/$defs/name", "description": "The gadget's name."},
        "maker": {
            "$ref": "common.schema.json#/$defs/reference",
            "description": "Who makes it.",
            "x-refers-to": ["organization"],
            "x-jsonld": "manufacturer",
        },
        "released": {"$ref": "common.schema.json#/$defs/date", "description": "When it came out."},
        "summary": {"$ref": "common.schema.json#/$defs/text", "description": "In our own words."},
        "citations": {"$ref": "common.schema.json#/$defs/citations", "description": "Where it is mentioned."},
    },
}
GADGET = """\
id: safety-box
name: Safety Box
maker: us-treasury
released: 2026-05
summary: A box for testing models.
citations:
  - source: example-wire-article
    quote: set up a protocol
"""


@pytest.fixture
def gadget_base(tmp_path: Path) -> Path:
    root = copy_fact_base(tmp_path / "repo")
    (root / "schemas" / "gadget.schema.json").write_text(json.dumps(GADGET_SCHEMA, indent=2), encoding="utf-8")
    (root / "facts" / "gadget").mkdir()
    (root / "facts" / "gadget" / "safety-box.yaml").write_text(GADGET, encoding="utf-8")
    return root


def test_the_type_table_is_read_from_the_schemas(gadget_base: Path) -> None:
    gadget = read_record_types(load_schemas(gadget_base))["gadget"]
    assert (gadget.label, gadget.plural, gadget.index_page, gadget.folder) == (
        "Gadget",
        "Gadgets",
        "gadgets.md",
        "facts/gadget",
    )
    assert (dict(gadget.references), gadget.date_fields, dict(gadget.jsonld)) == (
        {"maker": ("organization",), "citations.*.source": ("source",)},
        ("released",),
        {"maker": "manufacturer"},
    )
    assert gadget.columns == ("id", "name", "maker", "released", "summary")


def test_a_bad_reference_of_the_new_type_is_a_problem_line(gadget_base: Path) -> None:
    path = gadget_base / "facts" / "gadget" / "safety-box.yaml"
    path.write_text(GADGET.replace("maker: us-treasury", "maker: us-tresury"), encoding="utf-8")
    assert [str(p) for p in pipeline.check(gadget_base).problems] == [
        "facts/gadget/safety-box.yaml:3: safety-box: maker: REF001 no organization has id 'us-tresury' "
        "(did you mean 'us-treasury'?)"
    ]


@pytest.mark.slow
def test_a_type_added_as_a_schema_is_built_into_the_site(gadget_base: Path) -> None:
    copy_site_setup(REPO, gadget_base)
    assert build_site(gadget_base) == 0
    site = gadget_base / "site" / "generated"
    page = (site / "gadget" / "safety-box.html").read_text(encoding="utf-8")
    assert "Safety Box" in page and '"@type":"Product"' in page and '"manufacturer"' in page
    assert "Referenced by" in (site / "organization" / "us-treasury.html").read_text(encoding="utf-8")
    assert "Safety Box" in (site / "gadgets.html").read_text(encoding="utf-8")
    assert (
        json.loads((site / "api" / "gadget" / "safety-box.json").read_text(encoding="utf-8"))["data"]["maker"]
        == "us-treasury"
    )
    rows = list(
        csv.DictReader(io.StringIO((site / "api" / "csv" / "gadget.csv").read_text(encoding="utf-8"), newline=""))
    )
    assert [(row["id"], row["maker"], row["released"]) for row in rows] == [("safety-box", "us-treasury", "2026-05")]
    assert "Table columns" in (site / "reference" / "gadget.html").read_text(encoding="utf-8")
    assert "safety-box.html" in (site / "graph.html").read_text(encoding="utf-8")
