"""The drift log: where a vendor's real responses differ from its spec, one JSON line each.

Switched on per client (``drift_log="drift.jsonl"``) or by the vendor's ``<VENDOR>_DRIFT_LOG``
environment variable. For every response, the client appends a line per discrepancy it sees:
an unknown field, an unknown enum value, a missing required field, a value of the wrong
type, a status code or a content type the spec does not declare. A line names the vendor,
the operation, the JSON path (array indices as ``[*]``), the kind, how many times the
response showed it, and the *shape* of the value (its JSON type, the format a string looks
like, the keys of an object): never the value itself, so no secret or personal data reaches
the log. The one exception is an unknown enum value that looks like a code (letters, digits,
``_ . : -``, at most 64 characters), which is what the spec needs to list it.

``clientgen drift LOG...`` turns these logs into changes to the spec.
"""

from __future__ import annotations

import enum
import json
import logging
import os
import re
import threading
from collections.abc import Iterator, Mapping
from typing import Any, Final, cast

import httpx
import pydantic

__all__ = ["Discrepancy", "DriftLog", "response_discrepancies", "shape_of"]

logger = logging.getLogger(__name__.rsplit(".", 1)[0])

_CODE: Final = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_KEY: Final = re.compile(r"^[A-Za-z_$@][A-Za-z0-9_.$@-]{0,63}$")
_FORMATS: Final = (
    ("date-time", re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$")),
    ("date", re.compile(r"^\d{4}-\d{2}-\d{2}$")),
    ("uuid", re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    ("email", re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")),
    ("uri", re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")),
)  # fmt: skip
_MAX_KEYS: Final = 20
_MAX_DEPTH: Final = 3
_lock = threading.Lock()

Discrepancy = dict[str, Any]
"""One line of the log, before ``vendor`` and ``operation`` are added."""


def shape_of(value: object, depth: int = 0) -> dict[str, Any]:
    """An anonymised description of a JSON value: its type and structure, never its content."""
    if value is None:
        return {"type": "null"}
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, str):
        for name, pattern in _FORMATS:
            if pattern.match(value):
                return {"type": "string", "format": name}
        return {"type": "string"}
    if isinstance(value, list | tuple):
        items = list(cast("list[object] | tuple[object, ...]", value))
        shape: dict[str, Any] = {"type": "array"}
        if items and depth < _MAX_DEPTH:
            shape["items"] = shape_of(items[0], depth + 1)
        return shape
    if isinstance(value, Mapping):
        mapping = cast("Mapping[object, object]", value)
        shape = {"type": "object"}
        keys = [str(k) for k in mapping]
        if depth < _MAX_DEPTH and len(keys) <= _MAX_KEYS and all(_KEY.match(k) for k in keys):
            shape["properties"] = {str(k): shape_of(v, depth + 1) for k, v in mapping.items()}
        return shape
    return {"type": "unknown"}


def _path(loc: tuple[str | int, ...]) -> str:
    text = "$"
    for part in loc:
        text += "[*]" if isinstance(part, int) else f".{part}"
    return text


def _model_findings(value: object, loc: tuple[str | int, ...]) -> Iterator[Discrepancy]:
    """Unknown fields and unknown enum values inside a parsed (lenient) response."""
    if isinstance(value, pydantic.BaseModel):
        for key, extra in (value.__pydantic_extra__ or {}).items():
            yield {"kind": "unknown_field", "path": _path((*loc, key)), "shape": shape_of(extra)}
        for name, info in type(value).model_fields.items():
            wire = info.alias or name
            yield from _model_findings(getattr(value, name), (*loc, wire))
    elif isinstance(value, enum.Enum):
        declared = type(value)._value2member_map_
        raw = cast(object, value.value)
        if raw not in declared or declared[raw] is not value:
            finding: Discrepancy = {
                "kind": "unknown_enum_value",
                "path": _path(loc),
                "shape": shape_of(raw),
            }
            if isinstance(raw, str | int) and not isinstance(raw, bool) and _CODE.match(str(raw)):
                finding["value"] = raw
            yield finding
    elif isinstance(value, list | tuple):
        for item in cast("list[object] | tuple[object, ...]", value):
            yield from _model_findings(item, (*loc, 0))
    elif isinstance(value, dict):
        for item in cast("dict[object, object]", value).values():
            yield from _model_findings(item, (*loc, 0))


def _validation_findings(error: pydantic.ValidationError, body: object) -> Iterator[Discrepancy]:
    """Missing required fields and values of the wrong type, from a failed validation."""
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        if detail["type"] == "missing":
            yield {
                "kind": "missing_required_field",
                "path": _path(loc),
                "shape": {"type": "absent"},
            }
        else:
            yield {
                "kind": "wrong_type",
                "path": _path(loc),
                "expected": detail["type"],
                "shape": shape_of(_at(body, loc)),
            }


def _at(body: object, loc: tuple[str | int, ...]) -> object:
    node = body
    for part in loc:
        if isinstance(node, list):
            items = cast("list[object]", node)
            if not isinstance(part, int) or part >= len(items):
                return None
            node = items[part]
        elif isinstance(node, dict):
            mapping = cast("dict[object, object]", node)
            if part not in mapping:
                return None
            node = mapping[part]
        else:
            return None
    return node


def _declared(responses: Mapping[str, tuple[str, ...]], status: int) -> tuple[str, ...] | None:
    """The media types the spec declares for ``status``, or None when it declares none."""
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        for declared, media in responses.items():
            if declared.upper() == key.upper():
                return media
    return None


def _media_matches(content_type: str, declared: tuple[str, ...]) -> bool:
    base = content_type.split(";", 1)[0].strip().lower()
    for media in declared:
        want = media.split(";", 1)[0].strip().lower()
        if want in ("*/*", base) or (want.endswith("/*") and base.startswith(want[:-1])):
            return True
    return False


def response_discrepancies(
    response: httpx.Response,
    responses: Mapping[str, tuple[str, ...]],
    *,
    parsed: object = None,
    error: pydantic.ValidationError | None = None,
    body: object = None,
) -> list[Discrepancy]:
    """What ``response`` shows that its operation's spec does not say.

    ``responses`` is the spec's status -> media types (empty: statuses and content types are
    not checked); ``parsed`` the lenient parse of a successful body, or ``error`` the failed
    validation of ``body``. Repeated findings (the same kind at the same path) are counted.
    """
    found: list[Discrepancy] = []
    if responses:
        media = _declared(responses, response.status_code)
        content_type = response.headers.get("content-type", "")
        if media is None:
            found.append({"kind": "undeclared_status", "path": "$", "shape": shape_of(body)})
        elif (
            media and content_type and response.content and not _media_matches(content_type, media)
        ):
            base = content_type.split(";", 1)[0].strip().lower()
            found.append(
                {"kind": "undeclared_content_type", "path": "$", "content_type": base[:100]}
            )
    if error is not None:
        found.extend(_validation_findings(error, body))
    elif parsed is not None:
        found.extend(_model_findings(parsed, ()))
    counted: dict[tuple[str, str], Discrepancy] = {}
    for item in found:
        key = (str(item["kind"]), str(item["path"]))
        if key in counted:
            counted[key]["count"] += 1
        else:
            counted[key] = {**item, "count": 1}
    return list(counted.values())


class DriftLog:
    """Appends discrepancies to a JSON-lines file; never raises into the call it observes."""

    def __init__(self, path: str | os.PathLike[str], vendor: str) -> None:
        self.path = os.fspath(path)
        self.vendor = vendor

    def __repr__(self) -> str:
        return f"DriftLog({self.path!r})"

    def write(self, method: str, path_template: str, status: int, found: list[Discrepancy]) -> None:
        if not found:
            return
        lines = "".join(
            json.dumps(
                {
                    "vendor": self.vendor,
                    "operation": f"{method.upper()} {path_template}",
                    "status": status,
                    **item,
                },
                sort_keys=True,
                ensure_ascii=True,
            )
            + "\n"
            for item in found
        )
        try:
            with _lock, open(self.path, "a", encoding="utf-8") as log:
                log.write(lines)
        except OSError as exc:
            logger.warning("cannot write the drift log %s: %s", self.path, exc)
