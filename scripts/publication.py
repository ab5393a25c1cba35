"""Publication: where and as which version the fact base is published, for exports, feeds and citations.

Takes the repository root; gives a `Publication`: the site name and address from mkdocs.yml and the
git history of the fact files (scripts/gitlog.py). Also the one place that turns a record or a
generated file into its public URL, so pages, feeds, JSON and citations name the same addresses.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .gitlog import History, read_history
from .load import Record

GENERATED_URL = "generated/"
DEFAULT_NAME = "US–China AI Safety Talks Fact Base"


@dataclass(frozen=True)
class Publication:
    """The site's name and address (ending in '/', or '' when unknown) and the fact history."""

    site_name: str = DEFAULT_NAME
    site_url: str = ""
    history: History = field(default_factory=History)

    def url(self, generated_path: str) -> str:
        """The public URL of a file under docs/generated/ (a .md page becomes its .html)."""
        path = generated_path.removesuffix(".md") + ".html" if generated_path.endswith(".md") else generated_path
        return f"{self.site_url}{GENERATED_URL}{path}"

    def record_url(self, record: Record) -> str:
        return self.url(f"{record.type}/{record.id}.md")

    def last_changed(self, record: Record) -> str | None:
        """The UTC date of the last commit touching the record's file, if git knows it."""
        change = self.history.last.get(record.path)
        return utc_date(change.time) if change else None


def utc_date(timestamp: int) -> str:
    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).date().isoformat()


def utc_time(timestamp: int) -> str:
    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_publication(root: Path) -> Publication:
    """site_name and site_url from root's mkdocs.yml (http(s) only) and the fact history."""
    try:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    site_url = str(config.get("site_url") or "")
    if not site_url.startswith(("https://", "http://")):
        site_url = ""
    name = str(config.get("site_name") or DEFAULT_NAME)
    return Publication(name, site_url.rstrip("/") + "/" if site_url else "", read_history(root))
