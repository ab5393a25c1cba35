"""Addresses as a contract (docs/data.md): the built site against the documented paths, a renamed
record's old page and JSON leading to the new ones, a withdrawn record kept at its address and out
of every list."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest

from scripts.build import build_site
from scripts.load import load_fact_base
from scripts.write import copy_site_setup
from tests.conftest import REPO, copy_fact_base

pytestmark = pytest.mark.slow  # builds whole sites
SITE_URL = "https://us-china-ai-talks.github.io/factbase/"


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real fact base built with the real set-up (outside git: unversioned, undated)."""
    root = tmp_path_factory.mktemp("real") / "repo"
    root.mkdir()
    for folder in ("facts", "seeds", "schemas"):
        shutil.copytree(REPO / folder, root / folder)
    copy_site_setup(REPO, root)
    assert build_site(root) == 0
    return root


def test_every_record_has_its_page_data_and_citations_at_the_documented_addresses(real: Path) -> None:
    site = real / "site"
    records = load_fact_base(real).records
    missing = [
        path
        for record in records
        for path in (
            f"{record.type}/{record.id}.html",
            f"api/{record.type}/{record.id}.json",
            f"api/{record.type}/{record.id}.ris",
            f"api/{record.type}/{record.id}.csl.json",
        )
        if not (site / path).is_file()
    ]
    assert (len(records), missing) == (119, [])
    for path in (
        "api/records.json",
        "api/factbase.sqlite",
        "api/factbase.ris",
        "api/factbase.csl.json",
        "api/factbase.bib",
        "feeds/changes.atom",
        "feeds/events.ics",
        "events.html",
        "people.html",
        "sources.html",
        "statuses.html",
    ):
        assert (site / path).is_file(), path


def test_no_public_path_or_sitemap_entry_carries_a_build_detail(real: Path) -> None:
    site = real / "site"
    paths = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert [p for p in paths if "generated" in p or "_fragments" in p] == []
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert "https://us-china-ai-talks.github.io/factbase/person/scott-bessent.html" in entries
    assert [e for e in entries if "generated" in e or not e.startswith(SITE_URL)] == []
    urls = {r["url"] for r in json.loads((site / "api" / "records.json").read_text(encoding="utf-8"))["records"]}
    assert [u for u in urls if "generated" in u or not u.startswith(SITE_URL)] == []


def test_every_record_page_names_its_address_and_carries_citation_tags(real: Path) -> None:
    site = real / "site"
    wrong = []
    for record in load_fact_base(real).records:
        url = f"{SITE_URL}{record.type}/{record.id}.html"
        head = (site / record.type / f"{record.id}.html").read_text(encoding="utf-8").split("</head>", 1)[0]
        tags = {
            html.unescape(n): html.unescape(c) for n, c in re.findall(r'<meta name="([^"]*)" content="([^"]*)"', head)
        }
        canonical = re.findall(r'<link rel="canonical" href="([^"]*)"', head)
        csl = json.loads((site / "api" / record.type / f"{record.id}.csl.json").read_text(encoding="utf-8"))[0]
        ris = (site / "api" / record.type / f"{record.id}.ris").read_bytes().decode("utf-8")
        checks = (
            canonical == [url],
            tags.get("citation_public_url") == url,
            tags.get("DC.identifier") == url,
            "citation_title" in tags,
            csl["URL"] == url,
            csl["version"] == "unversioned",
            f"UR  - {url}\r\n" in ris,
            "ET  - dataset version unversioned\r\n" in ris,
        )
        if not all(checks):
            wrong.append((record.id, checks))
    assert wrong == []


# -- renames and withdrawals ----------------------------------------------------------------------

RENAMED = "facts/person/jane-example.yaml"


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good fact base with jane-example renamed jane-doe (previous_ids kept, references updated),
    and example-wire withdrawn (references to it removed), built into a site."""
    root = copy_fact_base(tmp_path_factory.mktemp("renamed") / "repo")
    for path in (root / "facts").rglob("*.yaml"):
        content = path.read_text(encoding="utf-8").replace("held_by: jane-example", "held_by: jane-doe")
        path.write_text(content.replace("  - jane-example\n", "  - jane-doe\n"), encoding="utf-8")
    old = root / RENAMED
    text = old.read_text(encoding="utf-8").replace(
        "id: jane-example\n", "id: jane-doe\nprevious_ids:\n- jane-example\n"
    )
    (root / "facts/person/jane-doe.yaml").write_text(text, encoding="utf-8")
    old.unlink()
    wire = root / "facts/organization/example-wire.yaml"
    wire.write_text(
        wire.read_text(encoding="utf-8") + "withdrawn:\n  date: 2026-06-01\n  reason: Made in error.\n",
        encoding="utf-8",
    )
    for path in [*(root / "facts").rglob("*.yaml"), *(root / "seeds").rglob("*.yaml")]:
        content = path.read_text(encoding="utf-8")
        path.write_text(
            content.replace("publisher: example-wire\n", "").replace("    said_by: example-wire\n", ""),
            encoding="utf-8",
        )
    copy_site_setup(REPO, root)
    assert build_site(root) == 0
    return root / "site"


def follow(site: Path, page: str) -> str:
    """Where a redirect page sends a browser: its meta refresh, resolved against the page's own address."""
    text = (site / page).read_text(encoding="utf-8")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', text)
    assert refresh is not None, text
    return urljoin(page, html.unescape(refresh.group(1)))


def test_the_old_page_of_a_renamed_record_leads_to_the_new_one(renamed: Path) -> None:
    text = (renamed / "person" / "jane-example.html").read_text(encoding="utf-8")
    assert follow(renamed, "person/jane-example.html") == "person/jane-doe.html"
    assert f'<link rel="canonical" href="{SITE_URL}person/jane-doe.html">' in text
    assert re.search(r'<a href="jane-doe.html">Jane Example</a>', text)
    assert "<h1" in (renamed / "person" / "jane-doe.html").read_text(encoding="utf-8")


def test_the_old_json_of_a_renamed_record_names_the_new_one(renamed: Path) -> None:
    document = json.loads((renamed / "api" / "person" / "jane-example.json").read_text(encoding="utf-8"))
    assert document == {
        "format_version": "2.1",
        "id": "jane-example",
        "renamed_to": "jane-doe",
        "type": "person",
        "url": f"{SITE_URL}person/jane-doe.html",
        "data": f"{SITE_URL}api/person/jane-doe.json",
    }
    assert json.loads((renamed / "api" / "person" / "jane-doe.json").read_text(encoding="utf-8"))["id"] == "jane-doe"


def test_a_withdrawn_record_keeps_its_address_and_leaves_the_lists(renamed: Path) -> None:
    page = (renamed / "organization" / "example-wire.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "Withdrawn on 1 June 2026. Made in error." in text
    assert "example-wire.html" not in (renamed / "organizations.html").read_text(encoding="utf-8")
    data = json.loads((renamed / "api" / "organization" / "example-wire.json").read_text(encoding="utf-8"))
    assert data["data"]["withdrawn"] == {"date": "2026-06-01", "reason": "Made in error."}
