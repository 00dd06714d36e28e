"""Local `$ref`s: the one decoder every stage uses to follow them.

A `$ref` is a URI reference; in a local one (`#/components/schemas/Pet`) the part after `#`
is a URI fragment holding a JSON pointer. So the fragment is percent-decoded first (`%7B` is
`{`, `%25` is `%`), and only then is each pointer segment unescaped (`~1` is `/`, `~0` is
`~`), as RFC 6901 section 6 says: `#/paths/~1systems~1%7Bid%7D/get` names the `get` of the
path `/systems/{id}`.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Container, Iterator, Mapping
from typing import Any
from urllib.parse import quote, unquote

from ._errors import pointer_from_parts

MISSING: Any = object()  # what a reference to nothing resolves to
# Keywords whose values are data (examples, defaults, enum members), not schemas: a `$ref` or
# a `pattern` key inside them is a value like any other.
DATA_KEYWORDS = frozenset({"example", "examples", "default", "enum", "const"})
# Characters a URI fragment may hold as they are (RFC 3986: pchar, "/" and "?").
_FRAGMENT_SAFE = "/?:@!$&'()*+,;=~-._"


def ref_parts(ref: str) -> list[str] | None:
    """The keys a local reference names, in order; None when `ref` is not local (`#...`)."""
    parts = _decoded(ref)
    return None if parts is None else list(parts)


@functools.lru_cache(maxsize=8192)
def _decoded(ref: str) -> tuple[str, ...] | None:
    """`ref_parts`, once per reference: a large spec holds the same few thousand references
    tens of thousands of times."""
    if not ref.startswith("#"):
        return None
    pointer = unquote(ref[1:])
    if pointer == "":
        return ()  # the whole document
    if not pointer.startswith("/"):
        return None  # a plain-name fragment (`#foo`), not a JSON pointer
    return tuple(
        segment.replace("~1", "/").replace("~0", "~") for segment in pointer[1:].split("/")
    )


def resolve_ref(doc: Any, ref: str) -> Any:
    """What a local reference points to in `doc`, or MISSING."""
    parts = _decoded(ref)
    return MISSING if parts is None else node_at(doc, parts)


def node_at(doc: Any, parts: tuple[str | int, ...] | list[str | int]) -> Any:
    """The value at `parts` (keys, and list indexes as numbers or digits) in `doc`, or
    MISSING."""
    node = doc
    for key in parts:
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and str(key).isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return MISSING
    return node


def component_name(ref: str, kind: str = "schemas") -> str | None:
    """The name of the component a reference names as a whole (`#/components/<kind>/<name>`),
    decoded; None for any other reference."""
    parts = _decoded(ref)
    if parts is not None and len(parts) == 3 and parts[0] == "components" and parts[1] == kind:
        return parts[2]
    return None


def ref_to(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """The local reference (`#/...`) to the node at `parts`, escaped for a URI fragment."""
    return "#" + quote(pointer_from_parts(parts), safe=_FRAGMENT_SAFE)


_inlining = threading.local()


def inline_ref(
    doc: Any, node: Any, components: Container[str], copy: Callable[[Any], Any]
) -> dict[str, Any] | None:
    """A schema that is a reference to anything but a whole component schema in
    `components` (into `paths`, into another schema's properties, to a parameter's schema),
    as `copy` of its target with the keys beside the `$ref` kept; None for any other node.

    Only whole component schemas become classes, so the model generator is handed a copy of
    anything else. A reference back into a schema being copied (a loop through such
    references) becomes `{}` (any value).
    """
    ref = node.get("$ref") if isinstance(node, dict) else None
    if not isinstance(ref, str) or component_name(ref) in components:
        return None
    target = resolve_ref(doc, ref)
    if target is MISSING:
        return None
    active: set[str] = _inlining.__dict__.setdefault("refs", set())
    if ref in active:
        return {}
    active.add(ref)
    try:
        inlined = copy(target)
        siblings = copy({k: v for k, v in node.items() if k != "$ref"})
    finally:
        active.discard(ref)
    if not isinstance(inlined, dict):
        return {} if inlined is True else {"not": {}}
    return {**inlined, **siblings}


def walk(
    node: Any, parts: tuple[str | int, ...] = (), *, skip: frozenset[str] = frozenset()
) -> Iterator[tuple[Any, tuple[str | int, ...]]]:
    """Every value in `node` with its pointer parts, in document order (depth first); the
    values of mapping keys in `skip` are not entered."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(node, parts)]
    while stack:
        value, at = stack.pop()
        yield value, at
        if isinstance(value, dict):
            stack.extend((v, (*at, k)) for k, v in reversed(list(value.items())) if k not in skip)
        elif isinstance(value, list):
            stack.extend((v, (*at, i)) for i, v in reversed(list(enumerate(value))))


def walk_dicts(node: Any, *, skip: frozenset[str] = frozenset()) -> Iterator[dict[Any, Any]]:
    """The mappings among the values `walk` gives, in its order, without their pointer parts
    and without stopping at anything else (much cheaper on a large document)."""
    stack: list[Any] = [node]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            yield value
            stack.extend(
                v
                for k, v in reversed(value.items())
                if k not in skip and isinstance(v, dict | list)
            )
        elif isinstance(value, list):
            stack.extend(v for v in reversed(value) if isinstance(v, dict | list))


def schemas_named_in(
    node: Any, schemas: Mapping[str, Any], class_of: Mapping[str, str]
) -> set[str]:
    """The schemas among `schemas` a subtree refers to (`$ref`, discriminator mappings),
    named by `class_of` (a name it lacks stands for itself)."""
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
                name = component_name(ref) if isinstance(ref, str) else None
                if name is not None:
                    found.add(class_of.get(name, name))
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))
    return found & schemas.keys()
