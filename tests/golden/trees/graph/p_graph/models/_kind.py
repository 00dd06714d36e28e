"""The `Kind` model; import from the models package."""

from __future__ import annotations

from p_graph._models import Enum

from . import loader


class Kind(str, Enum):
    LEAF = "leaf"
    BRANCH = "branch"


loader.complete(__name__)
