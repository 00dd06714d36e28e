"""Encoding of path parameters, query parameters and header values, and URL joining."""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Final, cast
from urllib.parse import quote, urlencode

import httpx

__all__ = [
    "build_path",
    "build_url",
    "encode_form",
    "encode_headers",
    "encode_query",
    "encode_scalar",
]

_PLACEHOLDER: Final = re.compile(r"\{([^{}]+)\}")

# "." and ".." are left alone by percent-encoding, yet URL normalisation would
# treat them as path navigation; encode them in full.
_DOT_SEGMENTS: Final = {".": "%2E", "..": "%2E%2E"}


def encode_scalar(value: object) -> str:
    """One parameter value as text: enums by value, booleans as true/false, dates ISO 8601."""
    if isinstance(value, enum.Enum):
        value = cast(object, value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _encode_path_value(name: str, value: object) -> str:
    text = encode_scalar(value)
    if not text:
        raise ValueError(f"path parameter {name!r} must not be empty")
    return _DOT_SEGMENTS.get(text) or quote(text, safe="")


def build_path(template: str, params: Mapping[str, object] | None) -> str:
    """Fill the ``{name}`` placeholders of ``template``, percent-encoding each value.

    Every character that could change the URL's structure (``/ ? # %`` ...) is
    encoded, so a value can never reach another path. Raises ``ValueError`` for
    a missing, None or empty parameter.
    """
    values = params or {}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name)
        if value is None:
            raise ValueError(f"missing path parameter {name!r}")
        return _encode_path_value(name, value)

    return _PLACEHOLDER.sub(replace, template)


def build_url(base_url: httpx.URL | str, path: str) -> httpx.URL:
    """``path`` appended to ``base_url``'s path (not resolved as a relative reference).

    A query string on the base URL is kept; a fragment is dropped.
    """
    base = httpx.URL(base_url)
    prefix = str(base.copy_with(query=None, fragment=None)).rstrip("/")
    url = httpx.URL(prefix + "/" + path.lstrip("/"))
    return url.copy_with(query=base.query) if base.query else url


def _query_items(name: str, value: object) -> Iterator[tuple[str, str]]:
    if value is None:
        return
    if isinstance(value, Mapping):
        # OpenAPI's default for object parameters (style=form, explode=true):
        # each property becomes a parameter of its own.
        for key, item in cast(Mapping[object, object], value).items():
            yield from _query_items(str(key), item)
    elif isinstance(value, list | tuple | set | frozenset):
        # Arrays explode into repeated parameters: ?tag=a&tag=b.
        for item in cast(Sequence[object], value):
            if item is not None:
                yield name, encode_scalar(item)
    else:
        yield name, encode_scalar(value)


def encode_query(*sources: Mapping[str, object] | None) -> list[tuple[str, str]]:
    """Merge query parameter mappings into an ordered list of pairs.

    Later sources replace earlier ones by name. None values are dropped, booleans
    become ``true``/``false``, enums their value, dates ISO 8601, lists repeated
    parameters and mappings one parameter per key.
    """
    merged: dict[str, object] = {}
    for source in sources:
        if source:
            merged.update(source)
    return [pair for name, value in merged.items() for pair in _query_items(name, value)]


def encode_headers(headers: Mapping[str, object] | None) -> dict[str, str]:
    """Header parameters as text; None values are dropped."""
    if not headers:
        return {}
    return {name: encode_scalar(value) for name, value in headers.items() if value is not None}


def encode_form(form: Mapping[str, object]) -> bytes:
    """A URL-encoded form body, with values encoded as query parameters are."""
    return urlencode(encode_query(form)).encode("ascii")
