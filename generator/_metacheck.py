"""A quick first pass of openapi-spec-validator's check of each schema against its meta-schema.

openapi-spec-validator checks every schema of a document against the JSON Schema meta-schema
of its dialect (draft 4 for OpenAPI 3.0, the OpenAPI 3.1 dialect of draft 2020-12) with
jsonschema: about 85% of its time on a large spec (GitHub's description: 2,000 schemas, 3 MB).
Those meta-schemas only constrain the types of a few dozen keywords' values, which this module
checks directly.

It answers only "certainly valid": `valid_draft4` and `valid_oas31` return True when the
meta-schema accepts the schema, and False when it does not *or* when the schema uses something
this pass does not follow (`$id`, `$schema`, `$anchor`, `$vocabulary`, `dependencies` in 3.1,
values of types JSON does not have, ...). The caller then runs jsonschema's check as before, so
every finding, its message and its place stay openapi-spec-validator's own; only the schemas it
would accept skip it. tests/generator/test_metacheck.py compares the two on generated schemas.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_SIMPLE_TYPES = frozenset(("array", "boolean", "integer", "null", "number", "object", "string"))
_ANY: Callable[[Any], bool] = lambda value: True  # noqa: E731


def _string(value: Any) -> bool:
    return type(value) is str


def _boolean(value: Any) -> bool:
    return type(value) is bool


def _number(value: Any) -> bool:
    return type(value) in (int, float)


def _count4(value: Any) -> bool:
    """Draft 4's non-negative integer: an int (1.0 is a number, not an integer, there)."""
    return type(value) is int and value >= 0


def _count2020(value: Any) -> bool:
    """Draft 2020-12's non-negative integer: an int, or a float with no fraction."""
    if type(value) is float:
        return value.is_integer() and value >= 0
    return type(value) is int and value >= 0


def _positive(value: Any) -> bool:
    return _number(value) and value > 0


def _unique(values: list[Any]) -> bool:
    """Whether the values are pairwise unequal as JSON Schema compares them; False also when
    they are not all strings, numbers, booleans or null (then the caller checks)."""
    seen: set[tuple[str, Any]] = set()
    for value in values:
        kind = type(value)
        if kind is str:
            key: tuple[str, Any] = ("s", value)
        elif kind is bool:
            key = ("b", value)
        elif kind in (int, float):
            key = ("n", value)  # 1 and 1.0 are equal
        elif value is None:
            key = ("z", None)
        else:
            return False
        if key in seen:
            return False
        seen.add(key)
    return True


def _types(value: Any) -> bool:
    if type(value) is str:
        return value in _SIMPLE_TYPES
    return (
        type(value) is list
        and len(value) > 0
        and all(type(v) is str and v in _SIMPLE_TYPES for v in value)
        and len(set(value)) == len(value)
    )


class _Dialect:
    """What a meta-schema asks of each keyword's value; keywords it does not name are free."""

    def __init__(self, regex: Callable[[str], bool]) -> None:
        self._regex = regex
        self.keywords: dict[str, Callable[[Any], bool]] = {}

    def valid(self, schema: Any) -> bool:
        raise NotImplementedError

    def _keywords_valid(self, schema: dict[str, Any]) -> bool:
        keywords = self.keywords
        for key, value in schema.items():
            check = keywords.get(key)
            if check is not None and not check(value):
                return False
        return True

    def _pattern(self, value: Any) -> bool:
        return type(value) is str and self._regex(value)

    def _schemas(self, value: Any) -> bool:
        """A non-empty array of schemas."""
        return type(value) is list and len(value) > 0 and all(map(self.valid, value))

    def _schema_map(self, value: Any) -> bool:
        return type(value) is dict and all(map(self.valid, value.values()))


class _Draft4(_Dialect):
    """draft-04's meta-schema, as OpenAPI 3.0 schemas are checked."""

    def __init__(self, regex: Callable[[str], bool]) -> None:
        super().__init__(regex)
        either = self._boolean_or_schema
        self.keywords = {
            "id": _string,
            "$schema": _string,
            "title": _string,
            "description": _string,
            "format": _string,
            "default": _ANY,
            "multipleOf": _positive,
            "maximum": _number,
            "minimum": _number,
            "exclusiveMaximum": _boolean,
            "exclusiveMinimum": _boolean,
            "maxLength": _count4,
            "minLength": _count4,
            "maxItems": _count4,
            "minItems": _count4,
            "maxProperties": _count4,
            "minProperties": _count4,
            "pattern": self._pattern,
            "additionalItems": either,
            "additionalProperties": either,
            "items": self._items,
            "uniqueItems": _boolean,
            "required": self._string_array,
            "definitions": self._schema_map,
            "properties": self._schema_map,
            "patternProperties": self._schema_map,
            "dependencies": self._dependencies,
            "enum": self._enum,
            "type": _types,
            "allOf": self._schemas,
            "anyOf": self._schemas,
            "oneOf": self._schemas,
            "not": self.valid,
        }

    def valid(self, schema: Any) -> bool:
        if type(schema) is not dict or not self._keywords_valid(schema):
            return False
        # The meta-schema's own dependencies: each exclusive bound needs its bound.
        if "exclusiveMaximum" in schema and "maximum" not in schema:
            return False
        return "exclusiveMinimum" not in schema or "minimum" in schema

    def _boolean_or_schema(self, value: Any) -> bool:
        return type(value) is bool or self.valid(value)

    def _items(self, value: Any) -> bool:
        return self._schemas(value) if type(value) is list else self.valid(value)

    @staticmethod
    def _string_array(value: Any) -> bool:
        """At least one string, no two equal."""
        return (
            type(value) is list
            and len(value) > 0
            and all(type(v) is str for v in value)
            and len(set(value)) == len(value)
        )

    def _dependencies(self, value: Any) -> bool:
        return type(value) is dict and all(
            self._string_array(v) if type(v) is list else self.valid(v) for v in value.values()
        )

    @staticmethod
    def _enum(value: Any) -> bool:
        return type(value) is list and len(value) > 0 and _unique(value)


_EXTENSION = re.compile("^x-")


class _Oas31(_Dialect):
    """The OpenAPI 3.1 dialect: draft 2020-12's meta-schema and the OpenAPI base vocabulary."""

    def __init__(self, regex: Callable[[str], bool]) -> None:
        super().__init__(regex)
        schema = self.valid
        never: Callable[[Any], bool] = lambda value: False  # noqa: E731  (not followed here)
        self.keywords = {
            # core: identifiers and anchors change how references resolve: not followed here.
            "$id": never,
            "$schema": never,
            "$anchor": never,
            "$dynamicAnchor": never,
            "$vocabulary": never,
            "$recursiveAnchor": never,
            "$recursiveRef": never,
            "dependencies": never,
            "$ref": _string,
            "$dynamicRef": _string,
            "$comment": _string,
            "$defs": self._schema_map,
            "definitions": self._schema_map,
            # applicator
            "prefixItems": self._schemas,
            "items": schema,
            "contains": schema,
            "additionalProperties": schema,
            "properties": self._schema_map,
            "patternProperties": self._pattern_map,
            "dependentSchemas": self._schema_map,
            "propertyNames": schema,
            "if": schema,
            "then": schema,
            "else": schema,
            "allOf": self._schemas,
            "anyOf": self._schemas,
            "oneOf": self._schemas,
            "not": schema,
            # unevaluated
            "unevaluatedItems": schema,
            "unevaluatedProperties": schema,
            # validation
            "type": _types,
            "const": _ANY,
            "enum": lambda value: type(value) is list,
            "multipleOf": _positive,
            "maximum": _number,
            "exclusiveMaximum": _number,
            "minimum": _number,
            "exclusiveMinimum": _number,
            "maxLength": _count2020,
            "minLength": _count2020,
            "pattern": self._pattern,
            "maxItems": _count2020,
            "minItems": _count2020,
            "uniqueItems": _boolean,
            "maxContains": _count2020,
            "minContains": _count2020,
            "maxProperties": _count2020,
            "minProperties": _count2020,
            "required": self._string_array,
            "dependentRequired": self._required_map,
            # meta-data
            "title": _string,
            "description": _string,
            "default": _ANY,
            "deprecated": _boolean,
            "readOnly": _boolean,
            "writeOnly": _boolean,
            "examples": lambda value: type(value) is list,
            # format annotation, content
            "format": _string,
            "contentEncoding": _string,
            "contentMediaType": _string,
            "contentSchema": schema,
            # the OpenAPI base vocabulary
            "example": _ANY,
            "discriminator": self._discriminator,
            "externalDocs": self._external_docs,
            "xml": self._xml,
        }

    def valid(self, schema: Any) -> bool:
        if type(schema) is bool:
            return True
        return type(schema) is dict and self._keywords_valid(schema)

    def _pattern_map(self, value: Any) -> bool:
        return type(value) is dict and all(
            self._pattern(key) and self.valid(sub) for key, sub in value.items()
        )

    @staticmethod
    def _string_array(value: Any) -> bool:
        """Strings, no two equal (none at all is fine in 2020-12)."""
        return (
            type(value) is list
            and all(type(v) is str for v in value)
            and len(set(value)) == len(value)
        )

    def _required_map(self, value: Any) -> bool:
        return type(value) is dict and all(map(self._string_array, value.values()))

    @staticmethod
    def _fields(value: Any, fields: dict[str, Callable[[Any], bool]], required: str) -> bool:
        """An object of `fields` (and `x-` extensions, nothing else) with `required`."""
        if type(value) is not dict or (required and required not in value):
            return False
        for key, field in value.items():
            check = fields.get(key)
            if check is None:
                if type(key) is not str or not _EXTENSION.search(key):
                    return False
            elif not check(field):
                return False
        return True

    def _discriminator(self, value: Any) -> bool:
        def mapping(m: Any) -> bool:
            return type(m) is dict and all(type(v) is str for v in m.values())

        return self._fields(value, {"propertyName": _string, "mapping": mapping}, "propertyName")

    def _external_docs(self, value: Any) -> bool:
        return self._fields(value, {"url": _string, "description": _string}, "url")

    def _xml(self, value: Any) -> bool:
        fields: dict[str, Callable[[Any], bool]] = {
            "name": _string,
            "namespace": _string,
            "prefix": _string,
            "attribute": _boolean,
            "wrapped": _boolean,
        }
        return self._fields(value, fields, "")


def _first_pass(dialect: _Dialect) -> Callable[[Any], bool]:
    def valid(schema: Any) -> bool:
        try:
            return dialect.valid(schema)
        except RecursionError:
            return False  # left to jsonschema, which reports it as it does

    return valid


def draft4(regex: Callable[[str], bool]) -> Callable[[Any], bool]:
    """The first pass for OpenAPI 3.0 schemas; `regex` is the validator's own check of the
    `regex` format."""
    return _first_pass(_Draft4(regex))


def oas31(regex: Callable[[str], bool]) -> Callable[[Any], bool]:
    """The first pass for OpenAPI 3.1 schemas of the default dialect."""
    return _first_pass(_Oas31(regex))
