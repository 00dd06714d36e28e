"""Names of the classes made for the inline parts of a schema's root (union options, array
items, map values): the parent's name once, then what tells the part apart.

The model generator, left to itself, writes the parent's name twice there (`PetPet`,
`PetPet1`, `PetPetItem`), the junk names issue #13 saw on the peer's baseline document.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import require_shared, run_module

_OBJECT_A = {"type": "object", "properties": {"a": {"type": "string"}}}
_OBJECT_B = {"type": "object", "properties": {"b": {"type": "integer"}}}

SCHEMAS: dict[str, Any] = {
    # Options that fix a shared property to different values: named by those values.
    "Shape": {
        "oneOf": [
            {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"const": "circle"}, "radius": {"type": "number"}},
            },
            {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"enum": ["square"]}, "side": {"type": "number"}},
            },
        ]
    },
    # Integer tags: a class name cannot start with a digit, so the property leads.
    "Versioned": {
        "anyOf": [
            {"type": "object", "properties": {"version": {"const": 1}, "a": {"type": "string"}}},
            {"type": "object", "properties": {"version": {"const": 2}, "b": {"type": "string"}}},
        ]
    },
    # Options with titles and no tag: named by their titles.
    "Payment": {
        "oneOf": [
            {"title": "card payment", **_OBJECT_A},
            {"title": "bank transfer", **_OBJECT_B},
        ]
    },
    # Neither tags nor titles: by position.
    "Either": {"oneOf": [_OBJECT_A, _OBJECT_B]},
    # One class among other options.
    "MaybeThing": {"anyOf": [_OBJECT_A, {"type": "string"}]},
    # Array items, map values, and the value map of an object with properties.
    "Things": {"type": "array", "items": _OBJECT_A},
    "Colours": {"type": "array", "items": {"title": "Colour", "enum": ["red", "green"]}},
    "ByName": {"type": "object", "additionalProperties": _OBJECT_B},
    "Record": {
        "type": "object",
        "properties": {"id": {"type": "integer"}},
        "additionalProperties": _OBJECT_A,
    },
    # Places combined: the options of a map's values, the tagged options of array items.
    "Mixed": {"type": "object", "additionalProperties": {"oneOf": [_OBJECT_A, {"type": "string"}]}},
    "Events": {
        "type": "array",
        "items": {
            "oneOf": [
                {"type": "object", "properties": {"type": {"const": "created"}}},
                {"type": "object", "properties": {"type": {"const": "deleted"}}},
            ]
        },
    },
    # A class the parts' names would take is the spec's own: the part gives way (the
    # one-value enum of `kind`, nested in a property, keeps the model generator's name).
    "ShapeCircle": {"type": "object", "properties": {"x": {"type": "integer"}}},
    # Nested places keep the model generator's names (parent once, then the property).
    "Holder": {"type": "object", "properties": {"inner": {"oneOf": [_OBJECT_A, _OBJECT_B]}}},
}

EXPECTED = {
    "Shape", "ShapeCircle", "ShapeCircleModel", "ShapeSquare", "ShapeSquareKind",
    "Versioned", "VersionedVersion1", "VersionedVersion2",
    "Payment", "PaymentCardPayment", "PaymentBankTransfer",
    "Either", "EitherOption1", "EitherOption2",
    "MaybeThing", "MaybeThingOption",
    "Things", "ThingsItem",
    "Colours", "ColoursItem",
    "ByName", "ByNameValue",
    "Record", "RecordValue",
    "Mixed", "MixedValue",
    "Events", "EventsItemCreated", "EventsItemDeleted",
    "Holder", "HolderInner", "HolderInner1",
    "GetAllResponseItem",  # the operation's inline item schema
}  # fmt: skip


def _spec() -> dict[str, Any]:
    refs = [{"$ref": f"#/components/schemas/{name}"} for name in SCHEMAS]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Parts", "version": "1"},
        "paths": {
            "/all": {
                "get": {
                    "operationId": "getAll",
                    "responses": {
                        "200": {
                            "description": "every schema",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": {"anyOf": refs}}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": SCHEMAS},
    }


@pytest.fixture(scope="module")
def parts_models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("parts")
    spec = out / "parts.json"
    spec.write_text(json.dumps(_spec()), encoding="utf-8")
    result = run_module(out, "generate", str(spec), "--output", "out", "--package", "parts_pkg")
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(out / "out"))
    try:
        yield importlib.import_module("parts_pkg.models")
    finally:
        sys.path.remove(str(out / "out"))
        for name in [m for m in sys.modules if m.split(".")[0] == "parts_pkg"]:
            del sys.modules[name]


def _classes(module: Any) -> set[str]:
    source = Path(module.__file__).read_text(encoding="utf-8")
    return set(re.findall(r"^class (\w+)", source, re.MULTILINE))


def test_parts_at_a_schemas_root_are_named_once_by_what_sets_them_apart(
    parts_models: Any,
) -> None:
    assert _classes(parts_models) == EXPECTED


def test_the_named_parts_read_the_same_data(parts_models: Any) -> None:
    m = parts_models
    circle = m.Shape.model_validate({"kind": "circle", "radius": 2})
    assert type(circle.root).__name__ == "ShapeCircleModel"
    assert type(m.Shape.model_validate({"kind": "square", "side": 1}).root) is m.ShapeSquare
    assert type(m.Versioned.model_validate({"version": 2, "b": "x"}).root) is m.VersionedVersion2
    assert m.Things.model_validate([{"a": "x"}]).root == [m.ThingsItem(a="x")]
    assert m.Colours.model_validate(["green"]).root == [m.ColoursItem.GREEN]
    assert m.ByName.model_validate({"k": {"b": 3}}).root == {"k": m.ByNameValue(b=3)}
    record = m.Record.model_validate({"id": 1, "extra": {"a": "y"}})
    assert record.model_extra == {"extra": m.RecordValue(a="y")}
    assert m.Mixed.model_validate({"k": "text"}).root == {"k": "text"}
    events = m.Events.model_validate([{"type": "deleted"}]).root
    assert [type(e) for e in events] == [m.EventsItemDeleted]
    assert m.Events.model_validate([{"type": "created"}]).model_dump(mode="json") == [
        {"type": "created"}
    ]


def _doubled(name: str) -> str | None:
    """The run of words a class name repeats back to back (`PetPet...`, `...ResponseGetThing
    ResponseGetThing...`), if any; one word repeated inside a name is a property named like
    its type (`NodeTypeTypeEnum`)."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z]*|[0-9]+|[a-z]+", name)
    for size in range(1, len(words) // 2 + 1):
        for start in range(len(words) - 2 * size + 1 if size > 1 else 1):
            if words[start : start + size] == words[start + size : start + 2 * size]:
                return "".join(words[start : start + size])
    return None


def test_doubled_detects_a_repeated_run() -> None:
    assert _doubled("GetThingResponseGetThingResponse1") == "GetThingResponse"
    assert _doubled("PetPetItem") == "Pet"
    assert _doubled("ModelWithAdditionalPropertiesInlinedAdditionalProperty") is None
    assert _doubled("HTTPValidationError") is None
    assert _doubled("NodeTypeTypeEnum") is None


@pytest.mark.parametrize(
    "document", ["baseline_openapi_3.0.json", "baseline_openapi_3.1.yaml"], ids=str
)
def test_no_model_of_the_peer_documents_repeats_its_parents_name(
    document: str, tmp_path: Path
) -> None:
    spec = require_shared() / "peer-specs" / "openapi-python-client" / document
    result = run_module(
        tmp_path, "generate", str(spec), "--output", "out", "--package", "peer_pkg",
        "--lenient", "--all-models", "--quiet",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    source = (tmp_path / "out" / "peer_pkg" / "models.py").read_text(encoding="utf-8")
    names = re.findall(r"^class (\w+)", source, re.MULTILINE)
    assert len(names) > 50
    assert {name: _doubled(name) for name in names if _doubled(name)} == {}
