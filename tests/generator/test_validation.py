"""The spec validator clientgen runs is openapi-spec-validator's, with its schema checker's
visited lists indexed: it must find exactly what the stock validator finds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

from generator._validate import _IdList, _validator_class

from ..conftest import ROOT, SHARED

PEER = SHARED / "peer-specs" / "openapi-python-client"
OURS = sorted((ROOT / "specs").glob("*.yaml")) + sorted((ROOT / "tests" / "specs").glob("*.yaml"))


def _read(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def _errors(cls: Any, data: Any) -> list[tuple[str, list[Any], list[Any]]]:
    return [
        (str(getattr(e, "message", e)), list(e.absolute_path), list(e.schema_path))
        for e in cls(data).iter_errors()
    ]


def _stock(data: Any) -> Any:
    version = str(data.get("openapi", ""))
    return OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator


def _same_findings(data: Any) -> list[tuple[str, list[Any], list[Any]]]:
    expected = _errors(_stock(data), data)
    assert _errors(_validator_class(str(data["openapi"])), data) == expected
    return expected


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name)
def test_same_findings_on_our_specs(path: Path) -> None:
    assert _same_findings(_read(path)) == []


def test_same_findings_on_the_peer_documents() -> None:
    if not PEER.is_dir():
        pytest.skip("../shared is not present")
    documents = sorted(
        p
        for p in [*PEER.glob("*"), *(PEER / "documents_with_errors").glob("*")]
        if p.suffix in (".yaml", ".json")
    )
    assert len(documents) >= 8
    found = [_same_findings(_read(p)) for p in documents]
    assert any(found), "the documents with errors must produce findings"


def _wide_spec(broken: bool) -> dict[str, Any]:
    """Many schemas referring to one another, one of them (optionally) wrong deep inside."""
    schemas: dict[str, Any] = {}
    for i in range(300):
        schemas[f"S{i}"] = {
            "type": "object",
            "required": ["a"],
            "properties": {
                "a": {"$ref": f"#/components/schemas/S{(i * 7 + 1) % 300}"},
                "b": {"type": "array", "items": {"$ref": f"#/components/schemas/S{i // 2}"}},
                "c": {"allOf": [{"$ref": f"#/components/schemas/S{(i + 3) % 300}"}]},
            },
        }
    if broken:
        schemas["S250"]["properties"]["d"] = {"type": "integer", "default": "not a number"}
        schemas["S17"]["allOf"] = [{"$ref": "#/components/schemas/S3"}]
        schemas["S17"]["required"] = ["a", "ghost"]
    return {
        "openapi": "3.0.3",
        "info": {"title": "wide", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }


@pytest.mark.parametrize("broken", [False, True])
def test_same_findings_on_a_wide_spec(broken: bool) -> None:
    found = _same_findings(_wide_spec(broken))
    assert bool(found) is broken


def test_visited_schemas_are_indexed() -> None:
    validator = _validator_class("3.0.3")(_wide_spec(False))
    assert list(validator.iter_errors()) == []
    checker = validator.keyword_validators_registry["schema"]
    assert isinstance(checker.visited_schema_ids, _IdList)
    assert isinstance(checker.meta_checked_schema_ids, _IdList)
    assert len(checker.visited_schema_ids) >= 300
    assert checker.visited_schema_ids[0] in checker.visited_schema_ids
    assert -1 not in checker.visited_schema_ids
