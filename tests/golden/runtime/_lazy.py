"""Loading the models of a large API on first use.

Large APIs get their model classes in many small modules. Their ``models`` package holds a
``ModelLoader``: asking the package for a class imports the class's module. Every such module
ends by calling ``loader.complete(__name__)``, which registers its classes and hands it the
classes its annotations name (importing them the same way), so pydantic finds them when it
first builds a model, whether the module was reached through the package or imported
directly. Reference cycles between modules are fine: a module still being imported hands its
classes over when it completes.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping

__all__ = ["ModelLoader"]


class ModelLoader:
    """Loads the classes of one models package by name."""

    def __init__(
        self, package: str, modules: Mapping[str, str], lazy_deps: Mapping[str, tuple[str, ...]]
    ) -> None:
        """`modules`: the module of each class; `lazy_deps`: by module, the classes its
        annotations name."""
        self._package = package
        self._modules = modules
        self._lazy_deps = lazy_deps
        self._classes: dict[str, list[str]] = {}
        for name, module in modules.items():
            self._classes.setdefault(module, []).append(name)
        self._users: dict[str, list[str]] = {}
        for module, names in lazy_deps.items():
            for name in names:
                self._users.setdefault(name, []).append(module)
        self._complete: set[str] = set()

    def __call__(self, name: str) -> object:
        """The class `name`, imported with everything it refers to."""
        if name not in self._modules:
            raise AttributeError(f"module {self._package!r} has no attribute {name!r}")
        return self._load(name)

    def _namespace(self) -> dict[str, object]:
        return sys.modules[self._package].__dict__

    def _load(self, name: str) -> object:
        namespace = self._namespace()
        if name not in namespace:
            importlib.import_module(f"{self._package}.{self._modules[name]}")
        return namespace[name]

    def _inherit_names(self, module: dict[str, object], defined: list[str]) -> None:
        """Pydantic evaluates the annotations a class inherits in the subclass's module, so a
        module gets the names of the modules its classes' bases come from."""
        prefix = self._package + "."
        for name in defined:
            for base in getattr(module[name], "__mro__", ())[1:]:
                base_module = sys.modules.get(getattr(base, "__module__", ""))
                if base_module is None or not base_module.__name__.startswith(prefix):
                    continue
                for key, value in vars(base_module).items():
                    if not key.startswith("__"):
                        module.setdefault(key, value)

    def complete(self, qualified_name: str) -> None:
        """Called by each model module once its classes are defined."""
        module_name = qualified_name.rpartition(".")[2]
        module = sys.modules[qualified_name].__dict__
        namespace = self._namespace()
        defined = self._classes.get(module_name, [])
        for name in defined:
            namespace[name] = module[name]
        self._complete.add(module_name)
        self._inherit_names(module, defined)
        for name in defined:  # to the modules already loaded that name these classes
            for user in self._users.get(name, ()):
                if user in self._complete:
                    sys.modules[f"{self._package}.{user}"].__dict__.setdefault(name, module[name])
        for name in self._lazy_deps.get(module_name, ()):
            if name in namespace:
                module.setdefault(name, namespace[name])
            elif f"{self._package}.{self._modules[name]}" not in sys.modules:
                module.setdefault(name, self._load(name))
            # else: that module is being imported right now and hands its classes over when
            # it completes
