"""Small facts about schema shapes, shared by the stages that read schemas."""

from __future__ import annotations

from typing import Any

# Keywords that describe a schema without changing which values it accepts (`nullable` aside,
# which the caller applies itself).
ANNOTATION_KEYS = frozenset(
    {
        "description", "title", "nullable", "default", "example", "examples", "readOnly",
        "writeOnly", "deprecated", "externalDocs", "$comment", "xml",
    }
)  # fmt: skip
_COMBINERS = ("allOf", "anyOf", "oneOf")


def single_member(schema: Any) -> tuple[str, Any] | None:
    """(keyword, member) when `schema` only wraps one schema: `allOf`, `anyOf` or `oneOf` with
    a single member, beside nothing but annotations (`{allOf: [{$ref: X}], nullable: true}`,
    a common way to add a description or nullability to a reference). None otherwise."""
    if not isinstance(schema, dict):
        return None
    found = [key for key in _COMBINERS if key in schema]
    if len(found) != 1:
        return None
    members = schema[found[0]]
    if not isinstance(members, list) or len(members) != 1 or not isinstance(members[0], dict):
        return None
    others = [k for k in schema if k != found[0]]
    if any(not (k in ANNOTATION_KEYS or str(k).startswith("x-")) for k in others):
        return None
    return found[0], members[0]


def is_object_schema(schema: Any) -> bool:
    """Whether a schema describes an object with properties (a class of its own), as opposed
    to an enum, a scalar or an array."""
    if not isinstance(schema, dict):
        return False
    if "enum" in schema or "const" in schema:
        return False
    return schema.get("type") not in ("string", "integer", "number", "boolean", "array", "null")
