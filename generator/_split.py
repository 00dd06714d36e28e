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
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass

from . import _names, _store
from ._partition import Import, ModuleParts, defined_name, import_order

# APIs with more model classes than this get one module per class.
SPLIT_ABOVE = 300
# The split of a large API is cached (`_store`, folder `split/`): GitHub's is about 5 MB.
CACHE_BYTES = 64 * 1024 * 1024
_FORMAT = "2"


@dataclass(frozen=True)
class SplitModule:
    module: str  # module name inside the models package, e.g. "_repository"
    names: tuple[str, ...]  # the classes it defines, in order
    source: str  # the module's source (unformatted)
    lazy_deps: tuple[str, ...]  # classes its annotations use, handed over by the loader


@dataclass(frozen=True)
class ClassNames:
    """The names a model class uses, read from its syntax tree."""

    eager: frozenset[str]  # evaluated while the class is created (`_eager_names`)
    every: frozenset[str]  # every name, forward references written as strings included
    bases: frozenset[str]  # the names in its base classes


@dataclass(frozen=True)
class ParsedModule:
    """A models module taken apart: its parts, and the names each of its classes uses."""

    parts: ModuleParts
    names: dict[str, ClassNames]


def class_names(node: ast.ClassDef | ast.Assign) -> ClassNames:
    """The names `node`, a class or a type alias, uses (strings only when they could name a
    class); a type alias evaluates all of its value when it is defined."""
    every = {n for n in _names_in(node, strings=True) if n.isidentifier()}
    if isinstance(node, ast.Assign):
        return ClassNames(frozenset(_names_in(node.value)), frozenset(every), frozenset())
    bases: set[str] = set()
    for base in node.bases:
        bases |= _names_in(base)
    return ClassNames(frozenset(_eager_names(node)), frozenset(every), frozenset(bases))


def take_apart(tree: ast.Module, source: str) -> ParsedModule | None:
    """`source` taken apart, from `tree`, its syntax tree or that of `source` with more
    statements after it (those are left out); None when it holds something besides a
    docstring, imports, classes, type aliases and `model_rebuild()` calls, or a name twice."""
    try:
        parts = ModuleParts.from_tree(tree, source)
    except ValueError:
        return None
    end = source.count("\n") + 1
    nodes = [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef | ast.Assign)
        and node.lineno <= end
        and defined_name(node) is not None
    ]
    names = {defined_name(node): class_names(node) for node in nodes}
    if len(names) != len(nodes) or len(nodes) != len(parts.classes):
        return None  # a name defined twice
    return ParsedModule(parts, {str(name): found for name, found in names.items()})


def cached_split(
    source: str,
    classes: tuple[str, ...],
    roots: set[str],
    parsed: Callable[[], ParsedModule | None] | None = None,
) -> list[SplitModule] | None:
    """`split_models`, answered from the cache when it holds the split of exactly this
    source, these classes and roots (and this generator and Python): after an edit that
    leaves the models alone, the module is not parsed and split again. `parsed`, when given,
    answers the source taken apart (`take_apart`)."""
    store = _store.Store("split", CACHE_BYTES)
    entry_key = _store.key(
        "split",
        _FORMAT,
        _store.tools(),
        sys.version,
        "\0".join(classes),
        "\0".join(sorted(roots)),
        source,
    )
    payload = store.get(entry_key)
    if payload is not None:
        whole, found = _decoded(payload)
        if whole:
            return found
    if parsed is None:
        result = split_models(source, classes, roots)
    else:
        module = parsed()
        result = None if module is None else split_parsed(module, classes, roots)
    encoded = (
        None if result is None else [[m.module, m.names, m.source, m.lazy_deps] for m in result]
    )
    store.put(entry_key, json.dumps(encoded).encode("utf-8", "surrogatepass"))
    store.trim()
    return result


def _decoded(payload: bytes) -> tuple[bool, list[SplitModule] | None]:
    """(True, the split) a cache entry holds; (False, None) when it is not the shape of one."""
    try:
        entry = json.loads(payload.decode("utf-8", "surrogatepass"))
    except ValueError:
        return False, None
    if entry is None:
        return True, None
    if not isinstance(entry, list):
        return False, None
    modules = []
    for item in entry:
        if not (isinstance(item, list) and len(item) == 4):
            return False, None
        module, names, text, lazy = item
        if not (
            isinstance(module, str)
            and isinstance(text, str)
            and isinstance(names, list)
            and isinstance(lazy, list)
            and all(isinstance(n, str) for n in [*names, *lazy])
        ):
            return False, None
        modules.append(SplitModule(module, tuple(names), text, tuple(lazy)))
    return True, modules


def split_models(
    source: str, classes: tuple[str, ...], roots: set[str]
) -> list[SplitModule] | None:
    """The classes of `source` grouped into modules, or None when they cannot be split safely
    (the single module is kept then): `split_parsed` of the source taken apart."""
    module = take_apart(ast.parse(source), source)
    return None if module is None else split_parsed(module, classes, roots)


def split_parsed(
    module: ParsedModule, classes: tuple[str, ...], roots: set[str]
) -> list[SplitModule] | None:
    """The classes of `module` grouped into modules, or None when they cannot be split safely.

    Each class in `roots` (a schema the spec names) gets a module; a class the model generator
    made up for an inline schema joins the module of the first class that uses it.
    """
    texts, names = module.parts.classes, module.names
    if not texts:
        return None
    known = set(classes)
    eager = {name: set(names[name].eager & known) - {name} for name in texts}
    uses = {name: set(names[name].every & known) - {name} for name in texts}
    direct = {name: set(found) for name, found in uses.items()}
    # Pydantic evaluates inherited annotations in the subclass's module: the loader hands a
    # class the names its bases' annotations use too (bases come before subclasses).
    for name in texts:
        for base in names[name].bases & known:
            uses[name] |= uses.get(base, set()) - {name}
    owner = _owners(list(texts), roots, uses)
    scope = _names.NameScope({"__init__"})
    module_of_owner: dict[str, str] = {}
    for name in texts:
        root = owner[name]
        if root not in module_of_owner:
            module_of_owner[root] = "_" + scope.claim(
                _names.snake_case(root, fallback="model"), "_model"
            )
    where = {name: module_of_owner[owner[name]] for name in texts}
    members: dict[str, list[str]] = {}
    for name in texts:
        members.setdefault(where[name], []).append(name)
    eager_modules = {
        mod: {where[d] for n in group for d in eager[n]} - {mod} for mod, group in members.items()
    }
    if _has_cycle(eager_modules):
        return None  # classes that need each other while being created: keep one module
    imports = sorted(module.parts.imports, key=import_order)
    result: list[SplitModule] = []
    for mod, group in members.items():
        grouped = tuple(group)
        needed_now = sorted({d for n in grouped for d in eager[n]} - set(grouped))
        needed_later = sorted(
            {d for n in grouped for d in uses[n]} - set(grouped) - set(needed_now)
        )
        typing_only = [d for d in needed_later if any(d in direct[n] for n in grouped)]
        bodies = [texts[n] for n in grouped]
        described = ", ".join(f"`{n}`" for n in grouped)
        local = ["from . import loader", *_from_imports(where, needed_now, "")]
        parts = [
            f'"""The {described} model{"s" if len(grouped) > 1 else ""}; import from the models package."""',
            "",
            "from __future__ import annotations",
            "",
            *_import_block(imports, "\n".join(bodies), bool(typing_only), local),
        ]
        if typing_only:
            parts += ["", "if TYPE_CHECKING:"]
            parts += _from_imports(where, typing_only, "    ")
        parts += ["", "", "\n\n\n".join(bodies), "", "", "loader.complete(__name__)", ""]
        result.append(SplitModule(mod, grouped, "\n".join(parts), tuple(needed_later)))
    return result


# The package's line length (templates/package/pyproject.toml.jinja).
_LINE_LENGTH = 100
# Modules outside the standard library that the model generator imports from; any other
# absolute import is the package's own (`<package>._models`).
_THIRD_PARTY = frozenset({"pydantic", "pydantic_core", "typing_extensions", "annotated_types"})


def _import_block(
    imports: list[Import], text: str, type_checking: bool, local: list[str]
) -> list[str]:
    """The import lines of a module holding `text`: of the model generator's `imports` (in
    `import_order`), the names `text` mentions (a name that is only mentioned, in a docstring
    say, is removed by the formatter's lint fixes), grouped and sorted as the formatter's
    import sorting would (so it has nothing to change on most modules, which halves its time
    on GitHub's), then the `local` lines."""
    straight: dict[str, list[str]] = {}  # section: lines
    members: dict[tuple[str, str], set[str]] = {}  # (section, module): "name" or "name as x"
    for module, name, alias in imports:
        if not name:  # `import module`
            bound = alias or module.split(".")[0]
            if bound in text:
                line = f"import {module}" + (f" as {alias}" if alias else "")
                straight.setdefault(_section(module), []).append(line)
            continue
        if name == "*" or (alias or name) in text:
            entry = name + (f" as {alias}" if alias else "")
            members.setdefault((_section(module), module), set()).add(entry)
    if type_checking:
        members.setdefault(("stdlib", "typing"), set()).add("TYPE_CHECKING")
    lines: list[str] = []
    for section in ("stdlib", "third", "first"):
        block = sorted(straight.get(section, []), key=str.lower)
        for (where, module), names in sorted(members.items(), key=lambda m: m[0][1].lower()):
            if where == section:
                block.append(_from_import(module, names, ""))
        if block:
            lines += [*block, ""]
    return [*lines, *local]


def _from_imports(module: dict[str, str], classes: list[str], indent: str) -> list[str]:
    """The imports of `classes` from their modules in the models package, one line a module."""
    by_module: dict[str, set[str]] = {}
    for name in classes:
        by_module.setdefault("." + module[name], set()).add(name)
    return [_from_import(m, names, indent) for m, names in sorted(by_module.items())]


def _from_import(module: str, names: set[str], indent: str) -> str:
    """`from module import a, b`, wrapped one name a line when longer than the package's line
    length, as the import sorting writes it."""
    ordered = sorted(names, key=_member_order)
    line = f"{indent}from {module} import {', '.join(ordered)}"
    if len(line) <= _LINE_LENGTH:
        return line
    inner = "".join(f"{indent}    {name},\n" for name in ordered)
    return f"{indent}from {module} import (\n{inner}{indent})"


def _section(module: str) -> str:
    root = module.split(".")[0]
    if not root:
        return "first"  # relative: the package's own
    if root in sys.stdlib_module_names:
        return "stdlib"
    return "third" if root in _THIRD_PARTY else "first"


def _member_order(entry: str) -> tuple[int, str]:
    """Constants, then classes, then the rest, as the import sorting orders names."""
    name = entry.split(" as ")[0]
    if name.isupper() and len(name) > 1:
        return 0, name
    return (1 if name[:1].isupper() else 2), name


def _owners(names: list[str], roots: set[str], uses: dict[str, set[str]]) -> dict[str, str]:
    """The class whose module each class goes to (`names` in the module's order)."""
    order = {name: i for i, name in enumerate(names)}
    used_by: dict[str, list[str]] = {}
    for name, used in uses.items():
        for dep in used:
            used_by.setdefault(dep, []).append(name)
    owner: dict[str, str] = {}
    for name in reversed(names):  # users come after what they use
        if name in roots:
            owner[name] = name
            continue
        users = sorted((u for u in used_by.get(name, []) if u in owner), key=order.__getitem__)
        owner[name] = owner[users[0]] if users else name
    return owner


def _has_cycle(graph: dict[str, set[str]]) -> bool:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in graph:
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(graph.get(start, ())))]
        state[start] = 1
        while stack:
            node, pending = stack[-1]
            if not pending:
                state[node] = 2
                stack.pop()
                continue
            nxt = pending.pop()
            if state.get(nxt) == 1:
                return True
            if not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, sorted(graph.get(nxt, ()))))
    return False


def _eager_names(node: ast.ClassDef) -> set[str]:
    """Names evaluated while the class is created: bases, keywords, decorators and the values
    (not the annotations) of its body."""
    found: set[str] = set()
    for base in node.bases:
        found |= _names_in(base)
    for item in [*node.keywords, *node.decorator_list]:
        found |= _names_in(item)
    values = [s.value for s in node.body if isinstance(s, ast.AnnAssign | ast.Assign)]
    for value in values:
        if value is not None:
            found |= _names_in(value)
    return found


def _names_in(node: ast.AST, *, strings: bool = False) -> set[str]:
    """The identifiers of the `ast.Name` nodes below `node` (and the values of its string
    constants with `strings`): what `ast.walk` finds, in a third of its time (GitHub's
    models: 2,700 classes, a million nodes)."""
    found: set[str] = set()
    stack: list[ast.AST] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Name):
            found.add(current.id)
            continue
        if isinstance(current, ast.Constant):
            if strings and isinstance(current.value, str):
                found.add(current.value)
            continue
        for field in current._fields:
            value = getattr(current, field, None)
            if isinstance(value, ast.AST):
                stack.append(value)
            elif isinstance(value, list):
                stack.extend(item for item in value if isinstance(item, ast.AST))
    return found
