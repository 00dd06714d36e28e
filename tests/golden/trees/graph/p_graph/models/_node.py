"""The `Node` model; import from the models package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from p_graph._models import BaseModel

from . import loader

if TYPE_CHECKING:
    from ._edge import Edge
    from ._kind import Kind


class Node(BaseModel):
    name: str
    edges: list[Edge] | None = None
    kind: Kind | None = None


loader.complete(__name__)
