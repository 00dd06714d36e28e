"""Type nodes: what a schema becomes, how a type is written, which defaults fit."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator._errors import SpecErrors
from generator._ir import (
    AnyValue,
    Binary,
    ListOf,
    LiteralOf,
    MapOf,
    ModelRef,
    NoneValue,
    Nullable,
    Primitive,
    Text,
    TupleOf,
    TypeNode,
    UnionOf,
    model_names_in,
    nullable,
)
from generator._typesource import annotation, cast_expression, default_fits, default_source

from ._build import build


@pytest.mark.parametrize(
    ("node", "source"),
    [
        (Primitive("str"), "str"),
        (Primitive("str", "date-time"), "str"),
        (Primitive("int"), "int"),
        (Primitive("float"), "float"),
        (Primitive("bool"), "bool"),
        (ModelRef("Pet"), "models.Pet"),
        (ListOf(ModelRef("Pet")), "list[models.Pet]"),
        (MapOf(Primitive("int")), "dict[str, int]"),
        (MapOf(AnyValue(), abstract=True), "Mapping[str, object]"),
        (LiteralOf(("a", 'b"c', 10)), 'Literal["a", "b\\"c", 10]'),
        (UnionOf((Primitive("int"), ModelRef("Pet"))), "int | models.Pet"),
        (Nullable(ListOf(Primitive("str"))), "list[str] | None"),
        (TupleOf((Primitive("str"), ModelRef("Pet"))), "tuple[str, models.Pet]"),
        (TupleOf(()), "tuple[()]"),
        (
            UnionOf((TupleOf(()), TupleOf((Primitive("int"),)))),
            "tuple[()] | tuple[int]",
        ),
        (Text(), "str"),
        (Binary(), "bytes"),
        (NoneValue(), "None"),
        (AnyValue(), "object"),
    ],
)
def test_annotation(node: TypeNode, source: str) -> None:
    assert annotation(node) == source


def test_cast_expression_of_no_content_is_nonetype() -> None:
    assert cast_expression(NoneValue()) == "NoneType"
    assert cast_expression(ModelRef("Pet")) == "models.Pet"


def test_cast_expression_of_what_is_not_a_class_is_wrapped() -> None:
    """Type checkers take only classes for the runtime's `type[T]` (tests/e2e/test_return_types
    checks the generated calls with mypy and pyright)."""
    assert cast_expression(Nullable(ModelRef("Pet"))) == (
        "TypeForm[models.Pet | None](models.Pet | None)"
    )
    assert cast_expression(UnionOf((Primitive("int"), Primitive("str")))) == (
        "TypeForm[int | str](int | str)"
    )
    assert cast_expression(ListOf(Primitive("int"))) == "list[int]"


def test_nullable_never_nests_nor_wraps_what_allows_none() -> None:
    assert nullable(Primitive("int")) == Nullable(Primitive("int"))
    assert nullable(nullable(Primitive("int"))) == Nullable(Primitive("int"))
    assert nullable(AnyValue()) == AnyValue()
    assert nullable(NoneValue()) == NoneValue()
    assert nullable(Primitive("int"), False) == Primitive("int")


def test_model_names_in_walks_every_container() -> None:
    node = UnionOf(
        (
            ListOf(ModelRef("A")),
            Nullable(MapOf(ModelRef("B"))),
            LiteralOf(("C",)),
            Text(),
            TupleOf((Primitive("int"), ModelRef("D"))),
        )
    )
    assert model_names_in(node) == {"A", "B", "D"}


@pytest.mark.parametrize(
    ("node", "value", "fits"),
    [
        (LiteralOf((10, 2)), 1, False),  # "1" is in the text "Literal[10, 2]", not a value
        (LiteralOf((10, 2)), 10, True),
        (LiteralOf((1,)), True, False),  # True == 1 in Python, but not the same value
        (LiteralOf(("1",)), 1, False),
        (Primitive("int"), True, False),
        (Primitive("int"), 3, True),
        (Primitive("int"), 3.0, False),
        (Primitive("float"), 3, True),
        (Primitive("float"), float("nan"), False),
        (Primitive("bool"), 0, False),
        (Primitive("bool"), False, True),
        (Primitive("str"), "x", True),
        (Primitive("str"), 1, False),
        (Nullable(Primitive("str")), None, True),
        (Primitive("str"), None, False),
        (ModelRef("Pet"), {}, False),
        (ListOf(Primitive("str")), [], False),
        (AnyValue(), "x", False),
    ],
)
def test_default_fits(node: TypeNode, value: Any, fits: bool) -> None:
    assert default_fits(node, value) is fits
    assert (default_source(node, value) is not None) is fits


def test_default_source_is_a_python_literal() -> None:
    assert default_source(Primitive("str"), 'a"b\n') == '"a\\"b\\n"'
    assert default_source(Primitive("float"), 1) == "1"
    assert default_source(Primitive("bool"), True) == "True"


_ENUM_DEFAULT = """\
    openapi: 3.1.0
    info: {title: T, version: "1"}
    paths:
      /things:
        get:
          operationId: listThings
          parameters:
            - name: n
              in: query
              schema: {type: integer, enum: [10, 2], default: DEFAULT}
          responses:
            "204": {description: none}
    """


def test_enum_default_outside_the_enum_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SpecErrors) as caught:
        build(tmp_path, _ENUM_DEFAULT.replace("DEFAULT", "1"))
    (error,) = caught.value.errors
    assert "default 1 does not fit the parameter's type Literal[10, 2]" in str(error)
    assert "/paths/~1things/get/parameters/0/schema/default" in str(error)


def test_enum_default_outside_the_enum_is_dropped_when_lenient(tmp_path: Path) -> None:
    api = build(tmp_path, _ENUM_DEFAULT.replace("DEFAULT", "1"), lenient=True)
    (param,) = api.operations[0].parameters
    assert param.type == Nullable(LiteralOf((10, 2)))
    assert param.default == "None"
    assert any("default 1 does not fit" in w for w in api.warnings)


def test_enum_default_inside_the_enum_is_kept(tmp_path: Path) -> None:
    api = build(tmp_path, _ENUM_DEFAULT.replace("DEFAULT", "2"))
    (param,) = api.operations[0].parameters
    assert param.type == LiteralOf((10, 2))
    assert param.default == "2"
    assert not api.warnings


def test_schemas_become_type_nodes(tmp_path: Path) -> None:
    api = build(
        tmp_path,
        """\
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths:
          /pets/{id}:
            get:
              operationId: getPet
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
                - {name: since, in: query, schema: {type: [string, "null"], format: date}}
                - {name: tags, in: query, schema: {type: array, items: {type: string}}}
                - {name: mode, in: query, schema: {const: fast}}
                - {name: extra, in: query, schema: {type: object, additionalProperties: {type: integer}}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Pet"}
                "404":
                  description: missing
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Problem"}
          /pets:
            post:
              operationId: addPet
              requestBody:
                content:
                  text/plain: {schema: {type: string}}
              responses:
                "200":
                  description: ok
                  content:
                    application/octet-stream: {schema: {type: string, format: binary}}
        components:
          schemas:
            Pet: {type: object, properties: {name: {type: string}}}
            Problem: {type: object, properties: {message: {type: string}}}
        """,
    )
    get, add = api.operations
    types = {p.python_name: p.type for p in get.parameters}
    assert types == {
        "id": Primitive("str", "uuid"),
        "since": Nullable(Primitive("str", "date")),
        "tags": Nullable(ListOf(Primitive("str"))),
        "mode": Nullable(LiteralOf(("fast",))),
        "extra": Nullable(MapOf(Primitive("int"))),
    }
    assert get.returns == ModelRef("Pet")
    assert get.errors == (("404", ModelRef("Problem")),)
    assert add.body is not None and add.body.type == Nullable(Text())
    assert add.returns == Binary()


_TUPLES = """\
    openapi: 3.1.0
    info: {title: T, version: "1"}
    paths:
      /pairs:
        post:
          operationId: postPair
          parameters:
            - name: closed
              in: query
              required: true
              schema: {type: array, prefixItems: [{type: string}, {type: integer}], items: false}
            - name: fixed
              in: query
              required: true
              schema:
                type: array
                prefixItems: [{type: string}, {type: integer}]
                minItems: 2
                maxItems: 2
            - name: bounded
              in: query
              required: true
              schema:
                type: array
                prefixItems: [{type: string}]
                items: {type: boolean}
                minItems: 1
                maxItems: 3
            - name: open
              in: query
              required: true
              schema: {type: array, prefixItems: [{const: a}, {type: string}], items: {type: number}}
            - name: loose
              in: query
              required: true
              schema: {type: array, prefixItems: [{type: string}]}
            - name: long
              in: query
              required: true
              schema: {type: array, prefixItems: [{type: string}], items: {type: string}, maxItems: 40}
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: array
                  prefixItems: [{$ref: "#/components/schemas/Pet"}, {type: integer}]
                  items: false
                  minItems: 2
          responses:
            "200":
              description: ok
              content:
                application/json:
                  schema: {type: array, prefixItems: [{type: integer}], maxItems: 1, minItems: 1}
    components:
      schemas:
        Pet: {type: object, properties: {name: {type: string}}}
    """


def test_prefix_items_are_tuples_of_each_length_the_array_may_have(tmp_path: Path) -> None:
    """`prefixItems`: one tuple per length between minItems and maxItems (the prefix's length
    when `items` is false); an unbounded tail, or too many lengths, a list of the union."""
    (op,) = build(tmp_path, _TUPLES).operations
    s, i = Primitive("str"), Primitive("int")
    types = {p.python_name: p.type for p in op.parameters}
    assert types["closed"] == UnionOf((TupleOf(()), TupleOf((s,)), TupleOf((s, i))))
    assert types["fixed"] == TupleOf((s, i))
    b = Primitive("bool")
    assert types["bounded"] == UnionOf((TupleOf((s,)), TupleOf((s, b)), TupleOf((s, b, b))))
    assert types["open"] == ListOf(UnionOf((LiteralOf(("a",)), s, Primitive("float"))))
    assert types["loose"] == ListOf(AnyValue())  # no `items`: any value may follow
    assert types["long"] == ListOf(s)
    assert op.body is not None and op.body.type == TupleOf((ModelRef("Pet"), i))
    assert op.returns == TupleOf((i,))
    rendered = {p.python_name: annotation(p.type) for p in op.parameters}
    assert rendered["closed"] == "tuple[()] | tuple[str] | tuple[str, int]"
    assert rendered["bounded"] == "tuple[str] | tuple[str, bool] | tuple[str, bool, bool]"
    assert rendered["open"] == 'list[Literal["a"] | str | float]'
    assert annotation(op.body.type) == "tuple[models.Pet, int]"


def test_tuple_annotations_check_what_the_schema_allows(tmp_path: Path) -> None:
    """The rendered annotation, evaluated and given to pydantic (as the runtime parses an
    answer), accepts exactly the arrays the schema allows (checked with jsonschema)."""
    import jsonschema
    import pydantic
    import yaml

    (op,) = build(tmp_path, _TUPLES).operations
    doc = yaml.safe_load(textwrap.dedent(_TUPLES))
    raw = {p["name"]: p["schema"] for p in doc["paths"]["/pairs"]["post"]["parameters"]}
    samples: list[list[Any]] = [
        [],
        ["x"],
        ["x", 1],
        ["x", 1, 2],
        ["a"],
        ["a", "y"],
        ["a", "y", 1.5, 2.5],
        ["x", True],
        ["x", True, False],
        ["x", True, False, True],
        [1],
        ["x", "y"],
    ]
    namespace = {"Literal": __import__("typing").Literal}
    for param in op.parameters:
        if isinstance(param.type, ListOf):
            continue  # a list of the union: looser than the schema, by choice
        adapter = pydantic.TypeAdapter(eval(annotation(param.type), namespace))
        for sample in samples:
            valid = jsonschema.Draft202012Validator(raw[param.wire_name]).is_valid(sample)
            try:
                adapter.validate_python(tuple(sample), strict=True)
                accepted = True
            except pydantic.ValidationError:
                accepted = False
            assert accepted == valid, (param.wire_name, sample)
