"""Split a large models module into one module per class, loaded on first use.

An API with thousands of models (GitHub's has about 7,000) would otherwise create every class
when its package is imported. Split, `models/__init__.py` names each class for type checkers
and loads a class's module (and the modules of the classes it refers to) the first time the
class is asked for. Classes needed while a class is being created (its bases, the enum members
of its defaults) are imported at the top of its module; classes used only in annotations are
handed to the module by the loader, so reference cycles between models cost nothing.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from . import _names

# APIs with more model classes than this get one module per class.
SPLIT_ABOVE = 300


@dataclass(frozen=True)
class SplitModel:
    name: str
    module: str  # module name inside the models package, e.g. "_repository"
    source: str  # the module's source (unformatted)
    lazy_deps: tuple[str, ...]  # classes its annotations use, handed over by the loader


def split_models(source: str, classes: tuple[str, ...]) -> list[SplitModel] | None:
    """One module per class of `source`, or None when it cannot be split safely (then the
    single module is kept)."""
    tree = ast.parse(source)
    lines = source.split("\n")
    class_nodes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    if not class_nodes:
        return None
    first = class_nodes[0]
    start_of_classes = min([first.lineno, *(d.lineno for d in first.decorator_list)]) - 1
    header_nodes = [
        n for n in tree.body if n.end_lineno is not None and n.end_lineno <= start_of_classes
    ]
    for node in tree.body:
        if isinstance(node, ast.ClassDef) or node in header_nodes:
            continue
        if _is_model_rebuild(node):
            continue  # pydantic builds each model on first use anyway
        return None  # something else at module level: keep one module
    imports = [
        ast.get_source_segment(source, n) or ""
        for n in header_nodes
        if isinstance(n, ast.Import | ast.ImportFrom)
        and not (isinstance(n, ast.ImportFrom) and n.module == "__future__")
    ]
    known = set(classes)
    scope = _names.NameScope({"__init__"})
    modules = {
        node.name: "_" + scope.claim(_names.snake_case(node.name, fallback="model"), "_model")
        for node in class_nodes
    }
    result: list[SplitModel] = []
    for node in class_nodes:
        begin = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
        body = "\n".join(lines[begin : node.end_lineno])
        eager = _eager_names(node) & known - {node.name}
        lazy = (_all_names(node) & known) - eager - {node.name}
        parts = [
            f'"""The `{node.name}` model; import it from the models package."""',
            "",
            "from __future__ import annotations",
            "",
            "from typing import TYPE_CHECKING",
            *imports,
            *(f"from .{modules[dep]} import {dep}" for dep in sorted(eager)),
        ]
        if lazy:
            parts.append("")
            parts.append("if TYPE_CHECKING:")
            parts.extend(f"    from .{modules[dep]} import {dep}" for dep in sorted(lazy))
        parts += ["", "", body, ""]
        result.append(
            SplitModel(node.name, modules[node.name], "\n".join(parts), tuple(sorted(lazy)))
        )
    return result


def _is_model_rebuild(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "model_rebuild"
    )


def _names_in(node: ast.AST) -> set[str]:
    found = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    # Forward references written as strings, e.g. RootModel[list["Node"]].
    found |= {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }
    return found


def _all_names(node: ast.ClassDef) -> set[str]:
    return _names_in(node)


def _eager_names(node: ast.ClassDef) -> set[str]:
    """Names evaluated while the class is created: bases, keywords, decorators and the values
    (not the annotations) of its body."""
    found: set[str] = set()
    for base in node.bases:
        found |= {n.id for n in ast.walk(base) if isinstance(n, ast.Name)}
    for item in [*node.keywords, *node.decorator_list]:
        found |= {n.id for n in ast.walk(item) if isinstance(n, ast.Name)}
    values = [s.value for s in node.body if isinstance(s, ast.AnnAssign | ast.Assign)]
    for value in values:
        if value is not None:
            found |= {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
    return found
