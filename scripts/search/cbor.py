"""CBOR, as much as Pagefind's index files use: unsigned integers, text strings and arrays.

Takes bytes and gives Python values (int, str, list), and back; the encoding is the shortest form
of each item, as Pagefind's encoder (minicbor) writes it, so a file decoded and encoded again is the
same bytes. Anything else in a file is refused with a ValueError rather than guessed at.
"""

from __future__ import annotations

UNSIGNED, TEXT, ARRAY = 0, 3, 4
Item = int | str | list["Item"]


def decode(data: bytes) -> Item:
    """The one item `data` holds."""
    item, end = read_item(data, 0)
    if end != len(data):
        raise ValueError(f"CBOR: {len(data) - end} bytes after the item")
    return item


def read_item(data: bytes, start: int) -> tuple[Item, int]:
    major, value, offset = read_head(data, start)
    if major == UNSIGNED:
        return value, offset
    if major == TEXT:
        return data[offset : offset + value].decode("utf-8"), offset + value
    if major == ARRAY:
        items = []
        for _ in range(value):
            item, offset = read_item(data, offset)
            items.append(item)
        return items, offset
    raise ValueError(f"CBOR: major type {major} at byte {start} is not one Pagefind's files use")


def read_head(data: bytes, start: int) -> tuple[int, int, int]:
    """(major type, argument, offset of what follows) of the item head at start."""
    major, extra = data[start] >> 5, data[start] & 0x1F
    if extra < 24:
        return major, extra, start + 1
    if extra > 27:
        raise ValueError(f"CBOR: indefinite or reserved length at byte {start}")
    size = 1 << (extra - 24)
    return major, int.from_bytes(data[start + 1 : start + 1 + size], "big"), start + 1 + size


def encode(item: Item) -> bytes:
    if isinstance(item, bool):
        raise ValueError("CBOR: booleans are not used in Pagefind's files")
    if isinstance(item, int):
        return head(UNSIGNED, item)
    if isinstance(item, str):
        text = item.encode("utf-8")
        return head(TEXT, len(text)) + text
    return head(ARRAY, len(item)) + b"".join(encode(part) for part in item)


def head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + value.to_bytes(size, "big")
    raise ValueError(f"CBOR: {value} does not fit in 64 bits")
