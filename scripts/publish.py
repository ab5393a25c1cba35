"""Publish: put the JSON Schemas into a built site at the addresses their `$id` names.

Takes the repository root and a built site folder; copies schemas/<name>.schema.json to
<site>/schemas/<name>.schema.json, which is site_url + schemas/<name>.schema.json, the `$id` of
each schema. They are copied after `mkdocs build` because they live outside docs/ and must be
served at the site's top, not under generated/. Files are copied byte for byte, so their `$ref`s
between each other keep resolving on the published site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SCHEMAS = "schemas"


def publish_schemas(root: Path, site: Path) -> list[Path]:
    """Copy every schema into site/schemas/; gives the copied files in name order."""
    target = site / SCHEMAS
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for schema in sorted((root / SCHEMAS).glob("*.schema.json")):
        shutil.copyfile(schema, target / schema.name)
        copied.append(target / schema.name)
    return copied
