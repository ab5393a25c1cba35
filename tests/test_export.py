"""Exports loaded back and compared with the fact base: records.json, per-record JSON, CSV, SQLite,
published schemas; byte-identical on a second run; graceful outside git."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import pipeline
from scripts.export import FORMAT_VERSION, export_files
from scripts.export.api import record_document, records_document, to_json
from scripts.export.tables import columns
from scripts.link import Index
from scripts.load import Publication, load_schemas, read_publication, read_record_types
from scripts.model import DERIVED_COLUMNS
from scripts.write import publish_schemas
from tests.conftest import index_of
from tests.exportbase import HOSTILE_NAME, LAST_COMMIT, REPO, SITE_URL, commit_of, make_export_base

TYPES = read_record_types(load_schemas(REPO))
IDS = [
    "ana-example",
    "announcement",
    "example-wire",
    "first-round",
    "later-meeting",
    "ministry",
    "safety-testing",
    "testing-law",
    "wire-story",
]
NESTED_FIELDS = {"roles", "positions", "statements", "citations"}


@pytest.fixture(scope="module")
def exported(base: Path) -> tuple[Index, Publication, dict[str, Any]]:
    index = index_of(base)
    publication = read_publication(base)
    return index, publication, export_files(index, publication)


def url(page: str) -> str:
    return f"{SITE_URL}{page}"


def test_the_test_fact_base_is_valid(base: Path) -> None:
    problems = list(pipeline.check(base).problems)
    assert [str(p) for p in problems] == []


def test_records_json_holds_every_record_with_versions(base: Path, exported) -> None:
    _, _, files = exported
    document = json.loads(files["api/records.json"])
    assert document["format_version"] == FORMAT_VERSION == "2.1"
    assert document["dataset_version"] == commit_of(base, LAST_COMMIT)[:12]
    assert (document["history_available"], document["history_unavailable"]) == (True, "")
    assert document["site"] == SITE_URL
    assert document["record_count"] == 9
    assert [r["id"] for r in document["records"]] == IDS


def test_records_json_is_byte_for_byte_the_whole_document_encoded_at_once(exported) -> None:
    index, publication, files = exported
    documents = [record_document(index, publication, r) for r in index.records.values()]
    assert files["api/records.json"] == to_json(records_document(index, publication, documents))


def test_a_record_has_resolved_references_backlinks_and_its_last_change(exported) -> None:
    _, _, files = exported
    record = {r["id"]: r for r in json.loads(files["api/records.json"])["records"]}["announcement"]
    assert {k: record[k] for k in ("id", "type", "name", "path", "url", "last_changed", "format_version")} == {
        "id": "announcement",
        "type": "event",
        "name": "Announcement of the AI talks",
        "path": "facts/event/announcement.yaml",
        "url": url("event/announcement.html"),
        "last_changed": "2026-05-22",
        "format_version": "2.1",
    }
    assert [(r["field"], r["id"], r["type"]) for r in record["references"]] == [
        ("citations.0.source", "wire-story", "source"),
        ("participants.0", "ana-example", "person"),
        ("participants.1", "ministry", "organization"),
        ("statements.0.citations.0.source", "wire-story", "source"),
        ("statements.0.said_by", "ministry", "organization"),
    ]
    assert record["references"][2] == {
        "field": "participants.1",
        "id": "ministry",
        "type": "organization",
        "name": HOSTILE_NAME,
        "url": url("organization/ministry.html"),
    }
    assert record["backlinks"] == [
        {
            "field": "part_of",
            "id": "first-round",
            "type": "event",
            "name": record["backlinks"][0]["name"],
            "url": url("event/first-round.html"),
        }
    ]
    assert record["data"]["participants"] == ["ana-example", "ministry"]


def test_each_record_file_equals_its_entry_in_records_json(exported) -> None:
    _, _, files = exported
    records = json.loads(files["api/records.json"])["records"]
    # year-only was renamed later-meeting: its old address names the new id.
    assert sorted(
        p for p in files if re.fullmatch(r"api/[a-z]+/[a-z0-9-]+\.json", p) and p != "api/records.json"
    ) == sorted([*(f"api/{r['type']}/{r['id']}.json" for r in records), "api/event/year-only.json"])
    assert all(json.loads(files[f"api/{r['type']}/{r['id']}.json"]) == r for r in records)
    assert json.loads(files["api/event/year-only.json"])["renamed_to"] == "later-meeting"


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_files_have_the_documented_columns_and_one_row_per_record(exported) -> None:
    index, _, files = exported
    for record_type in TYPES.values():
        text = files[f"api/csv/{record_type.name}.csv"]
        assert text.splitlines()[0] == ",".join(columns(record_type))
        assert [row["id"] for row in read_csv(text)] == [r.id for r in index.of_type(record_type.name)]
    assert "\n" not in files["api/csv/event.csv"].replace("\r\n", "")


def test_a_csv_row_joins_lists_and_keeps_formulas_as_text(exported) -> None:
    _, _, files = exported
    events = {row["id"]: row for row in read_csv(files["api/csv/event.csv"])}
    assert events["announcement"] == {
        "id": "announcement",
        "previous_ids": "",
        "name": "Announcement of the AI talks",
        "kind": "announcement",
        "status": "announced",
        "date": "2026-05-14",
        "date_certainty": "exact",
        "date_note": "",
        "end_date": "",
        "place": "",
        "part_of": "",
        "participants": "ana-example;ministry",
        "topics": "",
        "summary": "",
        "page_url": url("event/announcement.html"),
        "path": "facts/event/announcement.yaml",
        "last_changed": "2026-05-22",
    }
    topic = read_csv(files["api/csv/topic.csv"])[0]
    assert topic["summary"] == '\'=HYPERLINK("https://evil.example") is not a formula here'


def test_csv_columns_are_the_flat_fields_of_the_schema_in_its_order() -> None:
    """Derived from the schema: text, numbers, true/false and lists of ids; no roles, positions,
    statements or citations, which the JSON and SQLite hold."""
    assert TYPES["event"].columns == (
        "id",
        "previous_ids",
        "name",
        "kind",
        "status",
        "date",
        "date_certainty",
        "date_note",
        "end_date",
        "place",
        "participants",
        "part_of",
        "topics",
        "summary",
    )
    assert {name: set(t.columns) & NESTED_FIELDS for name, t in TYPES.items()} == {name: set() for name in TYPES}


def test_docs_data_page_documents_the_derived_columns() -> None:
    """Each type's own columns are listed on its generated reference page (tests/test_reference.py)."""
    markdown = (REPO / "docs" / "data.md").read_text(encoding="utf-8")
    table = markdown.split("Every file ends with three derived columns:", 1)[1].split("\n\n", 2)[1]
    assert re.findall(r"^\| `([a-z0-9_]+)` \|", table, re.MULTILINE) == list(DERIVED_COLUMNS)


@pytest.fixture(scope="module")
def database(exported, tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path = tmp_path_factory.mktemp("sqlite") / "factbase.sqlite"
    path.write_bytes(exported[2]["api/factbase.sqlite"])
    return sqlite3.connect(path)


def test_sqlite_has_the_documented_tables(database: sqlite3.Connection) -> None:
    tables = [row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    assert tables == [
        "agreement",
        "citations",
        "event",
        "history",
        "links",
        "metadata",
        "organization",
        "person",
        "records",
        "source",
        "statements",
        "topic",
    ]


def test_sqlite_counts_match_the_fact_base(database: sqlite3.Connection, exported, base: Path) -> None:
    index = exported[0]
    assert database.execute("SELECT count(*) FROM records").fetchone()[0] == len(index.records) == 9
    assert database.execute("SELECT count(*) FROM links").fetchone()[0] == len(index.references) == 19
    assert database.execute("SELECT count(*) FROM event").fetchone()[0] == 3
    assert dict(database.execute("SELECT key, value FROM metadata")) == {
        "dataset_version": commit_of(base, LAST_COMMIT)[:12],
        "format_version": "2.1",
        "history_available": "true",
        "history_unavailable": "",
        "site_url": SITE_URL,
    }


def test_sqlite_rows_of_a_record(database: sqlite3.Connection) -> None:
    assert database.execute(
        "SELECT target_id FROM links WHERE source_id = 'announcement' ORDER BY field"
    ).fetchall() == [("wire-story",), ("ana-example",), ("ministry",), ("wire-story",), ("ministry",)]
    assert database.execute("SELECT * FROM statements").fetchall() == [
        ("announcement", "size", "Twelve officials will take part.", "unconfirmed", "ministry", None)
    ]
    assert database.execute(
        "SELECT field, source_id, quote, note FROM citations WHERE record_id = 'ana-example' ORDER BY field"
    ).fetchall() == [
        ("citations.0", "wire-story", "Ana Example", None),
        ("roles.0.citations.0", "wire-story", "Minister Ana Example", None),
    ]
    assert database.execute(
        "SELECT name, participants, last_changed FROM event WHERE id = 'announcement'"
    ).fetchone() == ("Announcement of the AI talks", "ana-example;ministry", "2026-05-22")


def test_sqlite_json_functions_reach_nested_fields(database: sqlite3.Connection) -> None:
    query = (
        "SELECT r.id, json_extract(role.value, '$.title') FROM records AS r, json_each(r.data, '$.roles') AS role "
        "WHERE json_extract(role.value, '$.organization') = 'ministry'"
    )
    assert database.execute(query).fetchall() == [("ana-example", "Minister")]


def test_every_export_is_byte_identical_on_a_second_run(base: Path, exported) -> None:
    again = export_files(index_of(base), read_publication(base))
    assert list(again) == list(exported[2])
    assert [p for p in again if again[p] != exported[2][p]] == []


def test_outside_git_the_exports_are_unversioned_and_undated(tmp_path: Path) -> None:
    base = make_export_base(tmp_path / "plain", with_git=False)
    files = export_files(index_of(base), read_publication(base))
    document = json.loads(files["api/records.json"])
    assert (document["dataset_version"], document["record_count"]) == ("unversioned", 9)
    assert (document["history_available"], document["history_unavailable"]) == (
        False,
        "the site was built outside a git checkout",
    )
    assert {(r["last_changed"], r["history"]) for r in document["records"]} == {(None, None)}
    person = files["api/csv/person.csv"]
    assert isinstance(person, str) and read_csv(person)[0]["last_changed"] == ""


def test_every_schema_id_is_its_published_address(tmp_path: Path) -> None:
    site_url = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    copied = publish_schemas(REPO, tmp_path / "site")
    names = sorted(p.name for p in (REPO / "schemas").glob("*.schema.json"))
    assert [p.name for p in copied] == names and len(names) == 7
    for path in copied:
        assert json.loads(path.read_text(encoding="utf-8"))["$id"] == f"{site_url}schemas/{path.name}"
        assert path.read_bytes() == (REPO / "schemas" / path.name).read_bytes()
