"""The `Filler170` model; import from the models package."""

from __future__ import annotations

from p_graph._models import BaseModel

from . import loader


class Filler170(BaseModel):
    value: int | None = None


loader.complete(__name__)
