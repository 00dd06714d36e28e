"""JSON helpers: decoding response bodies, reading fields by path, encoding request bodies."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Final, cast

import httpx
import pydantic
import pydantic_core

__all__ = ["NO_JSON", "decode_json", "dig", "dumps_request_body", "is_json_content_type"]


class _NoJSON:
    """Type of ``NO_JSON``: a body that is not JSON (distinct from a JSON ``null``)."""


NO_JSON: Final = _NoJSON()


def is_json_content_type(content_type: str | None) -> bool:
    """Whether a Content-Type names JSON (``application/json``, ``application/problem+json``...)."""
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def decode_json(response: httpx.Response) -> object:
    """The response body parsed as JSON, or ``NO_JSON`` when it is empty or not JSON."""
    content = response.content
    if not content.strip():
        return NO_JSON
    try:
        return cast(object, json.loads(content))
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return NO_JSON


def dig(data: object, path: Sequence[str] | None) -> object:
    """The value at ``path`` (keys of nested JSON objects) in ``data``, or None."""
    if not path:
        return None
    current = data
    for key in path:
        if not isinstance(current, Mapping):
            return None
        current = cast(Mapping[str, object], current).get(key)
    return current


def _jsonable(value: object) -> object:
    if isinstance(value, pydantic.BaseModel):
        # Fields the caller never set are left out, so a model built with only the
        # fields to change sends only those; fields set to None are sent as null.
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        items = cast(Mapping[object, object], value).items()
        return {str(k): _jsonable(v) for k, v in items}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in cast(Sequence[object], value)]
    return pydantic_core.to_jsonable_python(value)


def dumps_request_body(value: object) -> bytes:
    """Encode a request body (models, mappings, lists, scalars, enums, dates) as JSON."""
    return json.dumps(
        _jsonable(value), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    ).encode("utf-8")
