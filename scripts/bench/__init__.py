"""Benchmarks (`make bench`): synthetic fact bases (synthetic.py), validation against the parse floor
and check-jsonschema (validation.py), and site generation and build against a bare Material build
(site.py). Speed is measured here, never asserted in tests. `python -m scripts.bench` runs them.
"""
