"""The `Edge` model; import from the models package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from p_graph._models import BaseModel

from . import loader

if TYPE_CHECKING:
    from ._node import Node


class Edge(BaseModel):
    to: Node | None = None
    weight: int | None = None


loader.complete(__name__)
