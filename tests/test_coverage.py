"""Coverage: what each of the five seed articles says about the subject is in the fact base.

Takes tests/coverage_checklist.yaml, written by reading the articles: for each article, the names,
dates, numbers and agreements it mentions, each mapped to a record id, a field with its expected
value, or a statement with its expected status, attribution, figure and conflicts. Gives one test per
entry, asserting exact values, plus checks that the checklist and the fact base match as wholes
(every fact record is named, every conflict is linked both ways).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from scripts import pipeline
from scripts.load import load_fact_base
from scripts.load.strict_yaml import parse_yaml
from scripts.model import Record, iter_citations

ROOT = Path(__file__).resolve().parent.parent
CHECKLIST = Path(__file__).resolve().parent / "coverage_checklist.yaml"
ARTICLES = [
    "000_4bceb339e9504060.txt",
    "001_8da44d3ccaf467ef.txt",
    "002_29d1f202c36911f5.txt",
    "003_61edb64f7f65587a.txt",
    "004_3de42c2df98e10c2.txt",
]
STATEMENT_KEYS = ("status", "said_by", "date", "date_certainty", "figure")
MISSING = object()


def read_checklist() -> dict[str, Any]:
    # The checklist goes through the same strict reader as the fact files, so '2026' stays text.
    data, _ = parse_yaml(CHECKLIST.read_text(encoding="utf-8"), CHECKLIST.stem)
    return data


CHECKS = read_checklist()
FACTS = load_fact_base(ROOT)
BY_ID: dict[str, Record] = {record.id: record for record in FACTS.records}


def iter_entries() -> Iterator[Any]:
    for name, article in CHECKS["articles"].items():
        for index, entry in enumerate(article["entries"]):
            label = entry["record"] + (f"#{entry['statement']}" if "statement" in entry else "")
            yield pytest.param(name, entry, id=f"{name[:3]}-{index:02d}-{label}")


def resolve(data: Any, field_path: str) -> Any:
    """The value at a dotted field path (list items by index), or MISSING."""
    for part in field_path.split("."):
        if isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        elif isinstance(data, Mapping) and part in data:
            data = data[part]
        else:
            return MISSING
    return data


def find_statement(record: Record, statement_id: str) -> Mapping[str, Any]:
    matches = [s for s in record.data.get("statements", []) if s.get("id") == statement_id]
    assert len(matches) == 1, f"{record.id} has {len(matches)} statements with id {statement_id!r}, expected 1"
    return matches[0]


def cited_articles(data: Any) -> set[str]:
    """The article source ids behind every citation in data, following cited_through."""
    found = set()
    for _, citation in iter_citations(data):
        source = BY_ID[citation["source"]]
        found.update(source.data.get("cited_through", [source.id]))
    return found


def test_checklist_covers_the_five_articles() -> None:
    assert sorted(CHECKS["articles"]) == ARTICLES


@pytest.mark.parametrize("name", ARTICLES)
def test_article_is_registered_with_its_checksum(name: str) -> None:
    article = CHECKS["articles"][name]
    source = BY_ID[article["source"]]
    assert (source.type, source.data["sha256"]) == ("source", article["sha256"])


def test_fact_base_validates_without_problems() -> None:
    problems = list(pipeline.check(ROOT).problems)
    assert [str(problem) for problem in problems] == []


@pytest.mark.parametrize(("name", "entry"), list(iter_entries()))
def test_entry_resolves(name: str, entry: Mapping[str, Any]) -> None:
    record = BY_ID.get(entry["record"])
    assert record is not None, f"no record has id {entry['record']!r} ({entry['mention']})"
    if "type" in entry:
        assert record.type == entry["type"]
    if "field" in entry:
        assert resolve(record.data, entry["field"]) == entry["value"]
    for field_path in entry.get("absent", []):
        assert resolve(record.data, field_path) is MISSING, f"{record.id}: {field_path} should be absent"
    target = find_statement(record, entry["statement"]) if "statement" in entry else record.data
    check_statement_fields(target, entry)
    assert CHECKS["articles"][name]["source"] in cited_articles(target)


def check_statement_fields(statement: Mapping[str, Any], entry: Mapping[str, Any]) -> None:
    for key in STATEMENT_KEYS:
        if key in entry:
            assert statement.get(key) == entry[key], key
    if "conflicts_with" in entry:
        assert sorted(statement.get("conflicts_with", [])) == sorted(entry["conflicts_with"])


def test_every_fact_record_is_in_the_checklist() -> None:
    named = {entry["record"] for article in CHECKS["articles"].values() for entry in article["entries"]}
    named |= {article["source"] for article in CHECKS["articles"].values()}
    assert sorted(set(BY_ID) - named) == []


def test_conflicts_are_linked_both_ways() -> None:
    links = {
        (f"{record.id}#{statement['id']}", other)
        for record in FACTS.records
        for statement in record.data.get("statements", [])
        for other in statement.get("conflicts_with") or []
    }
    assert sorted((b, a) for a, b in links if (b, a) not in links) == []


def prose(data: Any) -> Iterator[str]:
    """Every string in a record outside its citations' quotes."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            if key != "quote":
                yield from prose(value)
    elif isinstance(data, list):
        for item in data:
            yield from prose(item)
    elif isinstance(data, str):
        yield data


def test_prose_names_sources_as_readers_know_them() -> None:
    # The seed files' numbers (000_….txt) mean nothing on the site: a reader sees a source's
    # outlet, author or title, so that is how records refer to one.
    numbered = re.compile(r"\barticles?\s+00\d\b", re.IGNORECASE)
    found = [(record.id, text) for record in FACTS.records for text in prose(record.data) if numbered.search(text)]
    assert found == []
