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


_FRESH_IMPORT = """
import sys
from generator._validate import _validator_class
spec = {"openapi": "3.0.3", "info": {"title": "t"}, "paths": {}}
ours = [e.message for e in _validator_class("3.0.3")(spec).iter_errors()]
skipped = "requests" not in sys.modules
import requests  # still importable afterwards, for whoever needs it
from openapi_spec_validator import OpenAPIV30SpecValidator
stock = [e.message for e in OpenAPIV30SpecValidator(spec).iter_errors()]
print(skipped, requests.__name__, ours == stock, ours)
"""


def test_the_validator_is_imported_without_requests() -> None:
    """openapi-spec-validator is imported with `requests` reading as absent (its path library
    then uses the standard library for the HTTP fetches clientgen never makes); afterwards
    `requests` imports normally, and the findings are the stock validator's."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", _FRESH_IMPORT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("True requests True ["), result.stdout
    assert "'version' is a required property" in result.stdout
