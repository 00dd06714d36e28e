"""What changed between two versions of one spec, for a user of the generated client.

`diff_specs` compares two parsed documents and classifies every difference as one of the
kinds below. It compares what users import: the IR of both versions (`parse.build_api`, built
leniently so that a spec that no longer validates still compares) gives each method's name
after every collision rule and its resource in a grouped API, its arguments (Python names,
positional or keyword-only, required or not, types as type nodes), its return type, its
error models, its auth and its base URL. The schema rules (fields, enums, constraints,
nullability, compositions) run on the spec's own schemas, found where the IR says each
argument, body and response comes from (`source` pointers); docs-only changes come from the
raw text.

Model field names are the model generator's (datamodel-code-generator, keyword suffixes and
collision numbers included), not the parser's. To know them without generating the models of
both versions, `_models.field_names` runs the model generator, with the project's settings,
on object schemas that list only the property names of the classes concerned. That is done
only for a component schema whose set of properties changed (field names depend on nothing
else), and costs about 20 ms a call once the model generator is imported (about 0.4 s, once
per process); generating the full models of both versions would cost about 1 s per spec.

* breaking: code written against the old client may fail against the new one;
* non-breaking: something was added or relaxed; existing code keeps working;
* docs: only descriptive text changed (description, summary, title, example(s),
  externalDocs, `info`, tags and their order).

`suggest_bump` turns a list of changes into a semantic-version bump and `format_report`
prints them for a person.

How things are matched: the client's methods by operationId (by METHOD + path when there is
none, and an operation whose operationId changed at the same METHOD + path is a rename),
parameters by (location, name) and then by argument name (a parameter renamed on the wire or
moved to another location whose argument keeps its name is the same argument), multipart
fields by name, schema properties by wire name (at the top of a model class, a property that
disappears while one with the same content appears counts as renamed), component schemas by
name (likewise for renames).

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
  method (by any collision or grouping rule), an argument or model field whose Python name
  changes, positional arguments in another order, an argument that turns positional or
  keyword-only, a request body or return type of another kind (JSON, text, bytes, form,
  multipart), an error status whose body is no longer parsed into its model, a removed or
  renamed component schema (its model class goes), a change of an operation's security
  requirements (adding an alternative while keeping the old ones is non-breaking) or of a
  security scheme's type, location or name, and a change of the base URL an operation is
  sent to.
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

from ._errors import pointer_from_parts
from ._ir import (
    AnyValue,
    Api,
    ListOf,
    LiteralOf,
    MapOf,
    NoneValue,
    Nullable,
    Operation,
    Parameter,
    Primitive,
    RequestBody,
    Response,
    TupleOf,
    TypeNode,
    UnionOf,
)
from ._refs import DATA_KEYWORDS, MISSING, component_name, ref_parts, resolve_ref
from ._typesource import annotation
from .parse._spec import (
    HTTP_METHODS,
    follow,
    is_null_schema,
    is_nullable,
    operation_id,
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


def diff_specs(
    old: dict[str, Any], new: dict[str, Any], names: tuple[str, str] = ("old spec", "new spec")
) -> list[Change]:
    """The changes from `old` to `new` (two parsed versions of one spec), sorted by kind
    (breaking first), then by where, then by message.

    Raises SpecError(s) naming the version (by `names`) when the IR of one cannot be built
    even leniently: its client could not be generated, so there is nothing to compare."""
    differ = _Differ(old, new, names)
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
        out[key] = value if key in DATA_KEYWORDS else _without_docs(value, child_names, depth + 1)
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
    """One method of the generated client: the operation's IR and how users reach it."""

    ir: Operation
    reach: str  # `name`, or `resource.name` in a grouped API, after every collision rule

    @property
    def method(self) -> str:
        return self.ir.http_method.lower()

    @property
    def path(self) -> str:
        return self.ir.path

    @property
    def label(self) -> str:
        """How messages name the operation (and the key operations are matched by)."""
        return _op_label(self.ir.operation_id, self.method, self.path)

    @property
    def parts(self) -> _Parts:
        return ("paths", self.path, self.method)


def _op_label(op_id: str, method: str, path: str) -> str:
    """The operationId, or `METHOD /path` for an operation without one (the IR names those
    `method /path`)."""
    return f"{method.upper()} {path}" if op_id == f"{method} {path}" else op_id


def _client_ir(doc: dict[str, Any], name: str) -> tuple[Api, dict[tuple[str, str], str]]:
    """The IR of a document, built leniently so that a spec that no longer validates still
    compares (what the lenient build leaves out is not in its client either), and why each
    operation left out is, by (METHOD, path)."""
    from ._config import ApiSettings
    from ._load import LoadedSpec
    from .parse import Diagnostics, build_api

    spec = LoadedSpec(Path(name), name, "{}", doc)
    settings = ApiSettings(slug="api", class_prefix="Api")
    diagnostics = Diagnostics.lenient(spec)
    api = build_api(spec, settings, diagnostics=diagnostics)
    left_out: dict[tuple[str, str], str] = {}
    for found in diagnostics.found:
        head, _, reason = found.error.message.partition(": ")
        method, _, path = head.partition(" ")
        if reason and method.lower() in HTTP_METHODS and path.startswith("/"):
            left_out.setdefault((method, path), reason)
    return api, left_out


def _operations(api: Api) -> dict[str, _Op]:
    """The client's methods by operation label."""
    found: dict[str, _Op] = {}
    groups = [("", api.operations)] + [(f"{r.attr}.", r.operations) for r in api.resources]
    for owner, operations in groups:
        for operation in operations:
            op = _Op(operation, owner + operation.method_name)
            found.setdefault(op.label, op)
    return found


def _node_at(doc: dict[str, Any], parts: Iterable[str | int]) -> Any:
    """The node of the document at a pointer the IR recorded (`MISSING` if there is none)."""
    node: Any = doc
    for part in parts:
        if isinstance(node, dict):
            key = str(part) if str(part) in node else part  # a status code may be a number
            if key not in node:
                return MISSING
            node = node[key]
        elif isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
            node = node[int(part)]  # an index, a number or (from a `$ref`) a string
        else:
            return MISSING
    return node


def _status_text(status: str) -> str:
    """A status key as messages show it: `200`, `4XX`, `default`."""
    return "default" if status == "DEFAULT" else status


def _is_error(status: str) -> bool:
    return status[:1] in ("4", "5") or status == "DEFAULT"


def _show_requirements(groups: Iterable[_Parts]) -> str:
    return " or ".join(sorted(" + ".join(group) or "no auth" for group in groups))


def _requirements(op: Operation, renames: dict[str, str]) -> frozenset[_Parts]:
    """An operation's effective security as the IR has it: alternatives, each a sorted tuple
    of scheme names (the empty tuple: no credentials needed). Old names are translated
    through `renames`."""
    groups = {tuple(sorted(renames.get(name, name) for name in group)) for group in op.security}
    return frozenset(groups) or frozenset({()})


def _scheme_identity(doc: dict[str, Any], scheme: Any) -> str:
    """What a security scheme makes the client send, e.g. "apiKey in header `x-api-key`"."""
    found = _dict(follow(doc, scheme))
    kind = str(found.get("type"))
    if kind == "apiKey":
        name = str(found.get("name"))
        location = found.get("in")
        # Header names are case-insensitive; query and cookie names are not.
        return f"apiKey in {location} `{name.lower() if location == 'header' else name}`"
    if kind == "http":
        return f"http {str(found.get('scheme', '')).lower()}"
    return kind


# -- types of the IR -----------------------------------------------------------------------


def _type_covers(wide: TypeNode, narrow: TypeNode) -> bool:
    """Whether every value of type `narrow` is also a value of type `wide` (type nodes
    compared structurally; an integer is a number)."""
    if wide == narrow or isinstance(wide, AnyValue):
        return True
    if isinstance(narrow, NoneValue):
        return isinstance(wide, Nullable)
    if isinstance(narrow, Nullable):
        return isinstance(wide, Nullable) and _type_covers(wide.inner, narrow.inner)
    if isinstance(wide, Nullable):
        return _type_covers(wide.inner, narrow)
    if isinstance(narrow, UnionOf):
        return all(_type_covers(wide, option) for option in narrow.options)
    if isinstance(wide, UnionOf):
        return any(_type_covers(option, narrow) for option in wide.options)
    if isinstance(wide, Primitive) and isinstance(narrow, Primitive):
        same_kind = wide.kind == narrow.kind or (wide.kind, narrow.kind) == ("float", "int")
        return same_kind and wide.format in (None, narrow.format)
    if isinstance(wide, Primitive) and isinstance(narrow, LiteralOf):
        kinds = {"str": str, "int": int, "float": int | float}
        return wide.format is None and all(
            isinstance(v, kinds.get(wide.kind, bool)) for v in narrow.values
        )
    if isinstance(wide, LiteralOf) and isinstance(narrow, LiteralOf):
        return set(narrow.values) <= set(wide.values)
    if isinstance(wide, ListOf) and isinstance(narrow, ListOf):
        return _type_covers(wide.item, narrow.item)
    if isinstance(wide, ListOf) and isinstance(narrow, TupleOf):
        return all(_type_covers(wide.item, item) for item in narrow.items)
    if isinstance(wide, TupleOf) and isinstance(narrow, TupleOf):
        return len(wide.items) == len(narrow.items) and all(
            _type_covers(w, n) for w, n in zip(wide.items, narrow.items, strict=True)
        )
    if isinstance(wide, MapOf) and isinstance(narrow, MapOf):
        return _type_covers(wide.value, narrow.value)
    return False


def _type_kind(dirs: frozenset[_Dir], old: TypeNode, new: TypeNode) -> Kind:
    """A changed type: fine when it accepts more on the way in, or gives less on the way out."""
    return _pick(
        dirs,
        request="non-breaking" if _type_covers(new, old) else "breaking",
        response="non-breaking" if _type_covers(old, new) else "breaking",
    )


# -- schema reach --------------------------------------------------------------------------


def _schema_reach(doc: dict[str, Any], api: Api) -> dict[str, set[_Dir]]:
    """For each component schema, whether the client's methods send it, receive it, or both
    (from the spec objects the IR says its arguments and responses come from)."""
    reach: dict[str, set[_Dir]] = {}
    for op in api.all_operations:
        inputs = [p.source for p in op.parameters] + ([op.body.source] if op.body else [])
        roots: list[tuple[_Dir, list[Any]]] = [
            ("request", [_node_at(doc, source) for source in inputs]),
            ("response", [_node_at(doc, r.source) for r in op.responses]),
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
        stack.extend(v for k, v in node.items() if k not in DATA_KEYWORDS)
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
    component: str | None = None  # the component schema compared, whose model class it is


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
    def __init__(self, old: dict[str, Any], new: dict[str, Any], names: tuple[str, str]) -> None:
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
        # The clients generated from each version.
        self.old_api, _ = _client_ir(old, names[0])
        self.new_api, self.left_out = _client_ir(new, names[1])
        self.old_default = self.old_api.default_base_url
        self.new_default = self.new_api.default_base_url
        self.old_classes = self.old_api.component_classes
        self.new_classes = self.new_api.component_classes

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
        old_ops, new_ops = _operations(self.old_api), _operations(self.new_api)
        pairs = [(old_ops[k], new_ops[k]) for k in sorted(old_ops.keys() & new_ops.keys())]
        added = {k: op for k, op in new_ops.items() if k not in old_ops}
        for key in sorted(old_ops.keys() - new_ops.keys()):
            op = old_ops[key]
            twin = next(
                (a for a in added.values() if (a.method, a.path) == (op.method, op.path)), None
            )
            if twin is None:
                reason = self.left_out.get((op.method.upper(), op.path))
                what = f"is left out of the new client: {reason}" if reason else "removed"
                self.add(
                    "breaking",
                    op.parts,
                    f"operation {op.label} ({op.method.upper()} {op.path}) {what}",
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

    def renamed_operation(self, old: _Op, new: _Op) -> None:
        before, after = old.reach, new.reach
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
        if old.label == new.label and old.reach != new.reach:
            self.add(
                "breaking",
                new.parts,
                f"{subject}: the client method `{old.reach}` becomes `{new.reach}`",
            )
        if old.ir.deprecated != new.ir.deprecated:
            state = "now deprecated" if new.ir.deprecated else "no longer deprecated"
            self.add("non-breaking", (*new.parts, "deprecated"), f"{subject} is {state}")
        self.parameters(old, new)
        self.positional_order(old, new)
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

    # -- arguments -------------------------------------------------------------------------

    def parameters(self, old: _Op, new: _Op) -> None:
        """Parameters matched by (location, wire name); one that changes either while its
        argument keeps its Python name is the same argument."""
        old_params = {(p.location, p.wire_name): p for p in old.ir.parameters}
        new_params = {(p.location, p.wire_name): p for p in new.ir.parameters}
        gone = sorted(old_params.keys() - new_params.keys())
        added = sorted(new_params.keys() - old_params.keys())
        subject = f"operation {new.label}"
        for key in gone:
            before = old_params[key]
            twin = next((a for a in added if new_params[a].python_name == before.python_name), None)
            if twin is None:
                self.add(
                    "breaking",
                    (*old.parts, "parameters", key[1]),
                    f"{subject}: parameter `{key[1]}` ({key[0]}) removed",
                )
                continue
            added.remove(twin)
            after = new_params[twin]
            parts = (*new.parts, "parameters", twin[1])
            if key[0] == twin[0]:
                self.add(
                    "non-breaking",
                    parts,
                    f"{subject}: parameter `{key[1]}` ({key[0]}) renamed on the wire to `{twin[1]}`; the argument stays `{after.python_name}`",
                )
            elif before.positional != after.positional:
                state = "positional" if after.positional else "keyword-only"
                self.add(
                    "breaking",
                    parts,
                    f"{subject}: parameter `{key[1]}` moved from {key[0]} to {twin[0]}; the argument `{after.python_name}` is now {state}",
                )
            else:
                self.add(
                    "non-breaking",
                    parts,
                    f"{subject}: parameter `{key[1]}` moved from {key[0]} to {twin[0]} `{twin[1]}`; the argument stays `{after.python_name}`",
                )
            self.parameter(old, new, before, after)
        for key in added:
            required = new_params[key].required
            self.add(
                "breaking" if required else "non-breaking",
                (*new.parts, "parameters", key[1]),
                f"{subject}: new {'required' if required else 'optional'} parameter `{key[1]}` ({key[0]})",
            )
        for key in sorted(old_params.keys() & new_params.keys()):
            self.parameter(old, new, old_params[key], new_params[key])

    def parameter(self, old_op: _Op, new_op: _Op, old: Parameter, new: Parameter) -> None:
        name = new.wire_name
        parts = (*new_op.parts, "parameters", name)
        subject = f"operation {new_op.label}: parameter `{name}`"
        if old.python_name != new.python_name:
            self.add(
                "breaking",
                parts,
                f"{subject}: the argument `{old.python_name}` becomes `{new.python_name}`",
            )
        if old.required != new.required:
            self.add(
                "breaking" if new.required else "non-breaking",
                parts,
                f"{subject} is now {'required' if new.required else 'optional'}",
            )
        old_raw = _dict(_node_at(self.old, old.source))
        new_raw = _dict(_node_at(self.new, new.source))
        self.deprecation(parts, subject, old_raw, new_raw)
        site = _Site(
            f"operation {new_op.label}",
            f"parameter `{name}`",
            f"parameter `{name}` field",
            _REQUEST,
        )
        at = _At(
            site, (), (*old_op.parts, "parameters", old.wire_name, "schema"), (*parts, "schema")
        )
        if "schema" in old_raw or "schema" in new_raw:
            self.schema(at, old_raw.get("schema", {}), new_raw.get("schema", {}), 0)
        elif old.type != new.type:  # declared with `content`: compared by type
            kind = _type_kind(_REQUEST, old.type, new.type)
            self.add(
                kind,
                parts,
                at.say(f"changed type from `{annotation(old.type)}` to `{annotation(new.type)}`"),
            )

    def positional_order(self, old: _Op, new: _Op) -> None:
        """Positional arguments that stay but come in another order break positional calls."""
        before = [p.python_name for p in old.ir.positional_params]
        after = [p.python_name for p in new.ir.positional_params]
        kept_before = [n for n in before if n in after]
        kept_after = [n for n in after if n in before]
        if kept_before != kept_after:
            self.add(
                "breaking",
                (*new.parts, "parameters"),
                f"operation {new.label}: positional arguments reordered from ({', '.join(before)}) to ({', '.join(after)})",
            )

    # -- request body ----------------------------------------------------------------------

    def request_body(self, old_op: _Op, new_op: _Op) -> None:
        old, new = old_op.ir.body, new_op.ir.body
        subject = f"operation {new_op.label}"
        parts = (*new_op.parts, "requestBody")
        if old is None and new is None:
            return
        if new is None:
            self.add("breaking", (*old_op.parts, "requestBody"), f"{subject}: request body removed")
            return
        if old is None:
            state = "required" if new.required else "optional"
            self.add(
                "breaking" if new.required else "non-breaking",
                parts,
                f"{subject}: new {state} request body",
            )
            return
        if old.required != new.required:
            self.add(
                "breaking" if new.required else "non-breaking",
                parts,
                f"{subject}: request body is now {'required' if new.required else 'optional'}",
            )
        if old.kind != new.kind or (old.kind == "content" and old.type != new.type):
            self.add(
                "breaking",
                (*parts, "content"),
                f"{subject}: request body changed from {old.content_type} to {new.content_type}",
            )
            return
        if old.kind == "multipart":
            self.body_parts(old_op, new_op, old, new)
            return
        if old.python_name != new.python_name:
            self.add(
                "breaking",
                parts,
                f"{subject}: the request body argument `{old.python_name}` becomes `{new.python_name}`",
            )
        if old.kind == "json":
            site = _Site(subject, "request body", "request field", _REQUEST)
            self.body(site, (*old_op.parts, "requestBody"), parts, old.source, new.source)

    def body_parts(self, old_op: _Op, new_op: _Op, old: RequestBody, new: RequestBody) -> None:
        """The fields of a multipart body, each a keyword argument of the method."""
        subject = f"operation {new_op.label}: multipart field"
        old_at = (*map(str, old.source), "schema", "properties")
        new_at = (*map(str, new.source), "schema", "properties")
        before = {p.wire_name: p for p in old.parts}
        after = {p.wire_name: p for p in new.parts}
        for name in sorted(before.keys() - after.keys()):
            self.add("breaking", (*old_at, name), f"{subject} `{name}` removed")
        for name in sorted(after.keys() - before.keys()):
            required = after[name].required
            state = "required" if required else "optional"
            kind: Kind = "breaking" if required else "non-breaking"
            message = f"operation {new_op.label}: new {state} multipart field `{name}`"
            self.add(kind, (*new_at, name), message)
        for name in sorted(before.keys() & after.keys()):
            o, n = before[name], after[name]
            parts = (*new_at, name)
            if o.python_name != n.python_name:
                self.add(
                    "breaking",
                    parts,
                    f"{subject} `{name}`: the argument `{o.python_name}` becomes `{n.python_name}`",
                )
            if o.required != n.required:
                self.add(
                    "breaking" if n.required else "non-breaking",
                    parts,
                    f"{subject} `{name}` is now {'required' if n.required else 'optional'}",
                )
            if o.type != n.type:
                self.add(
                    _type_kind(_REQUEST, o.type, n.type),
                    parts,
                    f"{subject} `{name}` changed type from `{annotation(o.type)}` to `{annotation(n.type)}`",
                )

    def body(
        self,
        site: _Site,
        old_parts: _Parts,
        new_parts: _Parts,
        old_source: Iterable[str | int],
        new_source: Iterable[str | int],
    ) -> None:
        """Compare the JSON schemas of two request bodies or responses, found in each spec
        where the IR says their media type objects are."""
        old_media, new_media = tuple(old_source), tuple(new_source)
        old_schema = _dict(_node_at(self.old, old_media)).get("schema", {})
        new_schema = _dict(_node_at(self.new, new_media)).get("schema", {})
        at = _At(
            site,
            (),
            (*old_parts, "content", str(old_media[-1]), "schema"),
            (*new_parts, "content", str(new_media[-1]), "schema"),
        )
        self.schema(at, old_schema, new_schema, 0)

    # -- responses -------------------------------------------------------------------------

    def responses(self, old_op: _Op, new_op: _Op) -> None:
        old = {r.status: r for r in old_op.ir.responses}
        new = {r.status: r for r in new_op.ir.responses}
        self.success_statuses(old_op, new_op, list(old), list(new))
        self.success_body(old_op, new_op)
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

    def success_body(self, old_op: _Op, new_op: _Op) -> None:
        """What the method returns: its IR return types, and the JSON schemas of the success
        responses by the response rules when both are JSON."""
        subject = f"operation {new_op.label}"
        old_ok = next((r for r in old_op.ir.responses if r.status.startswith("2")), None)
        new_ok = next((r for r in new_op.ir.responses if r.status.startswith("2")), None)
        if old_ok is None or new_ok is None:
            return
        new_parts = (*new_op.parts, "responses", new_ok.status)
        before, after = old_op.ir.returns, new_op.ir.returns
        if old_ok.media_type is not None and new_ok.media_type is not None:
            site = _Site(subject, "response body", "response field", _RESPONSE)
            old_parts = (*old_op.parts, "responses", old_ok.status)
            old_media = (*old_ok.source, "content", old_ok.media_type)
            new_media = (*new_ok.source, "content", new_ok.media_type)
            self.body(site, old_parts, new_parts, old_media, new_media)
        elif isinstance(before, NoneValue) and not isinstance(after, NoneValue):
            self.add("non-breaking", new_parts, f"{subject}: now returns a response body")
        elif isinstance(after, NoneValue) and not isinstance(before, NoneValue):
            self.add("breaking", new_parts, f"{subject}: no longer returns a response body")
        elif before != after:
            self.add(
                _type_kind(_RESPONSE, before, after),
                new_parts,
                f"{subject}: return type changed from `{annotation(before)}` to `{annotation(after)}`",
            )

    def error_responses(
        self,
        old_op: _Op,
        new_op: _Op,
        old: dict[str, Response],
        new: dict[str, Response],
    ) -> None:
        subject = f"operation {new_op.label}"
        old_models, new_models = dict(old_op.ir.errors), dict(new_op.ir.errors)
        for code in old:
            if _is_error(code) and code not in new:
                parts = (*old_op.parts, "responses", _status_text(code))
                text = _status_text(code)
                self.add("non-breaking", parts, f"{subject}: error response {text} removed")
        for code in new:
            if not _is_error(code):
                continue
            text = _status_text(code)
            parts = (*new_op.parts, "responses", text)
            if code not in old:
                self.add("non-breaking", parts, f"{subject}: new error response {text}")
                continue
            before, after = old[code], new[code]
            if before.media_type is not None and after.media_type is not None:
                site = _Site(subject, f"error {text} body", f"error {text} field", _RESPONSE)
                self.body(
                    site,
                    (*old_op.parts, "responses", text),
                    parts,
                    (*before.source, "content", before.media_type),
                    (*after.source, "content", after.media_type),
                )
                continue
            lost, gained = old_models.get(code.lower()), new_models.get(code.lower())
            if lost is not None and gained is None:
                message = f"{subject}: error {text} body is no longer read as `{lost.name}`"
                self.add("breaking", parts, message)
            elif gained is not None and lost is None:
                message = f"{subject}: error {text} body is now read as `{gained.name}`"
                self.add("non-breaking", parts, message)

    # -- security and servers --------------------------------------------------------------

    def security(self, old_op: _Op, new_op: _Op) -> None:
        before = _requirements(old_op.ir, self.scheme_renames)
        after = _requirements(new_op.ir, {})
        if before == after:
            return
        if "security" in _dict(_node_at(self.new, new_op.parts)):
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
        """The base URL of an operation with a server of its own (or its path's); a change of
        the API's default is reported once, by default_server."""
        old_own, new_own = old_op.ir.base_url, new_op.ir.base_url
        if old_own is None and new_own is None:
            return
        before = old_own or self.old_default
        after = new_own or self.new_default
        if before == after:
            return
        source = new_op.ir.server_source
        self.add(
            "breaking",
            tuple(map(str, (*source, "0", "url"))) if source is not None else new_op.parts,
            f"operation {new_op.label}: base URL changed from {before or '(none)'} to {after or '(none)'}",
        )

    def default_server(self) -> None:
        if self.old_default != self.new_default:
            parts = ("servers", "0", "url") if self.new.get("servers") else ("servers",)
            self.add(
                "breaking",
                parts,
                f"default base URL changed from {self.old_default or '(none)'} to {self.new_default or '(none)'}",
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
        old_reach = _schema_reach(self.old, self.old_api)
        new_reach = _schema_reach(self.new, self.new_api)
        for name in sorted(self.old_schemas.keys() & self.new_schemas.keys()):
            dirs = frozenset(old_reach.get(name, set()) | new_reach.get(name, set())) or _BOTH
            parts = ("components", "schemas", name)
            site = _Site(f"schema {name}", "", "field", dirs, component=name)
            at = _At(site, (), parts, parts)
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
        """Properties by wire name; at the top of a model class, also by the field names of
        its Python class, and one property that is renamed (same content) is one change."""
        old_props, new_props = _dict(old.get("properties")), _dict(new.get("properties"))
        old_required, new_required = _required(old), _required(new)
        fields = self.field_names(at, old, new) if old_props.keys() != new_props.keys() else None
        renamed: dict[str, str] = {}
        if fields is not None:
            renamed = _renames(
                {n: _canon(_without_docs(v)) for n, v in old_props.items()},
                {n: _canon(_without_docs(v)) for n, v in new_props.items()},
            )
        for name in sorted(old_props.keys() | new_props.keys()):
            child = at.child(name, ("properties", name))
            if name in renamed and fields is not None:
                twin = renamed[name]
                child = at.child(twin, ("properties", name), ("properties", twin))
                before, after = fields[0].get(name, name), fields[1].get(twin, twin)
                if before == after:
                    message = f"renamed on the wire to `{twin}`; its attribute stays `{after}`"
                    self.add("non-breaking", child.new, at.child(name, ()).say(message))
                else:
                    message = f"renamed to `{twin}`; its attribute `{before}` becomes `{after}`"
                    self.add("breaking", child.new, at.child(name, ()).say(message))
                self.requiredness(child, name in old_required, twin in new_required)
                self.schema(child, old_props[name], new_props[twin], depth + 1)
            elif name in renamed.values():
                continue
            elif name not in new_props:
                self.add("breaking", child.old, child.say("removed"))
            elif name not in old_props:
                self.new_property(child, name in new_required)
            else:
                if fields is not None:
                    before, after = fields[0].get(name, name), fields[1].get(name, name)
                    if before != after:
                        message = f"keeps its wire name; its attribute `{before}` becomes `{after}`"
                        self.add("breaking", child.new, child.say(message))
                self.requiredness(child, name in old_required, name in new_required)
                self.schema(child, old_props[name], new_props[name], depth + 1)

    def field_names(
        self, at: _At, old: dict[str, Any], new: dict[str, Any]
    ) -> tuple[dict[str, str], dict[str, str]] | None:
        """The Python field names of a model class in each version ({wire name: field name}),
        when `at` is the top of a component schema; None elsewhere or when the model
        generator cannot name them."""
        if at.path or at.site.component is None:
            return None
        from ._models import field_names

        try:
            found = field_names(
                {
                    "Old": _class_properties(self.old, old, frozenset()),
                    "New": _class_properties(self.new, new, frozenset()),
                }
            )
        except Exception:  # the model generator raises many kinds of errors
            return None
        return found.get("Old", {}), found.get("New", {})

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


def _class_properties(doc: dict[str, Any], schema: Any, seen: frozenset[str]) -> list[str]:
    """The wire names of the fields of a schema's model class: its allOf members' and its
    own properties."""
    names: list[str] = []
    node = _dict(follow(doc, schema))
    members = node.get("allOf")
    for member in members if isinstance(members, list) else []:
        ref = member.get("$ref") if isinstance(member, dict) else None
        if isinstance(ref, str) and ref in seen:
            continue
        inner = seen | {ref} if isinstance(ref, str) else seen
        names += [n for n in _class_properties(doc, member, inner) if n not in names]
    return names + [n for n in _dict(node.get("properties")) if n not in names]


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
        raw = _dict(_dict(_dict(doc.get("paths")).get(parts[1])).get(parts[2]))
        label = _op_label(operation_id(raw, parts[2], parts[1]), parts[2], parts[1])
        head, rest = [f"operation {label}"], parts[3:]
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
