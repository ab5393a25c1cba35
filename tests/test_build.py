"""Build: `make site` end to end on a copy of the repository, checking that builds are atomic
(a failed validation or build changes no file) and reproducible (the same facts give the same bytes).

Each test works on a copy of the working tree in a temporary folder (what `git ls-files` lists, plus
untracked files that are not ignored), with the repository's .venv linked in so make installs nothing.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.load import load_fact_base

pytestmark = pytest.mark.slow  # builds whole sites

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC
EPOCH_DAY = 1699920000  # midnight of that day, which MkDocs writes into the gzip header
SKIPPED = {".venv", "__pycache__", ".pytest_cache", ".hypothesis"}
MAKE_OUTPUT = ".venv/bin/python -m scripts.build\n"
BAD_RECORD = "id: bad-person\nname: Bad Person\n"
BAD_LINE = "facts/person/bad-person.yaml:1: bad-person: citations: SCH001 required field is missing; add 'citations: …'"


def repository_files() -> list[str]:
    result = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    return sorted(name for name in result.stdout.decode().split("\0") if name and name.split("/")[0] != ".venv")


def copy_repository(target: Path) -> Path:
    """The working tree's files at target, sharing the repository's virtual environment."""
    for name in repository_files():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copy2(REPO / name, target / name, follow_symlinks=False)
        except FileNotFoundError:
            continue  # deleted in the working tree, not yet in git
    (target / ".venv").symlink_to(REPO / ".venv")
    # Older than the venv's install stamp, so make sees nothing to install.
    os.utime(target / "requirements.txt", (0, 0))
    return target


def make_site(root: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **env}
    return subprocess.run(
        ["make", "--no-print-directory", "site"], cwd=root, env=environment, capture_output=True, text=True, timeout=300
    )


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file and folder under root (links as their targets), the virtual environment aside."""
    found: dict[str, bytes] = {}
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if f not in SKIPPED)
        here = Path(folder)
        for name in folders:
            found[(here / name).relative_to(root).as_posix() + "/"] = b""
        for name in files:
            path = here / name
            found[path.relative_to(root).as_posix()] = (
                os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
            )
    return found


def under(files: dict[str, bytes], *prefixes: str) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name.startswith(prefixes)}


def outside(files: dict[str, bytes], *prefixes: str) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not name.startswith(prefixes)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository after one successful `make site`."""
    root = copy_repository(tmp_path_factory.mktemp("built") / "repo")
    result = make_site(root, PYTHONHASHSEED="1")
    assert (result.returncode, result.stdout) == (0, MAKE_OUTPUT), result.stderr
    return root


@pytest.fixture
def copy(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built repository for a test to change."""
    return Path(shutil.copytree(built, tmp_path / "repo", symlinks=True))


def test_same_facts_give_byte_identical_site(built: Path, tmp_path: Path) -> None:
    """Another folder, other file times and another hash seed change no byte of site/."""
    other = copy_repository(tmp_path / "elsewhere" / "repo")
    for path in (other / "facts").rglob("*.yaml"):
        os.utime(path, (2_000_000_000, 2_000_000_000))
    result = make_site(other, PYTHONHASHSEED="2")
    assert (result.returncode, result.stdout) == (0, MAKE_OUTPUT), result.stderr
    first, second = under(snapshot(built), "site/"), under(snapshot(other), "site/")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_site_holds_the_search_bundle_and_no_whole_site_index(built: Path) -> None:
    """Pagefind's bundle, its files naming each other, and none of Material's search files."""
    site = built / "site"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert (site / "pagefind" / f"pagefind.{entry['languages']['en']['hash']}.pf_meta").is_file()
    assert {"pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"} <= {p.name for p in (site / "pagefind").iterdir()}
    assert entry["languages"]["en"]["page_count"] == len(list((site / "pagefind" / "fragment").iterdir()))
    assert (site / "search.html").is_file()
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("search_index*")) == []
    assert not (site / "search").exists()


def test_rebuild_in_place_changes_no_byte(copy: Path) -> None:
    before = snapshot(copy)
    result = make_site(copy, PYTHONHASHSEED="3")
    assert (result.returncode, result.stdout, result.stderr) == (0, MAKE_OUTPUT, "")
    assert snapshot(copy) == before


def test_sitemap_dates_come_from_source_date_epoch(built: Path) -> None:
    sitemap = (built / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert sorted(set(re.findall(r"<lastmod>(.*)</lastmod>", sitemap))) == ["2023-11-14"]
    packed = (built / "site" / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(packed[4:8], "little") == EPOCH_DAY
    assert gzip.decompress(packed).decode("utf-8") == sitemap


def test_failed_validation_changes_no_file(copy: Path) -> None:
    (copy / "facts" / "person" / "bad-person.yaml").write_text(BAD_RECORD, encoding="utf-8")
    before = snapshot(copy)
    result = make_site(copy)
    assert result.returncode == 2  # make's own code when the recipe fails
    assert result.stderr.splitlines()[0] == BAD_LINE
    assert (
        result.stderr.splitlines()[1]
        == "build: the fact base has problems; docs/generated/ and site/ were left as they were"
    )
    assert snapshot(copy) == before


def test_failed_mkdocs_build_leaves_site_and_hand_written_files(copy: Path) -> None:
    """A page linking to a missing page fails the strict build after generation succeeded."""
    index = copy / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[Broken](no-such-page.md)\n", encoding="utf-8")
    before = snapshot(copy)
    result = make_site(copy)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert (
        "WARNING -  Doc file 'index.md' contains a link 'no-such-page.md', but the target is not found among "
        "documentation files." in lines
    )
    assert "build: mkdocs build failed; site/ was left as it was" in lines
    after = snapshot(copy)
    assert outside(after, "docs/generated/") == outside(before, "docs/generated/")


def test_successful_build_writes_only_site_and_generated(copy: Path) -> None:
    record = copy / "facts" / "organization" / "apec.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("\nname: ", "\nname: Renamed ", 1), encoding="utf-8")
    before = snapshot(copy)
    result = make_site(copy)
    assert (result.returncode, result.stderr) == (0, "")
    after = snapshot(copy)
    assert outside(after, "site/", "docs/generated/") == outside(before, "site/", "docs/generated/")
    assert "Renamed" in (copy / "site" / "organization" / "apec.html").read_text(encoding="utf-8")


# -- offline and pinned ---------------------------------------------------------------------------

LOADING_LINKS = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload", "manifest"}
REMOTE = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
CSS_REMOTE = re.compile(r"(url\(\s*['\"]?\s*(https?:|//)|@import\s+(url\()?['\"]?\s*(https?:|//))", re.IGNORECASE)


def loaded_urls(html: str) -> list[str]:
    """The URLs a browser fetches while showing a page: scripts, images, frames, stylesheets, icons."""
    urls = re.findall(r"<(?:script|img|iframe|source|video|audio|embed|track)\b[^>]*?\ssrc=\"([^\"]*)\"", html)
    urls += re.findall(r"<object\b[^>]*?\sdata=\"([^\"]*)\"", html)
    for tag in re.findall(r"<link\b[^>]*>", html):
        rel = re.search(r"\srel=\"([^\"]*)\"", tag)
        href = re.search(r"\shref=\"([^\"]*)\"", tag)
        if rel and href and LOADING_LINKS & set(rel.group(1).lower().split()):
            urls.append(href.group(1))
    return urls


def test_built_site_loads_nothing_from_another_host(built: Path) -> None:
    site = built / "site"
    pages = {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))
    }
    assert [(name, url) for name, html in pages.items() for url in loaded_urls(html) if REMOTE.match(url)] == []
    styles = sorted(site.rglob("*.css"))
    assert [
        (path.name, match.group(0))
        for path in styles
        for match in CSS_REMOTE.finditer(path.read_text(encoding="utf-8"))
    ] == []
    # The checks above looked at every page there is: one per record, one redirect at each previous
    # id, and the stylesheet they load.
    records = load_fact_base(built).records
    addresses = [f"{r.type}/{old}.html" for r in records for old in r.data.get("previous_ids", [])]
    assert sorted([*(f"{r.type}/{r.id}.html" for r in records), *addresses]) == sorted(
        name for name in pages if re.fullmatch(r"(?!reference/)[a-z]+/[^/]+\.html", name)
    )
    assert "stylesheets/factbase.css" in {p.relative_to(site).as_posix() for p in styles}


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare to cut the network")
def test_build_succeeds_without_network(copy: Path) -> None:
    """`make site` in a network namespace with no interface but loopback builds the same site."""
    if subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -rn is not permitted here")
    before = under(snapshot(copy), "site/")
    shutil.rmtree(copy / "site")
    result = subprocess.run(
        ["unshare", "-rn", "make", "--no-print-directory", "site"],
        cwd=copy,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, MAKE_OUTPUT, "")
    assert under(snapshot(copy), "site/") == before


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_requirements_pin_every_installed_package() -> None:
    """Every line is name==version, and the pins are exactly what the virtual environment holds."""
    from importlib import metadata

    lines = [
        line
        for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert [line for line in lines if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.+!-]+", line)] == []
    pinned = {canonical(line.split("==")[0]): line.split("==")[1] for line in lines}
    installed = {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed = {name: version for name, version in installed.items() if name not in ("pip", "setuptools", "wheel")}
    assert pinned == installed
