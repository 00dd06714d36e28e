"""Schema to type node: what the Python type of an argument or a response is."""

from __future__ import annotations

from typing import Any, Literal

from .._ir import (
    AnyValue,
    ListOf,
    LiteralOf,
    MapOf,
    ModelRef,
    NoneValue,
    Primitive,
    TupleOf,
    TypeNode,
    UnionOf,
    nullable,
)
from .._refs import component_name
from .._schema_shapes import single_member
from ._diagnostics import Parts, Unsupported
from ._schemas import SchemaSet
from ._spec import deref, is_null_schema

# A positional array of at most this many lengths is a union of tuples; beyond, a list.
MAX_TUPLE_LENGTHS = 8

_PRIMITIVES: dict[str, Literal["str", "int", "float", "bool"]] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
}


class TypeMapper:
    """Maps schemas to type nodes; inline schemas that need a class get one in `schemas`."""

    def __init__(self, doc: dict[str, Any], schemas: SchemaSet) -> None:
        self.doc = doc
        self.schemas = schemas

    def type_of(self, schema: Any, parts: Parts, hint: str, *, literal: bool) -> TypeNode:
        """The type of a schema. `literal`: inline enums become `Literal[...]`."""
        if schema is None or schema is True or schema == {}:
            return AnyValue()
        if not isinstance(schema, dict):
            raise Unsupported(parts, "a schema must be an object")
        ref = schema.get("$ref")
        if isinstance(ref, str):
            component = component_name(ref)
            if component is not None and component in self.schemas.class_of:
                name = self.schemas.class_of[component]
                return nullable(ModelRef(name), schema.get("nullable") is True)
            target, target_parts = deref(self.doc, schema, parts)
            return self.type_of(target, target_parts, hint, literal=literal)
        wrapped = single_member(schema)
        if wrapped is not None:  # `{allOf: [X], nullable: true}` and the like: X itself
            inner = self.type_of(wrapped[1], [*parts, wrapped[0], 0], hint, literal=literal)
            return nullable(inner, schema.get("nullable") is True)
        is_nullable = schema.get("nullable") is True
        types = schema.get("type")
        if isinstance(types, list):
            is_nullable = is_nullable or "null" in types
            non_null = [t for t in types if t != "null"]
            if len(non_null) == 1:
                schema = {**schema, "type": non_null[0]}
                types = non_null[0]
            elif not non_null:
                return NoneValue()
            else:
                return nullable(self.schemas.hoist(schema, hint), is_nullable)
        for key in ("anyOf", "oneOf"):
            options = schema.get(key)
            if isinstance(options, list) and len(schema) == 1:
                non_null = [o for o in options if not is_null_schema(o)]
                if len(non_null) == 1 and len(non_null) < len(options):
                    inner = self.type_of(non_null[0], [*parts, key, 0], hint, literal=literal)
                    return nullable(inner)
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            values = [v for v in enum if v is not None]
            is_nullable = is_nullable or len(values) < len(enum)
            if literal and all(
                isinstance(v, str | int) and not isinstance(v, bool) for v in values
            ):
                return nullable(LiteralOf(tuple(values)), is_nullable)
            return nullable(self.schemas.hoist(schema, hint), is_nullable)
        if "const" in schema and literal and isinstance(schema["const"], str):
            return nullable(LiteralOf((schema["const"],)), is_nullable)
        if types in _PRIMITIVES and not any(k in schema for k in ("allOf", "anyOf", "oneOf")):
            fmt = schema.get("format")
            primitive = Primitive(_PRIMITIVES[str(types)], fmt if isinstance(fmt, str) else None)
            return nullable(primitive, is_nullable)
        if types == "array" and not any(k in schema for k in ("allOf", "anyOf", "oneOf")):
            if isinstance(schema.get("prefixItems"), list):
                return nullable(self.positional(schema, parts, hint, literal), is_nullable)
            item = self.type_of(
                schema.get("items"), [*parts, "items"], hint + "Item", literal=literal
            )
            return nullable(ListOf(item), is_nullable)
        is_map = (types == "object" or types is None) and not schema.get("properties")
        composite = any(k in schema for k in ("allOf", "anyOf", "oneOf", "not"))
        if is_map and not composite:
            extra = schema.get("additionalProperties", True)
            if isinstance(extra, dict) and extra:
                value = self.type_of(
                    extra, [*parts, "additionalProperties"], hint + "Value", literal=literal
                )
                return nullable(MapOf(value), is_nullable)
            if types == "object":
                return nullable(MapOf(AnyValue()), is_nullable)
            return AnyValue()
        return nullable(self.schemas.hoist(schema, hint), is_nullable)

    def positional(
        self, schema: dict[str, Any], parts: Parts, hint: str, literal: bool
    ) -> TypeNode:
        """An array with `prefixItems`: exactly the arrays the schema allows, as far as Python
        types (checked by pydantic) can say it. One tuple per length the array may have,
        `minItems` to `maxItems` (to the prefix's length when `items` is false): `tuple[A]
        | tuple[A, B]`; positions past the prefix take `items`. pydantic 2 does not validate
        a fixed head followed by an open tail (`tuple[A, *tuple[C, ...]]`), so an array
        whose length has no bound, or more than MAX_TUPLE_LENGTHS lengths, is a list of any
        position's type: `list[A | B | C]`."""
        prefix = schema["prefixItems"]
        heads = [
            self.type_of(p, [*parts, "prefixItems", i], f"{hint}Item{i}", literal=literal)
            for i, p in enumerate(prefix)
        ]
        closed = schema.get("items") is False
        tail: TypeNode | None = None
        if not closed:
            tail = self.type_of(
                schema.get("items"), [*parts, "items"], hint + "Item", literal=literal
            )
        low = schema.get("minItems", 0)
        high = schema.get("maxItems", len(prefix) if closed else None)
        if closed and isinstance(high, int):
            high = min(high, len(prefix))
        if (
            isinstance(low, int)
            and isinstance(high, int)
            and 0 <= low <= high
            and high - low < MAX_TUPLE_LENGTHS
        ):
            options: list[TypeNode] = []
            for length in range(low, high + 1):
                extra = [tail or AnyValue()] * max(0, length - len(prefix))
                options.append(TupleOf(tuple([*heads[:length], *extra])))
            return options[0] if len(options) == 1 else UnionOf(tuple(options))
        kinds: list[TypeNode] = []
        for node in [*heads, *([tail] if tail is not None else [])]:
            if node not in kinds:
                kinds.append(node)
        if any(isinstance(k, AnyValue) for k in kinds) or not kinds:
            return ListOf(AnyValue())
        return ListOf(kinds[0] if len(kinds) == 1 else UnionOf(tuple(kinds)))
