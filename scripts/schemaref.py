"""Schema reading: follow the `$ref`s between our own schemas, for the tools that read a schema's
structure (the record skeletons of `new` and the reference pages) rather than validate against it.

Takes the schemas keyed by name (as `load_schemas` gives them); gives a schema node with its
`$ref` resolved, the referring node's own keywords (its description) laid over the target's.
"""

from __future__ import annotations

from typing import Any, Mapping

Schemas = Mapping[str, Mapping[str, Any]]
SUFFIX = ".schema.json"


def resolve(node: Mapping[str, Any], document: str, schemas: Schemas) -> tuple[dict[str, Any], str]:
    """The node with its $ref chain followed, and the name of the schema the target lives in."""
    merged = dict(node)
    seen = set()
    while "$ref" in merged:
        reference = merged.pop("$ref")
        if (document, reference) in seen:
            break
        seen.add((document, reference))
        file, _, pointer = reference.partition("#")
        document = file.removesuffix(SUFFIX) if file else document
        target = follow(schemas[document], pointer)
        merged = {**target, **merged}
    return merged, document


def follow(schema: Mapping[str, Any], pointer: str) -> Mapping[str, Any]:
    """The node a JSON pointer such as /$defs/citation names inside a schema."""
    node = schema
    for part in filter(None, pointer.split("/")):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def reference_name(node: Mapping[str, Any]) -> str:
    """The shared definition a node refers to, e.g. 'date' for common.schema.json#/$defs/date."""
    reference = node.get("$ref", "")
    return reference.rpartition("/")[2] if "/$defs/" in reference else ""
