"""Deterministic, seeded values for JSON schemas: the arguments and answers of the round trip.

A value is made from the schema alone (the spec's raw document, references followed): every
property of an object, optional ones included (below a depth limit), arrays of two items,
strings that satisfy their format and length, numbers inside their bounds. `readOnly`
properties are left out of requests, `writeOnly` ones out of responses (unless required, in
OpenAPI 3.1: below).
"""

from __future__ import annotations

import base64
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
            return self.value(self.merged(schema), mode, depth + 1)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                options = [o for o in schema[key] if self.resolve(o).get("type") != "null"]
                if not options:
                    return None
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
        with a property another option declares set to a value of the wrong type (a
        free-form object accepts it, the option that declares it does not)."""
        found: list[Any] = []
        for value in made:
            if not isinstance(value, dict):
                continue
            for option in options:
                resolved = self.resolve(option)
                if isinstance(resolved, dict) and "allOf" in resolved:
                    resolved = self.merged(resolved)
                names = (resolved.get("properties") or {}) if isinstance(resolved, dict) else {}
                for name in names:
                    found += [{**value, name: 12345}, {**value, name: "not-of-its-type"}]
        return found

    def _discriminated(self, schema: dict[str, Any], option: Any, chosen: Any) -> Any:
        """`chosen` with the discriminator property naming its option, when there is one."""
        disc = schema.get("discriminator")
        if isinstance(disc, dict) and isinstance(chosen, dict):
            name = disc.get("propertyName")
            ref = option.get("$ref", "") if isinstance(option, dict) else ""
            mapped = [k for k, v in (disc.get("mapping") or {}).items() if v == ref]
            if name and mapped:
                chosen[name] = mapped[0]
            elif name and ref:  # no mapping for it: the schema's name
                chosen[name] = unquote(ref.rsplit("/", 1)[-1])
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
                out[name] = self.value(prop, mode, depth + 1)
        extra = schema.get("additionalProperties")
        if not schema.get("properties") and isinstance(extra, dict):
            out["key1"] = self.value(extra, mode, depth + 1)
        return out

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


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
