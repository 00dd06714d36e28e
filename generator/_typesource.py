"""Type nodes to Python source: the one place that writes a type, a cast and a default.

Everything the templates print about a type comes from here, computed in Python; nothing
reads this source back.
"""

from __future__ import annotations

import math
from typing import Any

from ._ir import (
    AnyValue,
    Binary,
    FileUpload,
    ListOf,
    LiteralOf,
    MapOf,
    ModelRef,
    NoneValue,
    Nullable,
    Primitive,
    Text,
    TupleOf,
    TypeNode,
    UnionOf,
)
from ._source import py_literal

__all__ = ["annotation", "cast_expression", "default_fits", "default_source"]


def annotation(node: TypeNode) -> str:
    """The annotation of an argument or return value, e.g. `list[models.Pet] | None`."""
    if isinstance(node, Primitive):
        return node.kind
    if isinstance(node, ModelRef):
        return f"models.{node.name}"
    if isinstance(node, ListOf):
        return f"list[{annotation(node.item)}]"
    if isinstance(node, TupleOf):
        return "tuple[" + (", ".join(annotation(i) for i in node.items) or "()") + "]"
    if isinstance(node, MapOf):
        return f"{'Mapping' if node.abstract else 'dict'}[str, {annotation(node.value)}]"
    if isinstance(node, LiteralOf):
        return "Literal[" + ", ".join(py_literal(v) for v in node.values) + "]"
    if isinstance(node, UnionOf):
        return " | ".join(annotation(o) for o in node.options)
    if isinstance(node, Nullable):
        return f"{annotation(node.inner)} | None"
    if isinstance(node, Text):
        return "str"
    if isinstance(node, Binary):
        return "bytes"
    if isinstance(node, FileUpload):
        return "FileTypes"
    if isinstance(node, NoneValue):
        return "None"
    if isinstance(node, AnyValue):
        return "object"
    raise TypeError(f"not a type node: {node!r}")


def cast_expression(node: TypeNode) -> str:
    """The expression the runtime is handed to turn a response into `node` (`cast_to=`)."""
    if isinstance(node, NoneValue):
        return "NoneType"
    text = annotation(node)
    if isinstance(node, Nullable | UnionOf | LiteralOf):
        # Not a class: type checkers refuse it where `type[T]` is expected.
        return f"TypeForm[{text}]({text})"
    return text


def default_fits(node: TypeNode, value: Any) -> bool:
    """Whether a JSON value (a spec's `default`) is a value of the type, as Python sees it:
    `1` is not a `bool`, `True` is not an `int`, `1` fits `float` and `Literal[1]` only."""
    if isinstance(node, Nullable):
        return value is None or default_fits(node.inner, value)
    if isinstance(node, NoneValue):
        return value is None
    if isinstance(node, LiteralOf):
        return any(type(v) is type(value) and v == value for v in node.values)
    if isinstance(node, Primitive):
        if node.kind == "bool":
            return isinstance(value, bool)
        if isinstance(value, bool):
            return False
        if node.kind == "int":
            return isinstance(value, int)
        if node.kind == "float":
            return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
        return isinstance(value, str)
    if isinstance(node, Text):
        return isinstance(value, str)
    if isinstance(node, UnionOf):
        return any(default_fits(o, value) for o in node.options)
    # Models, lists, maps, bytes: a default would be a mutable or constructed value; the
    # argument defaults to None instead and the server applies its own default.
    return False


def default_source(node: TypeNode, value: Any) -> str | None:
    """The Python source of `value` as the default of an argument of type `node`, or None
    when it does not fit the type (the caller decides what to report)."""
    if not default_fits(node, value):
        return None
    return py_literal(value)
