"""The shape of the document's objects, checked before anything else reads them.

openapi-spec-validator walks `paths`, path items, operations, parameters, responses and tags
by hand before it validates them, and fails with an assertion or a KeyError (not an error
message) when one of them is a list, a string or null where an object belongs, or when a
parameter or tag has no name. Every such fault is found here first and reported with its
JSON pointer, so a malformed document gets a message like any other mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._errors import SpecError
from ._load import LoadedSpec

if TYPE_CHECKING:
    from .parse import Diagnostics

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_OBJECT = "an object (a mapping)"
_LIST = "a list"
_STRING = "a string"
_COMPONENT_MAPS = (
    "schemas", "responses", "parameters", "examples", "requestBodies", "headers",
    "securitySchemes", "links", "callbacks", "pathItems",
)  # fmt: skip

Parts = list[str | int]


def check_shapes(
    spec: LoadedSpec, diagnostics: Diagnostics | None = None
) -> tuple[list[SpecError], list[SpecError]]:
    """Every place where the document has the wrong kind of value for an OpenAPI object.

    Returns (errors, warnings). A malformed keyword inside a schema (`required: true`,
    `enum: "a"`, `properties: [...]`) is an error, but in lenient mode it is left out of the
    document (which is changed in place) with a warning; everything else is always an error.
    """
    errors: list[SpecError] = []
    warnings: list[SpecError] = []
    lenient = diagnostics is not None and diagnostics.is_lenient
    for finding in list(_Walker().document(spec.data)):
        if lenient and finding.remove is not None:
            container, key = finding.remove
            container.pop(key, None)
            warnings.append(
                spec.error(finding.parts, f"{finding.message}; it is left out", finding.hint)
            )
        else:
            errors.append(spec.error(finding.parts, finding.message, finding.hint))
    return errors, warnings


def kind_of(value: Any) -> str:
    """What a JSON value is, for messages: `a list`, `null`, ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


Check = Callable[[Any, Parts], Iterator["Finding"]]


@dataclass
class Finding:
    parts: Parts
    message: str
    hint: str
    remove: tuple[dict[Any, Any], Any] | None = None  # what lenient mode may leave out


_SCHEMA_KEYS = (
    "items", "not", "if", "then", "else", "contains", "propertyNames", "additionalProperties",
    "unevaluatedItems", "unevaluatedProperties", "additionalItems",
)  # fmt: skip
_SCHEMA_LIST_KEYS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_MAP_KEYS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_MAX_DEPTH = 200


class _Walker:
    def __init__(self) -> None:
        self.seen: set[int] = set()  # schemas checked already (YAML aliases share them)

    def expect(
        self, value: Any, parts: Parts, kind: type, what: str, hint: str
    ) -> Iterator[Finding]:
        if not isinstance(value, kind):
            if not parts:
                name = "the document"
            elif isinstance(parts[-1], int) and len(parts) > 1:
                name = f"entry {parts[-1]} of `{parts[-2]}`"
            else:
                name = f"`{parts[-1]}`"
            yield Finding(parts, f"{name} must be {what}, not {kind_of(value)}", hint)

    def keys(self, value: dict[Any, Any], parts: Parts) -> Iterator[Finding]:
        for key in value:
            if not isinstance(key, str):
                yield Finding(
                    [*parts, str(key)],
                    f"the key {key!r} is {kind_of(key)}; keys of OpenAPI objects are strings",
                    "quote the key",
                )

    def mapping(
        self, value: Any, parts: Parts, hint: str, entry: Check | None = None
    ) -> Iterator[Finding]:
        """`value` must be an object; with `entry`, each of its values is checked by it."""
        if not isinstance(value, dict):
            yield from self.expect(value, parts, dict, _OBJECT, hint)
            return
        yield from self.keys(value, parts)
        if entry is not None:
            for key, item in value.items():
                yield from entry(item, [*parts, str(key)])

    def sequence(
        self, value: Any, parts: Parts, hint: str, entry: Check | None = None
    ) -> Iterator[Finding]:
        if not isinstance(value, list):
            yield from self.expect(value, parts, list, _LIST, hint)
            return
        if entry is not None:
            for i, item in enumerate(value):
                yield from entry(item, [*parts, i])

    @staticmethod
    def is_ref(value: Any) -> bool:
        return isinstance(value, dict) and "$ref" in value

    # -- the document --------------------------------------------------------------------

    def document(self, doc: dict[str, Any]) -> Iterator[Finding]:
        yield from self.keys(doc, [])
        checks: dict[str, Check] = {
            "info": lambda v, p: self.mapping(v, p, "write `info: {title: ..., version: ...}`"),
            "servers": self.servers,
            "paths": lambda v, p: self.mapping(
                v, p, "write `paths:` as a mapping of `/path: {get: ...}`", self.path_item
            ),
            "webhooks": lambda v, p: self.mapping(
                v, p, "write `webhooks:` as a mapping of names to path items", self.path_item
            ),
            "components": self.components,
            "security": self.security,
            "tags": lambda v, p: self.sequence(
                v, p, "write `tags:` as a list of `{name: ...}` objects", self.tag
            ),
            "externalDocs": lambda v, p: self.mapping(v, p, "write `externalDocs: {url: ...}`"),
        }
        for key, check in checks.items():
            if key in doc:
                yield from check(doc[key], [key])

    def servers(self, value: Any, parts: Parts) -> Iterator[Finding]:
        yield from self.sequence(
            value, parts, "write `servers:` as a list of `{url: ...}`", self.server
        )

    def server(self, value: Any, parts: Parts) -> Iterator[Finding]:
        if not isinstance(value, dict):
            yield from self.expect(value, parts, dict, _OBJECT, "write each server as `{url: ...}`")
            return
        yield from self.expect(
            value.get("url"), [*parts, "url"], str, _STRING, "give the server a `url`"
        )
        if "variables" in value:
            yield from self.mapping(
                value["variables"],
                [*parts, "variables"],
                "write `variables:` as a mapping of names to `{default: ...}`",
                lambda v, p: self.mapping(v, p, "write each variable as `{default: ...}`"),
            )

    def security(self, value: Any, parts: Parts) -> Iterator[Finding]:
        def requirement(item: Any, at: Parts) -> Iterator[Finding]:
            yield from self.mapping(
                item,
                at,
                "write each requirement as `{schemeName: [scopes]}`",
                lambda scopes, p: self.sequence(scopes, p, "list the scopes (`[]` for none)"),
            )

        yield from self.sequence(
            value, parts, "write `security:` as a list of `{schemeName: []}`", requirement
        )

    def tag(self, value: Any, parts: Parts) -> Iterator[Finding]:
        if not isinstance(value, dict):
            yield from self.expect(value, parts, dict, _OBJECT, "write each tag as `{name: ...}`")
            return
        yield from self.expect(
            value.get("name"), [*parts, "name"], str, _STRING, "give the tag a `name`"
        )

    # -- paths ---------------------------------------------------------------------------

    def path_item(self, value: Any, parts: Parts) -> Iterator[Finding]:
        if not isinstance(value, dict):
            yield from self.expect(
                value, parts, dict, _OBJECT, "write the path item as `{get: ..., post: ...}`"
            )
            return
        yield from self.keys(value, parts)
        if "parameters" in value:
            yield from self.parameters(value["parameters"], [*parts, "parameters"])
        if "servers" in value:
            yield from self.servers(value["servers"], [*parts, "servers"])
        for method in HTTP_METHODS:
            if method in value:
                yield from self.operation(value[method], [*parts, method])

    def operation(self, value: Any, parts: Parts) -> Iterator[Finding]:
        if not isinstance(value, dict):
            yield from self.expect(
                value,
                parts,
                dict,
                _OBJECT,
                "write the operation as `{operationId: ..., responses: ...}`",
            )
            return
        yield from self.keys(value, parts)
        if "tags" in value:
            yield from self.sequence(
                value["tags"],
                [*parts, "tags"],
                "write `tags:` as a list of tag names",
                lambda v, p: self.expect(v, p, str, _STRING, "write the tag's name"),
            )
        if "parameters" in value:
            yield from self.parameters(value["parameters"], [*parts, "parameters"])
        if "requestBody" in value:
            yield from self.body(value["requestBody"], [*parts, "requestBody"])
        if "responses" in value:
            yield from self.mapping(
                value["responses"],
                [*parts, "responses"],
                "write `responses:` as a mapping of status codes to responses",
                self.response,
            )
        if "callbacks" in value:
            yield from self.mapping(
                value["callbacks"],
                [*parts, "callbacks"],
                "write `callbacks:` as a mapping",
                self.callback,
            )
        if "security" in value:
            yield from self.security(value["security"], [*parts, "security"])
        if "servers" in value:
            yield from self.servers(value["servers"], [*parts, "servers"])

    def callback(self, value: Any, parts: Parts) -> Iterator[Finding]:
        if self.is_ref(value):
            return
        yield from self.mapping(
            value,
            parts,
            "write a callback as a mapping of expressions to path items",
            self.path_item,
        )

    def parameters(self, value: Any, parts: Parts) -> Iterator[Finding]:
        yield from self.sequence(
            value, parts, "write `parameters:` as a list of `{name: ..., in: ...}`", self.parameter
        )

    def parameter(self, value: Any, parts: Parts) -> Iterator[Finding]:
        if self.is_ref(value):
            return
        if not isinstance(value, dict):
            yield from self.expect(
                value, parts, dict, _OBJECT, "write the parameter as `{name: ..., in: ...}`"
            )
            return
        for key in ("name", "in"):
            yield from self.expect(
                value.get(key), [*parts, key], str, _STRING, f"give the parameter `{key}`"
            )
        yield from self.schema_and_content(value, parts)

    def body(self, value: Any, parts: Parts) -> Iterator[Finding]:
        if self.is_ref(value):
            return
        if not isinstance(value, dict):
            yield from self.expect(
                value, parts, dict, _OBJECT, "write the body as `{content: ...}`"
            )
            return
        yield from self.schema_and_content(value, parts)

    def response(self, value: Any, parts: Parts) -> Iterator[Finding]:
        if self.is_ref(value):
            return
        if not isinstance(value, dict):
            yield from self.expect(
                value, parts, dict, _OBJECT, "write the response as `{description: ...}`"
            )
            return
        yield from self.schema_and_content(value, parts)
        if "headers" in value:
            yield from self.mapping(
                value["headers"], [*parts, "headers"], "write `headers:` as a mapping", self.header
            )
        if "links" in value:
            yield from self.mapping(
                value["links"], [*parts, "links"], "write `links:` as a mapping", self.plain
            )

    def header(self, value: Any, parts: Parts) -> Iterator[Finding]:
        if self.is_ref(value):
            return
        if not isinstance(value, dict):
            yield from self.expect(
                value, parts, dict, _OBJECT, "write the header as `{schema: ...}`"
            )
            return
        yield from self.schema_and_content(value, parts)

    def plain(self, value: Any, parts: Parts) -> Iterator[Finding]:
        yield from self.mapping(value, parts, "write it as an object")

    def schema_and_content(self, value: dict[Any, Any], parts: Parts) -> Iterator[Finding]:
        """The `schema` and `content` of a parameter, header, body or response."""
        if value.get("schema") is not None:  # `schema: null` reads as no schema (real specs)
            yield from self.schema(value["schema"], [*parts, "schema"])
        if "content" in value:
            yield from self.mapping(
                value["content"],
                [*parts, "content"],
                "write `content:` as a mapping of media types to `{schema: ...}`",
                self.media_type,
            )

    def media_type(self, value: Any, parts: Parts) -> Iterator[Finding]:
        if not isinstance(value, dict):
            yield from self.expect(
                value, parts, dict, _OBJECT, "write the media type as `{schema: ...}`"
            )
            return
        if value.get("schema") is not None:  # `schema: null` reads as no schema (real specs)
            yield from self.schema(value["schema"], [*parts, "schema"])
        if "examples" in value:
            yield from self.mapping(
                value["examples"], [*parts, "examples"], "write `examples:` as a mapping"
            )

    def schema(self, value: Any, parts: Parts) -> Iterator[Finding]:
        """A schema and the schemas in it: objects (or booleans) where schemas belong, lists
        and mappings where the keywords want them."""
        if isinstance(value, bool):
            return
        if not isinstance(value, dict):
            yield from self.expect(
                value, parts, dict, _OBJECT, "write the schema as an object, e.g. `{type: string}`"
            )
            return
        if id(value) in self.seen or len(parts) > _MAX_DEPTH:
            return
        self.seen.add(id(value))
        for key, findings in self.schema_keywords(value, parts):
            for finding in findings:
                if finding.remove is None:
                    finding.remove = (value, key)
                yield finding

    def schema_keywords(
        self, value: dict[Any, Any], parts: Parts
    ) -> Iterator[tuple[str, Iterator[Finding]]]:
        """The checks of each keyword of a schema."""
        for key in _SCHEMA_KEYS:
            if key in value:
                yield key, self.schema(value[key], [*parts, key])
        for key in _SCHEMA_LIST_KEYS:
            if key in value:
                yield (
                    key,
                    self.sequence(
                        value[key],
                        [*parts, key],
                        f"write `{key}:` as a list of schemas",
                        self.schema,
                    ),
                )
        for key in _SCHEMA_MAP_KEYS:
            if key in value:
                yield key, self.schema_map(value[key], [*parts, key])
        for key, hint in (
            ("required", "write `required:` as a list of property names"),
            ("enum", "write `enum:` as a list of the allowed values"),
        ):
            if key in value:
                yield key, self.sequence(value[key], [*parts, key], hint)
        if "discriminator" in value:
            yield (
                "discriminator",
                self.mapping(
                    value["discriminator"],
                    [*parts, "discriminator"],
                    "write `discriminator: {propertyName: ...}`",
                ),
            )

    def schema_map(self, value: Any, parts: Parts) -> Iterator[Finding]:
        """A mapping of names to schemas (`properties`, `$defs`, ...): a bad entry is what
        lenient mode leaves out, not the whole mapping."""
        if not isinstance(value, dict):
            key = parts[-1]
            yield from self.expect(
                value, parts, dict, _OBJECT, f"write `{key}:` as a mapping of names to schemas"
            )
            return
        yield from self.keys(value, parts)
        for name, item in value.items():
            for finding in self.schema(item, [*parts, str(name)]):
                if finding.remove is None:
                    finding.remove = (value, name)
                yield finding

    # -- components ----------------------------------------------------------------------

    def components(self, value: Any, parts: Parts) -> Iterator[Finding]:
        if not isinstance(value, dict):
            yield from self.expect(value, parts, dict, _OBJECT, "write `components:` as a mapping")
            return
        yield from self.keys(value, parts)
        entries = {
            "schemas": self.schema,
            "responses": self.response,
            "parameters": self.parameter,
            "requestBodies": self.body,
            "headers": self.header,
            "callbacks": self.callback,
            "pathItems": self.path_item,
        }
        for key in _COMPONENT_MAPS:
            if key in value:
                yield from self.mapping(
                    value[key],
                    [*parts, key],
                    f"write `components.{key}` as a mapping of names to definitions",
                    entries.get(key, self.plain),
                )
