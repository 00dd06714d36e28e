"""The `Base` model; import from the models package."""

from __future__ import annotations

from p_graph._models import BaseModel

from . import loader


class Base(BaseModel):
    id: str | None = None


loader.complete(__name__)
