"""Spec logic of the parse package, in one place: which operations exist, their parameters,
security and server, status order, JSON media, nullability spellings, method names. The diff
reads the IR for all of these; it uses the nullability spellings and `follow` for the schema
rules it runs on the spec's own schemas."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import _names
from .._refs import MISSING, ref_parts, resolve_ref
from ._diagnostics import Parts, Unsupported

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_REF = "#/components/schemas/"
# Headers the client sets itself; a parameter declaring one is not an argument.
CLIENT_HEADERS = frozenset({"authorization", "accept", "content-type"})
PATH_TEMPLATE = re.compile(r"{([^{}]+)}")

__all__ = [
    "CLIENT_HEADERS",
    "HTTP_METHODS",
    "PATH_TEMPLATE",
    "SCHEMA_REF",
    "FirstServer",
    "deref",
    "effective_security",
    "first_server",
    "follow",
    "is_json",
    "is_null_schema",
    "is_nullable",
    "merged_parameters",
    "method_base_name",
    "operation_id",
    "status_order",
    "text",
    "walk_operations",
    "without_null",
]


def text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def status_order(code: Any) -> tuple[int, str]:
    """Sort key of response status keys: numbers, then ranges (4XX), then `default`."""
    key = str(code).upper()
    return (int(key) if key.isdigit() else 1000 if key != "DEFAULT" else 2000, key)


def is_json(media_type: Any) -> bool:
    base = str(media_type).split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json") or base == "*/*"


def deref(doc: dict[str, Any], node: Any, parts: Parts) -> tuple[Any, Parts]:
    """Follow `$ref`s from `node`; raises Unsupported for a cycle or a reference to nothing.
    Returns the target and where it is."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            raise Unsupported(parts, f"`$ref` {ref!r} refers to itself")
        seen.add(ref)
        target = resolve_ref(doc, ref)
        if target is MISSING:
            raise Unsupported(parts, f"`$ref` {ref!r} points to nothing")
        node, parts = target, list(ref_parts(ref) or [])
    return node, parts


def follow(doc: dict[str, Any], node: Any) -> Any:
    """Follow `$ref`s from `node`, stopping quietly at a cycle or a reference to nothing (the
    node holding that reference is returned)."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        target = resolve_ref(doc, ref) if ref not in seen else MISSING
        if target is MISSING:
            return node
        seen.add(ref)
        node = target
    return node


def walk_operations(
    doc: dict[str, Any],
    *,
    sort: bool = False,
    on_error: Callable[[Unsupported], None] | None = None,
) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any], Parts]]:
    """Every operation as (path, method, operation, path item, where the path item is).
    Path items that are references are followed; a broken one is skipped, after being
    handed to `on_error` when given."""
    paths = doc.get("paths") or {}
    if not isinstance(paths, dict):
        return
    for path in sorted(paths) if sort else list(paths):
        try:
            item, item_parts = deref(doc, paths[path], ["paths", path])
        except Unsupported as exc:
            if on_error is not None:
                on_error(exc)
            continue
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            raw = item.get(method)
            if isinstance(raw, dict):
                yield str(path), method, raw, item, item_parts


def operation_id(raw: dict[str, Any], method: str, path: str) -> str:
    """The operationId, or `get /path` for an operation without one."""
    op_id = raw.get("operationId")
    return op_id if isinstance(op_id, str) and op_id.strip() else f"{method} {path}"


def method_base_name(raw: dict[str, Any], method: str, path: str) -> str:
    """The client method's name before collision rules."""
    return _names.snake_case(operation_id(raw, method, path), fallback="call")


def merged_parameters(
    doc: dict[str, Any],
    item: dict[str, Any],
    raw: dict[str, Any],
    item_parts: Parts,
    op_parts: Parts,
) -> dict[tuple[str, str], tuple[dict[str, Any], Parts]]:
    """An operation's parameters by (location, name): the path item's, overridden by the
    operation's own, with where each is. A malformed list or parameter raises Unsupported."""
    merged: dict[tuple[str, str], tuple[dict[str, Any], Parts]] = {}
    for source, source_parts in ((item, item_parts), (raw, op_parts)):
        listed = source.get("parameters") or []
        if not isinstance(listed, list):
            raise Unsupported([*source_parts, "parameters"], "`parameters` must be a list")
        for i, entry in enumerate(listed):
            param, param_parts = deref(doc, entry, [*source_parts, "parameters", i])
            if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                raise Unsupported(param_parts, "a parameter needs a `name`")
            merged[(str(param.get("in")), param["name"])] = (param, param_parts)
    return merged


def effective_security(doc: dict[str, Any], raw: dict[str, Any]) -> tuple[Any, bool] | None:
    """The security requirements that apply to an operation (its own, else the document's)
    and whether the operation declares them itself; None when neither declares any."""
    if "security" in raw:
        return raw["security"], True
    if "security" in doc:
        return doc["security"], False
    return None


@dataclass(frozen=True)
class FirstServer:
    """The first entry of a `servers` list."""

    url: str | None  # variables replaced by their defaults, no trailing slash; None: no url
    undefined: tuple[str, ...]  # variables the URL uses that have no default


def first_server(servers: Any) -> FirstServer | None:
    """The first server of a `servers` list, or None when there is none."""
    if not isinstance(servers, list) or not servers:
        return None
    server = servers[0]
    if not isinstance(server, dict) or not isinstance(server.get("url"), str):
        return FirstServer(None, ())
    url: str = server["url"]
    variables = server.get("variables") or {}
    undefined: list[str] = []
    for name in PATH_TEMPLATE.findall(url):
        var = variables.get(name) if isinstance(variables, dict) else None
        if isinstance(var, dict) and "default" in var:
            url = url.replace("{" + name + "}", str(var["default"]))
        else:
            undefined.append(name)
    return FirstServer(url.rstrip("/"), tuple(undefined))


# -- nullability, however the spec spells it -----------------------------------------------


def is_null_schema(node: Any) -> bool:
    """A schema that allows only null."""
    if not isinstance(node, dict):
        return False
    return (
        node.get("type") in ("null", ["null"])
        or node.get("enum") == [None]
        or ("const" in node and node["const"] is None)
    )


def _options(schema: dict[str, Any], *keys: str) -> Iterator[Any]:
    for key in keys:
        listed = schema.get(key)
        yield from listed if isinstance(listed, list) else []


def is_nullable(schema: dict[str, Any]) -> bool:
    """Whether a schema allows null: `nullable: true` (3.0), a type list with "null", null
    in the enum, or a null alternative of anyOf/oneOf."""
    types = schema.get("type")
    enum = schema.get("enum")
    return (
        schema.get("nullable") is True
        or types == "null"
        or (isinstance(types, list) and "null" in types)
        or (isinstance(enum, list) and None in enum)
        or any(is_null_schema(option) for option in _options(schema, "anyOf", "oneOf"))
    )


def without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with its null alternative removed, so `string | null` reads as `string`
    however the spec spells it (type list, `nullable: true`, anyOf/oneOf with null)."""
    out = dict(schema)
    out.pop("nullable", None)
    types = out.get("type")
    if isinstance(types, list) and "null" in types:
        rest = [t for t in types if t != "null"]
        out["type"] = rest[0] if len(rest) == 1 else rest
    if out.get("type") in ("null", []):
        out.pop("type")
    enum = out.get("enum")
    if isinstance(enum, list) and None in enum:
        out["enum"] = [v for v in enum if v is not None]
    for key in ("anyOf", "oneOf"):
        options = out.get(key)
        if not isinstance(options, list):
            continue
        rest = [o for o in options if not is_null_schema(o)]
        if len(rest) == 1 and isinstance(rest[0], dict) and len(rest) < len(options):
            del out[key]
            return {**out, **rest[0]}
        out[key] = rest
    return out
