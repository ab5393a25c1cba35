"""Reproducible search bundles: Pagefind's filter files written in one order.

Pagefind 1.5.2 writes the values of each filter in the order of a hash map seeded afresh in every
run (its source says so: "TODO: Change filter indexes to BTree to give them a stable hash"), and
lists the filters in its metadata file in that kind of order too. So two runs over the same site
give filter files, and so a metadata file and an entry file naming them, that differ in bytes
though not in meaning; it has no option to change that.

Takes a bundle folder Pagefind wrote; gives it with every filter's values sorted by value, the
filters listed by name in the metadata, and each file so rewritten named as Pagefind names its files
(the language, then the start of the SHA-1 of the uncompressed contents) and compressed the same way
every time. The index chunks and fragments Pagefind writes are already the same from run to run.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from .cbor import Item, decode, encode

# What Pagefind puts before the contents of every file it compresses, and looks for when reading one.
MARKER = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
FILTERS_FIELD = 3  # in the metadata: version, pages, index chunks, filters, sorts, meta fields
FILTER_NAME_LENGTH, META_NAME_LENGTH = 7, 10  # hex digits after "<language>_", as Pagefind cuts them


def make_reproducible(bundle: Path) -> None:
    """Rewrite the filter files, metadata and entry file of the bundle in their canonical form."""
    entry_path = bundle / ENTRY
    entry = entry_path.read_text(encoding="utf-8")
    for language, about in sorted(json.loads(entry)["languages"].items()):
        canonical = canonical_language(bundle, language, about["hash"])
        entry = entry.replace(f'"hash":"{about["hash"]}"', f'"hash":"{canonical}"')
    entry_path.write_text(entry, encoding="utf-8")


def canonical_language(bundle: Path, language: str, meta_name: str) -> str:
    """Rewrite one language's filter files and metadata; gives the metadata's new name."""
    meta_path = bundle / f"pagefind.{meta_name}.pf_meta"
    meta = as_list(read_file(meta_path))
    taken: set[str] = set()
    filters: list[Item] = []
    for name, old in sorted(pairs(meta[FILTERS_FIELD])):
        filters.append([name, canonical_filter(bundle, language, old, taken)])
    meta[FILTERS_FIELD] = filters
    contents = encode(meta)
    new_name = f"{language}_{content_hash(contents)[:META_NAME_LENGTH]}"
    meta_path.unlink()
    write_file(bundle / f"pagefind.{new_name}.pf_meta", contents)
    return new_name


def canonical_filter(bundle: Path, language: str, old: str, taken: set[str]) -> str:
    """Rewrite one filter file with its values sorted; gives its new name (unique among `taken`)."""
    path = bundle / "filter" / f"{old}.pf_filter"
    name, values = as_list(read_file(path))
    ordered: list[Item] = [as_list(pair) for pair in sorted(as_list(values), key=lambda pair: str(as_list(pair)[0]))]
    contents = encode([name, ordered])
    digest = content_hash(contents)
    length = FILTER_NAME_LENGTH
    while f"{language}_{digest[:length]}" in taken and length < len(digest):
        length += 1  # two filters whose names collide: Pagefind lengthens the later one, so do we
    new = f"{language}_{digest[:length]}"
    taken.add(new)
    path.unlink()
    write_file(bundle / "filter" / f"{new}.pf_filter", contents)
    return new


def content_hash(contents: bytes) -> str:
    """Pagefind's hash of a file: SHA-1, each byte in hex without its leading zero (as it writes it)."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(contents).digest())


def read_file(path: Path) -> Item:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MARKER):
        raise ValueError(f"{path}: not a Pagefind index file")
    return decode(data[len(MARKER) :])


def write_file(path: Path, contents: bytes) -> None:
    path.write_bytes(gzip.compress(MARKER + contents, compresslevel=9, mtime=0))


def pairs(item: Item) -> list[tuple[str, str]]:
    """The (filter, file name) pairs the metadata lists."""
    return [(str(name), str(file)) for name, file in (as_list(pair) for pair in as_list(item))]


def as_list(item: Item) -> list[Item]:
    if not isinstance(item, list):
        raise ValueError(f"expected an array in Pagefind's file, found {item!r}")
    return item
