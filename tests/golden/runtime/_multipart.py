"""``multipart/form-data`` request bodies (RFC 7578), encoded once so retries resend the same bytes.

Each field is sent as its ``Part`` says: ``file`` (a ``FileTypes`` value, or a list of
them sent as parts of the same name), ``text`` (a primitive written as the spec's
types say: ``true``, enums by value, dates ISO 8601) or ``json`` (an object or array,
models by wire name). A field without a ``Part`` is a file when its value is one,
JSON when it is a model, mapping or list, and text otherwise. None is left out.
"""

from __future__ import annotations

import mimetypes
import os
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Literal, cast

import pydantic

from ._api import Part
from ._encoding import encode_scalar
from ._json import dumps_request_body

__all__ = ["encode_multipart", "is_file"]

_OCTET_STREAM = "application/octet-stream"


def is_file(value: object) -> bool:
    """Whether ``value`` is one of the ``FileTypes`` forms."""
    if isinstance(value, bytes | bytearray | os.PathLike):
        return True
    if isinstance(value, tuple):
        items = cast(tuple[object, ...], value)
        return len(items) in (2, 3) and (items[0] is None or isinstance(items[0], str))
    return callable(getattr(value, "read", None))


def _quote(text: str) -> str:
    """A name or file name inside a quoted header parameter (as browsers write it)."""
    return text.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


def _read(content: object) -> tuple[bytes, str | None]:
    """A file's bytes and the file name it carries, if any."""
    if isinstance(content, bytes | bytearray):
        return bytes(content), None
    if isinstance(content, os.PathLike):
        path = Path(cast("os.PathLike[str]", content))
        return path.read_bytes(), path.name
    if callable(getattr(content, "read", None)):
        stream = cast(IO[bytes], content)
        data = cast(object, stream.read())
        if isinstance(data, str):
            raise TypeError("a file object for upload must be opened in binary mode ('rb')")
        name = cast(object, getattr(stream, "name", None))
        return bytes(cast(bytes, data)), os.path.basename(name) if isinstance(name, str) else None
    raise TypeError(
        f"expected bytes, a binary file object, a path or a (filename, content[, content_type])"
        f" tuple, got {type(content).__name__}"
    )


def _concrete(content_type: str | None) -> str | None:
    """A declared content type usable as a part's header (not a list or a wildcard)."""
    if content_type is None or "*" in content_type or "," in content_type:
        return None
    return content_type


def _file_part(name: str, value: object, part: Part | None) -> bytes:
    filename: str | None = None
    content_type: str | None = None
    content: object = value
    if isinstance(value, tuple):
        items = cast(tuple[object, ...], value)
        filename = cast("str | None", items[0])
        content = items[1]
        if len(items) == 3:
            content_type = cast("str | None", items[2])
    data, own_name = _read(content)
    filename = filename or own_name or name
    content_type = (
        content_type
        or _concrete(part.content_type if part else None)
        or mimetypes.guess_type(filename)[0]
        or _OCTET_STREAM
    )
    head = (
        f'Content-Disposition: form-data; name="{_quote(name)}"; filename="{_quote(filename)}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    )
    return head.encode("utf-8") + data


def _field_part(name: str, data: bytes, content_type: str | None) -> bytes:
    head = f'Content-Disposition: form-data; name="{_quote(name)}"\r\n'
    if content_type:
        head += f"Content-Type: {content_type}\r\n"
    return (head + "\r\n").encode("utf-8") + data


def _kind(value: object, part: Part | None) -> Literal["file", "text", "json"]:
    if part is not None:
        return part.kind
    if is_file(value) or (
        isinstance(value, list)
        and value
        and all(is_file(item) for item in cast(list[object], value))
    ):
        return "file"
    if isinstance(value, pydantic.BaseModel | Mapping | list | tuple):
        return "json"
    return "text"


def _parts(name: str, value: object, part: Part | None) -> list[bytes]:
    kind = _kind(value, part)
    declared = _concrete(part.content_type if part else None)
    if kind == "file":
        files = cast(Sequence[object], value) if isinstance(value, list) else [value]
        return [_file_part(name, item, part) for item in files if item is not None]
    if kind == "json":
        json_type = declared or "application/json"
        if part is not None and part.many and isinstance(value, list | tuple):
            items = cast(Sequence[object], value)
            return [_field_part(name, dumps_request_body(i), json_type) for i in items]
        return [_field_part(name, dumps_request_body(value), json_type)]
    if isinstance(value, list | tuple):  # an array of primitives: one part per item
        items = cast(Sequence[object], value)
        return [_field_part(name, encode_scalar(i).encode("utf-8"), declared) for i in items]
    return [_field_part(name, encode_scalar(value).encode("utf-8"), declared)]


def encode_multipart(
    fields: Mapping[str, object], parts: Mapping[str, Part] | None = None
) -> tuple[bytes, str]:
    """The body and the ``Content-Type`` header (with its boundary) of a multipart form."""
    boundary = secrets.token_hex(16)
    declared = parts or {}
    chunks: list[bytes] = []
    for name, value in fields.items():
        if value is None:
            continue
        for chunk in _parts(name, value, declared.get(name)):
            chunks.append(b"--" + boundary.encode("ascii") + b"\r\n" + chunk + b"\r\n")
    chunks.append(b"--" + boundary.encode("ascii") + b"--\r\n")
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"
