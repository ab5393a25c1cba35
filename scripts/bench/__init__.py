"""Benchmarks (`make bench`): synthetic fact bases (synthetic.py), validation against the parse floor
and check-jsonschema (validation.py), site generation, build and search indexing against a bare
Material build (site.py), the search against Material's built-in search, in Chromium (search.py),
and what the history of the facts adds to generation at 300 and 600 commits (history.py). Speed is
measured here, never asserted in tests. `python -m scripts.bench` runs them.
"""
