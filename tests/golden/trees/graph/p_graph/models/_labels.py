"""The `LabelsLabelsAdditionalProperty`, `Labels` models; import from the models package."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from typing_extensions import TypeAliasType

from p_graph._models import BaseModel

from . import loader

LabelsLabelsAdditionalProperty = TypeAliasType(
    "LabelsLabelsAdditionalProperty", Annotated[str, Field(max_length=50)]
)


class Labels(BaseModel):
    labels: dict[str, LabelsLabelsAdditionalProperty] | None = None


loader.complete(__name__)
