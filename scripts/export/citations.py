"""Citations: files that reference managers import, for every record and for the whole fact base.

Takes the Index and the Publication; gives, beside each record's JSON, `api/<type>/<id>.ris` (RIS)
and `.csl.json` (CSL-JSON) — a record's BibTeX is on its page, ready to copy — and for the dataset
`api/factbase.ris`, `api/factbase.csl.json` and `api/factbase.bib`. The citations themselves are made
in scripts/render/cite.py, which also prints them on the record pages, so page and files agree.
"""

from __future__ import annotations

from ..addresses import API_FOLDER, record_data
from ..link import Index
from ..load import Publication
from ..render.cite import Work, bibtex_citation, csl_json, dataset_work, record_work, ris_citation


def citation_files(work: Work, stem: str) -> dict[str, str]:
    return {f"{stem}.ris": ris_citation(work), f"{stem}.csl.json": csl_json(work)}


def export_citations(index: Index, publication: Publication) -> dict[str, str]:
    dataset = dataset_work(index, publication)
    files = {
        **citation_files(dataset, f"{API_FOLDER}/factbase"),
        f"{API_FOLDER}/factbase.bib": bibtex_citation(dataset) + "\n",
    }
    for record in index.records.values():
        files.update(citation_files(record_work(index, publication, record), record_data(record, "")))
    return files
