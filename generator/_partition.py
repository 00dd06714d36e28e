"""Models of a large API in two parts, one of them in a forked child, merged into one module.

Used with `--all-models` on a large API (see `parse._selection._two_parts`): the model
generator runs over two parts of about the same size, each with everything it refers to, one
in the process that runs it (the model worker, see `_model_worker`) and one in a fork of it.
Classes both parts write must be written identically; when one is not, the caller generates
the whole set in one run instead, so the result is never worse than that.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable
from typing import Any


def in_two_parts(
    first: dict[str, Any],
    second: dict[str, Any],
    generate: Callable[[dict[str, Any]], str],
) -> str | None:
    """`generate` over `second` in a child and over `first` here; the merged module, or None
    when the parts disagree or the child fails."""
    # A plain fork: the model worker, a daemon process, cannot start a multiprocessing child.
    receive, send = multiprocessing.Pipe(duplex=False)
    # Objects that exist before the fork are left out of the child's garbage collections:
    # walking them would copy every memory page the two processes share.
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # the child: its part, sent back, then gone without the parent's clean-up
        receive.close()
        try:
            send.send(("ok", generate(second)))
        except BaseException:  # the parent then generates everything in one run, and reports
            with contextlib.suppress(BaseException):
                send.send(("failed", ""))
        finally:
            os._exit(0)
    gc.unfreeze()
    send.close()
    try:
        here = generate(first)
        try:
            kind, there = receive.recv()
        except EOFError:
            kind, there = "failed", ""
    except BaseException:
        os.kill(pid, signal.SIGKILL)  # nobody wants its part any more
        raise
    finally:
        receive.close()
        os.waitpid(pid, 0)
    if kind != "ok":
        return None
    return merge_modules(here, there)


def merge_modules(first: str, second: str) -> str | None:
    """One module with the classes of both, `first`'s in its order, then those only `second`
    has; None when a class both define differs, or when either holds something besides a
    docstring, imports, classes and `model_rebuild()` calls."""
    try:
        a, b = ModuleParts.parse(first), ModuleParts.parse(second)
    except ValueError:
        return None
    for name in a.classes.keys() & b.classes.keys():
        if a.classes[name] != b.classes[name]:
            return None
    classes = {**a.classes, **{n: text for n, text in b.classes.items() if n not in a.classes}}
    rebuilds = [*a.rebuilds, *(r for r in b.rebuilds if r not in a.rebuilds)]
    return ModuleParts(a.docstring, a.imports | b.imports, classes, rebuilds).render()


Import = tuple[str, str, str | None]  # (module, "" for `import module`, or a name; alias)


def defined_name(node: ast.stmt) -> str | None:
    """The name a statement of a models module defines: a class, or a type alias
    (`X = TypeAliasType("X", ...)`, which the model generator writes for a constrained scalar
    used in place, a map's values say); None for any other statement."""
    if isinstance(node, ast.ClassDef):
        return node.name
    if (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "TypeAliasType"
    ):
        return node.targets[0].id
    return None


class ModuleParts:
    """A models module as the model generator writes it: a docstring, imports, classes and
    type aliases (by name, in order; "classes" below) and `model_rebuild()` calls."""

    def __init__(
        self, docstring: str, imports: set[Import], classes: dict[str, str], rebuilds: list[str]
    ) -> None:
        self.docstring = docstring
        self.imports = imports
        self.classes = classes
        self.rebuilds = rebuilds

    @classmethod
    def parse(cls, source: str) -> ModuleParts:
        """The parts of `source`; ValueError when it holds anything else."""
        try:
            tree = ast.parse(source)
        except SyntaxError as exc:
            raise ValueError(exc) from None
        return cls.from_tree(tree, source)

    @classmethod
    def from_tree(cls, tree: ast.Module, source: str) -> ModuleParts:
        """The parts of `source` from `tree`, the syntax tree of `source` or of `source` with
        more statements after it (those are left out); ValueError when it holds anything
        else."""
        lines = source.split("\n")
        parts = cls("", set(), {}, [])
        for index, node in enumerate(tree.body):
            if node.lineno > len(lines):
                break
            text = "\n".join(lines[node.lineno - 1 : node.end_lineno])
            name = defined_name(node)
            if name is not None:
                start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
                parts.classes[name] = "\n".join(lines[start - 1 : node.end_lineno])
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module != "__future__":
                    parts.imports |= {(node.module, n.name, n.asname) for n in node.names}
            elif isinstance(node, ast.Import):
                parts.imports |= {(n.name, "", n.asname) for n in node.names}
            elif index == 0 and _is_docstring(node):
                parts.docstring = text
            elif is_model_rebuild(node):
                parts.rebuilds.append(text)
            else:
                raise ValueError(f"unexpected statement at line {node.lineno}")
        return parts

    def render(self) -> str:
        """The module's source: docstring, imports (`import_lines`), classes, rebuilds."""
        sections = [
            self.docstring,
            "from __future__ import annotations",
            "\n".join(import_lines(self.imports)),
            "\n\n\n".join(self.classes.values()),
            "\n".join(self.rebuilds),
        ]
        return "\n\n".join(s for s in sections if s) + "\n"


def is_model_rebuild(node: ast.stmt) -> bool:
    """Whether a statement is a `Model.model_rebuild()` call."""
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "model_rebuild"
    )


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def import_order(item: Import) -> tuple[str, str, str]:
    module, name, alias = item
    return module, name, alias or ""


def import_lines(imports: set[Import]) -> list[str]:
    """`import m` lines, then one `from m import a, b` line per module."""
    ordered = sorted(imports, key=import_order)
    lines = [
        f"import {module}" + (f" as {alias}" if alias else "")
        for module, name, alias in ordered
        if not name
    ]
    names: dict[str, list[str]] = {}
    for module, name, alias in ordered:
        if name:
            names.setdefault(module, []).append(name + (f" as {alias}" if alias else ""))
    lines += [f"from {module} import {', '.join(listed)}" for module, listed in names.items()]
    return lines
