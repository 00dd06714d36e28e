"""The meta-schema first pass (generator/_metacheck.py) never accepts a schema that jsonschema,
checking it against the same meta-schema as openapi-spec-validator does, rejects; it accepts
the schemas real specs hold; and the validator's findings are the same with it and without it."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator, OAS31Validator, oas31_format_checker

from generator import _metacheck, _validate

from ._documents import documents, validator_findings

draft4 = _metacheck.draft4(lambda v: bool(OAS30Validator.FORMAT_CHECKER.conforms(v, "regex")))
oas31 = _metacheck.oas31(lambda v: bool(oas31_format_checker.conforms(v, "regex")))


def jsonschema_accepts(schema: Any, version: str) -> bool:
    """openapi-spec-validator's meta-schema check of one schema, as it runs it."""
    try:
        if version == "3.0":
            OAS30Validator.check_schema(schema)
        else:
            OAS31Validator.check_schema(schema, format_checker=oas31_format_checker)
    except Exception:
        return False
    return True


# Values of every kind a keyword may be given, valid or not for it.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, 1.0, 2.5, -1.0, math.inf]),
    st.sampled_from(
        ["", "string", "integer", "object", "array", "null", "^x-", "[a-z]+", "(", "a{2"]
    ),
)
KEYWORDS = sorted(
    set(_metacheck._Draft4(lambda v: True).keywords)
    | set(_metacheck._Oas31(lambda v: True).keywords)
    | {"nullable", "x-extra", "propertyName", "mapping", "url", "name", "wrapped"}
)


def _values(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        scalars,
        st.lists(scalars, max_size=3),
        st.lists(children, max_size=3),
        st.lists(st.sampled_from(["string", "integer", "a", "b"]), max_size=3),
        st.dictionaries(st.sampled_from(["a", "b", "^x-", "(", "x-a"]), children, max_size=3),
        children,
    )


schemas = st.recursive(
    st.one_of(st.booleans(), st.just({})),
    lambda children: st.dictionaries(st.sampled_from(KEYWORDS), _values(children), max_size=5),
    max_leaves=12,
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemas)
def test_never_accepts_what_the_meta_schema_rejects(schema: Any) -> None:
    if draft4(schema):
        assert jsonschema_accepts(schema, "3.0"), schema
    if oas31(schema):
        assert jsonschema_accepts(schema, "3.1"), schema


EDGE_CASES: list[tuple[Any, bool, bool]] = [
    # (schema, valid in 3.0 (draft 4), valid in 3.1 (2020-12))
    ({"minLength": 1.0}, False, True),  # an integral float is an integer in 2020-12 only
    ({"minLength": True}, False, False),  # a boolean is not a number
    ({"required": []}, False, True),  # draft 4 asks for at least one
    ({"required": ["a", "a"]}, False, False),
    ({"enum": [1, 1.0]}, False, True),  # equal values; 2020-12 does not ask for unique ones
    ({"enum": [1, True]}, True, True),  # a boolean is not the number 1
    ({"enum": []}, False, True),
    ({"exclusiveMinimum": True, "minimum": 0}, True, False),
    ({"exclusiveMinimum": True}, False, False),  # draft 4: needs `minimum`
    ({"exclusiveMinimum": 3}, False, True),
    ({"pattern": "("}, False, False),
    ({"patternProperties": {"(": {}}}, True, False),  # 2020-12 checks the names as patterns
    ({"items": [{}, {}]}, True, False),
    ({"items": True}, False, True),
    ({"type": ["string", "string"]}, False, False),
    ({"type": "text"}, False, False),
    ({"multipleOf": 0}, False, False),
    ({"discriminator": {"propertyName": "kind", "x-a": 1}}, True, True),
    ({"discriminator": {"propertyName": "kind", "other": 1}}, True, False),
    ({"discriminator": {"mapping": {}}}, True, False),
    ({"externalDocs": {"url": "https://a.test"}}, True, True),
    ({"xml": {"wrapped": "yes"}}, True, False),
    ({"properties": {"a": "string"}}, False, False),
    ({"properties": {"a": False}}, False, True),
    ({"nullable": "anything"}, True, True),  # not a keyword of either meta-schema
]


@pytest.mark.parametrize(("schema", "in_30", "in_31"), EDGE_CASES)
def test_edge_cases_agree_with_jsonschema(schema: Any, in_30: bool, in_31: bool) -> None:
    assert jsonschema_accepts(schema, "3.0") is in_30
    assert jsonschema_accepts(schema, "3.1") is in_31
    assert draft4(schema) is in_30
    assert oas31(schema) is in_31


def test_not_followed_means_not_certain() -> None:
    """Keywords that change how the meta-schema applies are left to jsonschema."""
    for schema in ({"$id": "x"}, {"$schema": "x"}, {"dependencies": {}}, {"$anchor": "a"}):
        assert jsonschema_accepts(schema, "3.1")
        assert not oas31(schema)


def _component_schemas(path: Path) -> list[tuple[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError:
        return []
    if not isinstance(data, dict):
        return []
    version = "3.1" if str(data.get("openapi", "")).startswith("3.1") else "3.0"
    schemas = (data.get("components") or {}).get("schemas") or {}
    return [(version, schema) for schema in schemas.values()] if isinstance(schemas, dict) else []


def test_accepts_the_schemas_real_specs_hold() -> None:
    checked = 0
    for path in documents():
        for version, schema in _component_schemas(path):
            if jsonschema_accepts(schema, version):
                first_pass = draft4 if version == "3.0" else oas31
                assert first_pass(schema), (path.name, schema)
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_the_validators_findings_are_the_same_with_and_without_it(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_it = validator_findings(path)
    monkeypatch.setattr(_validate, "_meta_first_pass", lambda checker: None)
    assert validator_findings(path) == with_it
