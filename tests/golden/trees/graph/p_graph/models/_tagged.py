"""The `Tagged` model; import from the models package."""

from __future__ import annotations

from p_graph._models import BaseModel

from . import loader
from ._kind import Kind


class Tagged(BaseModel):
    kind: Kind | None = Kind.LEAF


loader.complete(__name__)
