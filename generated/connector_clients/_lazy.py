"""Loading the models of a large API on first use.

Large APIs get one module per model class. Their ``models`` package holds a ``ModelLoader``
as its module ``__getattr__``: asking for a class imports its module, then hands that module
the classes its annotations name (loading them the same way), so pydantic finds them when it
first builds the model. Reference cycles between models are fine: a class is registered
before the classes it refers to are loaded.
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
        self._package = package
        self._modules = modules
        self._lazy_deps = lazy_deps

    def __call__(self, name: str) -> object:
        """The class `name`, imported with everything it refers to."""
        if name not in self._modules:
            raise AttributeError(f"module {self._package!r} has no attribute {name!r}")
        return self._load(name)

    def _load(self, name: str) -> object:
        namespace = sys.modules[self._package].__dict__
        if name in namespace:
            return namespace[name]
        module = importlib.import_module(f"{self._package}.{self._modules[name]}")
        value = module.__dict__[name]
        namespace[name] = value  # registered first, so that a cycle ends here
        for dependency in self._lazy_deps.get(name, ()):
            module.__dict__.setdefault(dependency, self._load(dependency))
        return value
