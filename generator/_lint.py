"""Rules for hand-written specs that openapi-spec-validator does not check.

Each rule has an id, a default severity and a check that yields findings (a JSON pointer, what is
wrong, how to fix it). Severities come from `[tool.clientgen.lint]` (`error`, `warning`, `off`).
The rules follow what Spectral's and Redocly's recommended rulesets flag: examples and defaults
that do not fit their schema, operations without an operationId, unused components, undeclared
or unused path parameters, repeated enum values, `$ref` siblings in 3.0, undeclared tags, and
error responses without a schema.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from ._errors import SpecError
from ._refs import MISSING, ref_parts, ref_to, resolve_ref, walk, walk_dicts

if TYPE_CHECKING:
    from ._load import LoadedSpec

Severity = Literal["error", "warning", "off"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "off")
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_TEMPLATE = re.compile(r"{([^{}]+)}")
_COMPONENT_KINDS = (
    "schemas", "parameters", "responses", "requestBodies", "headers", "examples", "links",
    "callbacks", "pathItems",
)  # fmt: skip
# Keywords whose values are schemas, lists of schemas, or maps of schemas.
_SCHEMA_KEYS = (
    "items", "not", "if", "then", "else", "contains", "propertyNames", "additionalProperties",
    "unevaluatedItems", "unevaluatedProperties", "additionalItems",
)  # fmt: skip
_SCHEMA_LIST_KEYS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_MAP_KEYS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SPEC_URI = "urn:clientgen:spec"

Parts = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    rule: str
    parts: Parts
    message: str
    hint: str


@dataclass(frozen=True)
class Rule:
    id: str
    default: Severity
    summary: str
    check: Callable[[dict[str, Any]], Iterator[Finding]]


def lint_spec(
    spec: LoadedSpec,
    severities: Mapping[str, Severity] | None = None,
    *,
    examples: ExampleAnswers | None = None,
) -> list[SpecError]:
    """Every finding of the enabled rules, as errors carrying their rule id and severity.

    `examples`: answers of `valid-example` remembered from earlier runs (`_incremental`)."""
    chosen = dict(severities or {})
    found: list[SpecError] = []
    _shared.active = {}  # what several rules walk the document for, walked once
    try:
        for rule in RULES:
            severity = chosen.get(rule.id, rule.default)
            if severity == "off":
                continue
            check = rule.check
            if rule.check is _check_examples and examples is not None:
                check = functools.partial(_check_examples, answers=examples)
            for finding in check(spec.data):
                error = spec.error(list(finding.parts), finding.message, finding.hint)
                error.rule = rule.id
                error.severity = severity
                found.append(error)
    finally:
        _shared.active = None
    return found


class _Shared:
    """Results of walks several rules make, kept for the length of one `lint_spec` call
    (by document identity; the document is not changed meanwhile)."""

    def __init__(self) -> None:
        self.active: dict[tuple[int, str], Any] | None = None

    def get(self, doc: dict[str, Any], what: str, compute: Callable[[], Any]) -> Any:
        if self.active is None:
            return compute()
        key = (id(doc), what)
        if key not in self.active:
            self.active[key] = compute()
        return self.active[key]


_shared = _Shared()


def errors_as_warnings() -> dict[str, Severity]:
    """Severities that report every finding as a warning (for specs the user cannot edit)."""
    return {rule.id: "warning" for rule in RULES if rule.default == "error"}


def check_severities(raw: Any, source: str) -> dict[str, Severity]:
    """`[tool.clientgen.lint]`, checked: known rule ids, known severities."""
    if not isinstance(raw, dict):
        raise SpecError(source, "`[tool.clientgen.lint]` must be a table of rule = severity")
    known = {rule.id for rule in RULES}
    result: dict[str, Severity] = {}
    for rule_id, value in raw.items():
        if rule_id not in known:
            raise SpecError(
                source,
                f"unknown lint rule {rule_id!r} in [tool.clientgen.lint]",
                hint=f"known rules: {', '.join(sorted(known))}",
            )
        if value not in SEVERITIES:
            raise SpecError(
                source,
                f"lint rule {rule_id!r} has severity {value!r}",
                hint="use one of: error, warning, off",
            )
        result[str(rule_id)] = value
    return result


# -- walking the document ------------------------------------------------------------------


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], Parts]]:
    """(path, method, operation, pointer parts) for every operation under `paths`."""
    for path, item in _dict(doc.get("paths")).items():
        for method in _HTTP_METHODS:
            op = _dict(item).get(method)
            if isinstance(op, dict):
                yield str(path), method, op, ("paths", path, method)


def _schemas_in(schema: Any, parts: Parts) -> Iterator[tuple[dict[str, Any], Parts]]:
    """`schema` and every schema nested in it (not through `$ref`)."""
    stack: list[tuple[Any, Parts]] = [(schema, parts)]
    while stack:
        node, at = stack.pop()
        if not isinstance(node, dict):
            continue
        yield node, at
        for key in _SCHEMA_KEYS:
            if isinstance(node.get(key), dict):
                stack.append((node[key], (*at, key)))
        for key in _SCHEMA_LIST_KEYS:
            if isinstance(node.get(key), list):
                stack.extend((s, (*at, key, i)) for i, s in enumerate(node[key]))
        for key in _SCHEMA_MAP_KEYS:
            if isinstance(node.get(key), dict):
                stack.extend((s, (*at, key, name)) for name, s in node[key].items())


def _deref(doc: dict[str, Any], node: Any) -> Any:
    """Follow `$ref`s (at most a few hops; a loop or a dangling one gives None)."""
    for _ in range(16):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        node = resolve_ref(doc, node["$ref"])
        if node is MISSING:
            return None
    return None


def _holders(doc: dict[str, Any]) -> Iterator[tuple[dict[str, Any], Parts, str]]:
    """Parameter, header and media type objects: what may carry examples beside a schema.

    Yields (object, parts, kind) with kind "parameter", "header" or "media type".
    """
    components = _dict(doc.get("components"))
    for name, param in _dict(components.get("parameters")).items():
        yield from _param_like(doc, param, ("components", "parameters", name), "parameter")
    for name, header in _dict(components.get("headers")).items():
        yield from _param_like(doc, header, ("components", "headers", name), "header")
    for name, body in _dict(components.get("requestBodies")).items():
        yield from _media(_dict(body).get("content"), ("components", "requestBodies", name))
    for name, response in _dict(components.get("responses")).items():
        yield from _response(doc, response, ("components", "responses", name))
    for path, item in _dict(doc.get("paths")).items():
        for i, param in enumerate(_list(_dict(item).get("parameters"))):
            yield from _param_like(doc, param, ("paths", path, "parameters", i), "parameter")
    for _path, _method, op, parts in _operations(doc):
        for i, param in enumerate(_list(op.get("parameters"))):
            yield from _param_like(doc, param, (*parts, "parameters", i), "parameter")
        body = op.get("requestBody")
        if isinstance(body, dict) and "$ref" not in body:
            yield from _media(body.get("content"), (*parts, "requestBody"))
        for code, response in _dict(op.get("responses")).items():
            yield from _response(doc, response, (*parts, "responses", code))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _param_like(
    doc: dict[str, Any], node: Any, parts: Parts, kind: str
) -> Iterator[tuple[dict[str, Any], Parts, str]]:
    if not isinstance(node, dict) or "$ref" in node:
        return
    yield node, parts, kind
    yield from _media(node.get("content"), parts)


def _response(
    doc: dict[str, Any], node: Any, parts: Parts
) -> Iterator[tuple[dict[str, Any], Parts, str]]:
    if not isinstance(node, dict) or "$ref" in node:
        return
    yield from _media(node.get("content"), parts)
    for name, header in _dict(node.get("headers")).items():
        yield from _param_like(doc, header, (*parts, "headers", name), "header")


def _media(content: Any, parts: Parts) -> Iterator[tuple[dict[str, Any], Parts, str]]:
    for media_type, media in _dict(content).items():
        if isinstance(media, dict):
            yield media, (*parts, "content", media_type), "media type"


def _all_schemas(doc: dict[str, Any]) -> Iterator[tuple[dict[str, Any], Parts]]:
    """Every schema of the document: components and those under parameters, headers, media."""
    return iter(_shared.get(doc, "schemas", lambda: list(_each_schema(doc))))


def _each_schema(doc: dict[str, Any]) -> Iterator[tuple[dict[str, Any], Parts]]:
    for name, schema in _dict(_dict(doc.get("components")).get("schemas")).items():
        yield from _schemas_in(schema, ("components", "schemas", name))
    for holder, parts, _kind in _holders(doc):
        if isinstance(holder.get("schema"), dict):
            yield from _schemas_in(holder["schema"], (*parts, "schema"))


# -- valid-example ---------------------------------------------------------------------------


class _ExampleChecker:
    """Validates values against schemas of the document, `$ref`s resolved inside it."""

    def __init__(self, doc: dict[str, Any]) -> None:
        from openapi_schema_validator import (
            OAS30Validator,
            OAS31Validator,
            oas30_format_checker,
            oas31_format_checker,
        )
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4, DRAFT202012

        self.doc = doc
        openapi_30 = str(doc.get("openapi", "")).startswith("3.0")
        self.cls: Any = OAS30Validator if openapi_30 else OAS31Validator
        self.format_checker = oas30_format_checker if openapi_30 else oas31_format_checker
        spec = DRAFT4 if openapi_30 else DRAFT202012
        resource: Any = Resource(contents=doc, specification=spec)  # type: ignore[call-arg]
        self.registry: Any = Registry().with_resource(_SPEC_URI, resource)

    def problem(self, schema_parts: Parts, value: Any) -> str | None:
        """Why `value` does not fit the schema at `schema_parts`, or None when it does."""
        from jsonschema.exceptions import best_match  # type: ignore[import-untyped]

        validator = self.cls(
            {"$ref": _SPEC_URI + ref_to(schema_parts)},
            registry=self.registry,
            format_checker=self.format_checker,
        )
        try:
            error = best_match(validator.iter_errors(value))
        except Exception as exc:  # an unresolvable schema: the validator reports it elsewhere
            return f"cannot be checked ({type(exc).__name__})"
        if error is None:
            return None
        where = error.json_path
        detail = error.message if len(error.message) <= 120 else f"fails `{error.validator}`"
        return detail if where == "$" else f"{where}: {detail}"


class ExampleAnswers(Protocol):
    """Remembered answers of `_ExampleChecker.problem`; `compute` gives one not remembered."""

    def problem(
        self, schema_parts: Parts, value: Any, compute: Callable[[], str | None]
    ) -> str | None: ...


def _check_examples(
    doc: dict[str, Any], answers: ExampleAnswers | None = None
) -> Iterator[Finding]:
    checker = _ExampleChecker(doc)
    hint = "make the value fit its schema, or fix the schema"

    def check(schema_parts: Parts, value: Any, value_parts: Parts, what: str) -> Iterator[Finding]:
        if answers is None:
            why = checker.problem(schema_parts, value)
        else:
            why = answers.problem(
                schema_parts, value, functools.partial(checker.problem, schema_parts, value)
            )
        if why is not None:
            yield Finding(
                "valid-example", value_parts, f"{what} does not match its schema: {why}", hint
            )

    for schema, parts in _all_schemas(doc):
        if "example" in schema:
            yield from check(parts, schema["example"], (*parts, "example"), "the example")
        if isinstance(schema.get("examples"), list):
            for i, value in enumerate(schema["examples"]):
                yield from check(parts, value, (*parts, "examples", i), "the example")
        if "default" in schema:
            yield from check(parts, schema["default"], (*parts, "default"), "the default")
    for holder, parts, kind in _holders(doc):
        if not isinstance(holder.get("schema"), dict):
            continue
        schema_parts = (*parts, "schema")
        if "example" in holder:
            yield from check(
                schema_parts, holder["example"], (*parts, "example"), f"the {kind} example"
            )
        for name, example in _dict(holder.get("examples")).items():
            target = _deref(doc, example)
            if isinstance(target, dict) and "value" in target:
                yield from check(
                    schema_parts,
                    target["value"],
                    (*parts, "examples", name),
                    f"the {kind} example {name!r}",
                )


# -- the other rules ---------------------------------------------------------------------------


def _check_operation_ids(doc: dict[str, Any]) -> Iterator[Finding]:
    for path, method, op, parts in _operations(doc):
        op_id = op.get("operationId")
        if not isinstance(op_id, str) or not op_id.strip():
            yield Finding(
                "operation-operationId",
                parts,
                f"{method.upper()} {path} has no operationId; its method name is made from the path",
                "add an `operationId`: it names the client method",
            )


def _refs(doc: dict[str, Any]) -> set[str]:
    """Every `$ref` target and discriminator mapping value, as written."""
    return _ref_walk(doc)[0]


def _ref_walk(doc: dict[str, Any]) -> tuple[set[str], list[tuple[dict[str, Any], Parts]]]:
    """`_refs`, and every mapping holding a `$ref` string beside other keys with its place (in
    `walk`'s order): one walk of the document for two rules."""

    def compute() -> tuple[set[str], list[tuple[dict[str, Any], Parts]]]:
        found: set[str] = set()
        beside: set[int] = set()  # the mappings holding a `$ref` beside other keys
        for node in walk_dicts(doc):
            ref = node.get("$ref")
            if isinstance(ref, str):
                found.add(ref)
                if len(node) > 1:
                    beside.add(id(node))
            mapping = _dict(node.get("discriminator")).get("mapping")
            for target in _dict(mapping).values():
                if isinstance(target, str):
                    found.add(target if "/" in target else f"#/components/schemas/{target}")
        siblings: list[tuple[dict[str, Any], Parts]] = []
        if beside:  # their places, from a second walk that keeps track of places
            siblings = [
                (node, parts)
                for node, parts in walk(doc)
                if isinstance(node, dict) and id(node) in beside
            ]
        return found, siblings

    result: tuple[set[str], list[tuple[dict[str, Any], Parts]]] = _shared.get(doc, "refs", compute)
    return result


def _ref_parts(ref: str) -> list[str]:
    """The keys of a local reference (decoded by `_refs`); [] for any other reference."""
    return ref_parts(ref) or []


def _check_unused(doc: dict[str, Any]) -> Iterator[Finding]:
    used: set[tuple[str, str]] = set()
    for ref in _refs(doc):
        parts = _ref_parts(ref)
        if len(parts) >= 3 and parts[0] == "components":
            used.add((parts[1], parts[2]))
    components = _dict(doc.get("components"))
    for kind in _COMPONENT_KINDS:
        for name in _dict(components.get(kind)):
            if (kind, str(name)) not in used:
                yield Finding(
                    "no-unused-component",
                    ("components", kind, name),
                    f"components.{kind}.{name} is not used anywhere",
                    "remove it, or refer to it where it belongs",
                )
    schemes = _dict(components.get("securitySchemes"))
    required: set[str] = set()
    for requirement in _list(doc.get("security")):
        required.update(str(k) for k in _dict(requirement))
    for _path, _method, op, _parts in _operations(doc):
        for requirement in _list(op.get("security")):
            required.update(str(k) for k in _dict(requirement))
    for name in schemes:
        if str(name) not in required:
            yield Finding(
                "no-unused-component",
                ("components", "securitySchemes", name),
                f"security scheme {name!r} is not required by any operation",
                "name it in a `security` requirement, or remove it",
            )


def _check_path_params(doc: dict[str, Any]) -> Iterator[Finding]:
    for path, item in _dict(doc.get("paths")).items():
        in_template = _PATH_TEMPLATE.findall(str(path))
        shared = _path_params(doc, _dict(item).get("parameters"), ("paths", path))
        for method in _HTTP_METHODS:
            op = _dict(item).get(method)
            if not isinstance(op, dict):
                continue
            own = _path_params(doc, op.get("parameters"), ("paths", path, method))
            declared = {**shared, **own}
            for name in in_template:
                if name not in declared:
                    yield Finding(
                        "path-params",
                        ("paths", path, method),
                        f"path parameter {{{name}}} of {method.upper()} {path} is not declared",
                        f"add a parameter `{name}` with `in: path` and `required: true`",
                    )
            for name, parts in declared.items():
                if name not in in_template:
                    where = (
                        parts if parts[0] == "paths" and len(parts) > 3 else ("paths", path, method)
                    )
                    yield Finding(
                        "path-params",
                        where,
                        f"path parameter {name!r} is declared but {path} has no {{{name}}}",
                        "remove the parameter, or put it in the path",
                    )


def _path_params(doc: dict[str, Any], listed: Any, base: Parts) -> dict[str, Parts]:
    found: dict[str, Parts] = {}
    for i, entry in enumerate(_list(listed)):
        param = _deref(doc, entry)
        if (
            isinstance(param, dict)
            and param.get("in") == "path"
            and isinstance(param.get("name"), str)
        ):
            found[param["name"]] = (*base, "parameters", i)
    return found


def _check_enums(doc: dict[str, Any]) -> Iterator[Finding]:
    for schema, parts in _all_schemas(doc):
        values = schema.get("enum")
        if not isinstance(values, list):
            continue
        seen: set[str] = set()
        for i, value in enumerate(values):
            key = json.dumps([type(value).__name__ == "bool", value], sort_keys=True)
            if key in seen:
                yield Finding(
                    "enum-unique",
                    (*parts, "enum", i),
                    f"enum value {json.dumps(value)[:60]} is listed twice",
                    "remove the repeated value",
                )
            seen.add(key)


def _check_ref_siblings(doc: dict[str, Any]) -> Iterator[Finding]:
    if not str(doc.get("openapi", "")).startswith("3.0"):
        return
    for node, parts in _ref_walk(doc)[1]:  # each holds a `$ref` string and other keys
        if parts and parts[-1] in ("properties", "examples", "mapping"):
            continue  # a property or example *named* $ref
        others = sorted(str(k) for k in node if k != "$ref")
        yield Finding(
            "no-ref-siblings",
            parts,
            f"`$ref` has sibling keys ({', '.join(others)}), which OpenAPI 3.0 ignores",
            "wrap it: `allOf: [{$ref: ...}]` beside the other keys, or move to OpenAPI 3.1",
        )


def _check_tags(doc: dict[str, Any]) -> Iterator[Finding]:
    declared = {str(_dict(t).get("name")) for t in _list(doc.get("tags"))}
    for path, method, op, parts in _operations(doc):
        for i, tag in enumerate(_list(op.get("tags"))):
            if str(tag) not in declared:
                yield Finding(
                    "operation-tag-defined",
                    (*parts, "tags", i),
                    f"tag {str(tag)[:60]!r} of {method.upper()} {path} is not declared in the top-level `tags`",
                    "declare it under `tags:` with a description (it names a resource of the client)",
                )


def _is_error_status(code: Any) -> bool:
    text = str(code).upper()
    return text == "DEFAULT" or text[:1] in ("4", "5")


def _check_error_schemas(doc: dict[str, Any]) -> Iterator[Finding]:
    missing: list[tuple[str, str, str, Parts]] = []
    shapes: dict[str, int] = {}
    for path, method, op, parts in _operations(doc):
        for code, raw in _dict(op.get("responses")).items():
            if not _is_error_status(code):
                continue
            response = _dict(_deref(doc, raw))
            schemas = [
                _dict(_dict(media).get("schema"))
                for media in _dict(response.get("content")).values()
                if isinstance(_dict(media).get("schema"), dict)
            ]
            if schemas:
                ref = schemas[0].get("$ref")
                if isinstance(ref, str):
                    shapes[ref] = shapes.get(ref, 0) + 1
            else:
                missing.append((path, method, str(code), (*parts, "responses", code)))
    if not shapes:
        return  # the API documents no error shape at all
    common = max(sorted(shapes), key=lambda ref: shapes[ref])
    for path, method, code, parts in missing:
        yield Finding(
            "error-response-schema",
            parts,
            f"the {code} response of {method.upper()} {path} has no schema, unlike the API's other error responses",
            f"add `content: {{application/json: {{schema: {{$ref: '{common}'}}}}}}` if it returns the usual error body",
        )


RULES: tuple[Rule, ...] = (
    Rule("valid-example", "error", "examples and defaults validate against their schema", _check_examples),
    Rule("operation-operationId", "warning", "every operation has an operationId", _check_operation_ids),
    Rule("no-unused-component", "warning", "every component is used", _check_unused),
    Rule("path-params", "error", "path parameters are declared and used", _check_path_params),
    Rule("enum-unique", "error", "enum values are unique", _check_enums),
    Rule("no-ref-siblings", "warning", "no keys beside `$ref` (OpenAPI 3.0)", _check_ref_siblings),
    Rule("operation-tag-defined", "warning", "tags used by operations are declared", _check_tags),
    Rule("error-response-schema", "warning", "error responses have the API's error schema", _check_error_schemas),
)  # fmt: skip
