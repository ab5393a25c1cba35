"""Synthetic fact bases for benchmarks and tests.

Takes a folder, a record count and a seed; writes schemas/ (copied from the repository), seeds/ and
facts/ holding that many records of about 1.5 KB each, valid against the real schemas, with
references between records and citations of sources. The same seed gives the same bytes.
`write_history` makes the same fact base as a git repository with a history of many commits, most
changing a few records, some only reformatting, at fixed dates.

The prose is drawn from a few dozen words, so any one of them is on nearly every page; people are
named as people are, with a given name and a family name made of syllables, rare words found only
where the person is (what a search by name looks for: scripts/bench/search.py).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
# Shares of each type, in the order records are created; later types refer to earlier ones.
MIX = (("source", 10), ("organization", 15), ("person", 25), ("topic", 10), ("event", 25), ("agreement", 15))
WORDS = [
    "talks",
    "safety",
    "model",
    "frontier",
    "risk",
    "protocol",
    "delegation",
    "summit",
    "testing",
    "evaluation",
    "compute",
    "export",
    "chips",
    "research",
    "cooperation",
    "governance",
    "agreement",
    "standard",
    "incident",
    "reporting",
    "security",
    "policy",
    "institute",
    "ministry",
    "treasury",
    "commerce",
    "official",
    "dialogue",
    "framework",
    "oversight",
    "military",
    "nuclear",
]
SYLLABLES = ("ka", "lo", "mi", "ren", "sa", "tor", "vi", "dal", "nu", "bes", "sen", "ji", "an", "lin", "ro", "ta")
# No 'confirmed': it needs a party's own word or two independent sources, which random citations lack.
STATUSES = ("announced", "reported", "expected", "analysis", "prediction")


def write_fact_base(root: Path, count: int, seed: int = 0) -> list[Path]:
    """Write a fact base of count records under root; gives the record files written, sorted."""
    rng = random.Random(seed)
    shutil.copytree(REPO / "schemas", root / "schemas", dirs_exist_ok=True)
    ids: dict[str, list[str]] = {name: [] for name, _ in MIX}
    total = sum(share for _, share in MIX)
    paths = []
    for name, share in MIX:
        for index in range(max(1, count * share // total)):
            record_id = f"{name}-{index:05d}"
            ids[name].append(record_id)
            folder = root / "seeds" if name == "source" else root / "facts" / name
            folder.mkdir(parents=True, exist_ok=True)
            paths.append(folder / f"{record_id}.yaml")
            paths[-1].write_text(WRITERS[name](rng, record_id, ids), encoding="utf-8")
    return sorted(paths)


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def citations(rng: random.Random, ids: dict[str, list[str]], indent: str) -> str:
    lines = [f"{indent}citations:"]
    for _ in range(2):
        lines += [f"{indent}  - source: {rng.choice(ids['source'])}", f"{indent}    quote: {sentence(rng, 8)}"]
    return "\n".join(lines) + "\n"


def statements(rng: random.Random, ids: dict[str, list[str]], count: int) -> str:
    text = "statements:\n"
    for index in range(count):
        text += (
            f"  - id: statement-{index}\n    text: {sentence(rng, 14)}\n    status: {rng.choice(STATUSES)}\n    "
            f"said_by: {rng.choice(ids['source'])}\n"
        )
        text += f"    date: 2026-05-{rng.randint(1, 28):02d}\n" + citations(rng, ids, "    ")
    return text


def common(rng: random.Random, ids: dict[str, list[str]], record_id: str, statement_count: int = 2) -> str:
    return f"summary: {sentence(rng, 45)}\n" + statements(rng, ids, statement_count) + citations(rng, ids, "")


def source(rng: random.Random, record_id: str, ids: dict[str, list[str]]) -> str:
    checksum = "".join(rng.choice("0123456789abcdef") for _ in range(64))
    head = f"id: {record_id}\ntitle: {sentence(rng, 8)}\nkind: news-article\ndate: 2026-05-{rng.randint(1, 28):02d}\n"
    head += f"date_certainty: exact\nurl: https://example.org/news/{record_id}\nlanguage: en\nsha256: {checksum}\n"
    return head + f"summary: {sentence(rng, 30)}\n" + statements(rng, {"source": [record_id]}, 3)


def organization(rng: random.Random, record_id: str, ids: dict[str, list[str]]) -> str:
    parent = f"parent: {ids['organization'][0]}\n" if len(ids["organization"]) > 1 else ""
    return (
        f"id: {record_id}\nname: {sentence(rng, 4)}\nkind: institute\ncountry: United States\n{parent}url: https://example.org/{record_id}\n"
        + common(rng, ids, record_id)
    )


def proper_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def person(rng: random.Random, record_id: str, ids: dict[str, list[str]]) -> str:
    role = (
        f"roles:\n  - title: {sentence(rng, 3)}\n    organization: {rng.choice(ids['organization'])}\n    as_of: "
        "2026-05-14\n" + citations(rng, ids, "    ")
    )
    name = f"{proper_name(rng)} {proper_name(rng)}"
    return f"id: {record_id}\nname: {name}\n" + role + common(rng, ids, record_id, 1)


def topic(rng: random.Random, record_id: str, ids: dict[str, list[str]]) -> str:
    holder = rng.choice(ids["person"])
    position = (
        f"positions:\n  - held_by: {holder}\n    text: {sentence(rng, 12)}\n    status: analysis\n    said_by: "
        f"{holder}\n" + citations(rng, ids, "    ")
    )
    return f"id: {record_id}\nname: {sentence(rng, 3)}\n" + position + common(rng, ids, record_id, 1)


def listed(name: str, values: list[str]) -> str:
    return f"{name}:\n" + "".join(f"  - {value}\n" for value in values)


def event(rng: random.Random, record_id: str, ids: dict[str, list[str]]) -> str:
    head = (
        f"id: {record_id}\nname: {sentence(rng, 5)}\nkind: meeting\nstatus: held\ndate: 2026-05-14\nend_date: "
        "2026-05-15\nplace: Geneva\n"
    )
    people = rng.sample(ids["person"], min(3, len(ids["person"])))
    return (
        head
        + listed("participants", people)
        + listed("topics", [rng.choice(ids["topic"])])
        + common(rng, ids, record_id, 1)
    )


def agreement(rng: random.Random, record_id: str, ids: dict[str, list[str]]) -> str:
    head = (
        f"id: {record_id}\nname: {sentence(rng, 5)}\nkind: joint-statement\nstatus: announced\ndate: "
        "2026-05\nbinding: non-binding\n"
    )
    parties = rng.sample(ids["organization"], min(2, len(ids["organization"])))
    return (
        head
        + listed("parties", parties)
        + f"adopted_at: {rng.choice(ids['event'])}\n"
        + listed("topics", [rng.choice(ids["topic"])])
        + common(rng, ids, record_id, 1)
    )


WRITERS = {
    "source": source,
    "organization": organization,
    "person": person,
    "topic": topic,
    "event": event,
    "agreement": agreement,
}


# -- a synthetic history --------------------------------------------------------------------------

HISTORY_START = 1_777_593_600  # 2026-05-01T00:00:00Z: commit dates are fixed, one hour apart.
# Share of commits that only reformat files (a comment), changing no fact.
REFORMAT_SHARE = 0.15


def write_history(root: Path, count: int, commits: int, seed: int = 0) -> int:
    """A git repository at root whose `commits` commits build a fact base of `count` records: the
    first adds every record, most later ones change one to four records (a statement's status, a
    quote, a summary, a date), the rest only add a comment to one to three files. The commits are
    written by one `git fast-import` and the last one checked out; schemas/ is copied in, untracked.
    The same arguments give the same commits. Gives the number of commits that changed facts."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="factbase-bench-first-") as scratch:
        paths = write_fact_base(Path(scratch), count, seed)
        files = {path.relative_to(scratch).as_posix(): path.read_text(encoding="utf-8") for path in paths}
    stream = [commit_block(1, HISTORY_START, "Add every record", files)]
    changing = 0
    for number in range(2, commits + 1):
        reformat = rng.random() < REFORMAT_SHARE
        changed = reformat_files(rng, files, number) if reformat else edit_files(rng, files)
        changing += not reformat
        stream.append(commit_block(number, HISTORY_START + 3600 * (number - 1), f"Commit {number}", changed))
    shutil.copytree(REPO / "schemas", root / "schemas", dirs_exist_ok=True)
    run_git(root, "init", "-q", "-b", "main")
    run_git(root, "fast-import", "--quiet", stdin=b"".join(stream))
    run_git(root, "reset", "-q", "--hard")
    return changing


def commit_block(number: int, time: int, message: str, files: dict[str, str]) -> bytes:
    """One commit of a `git fast-import` stream, its files inline, on top of the one before."""
    lines = [
        "commit refs/heads/main",
        f"mark :{number}",
        f"author Bench <bench@example.org> {time} +0000",
        f"committer Bench <bench@example.org> {time} +0000",
        data(message),
    ]
    if number > 1:
        lines.append(f"from :{number - 1}")
    for path in sorted(files):
        lines += [f"M 100644 inline {path}", data(files[path])]
    return ("\n".join(lines) + "\n").encode("utf-8")


def data(text: str) -> str:
    return f"data {len(text.encode('utf-8'))}\n{text}"


def run_git(root: Path, *arguments: str, stdin: bytes | None = None) -> None:
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *arguments], cwd=root, input=stdin, env=environment, check=True, capture_output=True)


def edit_files(rng: random.Random, files: dict[str, str]) -> dict[str, str]:
    """Change the facts of one to four records, each by one edit; gives the files changed."""
    changed = {}
    for path in rng.sample(sorted(files), rng.randint(1, 4)):
        edit = rng.choice(EDITS)
        files[path] = edit(rng, files[path])
        changed[path] = files[path]
    return changed


def reformat_files(rng: random.Random, files: dict[str, str], number: int) -> dict[str, str]:
    """Add a comment to one to three files: new bytes, the same facts."""
    changed = {}
    for path in rng.sample(sorted(files), rng.randint(1, 3)):
        files[path] += f"# Reviewed in commit {number}.\n"
        changed[path] = files[path]
    return changed


def replace_line(rng: random.Random, text: str, pattern: str, make: Callable[[re.Match[str]], str]) -> str:
    """Replace one line matching pattern, chosen at random, with make(match)."""
    found = list(re.finditer(pattern, text, re.MULTILINE))
    if not found:
        return text + "# No line to edit.\n"
    match = rng.choice(found)
    return text[: match.start()] + make(match) + text[match.end() :]


def edit_status(rng: random.Random, text: str) -> str:
    def other(match: re.Match[str]) -> str:
        return f"    status: {rng.choice([s for s in STATUSES if s != match[1]])}"

    return replace_line(rng, text, r"^    status: (\w+)$", other)


def edit_quote(rng: random.Random, text: str) -> str:
    return replace_line(rng, text, r"^(\s+)quote: .*$", lambda m: f"{m[1]}quote: {sentence(rng, 8)}")


def edit_summary(rng: random.Random, text: str) -> str:
    return replace_line(rng, text, r"^summary: .*$", lambda m: f"summary: {sentence(rng, 45)}")


def edit_date(rng: random.Random, text: str) -> str:
    return replace_line(rng, text, r"^    date: 2026-05-\d\d$", lambda m: f"    date: 2026-05-{rng.randint(1, 28):02d}")


EDITS: tuple[Callable[[random.Random, str], str], ...] = (edit_status, edit_quote, edit_summary, edit_date)
