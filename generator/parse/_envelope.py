"""Error envelope detection: where the API's error bodies keep code, message, type, trace id
and retry-after, found in the first error model that has a message."""

from __future__ import annotations

from typing import Any

from .._ir import ErrorEnvelope, Operation
from .._refs import component_name

_CANDIDATES = {
    "code": ("code", "error_code", "errorCode"),
    "message": ("message", "error_description", "detail", "msg"),
    "type": ("type", "error_type", "errorType"),
    "trace_id": ("trace_id", "traceId", "request_id", "requestId"),
    "retry_after": ("retry_after", "retryAfter"),
}


def error_envelope(schemas: dict[str, Any], operations: list[Operation]) -> ErrorEnvelope:
    for op in operations:
        for _, model in op.errors:
            envelope = _envelope_of(schemas, schemas.get(model.name))
            if envelope.message is not None:
                return envelope
    return ErrorEnvelope()


def _envelope_of(schemas: dict[str, Any], schema: Any) -> ErrorEnvelope:
    found: dict[str, tuple[str, ...]] = {}
    queue: list[tuple[Any, tuple[str, ...]]] = [(schema, ())]
    while queue:
        node, path = queue.pop(0)
        node = _resolve(schemas, node)
        props = node.get("properties") if isinstance(node, dict) else None
        if not isinstance(props, dict) or len(path) > 3:
            continue
        for field_name, choices in _CANDIDATES.items():
            for choice in choices:
                if field_name not in found and choice in props:
                    found[field_name] = (*path, choice)
        if "code" not in found and "error" in props:
            error_schema = _resolve(schemas, props["error"])
            if isinstance(error_schema, dict) and error_schema.get("type") == "string":
                found["code"] = (*path, "error")
        for prop_name, prop in props.items():
            queue.append((prop, (*path, str(prop_name))))
    return ErrorEnvelope(**found)


def _resolve(schemas: dict[str, Any], node: Any) -> Any:
    """Follow references between the prepared schemas (which name classes)."""
    for _ in range(20):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        ref = node["$ref"]
        name = component_name(ref)
        node = schemas.get(name) if name is not None else None
    return None
