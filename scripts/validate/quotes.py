"""Quotes: every quote is found, word for word, in the original text of the source it cites, and no
prose of ours copies a source.

Takes every record (as the schema accepted it) and the original texts keyed by their SHA-256 (from
the folder `make verify-quotes` names); gives a Problem for each quote not found in its source's
text, or in the texts of the sources a cited-through source was reported by, for each source whose
checksum matches no text, and for each prose field that repeats COPIED_WORDS or more consecutive
words of a text outside quotation marks. Whitespace and typographic quotes do not count as differences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..model import SOURCE_TYPE, Record, RecordTypes, iter_citations, iter_pattern
from ..problems import Problem
from .messages import problem

# A run this long is a sentence taken over, not a phrase that happens to match.
COPIED_WORDS = 12
# Spans of our prose inside quotation marks are quotations, which may repeat the source.
QUOTED_SPAN = re.compile(r'"[^"]*"')
WORD = re.compile(r"[\w']+")
TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
WHITESPACE = re.compile(r"\s+")


def normalize_quote(text: str) -> str:
    """Text compared for quotes: typographic quotes made plain, runs of whitespace made one space."""
    return WHITESPACE.sub(" ", text.translate(TYPOGRAPHIC)).strip()


def check_quotes(records: Iterable[Record], texts: Mapping[str, str]) -> list[Problem]:
    """Every quote is found in the text of the source it cites (or of the sources it was cited through)."""
    records = tuple(records)
    sources = {r.id: r for r in records if r.type == SOURCE_TYPE}
    normalized = {checksum: normalize_quote(text) for checksum, text in texts.items()}
    problems = [p for source in sources.values() for p in check_source_text(source, normalized)]
    for record in records:
        for field_path, citation in iter_citations(record.data):
            problems.extend(check_citation_quote(record, field_path, citation, sources, normalized))
    return sorted(set(problems))


def check_source_text(source: Record, normalized: Mapping[str, str]) -> Iterator[Problem]:
    """A source with a checksum has its text among the texts given."""
    checksum = source.data.get("sha256")
    if isinstance(checksum, str) and checksum not in normalized:
        message = "no file in the sources folder has this sha256; add the original text or correct the checksum"
        yield problem(source, "sha256", "QUOTE002", message)


def texts_for(source_id: str, sources: Mapping[str, Record], normalized: Mapping[str, str]) -> list[str]:
    """The held texts a quote citing this source may come from: its own, or those it was cited through."""
    source = sources.get(source_id)
    if source is None:
        return []
    through: Any = source.data.get("cited_through")
    holders = (
        [source]
        if "sha256" in source.data
        else [sources[i] for i in through or () if isinstance(i, str) and i in sources]
    )
    checksums = [holder.data.get("sha256") for holder in holders]
    return [normalized[c] for c in checksums if isinstance(c, str) and c in normalized]


def check_citation_quote(
    record: Record,
    field_path: str,
    citation: Mapping[str, Any],
    sources: Mapping[str, Record],
    normalized: Mapping[str, str],
) -> Iterator[Problem]:
    quote, source_id = citation.get("quote"), citation.get("source")
    if not isinstance(quote, str) or not isinstance(source_id, str) or source_id not in sources:
        return
    texts = texts_for(source_id, sources, normalized)
    if texts and not any(normalize_quote(quote) in text for text in texts):
        message = f"quote not found in the text of source '{source_id}'; copy the words exactly as the source has them"
        yield problem(record, f"{field_path}.quote", "QUOTE001", message)


def check_copied_prose(records: Iterable[Record], texts: Mapping[str, str], types: RecordTypes) -> list[Problem]:
    """No prose field repeats COPIED_WORDS or more consecutive words of a source outside quotation marks."""
    runs = {checksum: word_runs(words(text)) for checksum, text in texts.items()}
    problems = []
    for record in records:
        record_type = types.get(record.type)
        for pattern in record_type.text_fields if record_type else ():
            for field_path, value in iter_pattern(record.data, pattern):
                found = copied_run(value, runs) if isinstance(value, str) else None
                if found:
                    message = (
                        f"repeats {COPIED_WORDS} or more words of a source outside quotation marks: '{found}'; "
                        "say it in our own words, or quote the words in a citation"
                    )
                    problems.append(problem(record, field_path, "COPY001", message))
    return problems


def words(text: str) -> list[str]:
    return WORD.findall(text.translate(TYPOGRAPHIC).lower())


def word_runs(sequence: list[str]) -> set[tuple[str, ...]]:
    return {tuple(sequence[start : start + COPIED_WORDS]) for start in range(len(sequence) - COPIED_WORDS + 1)}


def copied_run(prose: str, runs: Mapping[str, set[tuple[str, ...]]]) -> str | None:
    """The first run of our prose, outside quotation marks (typographic ones made plain), that a source text holds."""
    for part in QUOTED_SPAN.split(prose.translate(TYPOGRAPHIC)):
        sequence = words(part)
        for start in range(len(sequence) - COPIED_WORDS + 1):
            run = tuple(sequence[start : start + COPIED_WORDS])
            if any(run in held for held in runs.values()):
                return " ".join(run)
    return None
