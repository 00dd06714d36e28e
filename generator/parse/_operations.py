"""Operations: method names, arguments (parameters and the request body), return types and
error models."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any, Literal

from .. import _names
from .._ir import (
    AnyValue,
    Binary,
    MapOf,
    ModelRef,
    NoneValue,
    Operation,
    Parameter,
    RequestBody,
    Response,
    SecurityScheme,
    Text,
    TypeNode,
    nullable,
)
from .._source import py_literal
from .._typesource import annotation as type_source
from .._typesource import default_source
from ._diagnostics import Diagnostics, Parts, Unsupported
from ._security import requirements, server_url
from ._spec import (
    CLIENT_HEADERS,
    PATH_TEMPLATE,
    deref,
    effective_security,
    is_json,
    merged_parameters,
    method_base_name,
    operation_id,
    status_order,
    text,
    walk_operations,
)
from ._types import TypeMapper

# What the runtime cannot send yet: parameters in these locations and bodies of these kinds
# are refused (strict) or left out with a warning (lenient).
UNSENDABLE = frozenset({"cookie", "multipart"})


class OperationBuilder:
    def __init__(
        self,
        doc: dict[str, Any],
        diagnostics: Diagnostics,
        types: TypeMapper,
        schemes: dict[str, SecurityScheme],
    ) -> None:
        self.doc = doc
        self.diagnostics = diagnostics
        self.types = types
        self.schemes = schemes

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
        params = self.parameters(path, item, raw, item_parts, parts, hint)
        body = self.request_body(raw, parts, hint, params)
        returns, errors, accept = self.responses(raw, parts, hint)
        declared = effective_security(self.doc, raw)
        if declared is None:
            security: tuple[tuple[str, ...], ...] | None = ()
        elif declared[1]:
            security = requirements(
                declared[0], [*parts, "security"], self.schemes, self.diagnostics
            )
        else:
            security = top_security
        url = server_url(raw.get("servers"), [*parts, "servers"], self.diagnostics) or server_url(
            item.get("servers"), [*item_parts, "servers"], self.diagnostics
        )
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
            base_url=url or None,
            accept=accept,
            responses=self.response_specs(raw, parts),
        )

    def parameters(
        self,
        path: str,
        item: dict[str, Any],
        raw: dict[str, Any],
        item_parts: Parts,
        parts: Parts,
        hint: str,
    ) -> tuple[Parameter, ...]:
        merged = merged_parameters(self.doc, item, raw, item_parts, parts)
        declared = {name for where, name in merged if where == "path"}
        for name in PATH_TEMPLATE.findall(path):
            if name not in declared:
                raise Unsupported(
                    item_parts, f"path parameter {{{name}}} is used in the path but not declared"
                )
        scope = _names.argument_scope()
        result: list[Parameter] = []
        ordered = sorted(
            merged.values(), key=lambda pp: (pp[0].get("in") != "path", not pp[0].get("required"))
        )
        for param, param_parts in ordered:
            location = param.get("in")
            name = param["name"]
            if location == "header" and name.lower() in CLIENT_HEADERS:
                continue  # set by the client itself
            if location not in ("path", "query", "header", "cookie") or location in UNSENDABLE:
                self.diagnostics.problem(
                    param_parts,
                    f"parameter {name!r} in {location!r} is not supported; it is left out",
                )
                continue
            if "content" in param and "schema" not in param:
                self.diagnostics.problem(
                    param_parts,
                    f"parameter {name!r} uses `content` instead of `schema`, which is not supported; it is left out",
                )
                continue
            schema = param.get("schema", {})
            node = self.types.type_of(
                schema, [*param_parts, "schema"], hint + _names.pascal_case(name), literal=True
            )
            required = location == "path" or param.get("required") is True
            default = self.default(schema, node, param_parts) if not required else None
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
                    description=text(param.get("description")),
                    example=_example(param, schema),
                    schema=self.types.schemas.clean_schema(schema),
                )
            )
        return tuple(result)

    def default(self, schema: Any, node: TypeNode, parts: Parts) -> str | None:
        """The default's source; a default that does not fit the type is a problem (an error,
        or in lenient mode left out with a warning)."""
        if not isinstance(schema, dict) or "default" not in schema:
            return None
        value = schema["default"]
        source = default_source(node, value)
        if source is None:
            self.diagnostics.problem(
                [*parts, "schema", "default"],
                f"default {value!r} does not fit the parameter's type {type_source(node)}; it is ignored",
                "make the default one of the type's values, or remove it",
            )
        return source

    def request_body(
        self, raw: dict[str, Any], parts: Parts, hint: str, params: tuple[Parameter, ...]
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
            kind: Literal["content", "form"]
            node: TypeNode
            if base == "application/x-www-form-urlencoded":
                node, kind = MapOf(AnyValue(), abstract=True), "form"
            elif base.startswith("text/"):
                node, kind = Text(), "content"
            elif base.startswith("multipart/"):
                raise Unsupported(
                    [*body_parts, "content"],
                    f"request bodies of type {', '.join(map(str, content))} are not supported",
                )
            else:
                node, kind = Binary(), "content"
            return RequestBody(
                name, nullable(node, not required), required, media_type, description, kind
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
        )

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
                found.append(Response(str(code).upper(), None))
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
                )
            )
        return tuple(found)

    def responses(
        self, raw: dict[str, Any], parts: Parts, hint: str
    ) -> tuple[TypeNode, tuple[tuple[str, ModelRef], ...], str | None]:
        """The return type, the error models by status, and the media type to accept when
        the success response is not JSON."""
        accept: str | None = None
        responses = raw.get("responses") or {}
        if not isinstance(responses, dict):
            raise Unsupported([*parts, "responses"], "`responses` must be an object")
        success: TypeNode | None = None
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
        return success or NoneValue(), tuple(errors), accept


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
