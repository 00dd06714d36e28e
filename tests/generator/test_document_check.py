"""The document check's first pass (generator/_validate.py, `_DocumentCheck`): jsonschema-rs never
finds valid a document that jsonschema, as openapi-spec-validator runs it, finds invalid; and
the validator's findings are the same with the first pass and without it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import _validate

from ..conftest import ROOT
from ._documents import documents, validator_findings

BASES = {
    "3.1": yaml.safe_load((ROOT / "tests" / "specs" / "features.yaml").read_text()),
    "3.0": yaml.safe_load((ROOT / "tests" / "specs" / "wire.yaml").read_text()),
}
CHECKS = {version: _validate._DocumentCheck(version) for version in BASES}


@pytest.fixture(autouse=True)
def every_document_goes_through_the_first_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small documents are normally left to jsonschema alone; here every one is tried."""
    monkeypatch.setattr(_validate._DocumentCheck, "QUICK_ABOVE", 0)


def test_the_bases_are_what_they_should_be() -> None:
    for version, document in BASES.items():
        assert str(document["openapi"]).startswith(version)
        assert CHECKS[version]._quick is not None, "jsonschema-rs is not installed"
        assert CHECKS[version]._quick.is_valid(document)


def _nodes(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _nodes(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _nodes(value, (*path, i))
    return found


values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-2, 2**64 + 1),
        st.sampled_from([1.0, 0.5, -2.0, 1e300]),
        st.sampled_from(["", "body", "query", "string", "integer", "#/components/schemas/X"]),
        st.text(max_size=4),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.sampled_from(["type", "$ref", "in", "name", "x-a", "schema", "required", "a"]),
            children,
            max_size=3,
        ),
    ),
    max_leaves=6,
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(BASES)),
    st.lists(
        st.tuples(st.integers(0, 10**6), st.sampled_from(["set", "drop"]), values), max_size=3
    ),
)
def test_never_valid_where_jsonschema_finds_fault(
    version: str, edits: list[tuple[int, str, Any]]
) -> None:
    document = copy.deepcopy(BASES[version])
    for where, how, value in edits:
        paths = [p for p in _nodes(document) if p]
        *parent_path, key = paths[where % len(paths)]
        parent = document
        for part in parent_path:
            parent = parent[part]
        if how == "drop" and isinstance(parent, dict):
            del parent[key]
        else:
            parent[key] = value
    check = CHECKS[version]
    found = list(check._jsonschema.iter_errors(document))
    if _validate._plain_json(document) >= 0 and check._quick.is_valid(document):
        assert not found, [e.message for e in found]
    assert bool(list(check.iter_errors(document))) == bool(found)


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        ({"a": [1, "x", None, True, 0.5]}, True),  # 7 values
        ({"a": 1.0}, False),  # 1 and 1.0: one number in JSON, two in Python
        ({"a": 2**64}, False),
        ({"a": float("nan")}, False),
        ({1: "a"}, False),
        ({"a": (1, 2)}, False),
        ({"when": __import__("datetime").date(2026, 1, 1)}, False),
    ],
)
def test_plain_json(value: Any, plain: bool) -> None:
    assert (_validate._plain_json(value) >= 0) is plain


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_the_findings_are_the_same_with_the_first_pass_and_without(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_it = validator_findings(path)
    real = _validate._DocumentCheck.__init__

    def without(self: Any, version: str) -> None:
        real(self, version)
        self._rs = False

    monkeypatch.setattr(_validate._DocumentCheck, "__init__", without)
    assert validator_findings(path) == with_it


def test_values_are_counted() -> None:
    assert _validate._plain_json({"a": [1, "x", None, True, 0.5]}) == 7
    assert _validate._plain_json({}) == 1
