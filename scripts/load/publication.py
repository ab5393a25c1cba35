"""Publication: where and as which version the fact base is published.

Takes the repository root; gives a `Publication`: the site's name, address and edit link base, read
once from mkdocs.yml, and the git history of the fact files (scripts/load/git.py). Its methods give a
record's public URL (through scripts/addresses.py, the one statement of the address scheme) and a
commit's address on the repository's site (when repo_url is an http(s) address). When a record
last changed is the Index's business (scripts/link/history.py): a date of the facts, not of the
files. A folder without mkdocs.yml (a test or benchmark fact base) publishes with no address; an
mkdocs.yml that cannot be read is a misuse, reported, never silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..addresses import HAND_WRITTEN, public_url, record_page
from ..model import Record
from .git import History, read_history
from .schemas import NotAFactBase

DEFAULT_NAME = "US–China AI Safety Talks Fact Base"
CONFIG = "mkdocs.yml"


@dataclass(frozen=True)
class Publication:
    """The site's name, address (ending in '/', or '' when unknown), edit link base, repository
    address (http(s) or '') and the history of the fact files."""

    site_name: str = DEFAULT_NAME
    site_url: str = ""
    edit_base: str = ""
    history: History = field(default_factory=History)
    repo_url: str = ""

    def url(self, generated_path: str) -> str:
        """The public URL of a generated file (a path under docs/generated/)."""
        return public_url(self.site_url, generated_path)

    def record_url(self, record: Record) -> str:
        return self.url(record_page(record))

    def commit_url(self, commit: str) -> str:
        """The address of a commit on the repository's site, or '' without a repository address."""
        return f"{self.repo_url}/commit/{commit}" if self.repo_url else ""


def read_config(root: Path) -> Mapping[str, Any]:
    """mkdocs.yml as a mapping; {} when the folder has none."""
    path = root / CONFIG
    if not path.exists():
        return {}
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise NotAFactBase(f"{CONFIG}: cannot read the site settings ({one_line(error)}); correct the file") from None
    if not isinstance(config, Mapping):
        raise NotAFactBase(f"{CONFIG}: the site settings must be a mapping such as 'site_name: …'")
    return config


def one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def http_url(value: Any) -> str:
    text = str(value or "")
    return text if text.startswith(("https://", "http://")) else ""


def edit_base(config: Mapping[str, Any]) -> str:
    """The edit link base: repo_url plus edit_uri without its docs/ folder, so it reaches facts/ and seeds/."""
    repo, edit = http_url(config.get("repo_url")), str(config.get("edit_uri") or "")
    if not repo or not edit:
        return ""
    return f"{repo.rstrip('/')}/{edit.strip('/')}/".removesuffix(f"{HAND_WRITTEN}/")


def read_publication(root: Path) -> Publication:
    """site_name, site_url and the edit link base from root's mkdocs.yml, and the fact history."""
    config = read_config(root)
    site_url = http_url(config.get("site_url"))
    name = str(config.get("site_name") or DEFAULT_NAME)
    repo_url = http_url(config.get("repo_url")).rstrip("/")
    site = site_url.rstrip("/") + "/" if site_url else ""
    return Publication(name, site, edit_base(config), read_history(root), repo_url)
