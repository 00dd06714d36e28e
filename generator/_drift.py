"""`clientgen drift`: the clients' drift logs turned into changes to the specs.

The generated clients can log, one JSON line each, where a vendor's real responses differ from
its spec (the runtime's `_drift` module). This module reads such logs, adds up the same finding
seen many times, places each one in the spec it belongs to (file:line and JSON pointer of the
schema to change), suggests the change as a YAML snippet, and with `apply` writes the changes
that are safe into YAML specs: a new optional property, a new enum value. Everything else (a
field the vendor leaves out, a type that differs, an undeclared status or content type) is left
for a person, because the spec may be right and the vendor wrong.

Applied changes are inserted into the text, so comments and layout stay; the spec is then
loaded and validated again, and restored if that fails.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ._errors import SpecError, SpecErrors, pointer_from_parts
from ._load import LoadedSpec, load_spec

Parts = tuple[str | int, ...]
_HTTP = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SAFE_KINDS = ("unknown_field", "unknown_enum_value")
_SEGMENT = re.compile(r"\[\*\]|\.([^.\[]+)")
_SCHEMA_TYPES = ("string", "integer", "number", "boolean", "array", "object")


@dataclass
class Finding:
    """One kind of discrepancy at one place, added up over every log line that reported it."""

    vendor: str
    operation: str  # "GET /v1/things/{id}"
    status: int
    kind: str
    path: str  # JSON path in the response body, arrays as [*]
    count: int = 0
    shapes: list[dict[str, Any]] = field(default_factory=list)
    value: str | int | None = None  # an unknown enum value
    expected: str | None = None  # wrong_type: what the client expected
    content_type: str | None = None  # undeclared_content_type

    @property
    def key(self) -> tuple[str, str, int, str, str, str]:
        return (self.vendor, self.operation, self.status, self.kind, self.path, str(self.value))


@dataclass
class Placement:
    """Where a finding belongs in a spec, and what to do there."""

    finding: Finding
    spec: LoadedSpec
    parts: Parts | None  # the schema (or responses object) to change; None: not found
    snippet: str  # the suggested change, YAML
    applicable: bool  # safe to write without a person
    note: str = ""  # why it is left for a person
    applied: bool = False


def read_logs(paths: Iterable[Path]) -> tuple[list[Finding], list[str]]:
    """The findings of every log, added up; and warnings for lines that could not be read."""
    found: dict[tuple[str, str, int, str, str, str], Finding] = {}
    warnings: list[str] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(str(path), f"cannot read the drift log: {exc}") from None
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                finding = Finding(
                    vendor=str(item["vendor"]),
                    operation=str(item["operation"]),
                    status=int(item["status"]),
                    kind=str(item["kind"]),
                    path=str(item["path"]),
                    value=item.get("value"),
                    expected=item.get("expected"),
                    content_type=item.get("content_type"),
                )
                count = int(item.get("count", 1))
                shape = item.get("shape")
            except (ValueError, KeyError, TypeError) as exc:
                warnings.append(
                    f"{path}:{number}: not a drift log line ({type(exc).__name__}); skipped"
                )
                continue
            kept = found.setdefault(finding.key, finding)
            kept.count += count
            if isinstance(shape, dict) and shape not in kept.shapes:
                kept.shapes.append(shape)
    return sorted(found.values(), key=lambda f: f.key), warnings


# -- placing findings in a spec ------------------------------------------------------------


def _resolve(doc: Any, node: Any, parts: Parts) -> tuple[Any, Parts]:
    """Follow `$ref`s from `node` (at `parts`) to the schema they name."""
    from ._refs import MISSING, resolve_ref

    for _ in range(32):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return node, parts
        target = resolve_ref(doc, ref)
        if target is MISSING:
            return None, parts
        from ._refs import ref_parts

        parts = tuple(ref_parts(ref) or ())
        node = target
    return None, parts


def _property(doc: Any, schema: Any, parts: Parts, name: str) -> tuple[Any, Parts] | None:
    """The schema of property `name` of the object schema `schema`, looking into allOf."""
    schema, parts = _resolve(doc, schema, parts)
    if not isinstance(schema, dict):
        return None
    props = schema.get("properties")
    if isinstance(props, dict) and name in props:
        return props[name], (*parts, "properties", name)
    for i, member in enumerate(schema.get("allOf") or []):
        found = _property(doc, member, (*parts, "allOf", i), name)
        if found is not None:
            return found
    return None


def _segments(path: str) -> list[str | None] | None:
    """`$.a[*].b` as ["a", None, "b"] (None for an array item); None when malformed."""
    if not path.startswith("$"):
        return None
    rest = path[1:]
    segments: list[str | None] = []
    for match in _SEGMENT.finditer(rest):
        segments.append(match.group(1))
    if "".join(m.group(0) for m in _SEGMENT.finditer(rest)) != rest:
        return None
    return segments


def _response_schema(doc: Any, finding: Finding) -> tuple[Any, Parts] | None:
    method, _, path = finding.operation.partition(" ")
    op = ((doc.get("paths") or {}).get(path) or {}).get(method.lower())
    if method.lower() not in _HTTP or not isinstance(op, dict):
        return None
    responses = op.get("responses") or {}
    status = str(finding.status)
    for key in (status, f"{status[0]}XX", f"{status[0]}xx", "default"):
        if key in responses:
            response, parts = _resolve(
                doc, responses[key], ("paths", path, method.lower(), "responses", key)
            )
            content = response.get("content") if isinstance(response, dict) else None
            for media, body in (content or {}).items():
                if "json" in str(media) and isinstance(body, dict) and "schema" in body:
                    return body["schema"], (*parts, "content", media, "schema")
            return None
    return None


def _walk(
    doc: Any, start: tuple[Any, Parts], segments: list[str | None]
) -> tuple[Any, Parts] | None:
    schema, parts = start
    for segment in segments:
        schema, parts = _resolve(doc, schema, parts)
        if not isinstance(schema, dict):
            return None
        if segment is None:
            if "items" not in schema:
                return None
            schema, parts = schema["items"], (*parts, "items")
        else:
            found = _property(doc, schema, parts, segment)
            if found is None:
                return None
            schema, parts = found
    return _resolve(doc, schema, parts)


def _type_of(shapes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A schema for the values seen, when they agree on one type (null aside)."""
    types = {str(s.get("type")) for s in shapes}
    nullable = "null" in types
    types.discard("null")
    if len(types) != 1 or next(iter(types)) not in _SCHEMA_TYPES:
        return None
    shape = next(s for s in shapes if s.get("type") in types)
    schema: dict[str, Any] = {"type": [shape["type"], "null"] if nullable else shape["type"]}
    if shape.get("format"):
        schema["format"] = shape["format"]
    if shape["type"] == "array" and isinstance(shape.get("items"), dict):
        item = _type_of([shape["items"]])
        if item is not None:
            schema["items"] = item
    return schema


def _yaml(value: Any) -> str:
    return yaml.safe_dump(value, sort_keys=False, default_flow_style=False, allow_unicode=False)


def place(finding: Finding, spec: LoadedSpec) -> Placement:
    """Where `finding` belongs in `spec` and the change it suggests."""
    doc = spec.data
    start = _response_schema(doc, finding)
    segments = _segments(finding.path)
    kind = finding.kind
    if kind in ("undeclared_status", "undeclared_content_type"):
        method, _, path = finding.operation.partition(" ")
        parts: Parts = ("paths", path, method.lower(), "responses")
        if kind == "undeclared_status":
            body = _type_of(finding.shapes)
            response: dict[str, Any] = {"description": "TODO: describe this response"}
            if body is not None:
                response["content"] = {"application/json": {"schema": body}}
            snippet = _yaml({str(finding.status): response})
        else:
            snippet = _yaml({str(finding.status): {"content": {finding.content_type or "?": {}}}})
        return Placement(finding, spec, parts, snippet, False, "a new response needs a person")
    if start is None or segments is None:
        return Placement(
            finding, spec, None, "", False, "the operation's JSON response schema was not found"
        )
    if kind == "unknown_field":
        if not segments or segments[-1] is None:
            return Placement(finding, spec, None, "", False, "the path does not end in a field")
        parent = _walk(doc, start, segments[:-1])
        name = segments[-1]
        if parent is None or not isinstance(parent[0], dict):
            return Placement(
                finding,
                spec,
                None,
                "",
                False,
                "its object schema could not be followed (oneOf/anyOf?)",
            )
        schema = _type_of(finding.shapes)
        if schema is None:
            snippet = _yaml({name: {}})
            return Placement(
                finding,
                spec,
                (*parent[1], "properties"),
                snippet,
                False,
                "the values seen have no single type",
            )
        return Placement(finding, spec, (*parent[1], "properties"), _yaml({name: schema}), True)
    target = _walk(doc, start, segments)
    if target is None or not isinstance(target[0], dict):
        return Placement(
            finding, spec, None, "", False, "the schema at that path could not be followed"
        )
    schema, parts = target
    if kind == "unknown_enum_value":
        if finding.value is None or not isinstance(schema.get("enum"), list):
            return Placement(
                finding,
                spec,
                parts,
                "",
                False,
                "the value was not logged (it does not look like a code)",
            )
        values = [*schema["enum"], finding.value]
        return Placement(finding, spec, (*parts, "enum"), _yaml({"enum": values}), True)
    if kind == "missing_required_field":
        parent = _walk(doc, start, segments[:-1]) if segments else None
        where = (*parent[1], "required") if parent else parts
        name = (segments[-1] if segments else None) or "?"
        return Placement(
            finding,
            spec,
            where,
            f"# remove {name!r} from `required`, or make it nullable\n",
            False,
            "the vendor may be wrong",
        )
    if kind == "wrong_type":
        seen = _type_of(finding.shapes)
        snippet = _yaml({"type": seen["type"]}) if seen else ""
        return Placement(
            finding,
            spec,
            parts,
            snippet,
            False,
            f"the client expected {finding.expected}; the vendor may be wrong",
        )
    return Placement(finding, spec, parts, "", False, f"unknown finding kind {kind!r}")


# -- applying --------------------------------------------------------------------------------


def _node_at(root: yaml.Node | None, parts: Parts) -> yaml.Node | None:
    node = root
    for part in parts:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if str(k.value) == str(part)), None)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
        else:
            return None
    return node


def _content_end(node: yaml.Node) -> int:
    """The index just after the last scalar of `node` (comments after it are not its own)."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return int(node.end_mark.index)


def _insert_lines(text: str, node: yaml.Node, block: str) -> str:
    """`block` (lines already indented) inserted after the line where `node`'s content ends."""
    line_end = text.find("\n", _content_end(node))
    cut = len(text) if line_end == -1 else line_end + 1
    prefix = text[:cut] if text[:cut].endswith("\n") else text[:cut] + "\n"
    return prefix + block + text[cut:]


def _indented(snippet: str, column: int) -> str:
    return "".join(" " * column + line + "\n" for line in snippet.rstrip("\n").split("\n"))


def _apply_one(text: str, placement: Placement) -> str | None:
    """The spec text with `placement` applied, or None when its place has no safe form."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert placement.parts is not None
    finding = placement.finding
    if finding.kind == "unknown_field":
        props = _node_at(root, placement.parts)
        entry = placement.snippet
        comment: str = f"# Added by `clientgen drift`: seen {finding.count} time(s) in {finding.operation} responses.\n"
        if isinstance(props, yaml.MappingNode) and not props.flow_style and props.value:
            column = props.value[0][0].start_mark.column
            return _insert_lines(text, props, _indented(comment + entry, column))
        schema = _node_at(root, placement.parts[:-1])
        if (
            props is None
            and isinstance(schema, yaml.MappingNode)
            and not schema.flow_style
            and schema.value
        ):
            column = schema.value[0][0].start_mark.column
            block = _indented("properties:", column) + _indented(comment + entry, column + 2)
            return _insert_lines(text, schema, block)
        return None
    if finding.kind == "unknown_enum_value":
        values = _node_at(root, placement.parts)
        if not isinstance(values, yaml.SequenceNode) or not values.value:
            return None
        item = json.dumps(finding.value)
        if values.flow_style:
            close = values.end_mark.index - 1
            if text[close] != "]":
                return None
            return text[:close] + f", {item}" + text[close:]
        first = values.value[0].start_mark
        line_start = text.rfind("\n", 0, first.index) + 1
        dash = text.index("-", line_start)
        return _insert_lines(text, values, " " * (dash - line_start) + f"- {item}\n")
    return None


def apply(placements: list[Placement]) -> list[str]:
    """Write the applicable placements into their (YAML) specs; return what was not applied
    and why. A spec that no longer loads or validates after the change is restored."""
    from ._validate import validate_spec

    problems: list[str] = []
    by_spec: dict[Path, list[Placement]] = {}
    for placement in placements:
        if placement.applicable and placement.parts is not None:
            by_spec.setdefault(placement.spec.path, []).append(placement)
    for path, group in by_spec.items():
        spec = group[0].spec
        if spec.path.suffix.lower() == ".json":
            problems.append(
                f"{spec.display}: a JSON spec is not edited; apply the suggestions by hand"
            )
            continue
        text = spec.text
        done: list[Placement] = []
        for placement in group:
            changed = _apply_one(text, placement)
            if changed is None:
                problems.append(
                    f"{spec.display}: {_describe(placement.finding)}: its place in the file has a form "
                    "(flow style, or empty) that is not edited; apply it by hand"
                )
                continue
            text = changed
            done.append(placement)
        if not done:
            continue
        try:
            reloaded = load_spec(path, spec.display, text.encode("utf-8"))
            validate_spec(reloaded)
        except (SpecError, SpecErrors) as exc:
            problems.append(
                f"{spec.display}: the changed spec did not validate, left as it was: {exc}"
            )
            continue
        _write_atomic(path, text)
        for placement in done:
            placement.applied = True
    return problems


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- the report ------------------------------------------------------------------------------


def _describe(finding: Finding) -> str:
    where = f"{finding.operation} ({finding.status})"
    what = {
        "unknown_field": f"unknown field at {finding.path}",
        "unknown_enum_value": f"unknown enum value {finding.value!r} at {finding.path}"
        if finding.value is not None
        else f"unknown enum value at {finding.path}",
        "missing_required_field": f"required field missing at {finding.path}",
        "wrong_type": f"value of another type at {finding.path} (expected {finding.expected})",
        "undeclared_status": f"status {finding.status} is not declared",
        "undeclared_content_type": f"content type {finding.content_type} is not declared",
    }.get(finding.kind, f"{finding.kind} at {finding.path}")
    return f"{where}: {what}, seen {finding.count} time(s)"


def report(placements: list[Placement]) -> Iterator[str]:
    """The report, a block per finding, grouped by spec."""
    current: str | None = None
    for placement in placements:
        spec = placement.spec
        if spec.display != current:
            current = spec.display
            yield f"{spec.display}"
        yield f"  {_describe(placement.finding)}"
        if placement.parts is not None:
            line = spec.line_of(list(placement.parts))
            where = spec.display if line is None else f"{spec.display}:{line}"
            yield f"    at {where} ({pointer_from_parts(placement.parts)})"
        if placement.snippet:
            yield "    suggested:"
            yield from ("      " + line for line in placement.snippet.rstrip("\n").split("\n"))
        if placement.applied:
            yield "    applied"
        elif placement.note:
            yield f"    for a person: {placement.note}"


def match_vendor(vendor: str, names: dict[str, LoadedSpec]) -> LoadedSpec | None:
    """The spec of the vendor a log names (its display name, class prefix or slug)."""
    wanted = vendor.strip().lower()
    return next((spec for name, spec in names.items() if name.lower() == wanted), None)
