"""Operations: method names, arguments (parameters and the request body), return types and
error models."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import Any, Literal

from .. import _features, _names
from .._ir import (
    DEFAULT_STYLE,
    AnyValue,
    Binary,
    BodyPart,
    FileUpload,
    FormField,
    ListOf,
    MapOf,
    ModelRef,
    NoneValue,
    Operation,
    Parameter,
    RequestBody,
    Response,
    SecurityScheme,
    Serialization,
    Style,
    Text,
    TypeNode,
    nullable,
)
from .._schema_shapes import single_member
from .._source import py_literal
from .._typesource import annotation as type_source
from .._typesource import default_source
from ._diagnostics import Diagnostics, Parts, Unsupported
from ._security import required_scopes, requirements, server_url
from ._spec import (
    CLIENT_HEADERS,
    PATH_TEMPLATE,
    deref,
    effective_security,
    follow,
    is_json,
    is_null_schema,
    merged_parameters,
    method_base_name,
    operation_id,
    status_order,
    text,
    walk_operations,
    without_null,
)
from ._types import TypeMapper

# The styles OpenAPI allows in each location.
_STYLES: dict[str, tuple[Style, ...]] = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
    "form": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
}

# RFC 9110's token, what a header or cookie name must be.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


class OperationBuilder:
    def __init__(
        self,
        doc: dict[str, Any],
        diagnostics: Diagnostics,
        types: TypeMapper,
        schemes: dict[str, SecurityScheme],
        pagination: dict[str, Any] | None = None,
    ) -> None:
        self.doc = doc
        self.diagnostics = diagnostics
        self.types = types
        self.schemes = schemes
        self.pagination = pagination  # the vendor's pagination table, from the settings

    def operations(self, default_url: str) -> list[Operation]:
        methods = _names.method_scope()
        constants = _names.NameScope()
        ops: list[Operation] = []
        top_security = (
            requirements(self.doc["security"], ["security"], self.schemes, self.diagnostics)
            if "security" in self.doc
            else ()
        )
        for path, method, raw, item, item_parts in walk_operations(
            self.doc, on_error=self.diagnostics.unsupported
        ):
            parts = [*item_parts, method]
            # The name is taken even when the operation is left out (lenient), so that the
            # names of the others do not depend on it.
            name = _names.claim_method(methods, method_base_name(raw, method, path), method)
            try:
                op = self.operation(path, method, raw, item, item_parts, parts, top_security)
            except Unsupported as exc:
                self.diagnostics.unsupported(exc, f"{method.upper()} {path}: ")
                continue
            constant = constants.claim("_" + _names.constant_case(name))
            ops.append(
                replace(
                    op,
                    method_name=name,
                    constant_name=constant,
                    base_url=op.base_url if op.base_url != default_url else None,
                    server_source=op.server_source if op.base_url != default_url else None,
                )
            )
        return ops

    def operation(
        self,
        path: str,
        method: str,
        raw: dict[str, Any],
        item: dict[str, Any],
        item_parts: Parts,
        parts: Parts,
        top_security: tuple[tuple[str, ...], ...] | None,
    ) -> Operation:
        op_id = operation_id(raw, method, path)
        hint = _names.pascal_case(op_id, fallback="Operation")
        scope = _names.argument_scope()
        params = self.parameters(path, item, raw, item_parts, parts, hint, scope)
        body = self.request_body(raw, parts, hint, params, scope)
        returns, errors, accept, success_schema = self.responses(raw, parts, hint)
        declared = effective_security(self.doc, raw)
        if declared is None:
            security: tuple[tuple[str, ...], ...] | None = ()
        elif declared[1]:
            security = requirements(
                declared[0], [*parts, "security"], self.schemes, self.diagnostics
            )
        else:
            security = top_security
        server_source: tuple[str | int, ...] | None = (*parts, "servers")
        url = server_url(raw.get("servers"), [*parts, "servers"], self.diagnostics)
        if not url:
            server_source = (*item_parts, "servers")
            url = server_url(item.get("servers"), [*item_parts, "servers"], self.diagnostics)
        if not url:
            server_source = None
        return Operation(
            operation_id=op_id,
            method_name="",
            constant_name="",
            http_method=method.upper(),
            path=path,
            summary=text(raw.get("summary")),
            description=text(raw.get("description")),
            deprecated=raw.get("deprecated") is True,
            tag=str(raw["tags"][0]) if isinstance(raw.get("tags"), list) and raw["tags"] else None,
            parameters=params,
            body=body,
            returns=returns,
            errors=errors,
            security=security or (),
            scopes=required_scopes(declared[0], self.schemes) if declared else (),
            base_url=url or None,
            server_source=server_source,
            accept=accept,
            responses=self.response_specs(raw, parts),
            idempotency_header=_features.idempotency_header(
                raw,
                [p.wire_name for p in params if p.location == "header"],
                parts,
                self.diagnostics,
            ),
            pagination=_features.pagination(
                raw,
                method,
                [p.wire_name for p in params if p.location == "query"],
                parts,
                self.pagination,
                success_schema,
                lambda node: deref(self.doc, node, parts)[0],
                lambda node: self.types.type_of(node, parts, hint + "Item", literal=False),
                self.diagnostics,
            ),
            event=_features.event_stream(
                raw,
                lambda node: deref(self.doc, node, parts)[0],
                lambda node: self.types.type_of(node, parts, hint + "Event", literal=False),
            ),
        )

    def parameters(
        self,
        path: str,
        item: dict[str, Any],
        raw: dict[str, Any],
        item_parts: Parts,
        parts: Parts,
        hint: str,
        scope: _names.NameScope,
    ) -> tuple[Parameter, ...]:
        merged = merged_parameters(self.doc, item, raw, item_parts, parts)
        declared = {name for where, name in merged if where == "path"}
        for name in PATH_TEMPLATE.findall(path):
            if name not in declared:
                raise Unsupported(
                    item_parts, f"path parameter {{{name}}} is used in the path but not declared"
                )
        result: list[Parameter] = []
        ordered = sorted(
            merged.values(), key=lambda pp: (pp[0].get("in") != "path", not pp[0].get("required"))
        )
        for param, param_parts in ordered:
            location = param.get("in")
            name = param["name"]
            if location == "header" and name.lower() in CLIENT_HEADERS:
                continue  # set by the client itself
            if location not in ("path", "query", "header", "cookie"):
                self.diagnostics.problem(
                    param_parts,
                    f"parameter {name!r} in {location!r} is not supported; it is left out",
                )
                continue
            if location in ("header", "cookie") and not _TOKEN.fullmatch(str(name)):
                # httpx refuses such a name at run time; no server can read it either.
                message = (
                    f"{location} parameter {name!r} is not a valid {location} name (an HTTP "
                    "token: letters, digits and !#$%&'*+-.^_`|~, no spaces)"
                )
                if param.get("required") is True:
                    raise Unsupported(
                        [*param_parts, "name"], message + "; the operation is left out"
                    )
                self.diagnostics.problem([*param_parts, "name"], message + "; it is left out")
                continue
            try:
                serialization = self.serialization(param, location, param_parts)
            except Unsupported as exc:
                self.diagnostics.unsupported(exc)
                continue
            if serialization.content_type is not None:
                media = param["content"][serialization.content_type]
                schema = media.get("schema", {}) if isinstance(media, dict) else {}
                schema_parts = [*param_parts, "content", serialization.content_type, "schema"]
            else:
                schema = param.get("schema", {})
                schema_parts = [*param_parts, "schema"]
            required = location == "path" or param.get("required") is True
            if serialization.content_type is None and _only_null(self.doc, schema):
                message = f"{location} parameter {name!r} can only be null{_NULL_REASON}{location}"
                if required:
                    raise Unsupported(schema_parts, message + "; the operation is left out")
                self.diagnostics.warn(
                    schema_parts, message + "; it is left out of the method (never sent)"
                )
                continue
            node = self.types.type_of(
                schema, schema_parts, hint + _names.pascal_case(name), literal=True
            )
            default = self.default(schema, node, schema_parts) if not required else None
            if not required and default is None:
                node = nullable(node)
                default = "None"
            result.append(
                Parameter(
                    wire_name=name,
                    python_name=scope.claim(_names.snake_case(name, fallback="param"), "_"),
                    location=location,
                    type=node,
                    required=required and default is None,
                    default=default,
                    serialization=serialization,
                    description=text(param.get("description")),
                    example=_example(param, schema),
                    schema=self.types.schemas.clean_schema(schema),
                    source=tuple(param_parts),
                )
            )
        return tuple(result)

    def serialization(self, param: dict[str, Any], location: str, parts: Parts) -> Serialization:
        """How a parameter goes on the wire, OpenAPI's defaults resolved: style from the
        location, explode for `form` only, no reserved characters, no empty values."""
        content = param.get("content")
        if "schema" not in param and isinstance(content, dict):
            if len(content) != 1:
                raise Unsupported(
                    [*parts, "content"], "a parameter's `content` must have exactly one entry"
                )
            style = DEFAULT_STYLE[location]
            return Serialization(style, style == "form", content_type=str(next(iter(content))))
        return _serialization(param, location, parts, query=location == "query")

    def default(self, schema: Any, node: TypeNode, schema_parts: Parts) -> str | None:
        """The default's source; a default that does not fit the type is a problem (an error,
        or in lenient mode left out with a warning)."""
        if not isinstance(schema, dict) or "default" not in schema:
            return None
        value = schema["default"]
        source = default_source(node, value)
        if source is None:
            self.diagnostics.problem(
                [*schema_parts, "default"],
                f"default {value!r} does not fit the parameter's type {type_source(node)}; it is ignored",
                "make the default one of the type's values, or remove it",
            )
        return source

    def request_body(
        self,
        raw: dict[str, Any],
        parts: Parts,
        hint: str,
        params: tuple[Parameter, ...],
        scope: _names.NameScope,
    ) -> RequestBody | None:
        if "requestBody" not in raw:
            return None
        body, body_parts = deref(self.doc, raw["requestBody"], [*parts, "requestBody"])
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict) or not content:
            return None
        taken = {p.python_name for p in params}
        name = "body" if "body" not in taken else "request_body"
        required = body.get("required") is True
        description = text(body.get("description"))
        json_type = next((t for t in content if is_json(t)), None)
        if json_type is None:
            media_type = str(next(iter(content)))
            base = media_type.split(";", 1)[0].strip().lower()
            media_parts = [*body_parts, "content", media_type]
            media = content[media_type] if isinstance(content[media_type], dict) else {}
            node: TypeNode
            if base == "application/x-www-form-urlencoded":
                return RequestBody(
                    name,
                    nullable(MapOf(AnyValue(), abstract=True), not required),
                    required,
                    media_type,
                    description,
                    "form",
                    fields=self.form_fields(media, media_parts),
                    source=tuple(media_parts),
                )
            # Refused before its parts are typed: typing gives inline schemas classes, which
            # an operation left out must not leave behind.
            if base.startswith("multipart/") and base != "multipart/form-data":
                raise Unsupported(
                    [*body_parts, "content"],
                    f"request bodies of type {', '.join(map(str, content))} are not supported",
                )
            if base == "multipart/form-data":
                return RequestBody(
                    name,
                    nullable(MapOf(AnyValue(), abstract=True), not required),
                    required,
                    media_type,
                    description,
                    "multipart",
                    parts=self.body_parts(media, media_parts, hint, scope),
                    source=tuple(media_parts),
                )
            node = Text() if base.startswith("text/") else Binary()
            return RequestBody(
                name,
                nullable(node, not required),
                required,
                media_type,
                description,
                "content",
                source=tuple(media_parts),
            )
        media = content[json_type] or {}
        node = self.types.type_of(
            media.get("schema"),
            [*body_parts, "content", json_type, "schema"],
            hint + "Body",
            literal=False,
        )
        return RequestBody(
            name,
            nullable(node, not required),
            required,
            json_type,
            description,
            schema=self.types.schemas.clean_schema(media.get("schema")),
            source=(*body_parts, "content", json_type),
            read_only=tuple(
                key
                for key, prop in self.types.schemas.own_properties(media.get("schema")).items()
                if isinstance(prop, dict) and follow(self.doc, prop).get("readOnly") is True
            ),
        )

    def form_fields(self, media: dict[str, Any], parts: Parts) -> tuple[FormField, ...]:
        """The fields of a URL-encoded body whose `encoding` the spec gives."""
        encoding = media.get("encoding")
        if not isinstance(encoding, dict):
            return ()
        fields: list[FormField] = []
        for key, entry in encoding.items():
            if not isinstance(entry, dict):
                continue
            serialization = _serialization(entry, "form", [*parts, "encoding", key], query=False)
            if isinstance(entry.get("contentType"), str):
                serialization = replace(serialization, content_type=entry["contentType"])
            fields.append(FormField(str(key), serialization))
        return tuple(fields)

    def body_parts(
        self, media: dict[str, Any], parts: Parts, hint: str, scope: _names.NameScope
    ) -> tuple[BodyPart, ...]:
        """The fields of a multipart body: files (binary strings, or arrays of them), JSON
        (objects and arrays) and text (primitives), with their declared content types. Each
        is a keyword argument of the method, named in the scope of the operation's
        parameters."""
        schema = follow(self.doc, media.get("schema"))
        encoding = media.get("encoding") if isinstance(media.get("encoding"), dict) else {}
        required = set(schema.get("required") or []) if isinstance(schema, dict) else set()
        found: list[BodyPart] = []
        for key, raw in self.types.schemas.own_properties(schema).items():
            prop = without_null(follow(self.doc, raw)) if isinstance(raw, dict) else {}
            wrapped = single_member(prop)
            if wrapped is not None:  # `{allOf: [{$ref: Status}], default: ...}`: Status
                prop = without_null(follow(self.doc, wrapped[1]))
            entry = encoding.get(key) if isinstance(encoding, dict) else None
            declared = entry.get("contentType") if isinstance(entry, dict) else None
            content_type = declared if isinstance(declared, str) else None
            items = follow(self.doc, prop.get("items")) if prop.get("type") == "array" else None
            if not _is_file(prop) and _only_null(self.doc, raw):
                where = [*parts, "schema", "properties", key]
                message = f"multipart field {key!r} can only be null{_NULL_REASON}multipart field"
                if key in required:
                    raise Unsupported(where, message + "; the operation is left out")
                self.diagnostics.warn(
                    where, message + "; it is left out of the method (never sent)"
                )
                continue
            kind: Literal["file", "text", "json"]
            node: TypeNode
            if _is_file(prop):
                node, kind, many = FileUpload(), "file", False
            elif isinstance(items, dict) and _is_file(items):
                node, kind, many = ListOf(FileUpload()), "file", True
            else:
                node = self.types.type_of(
                    raw,
                    [*parts, "schema", "properties", key],
                    hint + _names.pascal_case(key),
                    literal=True,
                )
                # An array is one part per item, as OpenAPI's default content type for an
                # array is its items' (unless `encoding` declares one for the whole field):
                # text for primitives, JSON for objects.
                many = isinstance(items, dict) and not content_type
                kind = (
                    "text"
                    if _is_primitive(prop) or (many and _is_primitive(items or {}))
                    else "json"
                )
            python_name = scope.claim(_names.snake_case(key, fallback="field"), "_")
            found.append(
                BodyPart(
                    key,
                    kind,
                    nullable(node, key not in required),
                    key in required,
                    content_type,
                    many,
                    python_name=python_name,
                )
            )
        return tuple(found)

    def response_specs(self, raw: dict[str, Any], parts: Parts) -> tuple[Response, ...]:
        """Every declared response with its JSON schema and examples (for the test doubles)."""
        found: list[Response] = []
        responses = raw.get("responses") or {}
        for code in sorted(responses, key=status_order):
            response, response_parts = deref(self.doc, responses[code], [*parts, "responses", code])
            content = response.get("content") if isinstance(response, dict) else None
            json_type = (
                next((t for t in content if is_json(t)), None)
                if isinstance(content, dict)
                else None
            )
            if json_type is None or not isinstance(content, dict):
                found.append(Response(str(code).upper(), None, source=tuple(response_parts)))
                continue
            media = content[json_type] if isinstance(content[json_type], dict) else {}
            schema = media.get("schema")
            examples: list[Any] = []
            if "example" in media:
                examples.append(media["example"])
            named = media.get("examples")
            for i, entry in enumerate(named.values() if isinstance(named, dict) else ()):
                try:
                    example, _ = deref(self.doc, entry, [*response_parts, "examples", i])
                except Unsupported:
                    continue
                if isinstance(example, dict) and "value" in example:
                    examples.append(example["value"])
            resolved = self.types.schemas.component(schema) if isinstance(schema, dict) else None
            if not examples and isinstance(resolved, dict) and "example" in resolved:
                examples.append(resolved["example"])
            found.append(
                Response(
                    str(code).upper(),
                    str(json_type),
                    self.types.schemas.clean_schema(schema) if schema is not None else None,
                    tuple(copy.deepcopy(examples)),
                    source=tuple(response_parts),
                )
            )
        return tuple(found)

    def responses(
        self, raw: dict[str, Any], parts: Parts, hint: str
    ) -> tuple[TypeNode, tuple[tuple[str, ModelRef], ...], str | None, Any]:
        """The return type, the error models by status, the media type to accept when the
        success response is not JSON, and the success response's JSON schema (or None)."""
        accept: str | None = None
        responses = raw.get("responses") or {}
        if not isinstance(responses, dict):
            raise Unsupported([*parts, "responses"], "`responses` must be an object")
        success: TypeNode | None = None
        success_schema: Any = None
        errors: list[tuple[str, ModelRef]] = []
        for code in sorted(responses, key=status_order):
            status = str(code).upper()
            response, response_parts = deref(self.doc, responses[code], [*parts, "responses", code])
            content = response.get("content") if isinstance(response, dict) else None
            json_type = (
                next((t for t in content if is_json(t)), None)
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
                        is_text = accept.split(";", 1)[0].strip().lower().startswith("text/")
                        success = Text() if is_text else Binary()
                    else:
                        success = NoneValue()
                else:
                    success_schema = schema
                    success = self.types.type_of(
                        schema, schema_parts, hint + "Response", literal=False
                    )
            elif status[0] in "45" or status == "DEFAULT":
                if json_type is None or schema is None:
                    continue
                node = self.types.type_of(
                    schema, schema_parts, f"{hint}{status.title()}Error", literal=False
                )
                if isinstance(node, ModelRef):
                    errors.append((status.lower(), node))
        return success or NoneValue(), tuple(errors), accept, success_schema


def _serialization(
    entry: dict[str, Any], location: str, parts: Parts, *, query: bool
) -> Serialization:
    """A parameter's (or an encoding entry's) style, explode and allowReserved, defaults
    resolved; allowEmptyValue for query parameters."""
    style = entry.get("style", DEFAULT_STYLE[location])
    if style not in _STYLES[location]:
        raise Unsupported(
            [*parts, "style"],
            f"style {style!r} is not allowed in {location!r} (allowed: {', '.join(_STYLES[location])})",
            "use one of the allowed styles",
        )
    explode = entry.get("explode", style == "form")
    return Serialization(
        style=style,
        explode=explode is True,
        allow_reserved=entry.get("allowReserved") is True and location in ("query", "form"),
        allow_empty_value=query and entry.get("allowEmptyValue") is True,
    )


_NULL_REASON = " (or be an array of nulls): OpenAPI gives null no text form in a "


def _only_null(doc: dict[str, Any], schema: Any, depth: int = 0) -> bool:
    """A schema whose only value is null (`type: null`, `enum: [null]`, `const: null`, a
    oneOf/anyOf of such), or an array of such: a parameter or a multipart field of it has
    nothing to send, as OpenAPI's styles write no null (an empty array is no value either)."""
    node = follow(doc, schema)
    if depth > 8 or not isinstance(node, dict):
        return False
    if is_null_schema(node):
        return True
    for key in ("anyOf", "oneOf"):
        options = node.get(key)
        if isinstance(options, list) and options:
            return all(_only_null(doc, o, depth + 1) for o in options)
    wrapped = node.get("allOf")
    if isinstance(wrapped, list) and any(_only_null(doc, o, depth + 1) for o in wrapped):
        return True
    if node.get("type") == "array" and "prefixItems" not in node:
        return _only_null(doc, node.get("items"), depth + 1)
    return False


def _is_file(schema: Any) -> bool:
    """A schema describing a file's bytes: `format: binary` (3.0), or a string with
    `contentMediaType` and no `contentEncoding` text form (3.1)."""
    if not isinstance(schema, dict) or schema.get("type") not in ("string", None):
        return False
    return schema.get("format") == "binary" or (
        "contentMediaType" in schema and "contentEncoding" not in schema
    )


def _is_primitive(schema: dict[str, Any]) -> bool:
    """A schema of strings, numbers or booleans (an enum or a const of them included, with
    or without `type`)."""
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind is None and isinstance(schema.get("enum"), list):
        return all(isinstance(v, str | int | float | bool) or v is None for v in schema["enum"])
    if kind is None and "const" in schema:
        return isinstance(schema["const"], str | int | float | bool)
    return kind in ("string", "integer", "number", "boolean")


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
