"""The `Derived` model; import from the models package."""

from __future__ import annotations

from . import loader
from ._base import Base


class Derived(Base):
    extra: int | None = None


loader.complete(__name__)
