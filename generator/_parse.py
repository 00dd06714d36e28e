"""Build the intermediate representation (`_ir.Api`) from a validated spec.

Every decision about names, types, defaults, auth, servers and errors is made here, so that
the templates only print what they are given. Unsupported constructs are errors naming their
JSON pointer; in lenient mode the operation or parameter is left out with a warning instead.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, Literal

from . import _features, _names
from ._errors import SpecError, SpecErrors
from ._ir import (
    Api,
    ApiSettings,
    ErrorEnvelope,
    Operation,
    Parameter,
    RequestBody,
    Resource,
    SecurityScheme,
)
from ._load import LoadedSpec
from ._source import clean_text, py_literal
from ._validate import _MISSING, resolve_pointer

# APIs with more operations than this get one sub-client (resource) per tag: `client.repos.get()`.
GROUP_THRESHOLD = 40
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SCHEMA_REF = "#/components/schemas/"
_MODEL_NAME = re.compile(r"\bmodels\.(\w+)")
_PATH_TEMPLATE = re.compile(r"{([^{}]+)}")
# Keywords whose values are schemas, lists of schemas, or maps of schemas.
_SCHEMA_KEYS = (
    "items", "not", "if", "then", "else", "contains", "propertyNames",
    "unevaluatedItems", "unevaluatedProperties", "additionalItems",
)  # fmt: skip
_SCHEMA_LIST_KEYS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_MAP_KEYS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


class _Unsupported(Exception):
    """Raised inside the parser for a construct the generator does not support."""

    def __init__(self, parts: list[str | int], message: str) -> None:
        super().__init__(message)
        self.parts = parts
        self.message = message


class _Builder:
    def __init__(self, spec: LoadedSpec, settings: ApiSettings, lenient: bool) -> None:
        self.spec = spec
        self.doc = spec.data
        self.settings = settings
        self.lenient = lenient
        self.warnings: list[str] = []
        self.errors: list[SpecError] = []
        prefix = settings.class_prefix
        self.classes = _names.class_scope(
            f"{prefix}Client",
            f"Async{prefix}Client",
            f"{prefix}ClientWithRawResponse",
            f"Async{prefix}ClientWithRawResponse",
            f"{prefix}ClientWithStreamingResponse",
            f"Async{prefix}ClientWithStreamingResponse",
        )
        self.schemas: dict[str, Any] = {}
        self.class_of: dict[str, str] = {}  # component schema name -> class name
        self.left_out = 0  # schemas no operation uses, not generated
        self.model_parts: tuple[tuple[str, ...], ...] = ()
        self.openapi_30 = str(self.doc.get("openapi", "")).startswith("3.0")

    # -- reporting -------------------------------------------------------------------------

    def problem(self, parts: list[str | int], message: str, hint: str | None = None) -> None:
        """An unsupported or wrong construct: an error, or a warning in lenient mode."""
        hint = (
            hint
            or "fix it in the spec, or run with --lenient to generate everything else without it"
        )
        err = self.spec.error(parts, message, hint)
        if self.lenient:
            self.warnings.append(str(err))
        else:
            self.errors.append(err)

    # -- schemas ---------------------------------------------------------------------------

    def claim_component_names(self) -> None:
        schemas = (self.doc.get("components") or {}).get("schemas") or {}
        if not isinstance(schemas, dict):
            return
        for name in schemas:
            self.class_of[name] = self.classes.claim(_names.pascal_case(str(name)), "Model")
        discriminated = self.discriminator_targets()
        for name, schema in schemas.items():
            if name in discriminated and isinstance(schema, dict) and "allOf" in schema:
                # The model generator narrows the discriminator property to a Literal in each
                # subclass, an incompatible override of the base's type: merge instead.
                schema = self.flatten_all_of(schema, set())
            self.schemas[self.class_of[name]] = self.clean_schema(schema)
        self.check_schema_cycles(schemas)

    def discriminator_targets(self) -> set[str]:
        """Component schemas named by a discriminator (mapping, or oneOf/anyOf beside it)."""
        found: set[str] = set()
        stack: list[Any] = [self.doc]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node.get("discriminator"), dict):
                    mapping = node["discriminator"].get("mapping") or {}
                    refs: list[Any] = list(mapping.values()) if isinstance(mapping, dict) else []
                    for key in ("oneOf", "anyOf"):
                        refs += [m.get("$ref") for m in node.get(key) or [] if isinstance(m, dict)]
                    found.update(
                        r[len(_SCHEMA_REF) :]
                        for r in refs
                        if isinstance(r, str) and r.startswith(_SCHEMA_REF)
                    )
                stack.extend(
                    v
                    for k, v in node.items()
                    if k not in ("example", "examples", "default", "enum", "const")
                )
            elif isinstance(node, list):
                stack.extend(node)
        return found

    def check_schema_cycles(self, schemas: dict[str, Any]) -> None:
        """A schema that is itself through `$ref`/`allOf`/`anyOf`/`oneOf` alone, with no
        property or item in between, describes no value: refuse it."""

        def direct(node: Any) -> Iterator[str]:
            if not isinstance(node, dict):
                return
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(_SCHEMA_REF):
                yield ref[len(_SCHEMA_REF) :]
            for key in ("allOf", "anyOf", "oneOf"):
                options = node.get(key)
                if isinstance(options, list):
                    for option in options:
                        yield from direct(option)

        graph = {name: sorted(set(direct(schema))) for name, schema in schemas.items()}
        reported: set[str] = set()
        for start in graph:
            path = [start]
            stack = [iter(graph[start])]
            while stack:
                nxt = next(stack[-1], None)
                if nxt is None:
                    stack.pop()
                    path.pop()
                    continue
                if nxt == start and start not in reported:
                    reported.update(path)
                    self.problem(
                        ["components", "schemas", start],
                        f"schema {start!r} refers to itself ({' -> '.join([*path, start])}) with no property in between, so no value can match it",
                        "put the recursion inside a property or array item",
                    )
                    break
                if nxt in graph and nxt not in path and len(path) < 50:
                    path.append(nxt)
                    stack.append(iter(graph[nxt]))

    def clean_schema(self, node: Any) -> Any:
        """A copy of a schema for the model generator: refs renamed to class names, no
        property titles, and no `additionalProperties: false` (unknown fields are kept)."""
        if not isinstance(node, dict):
            return copy.deepcopy(node)
        if self.needs_flattening(node):
            node = self.flatten_all_of(node, set())
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                out[key] = self.rename_ref(value)
            elif key == "additionalProperties" and value is False:
                continue
            elif key in _SCHEMA_KEYS or (key == "additionalProperties" and isinstance(value, dict)):
                out[key] = self.clean_schema(value)
            elif key in _SCHEMA_LIST_KEYS and isinstance(value, list):
                out[key] = [self.clean_schema(v) for v in value]
            elif key in ("description", "title") and isinstance(value, str):
                out[key] = clean_text(value)
            elif key in _SCHEMA_MAP_KEYS and isinstance(value, dict):
                cleaned = {k: self.clean_schema(v) for k, v in value.items()}
                if key == "properties":
                    for prop in cleaned.values():
                        if isinstance(prop, dict):
                            prop.pop("title", None)
                out[key] = cleaned
            else:
                out[key] = copy.deepcopy(value)
        return out

    # -- allOf that cannot be a class hierarchy ---------------------------------------------

    def _component(self, node: Any) -> Any:
        """The component schema a `$ref` node points to, or the node itself."""
        ref = node.get("$ref") if isinstance(node, dict) else None
        if isinstance(ref, str) and ref.startswith(_SCHEMA_REF):
            target = resolve_pointer(self.doc, ref)
            return None if target is _MISSING else target
        return node

    def _own_properties(self, node: Any, seen: set[int]) -> dict[str, Any]:
        """Every property a schema declares, through its allOf members."""
        node = self._component(node)
        if not isinstance(node, dict) or id(node) in seen:
            return {}
        seen = seen | {id(node)}
        found: dict[str, Any] = {}
        for member in node.get("allOf") or []:
            found.update(self._own_properties(member, seen))
        props = node.get("properties")
        if isinstance(props, dict):
            found.update(props)
        return found

    def needs_flattening(self, node: dict[str, Any]) -> bool:
        """Whether an allOf would become a subclass that redeclares a base property with another
        schema (narrowing it): legal for pydantic, but an incompatible override for type
        checkers. Such schemas are merged into one class instead of subclassing."""
        members = node.get("allOf")
        if not isinstance(members, list) or len(members) < 2:
            return False
        seen_props: dict[str, Any] = {}
        for member in members:
            props = self._own_properties(member, set())
            for name, schema in props.items():
                if name in seen_props and seen_props[name] != schema:
                    return True
                seen_props.setdefault(name, schema)
        return False

    def flatten_all_of(self, node: dict[str, Any], seen: set[int]) -> dict[str, Any]:
        """One object schema with the properties and `required` of every allOf member (later
        members win); the node's own keywords besides `allOf` are kept."""
        merged: dict[str, Any] = {k: v for k, v in node.items() if k != "allOf"}
        properties: dict[str, Any] = {}
        required: list[str] = []
        for member in node.get("allOf") or []:
            target = self._component(member)
            if not isinstance(target, dict) or id(target) in seen:
                continue
            if "allOf" in target:
                target = self.flatten_all_of(target, seen | {id(target)})
            props = target.get("properties")
            if isinstance(props, dict):
                properties.update(props)
            for name in target.get("required") or []:
                if name not in required:
                    required.append(name)
        properties.update(node.get("properties") or {})
        for name in node.get("required") or []:
            if name not in required:
                required.append(name)
        merged["type"] = "object"
        merged["properties"] = properties
        if required:
            merged["required"] = required
        return merged

    def rename_ref(self, ref: str) -> str:
        if ref.startswith(_SCHEMA_REF):
            name = ref[len(_SCHEMA_REF) :].replace("~1", "/").replace("~0", "~")
            if "/" not in name and name in self.class_of:
                return _SCHEMA_REF + self.class_of[name]
        return ref

    def deref(self, node: Any, parts: list[str | int]) -> tuple[Any, list[str | int]]:
        """Follow non-schema `$ref`s (parameters, responses, request bodies)."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                raise _Unsupported(parts, f"`$ref` {ref!r} refers to itself")
            seen.add(ref)
            target = resolve_pointer(self.doc, ref)
            if target is _MISSING:
                raise _Unsupported(parts, f"`$ref` {ref!r} points to nothing")
            node, parts = target, [p for p in ref[2:].split("/")]
        return node, parts

    def hoist(self, schema: dict[str, Any], hint: str) -> str:
        """Give an inline schema a class of its own; return the annotation."""
        name = self.classes.claim(_names.pascal_case(hint), "Model")
        self.schemas[name] = self.clean_schema(schema)
        return f"models.{name}"

    def annotation(self, schema: Any, parts: list[str | int], hint: str, *, literal: bool) -> str:
        """Python annotation for a schema. `literal`: inline enums become `Literal[...]`."""
        if schema is None or schema is True or schema == {}:
            return "object"
        if not isinstance(schema, dict):
            raise _Unsupported(parts, "a schema must be an object")
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if ref.startswith(_SCHEMA_REF) and ref[len(_SCHEMA_REF) :] in self.class_of:
                name = self.class_of[ref[len(_SCHEMA_REF) :]]
                nullable = schema.get("nullable") is True
                return f"models.{name} | None" if nullable else f"models.{name}"
            target, target_parts = self.deref(schema, parts)
            return self.annotation(target, target_parts, hint, literal=literal)
        nullable = schema.get("nullable") is True
        types = schema.get("type")
        if isinstance(types, list):
            nullable = nullable or "null" in types
            non_null = [t for t in types if t != "null"]
            if len(non_null) == 1:
                schema = {**schema, "type": non_null[0]}
                types = non_null[0]
            elif not non_null:
                return "None"
            else:
                return self._nullable(self.hoist(schema, hint), nullable)
        for key in ("anyOf", "oneOf"):
            options = schema.get(key)
            if isinstance(options, list) and len(schema) == 1:
                non_null = [
                    o for o in options if not (isinstance(o, dict) and o.get("type") == "null")
                ]
                if len(non_null) == 1 and len(non_null) < len(options):
                    inner = self.annotation(non_null[0], [*parts, key, 0], hint, literal=literal)
                    return self._nullable(inner, True)
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            values = [v for v in enum if v is not None]
            nullable = nullable or len(values) < len(enum)
            if literal and all(
                isinstance(v, str | int) and not isinstance(v, bool) for v in values
            ):
                inner = "Literal[" + ", ".join(py_literal(v) for v in values) + "]"
                return self._nullable(inner, nullable)
            return self._nullable(self.hoist(schema, hint), nullable)
        if "const" in schema and literal and isinstance(schema["const"], str):
            return self._nullable(f"Literal[{py_literal(schema['const'])}]", nullable)
        if types in _PRIMITIVES and not any(k in schema for k in ("allOf", "anyOf", "oneOf")):
            return self._nullable(_PRIMITIVES[str(types)], nullable)
        if types == "array" and not any(k in schema for k in ("allOf", "anyOf", "oneOf")):
            item = self.annotation(
                schema.get("items"), [*parts, "items"], hint + "Item", literal=literal
            )
            return self._nullable(f"list[{item}]", nullable)
        is_map = (types == "object" or types is None) and not schema.get("properties")
        composite = any(k in schema for k in ("allOf", "anyOf", "oneOf", "not"))
        if is_map and not composite:
            extra = schema.get("additionalProperties", True)
            if isinstance(extra, dict) and extra:
                value = self.annotation(
                    extra, [*parts, "additionalProperties"], hint + "Value", literal=literal
                )
                return self._nullable(f"dict[str, {value}]", nullable)
            if types == "object":
                return self._nullable("dict[str, object]", nullable)
            return "object"
        return self._nullable(self.hoist(schema, hint), nullable)

    @staticmethod
    def _nullable(annotation: str, nullable: bool) -> str:
        if not nullable or annotation in ("object", "None") or annotation.endswith("| None"):
            return annotation
        return f"{annotation} | None"

    # -- security and servers --------------------------------------------------------------

    def security_schemes(self) -> dict[str, SecurityScheme]:
        found: dict[str, SecurityScheme] = {}
        defined = (self.doc.get("components") or {}).get("securitySchemes") or {}
        for key, raw in defined.items():
            parts: list[str | int] = ["components", "securitySchemes", key]
            try:
                scheme, scheme_parts = self.deref(raw, parts)
            except _Unsupported as exc:
                self.problem(exc.parts, exc.message)
                continue
            kind = scheme.get("type") if isinstance(scheme, dict) else None
            if kind == "apiKey":
                location = scheme.get("in")
                if location not in ("header", "query", "cookie") or not scheme.get("name"):
                    self.problem(
                        scheme_parts,
                        "an apiKey scheme needs `in` (header, query or cookie) and `name`",
                    )
                    continue
                found[key] = SecurityScheme(key, "api_key", str(scheme["name"]), location)
            elif kind == "http":
                name = str(scheme.get("scheme", "")).lower()
                if name not in ("bearer", "basic"):
                    self.problem(
                        [*scheme_parts, "scheme"],
                        f"HTTP auth scheme {name!r} is not supported (bearer or basic)",
                    )
                    continue
                found[key] = SecurityScheme(key, "http", scheme=name)
            elif kind in ("oauth2", "openIdConnect"):
                # The client is handed a token obtained elsewhere and sends it as a bearer token.
                found[key] = SecurityScheme(key, "http", scheme="bearer")
            else:
                self.problem(scheme_parts, f"security scheme type {kind!r} is not supported")
        return found

    def requirements(
        self, raw: Any, parts: list[str | int], known: dict[str, SecurityScheme]
    ) -> tuple[tuple[str, ...], ...] | None:
        if not isinstance(raw, list):
            self.problem(parts, "`security` must be a list of requirement objects")
            return None
        groups: list[tuple[str, ...]] = []
        optional = False
        for i, requirement in enumerate(raw):
            if not isinstance(requirement, dict):
                self.problem([*parts, i], "a security requirement must be an object")
                return None
            if not requirement:
                optional = True
                continue
            missing = [name for name in requirement if name not in known]
            if missing:
                self.problem(
                    [*parts, i, missing[0]],
                    f"security requirement names scheme {missing[0]!r}, which components.securitySchemes does not define",
                    "define the scheme under components.securitySchemes or fix the name",
                )
                continue
            groups.append(tuple(requirement))
        if optional:
            groups.append(())
        return tuple(groups)

    def server_url(self, servers: Any, parts: list[str | int]) -> str | None:
        if not isinstance(servers, list) or not servers:
            return None
        server = servers[0]
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            self.problem([*parts, 0], "a server needs a `url` string")
            return None
        url: str = server["url"]
        variables = server.get("variables") or {}
        for name in _PATH_TEMPLATE.findall(url):
            var = variables.get(name) if isinstance(variables, dict) else None
            if not isinstance(var, dict) or "default" not in var:
                self.problem(
                    [*parts, 0, "url"],
                    f"server URL {url!r} uses variable {{{name}}}, which `variables` does not define with a default",
                    "add it under the server's `variables` with a `default`",
                )
                return None
            url = url.replace("{" + name + "}", str(var["default"]))
        return url.rstrip("/")

    # -- operations ------------------------------------------------------------------------

    def operations(self, schemes: dict[str, SecurityScheme], default_url: str) -> list[Operation]:
        paths = self.doc.get("paths") or {}
        methods = _names.method_scope()
        constants = _names.NameScope()
        ops: list[Operation] = []
        top_security = (
            self.requirements(self.doc["security"], ["security"], schemes)
            if "security" in self.doc
            else ()
        )
        for path, item in paths.items():
            item_parts: list[str | int] = ["paths", path]
            if not isinstance(item, dict):
                continue
            try:
                item, item_parts = self.deref(item, item_parts)
            except _Unsupported as exc:
                self.problem(exc.parts, exc.message)
                continue
            for method in HTTP_METHODS:
                raw = item.get(method)
                if not isinstance(raw, dict):
                    continue
                parts = [*item_parts, method]
                try:
                    ops.append(
                        self.operation(
                            str(path),
                            method,
                            raw,
                            item,
                            parts,
                            schemes,
                            top_security,
                            default_url,
                            methods,
                            constants,
                        )
                    )
                except _Unsupported as exc:
                    self.problem(exc.parts, f"{method.upper()} {path}: {exc.message}")
        return ops

    def operation(
        self,
        path: str,
        method: str,
        raw: dict[str, Any],
        item: dict[str, Any],
        parts: list[str | int],
        schemes: dict[str, SecurityScheme],
        top_security: tuple[tuple[str, ...], ...] | None,
        default_url: str,
        methods: _names.NameScope,
        constants: _names.NameScope,
    ) -> Operation:
        op_id = raw.get("operationId")
        if not isinstance(op_id, str) or not op_id.strip():
            op_id = f"{method} {path}"
        method_name = _names.claim_method(
            methods, _names.snake_case(op_id, fallback="call"), method
        )
        hint = _names.pascal_case(op_id, fallback="Operation")
        params = self.parameters(path, item, raw, parts, hint)
        body = self.request_body(raw, parts, hint, params)
        return_annotation, errors, accept = self.responses(raw, parts, hint)
        if "security" in raw:
            security = self.requirements(raw["security"], [*parts, "security"], schemes)
        else:
            security = top_security
        url = self.server_url(raw.get("servers"), [*parts, "servers"]) or self.server_url(
            item.get("servers"), [parts[0], parts[1], "servers"]
        )
        return Operation(
            operation_id=op_id,
            method_name=method_name,
            constant_name=constants.claim("_" + _names.constant_case(method_name)),
            http_method=method.upper(),
            path=path,
            summary=_text(raw.get("summary")),
            description=_text(raw.get("description")),
            deprecated=raw.get("deprecated") is True,
            tag=str(raw["tags"][0]) if isinstance(raw.get("tags"), list) and raw["tags"] else None,
            parameters=params,
            body=body,
            return_annotation=return_annotation,
            cast_to="type(None)" if return_annotation == "None" else return_annotation,
            errors=errors,
            security=security or (),
            base_url=url if url and url != default_url else None,
            accept=accept,
            idempotency_header=_features.idempotency_header(
                raw, [p.wire_name for p in params if p.location == "header"], parts, self.problem
            ),
            pagination=_features.pagination(
                raw,
                method,
                [p.wire_name for p in params if p.location == "query"],
                parts,
                self.settings.pagination,
                lambda node: self.deref(node, parts)[0],
                lambda node: self.annotation(node, parts, hint + "Item", literal=False),
                self.problem,
            ),
            event=_features.event_stream(
                raw,
                lambda node: self.deref(node, parts)[0],
                lambda node: self.annotation(node, parts, hint + "Event", literal=False),
            ),
        )

    def parameters(
        self,
        path: str,
        item: dict[str, Any],
        raw: dict[str, Any],
        parts: list[str | int],
        hint: str,
    ) -> tuple[Parameter, ...]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], list[str | int]]] = {}
        for source, source_parts in ((item, [parts[0], parts[1]]), (raw, parts)):
            listed = source.get("parameters") or []
            if not isinstance(listed, list):
                raise _Unsupported([*source_parts, "parameters"], "`parameters` must be a list")
            for i, entry in enumerate(listed):
                param, param_parts = self.deref(entry, [*source_parts, "parameters", i])
                if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                    raise _Unsupported(param_parts, "a parameter needs a `name`")
                merged[(param["name"], str(param.get("in")))] = (param, param_parts)
        declared = {name for name, where in merged if where == "path"}
        for name in _PATH_TEMPLATE.findall(path):
            if name not in declared:
                raise _Unsupported(
                    [parts[0], parts[1]],
                    f"path parameter {{{name}}} is used in the path but not declared",
                )
        scope = _names.argument_scope()
        result: list[Parameter] = []
        ordered = sorted(
            merged.values(), key=lambda pp: (pp[0].get("in") != "path", not pp[0].get("required"))
        )
        for param, param_parts in ordered:
            location = param.get("in")
            name = param["name"]
            if location == "header" and name.lower() in ("authorization", "accept", "content-type"):
                continue  # set by the client itself
            if location not in ("path", "query", "header"):
                self.problem(
                    param_parts,
                    f"parameter {name!r} in {location!r} is not supported; it is left out",
                )
                continue
            if "content" in param and "schema" not in param:
                self.problem(
                    param_parts,
                    f"parameter {name!r} uses `content` instead of `schema`, which is not supported; it is left out",
                )
                continue
            schema = param.get("schema", {})
            annotation = self.annotation(
                schema, [*param_parts, "schema"], hint + _names.pascal_case(name), literal=True
            )
            required = location == "path" or param.get("required") is True
            default = (
                self.parameter_default(schema, annotation, param_parts) if not required else None
            )
            if not required and default is None:
                annotation = self._nullable(annotation, True)
                default = "None"
            result.append(
                Parameter(
                    wire_name=name,
                    python_name=scope.claim(_names.snake_case(name, fallback="param"), "_"),
                    location=location,
                    annotation=annotation,
                    required=required and default is None,
                    default=default,
                    description=_text(param.get("description")),
                    example=_example(param, schema),
                )
            )
        return tuple(result)

    def parameter_default(self, schema: Any, annotation: str, parts: list[str | int]) -> str | None:
        if not isinstance(schema, dict) or "default" not in schema:
            return None
        value = schema["default"]
        expected: dict[str, Any] = {"str": str, "int": int, "float": (int, float), "bool": bool}
        wanted = expected.get(annotation.removesuffix(" | None"))
        if annotation.startswith("Literal["):
            ok = isinstance(value, str | int) and py_literal(value) in annotation
        elif wanted is not None:
            ok = isinstance(value, wanted) and not (wanted is not bool and isinstance(value, bool))
        else:
            ok = False
        if not ok:
            self.problem(
                [*parts, "schema", "default"],
                f"default {value!r} does not fit the parameter's type {annotation}; it is ignored",
            )
            return None
        return py_literal(value)

    def request_body(
        self, raw: dict[str, Any], parts: list[str | int], hint: str, params: tuple[Parameter, ...]
    ) -> RequestBody | None:
        if "requestBody" not in raw:
            return None
        body, body_parts = self.deref(raw["requestBody"], [*parts, "requestBody"])
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict) or not content:
            return None
        taken = {p.python_name for p in params}
        name = "body" if "body" not in taken else "request_body"
        required = body.get("required") is True
        description = _text(body.get("description"))
        json_type = next((t for t in content if _is_json(t)), None)
        if json_type is None:
            media_type = str(next(iter(content)))
            base = media_type.split(";", 1)[0].strip().lower()
            kind: Literal["content", "form"]
            if base == "application/x-www-form-urlencoded":
                annotation, kind = "Mapping[str, object]", "form"
            elif base.startswith("text/"):
                annotation, kind = "str", "content"
            elif base.startswith("multipart/"):
                raise _Unsupported(
                    [*body_parts, "content"],
                    f"request bodies of type {', '.join(map(str, content))} are not supported",
                )
            else:
                annotation, kind = "bytes", "content"
            return RequestBody(
                name,
                annotation if required else self._nullable(annotation, True),
                required,
                media_type,
                description,
                kind,
            )
        media = content[json_type] or {}
        annotation = self.annotation(
            media.get("schema"),
            [*body_parts, "content", json_type, "schema"],
            hint + "Body",
            literal=False,
        )
        return RequestBody(
            name,
            annotation if required else self._nullable(annotation, True),
            required,
            json_type,
            description,
        )

    def responses(
        self, raw: dict[str, Any], parts: list[str | int], hint: str
    ) -> tuple[str, tuple[tuple[str, str], ...], str | None]:
        """The return annotation, the error models by status, and the media type to accept
        when the success response is not JSON."""
        accept: str | None = None
        responses = raw.get("responses") or {}
        if not isinstance(responses, dict):
            raise _Unsupported([*parts, "responses"], "`responses` must be an object")
        success: str | None = None
        errors: list[tuple[str, str]] = []
        for code in sorted(responses, key=_status_order):
            status = str(code).upper()
            response, response_parts = self.deref(responses[code], [*parts, "responses", code])
            content = response.get("content") if isinstance(response, dict) else None
            json_type = (
                next((t for t in content if _is_json(t)), None)
                if isinstance(content, dict)
                else None
            )
            schema = (content[json_type] or {}).get("schema") if json_type and content else None
            schema_parts = [*response_parts, "content", json_type or "", "schema"]
            if status.startswith("2"):
                if success is not None:
                    continue
                if json_type is None:
                    if isinstance(content, dict) and content:
                        # Text comes back as str, anything else as bytes.
                        accept = str(next(iter(content)))
                        text = accept.split(";", 1)[0].strip().lower().startswith("text/")
                        success = "str" if text else "bytes"
                    else:
                        success = "None"
                else:
                    success = self.annotation(
                        schema, schema_parts, hint + "Response", literal=False
                    )
            elif status[0] in "45" or status == "DEFAULT":
                if json_type is None or schema is None:
                    continue
                annotation = self.annotation(
                    schema, schema_parts, f"{hint}{status.title()}Error", literal=False
                )
                if (
                    annotation.startswith("models.")
                    and "|" not in annotation
                    and "[" not in annotation
                ):
                    errors.append((status.lower(), annotation))
        return success or "None", tuple(errors), accept

    # -- which schemas become models --------------------------------------------------------

    def select_schemas(self, operations: list[Operation], all_models: bool) -> None:
        """Keep the schemas an operation or webhook reaches, and count the others in
        `left_out`; with `all_models`, keep every schema and note in `model_parts` the two
        groups (used, and the rest with what it refers to) that can be generated apart."""
        annotations: list[str] = []
        for op in operations:
            annotations += [p.annotation for p in op.parameters]
            annotations += [op.return_annotation, op.cast_to]
            annotations += [op.pagination.item_annotation] if op.pagination else []
            annotations += [op.event] if op.event else []
            annotations += [expression for _, expression in op.errors]
            if op.body is not None:
                annotations.append(op.body.annotation)
        wanted = set(_MODEL_NAME.findall(" ".join(annotations)))
        wanted |= self._schemas_named_in(self.doc.get("webhooks"))
        used = self._closure(wanted)
        unused = self.schemas.keys() - used
        if not unused:
            return
        if all_models:
            rest = self._closure(unused)
            self.model_parts = (tuple(sorted(used)), tuple(sorted(rest)))
        else:
            self.left_out = len(unused)
            self.schemas = {name: schema for name, schema in self.schemas.items() if name in used}

    def _closure(self, names: set[str]) -> set[str]:
        """`names` (those that are schemas) and every schema they refer to, directly or not."""
        found: set[str] = set()
        pending = sorted(names & self.schemas.keys())
        while pending:
            name = pending.pop()
            if name not in found:
                found.add(name)
                pending += sorted(self._schemas_named_in(self.schemas[name]) - found)
        return found

    def _schemas_named_in(self, node: Any) -> set[str]:
        """The classes of the schemas a subtree refers to (`$ref`, discriminator mappings)."""
        found: set[str] = set()
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                refs = [item.get("$ref")]
                mapping = item.get("mapping") if "propertyName" in item else None
                if isinstance(mapping, dict):
                    refs += list(mapping.values())
                for ref in refs:
                    if isinstance(ref, str) and ref.startswith(_SCHEMA_REF):
                        name = ref[len(_SCHEMA_REF) :].replace("~1", "/").replace("~0", "~")
                        found.add(self.class_of.get(name, name))
                stack.extend(v for v in item.values() if isinstance(v, dict | list))
            elif isinstance(item, list):
                stack.extend(v for v in item if isinstance(v, dict | list))
        return found & self.schemas.keys()

    # -- error envelope --------------------------------------------------------------------

    def error_envelope(self, operations: list[Operation]) -> ErrorEnvelope:
        for op in operations:
            for _, annotation in op.errors:
                schema = self.schemas.get(annotation.removeprefix("models."))
                envelope = self._envelope_of(schema)
                if envelope.message is not None:
                    return envelope
        return ErrorEnvelope()

    def _envelope_of(self, schema: Any) -> ErrorEnvelope:
        found: dict[str, tuple[str, ...]] = {}
        candidates = {
            "code": ("code", "error_code", "errorCode"),
            "message": ("message", "error_description", "detail", "msg"),
            "type": ("type", "error_type", "errorType"),
            "trace_id": ("trace_id", "traceId", "request_id", "requestId"),
            "retry_after": ("retry_after", "retryAfter"),
        }
        queue: list[tuple[Any, tuple[str, ...]]] = [(schema, ())]
        while queue:
            node, path = queue.pop(0)
            node = self._resolve_schema(node)
            props = node.get("properties") if isinstance(node, dict) else None
            if not isinstance(props, dict) or len(path) > 3:
                continue
            for field_name, choices in candidates.items():
                for choice in choices:
                    if field_name not in found and choice in props:
                        found[field_name] = (*path, choice)
            if "code" not in found and "error" in props:
                error_schema = self._resolve_schema(props["error"])
                if isinstance(error_schema, dict) and error_schema.get("type") == "string":
                    found["code"] = (*path, "error")
            for prop_name, prop in props.items():
                queue.append((prop, (*path, str(prop_name))))
        return ErrorEnvelope(**found)

    def _resolve_schema(self, node: Any) -> Any:
        for _ in range(20):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node
            ref = node["$ref"]
            node = (
                self.schemas.get(ref[len(_SCHEMA_REF) :]) if ref.startswith(_SCHEMA_REF) else None
            )
        return None


def build_api(
    spec: LoadedSpec, settings: ApiSettings, *, lenient: bool = False, all_models: bool = False
) -> Api:
    """Turn a validated spec into an `Api`. Raises SpecErrors listing every fault found.

    The models are the schemas the operations use (parameters, request bodies, responses,
    errors), those that `webhooks` use, and everything these refer to; `all_models` keeps every
    component schema as well.
    """
    b = _Builder(spec, settings, lenient)
    b.claim_component_names()
    schemes = b.security_schemes()
    default_url = b.server_url(b.doc.get("servers"), ["servers"]) or ""
    operations = b.operations(schemes, default_url)
    if not default_url:
        default_url = next((op.base_url for op in operations if op.base_url), "")
    _check_duplicate_operation_ids(b, operations)
    if b.errors:
        raise SpecErrors(b.errors)
    envelope = b.error_envelope(operations)
    b.select_schemas(operations, all_models)
    operations, resources = _group_by_tag(b.doc, operations)
    info = b.doc.get("info") or {}
    key_env = settings.api_key_env or f"{_names.constant_case(settings.slug)}_API_KEY"
    uses_auth = any(
        group
        for op in [*operations, *(o for r in resources for o in r.operations)]
        for group in op.security
    )
    return Api(
        slug=settings.slug,
        spec_file=spec.path.name,
        name=settings.name or settings.class_prefix,
        class_prefix=settings.class_prefix,
        title=_text(info.get("title")) or settings.class_prefix,
        version=_text(info.get("version")),
        description=_text(info.get("description")),
        default_base_url=default_url,
        api_key_env_var=key_env if uses_auth else None,
        base_url_env_var=key_env.removesuffix("_API_KEY") + "_BASE_URL"
        if key_env.endswith("_API_KEY")
        else f"{_names.constant_case(settings.slug)}_BASE_URL",
        security_schemes=tuple(schemes[k] for k in sorted(schemes)),
        error_envelope=envelope,
        operations=tuple(operations),
        resources=resources,
        model_names=tuple(sorted(b.schemas)),
        schemas=b.schemas,
        warnings=tuple(b.warnings),
        left_out=b.left_out,
        model_parts=b.model_parts,
    )


def _group_by_tag(
    doc: dict[str, Any], operations: list[Operation]
) -> tuple[list[Operation], tuple[Resource, ...]]:
    """Put the operations of a large API into one resource per (first) tag.

    Below GROUP_THRESHOLD operations, or with fewer than two tags, every operation stays on
    the client. Untagged operations always stay on the client. Inside a resource the tag is
    dropped from the front of method names (`repos/get` under `repos` is `get`).
    """
    tags = {op.tag for op in operations if op.tag}
    if len(operations) <= GROUP_THRESHOLD or len(tags) < 2:
        return operations, ()
    described = {
        str(t.get("name")): _text(t.get("description"))
        for t in doc.get("tags") or []
        if isinstance(t, dict) and t.get("name")
    }
    root = [op for op in operations if not op.tag]
    taken = _names.method_scope()
    for op in root:
        taken.claim(op.method_name)
    classes = _names.NameScope()
    modules = _names.NameScope({"__init__"})
    resources: list[Resource] = []
    for tag in sorted(tags):
        attr = taken.claim(_names.snake_case(tag, fallback="resource"), "_api")
        methods = _names.method_scope()
        constants = _names.NameScope()
        prefix = attr.rstrip("_") + "_"
        grouped: list[Operation] = []
        for op in operations:
            if op.tag != tag:
                continue
            short = (
                op.method_name.removeprefix(prefix)
                if op.method_name.startswith(prefix)
                else op.method_name
            )
            if not short.isidentifier() or short[0].isdigit():
                short = op.method_name
            name = _names.claim_method(
                methods, _names.snake_case(short, fallback="call"), op.http_method.lower()
            )
            grouped.append(
                replace(
                    op,
                    method_name=name,
                    constant_name=constants.claim("_" + _names.constant_case(name)),
                )
            )
        class_name = classes.claim(_names.pascal_case(tag, fallback="Resource") + "Resource")
        resources.append(
            Resource(
                attr=attr,
                class_name=class_name,
                module=modules.claim(attr.rstrip("_") or "resource", "_"),
                tag=tag,
                description=described.get(tag, ""),
                operations=tuple(grouped),
            )
        )
    return root, tuple(resources)


def _check_duplicate_operation_ids(b: _Builder, operations: list[Operation]) -> None:
    seen: dict[str, Operation] = {}
    for op in operations:
        first = seen.setdefault(op.operation_id, op)
        if first is not op:
            b.problem(
                ["paths", op.path, op.http_method.lower(), "operationId"],
                f"operationId {op.operation_id!r} is also used by {first.http_method} {first.path}",
                "operationIds must be unique; rename one",
            )


def _example(param: dict[str, Any], schema: Any) -> str | None:
    """An example value for documentation: the parameter's own, its schema's, or a default."""
    candidates: list[Any] = [param.get("example")]
    if isinstance(schema, dict):
        enum = schema.get("enum")
        candidates += [
            schema.get("example"),
            schema.get("default"),
            enum[0] if isinstance(enum, list) and enum else None,
        ]
        examples = schema.get("examples")
        if isinstance(examples, list) and examples:
            candidates.append(examples[0])
    for value in candidates:
        if isinstance(value, str | int | float | bool) and not (
            isinstance(value, float) and value != value
        ):
            try:
                return py_literal(value)
            except ValueError:
                continue
    return None


def _status_order(code: Any) -> tuple[int, str]:
    text = str(code).upper()
    return (int(text) if text.isdigit() else 1000 if text != "DEFAULT" else 2000, text)


def _is_json(media_type: Any) -> bool:
    base = str(media_type).split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json") or base == "*/*"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
