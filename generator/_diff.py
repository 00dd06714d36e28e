"""What changed between two versions of one spec, for a user of the generated client.

`diff_specs` compares two parsed documents and classifies every difference as one of the
kinds below. Where users reach each method (its name after every collision rule, and its
resource in a grouped API) comes from the IR of both versions (`parse.build_api`, lenient);
the other rules read the documents.

* breaking: code written against the old client may fail against the new one;
* non-breaking: something was added or relaxed; existing code keeps working;
* docs: only descriptive text changed (description, summary, title, example(s),
  externalDocs, `info`, tags and their order).

`suggest_bump` turns a list of changes into a semantic-version bump and `format_report`
prints them for a person.

How things are matched: operations by operationId (by METHOD + path when there is none, and
an operation whose operationId changed at the same METHOD + path is a rename), parameters by
(location, name), schema properties by wire name, component schemas by name (a schema that
disappears while another with the same content appears counts as renamed).

Every schema is judged by where it is used. A schema reached from a response body (success
or error) follows the response rules, one reached from a parameter or request body the
request rules; a schema used in both ways (or in no operation at all) gets both, and a
change that breaks either way is breaking. In short:

* requests: a removed parameter or field, a new required one, a parameter or field that
  becomes required, a narrower type, a changed format, a removed enum value, a new enum
  restriction, a tighter constraint (`maxLength`, `pattern`, ...) or a body that becomes
  required break callers; new optional inputs, wider types and new enum values do not.
* responses: a removed field, a field that becomes optional or nullable, a changed type,
  format or model (a `$ref` to another schema), a removed enum value, or a lost success
  status breaks readers; new fields (optional or required) do not.
* A new enum value in a response is non-breaking: generated clients read a value their enum
  does not list as an unknown member instead of failing. Clients created with `strict=True`
  reject such values (and unknown fields), so they need the new release first.
* Anything else that changes the client's surface is breaking: a removed or renamed
  operation (its method name changes) or component schema (its model class goes), a change
  of an operation's security requirements (adding an alternative while keeping the old ones
  is non-breaking) or of a security scheme's type, location or name, and a change of the
  base URL an operation is sent to.
* Deprecations, changed defaults, new error responses and new schemas are non-breaking.
* Union members (anyOf/oneOf) are matched by the model they name or their type: a new one
  breaks readers, a lost one breaks callers. A lost allOf member is breaking, a new one is
  breaking for callers only. A composition that appears or disappears counts as a changed
  type, and so as breaking.

Local `$ref`s are followed with cycle guards; references elsewhere are left as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from . import _names
from ._errors import pointer_from_parts
from ._ir import Api
from ._refs import MISSING, component_name, ref_parts, resolve_ref
from .parse._spec import (
    CLIENT_HEADERS,
    HTTP_METHODS,
    effective_security,
    first_server,
    follow,
    is_json,
    is_null_schema,
    is_nullable,
    merged_parameters,
    method_base_name,
    status_order,
    walk_operations,
    without_null,
)

Kind = Literal["breaking", "non-breaking", "docs"]
KINDS: tuple[Kind, ...] = ("breaking", "non-breaking", "docs")
_Dir = Literal["request", "response"]
_REQUEST: frozenset[_Dir] = frozenset({"request"})
_RESPONSE: frozenset[_Dir] = frozenset({"response"})
_BOTH: frozenset[_Dir] = frozenset({"request", "response"})
_Parts = tuple[str, ...]

_DOC_KEYS = frozenset({"description", "summary", "title", "example", "examples", "externalDocs"})
_DATA_KEYS = frozenset({"default", "enum", "const", "example", "examples"})
# Keys whose value maps names (chosen by the spec's author) to objects.
_NAME_MAPS = frozenset(
    {
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
        "paths", "responses", "content", "headers", "encoding", "variables", "links",
        "schemas", "parameters", "requestBodies", "securitySchemes", "pathItems",
    }
)  # fmt: skip
_COMPOSITES = ("allOf", "anyOf", "oneOf")
_LOWER_BOUNDS = ("minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum")
_UPPER_BOUNDS = ("maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum")
_OTHER_CONSTRAINTS = ("pattern", "multipleOf", "uniqueItems")
_MAX_DEPTH = 64
_STRICT_NOTE = (
    "released clients read it as an unknown value; clients created with strict=True reject it"
)


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a spec, as a user of the client sees it."""

    kind: Kind
    where: str  # JSON pointer in the new spec (in the old one for removals)
    message: str


def diff_specs(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The changes from `old` to `new` (two parsed versions of one spec), sorted by kind
    (breaking first), then by where, then by message."""
    differ = _Differ(old, new)
    differ.run()
    return sorted(set(differ.changes), key=_sort_key)


def suggest_bump(changes: Iterable[Change], current: str) -> tuple[str, str]:
    """The version part to raise and the new version, for `changes` made since `current`.

    From 1.0.0 on: breaking -> major, non-breaking -> minor, docs -> patch. Below 1.0.0
    (initial development) everything moves one place down: breaking -> minor, the rest ->
    patch. With no changes the answer is ("none", current). A pre-release, development or
    local suffix of `current` is dropped on a bump.
    """
    kinds = {change.kind for change in changes}
    if not kinds:
        return "none", current
    match = _VERSION.fullmatch(current.strip())
    if match is None:
        raise ValueError(f"version {current!r} is not MAJOR.MINOR.PATCH")
    numbers = [int(match["major"]), int(match["minor"]), int(match["patch"])]
    level = next(i for i, kind in enumerate(KINDS) if kind in kinds)
    if numbers[0] == 0:
        level = min(level + 1, 2)
    numbers[level] += 1
    numbers[level + 1 :] = [0] * (2 - level)
    return ("major", "minor", "patch")[level], match["v"] + ".".join(map(str, numbers))


def format_report(changes: Iterable[Change], vendor: str) -> str:
    """A short report of `changes` for one vendor's API, grouped by kind."""
    found = sorted(changes, key=_sort_key)
    if not found:
        return f"{vendor}: no changes"
    lines = [f"{vendor}: {len(found)} change{'' if len(found) == 1 else 's'}"]
    for kind in KINDS:
        group = [c for c in found if c.kind == kind]
        if group:
            lines.append(f"{kind} ({len(group)}):")
            lines.extend(f"  - {c.message} (at {c.where})" for c in group)
    return "\n".join(lines)


_VERSION = re.compile(
    r"(?P<v>v?)(?P<major>\d+)\.(?P<minor>\d+)\.(?P<patch>\d+)"
    r"(?:(?:[-.]?[A-Za-z]|\+)[0-9A-Za-z.+-]*)?"
)


def _sort_key(change: Change) -> tuple[int, str, str]:
    order = KINDS.index(change.kind) if change.kind in KINDS else len(KINDS)
    return order, change.where, change.message


def _pick(dirs: frozenset[_Dir], *, request: Kind, response: Kind) -> Kind:
    """The most severe kind a difference has under the rules of the directions given."""
    kinds = [request if d == "request" else response for d in dirs] or [request, response]
    return min(kinds, key=KINDS.index)


# -- small document helpers ----------------------------------------------------------------


def _dict(value: Any) -> dict[str, Any]:
    """`value` if it is a mapping (keys as strings), else an empty one."""
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _deref(doc: dict[str, Any], node: Any) -> Any:
    """Follow local `$ref`s from `node`; stop at a cycle or a reference to nothing."""
    return follow(doc, node)


def _component_ref(node: Any) -> str | None:
    """The component schema name `node` refers to as a whole, if it is such a reference."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    return component_name(ref) if isinstance(ref, str) else None


def _follow(doc: dict[str, Any], node: Any) -> dict[str, Any]:
    """A schema with references inside the document followed, except those to a whole
    component schema (components are compared once, by name). Non-schemas become `{}`."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if _component_ref(node) is not None or ref in seen:
            break
        seen.add(ref)
        target = resolve_ref(doc, ref)
        if target is MISSING:
            break
        node = target
    return _dict(node) if isinstance(node, dict) else {}


def _canon(value: Any) -> str:
    """A canonical text of a JSON value, for comparisons that must not confuse 1 and True."""
    return json.dumps(value, sort_keys=True, default=str)


def _show(value: Any) -> str:
    if value is MISSING:
        return "none"
    return value if isinstance(value, str) else _canon(value)


def _without_docs(node: Any, names: bool = False, depth: int = 0) -> Any:
    """A copy of `node` without descriptive keys (for telling renames apart from changes)."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, list):
        return [_without_docs(item, False, depth + 1) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in _dict(node).items():
        if not names and key in _DOC_KEYS:
            continue
        child_names = not names and key in _NAME_MAPS and isinstance(value, dict)
        out[key] = value if key in _DATA_KEYS else _without_docs(value, child_names, depth + 1)
    return out


def _same(a: Any, b: Any) -> bool:
    """Whether two values (or `MISSING`s) are the same JSON value."""
    if a is MISSING or b is MISSING:
        return a is b
    return _canon(a) == _canon(b)


def _renames(old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """Names that disappeared while exactly one new name with the same content appeared.

    `old` and `new` map names to a canonical text of what they define."""
    fresh = sorted(set(new) - set(old))
    found: dict[str, str] = {}
    for name in sorted(set(old) - set(new)):
        same = [f for f in fresh if f not in found.values() and new[f] == old[name]]
        if len(same) == 1:
            found[name] = same[0]
    return found


def _render_path(path: _Parts) -> str:
    text = ""
    for segment in path:
        joiner = "" if segment in ("[]", "[*]") or not text else "."
        text += joiner + segment
    return text


# -- operations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Op:
    method: str
    path: str
    raw: dict[str, Any]
    item: dict[str, Any]

    @property
    def op_id(self) -> str | None:
        value = self.raw.get("operationId")
        return value if isinstance(value, str) and value.strip() else None

    @property
    def label(self) -> str:
        """How messages name the operation (and the key operations are matched by)."""
        return self.op_id or f"{self.method.upper()} {self.path}"

    @property
    def method_name(self) -> str:
        """The generated client's method name, before any collision suffix."""
        return method_base_name(self.raw, self.method, self.path)

    @property
    def parts(self) -> _Parts:
        return ("paths", self.path, self.method)


def _operations(doc: dict[str, Any]) -> dict[str, _Op]:
    found: dict[str, _Op] = {}
    for path, method, raw, item, _ in walk_operations(doc, sort=True):
        op = _Op(method, path, _dict(raw), _dict(item))
        found.setdefault(op.label, op)
    return found


def _client_ir(doc: dict[str, Any]) -> Api | None:
    """The IR of a document, built leniently so that a spec that no longer validates still
    compares; None for a document the parser cannot read at all."""
    from ._config import ApiSettings
    from ._load import LoadedSpec
    from .parse import build_api

    spec = LoadedSpec(Path("spec.json"), "spec", "{}", doc)
    try:
        return build_api(spec, ApiSettings(slug="api", class_prefix="Api"), lenient=True)
    except Exception:  # the rules then fall back to names derived from the document
        return None


def _reach(api: Api | None) -> dict[str, str]:
    """For each operation (by label), how the generated client reaches its method."""
    if api is None:
        return {}
    found: dict[str, str] = {}
    groups = [("", api.operations)] + [(f"{r.attr}.", r.operations) for r in api.resources]
    for owner, operations in groups:
        for operation in operations:
            method = operation.http_method.lower()
            unnamed = operation.operation_id == f"{method} {operation.path}"
            label = (
                f"{operation.http_method} {operation.path}" if unnamed else operation.operation_id
            )
            found.setdefault(label, owner + operation.method_name)
    return found


def _parameters(doc: dict[str, Any], op: _Op) -> dict[tuple[str, str], dict[str, Any]]:
    """An operation's parameters (path-level ones first, overridden by its own)."""
    merged = merged_parameters(doc, op.item, op.raw, [], [], strict=False)
    return {
        (location, name): _dict(param)
        for (location, name), (param, _) in merged.items()
        if not (location == "header" and name.lower() in CLIENT_HEADERS)
    }


def _param_required(param: dict[str, Any]) -> bool:
    return param.get("in") == "path" or param.get("required") is True


def _json_media(doc: dict[str, Any], holder: dict[str, Any]) -> tuple[str, Any] | None:
    """The JSON media type of a request body or response and its schema, if it has one."""
    content = _dict(holder.get("content"))
    media_type = next((t for t in content if is_json(t)), None)
    if media_type is None:
        return None
    return media_type, _dict(_deref(doc, content[media_type])).get("schema", {})


def _responses(doc: dict[str, Any], op: _Op) -> dict[str, dict[str, Any]]:
    found = {code: _dict(_deref(doc, r)) for code, r in _dict(op.raw.get("responses")).items()}
    return {code: found[code] for code in sorted(found, key=status_order)}


def _requirements(doc: dict[str, Any], op: _Op, renames: dict[str, str]) -> frozenset[_Parts]:
    """An operation's effective security: alternatives, each a sorted tuple of scheme names
    (the empty tuple: no credentials needed). Old names are translated through `renames`."""
    declared = effective_security(doc, op.raw)
    listed = declared[0] if declared is not None else None
    groups = {
        tuple(sorted(renames.get(str(name), str(name)) for name in requirement))
        for requirement in (listed if isinstance(listed, list) else [])
        if isinstance(requirement, dict)
    }
    return frozenset(groups) or frozenset({()})


def _show_requirements(groups: Iterable[_Parts]) -> str:
    return " or ".join(sorted(" + ".join(group) or "no auth" for group in groups))


def _server(servers: Any, parts: _Parts) -> tuple[str, _Parts] | None:
    """The URL of the first server (variables set to their defaults) and where it is."""
    first = first_server(servers)
    if first is None or first.url is None:
        return None
    return first.url, (*parts, "0", "url")


def _op_server(doc: dict[str, Any], op: _Op) -> tuple[str, _Parts, bool]:
    """An operation's base URL, where it is set, and whether the operation or its path sets
    it (rather than the document)."""
    own = _server(op.raw.get("servers"), (*op.parts, "servers")) or _server(
        op.item.get("servers"), ("paths", op.path, "servers")
    )
    if own is not None:
        return own[0], own[1], True
    top = _server(doc.get("servers"), ("servers",))
    return (top[0], top[1], False) if top else ("", (), False)


def _scheme_identity(doc: dict[str, Any], scheme: Any) -> str:
    """What a security scheme makes the client send, e.g. "apiKey in header `x-api-key`"."""
    found = _dict(_deref(doc, scheme))
    kind = str(found.get("type"))
    if kind == "apiKey":
        name = str(found.get("name"))
        location = found.get("in")
        # Header names are case-insensitive; query and cookie names are not.
        return f"apiKey in {location} `{name.lower() if location == 'header' else name}`"
    if kind == "http":
        return f"http {str(found.get('scheme', '')).lower()}"
    return kind


# -- schema reach --------------------------------------------------------------------------


def _schema_reach(doc: dict[str, Any]) -> dict[str, set[_Dir]]:
    """For each component schema, whether operations send it, receive it, or both."""
    reach: dict[str, set[_Dir]] = {}
    for op in _operations(doc).values():
        inputs = [op.item.get("parameters"), op.raw.get("parameters"), op.raw.get("requestBody")]
        roots: list[tuple[_Dir, list[Any]]] = [
            ("request", inputs),
            ("response", [op.raw.get("responses")]),
        ]
        for direction, nodes in roots:
            for name in _schemas_used(doc, nodes):
                reach.setdefault(name, set()).add(direction)
    return reach


def _schemas_used(doc: dict[str, Any], nodes: list[Any]) -> set[str]:
    """Names of the component schemas reachable from `nodes` through references."""
    names: set[str] = set()
    seen_refs: set[str] = set()
    seen_nodes: set[int] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if not isinstance(node, dict | list) or id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, list):
            stack.extend(node)
            continue
        ref = node.get("$ref")
        if isinstance(ref, str) and ref not in seen_refs:
            seen_refs.add(ref)
            parts = ref_parts(ref) or []
            if len(parts) >= 3 and parts[:2] == ["components", "schemas"]:
                names.add(parts[2])
            target = resolve_ref(doc, ref)
            if target is not MISSING:
                stack.append(target)
        stack.extend(v for k, v in node.items() if k not in _DATA_KEYS)
    return names


# -- schema facts --------------------------------------------------------------------------


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object" if isinstance(value, dict) else "null"


def _types(schema: dict[str, Any]) -> frozenset[str]:
    """The JSON types a (null-free) schema allows; empty for any type."""
    declared = schema.get("type")
    if isinstance(declared, str):
        return frozenset({declared} - {"null"})
    if isinstance(declared, list):
        return frozenset(t for t in declared if isinstance(t, str) and t != "null")
    if "properties" in schema or isinstance(schema.get("additionalProperties"), dict):
        return frozenset({"object"})
    if "items" in schema:
        return frozenset({"array"})
    values = _enum_values(schema)
    return frozenset(_json_type(v) for v in values.values()) if values else frozenset()


def _covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """Whether every value of types `narrow` is also of types `wide`."""
    if not wide:
        return True
    return bool(narrow) and all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _label(schema: dict[str, Any]) -> str:
    """A short name for a schema's type, for messages."""
    name = _component_ref(schema)
    if name is not None:
        return name
    composite = [key for key in _COMPOSITES if key in schema]
    if composite:
        return "/".join(composite)
    return " | ".join(sorted(_types(schema))) or "any"


def _enum_values(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The values a schema is restricted to (by `enum` or `const`), keyed canonically."""
    if "const" in schema:
        return {_canon(schema["const"]): schema["const"]}
    enum = schema.get("enum")
    if not isinstance(enum, list):
        return None
    return {_canon(v): v for v in enum if v is not None}


def _required(schema: dict[str, Any]) -> set[str]:
    listed = schema.get("required")
    return {str(name) for name in listed} if isinstance(listed, list) else set()


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _tightened(key: str, old: Any, new: Any) -> bool:
    """Whether a constraint accepts fewer values than before (`MISSING`: not set)."""
    if new is MISSING or new is False:
        return False
    if old is MISSING or old is False:
        return True
    before, after = _number(old), _number(new)
    if before is None or after is None or key in _OTHER_CONSTRAINTS:
        return True
    return after > before if key in _LOWER_BOUNDS else after < before


# -- the comparison ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Site:
    """What a compared schema belongs to, for messages, and how it is used."""

    subject: str  # "operation listItems" or "schema Item"
    root: str  # the schema itself: "response body", "parameter `q`", "" for a component
    field: str  # words before a field path: "response field", "field"
    dirs: frozenset[_Dir]


@dataclass(frozen=True)
class _At:
    """A position inside a compared schema: its field path and its parts in each document."""

    site: _Site
    path: _Parts
    old: _Parts
    new: _Parts

    def child(self, segment: str, old: _Parts, new: _Parts | None = None) -> _At:
        return _At(self.site, (*self.path, segment), (*self.old, *old), (*self.new, *(new or old)))

    def thing(self) -> str:
        if not self.path:
            return self.site.root
        return f"{self.site.field} `{_render_path(self.path)}`"

    def say(self, what: str) -> str:
        thing = self.thing()
        return f"{self.site.subject}: {thing} {what}" if thing else f"{self.site.subject}: {what}"


class _Differ:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old = old
        self.new = new
        self.changes: list[Change] = []
        self.old_schemas = _dict(_dict(old.get("components")).get("schemas"))
        self.new_schemas = _dict(_dict(new.get("components")).get("schemas"))
        self.schema_renames = _renames(
            {name: _canon(_without_docs(s)) for name, s in self.old_schemas.items()},
            {name: _canon(_without_docs(s)) for name, s in self.new_schemas.items()},
        )
        self.old_schemes = _dict(_dict(old.get("components")).get("securitySchemes"))
        self.new_schemes = _dict(_dict(new.get("components")).get("securitySchemes"))
        self.scheme_renames = _renames(
            {name: _scheme_identity(old, s) for name, s in self.old_schemes.items()},
            {name: _scheme_identity(new, s) for name, s in self.new_schemes.items()},
        )
        # How the generated clients reach each operation, from the IR of each version.
        old_api, new_api = _client_ir(old), _client_ir(new)
        self.old_reach, self.new_reach = _reach(old_api), _reach(new_api)
        self.old_classes = old_api.component_classes if old_api is not None else {}
        self.new_classes = new_api.component_classes if new_api is not None else {}

    def add(self, kind: Kind, parts: _Parts, message: str) -> None:
        self.changes.append(Change(kind, pointer_from_parts(parts), message))

    def run(self) -> None:
        self.operations()
        self.component_schemas()
        self.security_schemes()
        self.default_server()
        self.docs()

    # -- operations ------------------------------------------------------------------------

    def operations(self) -> None:
        old_ops, new_ops = _operations(self.old), _operations(self.new)
        pairs = [(old_ops[k], new_ops[k]) for k in sorted(old_ops.keys() & new_ops.keys())]
        added = {k: op for k, op in new_ops.items() if k not in old_ops}
        for key in sorted(old_ops.keys() - new_ops.keys()):
            op = old_ops[key]
            twin = next(
                (a for a in added.values() if (a.method, a.path) == (op.method, op.path)), None
            )
            if twin is None:
                self.add(
                    "breaking",
                    op.parts,
                    f"operation {op.label} ({op.method.upper()} {op.path}) removed",
                )
                continue
            del added[twin.label]
            self.renamed_operation(op, twin)
            pairs.append((op, twin))
        for key in sorted(added):
            op = added[key]
            self.add(
                "non-breaking",
                op.parts,
                f"new operation {op.label} ({op.method.upper()} {op.path})",
            )
        for old_op, new_op in pairs:
            self.operation(old_op, new_op)

    def reach(self, op: _Op, *, new: bool) -> str:
        """How users reach the operation's method from the client (`x`, or `resource.x` in a
        grouped API), after every collision rule: read from the IR of that version."""
        found = (self.new_reach if new else self.old_reach).get(op.label)
        return found if found is not None else op.method_name

    def renamed_operation(self, old: _Op, new: _Op) -> None:
        before, after = self.reach(old, new=False), self.reach(new, new=True)
        if before == after:
            self.add(
                "non-breaking",
                (*new.parts, "operationId"),
                f"operation {old.label}: operationId changed to {new.label}; the client method stays `{after}`",
            )
            return
        self.add(
            "breaking",
            (*new.parts, "operationId"),
            f"operation {old.label}: operationId renamed to {new.label}; the client method `{before}` becomes `{after}`",
        )

    def operation(self, old: _Op, new: _Op) -> None:
        subject = f"operation {new.label}"
        if (old.method, old.path) != (new.method, new.path):
            self.add(
                "non-breaking",
                new.parts,
                f"{subject}: moved from {old.method.upper()} {old.path} to {new.method.upper()} {new.path}",
            )
        before, after = self.reach(old, new=False), self.reach(new, new=True)
        if old.label == new.label and before != after:
            self.add(
                "breaking",
                new.parts,
                f"{subject}: the client method `{before}` becomes `{after}`",
            )
        self.deprecation(new.parts, subject, old.raw, new.raw)
        self.parameters(old, new)
        self.request_body(old, new)
        self.responses(old, new)
        self.security(old, new)
        self.servers(old, new)

    def deprecation(
        self, parts: _Parts, subject: str, old: dict[str, Any], new: dict[str, Any]
    ) -> None:
        before, after = old.get("deprecated") is True, new.get("deprecated") is True
        if before != after:
            state = "now deprecated" if after else "no longer deprecated"
            self.add("non-breaking", (*parts, "deprecated"), f"{subject} is {state}")

    # -- parameters ------------------------------------------------------------------------

    def parameters(self, old: _Op, new: _Op) -> None:
        old_params, new_params = _parameters(self.old, old), _parameters(self.new, new)
        gone = sorted(old_params.keys() - new_params.keys())
        added = sorted(new_params.keys() - old_params.keys())
        for key in gone:
            twin = next((a for a in added if _same_argument(key, a)), None)
            if twin is not None:
                added.remove(twin)
                self.add(
                    "non-breaking",
                    (*new.parts, "parameters", twin[1]),
                    f"operation {new.label}: parameter `{key[1]}` ({key[0]}) renamed on the wire to `{twin[1]}`; the argument stays `{_names.snake_case(twin[1])}`",
                )
                self.parameter(old, new, old_params[key], new_params[twin])
                continue
            self.add(
                "breaking",
                (*old.parts, "parameters", key[1]),
                f"operation {new.label}: parameter `{key[1]}` ({key[0]}) removed",
            )
        for key in added:
            required = _param_required(new_params[key])
            self.add(
                "breaking" if required else "non-breaking",
                (*new.parts, "parameters", key[1]),
                f"operation {new.label}: new {'required' if required else 'optional'} parameter `{key[1]}` ({key[0]})",
            )
        for key in sorted(old_params.keys() & new_params.keys()):
            self.parameter(old, new, old_params[key], new_params[key])

    def parameter(self, old_op: _Op, new_op: _Op, old: dict[str, Any], new: dict[str, Any]) -> None:
        name = new["name"]
        parts = (*new_op.parts, "parameters", name)
        subject = f"operation {new_op.label}: parameter `{name}`"
        before, after = _param_required(old), _param_required(new)
        if before != after:
            self.add(
                "breaking" if after else "non-breaking",
                parts,
                f"{subject} is now {'required' if after else 'optional'}",
            )
        self.deprecation(parts, subject, old, new)
        site = _Site(
            f"operation {new_op.label}",
            f"parameter `{name}`",
            f"parameter `{name}` field",
            _REQUEST,
        )
        at = _At(site, (), (*old_op.parts, "parameters", old["name"], "schema"), (*parts, "schema"))
        self.schema(at, old.get("schema", {}), new.get("schema", {}), 0)

    # -- request body ----------------------------------------------------------------------

    def request_body(self, old_op: _Op, new_op: _Op) -> None:
        old = _deref(self.old, old_op.raw.get("requestBody"))
        new = _deref(self.new, new_op.raw.get("requestBody"))
        subject = f"operation {new_op.label}"
        parts = (*new_op.parts, "requestBody")
        if not isinstance(old, dict) and not isinstance(new, dict):
            return
        if not isinstance(new, dict):
            self.add("breaking", (*old_op.parts, "requestBody"), f"{subject}: request body removed")
            return
        required = new.get("required") is True
        if not isinstance(old, dict):
            state = "required" if required else "optional"
            self.add(
                "breaking" if required else "non-breaking",
                parts,
                f"{subject}: new {state} request body",
            )
            return
        if (old.get("required") is True) != required:
            self.add(
                "breaking" if required else "non-breaking",
                parts,
                f"{subject}: request body is now {'required' if required else 'optional'}",
            )
        site = _Site(subject, "request body", "request field", _REQUEST)
        self.body(site, (*old_op.parts, "requestBody"), parts, _dict(old), _dict(new))

    def body(
        self,
        site: _Site,
        old_parts: _Parts,
        new_parts: _Parts,
        old: dict[str, Any],
        new: dict[str, Any],
    ) -> None:
        """Compare the JSON schemas of two request bodies or responses."""
        old_media, new_media = _json_media(self.old, old), _json_media(self.new, new)
        if old_media is None or new_media is None:
            return
        at = _At(
            site,
            (),
            (*old_parts, "content", old_media[0], "schema"),
            (*new_parts, "content", new_media[0], "schema"),
        )
        self.schema(at, old_media[1], new_media[1], 0)

    # -- responses -------------------------------------------------------------------------

    def responses(self, old_op: _Op, new_op: _Op) -> None:
        old, new = _responses(self.old, old_op), _responses(self.new, new_op)
        self.success_statuses(old_op, new_op, list(old), list(new))
        old_ok = [code for code in old if code.startswith("2")]
        new_ok = [code for code in new if code.startswith("2")]
        if old_ok and new_ok:
            self.success_body(old_op, new_op, old_ok[0], new_ok[0], old, new)
        self.error_responses(old_op, new_op, old, new)

    def success_statuses(self, old_op: _Op, new_op: _Op, old: list[str], new: list[str]) -> None:
        subject = f"operation {new_op.label}"
        old_ok = [code for code in old if code.startswith("2")]
        new_ok = [code for code in new if code.startswith("2")]
        removed = [code for code in old_ok if code not in new_ok]
        added = [code for code in new_ok if code not in old_ok]
        if old_ok and new_ok and old_ok[0] != new_ok[0]:
            self.add(
                "breaking",
                (*new_op.parts, "responses", new_ok[0]),
                f"{subject}: success status changed from {old_ok[0]} to {new_ok[0]}",
            )
            removed = [code for code in removed if code != old_ok[0]]
            added = [code for code in added if code != new_ok[0]]
        for code in removed:
            self.add(
                "breaking",
                (*old_op.parts, "responses", code),
                f"{subject}: success response {code} removed",
            )
        for code in added:
            self.add(
                "non-breaking",
                (*new_op.parts, "responses", code),
                f"{subject}: new success response {code}",
            )

    def success_body(
        self,
        old_op: _Op,
        new_op: _Op,
        old_code: str,
        new_code: str,
        old: dict[str, dict[str, Any]],
        new: dict[str, dict[str, Any]],
    ) -> None:
        subject = f"operation {new_op.label}"
        new_parts = (*new_op.parts, "responses", new_code)
        old_media = _json_media(self.old, old[old_code])
        new_media = _json_media(self.new, new[new_code])
        if old_media is None and new_media is not None:
            self.add("non-breaking", new_parts, f"{subject}: now returns a response body")
        elif old_media is not None and new_media is None:
            self.add("breaking", new_parts, f"{subject}: no longer returns a response body")
        site = _Site(subject, "response body", "response field", _RESPONSE)
        old_parts = (*old_op.parts, "responses", old_code)
        self.body(site, old_parts, new_parts, old[old_code], new[new_code])

    def error_responses(
        self,
        old_op: _Op,
        new_op: _Op,
        old: dict[str, dict[str, Any]],
        new: dict[str, dict[str, Any]],
    ) -> None:
        subject = f"operation {new_op.label}"
        old_errors = [code for code in old if _is_error(code)]
        new_errors = [code for code in new if _is_error(code)]
        for code in old_errors:
            if code not in new:
                parts = (*old_op.parts, "responses", code)
                self.add("non-breaking", parts, f"{subject}: error response {code} removed")
        for code in new_errors:
            parts = (*new_op.parts, "responses", code)
            if code not in old:
                self.add("non-breaking", parts, f"{subject}: new error response {code}")
                continue
            site = _Site(subject, f"error {code} body", f"error {code} field", _RESPONSE)
            self.body(site, (*old_op.parts, "responses", code), parts, old[code], new[code])

    # -- security and servers --------------------------------------------------------------

    def security(self, old_op: _Op, new_op: _Op) -> None:
        before = _requirements(self.old, old_op, self.scheme_renames)
        after = _requirements(self.new, new_op, {})
        if before == after:
            return
        if "security" in new_op.raw:
            parts: _Parts = (*new_op.parts, "security")
        else:
            parts = ("security",) if "security" in self.new else new_op.parts
        subject = f"operation {new_op.label}"
        if before < after:
            also = _show_requirements(after - before)
            self.add("non-breaking", parts, f"{subject}: security now also accepts `{also}`")
            return
        self.add(
            "breaking",
            parts,
            f"{subject}: security changed from `{_show_requirements(before)}` to `{_show_requirements(after)}`",
        )

    def servers(self, old_op: _Op, new_op: _Op) -> None:
        before, _, old_own = _op_server(self.old, old_op)
        after, parts, new_own = _op_server(self.new, new_op)
        if before == after or not (old_own or new_own):
            return  # a change of the document's server is reported once, by default_server
        self.add(
            "breaking",
            parts if new_own else new_op.parts,
            f"operation {new_op.label}: base URL changed from {before or '(none)'} to {after or '(none)'}",
        )

    def default_server(self) -> None:
        before = _server(self.old.get("servers"), ("servers",))
        after = _server(self.new.get("servers"), ("servers",))
        old_url, new_url = before[0] if before else "", after[0] if after else ""
        if old_url != new_url:
            self.add(
                "breaking",
                after[1] if after else ("servers",),
                f"default base URL changed from {old_url or '(none)'} to {new_url or '(none)'}",
            )

    def security_schemes(self) -> None:
        renamed = self.scheme_renames
        for name in sorted(self.old_schemes.keys() - self.new_schemes.keys()):
            if name in renamed:
                self.add(
                    "non-breaking",
                    ("components", "securitySchemes", renamed[name]),
                    f"security scheme {name} renamed to {renamed[name]}; the client sends the same credentials",
                )
            else:
                parts = ("components", "securitySchemes", name)
                self.add("breaking", parts, f"security scheme {name} removed")
        for name in sorted(self.new_schemes.keys() - self.old_schemes.keys()):
            if name not in renamed.values():
                parts = ("components", "securitySchemes", name)
                self.add("non-breaking", parts, f"new security scheme {name}")
        for name in sorted(self.old_schemes.keys() & self.new_schemes.keys()):
            before = _scheme_identity(self.old, self.old_schemes[name])
            after = _scheme_identity(self.new, self.new_schemes[name])
            if before != after:
                self.add(
                    "breaking",
                    ("components", "securitySchemes", name),
                    f"security scheme {name} changed from {before} to {after}",
                )

    # -- component schemas -----------------------------------------------------------------

    def component_schemas(self) -> None:
        renamed = self.schema_renames
        for name in sorted(self.old_schemas.keys() - self.new_schemas.keys()):
            if name in renamed:
                before = self.old_classes.get(name, name)
                after = self.new_classes.get(renamed[name], renamed[name])
                if before == after:
                    self.add(
                        "non-breaking",
                        ("components", "schemas", renamed[name]),
                        f"schema {name} renamed to {renamed[name]}; its model class stays `{after}`",
                    )
                    continue
                self.add(
                    "breaking",
                    ("components", "schemas", renamed[name]),
                    f"schema {name} renamed to {renamed[name]}; its model class `{before}` becomes `{after}`",
                )
            else:
                self.add("breaking", ("components", "schemas", name), f"schema {name} removed")
        for name in sorted(self.new_schemas.keys() - self.old_schemas.keys()):
            if name not in renamed.values():
                self.add("non-breaking", ("components", "schemas", name), f"new schema {name}")
        old_reach, new_reach = _schema_reach(self.old), _schema_reach(self.new)
        for name in sorted(self.old_schemas.keys() & self.new_schemas.keys()):
            dirs = frozenset(old_reach.get(name, set()) | new_reach.get(name, set())) or _BOTH
            parts = ("components", "schemas", name)
            at = _At(_Site(f"schema {name}", "", "field", dirs), (), parts, parts)
            self.schema(at, self.old_schemas[name], self.new_schemas[name], 0)

    # -- schemas ---------------------------------------------------------------------------

    def schema(self, at: _At, old_raw: Any, new_raw: Any, depth: int) -> None:
        """Compare two schemas at one position, by the rules of the position's directions."""
        if depth > _MAX_DEPTH:
            return
        old, new = _follow(self.old, old_raw), _follow(self.new, new_raw)
        self.nullability(at, old, new)
        self.annotations(at, old, new)
        old = _follow(self.old, without_null(old))
        new = _follow(self.new, without_null(new))
        if self.references(at, old, new) or self.shape(at, old, new):
            return
        self.format(at, old, new)
        self.enum(at, old, new)
        self.constraints(at, old, new)
        self.properties(at, old, new, depth)
        self.elements(at, old, new, depth)
        self.composites(at, old, new, depth)

    def kind(self, at: _At, *, request: Kind, response: Kind) -> Kind:
        return _pick(at.site.dirs, request=request, response=response)

    def nullability(self, at: _At, old: dict[str, Any], new: dict[str, Any]) -> None:
        before, after = is_nullable(old), is_nullable(new)
        if before == after:
            return
        if after:
            kind = self.kind(at, request="non-breaking", response="breaking")
        else:
            kind = self.kind(at, request="breaking", response="non-breaking")
        state = "now nullable" if after else "no longer nullable"
        self.add(kind, at.new, at.say(f"is {state}"))

    def annotations(self, at: _At, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Defaults and deprecation: worth a minor release, never breaking."""
        before, after = old.get("default", MISSING), new.get("default", MISSING)
        if not _same(before, after):
            self.add(
                "non-breaking",
                (*at.new, "default"),
                at.say(f"default changed from {_show(before)} to {_show(after)}"),
            )
        if (old.get("deprecated") is True) != (new.get("deprecated") is True):
            state = "now deprecated" if new.get("deprecated") is True else "no longer deprecated"
            self.add("non-breaking", (*at.new, "deprecated"), at.say(f"is {state}"))

    def references(self, at: _At, old: dict[str, Any], new: dict[str, Any]) -> bool:
        """Handle references to component schemas; True when nothing is left to compare
        here (the same component is compared once, under its own name)."""
        before, after = _component_ref(old), _component_ref(new)
        if before is None and after is None:
            return False
        if before is not None and (after == before or self.schema_renames.get(before) == after):
            return True
        message = at.say(f"changed type from `{_label(old)}` to `{_label(new)}`")
        self.add("breaking", at.new, message)
        return True

    def shape(self, at: _At, old: dict[str, Any], new: dict[str, Any]) -> bool:
        """Compare types; True when they differ so much that comparing inside is pointless."""
        old_composites = [key for key in _COMPOSITES if key in old]
        new_composites = [key for key in _COMPOSITES if key in new]
        message = at.say(f"changed type from `{_label(old)}` to `{_label(new)}`")
        if old_composites != new_composites:
            self.add("breaking", at.new, message)
            return True
        before, after = _types(old), _types(new)
        if before == after:
            return False
        wider, narrower = _covers(after, before), _covers(before, after)
        kind = self.kind(
            at,
            request="non-breaking" if wider else "breaking",
            response="non-breaking" if narrower else "breaking",
        )
        self.add(kind, (*at.new, "type") if "type" in new else at.new, message)
        return not (wider or narrower)

    def format(self, at: _At, old: dict[str, Any], new: dict[str, Any]) -> None:
        before, after = old.get("format", MISSING), new.get("format", MISSING)
        if not _same(before, after):
            self.add(
                "breaking",
                (*at.new, "format") if after is not MISSING else at.new,
                at.say(f"changed format from `{_show(before)}` to `{_show(after)}`"),
            )

    def enum(self, at: _At, old: dict[str, Any], new: dict[str, Any]) -> None:
        before, after = _enum_values(old), _enum_values(new)
        parts = (*at.new, "enum") if "enum" in new else at.new
        if before is None and after is not None:
            kind = self.kind(at, request="breaking", response="non-breaking")
            shown = ", ".join(_show(after[key]) for key in sorted(after))
            self.add(kind, parts, at.say(f"is now restricted to the values {shown}"))
            return
        if before is None or after is None:
            if before is not None:
                kind = self.kind(at, request="non-breaking", response="breaking")
                self.add(kind, at.new, at.say("is no longer restricted to a list of values"))
            return
        for key in sorted(before.keys() - after.keys()):
            self.add("breaking", parts, at.say(f"dropped enum value `{_show(before[key])}`"))
        note = f" ({_STRICT_NOTE})" if "response" in at.site.dirs else ""
        for key in sorted(after.keys() - before.keys()):
            message = at.say(f"gained enum value `{_show(after[key])}`{note}")
            self.add("non-breaking", parts, message)

    def constraints(self, at: _At, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Validation keywords: tighter ones break callers; the client's models check them
        on responses too, so response-side changes are reported as non-breaking."""
        for key in (*_LOWER_BOUNDS, *_UPPER_BOUNDS, *_OTHER_CONSTRAINTS):
            before, after = old.get(key, MISSING), new.get(key, MISSING)
            if _same(before, after):
                continue
            tighter = _tightened(key, before, after)
            kind = self.kind(
                at, request="breaking" if tighter else "non-breaking", response="non-breaking"
            )
            verb = "tightened" if tighter else "loosened"
            message = at.say(f"{verb} `{key}` from {_show(before)} to {_show(after)}")
            self.add(kind, (*at.new, key) if after is not MISSING else at.new, message)

    def properties(self, at: _At, old: dict[str, Any], new: dict[str, Any], depth: int) -> None:
        old_props, new_props = _dict(old.get("properties")), _dict(new.get("properties"))
        old_required, new_required = _required(old), _required(new)
        for name in sorted(old_props.keys() | new_props.keys()):
            child = at.child(name, ("properties", name))
            if name not in new_props:
                self.add("breaking", child.old, child.say("removed"))
            elif name not in old_props:
                self.new_property(child, name in new_required)
            else:
                self.requiredness(child, name in old_required, name in new_required)
                self.schema(child, old_props[name], new_props[name], depth + 1)

    def new_property(self, at: _At, required: bool) -> None:
        if required:
            kind = self.kind(at, request="breaking", response="non-breaking")
        else:
            kind = "non-breaking"
        state = "required" if required else "optional"
        self.add(kind, at.new, f"{at.site.subject}: new {state} {at.thing()}")

    def requiredness(self, at: _At, before: bool, after: bool) -> None:
        if before == after:
            return
        if after:
            kind = self.kind(at, request="breaking", response="non-breaking")
        else:
            kind = self.kind(at, request="non-breaking", response="breaking")
        self.add(kind, at.new, at.say(f"is now {'required' if after else 'optional'}"))

    def elements(self, at: _At, old: dict[str, Any], new: dict[str, Any], depth: int) -> None:
        if "items" in old or "items" in new:
            child = at.child("[]", ("items",))
            self.schema(child, old.get("items", {}), new.get("items", {}), depth + 1)
        before = old.get("additionalProperties")
        after = new.get("additionalProperties")
        if (isinstance(before, dict) and before) or (isinstance(after, dict) and after):
            child = at.child("[*]", ("additionalProperties",))
            before = before if isinstance(before, dict) else {}
            after = after if isinstance(after, dict) else {}
            self.schema(child, before, after, depth + 1)

    def composites(self, at: _At, old: dict[str, Any], new: dict[str, Any], depth: int) -> None:
        """allOf/anyOf/oneOf members, matched by the model they name or by their type."""
        for key in _COMPOSITES:
            before = _members(self.old, old.get(key))
            after = _members(self.new, new.get(key))
            for label in sorted(before.keys() - after.keys()):
                kind = (
                    "breaking"
                    if key == "allOf"
                    else self.kind(at, request="breaking", response="non-breaking")
                )
                self.add(kind, at.old, at.say(f"lost {key} member `{label}`"))
            for label in sorted(after.keys() - before.keys()):
                kind = self.kind(
                    at,
                    request="breaking" if key == "allOf" else "non-breaking",
                    response="non-breaking" if key == "allOf" else "breaking",
                )
                self.add(kind, at.new, at.say(f"gained {key} member `{label}`"))
            for label in sorted(before.keys() & after.keys()):
                (i, old_member), (j, new_member) = before[label], after[label]
                child = at.child(f"{key}[{j}]", (key, str(i)), (key, str(j)))
                self.schema(child, old_member, new_member, depth + 1)

    # -- docs ------------------------------------------------------------------------------

    def docs(self) -> None:
        old_values, old_containers = _doc_values(self.old)
        new_values, new_containers = _doc_values(self.new)
        for parts in sorted(old_values.keys() | new_values.keys()):
            parent = parts[:-1]
            if parent not in old_containers or parent not in new_containers:
                continue  # added or removed along with its owner, which is reported already
            before, after = old_values.get(parts, MISSING), new_values.get(parts, MISSING)
            if _same(before, after):
                continue
            verb = "added" if before is MISSING else "removed" if after is MISSING else "changed"
            detail = ""
            if parts in (("info", "version"), ("info", "title")) and verb == "changed":
                detail = f" from {_show(before)} to {_show(after)}"
            owner = _describe(self.new if after is not MISSING else self.old, parent)
            self.add("docs", parts, f"{owner}: {parts[-1]} {verb}{detail}")
        self.tags()

    def tags(self) -> None:
        before, after = _tag_names(self.old), _tag_names(self.new)
        for name in sorted(set(before) - set(after)):
            self.add("docs", ("tags", name), f"tag `{name}` removed")
        for name in sorted(set(after) - set(before)):
            self.add("docs", ("tags", name), f"new tag `{name}`")
        if [n for n in before if n in after] != [n for n in after if n in before]:
            self.add("docs", ("tags",), "tag order changed")


def _same_argument(old: tuple[str, str], new: tuple[str, str]) -> bool:
    """Whether two parameters differ on the wire only: same location, same argument name."""
    return old[0] == new[0] and _names.snake_case(old[1]) == _names.snake_case(new[1])


def _is_error(code: str) -> bool:
    return code[:1] in ("4", "5") or code.upper() == "DEFAULT"


def _members(doc: dict[str, Any], options: Any) -> dict[str, tuple[int, Any]]:
    """Composite members keyed by a label (the model's name or the type), numbered when
    several share one label: {label: (index, member)}."""
    found: dict[str, tuple[int, Any]] = {}
    for i, member in enumerate(options if isinstance(options, list) else []):
        if is_null_schema(member):
            continue
        base = _label(_follow(doc, member))
        label, n = base, 2
        while label in found:
            label, n = f"{base} #{n}", n + 1
        found[label] = (i, member)
    return found


# -- docs walk -----------------------------------------------------------------------------


def _doc_values(doc: dict[str, Any]) -> tuple[dict[_Parts, Any], set[_Parts]]:
    """Every descriptive value by its place, and every object or list that holds values.

    List entries with a name (parameters, tags) are placed by name, not by index, so that
    reordering them does not read as a change of every description.
    """
    values: dict[_Parts, Any] = {}
    containers: set[_Parts] = set()
    stack: list[tuple[Any, _Parts, bool]] = [(doc, (), False)]
    while stack:
        node, parts, names = stack.pop()
        if len(parts) > _MAX_DEPTH or not isinstance(node, dict | list):
            continue
        containers.add(parts)
        if isinstance(node, list):
            stack.extend(
                (item, (*parts, _list_key(parts, item, i)), False) for i, item in enumerate(node)
            )
            continue
        for key, value in _dict(node).items():
            child = (*parts, key)
            if names:
                stack.append((value, child, False))
            elif key.startswith("x-") or key in ("default", "enum", "const"):
                continue
            elif key in _DOC_KEYS or parts == ("info",) or (key == "tags" and parts):
                values[child] = value
            else:
                stack.append((value, child, key in _NAME_MAPS and isinstance(value, dict)))
    return values, containers


def _list_key(parts: _Parts, item: Any, index: int) -> str:
    if parts and parts[-1] in ("parameters", "tags") and isinstance(item, dict):
        name = item.get("name", item.get("$ref"))
        if isinstance(name, str):
            return name
    return str(index)


def _tag_names(doc: dict[str, Any]) -> list[str]:
    tags = doc.get("tags")
    listed = tags if isinstance(tags, list) else []
    return [str(tag["name"]) for tag in listed if isinstance(tag, dict) and "name" in tag]


def _describe(doc: dict[str, Any], parts: _Parts) -> str:
    """Words for the object at `parts`, e.g. "operation listItems parameter `q`"."""
    head: list[str]
    if parts[:1] == ("paths",) and len(parts) >= 3 and parts[2] in HTTP_METHODS:
        op = _Op(
            parts[2],
            parts[1],
            _dict(_dict(_dict(doc.get("paths")).get(parts[1])).get(parts[2])),
            {},
        )
        head, rest = [f"operation {op.label}"], parts[3:]
    elif parts[:1] == ("paths",) and len(parts) >= 2:
        head, rest = [f"path {parts[1]}"], parts[2:]
    elif parts[:2] == ("components", "schemas") and len(parts) >= 3:
        head, rest = [f"schema {parts[2]}"], parts[3:]
    elif parts[:1] == ("components",) and len(parts) >= 3:
        head, rest = [f"{parts[1]} {parts[2]}"], parts[3:]
    elif parts == ("info",):
        return "API info"
    elif parts[:1] == ("servers",) and len(parts) >= 2:
        head, rest = [f"server {parts[1]}"], parts[2:]
    elif parts[:1] == ("tags",) and len(parts) >= 2:
        head, rest = [f"tag `{parts[1]}`"], parts[2:]
    else:
        return f"`{pointer_from_parts(parts)}`"
    return " ".join([*head, *_describe_rest(rest)])


def _describe_rest(parts: _Parts) -> Iterator[str]:
    field: list[str] = []
    i = 0
    while i < len(parts):
        part, following = parts[i], parts[i + 1] if i + 1 < len(parts) else None
        step = 2
        if part == "properties" and following is not None:
            field.append(following)
        elif part in ("items", "additionalProperties"):
            field.append("[]" if part == "items" else "[*]")
            step = 1
        elif part in _COMPOSITES and following is not None:
            field.append(f"{part}[{following}]")
        elif part == "parameters" and following is not None:
            yield f"parameter `{following}`"
        elif part == "responses" and following is not None:
            yield f"response {following}"
        elif part == "content" and following is not None:
            pass
        elif part == "requestBody":
            yield "request body"
            step = 1
        else:
            if part != "schema":
                yield part
            step = 1
        i += step
    if field:
        yield f"field `{_render_path(tuple(field))}`"
