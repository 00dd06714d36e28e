"""Schema preparation for the model generator: class names for component schemas, copies
cleaned for datamodel-code-generator (references renamed to class names, allOf merged where a
class hierarchy would not type-check), inline schemas given classes of their own."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from .. import _names
from .._ir import ModelRef
from .._patterns import locate, reason, usable
from .._refs import (
    DATA_KEYWORDS,
    MISSING,
    component_name,
    inline_ref,
    ref_parts,
    resolve_ref,
    walk,
    walk_dicts,
)
from .._schema_shapes import ANNOTATION_KEYS, is_object_schema
from .._source import clean_text
from ._diagnostics import Diagnostics
from ._spec import SCHEMA_REF, follow

# Keywords whose values are schemas, lists of schemas, or maps of schemas.
_SCHEMA_KEYS = (
    "items", "not", "if", "then", "else", "contains", "propertyNames",
    "unevaluatedItems", "unevaluatedProperties", "additionalItems",
)  # fmt: skip
_SCHEMA_LIST_KEYS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_MAP_KEYS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
# What `clean_schema` does with each keyword's value (one lookup per keyword); copied as it is
# when not listed.
_KEYWORD_KINDS: dict[str, str] = {
    **dict.fromkeys(_SCHEMA_KEYS, "schema"),
    "additionalProperties": "schema",  # a schema, or a boolean
    **dict.fromkeys(_SCHEMA_LIST_KEYS, "list"),
    **dict.fromkeys(_SCHEMA_MAP_KEYS, "map"),
    "$ref": "$ref",
    "default": "default",
    "pattern": "pattern",
    "description": "text",
    "title": "text",
}
# Values `copy.deepcopy` returns as they are.
_ATOMIC = frozenset({str, int, float, bool, type(None)})


def _copied(value: Any) -> Any:
    """`copy.deepcopy(value)`, without its machinery for the plain values most keywords hold."""
    return value if type(value) in _ATOMIC else copy.deepcopy(value)


class SchemaSet:
    """The schemas handed to the model generator, by class name, and the class of each
    component schema."""

    def __init__(
        self, doc: dict[str, Any], diagnostics: Diagnostics, classes: _names.NameScope
    ) -> None:
        self.doc = doc
        self.diagnostics = diagnostics
        self.classes = classes
        self.schemas: dict[str, Any] = {}
        self.class_of: dict[str, str] = {}  # component schema name -> class name
        # References into a component schema (`#/components/schemas/A/properties/b`) whose
        # target became a class of its own: reference -> class name.
        self.ref_classes: dict[str, str] = {}
        # Schemas whose `default` is not a value of their type: left out, reported.
        self.bad_defaults: list[dict[str, Any]] = []
        # Patterns no engine the models can use compiles, left out (reported once each).
        self.dropped_patterns: dict[str, None] = {}
        # The tag property and tags each component schema's class carries: those of the first
        # discriminator (component schemas first, then document order) that names it.
        self.first_tags: dict[str, tuple[str, tuple[str, ...]]] = {}
        # A class per schema and other (property, tags) a discriminator gives it: the model
        # generator writes the tag into the class, so a class serves one tagging only.
        self.tagged_copies: dict[tuple[str, str, tuple[str, ...]], str] = {}

    def claim_component_names(self) -> None:
        """Name a class for every component schema and prepare each for the model generator."""
        schemas = (self.doc.get("components") or {}).get("schemas") or {}
        if not isinstance(schemas, dict):
            return
        for name in schemas:
            self.class_of[name] = self.classes.claim(_names.pascal_case(str(name)), "Model")
        self.first_tags = self.plan_tags(schemas)
        for name in schemas:
            self.add(self.class_of[name], self.clean_schema(self.prepared(name)))
        self.check_schema_cycles(schemas)

    def prepared(self, name: str) -> Any:
        """The component schema `name` as its class is made from."""
        schema = ((self.doc.get("components") or {}).get("schemas") or {})[name]
        if name in self.first_tags and isinstance(schema, dict) and "allOf" in schema:
            # The model generator narrows the discriminator property to a Literal in each
            # subclass, an incompatible override of the base's type: merge instead.
            schema = self.flatten_all_of(schema, set())
        return schema

    # -- discriminators ----------------------------------------------------------------------

    def plan_tags(self, schemas: dict[str, Any]) -> dict[str, tuple[str, tuple[str, ...]]]:
        """For each component schema a discriminator names, the tag property and (sorted)
        tags of the first such discriminator: its class carries those, and any other tagging
        gets a class of its own (`tagged_class`)."""
        first: dict[str, tuple[str, tuple[str, ...]]] = {}
        rest = {k: v for k, v in self.doc.items() if k != "components"}
        components = {k: v for k, v in (self.doc.get("components") or {}).items() if k != "schemas"}
        for root in (schemas, components, rest):
            for node in walk_dicts(root, skip=DATA_KEYWORDS):
                found = self.discriminator_tags(node) if "discriminator" in node else None
                if found is not None:
                    prop, tags = found
                    for name, named in tags.items():
                        first.setdefault(name, (prop, tuple(sorted(named))))
        return first

    def mapped_component(self, target: Any) -> str | None:
        """The component schema a discriminator mapping value names: a reference, or a bare
        schema name (OpenAPI allows both); None for anything else."""
        if not isinstance(target, str):
            return None
        name = component_name(target) if target.startswith("#") else target
        return name if name in self.class_of else None

    def discriminator_tags(self, node: dict[str, Any]) -> tuple[str, dict[str, list[str]]] | None:
        """The tag property of a schema's discriminator and, for each component schema it
        names, its tags: the mapping's keys for it, or, for a `oneOf`/`anyOf` option the
        mapping leaves out, the schema's name (OpenAPI's implicit mapping). None when the
        schema has no discriminator naming a component schema."""
        disc = node.get("discriminator")
        prop = disc.get("propertyName") if isinstance(disc, dict) else None
        if not isinstance(disc, dict) or not isinstance(prop, str):
            return None
        tags: dict[str, list[str]] = {}
        mapping = disc.get("mapping")
        for tag, target in mapping.items() if isinstance(mapping, dict) else ():
            name = self.mapped_component(target)
            if name is not None:
                tags.setdefault(name, []).append(str(tag))
        for key in ("oneOf", "anyOf"):
            options = node.get(key)
            for option in options if isinstance(options, list) else ():
                name = _option_component(option)
                if name is not None and name in self.class_of:
                    tags.setdefault(name, [name])
        return (prop, tags) if tags else None

    def tagged_class(self, name: str, prop: str, tags: list[str]) -> str:
        """The class of component schema `name` tagged with `tags` in property `prop`: its
        own class when that is its first tagging, else a copy made for this tagging (a class
        the model generator gave one tag would refuse the others')."""
        tagging = (prop, tuple(sorted(tags)))
        if self.first_tags.get(name, tagging) == tagging:
            return self.class_of[name]
        key = (name, *tagging)
        if key not in self.tagged_copies:
            hint = f"{name} as {tags[0]}"
            self.tagged_copies[key] = copy_name = self.classes.claim(
                _names.pascal_case(hint), "Model"
            )
            self.add(copy_name, self.clean_schema(self.prepared(name)))
        return self.tagged_copies[key]

    def retag(self, node: dict[str, Any], out: dict[str, Any]) -> None:
        """Write the discriminator of cleaned schema `out` (of `node`) as the model generator
        needs it: every mapping value a reference to the class of the schema it names (bare
        schema names included), the implicit mapping of `oneOf`/`anyOf` options written out
        (their tag is the schema's name, not its class name), and each option that another
        discriminator tags differently replaced by its copy for this tagging."""
        found = self.discriminator_tags(node)
        if found is None or not isinstance(out.get("discriminator"), dict):
            return
        prop, tags = found
        classes = {name: self.tagged_class(name, prop, named) for name, named in tags.items()}
        mapping: dict[str, Any] = {}
        raw = node["discriminator"].get("mapping")
        for tag, target in raw.items() if isinstance(raw, dict) else ():
            name = self.mapped_component(target)
            mapping[str(tag)] = target if name is None else SCHEMA_REF + classes[name]
        for name, named in tags.items():
            for tag in named:
                mapping.setdefault(tag, SCHEMA_REF + classes[name])
        out["discriminator"] = {**out["discriminator"], "mapping": mapping}
        for key in ("oneOf", "anyOf"):
            options, cleaned = node.get(key), out.get(key)
            if not isinstance(options, list) or not isinstance(cleaned, list):
                continue
            for option, written in zip(options, cleaned, strict=True):
                name = _option_component(option)
                if name in classes and isinstance(written, dict) and "$ref" in written:
                    written["$ref"] = SCHEMA_REF + classes[name]

    def check_schema_cycles(self, schemas: dict[str, Any]) -> None:
        """A schema that is itself through `$ref`/`allOf`/`anyOf`/`oneOf` alone, with no
        property or item in between, describes no value: refuse it."""

        def direct(node: Any) -> Iterator[str]:
            if not isinstance(node, dict):
                return
            ref = node.get("$ref")
            name = component_name(ref) if isinstance(ref, str) else None
            if name is not None:
                yield name
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
                    self.diagnostics.problem(
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
            return _copied(node)
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = self.class_for_ref(ref)
            if name is not None:
                siblings = self.clean_schema({k: v for k, v in node.items() if k != "$ref"})
                return {"$ref": SCHEMA_REF + name, **siblings}
            inlined = inline_ref(self.doc, node, self.class_of, self.clean_schema)
            if inlined is not None:  # a reference into `paths` or into a schema: its copy
                return inlined
        if "allOf" in node and self.needs_flattening(node):
            node = self.flatten_all_of(node, set())
        out: dict[str, Any] = {}
        for key, value in node.items():
            kind = _KEYWORD_KINDS.get(key)
            if kind is None:
                out[key] = _copied(value)
            elif kind == "schema" and (key != "additionalProperties" or isinstance(value, dict)):
                out[key] = self.clean_schema(value)
            elif key == "additionalProperties" and value is False:
                continue
            elif kind == "$ref" and isinstance(value, str):
                out[key] = self.rename_ref(value)
            elif kind == "default":
                if not _fits(value, node):
                    self.bad_defaults.append(node)
                elif node.get("type") == "integer" and isinstance(value, float):
                    out[key] = int(value)  # `2.0`: an integer, written as one
                else:
                    out[key] = _copied(value)
            elif kind == "pattern" and isinstance(value, str):
                pattern = usable(value)
                if pattern is None:
                    self.dropped_patterns.setdefault(value)
                else:
                    out[key] = pattern
            elif kind == "list" and isinstance(value, list):
                out[key] = [self.clean_schema(v) for v in value]
            elif kind == "text" and isinstance(value, str):
                out[key] = clean_text(value)
            elif kind == "map" and isinstance(value, dict):
                cleaned = {k: self.clean_schema(v) for k, v in value.items()}
                if key == "properties":
                    for prop_name, prop in cleaned.items():
                        if isinstance(prop, dict):
                            prop = cleaned[prop_name] = _annotated_ref(prop)
                            prop.pop("title", None)
                out[key] = cleaned
            else:
                out[key] = _copied(value)
        if "discriminator" in node:
            self.retag(node, out)
        return out

    def class_for_ref(self, ref: str) -> str | None:
        """The class of an object schema that a reference names inside a component schema
        (`#/components/schemas/A/properties/b`, `.../A/allOf/0`), made once per reference;
        None for any other reference.

        Such targets are not copied at each reference: bundled specs (Azure's, converted from
        many files) refer deep into one schema's inline parts from dozens of places, and parts
        refer to other parts, so copies of copies grow exponentially (a 17-operation spec took
        gigabytes). A class of its own keeps each part once; a loop back into it is a
        recursive model.
        """
        if ref in self.ref_classes:
            return self.ref_classes[ref]
        parts = ref_parts(ref)
        if parts is None or len(parts) < 4 or parts[:2] != ["components", "schemas"]:
            return None
        if parts[2] not in self.class_of:
            return None
        target = resolve_ref(self.doc, ref)
        if not (
            isinstance(target, dict)
            and is_object_schema(target)
            and any(key in target for key in ("properties", "allOf", "anyOf", "oneOf"))
        ):
            return None
        name = self.classes.claim(_names.pascal_case(_ref_hint(parts)), "Model")
        self.ref_classes[ref] = name  # before cleaning: a loop back is a reference to the class
        self.add(name, self.clean_schema(target))
        return name

    def report_defaults(self) -> None:
        """One warning per schema whose default was left out, naming where it is."""
        wanted = {id(node) for node in self.bad_defaults}
        found: dict[int, list[str | int]] = {}
        for node, at in walk(self.doc):
            if len(found) == len(wanted):
                break
            if isinstance(node, dict) and id(node) in wanted:
                found.setdefault(id(node), list(at))
        reported: set[int] = set()
        for node in self.bad_defaults:
            if id(node) in reported:
                continue
            reported.add(id(node))
            parts = found.get(id(node), ["components", "schemas"])
            self.diagnostics.warn(
                [*parts, "default"] if id(node) in found else parts,
                f"default {node.get('default')!r} is not a {node.get('type')}: left out of the "
                "model",
                "make the default a value of the schema's type",
            )

    def report_patterns(self) -> None:
        """One warning per pattern left out of the models, naming where it first is."""
        for pattern in self.dropped_patterns:
            places = list(locate(self.doc, pattern))
            parts: list[str | int] = places[0] if places else ["components", "schemas"]
            more = len(places) - 1
            also = f" (and in {more} other place{'s' if more > 1 else ''})" if more > 0 else ""
            shown = pattern if len(pattern) <= 80 else pattern[:77] + "..."
            self.diagnostics.warn(
                parts,
                f"pattern {shown!r} is not checked by the models{also}: neither pydantic's "
                f"regular expression engine nor Python's compiles it ({reason(pattern)})",
                "write it as an ECMA-262 expression (no `\\p{Alpha}`-style Java classes)",
            )

    # -- allOf that cannot be a class hierarchy ---------------------------------------------

    def component(self, node: Any) -> Any:
        """The component schema a `$ref` node points to, or the node itself."""
        ref = node.get("$ref") if isinstance(node, dict) else None
        if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
            target = resolve_ref(self.doc, ref)
            return None if target is MISSING else target
        return node

    def own_properties(self, node: Any, seen: frozenset[int] = frozenset()) -> dict[str, Any]:
        """Every property a schema declares, its own and its allOf members' (later ones win),
        references followed."""
        node = follow(self.doc, node)
        if not isinstance(node, dict) or id(node) in seen:
            return {}
        seen = seen | {id(node)}
        found: dict[str, Any] = {}
        for member in node.get("allOf") or []:
            found.update(self.own_properties(member, seen))
        props = node.get("properties")
        if isinstance(props, dict):
            found.update({str(k): v for k, v in props.items()})
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
            props = self.own_properties(member)
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
            target = self.component(member)
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
        name = component_name(ref)
        if name is not None and name in self.class_of:
            return SCHEMA_REF + self.class_of[name]
        return ref

    def hoist(self, schema: dict[str, Any], hint: str) -> ModelRef:
        """Give an inline schema a class of its own."""
        name = self.classes.claim(_names.pascal_case(hint), "Model")
        self.add(name, self.clean_schema(schema))
        return ModelRef(name)

    def add(self, name: str, schema: Any) -> None:
        """Hand a cleaned schema to the model generator as class `name`, each inline class at
        its root named here first.

        The model generator names an inline class after its parent and its place, and then
        prefixes the parent's name again: the options of a root `oneOf` of `Pet` became
        `PetPet` and `PetPet1`, the items of a root array `PetPetItem`. Those parts become
        classes of their own, named from the parent and what tells them apart: a tag value
        (a property every option fixes to a different `const`), a title, the place (`Item`,
        `Value`), or the option's position.
        """
        self._name_parts(name, "", schema)
        self.schemas[name] = schema

    def _name_parts(self, parent: str, place: str, node: Any) -> None:
        """Name the inline classes `node` holds at a place that no property names (array
        items, map values, union options), replacing each with a reference to its class."""
        if not isinstance(node, dict) or "$ref" in node:
            return
        parts: list[tuple[Any, str | int, str]] = []  # (container, key, place)
        if isinstance(node.get("items"), dict):
            parts.append((node, "items", place + "Item"))
        if isinstance(node.get("additionalProperties"), dict):
            parts.append((node, "additionalProperties", place + "Value"))
        for union in ("oneOf", "anyOf"):
            options = node.get(union)
            if isinstance(options, list) and _plain_union(node):
                for index, label in _option_labels(options, place).items():
                    parts.append((options, index, place + label))
        for container, at, where in parts:
            child = container[at]
            if not _forms_class(child):
                self._name_parts(parent, where, child)
                continue
            name = self.classes.claim(_names.pascal_case(parent + where), "Model")
            container[at] = {"$ref": SCHEMA_REF + name}
            self.add(name, child)


# Keywords that only annotate a schema (moved out of `allOf` members by `_annotated_ref`).
_MOVABLE = ANNOTATION_KEYS - {"default", "nullable"}


def _annotated_ref(prop: dict[str, Any]) -> dict[str, Any]:
    """A property that is a reference plus annotations spread over `allOf`
    (`{allOf: [{$ref: X}, {description: ...}]}`, or `{allOf: [{$ref: X}], deprecated: true}`),
    written as the reference with the annotations beside it (`{$ref: X, description: ...}`);
    any other property as it is.

    The forms mean the same in JSON Schema. The model generator drops annotations held in
    `allOf` members (a field loses its description and `deprecated`), and merging such an
    `allOf` costs it more than the rest of the field: the AWS descriptions, which write every
    property that way, took twice as long. A key given twice, or anything besides
    annotations, leaves the property as it is.
    """
    members = prop.get("allOf")
    if not isinstance(members, list) or not members:
        return prop
    refs = [m for m in members if isinstance(m, dict) and set(m) == {"$ref"}]
    if len(refs) != 1:
        return prop
    out: dict[str, Any] = dict(refs[0])
    for holder in (prop, *(m for m in members if m is not refs[0])):
        if not isinstance(holder, dict):
            return prop
        for key, value in holder.items():
            if holder is prop and key == "allOf":
                continue
            if key in out or not (key in _MOVABLE or str(key).startswith("x-")):
                return prop
            out[key] = value
    return out


def _option_component(option: Any) -> str | None:
    """The component schema a union option refers to (`{$ref: ...}`), if any."""
    ref = option.get("$ref") if isinstance(option, dict) else None
    return component_name(ref) if isinstance(ref, str) else None


def _forms_class(node: Any) -> bool:
    """Whether the model generator writes a class for an inline schema: an object with
    properties, or an enum."""
    if not isinstance(node, dict) or "$ref" in node:
        return False
    if isinstance(node.get("enum"), list):
        return any(value is not None for value in node["enum"])
    properties = node.get("properties")
    return is_object_schema(node) and isinstance(properties, dict) and bool(properties)


# Keywords beside `oneOf`/`anyOf` that leave its options as they are. The model generator
# copies others into every option (properties, required, allOf: an object with variants),
# and a discriminator without a mapping names its options by their schemas' names.
_UNION_SIBLINGS = frozenset(
    {"oneOf", "anyOf", "type", "nullable", "title", "description", "default", "example",
     "examples", "deprecated", "readOnly", "writeOnly", "externalDocs", "$comment"}
)  # fmt: skip


def _plain_union(node: dict[str, Any]) -> bool:
    """Whether a union's options are classes of their own as they stand (see above)."""
    return all(key in _UNION_SIBLINGS or key.startswith("x-") for key in node) and not (
        "oneOf" in node and "anyOf" in node
    )


def _option_labels(options: list[Any], place: str) -> dict[int, str]:
    """What tells apart the options of a union that become classes, by position: the value
    each fixes a shared tag property to, else their titles, else their positions (`Option2`);
    nothing for a lone class at a place already named (a map's value, an array's item)."""
    classes = [i for i, option in enumerate(options) if _forms_class(option)]
    labels = {i: f"Option{i + 1}" for i in range(len(options))}  # also for nested unions
    if len(classes) == 1:
        labels[classes[0]] = "" if place else "Option"
    tags = _tags([options[i] for i in classes])
    titles = [options[i].get("title") for i in classes]
    if tags is not None:
        labels.update(zip(classes, tags, strict=True))
    elif len(classes) > 1 and all(isinstance(t, str) and t.strip() for t in titles):
        words = [_names.pascal_case(str(t)) for t in titles]
        if len(set(words)) == len(words):
            labels.update(zip(classes, words, strict=True))
    return labels


def _tags(options: list[dict[str, Any]]) -> list[str] | None:
    """For object options that each fix one shared property to a different value
    (`type: {const: alpha}`), those values as class-name words; None when there is no such
    property."""
    if len(options) < 2 or not all(isinstance(o.get("properties"), dict) for o in options):
        return None
    for prop in options[0]["properties"]:
        values = [_fixed_value(o["properties"].get(prop)) for o in options]
        if any(v is None for v in values) or len(set(map(str, values))) < len(values):
            continue
        words = [_names.pascal_case(str(v), fallback="") for v in values]
        if all(words) and len(set(words)) == len(words):
            head = _names.pascal_case(str(prop))
            return [w if w[0].isalpha() else head + w for w in words]
    return None


def _fixed_value(schema: Any) -> str | int | None:
    """The one value a property schema allows (`const`, or a one-value `enum`)."""
    if not isinstance(schema, dict):
        return None
    values = [schema["const"]] if "const" in schema else schema.get("enum")
    if isinstance(values, list) and len(values) == 1:
        value = values[0]
        if isinstance(value, str | int) and not isinstance(value, bool):
            return value
    return None


# Keywords in a pointer that name no part of the data.
_STRUCTURE = frozenset(
    {"properties", "allOf", "anyOf", "oneOf", "not", "additionalProperties", "items",
     "prefixItems", "patternProperties", "$defs", "definitions"}
)  # fmt: skip


def _ref_hint(parts: list[str]) -> str:
    """A class name hint for the part of a component schema a reference names: the last
    property on the way (`.../properties/subnet` is `subnet`, `.../taps/items` is `taps item`),
    or the schema's name and `part` (`A/allOf/0`)."""
    tail = parts[3:]
    named = [i for i, key in enumerate(tail) if key not in _STRUCTURE and not key.isdigit()]
    if not named:
        return f"{parts[2]} part"
    last = named[-1]
    return f"{tail[last]} item" if "items" in tail[last + 1 :] else tail[last]


_SCALARS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


def _fits(default: Any, schema: dict[str, Any]) -> bool:
    """Whether a schema's `default` is a value of its (scalar) `type`; other schemas pass."""
    kind = schema.get("type")
    if not isinstance(kind, str) or kind not in _SCALARS:
        return True
    if default is None:
        return True  # nullability is the model generator's business
    if isinstance(default, bool) and kind != "boolean":
        return False
    if kind == "integer" and isinstance(default, float):
        return default.is_integer()
    return isinstance(default, _SCALARS[kind])
