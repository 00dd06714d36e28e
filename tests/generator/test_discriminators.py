"""Discriminated unions whose options other discriminators tag otherwise.

The model generator writes a discriminator's tag into the class of each option, as a
`Literal`. tests/specs/disc.yaml makes two schemas options of three discriminators: by a
mapping (one value a reference, one a bare schema name), by their names (no mapping, and the
names are not the class names), and by another property with several tags for one schema.
Each union must accept exactly the tags its own discriminator gives, pick the option the tag
names, and dump the value back as it came.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest

from generator._config import ApiSettings
from generator._load import load_spec
from generator.parse import build_api
from generator.parse._spec import SCHEMA_REF

from ..conftest import run_module

SPEC = Path(__file__).resolve().parents[1] / "specs" / "disc.yaml"


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    tmp = tmp_path_factory.mktemp("disc")
    package = "p_disc_tags"
    result = run_module(tmp, "generate", str(SPEC), "--output", "out", "--package", package)
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(tmp / "out"))
    try:
        return importlib.import_module(f"{package}.models")
    finally:
        sys.path.remove(str(tmp / "out"))


# (union class, value, the schema whose class it parses as: named by a property only it has)
ACCEPTED = [
    ("PostEventsBody", {"kind": "approved"}, None),
    ("PostPaymentsBody", {"method": "card", "last4": "4242"}, "last4"),
    ("PostPaymentsBody", {"method": "bank", "iban": "DE02"}, "iban"),  # a bare schema name
    ("PostRefundsBody", {"method": "card-payment", "last4": "4242"}, "last4"),  # its name
    ("PostRefundsBody", {"method": "bank_transfer", "iban": "DE02"}, "iban"),
    ("GetPaymentsIdResponse", {"channel": "web", "method": "any text"}, "last4"),
    ("GetPaymentsIdResponse", {"channel": "app", "method": "card"}, "last4"),
    ("GetPaymentsIdResponse", {"channel": "shop", "method": "bank"}, "iban"),
]
REFUSED = [
    ("PostPaymentsBody", {"method": "card-payment"}),  # the mapping replaces the name
    ("PostPaymentsBody", {"method": "bank_transfer"}),
    ("PostRefundsBody", {"method": "card"}),  # another discriminator's tag
    ("PostRefundsBody", {"method": "CardPayment"}),  # the class name is no tag
    ("GetPaymentsIdResponse", {"channel": "card", "method": "card"}),
]


@pytest.mark.parametrize(("union", "value", "field"), ACCEPTED)
def test_each_union_takes_its_own_tags(
    models: ModuleType, union: str, value: dict[str, Any], field: str | None
) -> None:
    parsed = getattr(models, union).model_validate(value)
    if field is not None:
        assert field in type(parsed.root).model_fields, type(parsed.root).__name__
    assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True) == value


@pytest.mark.parametrize(("union", "value"), REFUSED)
def test_each_union_refuses_other_tags(
    models: ModuleType, union: str, value: dict[str, Any]
) -> None:
    with pytest.raises(pydantic.ValidationError):
        getattr(models, union).model_validate(value)


def test_a_schema_used_outside_its_first_discriminator_keeps_its_property_open(
    models: ModuleType,
) -> None:
    """The options of the `channel` discriminator declare `method` as any string, though
    the `method` discriminator of another union tags the same schemas `card` and `bank`."""
    body = models.GetPaymentsIdResponse.model_validate({"channel": "web", "method": "x"})
    assert body.root.method == "x"
    assert models.PostPaymentsBody.model_validate({"method": "card"}).root.method == "card"


def test_mapping_values_name_classes_of_the_models(tmp_path: Path) -> None:
    """In the schemas handed to the model generator, every discriminator mapping value is a
    reference to a class it writes, bare schema names included."""
    api = build_api(
        load_spec(SPEC, SPEC.name, SPEC.read_bytes()), ApiSettings(slug="disc", class_prefix="D")
    )
    seen = 0
    stack: list[Any] = list(api.schemas.values())
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            disc = node.get("discriminator")
            if isinstance(disc, dict):
                for target in disc["mapping"].values():
                    assert target.startswith(SCHEMA_REF), target
                    assert target.removeprefix(SCHEMA_REF) in api.schemas, target
                    seen += 1
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    assert seen == 2 + 2 + 2 + 3
