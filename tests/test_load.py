"""Load: the strict YAML reader keeps what a contributor wrote, maps fields to lines, and refuses
what it cannot read safely in bounded time and memory."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from scripts.load import load_fact_base, load_record_file
from scripts.load.files import MAX_FILE_BYTES
from scripts.load.strict_yaml import YamlProblem, parse_yaml
from scripts.model import Record


def parsed(text: str) -> dict:
    return parse_yaml(text, "r")[0]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("2026-05-14", "2026-05-14"),
        ("2026-05", "2026-05"),
        ("12:30", "12:30"),
        ("1.10.2", "1.10.2"),
        ("0123", "0123"),
        ("1_000", "1_000"),
        ("0x1F", "0x1F"),
        (".inf", ".inf"),
        ("1e5", "1e5"),
        ("'no'", "no"),
        ('"true"', "true"),
        ("=", "="),
        ("2026-05-14T10:00:00Z", "2026-05-14T10:00:00Z"),
    ],
)
def test_values_stay_text(written: str, value: str) -> None:
    assert parsed(f"v: {written}\n") == {"v": value}


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("true", True),
        ("false", False),
        ("42", 42),
        ("-7", -7),
        ("0", 0),
        ("1.5", 1.5),
        ("1.10", 1.1),
        ("1.5e+3", 1500.0),
        ("", None),
        ("~", None),
        ("null", None),
    ],
)
def test_plain_values(written: str, value: object) -> None:
    result = parsed(f"v: {written}\n")["v"]
    assert (result, type(result)) == (value, type(value))


def test_line_map_points_at_every_field() -> None:
    data, lines = parse_yaml("id: r\nroles:\n  - title: A\n    citations:\n      - source: s\n", "r")
    assert data == {"id": "r", "roles": [{"title": "A", "citations": [{"source": "s"}]}]}
    assert lines == {
        "": 1,
        "id": 1,
        "roles": 2,
        "roles.0": 3,
        "roles.0.title": 3,
        "roles.0.citations": 4,
        "roles.0.citations.0": 5,
        "roles.0.citations.0.source": 5,
    }


def test_line_of_a_missing_field_is_its_nearest_parent() -> None:
    record = Record("person", "r", "facts/person/r.yaml", {}, {"": 2, "roles": 5, "roles.0": 6})
    assert [record.line_of("roles.0.citations"), record.line_of("summary"), record.line_of("")] == [6, 2, 2]


def write(tmp_path: Path, content: bytes) -> Record | object:
    path = tmp_path / "facts" / "person" / "r.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    return load_record_file(tmp_path, path, "person")


def read(tmp_path: Path, raw: bytes) -> Record:
    """The record a file holds; the test fails if the file gives a problem instead."""
    record = write(tmp_path, raw)
    assert isinstance(record, Record), str(record)
    return record


def test_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    record = read(tmp_path, "\ufeffid: r\nname: Zoë\n".encode())
    assert (record.data, record.line_of("name")) == ({"id": "r", "name": "Zoë"}, 2)


def test_file_size_limit(tmp_path: Path) -> None:
    problem = write(tmp_path, b"id: r\nname: " + b"x" * MAX_FILE_BYTES + b"\n")
    assert (
        str(problem)
        == "facts/person/r.yaml:1: r: FILE002 file is larger than 1,000,000 bytes; split it or shorten its text"
    )


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    head = b"id: r\nname: "
    record = read(tmp_path, head + b"x" * (MAX_FILE_BYTES - len(head) - 1) + b"\n")
    assert len(record.data["name"]) == MAX_FILE_BYTES - len(head) - 1


def refused(text: str) -> tuple[int, str, str]:
    with pytest.raises(YamlProblem) as raised:
        parse_yaml(text, "r")
    return raised.value.line, raised.value.code, raised.value.field_path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: r\na: &a [1]\nb: *a\n", (2, "YAML003", "")),
        ('id: r\nnote: "R&D costs"\nx: {"k":&a v}\n', (3, "YAML003", "")),
        ("id: r\nv: !!binary aGk=\n", (2, "YAML010", "v")),
        ("id: r\nv: !custom {a: 1}\n", (2, "YAML010", "v")),
        ("id: r\nv: " + "[" * 17 + "]" * 17 + "\n", (2, "YAML008", "v.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0")),
        ("id: r\nv:\n" + "".join(" " * i + "-\n" for i in range(1, 300)), (251, "YAML008", "")),
        ("id: r\nv: Yes\n", (2, "YAML009", "v")),
        ("id: r\n[a]: b\n", (2, "YAML010", "")),
    ],
)
def test_refused(text: str, expected: tuple[int, str, str]) -> None:
    assert refused(text) == expected


def test_text_with_ampersands_is_not_mistaken_for_an_anchor() -> None:
    assert parsed("id: r\nname: R&D & more\nnote: 'x &y'\n") == {"id": "r", "name": "R&D & more", "note": "x &y"}


@pytest.mark.parametrize(
    "text",
    [
        "a: &a [x,x,x,x,x,x,x,x,x]\n"
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(20)),
        "id: r\nv: " + "[" * 400_000 + "]" * 400_000 + "\n",
        "id: r\nv:\n" + "- " * 400_000 + "x\n",
    ],
    ids=["alias-bomb", "flow-nesting", "block-nesting"],
)
def test_hostile_input_is_refused_in_bounded_time(text: str) -> None:
    # A generous bound: these took minutes or crashed the interpreter before the checks existed.
    start = time.perf_counter()
    with pytest.raises(YamlProblem):
        parse_yaml(text, "r")
    assert time.perf_counter() - start < 5


def test_load_fact_base_reads_records_in_path_order(fact_base: Path) -> None:
    loaded = load_fact_base(fact_base)
    assert [(r.type, r.id) for r in loaded.records] == [
        ("source", "example-broadcast"),
        ("source", "example-wire-article"),
        ("agreement", "talks-protocol"),
        ("event", "talks-announcement"),
        ("organization", "example-wire"),
        ("organization", "us-treasury"),
        ("person", "jane-example"),
        ("topic", "ai-safety-protocol"),
    ]
    assert loaded.problems == ()
