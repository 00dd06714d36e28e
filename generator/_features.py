"""What a spec declares about runtime features beyond plain calls: idempotency keys and
pagination (the README's "Pagination" section documents the format).

Each function takes the raw operation (a dict of the spec) and the JSON pointer parts that
lead to it, reports wrong declarations to the build's `Diagnostics` (whose policy makes them
errors, or warnings in lenient mode) and returns a typed declaration, or None when the
operation declares nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._ir import EventStream, PaginationDecl, TypeNode

if TYPE_CHECKING:
    from .parse import Diagnostics

__all__ = [
    "EVENT_STREAM",
    "IDEMPOTENCY_EXTENSION",
    "PAGINATION_EXTENSION",
    "RAW_EVENT",
    "PaginationDecl",
    "event_stream",
    "idempotency_header",
    "pagination",
    "vendor_pagination",
]

IDEMPOTENCY_EXTENSION = "x-idempotency-key"
DEFAULT_IDEMPOTENCY_HEADER = "Idempotency-Key"
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an HTTP header name (RFC 9110 token)


def idempotency_header(
    raw: dict[str, Any],
    header_params: Iterable[str],
    parts: list[str | int],
    diagnostics: Diagnostics,
) -> str | None:
    """The header an operation's idempotency key goes in, or None.

    `x-idempotency-key: true` marks the operation (header `Idempotency-Key`), a string names
    another header, `false` turns the marking off; without the extension, an operation that
    takes an `Idempotency-Key` header parameter (`header_params`: the wire names of its header
    parameters) is marked.
    """
    if IDEMPOTENCY_EXTENSION in raw:
        value = raw[IDEMPOTENCY_EXTENSION]
        where = [*parts, IDEMPOTENCY_EXTENSION]
        if value is True:
            return DEFAULT_IDEMPOTENCY_HEADER
        if value is False:
            return None
        if isinstance(value, str) and _TOKEN.match(value):
            return value
        diagnostics.problem(
            where,
            f"{IDEMPOTENCY_EXTENSION} must be true, false or a header name, not {value!r}",
            "write `x-idempotency-key: true` for the Idempotency-Key header",
        )
        return None
    for name in header_params:
        if name.lower() == DEFAULT_IDEMPOTENCY_HEADER.lower():
            return name
    return None


# -- pagination --------------------------------------------------------------------------

PAGINATION_EXTENSION = "x-pagination"
PAGINATION_KINDS = ("cursor", "offset", "page", "link")
# The keys of a declaration, by kind: the request parameter each kind names, and the keys
# every kind may have.
_PARAM_KEY = {"cursor": "cursor-param", "offset": "offset-param", "page": "page-param"}
_COMMON_KEYS = {"kind", "items", "has-more"}
_KIND_KEYS = {
    "cursor": {"cursor-param", "next-cursor"},
    "offset": {"offset-param"},
    "page": {"page-param"},
    "link": set[str](),
}


def _path(value: Any) -> tuple[str, ...] | None:
    """A dot-separated field path, or None when it is not one."""
    if not isinstance(value, str) or not value or any(not p for p in value.split(".")):
        return None
    return tuple(value.split("."))


def _field(schema: Any, path: tuple[str, ...], resolve: Callable[[Any], Any]) -> tuple[bool, Any]:
    """Whether `path` names a property of `schema` (following `$ref` and `allOf`), and its
    schema."""
    node = resolve(schema)
    for key in path:
        found = _property(node, key, resolve, 0)
        if found is None:
            return False, None
        node = resolve(found)
    return True, node


def _property(node: Any, key: str, resolve: Callable[[Any], Any], depth: int) -> Any:
    if not isinstance(node, dict) or depth > 10:
        return None
    props = node.get("properties")
    if isinstance(props, dict) and key in props:
        return props[key]
    for member in node.get("allOf") or []:
        found = _property(resolve(member), key, resolve, depth + 1)
        if found is not None:
            return found
    return None


def pagination(
    raw: dict[str, Any],
    method: str,
    query_params: Iterable[str],
    parts: list[str | int],
    vendor: Mapping[str, Any] | None,
    success: Any,
    resolve: Callable[[Any], Any],
    annotate: Callable[[Any], TypeNode],
    diagnostics: Diagnostics,
) -> PaginationDecl | None:
    """The operation's pagination, from its `x-pagination` or the vendor's settings.

    `success` is the JSON schema of the operation's success response as the IR has it (None
    when it has no JSON body).

    An `x-pagination` that names a parameter or a response field the operation does not have
    is reported (an error: `clientgen validate` refuses it). The vendor's declaration applies
    to each GET operation that has what it names, and is skipped silently for the others;
    `x-pagination: false` opts an operation out of it.
    """
    if PAGINATION_EXTENSION in raw:
        declared = raw[PAGINATION_EXTENSION]
        if declared is False:
            return None
        where = [*parts, PAGINATION_EXTENSION]
        return _check(declared, raw, query_params, where, success, resolve, annotate, diagnostics)
    if vendor is None or method.lower() != "get":
        return None
    return _check(vendor, raw, query_params, None, success, resolve, annotate, diagnostics)


def _check(
    declared: Any,
    raw: dict[str, Any],
    query_params: Iterable[str],
    where: list[str | int] | None,
    schema: Any,
    resolve: Callable[[Any], Any],
    annotate: Callable[[Any], TypeNode],
    diagnostics: Diagnostics,
) -> PaginationDecl | None:
    """Check one declaration against the operation. `where` is the declaration's pointer
    (None for the vendor's settings, whose mismatches only mean "not this operation")."""

    def fail(message: str, at: list[str | int] | None = None) -> None:
        if where is not None:
            diagnostics.problem(at or where, message, PAGINATION_HINT)

    if not isinstance(declared, Mapping):
        fail(f"{PAGINATION_EXTENSION} must be a mapping (or false), not {type(declared).__name__}")
        return None
    kind = declared.get("kind")
    if kind not in PAGINATION_KINDS:
        fail(f"pagination kind must be one of {', '.join(PAGINATION_KINDS)}, not {kind!r}")
        return None
    unknown = sorted(set(declared) - _COMMON_KEYS - _KIND_KEYS[kind])
    if unknown:
        fail(f"unknown key(s) for {kind} pagination: {', '.join(map(str, unknown))}")
        return None
    if "requestBody" in raw:
        fail("a paginated operation cannot take a request body (each page is requested again)")
        return None
    param: str | None = None
    if kind in _PARAM_KEY:
        key = _PARAM_KEY[kind]
        param = declared.get(key)
        if not isinstance(param, str) or param not in set(query_params):
            fail(
                f"{key} {param!r} is not a query parameter of this operation",
                [*where, key] if where is not None else None,
            )
            return None
    if schema is None:
        fail("a paginated operation needs a JSON success response")
        return None
    paths: dict[str, tuple[str, ...]] = {}
    for key in ("items", "next-cursor", "has-more"):
        if key not in declared:
            continue
        path = _path(declared[key])
        at = [*where, key] if where is not None else None
        if path is None:
            fail(f"{key} must be a dot-separated field path, not {declared[key]!r}", at)
            return None
        found, _ = _field(schema, path, resolve)
        if not found:
            fail(f"{key} {declared[key]!r} is not a field of the response", at)
            return None
        paths[key] = path
    if kind == "cursor" and "next-cursor" not in paths:
        fail("cursor pagination needs next-cursor, the response field of the next cursor")
        return None
    items = paths.get("items", ())
    _, list_schema = _field(schema, items, resolve)
    if not (isinstance(list_schema, dict) and list_schema.get("type") == "array"):
        fail(
            f"the items ({'.'.join(items) or 'the response body'}) must be an array",
            [*where, "items"] if where is not None and items else None,
        )
        return None
    return PaginationDecl(
        kind=kind,
        items=items,
        item=annotate(list_schema.get("items", {})),
        param=param,
        next_cursor=paths.get("next-cursor", ()),
        has_more=paths.get("has-more"),
    )


PAGINATION_HINT = (
    "see the README's pagination section: kind (cursor, offset, page, link), the query "
    "parameter it names, and response fields as dot-separated paths"
)


def vendor_pagination(table: Any, where: str) -> dict[str, Any]:
    """Check `[tool.clientgen.vendors.<name>.pagination]` (`where` names it); raises ValueError."""
    if not isinstance(table, dict):
        raise ValueError(f"{where} must be a table")
    kind = table.get("kind")
    if kind not in PAGINATION_KINDS:
        raise ValueError(f"{where}: kind must be one of {', '.join(PAGINATION_KINDS)}")
    unknown = sorted(set(table) - _COMMON_KEYS - _KIND_KEYS[kind])
    if unknown:
        raise ValueError(f"{where}: unknown key(s) for {kind} pagination: {', '.join(unknown)}")
    for key, value in table.items():
        if key != "kind" and not isinstance(value, str):
            raise ValueError(f"{where}: {key} must be a string")
    return dict(table)


# -- event streams -----------------------------------------------------------------------

EVENT_STREAM = "text/event-stream"
RAW_EVENT = "ServerSentEvent"


def event_stream(
    raw: dict[str, Any],
    resolve: Callable[[Any], Any],
    annotate: Callable[[Any], TypeNode],
) -> EventStream | None:
    """For an operation whose first 2xx response is `text/event-stream` (and not JSON): the
    type of one event's data, from the media type's `itemSchema` (OpenAPI 3.2) or
    `schema`; `ServerSentEvent` (the events as they are) when that is absent or a string.
    None for other operations."""
    responses = raw.get("responses")
    if not isinstance(responses, dict):
        return None
    for status in sorted(responses, key=str):
        if not str(status).startswith("2"):
            continue
        response = resolve(responses[status])
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict) or not content:
            return None
        types = {
            str(media).split(";", 1)[0].strip().lower(): entry for media, entry in content.items()
        }
        if EVENT_STREAM not in types or any("json" in media for media in types):
            return None
        entry = types[EVENT_STREAM]
        schema = None
        if isinstance(entry, dict):
            schema = entry.get("itemSchema", entry.get("schema"))
        resolved = resolve(schema)
        if not isinstance(resolved, dict) or resolved.get("type") == "string" or not resolved:
            return EventStream(None)
        return EventStream(annotate(schema))
    return None
