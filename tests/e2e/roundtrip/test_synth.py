"""The synthesiser's proofs that no valid value exists, checked against jsonschema.

A oneOf whose every option is the same schema as another one (annotations aside) accepts
no value: a value valid under one option is valid under its twin. An allOf whose members
allow no common type accepts none either. The round trip reports such an operation as one
the spec allows no call of; these tests hold the proof to the JSON Schema validator (every
candidate value is valid under none or two or more options), and check that it is not
claimed where a value exists, which the synthesiser then finds.
"""

from __future__ import annotations

import contextlib
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ._harness import RoundTrip
from ._synth import NoValidValue, Synth, Unsynthesisable

REF = "#/components/schemas/"
DOC: dict[str, Any] = {
    "components": {
        "schemas": {
            "Text": {"type": "string"},
            "Also": {"type": "string", "description": "the same values as Text"},
            "Flat": {"type": "object", "properties": {"s": {"type": "string"}}},
            "Listed": {"type": "object", "properties": {"items": {"type": "array"}}},
        }
    }
}
# Values of every JSON type, with objects that break or keep the properties above.
POOL: list[Any] = [
    None, True, 0, 7, 1.5, "", "text", [], [1, "a"], {}, {"s": "x"}, {"s": 5},
    {"items": []}, {"items": 5}, {"s": 5, "items": 5}, {"other": 1},
]  # fmt: skip


def _validator(schema: Any) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({**DOC, "$id": "urn:doc", "allOf": [schema]})


def _matches(options: list[Any], value: Any) -> int:
    return sum(_validator(option).is_valid(value) for option in options)


def _fits(schema: Any, value: Any) -> bool:
    return _validator(schema).is_valid(value)


def _candidates(options: list[Any]) -> list[Any]:
    """The pool, and values made from each option with many seeds."""
    made = []
    for seed in range(20):
        synth = Synth(DOC, seed)
        for option in options:
            with contextlib.suppress(NoValidValue):  # an option with no value
                made.append(synth.value(option))
    return POOL + made


TWINS = {
    "one schema twice": [{"$ref": REF + "Text"}, {"$ref": REF + "Text"}],
    "two schemas that differ in annotations": [{"$ref": REF + "Text"}, {"$ref": REF + "Also"}],
    "any value, twice": [{"description": "one"}, {"description": "two"}],
    "two pairs": [
        {"$ref": REF + "Flat"},
        {"$ref": REF + "Listed"},
        {"$ref": REF + "Listed"},
        {"$ref": REF + "Flat", "title": "the same"},
    ],
    "a twin and an option with no value": [
        {"type": "string"},
        {"type": "string", "title": "again"},
        {"allOf": [{"type": "string"}, {"type": "integer"}]},
    ],
}


@pytest.mark.parametrize("options", TWINS.values(), ids=list(TWINS))
def test_a_one_of_of_twins_has_no_valid_value(options: list[Any]) -> None:
    schema = {"oneOf": options}
    with pytest.raises(NoValidValue, match="same schema as another"):
        Synth(DOC, 1, _fits).value(schema)
    for value in _candidates(options):  # the proof, held to the validator
        assert _matches(options, value) != 1, value
        assert not _fits(schema, value), value


APART = {
    "a free-form option beside twins": [
        {"type": "object"},
        {"$ref": REF + "Flat"},
        {"$ref": REF + "Flat", "title": "option 2"},
        {"$ref": REF + "Listed"},
    ],
    "twins and another type": [{"$ref": REF + "Text"}, {"$ref": REF + "Text"}, {"type": "integer"}],
    # OpenAPI 3.1: keywords beside a `$ref` constrain it, so these are not twins
    "a reference with a constraint beside it": [
        {"$ref": REF + "Text"},
        {"$ref": REF + "Text", "maxLength": 3},
    ],
}


@pytest.mark.parametrize("options", APART.values(), ids=list(APART))
def test_a_value_valid_under_one_option_is_found(options: list[Any]) -> None:
    schema = {"oneOf": options}
    value = Synth(DOC, 1, _fits).value(schema)
    assert _matches(options, value) == 1, value


def test_null_keeps_the_proof_out() -> None:
    """A null option, or `nullable`, may make null valid under one option: no claim."""
    for schema in (
        {"oneOf": [{"$ref": REF + "Text"}, {"$ref": REF + "Text"}, {"type": "null"}]},
        {"nullable": True, "oneOf": [{"$ref": REF + "Text"}, {"$ref": REF + "Text"}]},
    ):
        try:
            Synth(DOC, 1, _fits).value(schema)
        except NoValidValue as exc:
            pytest.fail(f"claimed for {schema}: {exc}")
        except Unsynthesisable:  # not found is fine; a false proof is not
            pass


def test_an_all_of_of_disjoint_types_has_no_valid_value() -> None:
    schema = {"allOf": [{"type": "string"}, {"$ref": REF + "Flat"}, {"type": "integer"}]}
    with pytest.raises(NoValidValue, match="no common type"):
        Synth(DOC, 1).value(schema)
    assert not any(_fits(schema, value) for value in _candidates(schema["allOf"]))


@pytest.mark.parametrize(
    "members",
    [
        [{"type": "number"}, {"type": "integer"}],  # integers are numbers
        [{"type": ["string", "integer"]}, {"type": "integer"}],
        [{"type": "string"}, {"description": "no type: any"}],
        [{"type": "string"}, {"type": "file"}],  # not a JSON type: no claim
    ],
)
def test_an_all_of_with_a_common_type_is_not_claimed_empty(members: list[Any]) -> None:
    schema = {"allOf": members}
    Synth(DOC, 1).value(schema)  # no NoValidValue is raised


def test_an_optional_property_with_no_valid_value_is_left_out() -> None:
    twins = {"oneOf": [{"$ref": REF + "Text"}, {"$ref": REF + "Also"}]}
    schema = {"type": "object", "properties": {"config": twins, "name": {"type": "string"}}}
    value = Synth(DOC, 1, _fits).value(schema)
    assert set(value) == {"name"} and _fits(schema, value)
    with pytest.raises(NoValidValue, match="required property 'config'"):
        Synth(DOC, 1, _fits).value({**schema, "required": ["config"]})


SPEC = """\
openapi: 3.1.0
info: {title: Twins, version: "1"}
paths:
  /optional-twins:
    post:
      operationId: optionalTwins
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              properties:
                config: {oneOf: [{$ref: "#/components/schemas/Text"}, {$ref: "#/components/schemas/Text"}]}
      responses: {"204": {description: done}}
  /required-twins:
    post:
      operationId: requiredTwins
      requestBody:
        required: true
        content:
          application/json:
            schema: {oneOf: [{$ref: "#/components/schemas/Text"}, {$ref: "#/components/schemas/Text"}]}
      responses: {"204": {description: done}}
  /answer-twins:
    get:
      operationId: answerTwins
      responses:
        "200":
          description: never valid
          content:
            application/json:
              schema: {oneOf: [{$ref: "#/components/schemas/Text"}, {$ref: "#/components/schemas/Text"}]}
components:
  schemas:
    Text: {type: string}
"""


@pytest.mark.xdist_group("roundtrip")
def test_the_round_trip_reports_what_the_spec_allows_no_call_of(tmp_path: Path) -> None:
    spec = tmp_path / "twins.yaml"
    spec.write_text(textwrap.dedent(SPEC), encoding="utf-8")
    (tmp_path / "run").mkdir()
    outcome = RoundTrip(spec, tmp_path / "run").run()
    # The optional property is left out: the body `{}` is valid, and round-trips.
    assert outcome.passed == ["POST /optional-twins"], outcome
    assert not outcome.failed and not outcome.skipped, outcome
    assert outcome.impossible.keys() == {"POST /required-twins", "GET /answer-twins"}
    assert outcome.impossible["POST /required-twins"].startswith("no valid request exists")
    assert outcome.impossible["GET /answer-twins"].startswith("no valid answer exists")
    assert outcome.summary("twins.yaml") == (
        "twins.yaml: 1/3 operations round-trip (2 with no valid request or answer)"
    )
