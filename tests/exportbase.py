"""A small fact base with a small git history, for the export, feed and citation tests.

The records are written here rather than read from facts/ so the tests can state exact expected
values. History (fixed commit dates, so every hash is the same on every run), by commit message:
  first     2026-05-14 10:00 UTC  add everything except first-round (including bob-removed)
  second    2026-05-20 12:00 UTC  add first-round, change announcement's name
  third     2026-05-21 08:30 UTC  remove bob-removed
  status    2026-05-22 09:00 UTC  announcement: statement 'size' reported -> unconfirmed, and the quote
                                  of its citation 1 corrected
  rename    2026-05-25 10:00 UTC  year-only renamed later-meeting (file moved, previous_ids kept)
  reformat  2026-05-28 09:00 UTC  announcement and ministry rewrapped, commented, keys reordered and
                                  quoted differently: the parsed data of every file is unchanged
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.org/factbase/"
HOSTILE_NAME = 'Ministry of </script><b>Examples</b> & "Tests"'
LONG_NAME = "First round of talks — 第一轮会谈 in Geneva, with a name long enough to fold; twice, at least"

FIRST: dict[str, str] = {
    "seeds/wire-story.yaml": """\
id: wire-story
title: Two powers agree to talk about AI safety
kind: news-article
publisher: example-wire
date: 2026-05-14
date_certainty: exact
url: https://example.org/news/ai-talks
sha256: 0000000000000000000000000000000000000000000000000000000000000000
language: en
""",
    "facts/organization/example-wire.yaml": """\
id: example-wire
name: Example Wire
kind: news-outlet
citations:
  - source: wire-story
    quote: Example Wire
""",
    "facts/organization/ministry.yaml": f"""\
id: ministry
name: '{HOSTILE_NAME}'
kind: government-body
country: Exampleland
citations:
  - source: wire-story
    quote: the ministry
""",
    "facts/person/ana-example.yaml": """\
id: ana-example
name: Ana Example
roles:
  - title: Minister
    organization: ministry
    as_of: 2026-05
    citations:
      - source: wire-story
        quote: Minister Ana Example
citations:
  - source: wire-story
    quote: Ana Example
""",
    "facts/person/bob-removed.yaml": """\
id: bob-removed
name: Bob Removed
citations:
  - source: wire-story
    quote: Bob
""",
    "facts/event/announcement.yaml": """\
id: announcement
name: Announcement of the talks
kind: announcement
status: announced
date: 2026-05-14
date_certainty: exact
participants:
  - ana-example
  - ministry
statements:
  - id: size
    text: Twelve officials will take part.
    status: reported
    said_by: ministry
    citations:
      - source: wire-story
        quote: twelve officials
citations:
  - source: wire-story
    quote: announced on Thursday
""",
    "facts/event/year-only.yaml": """\
id: year-only
name: A meeting some time in 2026
kind: meeting
status: expected
date: '2026'
date_certainty: exact
citations:
  - source: wire-story
    quote: later this year
""",
    "facts/agreement/testing-law.yaml": """\
id: testing-law
name: Model Testing Act
kind: law
status: announced
date: 2026-03-01
date_certainty: exact
binding: binding
parties:
  - ministry
topics:
  - safety-testing
citations:
  - source: wire-story
    quote: the testing act
""",
    "facts/topic/safety-testing.yaml": """\
id: safety-testing
name: Safety testing
summary: =HYPERLINK("https://evil.example") is not a formula here
citations:
  - source: wire-story
    quote: safety testing
""",
}
SECOND: dict[str, str] = {
    "facts/event/first-round.yaml": f"""\
id: first-round
name: {LONG_NAME}
kind: talks
status: expected
date: 2026-06
date_certainty: exact
part_of: announcement
participants:
  - ana-example
summary: Talks in Geneva, on testing; and more.
citations:
  - source: wire-story
    quote: first round of talks in June
""",
    "facts/event/announcement.yaml": FIRST["facts/event/announcement.yaml"].replace(
        "name: Announcement of the talks", "name: Announcement of the AI talks"
    ),
}
REMOVED = "facts/person/bob-removed.yaml"
ANNOUNCEMENT = "facts/event/announcement.yaml"
STATUS = {
    ANNOUNCEMENT: SECOND[ANNOUNCEMENT]
    .replace("    status: reported\n", "    status: unconfirmed\n")
    .replace("quote: announced on Thursday", "quote: announced the talks on Thursday")
}
RENAMED_FROM = "facts/event/year-only.yaml"
RENAMED = {
    "facts/event/later-meeting.yaml": FIRST[RENAMED_FROM].replace(
        "id: year-only\n", "id: later-meeting\nprevious_ids:\n  - year-only\n"
    )
}
# The same data as STATUS and FIRST wrote, laid out differently: a comment, keys in another order,
# quoted and unquoted scalars swapped, a text folded over two lines.
REFORMATTED = {
    ANNOUNCEMENT: """\
# The announcement, as the wire story reports it.
id: announcement
name: "Announcement of the AI talks"
status: announced
kind: announcement
date: '2026-05-14'
date_certainty: exact
participants: [ana-example, ministry]
statements:
  - id: size
    status: unconfirmed
    text: Twelve officials
      will take part.
    said_by: ministry
    citations:
      - {source: wire-story, quote: twelve officials}
citations:
  - source: wire-story  # the only source so far
    quote: "announced the talks on Thursday"
""",
    "facts/organization/ministry.yaml": FIRST["facts/organization/ministry.yaml"].replace(
        "kind: government-body\ncountry: Exampleland\n", "country: Exampleland  # as reported\nkind: government-body\n"
    ),
}
COMMITS = (
    ("first", "2026-05-14T10:00:00+00:00"),
    ("second", "2026-05-20T12:00:00+00:00"),
    ("third", "2026-05-21T08:30:00+00:00"),
    ("status", "2026-05-22T09:00:00+00:00"),
    ("rename", "2026-05-25T10:00:00+00:00"),
    ("reformat", "2026-05-28T09:00:00+00:00"),
)
# The last commit touching the facts, which names the dataset version.
LAST_COMMIT = "reformat"
REPO_URL = "https://example.org/git/factbase"
MKDOCS = f"site_name: Example Fact Base\nsite_url: {SITE_URL}\nrepo_url: {REPO_URL}\n"


def write_files(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def git(root: Path, *arguments: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    command = [
        "git",
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.org",
        "-c",
        "commit.gpgsign=false",
        *arguments,
    ]
    return subprocess.run(command, cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def rename(root: Path) -> None:
    (root / RENAMED_FROM).unlink()
    write_files(root, RENAMED)


def make_export_base(root: Path, with_git: bool = True) -> Path:
    """The fact base at its final state in root, with its six commits when with_git."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "schemas", root / "schemas")
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    if with_git:
        git(root, "init", "-q", "-b", "main")
    steps: tuple[Callable[[], None], ...] = (
        lambda: write_files(root, FIRST),
        lambda: write_files(root, SECOND),
        (root / REMOVED).unlink,
        lambda: write_files(root, STATUS),
        lambda: rename(root),
        lambda: write_files(root, REFORMATTED),
    )
    for step, (message, date) in zip(steps, COMMITS, strict=True):
        step()
        if with_git:
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", message, date=date)
    return root


def commit_of(root: Path, message: str) -> str:
    """The full hash of the commit with this message."""
    return git(root, "log", "--format=%H", f"--grep=^{message}$").strip()
