"""The documents the validator's first passes are compared on: every test spec, every vendor
spec and, when `../shared` is present, every peer document (those with errors included)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import _validate
from generator._load import load_spec

from ..conftest import ROOT

PEER = ROOT.parent / "shared" / "peer-specs" / "openapi-python-client"


def documents() -> list[Path]:
    found = sorted((ROOT / "tests" / "specs").glob("*.yaml"))
    found += sorted((ROOT / "specs").glob("*.yaml"))
    if PEER.is_dir():
        found += sorted(p for p in PEER.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    return found


def validator_findings(path: Path) -> list[str]:
    """openapi-spec-validator's findings on the document at `path`, as clientgen runs it (a
    fresh validator class, so that patched first passes take effect); skips the test for a
    document that is not OpenAPI 3.0 or 3.1."""
    spec = load_spec(path, path.name)
    version = spec.data.get("openapi")
    if not isinstance(version, str) or not version.startswith(("3.0", "3.1")):
        pytest.skip("not an OpenAPI 3.0/3.1 document")
    _validate._linear.cache_clear()
    try:
        return [str(e) for e in _validate._schema_errors(spec, version)]
    finally:
        _validate._linear.cache_clear()
