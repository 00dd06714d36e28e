"""Models after a schema edit: the model generator runs over the schemas the edit touched, and
their classes take the place of the old ones in the last module of the API.

A large API's last models are remembered (`_store`, folder `models/`, one entry per API, written
by a fork of the run): the module as the model generator and `_models._finish` wrote it, in
parts (imports, classes) with the names each class uses (`_split.ClassNames`, so the module put
together is split without being parsed again), each schema's digest, the schemas each refers
to, its property names and, for a model with fields, what a class that names it may read of it
(`_face`). When the schemas change, `plan` finds the changed ones, adds those that refer to them
directly and may read what changed (an `allOf` base's fields, say; a class that only names an
edited model whose face is unchanged reads nothing of the edit, see `_reads`), and asks for the
models of those and of everything they may read of, transitively; a model they only name goes
to that run as a stand-in of the same name (`_needed`). `Plan.apply` puts the new classes in
place, and answers only when the result is the module one run over every schema writes; None
sends the caller to that run. What it holds to:

- The same schemas, in the same order, referring to the same schemas: the model generator then
  orders the classes as before (an edit that adds a reference or a schema is one run). A
  schema renamed in place keeps its place (the order is the schemas', not their names'): its
  class, and the inline classes it owns named after it, take the new name in the old module
  (`Plan._renamed`), and the classes that name it run again.
- The classes the edited schemas own (theirs, and the inline classes only they reach) have
  the same names before and after: the model generator names an inline class after the
  others of its run (`State`, `State1`), so a name it gives differently in the smaller run
  shows here.
- Every other class the smaller run writes is written exactly as before (its classes do not
  depend on the rest of the module), and no class outside the edited ones uses an inline class
  whose text changed.
- The imports agree: a run whose classes have a field named `date` imports the type as
  `date_aliased` everywhere, so an import that the smaller run writes under another name, or
  a field name that could be an import's and appears or disappears, means one run.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import _store
from ._ir import Api
from ._names import snake_case
from ._partition import Import, ModuleParts
from ._refs import component_name, schemas_named_in, walk_dicts
from ._split import ClassNames, ParsedModule, take_apart

# Below this many schemas one run of the model generator is quick: nothing is remembered.
SPLICE_FROM = 200
# When the schemas to run again are more than this share of all, one run is about as quick.
MOST = 0.1
_FORMAT = "7"
# Keys of a schema that make its class other than a model with fields (see `_face`).
_SHAPES = frozenset(
    {"allOf", "anyOf", "oneOf", "not", "enum", "const", "$ref", "items", "default", "discriminator"}
)
_OBJECT_TYPES: list[Any] = ["object", ["object", "null"], ["null", "object"]]
# What a class naming a model's class does not read of its schema.
_FIELDS_AND_WORDS = frozenset({"properties", "required", "description", "example", "examples"})
# Where a bare `$ref` only names its class: a property, an array's items, a map's values, a
# union's members (each a schema, or a list or a mapping of schemas).
_NAMING = frozenset({"properties", "items", "additionalProperties", "anyOf", "oneOf"})
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_writers: list[int] = []  # the forks writing an entry


def _entry_key(spec_file: str, import_name: str, header: str) -> str:
    return _store.key(
        "models last",
        _FORMAT,
        _store.tools("datamodel_code_generator", "pydantic", "pydantic_core"),
        spec_file,
        import_name,
        header,
    )


def _digest(schema: Any) -> str:
    return _store.key(json.dumps(schema, ensure_ascii=False, allow_nan=True))


def _refers_to(schema: Any, schemas: dict[str, Any]) -> list[str]:
    """The schemas `schema` refers to (`$ref`s and discriminator mappings), sorted."""
    return sorted(schemas_named_in(schema, schemas, {}))


def _face(schema: Any) -> str | None:
    """A digest of what a class that only names `schema`'s class may read of it, when its
    class is a model with fields: everything but its fields and its words. None for any other
    schema (an enum, a wrapped scalar, a combination: a class that names one may take its
    members, its default or whether it holds null)."""
    if not isinstance(schema, dict) or not schema.get("properties"):
        return None
    if not isinstance(schema["properties"], dict) or _SHAPES & schema.keys():
        return None
    if schema.get("type", "object") not in _OBJECT_TYPES:
        return None
    return _digest({k: v for k, v in schema.items() if k not in _FIELDS_AND_WORDS})


def _reads(node: Any, target: str, schemas: dict[str, Any]) -> bool:
    """Whether a schema's class may read more of `target` than its name: `target` appears
    other than as a bare `$ref` that is a property's, an item's, a map value's or a union
    member's, or under a default or a discriminator (an `allOf` base gives its fields, a
    discriminator writes a literal into the classes it names, a default takes an enum's
    member)."""
    if isinstance(node, list):
        return any(_reads(item, target, schemas) for item in node)
    if not isinstance(node, dict):
        return False
    ref = node.get("$ref")
    if isinstance(ref, str) and component_name(ref) == target and len(node) > 1:
        return True
    if "discriminator" in node or node.get("default") is not None:
        return target in schemas_named_in(node, schemas, {})
    for key, value in node.items():
        if key in _NAMING:
            members = value.values() if key == "properties" and isinstance(value, dict) else [value]
            if any(_reads(member, target, schemas) for member in members):
                return True
        elif key != "$ref" and target in schemas_named_in(value, schemas, {}):
            return True
    return False


def _property_names(schema: Any) -> list[str]:
    """Every property name a schema declares, at any depth, sorted."""
    found: set[str] = set()
    for node in walk_dicts(schema):
        props = node.get("properties")
        if isinstance(props, dict):
            found.update(str(k) for k in props)
    return sorted(found)


def remember(
    api: Api, import_name: str, header: str, module: Callable[[], ParsedModule | None]
) -> None:
    """Keep `module()`, the module one run writes for `api`'s schemas taken apart, as its
    last models (nothing when it is None).

    The entry is written by a fork of this process, while this one goes on (its digests and
    references cost GitHub's description 0.15 s); `wait` waits for it."""
    schemas = api.schemas
    if len(schemas) < SPLICE_FROM or _store.cache_root() is None:
        return

    def write() -> None:
        parsed = module()
        if parsed is None:
            return
        parts = parsed.parts
        kept = {
            "docstring": parts.docstring,
            "imports": sorted([m, n, a or ""] for m, n, a in parts.imports),
            "classes": list(parts.classes.items()),
            "rebuilds": parts.rebuilds,
            "names": {
                name: [sorted(found.eager), sorted(found.every), sorted(found.bases)]
                for name, found in parsed.names.items()
            },
        }
        try:
            entry = {
                "order": list(schemas),
                "model_names": list(api.model_names),
                "digests": {name: _digest(s) for name, s in schemas.items()},
                "faces": {name: _face(s) for name, s in schemas.items()},
                "refs": {name: _refers_to(s, schemas) for name, s in schemas.items()},
                "props": {name: _property_names(s) for name, s in schemas.items()},
                "module": kept,
            }
            payload = json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass")
        except (TypeError, ValueError):
            return  # schemas that are not JSON: nothing to compare with next time
        store = _store.Store("models", _store_bytes())
        store.put(_entry_key(api.spec_file, import_name, header), payload)
        store.trim()

    if not hasattr(os, "fork"):
        write()
        return
    pid = os.fork()
    if pid == 0:  # the child: the entry, then gone without the parent's clean-up
        try:
            write()
        finally:
            os._exit(0)
    _writers.append(pid)


def wait() -> None:
    """Wait until the entries `remember` is writing are written."""
    while _writers:
        pid = _writers.pop()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _store_bytes() -> int:
    from ._models import CACHE_BYTES

    return CACHE_BYTES


@dataclass(frozen=True)
class Plan:
    """The schemas to run the model generator over again, and what to check its module by."""

    subset: dict[str, Any]  # in the API's order
    touched: frozenset[str]  # the edited schemas and those that refer to them directly
    roots: frozenset[str]  # every schema's class
    changed_props: frozenset[str]  # property names the edited schemas gained or lost
    old_module: dict[str, Any]  # as `remember` keeps it
    # Schemas renamed in place (old class name: new), in the old module's order.
    renames: tuple[tuple[str, str], ...] = ()
    # Schemas the smaller run gets only by name (`_STUB`): their classes there are not used.
    stubbed: frozenset[str] = frozenset()

    def apply(self, new_source: str) -> ParsedModule | None:
        """The module one run over every schema would write, taken apart, from the old one and
        the smaller run's `new_source`; None when that cannot be sure."""
        try:
            kept, tree = _taken_apart(self.old_module), ast.parse(new_source)
        except (ValueError, TypeError, KeyError, AttributeError, SyntaxError):
            return None
        made = take_apart(tree, new_source)
        if made is None:
            return None
        old_owned: set[str] | None = None
        if self.renames:
            renamed = self._renamed(kept)
            if renamed is None:
                return None
            kept, old_owned = renamed
        old, new = kept.parts, made.parts
        if not _imports_agree(old.imports, new.imports):
            return None
        imported = {
            word
            for module, name, alias in old.imports | new.imports
            for word in (name or module.split(".")[0], alias)
            if word
        }
        if any(snake_case(p) in imported or p in imported for p in self.changed_props):
            return None  # a field named like an import: the run may name the import otherwise
        if not set(new.classes) <= set(old.classes):
            return None
        if old_owned is None:
            old_owned = _owned(self.touched, old.classes, self.roots)
        new_owned = _owned(self.touched, new.classes, self.roots)
        if old_owned != new_owned:
            return None
        for name, text in new.classes.items():
            if name not in new_owned and name not in self.stubbed and old.classes[name] != text:
                return None  # a class outside the edit reads differently in the smaller run
        rewritten = {n for n in new_owned if old.classes[n] != new.classes[n]}
        inline_rewritten = rewritten - self.roots
        for name, text in old.classes.items():
            if name not in old_owned and _words(text) & inline_rewritten:
                return None  # an untouched class uses an inline class whose text changed
        rebuilt = {r.split(".", 1)[0] for r in new.rebuilds} & new_owned
        was_rebuilt = {r.split(".", 1)[0] for r in old.rebuilds} & old_owned
        # A stand-in refers to nothing: a cycle through it is gone from the smaller run, and
        # with it a rebuild the run over every schema writes (the module keeps the old ones).
        if rebuilt - was_rebuilt or (not self.stubbed and rebuilt != was_rebuilt):
            return None
        classes = {n: new.classes[n] if n in new_owned else t for n, t in old.classes.items()}
        names = {n: made.names[n] if n in new_owned else kept.names[n] for n in classes}
        parts = ModuleParts(old.docstring, old.imports | new.imports, classes, old.rebuilds)
        return ParsedModule(parts, names)

    def _renamed(self, kept: ParsedModule) -> tuple[ParsedModule, set[str]] | None:
        """The old module with the classes of renamed schemas under their new names, and so
        the inline classes they own whose names begin with theirs (the model generator names
        an inline class after its parent: `MilestoneState`); the classes keep their places
        (the model generator orders them by the schemas', not by name) and their old text,
        which the smaller run's replaces. Also the classes the edit owns, under their new
        names. None when a class outside the smaller run's uses a name that changes."""
        renames = dict(self.renames)
        old_name = {new: old for old, new in renames.items()}
        touched = frozenset(old_name.get(n, n) for n in self.touched)
        roots = frozenset(old_name.get(n, n) for n in self.roots)
        parts = kept.parts
        owned = _owned(touched, parts.classes, roots)
        mapping = dict(renames)
        for old, new in self.renames:
            for name in _owned(frozenset({old}), parts.classes, roots) - roots:
                if name.startswith(old):
                    mapping[name] = new + name[len(old) :]
        for name, found in kept.names.items():
            if name not in owned and found.every & mapping.keys():
                return None  # it would name a class that is no longer there
        if set(mapping.values()) & (parts.classes.keys() - mapping.keys()):
            return None  # a new name another class already has
        rebuilds = []
        for line in parts.rebuilds:
            head, dot, rest = line.partition(".")
            rebuilds.append(mapping.get(head, head) + dot + rest)
        module = ParsedModule(
            ModuleParts(
                parts.docstring,
                parts.imports,
                {mapping.get(n, n): text for n, text in parts.classes.items()},
                rebuilds,
            ),
            {mapping.get(n, n): found for n, found in kept.names.items()},
        )
        return module, {mapping.get(n, n) for n in owned}


def _taken_apart(kept: dict[str, Any]) -> ParsedModule:
    """The module `remember` kept; ValueError, TypeError, KeyError or AttributeError when it
    is damaged."""
    docstring, imports, classes, rebuilds, names = (
        kept["docstring"],
        kept["imports"],
        kept["classes"],
        kept["rebuilds"],
        kept["names"],
    )
    texts = [docstring, *rebuilds, *(t for pair in classes for t in pair)]
    texts += [part for triple in imports for part in triple]
    texts += [n for lists in names.values() for found in lists for n in found]
    if not all(isinstance(t, str) for t in texts) or names.keys() != {n for n, _ in classes}:
        raise TypeError("not a module")
    return ParsedModule(
        ModuleParts(
            docstring,
            {(m, n, a or None) for m, n, a in imports},
            {name: text for name, text in classes},
            list(rebuilds),
        ),
        {name: ClassNames(*(frozenset(found) for found in lists)) for name, lists in names.items()},
    )


def plan(api: Api, import_name: str, header: str) -> Plan | None:
    """What to run the model generator over after an edit of `api`'s schemas, from its last
    models; None when there are none to start from, or when one run is the better way."""
    schemas, model_names = api.schemas, api.model_names
    if len(schemas) < SPLICE_FROM or _store.cache_root() is None:
        return None
    store = _store.Store("models", _store_bytes())
    payload = store.get(_entry_key(api.spec_file, import_name, header))
    if payload is None:
        return None
    try:
        entry = json.loads(payload.decode("utf-8", "surrogatepass"))
        order, names = entry["order"], entry["model_names"]
        digests, faces, refs, props, module = (
            entry["digests"],
            entry["faces"],
            entry["refs"],
            entry["props"],
            entry["module"],
        )
        if not (isinstance(module, dict) and isinstance(digests, dict)):
            return None
        if not (isinstance(faces, dict) and isinstance(refs, dict) and isinstance(order, list)):
            return None
        renames = _renames(order, list(schemas))
        if renames is None or sorted(renames.get(n, n) for n in names) != list(model_names):
            return None
        # The entry's schemas under their new names.
        was = {renames.get(n, n): n for n in order}
        refs = {
            renames.get(n, n): sorted(renames.get(t, t) for t in targets or [])
            for n, targets in refs.items()
        }
        if not all(t in schemas for targets in refs.values() for t in targets):
            return None  # references to schemas the spec does not have: not this entry's
        changed = {n for n, s in schemas.items() if digests.get(was[n]) != _digest(s)}
        changed |= set(renames.values())
        if not changed:
            return None
        new_props: dict[str, list[str]] = {}
        for name in changed:
            if _refers_to(schemas[name], schemas) != refs.get(name):
                return None  # a reference added or taken away: the order may change
            new_props[name] = _property_names(schemas[name])
        changed_props = set()
        for name in changed:
            changed_props |= set(new_props[name]) ^ set(props.get(was[name]) or [])
        # A class that only names an edited model's class reads nothing the edit changed
        # (but names a renamed one otherwise).
        named_only = {
            n
            for n in changed - set(renames.values())
            if faces.get(was[n]) is not None and faces[was[n]] == _face(schemas[n])
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # a damaged entry is not trusted
    touched = set(changed)
    for name, schema in schemas.items():
        edited = changed & set(refs.get(name) or [])
        if edited - named_only or any(_reads(schema, n, schemas) for n in edited):
            touched.add(name)
    needed, stubbed = _needed(touched, refs, schemas)
    if len(needed) + len(stubbed) > MOST * len(schemas):
        return None
    subset = {
        n: _STUB if n in stubbed else s for n, s in schemas.items() if n in needed or n in stubbed
    }
    return Plan(
        subset,
        frozenset(touched),
        frozenset(model_names),
        frozenset(changed_props),
        module,
        tuple(renames.items()),
        frozenset(stubbed),
    )


# What the smaller run gets for a model the classes it writes only name: a model of its own
# name, whose class is not used.
_STUB: dict[str, Any] = {"type": "object", "properties": {"stub": {"type": "string"}}}


def _needed(
    touched: set[str], refs: dict[str, list[str]], schemas: dict[str, Any]
) -> tuple[set[str], set[str]]:
    """The schemas the smaller run needs whole (the touched ones and what they may read of,
    transitively), and those it needs only by name (`_STUB`): a model with fields that none
    of the others reads more of than its class's name (`_reads`), and whose class holds
    nothing a class naming it may take (`_face`)."""
    whole: set[str] = set()
    named: set[str] = set()
    pending = sorted(touched)
    while pending:
        name = pending.pop()
        if name in whole:
            continue
        whole.add(name)
        named.discard(name)  # named by one, read by another
        for target in refs.get(name) or []:
            if target in whole:
                continue
            if (
                target not in touched
                and _face(schemas[target]) is not None
                and not _reads(schemas[name], target, schemas)
            ):
                named.add(target)
            else:
                pending.append(target)
    return whole, named


# At most this many schemas renamed in one edit are put in place; more is one run.
RENAMES = 8


def _renames(old: list[Any], new: list[str]) -> dict[str, str] | None:
    """The schemas renamed in place (old class name: new), when the schemas are otherwise
    the same, in the same order; None when they are not (one run)."""
    if len(old) != len(new) or not all(isinstance(n, str) for n in old):
        return None
    renames = {o: n for o, n in zip(old, new, strict=True) if o != n}
    if len(renames) > RENAMES or set(renames.values()) & set(old):
        return None  # many, or a name that moved from one schema to another
    return renames


def _imports_agree(old: set[Import], new: set[Import]) -> bool:
    """Whether every name the smaller run imports is imported under the same name before
    (`date` and `date as date_aliased` disagree)."""
    before: dict[tuple[str, str], str | None] = {(m, n): a for m, n, a in old}
    for module, name, alias in new:
        if (module, name) in before:
            if before[(module, name)] != alias:
                return False
        elif alias is not None:
            return False
    return True


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text))


def _owned(touched: frozenset[str], classes: dict[str, str], roots: frozenset[str]) -> set[str]:
    """The classes of `touched` schemas in `classes`, and the inline classes (not a schema's)
    they reach through inline classes only."""
    owned = {n for n in classes if n in touched}
    pending = list(owned)
    while pending:
        name = pending.pop()
        for word in _words(classes[name]):
            if word in classes and word not in roots and word not in owned:
                owned.add(word)
                pending.append(word)
    return owned
