"""Deterministic, seeded values for JSON schemas: the arguments and answers of the round trip.

A value is made from the schema alone (the spec's raw document, references followed): every
property of an object, optional ones included (below a depth limit), arrays of two items,
strings that satisfy their format and length, numbers inside their bounds. `readOnly`
properties are left out of requests, `writeOnly` ones out of responses (unless required, in
OpenAPI 3.1: below).
"""

from __future__ import annotations

import base64
import json
import math
import random
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import unquote

Mode = Literal["request", "response"]

_FORMATS = {
    "date": "2024-05-{day:02d}",
    "date-time": "2024-05-{day:02d}T12:30:00Z",
    "time": "12:30:{day:02d}",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66af{day:02d}",
    "email": "user{day}@example.com",
    "uri": "https://example.com/item/{day}",
    "url": "https://example.com/item/{day}",
    "hostname": "host{day}.example.com",
    "ipv4": "192.0.2.{day}",
}


class Unsynthesisable(Exception):
    """A schema this generator cannot make a value for (the reason is the message)."""


class NoValidValue(Unsynthesisable):
    """A schema no value satisfies, as follows from the schema itself (the reason, which
    says why, is the message): the spec allows no such request or answer."""


class Synth:
    """`check(schema, value)`, when given, says whether a value is valid for a schema of the
    document: a oneOf then gets a value valid under exactly one of its options."""

    def __init__(
        self, doc: dict[str, Any], seed: int, check: Callable[[Any, Any], bool] | None = None
    ) -> None:
        self.doc = doc
        self.version_31 = not str(doc.get("openapi", "")).startswith("3.0")
        self.rng = random.Random(seed)
        self.check = check
        self._subtyping = False  # making a subtype's value for a base with a discriminator

    def resolve(self, schema: Any) -> Any:
        seen = 0
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if not ref.startswith("#/"):
                raise Unsynthesisable(f"external reference {ref}")
            node: Any = self.doc
            for part in ref[2:].split("/"):
                key = unquote(part).replace("~1", "/").replace("~0", "~")
                node = node[int(key)] if isinstance(node, list) else node[key]
            schema = node
            seen += 1
            if seen > 50:
                raise Unsynthesisable("reference loop")
        return schema

    def value(self, schema: Any, mode: Mode = "request", depth: int = 0) -> Any:
        schema = self.resolve(schema)
        if schema is True or schema is None or schema == {}:
            return f"any{self.rng.randint(1, 9)}"
        if not isinstance(schema, dict):
            raise Unsynthesisable(f"schema {schema!r}")
        if depth > 8:
            raise Unsynthesisable("schema nested too deep")
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list):
            options = [v for v in schema["enum"] if v is not None]
            if not options:
                raise Unsynthesisable(
                    "an enum whose only value is null: OpenAPI gives null no text form in a"
                    " query string or a multipart field"
                )
            return options[self.rng.randrange(len(options))]
        disc = schema.get("discriminator")
        mapping = disc.get("mapping") if isinstance(disc, dict) else None
        if (
            isinstance(mapping, dict)
            and mapping
            and not self._subtyping
            and not any(k in schema for k in ("oneOf", "anyOf"))
        ):
            # A base schema with a discriminator, referred to directly: a value of the first
            # subtype its mapping names, tagged.
            tag, ref = next(iter(mapping.items()))
            self._subtyping = True
            try:
                made = self.value({"$ref": ref}, mode, depth + 1)
            finally:
                self._subtyping = False
            if isinstance(made, dict) and isinstance(disc, dict) and disc.get("propertyName"):
                made[disc["propertyName"]] = tag
            return made
        if "allOf" in schema:
            self.satisfiable_all_of(schema)
            return self.value(self.merged(schema), mode, depth + 1)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                options = [o for o in schema[key] if self.resolve(o).get("type") != "null"]
                if not options:
                    return None
                if key == "oneOf" and "discriminator" not in schema:
                    self.satisfiable_one_of(schema, options)
                # An empty object would match every object option of a oneOf: take the
                # first option that gives a value with something in it, and, with a
                # checker, one valid under exactly one option.
                made: list[Any] = []
                for option in options:
                    chosen = self._discriminated(
                        schema, option, self.value(option, mode, depth + 1)
                    )
                    made.append(chosen)
                    if chosen == {}:
                        continue
                    # A discriminator picks the option, whichever others also fit.
                    exclusive = key == "oneOf" and "discriminator" not in schema
                    if not exclusive or self.check is None or self.check(schema, chosen):
                        return chosen
                if key == "oneOf" and "discriminator" not in schema and self.check is not None:
                    for candidate in self._separating(options, made):
                        if self.check(schema, candidate):
                            return candidate
                    raise Unsynthesisable(
                        "a oneOf whose options overlap: no value made from one option is "
                        "invalid for the others"
                    )
                return made[0]
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if kinds else "null"
        if kind is None:
            kind = (
                "object"
                if "properties" in schema
                else "array"
                if "items" in schema or "prefixItems" in schema
                else None
            )
        if kind == "null":
            return None
        if kind == "object":
            return self.object(schema, mode, depth)
        if kind == "array":
            if isinstance(schema.get("prefixItems"), list):
                return self.positional(schema, mode, depth)
            count = max(int(schema.get("minItems", 2)), 1)
            if "maxItems" in schema:
                count = min(count, int(schema["maxItems"]))
            items = [self.value(schema.get("items", {}), mode, depth + 1) for _ in range(count)]
            if schema.get("uniqueItems") and len({repr(i) for i in items}) < len(items):
                items = items[:1]
            return items
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind in ("integer", "number"):
            return self.number(schema, kind)
        if kind == "string" or kind is None:
            return self.string(schema)
        raise Unsynthesisable(f"type {kind!r}")

    def positional(self, schema: dict[str, Any], mode: Mode, depth: int) -> list[Any]:
        """A `prefixItems` array: every position of the prefix, then one item of the tail
        when `items` allows one, within `minItems` and `maxItems`."""
        prefix = schema["prefixItems"]
        tail = schema.get("items", {})
        low = int(schema.get("minItems", 0))
        high = schema.get("maxItems")
        length = len(prefix) + (0 if tail is False else 1)
        length = max(low, length if high is None else min(int(high), length))
        if length > len(prefix) and tail is False:
            raise Unsynthesisable("`minItems` beyond a closed `prefixItems`")
        return [
            self.value(prefix[i] if i < len(prefix) else tail, mode, depth + 1)
            for i in range(length)
        ]

    def _separating(self, options: list[Any], made: list[Any]) -> list[Any]:
        """Objects that might fit one option of an overlapping oneOf only: each value made,
        with the properties other options declare set to values of the wrong type (a
        free-form object accepts them, the options that declare them do not): first one
        property of every other option at once, then one property at a time."""
        declared = [self._declared(option) for option in options]
        found: list[Any] = []
        for index, value in enumerate(made):
            if not isinstance(value, dict):
                continue
            apart = dict(value)
            for other, props in enumerate(declared):
                if other == index:
                    continue
                name = next((n for n in props if n not in declared[index]), None)
                if name is not None:
                    apart[name] = _wrong(self.resolve(props[name]))
            found.append(apart)
        for value in made:
            if not isinstance(value, dict):
                continue
            for props in declared:
                for name in props:
                    found += [{**value, name: 12345}, {**value, name: "not-of-its-type"}]
        return found

    def _declared(self, option: Any) -> dict[str, Any]:
        """The properties an option of a oneOf declares (its allOf members' too)."""
        resolved = self.resolve(option)
        if isinstance(resolved, dict) and "allOf" in resolved:
            resolved = self.merged(resolved)
        props = resolved.get("properties") if isinstance(resolved, dict) else None
        return props if isinstance(props, dict) else {}

    def _discriminated(self, schema: dict[str, Any], option: Any, chosen: Any) -> Any:
        """`chosen` with the discriminator property naming its option, when there is one."""
        disc = schema.get("discriminator")
        if isinstance(disc, dict) and isinstance(chosen, dict):
            name = disc.get("propertyName")
            ref = option.get("$ref", "") if isinstance(option, dict) else ""
            schema_name = unquote(ref.rsplit("/", 1)[-1])
            # A mapping value is a reference or a schema's bare name.
            mapped = [
                k for k, v in (disc.get("mapping") or {}).items() if ref and v in (ref, schema_name)
            ]
            if name and mapped:
                chosen[name] = mapped[0]
            elif name and ref:  # no mapping for it: the schema's name
                chosen[name] = schema_name
        return chosen

    def merged(self, schema: dict[str, Any]) -> dict[str, Any]:
        """One schema with the properties and `required` of every `allOf` member.

        A member (or the schema itself) with `additionalProperties: false` accepts no
        property but its own, whatever the other members declare (JSON Schema applies it
        to each member alone): the merged schema keeps only the properties every such
        member declares, and says so with `additionalProperties: false` of its own."""
        out: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        allowed = _closed(out)
        for member in schema["allOf"]:
            member = self.resolve(member)
            if "allOf" in member:
                member = self.merged(member)
            closed = _closed(member)
            if closed is not None:
                allowed = closed if allowed is None else allowed & closed
            for key, value in member.items():
                if key == "properties":
                    out["properties"] = {**out.get("properties", {}), **value}
                elif key == "required":
                    out["required"] = [*out.get("required", []), *value]
                elif not (key == "additionalProperties" and value is False):
                    out.setdefault(key, value)
        if allowed is not None:
            out["additionalProperties"] = False
            out["properties"] = {
                k: v for k, v in (out.get("properties") or {}).items() if k in allowed
            }
            refused = [r for r in out.get("required") or [] if r not in allowed]
            if refused:
                raise Unsynthesisable(
                    f"`allOf` members require {refused[0]!r}, and one with"
                    " `additionalProperties: false` does not declare it: no value is valid"
                )
        return out

    def object(self, schema: dict[str, Any], mode: Mode, depth: int) -> dict[str, Any]:
        required = set(schema.get("required") or [])
        out: dict[str, Any] = {}
        skip = "readOnly" if mode == "request" else "writeOnly"
        for name, prop in (schema.get("properties") or {}).items():
            resolved = self.resolve(prop)
            # OpenAPI 3.0 lets `required` take effect on one side only for such a property;
            # 3.1 leaves `readOnly` and `writeOnly` to JSON Schema, where they are
            # annotations and `required` holds both ways: a required one is kept.
            kept = name in required and self.version_31
            if isinstance(resolved, dict) and resolved.get(skip) is True and not kept:
                continue
            if name in required or depth < 3:
                made = self.property_value(name, prop, name in required, mode, depth)
                if made is not _ABSENT:
                    out[name] = made
        extra = schema.get("additionalProperties")
        if not schema.get("properties") and isinstance(extra, dict):
            out["key1"] = self.value(extra, mode, depth + 1)
        return out

    def property_value(self, name: str, prop: Any, required: bool, mode: Mode, depth: int) -> Any:
        """A value for property `name`; `_ABSENT` for an optional one no value satisfies (an
        object without it is valid)."""
        try:
            return self.value(prop, mode, depth + 1)
        except NoValidValue as exc:
            if required:
                raise NoValidValue(f"required property {name!r}: {exc}") from exc
            return _ABSENT

    # -- proofs that no value exists -------------------------------------------------------

    def satisfiable_one_of(self, schema: dict[str, Any], options: list[Any]) -> None:
        """Raise NoValidValue when no value is valid under exactly one option of a oneOf:
        every option is the same schema as another option (annotations aside), so a value
        valid under one is valid under its twin too, or satisfies nothing (an allOf whose
        members allow no common type). Not when null may be valid: a null option, or
        `nullable`."""
        if schema.get("nullable") is True or len(options) < len(schema["oneOf"]):
            return
        forms: dict[str, int] = {}
        for option in options:
            resolved = self.resolve(option)
            if isinstance(resolved, dict) and _types_of_all_of(self, resolved) == set():
                continue  # valid for no value
            # Keywords beside a `$ref` constrain it too (OpenAPI 3.1): part of the form.
            beside = option if isinstance(option, dict) and "$ref" in option else {}
            form = _same_schema_form(resolved) + _same_schema_form(
                {k: v for k, v in beside.items() if k != "$ref"}
            )
            forms[form] = forms.get(form, 0) + 1
        if all(count >= 2 for count in forms.values()):
            raise NoValidValue(
                "a oneOf whose every option is the same schema as another one: every value is"
                " valid under none or under two or more of them"
            )

    def satisfiable_all_of(self, schema: dict[str, Any]) -> None:
        """Raise NoValidValue when the members of an allOf (and the schema beside it) allow
        no common JSON type (`string` and `integer`)."""
        if _types_of_all_of(self, schema) == set():
            raise NoValidValue(
                "an allOf whose members allow no common type: "
                + " and ".join(
                    repr(m.get("type"))
                    for m in map(self.resolve, schema["allOf"])
                    if isinstance(m, dict) and "type" in m
                )
            )

    def number(self, schema: dict[str, Any], kind: str) -> int | float:
        ex_low, ex_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        low = schema.get("minimum", ex_low if _is_number(ex_low) else 1)
        if ex_low is True or _is_number(ex_low):
            low = math.floor(low) + 1
        high = schema.get("maximum", ex_high if _is_number(ex_high) else low + 100)
        if ex_high is True or _is_number(ex_high):
            high = math.ceil(high) - 1
        value = self.rng.randint(math.ceil(low), max(math.ceil(low), math.floor(high)))
        multiple = schema.get("multipleOf")
        if isinstance(multiple, int) and multiple > 0:
            value = max(value - value % multiple, multiple)
        if kind == "number" and value + 0.5 <= high:
            return value + 0.5
        return value

    def string(self, schema: dict[str, Any]) -> str:
        day = self.rng.randint(1, 28)
        fmt = schema.get("format")
        if fmt in _FORMATS:
            return _FORMATS[fmt].format(day=day)
        if fmt == "byte":
            return base64.b64encode(f"bytes{day}".encode()).decode("ascii")
        if "pattern" in schema:
            for candidate in (
                schema.get("example"),
                schema.get("default"),
                *(schema.get("examples") or []),
            ):
                if isinstance(candidate, str):
                    return candidate
            raise Unsynthesisable(f"a string with pattern {schema['pattern']!r} and no example")
        text = f"text{day}"
        low = int(schema.get("minLength", 0))
        high = int(schema.get("maxLength", max(len(text), low)))
        text = (text * (low // len(text) + 1))[: max(low, min(len(text), high))]
        return text[:high]

    def file(self, name: str) -> bytes:
        return f"file {name} {self.rng.randint(1, 999)}\n".encode()


def _closed(schema: dict[str, Any]) -> set[str] | None:
    """The only property names a schema with `additionalProperties: false` accepts (those it
    declares, when it has no `patternProperties`), or None when it accepts any."""
    if schema.get("additionalProperties") is not False or schema.get("patternProperties"):
        return None
    return set(schema.get("properties") or {})


_ABSENT: Any = object()  # an optional property left out
# Keywords that say nothing about which values are valid.
_ANNOTATIONS = frozenset(
    {"title", "description", "example", "examples", "deprecated", "externalDocs", "$comment"}
)
_JSON_TYPES = frozenset({"null", "boolean", "object", "array", "number", "integer", "string"})


def _same_schema_form(schema: Any) -> str:
    """A text that two schemas share when they accept the same values because they differ in
    annotations only (top-level ones; anything else that differs makes the texts differ)."""
    if isinstance(schema, dict):
        schema = {
            k: v for k, v in schema.items() if k not in _ANNOTATIONS and not k.startswith("x-")
        }
    return json.dumps(schema, sort_keys=True, default=str)


def _types_of(schema: dict[str, Any]) -> set[str] | None:
    """The JSON types a schema's `type` (and `nullable`) allows, `integer` within `number`;
    None when it does not say, or names a type JSON Schema does not know (`file`)."""
    kind = schema.get("type")
    kinds = {kind} if isinstance(kind, str) else set(kind) if isinstance(kind, list) else None
    if kinds is None or not kinds <= _JSON_TYPES:
        return None
    if "number" in kinds:
        kinds.add("integer")
    if schema.get("nullable") is True:
        kinds.add("null")
    return kinds


def _types_of_all_of(synth: Synth, schema: dict[str, Any], depth: int = 0) -> set[str] | None:
    """The JSON types a value of `schema` may have by its `type` and those of its allOf
    members (nested ones too): the intersection; None when none of them says. An empty set
    means no value has a type they all allow."""
    found = _types_of(schema)
    members = schema.get("allOf") if depth < 20 else None
    for member in members if isinstance(members, list) else ():
        resolved = synth.resolve(member)
        if not isinstance(resolved, dict):
            continue
        kinds = _types_of_all_of(synth, resolved, depth + 1)
        if kinds is not None:
            found = kinds if found is None else found & kinds
    return found


def _wrong(schema: Any) -> Any:
    """A value of another JSON type than the one a property's schema declares."""
    kind = schema.get("type") if isinstance(schema, dict) else None
    if kind == "string" or (isinstance(kind, list) and "string" in kind):
        return 12345
    return "not-of-its-type"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
