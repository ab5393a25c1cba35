"""Link: the Index built from the test fact base, asserted value by value."""

from __future__ import annotations

import pytest

from scripts.link import Index, Reference
from scripts.model import StatementRef
from tests.conftest import index_of, make_site_base


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    return index_of(make_site_base(tmp_path_factory.mktemp("facts")))


def test_records_are_keyed_by_id_in_sorted_order(index: Index) -> None:
    assert list(index.records) == [
        "ana-example",
        "announcement",
        "example-wire",
        "first-round",
        "ministry",
        "quoted-interview",
        "safety-testing",
        "testing-pledge",
        "wire-story",
    ]


def test_backlinks_name_every_referring_field(index: Index) -> None:
    assert index.backlinks["ana-example"] == (
        Reference("announcement", "participants.0", "ana-example"),
        Reference("first-round", "participants.0", "ana-example"),
    )
    assert index.backlinks["announcement"] == (Reference("testing-pledge", "adopted_at", "announcement"),)


def test_outgoing_links_are_the_same_references_from_the_other_end(index: Index) -> None:
    assert index.outgoing["ana-example"] == (
        Reference("ana-example", "citations.0.source", "wire-story"),
        Reference("ana-example", "roles.0.citations.0.source", "wire-story"),
        Reference("ana-example", "roles.0.organization", "ministry"),
        Reference("ana-example", "statements.0.citations.0.source", "quoted-interview"),
        Reference("ana-example", "statements.0.said_by", "example-wire"),
    )


def test_timeline_puts_a_year_before_its_months_and_a_month_after_earlier_days(index: Index) -> None:
    assert index.timeline == ("testing-pledge", "announcement", "first-round")


def test_each_conflict_is_listed_once_whichever_side_names_it(index: Index) -> None:
    assert index.conflicts == ((StatementRef("announcement", "size"), StatementRef("first-round", "size")),)


def test_citing_lists_the_records_citing_each_source(index: Index) -> None:
    assert index.citing["quoted-interview"] == ("ana-example",)
    assert index.citing["wire-story"] == (
        "ana-example",
        "announcement",
        "example-wire",
        "first-round",
        "ministry",
        "quoted-interview",
        "safety-testing",
        "testing-pledge",
    )


def test_statement_lookup_by_reference(index: Index) -> None:
    found = index.statement(StatementRef("announcement", "size"))
    assert (found or {}).get("text") == "Twelve officials will take part."
    assert index.statement(StatementRef("announcement", "missing")) is None
