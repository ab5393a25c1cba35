"""Printing: every record page is a fact sheet on A4 (docs/stylesheets/print.css).

Chromium prints one record of each type to PDF (Playwright's page.pdf, A4) and poppler's pdftotext
reads the sheet back: its page count, the title, the status words, each source's permanent address
written out, the page's own address, the dataset version and the date of the last change, and
nothing a screen alone can use (navigation, search, BibTeX, edit links, the drawing). The sheets are
saved as PNG pictures in tests/screenshots/ for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scripts.load import read_publication
from tests.browser.conftest import COMMIT_DATE, SCREENSHOTS, watch

pytestmark = pytest.mark.slow  # drives a browser over a built site

STATUS_WORDS = re.compile(
    r"\b(ANNOUNCED|CONFIRMED|REPORTED|UNCONFIRMED|DENIED|EXPECTED|HELD|ESTIMATE|PREDICTION|ANALYSIS|DISPUTED)\b"
)
# What only a screen can use, none of which may reach paper: Material's header, navigation, search
# and palette toggle, our edit and data links, the reference-manager files, the drawing, the History.
SCREEN_ONLY = (
    "Skip to content",
    "Switch to dark mode",
    "Search",
    "Table of contents",
    "Relationship graph",
    "Disputed and unconfirmed",
    "Download and use the data",
    "Record types",
    "Edit this record",
    "Data as JSON",
    "For a reference manager",
    "BibTeX",
    "@misc",
    "Relationships",
    "Made with",
    # The History: a list of commits and a feed to follow.
    "What each commit changed",
    "History is not available",
    "No committed change yet",
    "Follow this record's changes",
)


@pytest.fixture(scope="module")
def pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils is not installed (make browser installs it)")
    return found


def print_sheet(page, path: str, name: str, folder: Path) -> tuple[int, str]:
    """Print the page at path to A4; gives its number of pages and its text (whitespace runs as one
    space), and saves a picture of each page as tests/screenshots/print-<name>-<page>.png."""
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    # -layout keeps a hyphen that ends a line (without it pdftotext joins "wire-" and "story" as "wirestory").
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    SCREENSHOTS.mkdir(exist_ok=True)
    for old in SCREENSHOTS.glob(f"print-{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(SCREENSHOTS / f"print-{name}")], check=True)
    return text.count("\f"), " ".join(text.split())


def unbroken(text: str) -> str:
    """The text without any space: a long address the sheet wrapped over two lines reads whole."""
    return "".join(text.split())


# One record of each type of the test site: its page, its title, the status words its sheet shows in
# order (the record's own beside its type and in its key facts, then each statement's, then each
# side of a conflict), its number of footnotes and its number of A4 pages.
SHEETS = [
    (
        "event/announcement.html",
        "Announcement of the talks",
        ["ANNOUNCED", "ANNOUNCED", "DISPUTED", "DISPUTED", "REPORTED"],
        4,
        1,
    ),
    ("agreement/testing-pledge.html", "Pledge on safety testing", ["ANNOUNCED", "ANNOUNCED"], 1, 1),
    ("person/ana-example.html", "Ana Example", ["REPORTED"], 3, 1),
    ("organization/ministry.html", "Ministry of <b>Examples</b> & Tests", [], 1, 1),
    ("topic/safety-testing.html", "Safety testing", ["ANNOUNCED"], 2, 1),
    # A source cites nothing: its sheet has no list of sources, but it lists everything drawn from it
    # (every record of the test site) with the statements' status words, so it takes a second page.
    (
        "source/wire-story.html",
        "Two powers agree to talk about AI safety",
        ["REPORTED", "DISPUTED", "REPORTED", "ANNOUNCED"],
        0,
        2,
    ),
]


@pytest.mark.parametrize(
    ("path", "title", "statuses", "notes", "pages"), SHEETS, ids=[p.split("/")[0] for p, *_ in SHEETS]
)
def test_record_page_prints_as_a_fact_sheet(
    browser, base_url, site, pdftotext, tmp_path, path, title, statuses, notes, pages
):
    publication = read_publication(site.parent)
    for watched in watch(browser, base_url):
        page = watched.open(path)
        # The footnotes' source links, as absolute addresses (the browser resolves them).
        sources = page.locator(".footnote li > p > a:first-child").evaluate_all("links => links.map(a => a.href)")
        sources = [publication.site_url + urlsplit(url).path.removeprefix("/") for url in sources]
        count, text = print_sheet(page, path, path.split("/")[0], tmp_path)
    assert count == pages
    assert text.startswith(title + " ")
    assert STATUS_WORDS.findall(text) == statuses
    # Every footnote names its source's permanent address, in the order of the footnotes.
    written = [url for url in re.findall(r"\((https://\S+?\.html)\)", unbroken(text)) if "/source/" in url]
    assert len(sources) == notes and written == sources
    own = publication.url(path.removesuffix(".html") + ".md")
    assert f"{own}" in unbroken(text)
    version = publication.history.version
    assert f"dataset version {version}, record last changed {COMMIT_DATE[:10]}." in text
    assert f"Last changed on 14 May 2026 (commit {version}" in text
    assert [word for word in SCREEN_ONLY if word in text] == []


def test_the_most_cited_person_of_the_real_fact_base_prints_on_two_pages(browser, real_base_url, pdftotext, tmp_path):
    for watched in watch(browser, real_base_url):
        page = watched.open("person/scott-bessent.html")
        count, text = print_sheet(page, "person/scott-bessent.html", "real-person", tmp_path)
    # 22 cited passages, each footnote naming its source in full with its address: a person's sheet
    # still fits on two pages (issue 16).
    assert count == 2
    assert text.startswith("Scott Bessent PERSON ")
    assert STATUS_WORDS.findall(text)[:3] == ["REPORTED", "REPORTED", "ANNOUNCED"]
    assert "https://us-china-ai-talks.github.io/factbase/source/us-and-china-to-begin-ai-safety-talks.html" in unbroken(
        text
    )
    assert "https://us-china-ai-talks.github.io/factbase/person/scott-bessent.html" in unbroken(text)
    # Built outside git, the real fact base is unversioned here; published, the commit stands there.
    assert "person record scott-bessent, dataset version unversioned." in text
    assert [word for word in SCREEN_ONLY if word in text] == []


def test_a_sheet_prints_dark_on_white_whatever_the_palette_on_screen(browser, base_url):
    for watched in watch(browser, base_url, scheme="dark"):
        page = watched.open("person/ana-example.html")
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        page.emulate_media(media="print")
        page.wait_for_timeout(300)  # Material's links change colour over 125 ms
        colours = page.evaluate(
            """() => [document.body, document.querySelector('article p'), document.querySelector('.fb-status')]
                 .map(element => getComputedStyle(element))
                 .map(style => style.color + ' on ' + style.backgroundColor)"""
        )
    assert colours == [
        "rgba(0, 0, 0, 0.87) on rgb(255, 255, 255)",
        "rgba(0, 0, 0, 0.87) on rgba(0, 0, 0, 0)",
        "rgb(0, 0, 0) on rgba(0, 0, 0, 0)",
    ]
