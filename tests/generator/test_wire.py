"""How arguments go on the wire, as the IR says: parameter serialization with OpenAPI's
defaults resolved, request body kinds, and what the templates are handed for them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator._errors import SpecErrors
from generator._ir import (
    AnyValue,
    Binary,
    BodyPart,
    FileUpload,
    FormField,
    ListOf,
    MapOf,
    ModelRef,
    Nullable,
    Operation,
    Primitive,
    Serialization,
    Text,
)
from generator._render import _operation_view

from ..conftest import run_module
from ._build import build

_HEAD = """\
    openapi: 3.1.0
    info: {title: T, version: "1"}
    paths:
    """


def _joined(*pieces: str) -> str:
    """The pieces of a spec, joined without the indentation a closing quote leaves open."""
    return "".join(piece.rstrip(" ") for piece in pieces)


def _op(tmp_path: Path, parameters: str, *, lenient: bool = False) -> Operation:
    spec = _joined(
        _HEAD,
        """\
      /things/{id}:
        get:
          operationId: getThing
          parameters:
    """,
        parameters,
        """\
          responses:
            "204": {description: none}
    """,
    )
    return build(tmp_path, spec, lenient=lenient).operations[0]


_ID = "          - {name: id, in: path, required: true, schema: {type: string}}\n"


def test_defaults_are_resolved_for_every_location(tmp_path: Path) -> None:
    op = _op(
        tmp_path,
        _ID
        + "          - {name: q, in: query, schema: {type: array, items: {type: string}}}\n"
        + "          - {name: X-Trace, in: header, schema: {type: string}}\n",
    )
    wire = {p.wire_name: p.serialization for p in op.parameters}
    assert wire == {
        "id": Serialization("simple", False),
        "q": Serialization("form", True),
        "X-Trace": Serialization("simple", False),
    }
    assert _operation_view(op).params == []  # nothing differs from the runtime's defaults


@pytest.mark.parametrize(
    ("declared", "location", "expected"),
    [
        ("style: label", "path", Serialization("label", False)),
        ("style: matrix, explode: true", "path", Serialization("matrix", True)),
        ("style: simple, explode: true", "path", Serialization("simple", True)),
        ("style: form, explode: false", "query", Serialization("form", False)),
        ("style: spaceDelimited", "query", Serialization("spaceDelimited", False)),
        ("style: pipeDelimited, explode: false", "query", Serialization("pipeDelimited", False)),
        ("style: deepObject, explode: true", "query", Serialization("deepObject", True)),
        ("allowReserved: true", "query", Serialization("form", True, allow_reserved=True)),
        ("allowEmptyValue: true", "query", Serialization("form", True, allow_empty_value=True)),
        ("explode: true", "header", Serialization("simple", True)),
    ],
)
def test_declared_serialization(
    tmp_path: Path, declared: str, location: str, expected: Serialization
) -> None:
    required = "required: true, " if location == "path" else ""
    param = (
        f"          - {{name: v, in: {location}, {required}{declared}, schema: {{type: object}}}}\n"
    )
    op = _op(tmp_path, _ID + param)
    (found,) = [p for p in op.parameters if p.wire_name == "v"]
    assert found.serialization == expected
    (rendered,) = _operation_view(op).params
    assert rendered[0] == f'("{location}", "v")'
    assert rendered[1].startswith(
        f'ParamStyle(style="{expected.style}", explode={expected.explode}'
    )
    assert ("allow_reserved=True" in rendered[1]) is expected.allow_reserved
    assert ("allow_empty_value=True" in rendered[1]) is expected.allow_empty_value


@pytest.mark.parametrize(
    ("location", "style"), [("path", "form"), ("query", "simple"), ("header", "label")]
)
def test_a_style_the_location_does_not_allow_is_refused(
    tmp_path: Path, location: str, style: str
) -> None:
    required = "required: true, " if location == "path" else ""
    param = f"          - {{name: v, in: {location}, {required}style: {style}, schema: {{type: string}}}}\n"
    with pytest.raises(SpecErrors) as caught:
        _op(tmp_path, _ID + param)
    assert f"style {style!r} is not allowed in {location!r}" in str(caught.value)
    assert "/parameters/1/style" in str(caught.value)
    op = _op(tmp_path, _ID + param, lenient=True)
    assert [p.wire_name for p in op.parameters] == ["id"]


@pytest.mark.parametrize(
    ("location", "name"), [("header", "header param"), ("header", "X:Y"), ("cookie", "a;b")]
)
def test_a_header_or_cookie_name_that_is_no_http_token_is_refused(
    tmp_path: Path, location: str, name: str
) -> None:
    param = f"          - {{name: {name!r}, in: {location}, schema: {{type: string}}}}\n"
    kept = '          - {name: "X-Rate.Limit_1~", in: header, schema: {type: string}}\n'
    with pytest.raises(SpecErrors) as caught:
        _op(tmp_path, _ID + param + kept)
    assert f"{location} parameter {name!r} is not a valid {location} name" in str(caught.value)
    assert "/parameters/1/name" in str(caught.value)
    op = _op(tmp_path, _ID + param + kept, lenient=True)
    assert [p.wire_name for p in op.parameters] == ["id", "X-Rate.Limit_1~"]


def test_a_required_header_with_a_bad_name_leaves_its_operation_out(tmp_path: Path) -> None:
    param = "          - {name: 'a b', in: header, required: true, schema: {type: string}}\n"
    api = build(
        tmp_path,
        _joined(
            _HEAD,
            """\
      /things:
        get:
          operationId: getThings
          parameters:
    """,
            param,
            """\
          responses:
            "204": {description: none}
      /others:
        get:
          operationId: getOthers
          responses:
            "204": {description: none}
    """,
        ),
        lenient=True,
    )
    assert [op.method_name for op in api.operations] == ["get_others"]
    assert any("the operation is left out" in w for w in api.warnings), api.warnings


_COOKIE = "          - {name: session, in: cookie, schema: {type: string}}\n"
_CONTENT = (
    "          - name: filter\n"
    "            in: query\n"
    "            content:\n"
    "              application/json:\n"
    "                schema: {type: object, properties: {a: {type: integer}}}\n"
)


def test_cookie_and_content_parameters_are_built_and_sent(tmp_path: Path) -> None:
    op = _op(tmp_path, _ID + _COOKIE + _CONTENT)
    by_name = {p.wire_name: p for p in op.parameters}
    assert by_name["session"].location == "cookie"
    assert by_name["session"].serialization == Serialization("form", True)
    assert by_name["filter"].serialization == Serialization(
        "form", True, content_type="application/json"
    )
    assert by_name["filter"].type == Nullable(ModelRef("GetThingFilter"))
    view = _operation_view(op)
    assert ("cookies", [("session", "session")]) in view.mappings
    assert "session: str | None = None" in view.args
    assert view.params == [
        (
            '("query", "filter")',
            'ParamStyle(style="form", explode=True, content_type="application/json")',
        )
    ]


def _body(tmp_path: Path, content: str, *, lenient: bool = False) -> Operation:
    return build(tmp_path, _body_spec(content), lenient=lenient).operations[0]


def _body_spec(content: str) -> str:
    return _joined(
        _HEAD,
        """\
      /things:
        post:
          operationId: addThing
          requestBody:
            required: true
            content:
    """,
        content,
        """\
          responses:
            "204": {description: none}
    components:
      schemas:
        Meta: {type: object, properties: {k: {type: string}}}
    """,
    )


def test_json_body_knows_its_read_only_properties(tmp_path: Path) -> None:
    op = _body(
        tmp_path,
        """\
              application/json:
                schema:
                  type: object
                  properties:
                    id: {type: string, readOnly: true}
                    name: {type: string}
    """,
    )
    assert op.body is not None
    assert (op.body.kind, op.body.read_only) == ("json", ("id",))
    assert op.body.type == ModelRef("AddThingBody")


@pytest.mark.parametrize(
    ("media_type", "kind", "node"),
    [("text/plain", "content", Text()), ("application/octet-stream", "content", Binary())],
)
def test_content_bodies(tmp_path: Path, media_type: str, kind: str, node: object) -> None:
    op = _body(tmp_path, f"              {media_type}: {{schema: {{type: string}}}}\n")
    assert op.body is not None
    assert (op.body.kind, op.body.type, op.body.content_type) == (kind, node, media_type)


def test_form_body_carries_its_encoding(tmp_path: Path) -> None:
    op = _body(
        tmp_path,
        """\
              application/x-www-form-urlencoded:
                schema:
                  type: object
                  properties:
                    tags: {type: array, items: {type: string}}
                    filter: {type: object}
                encoding:
                  tags: {style: pipeDelimited, explode: false}
                  filter: {style: deepObject, explode: true, allowReserved: true}
    """,
    )
    assert op.body is not None
    assert op.body.kind == "form"
    assert op.body.type == MapOf(AnyValue(), abstract=True)
    assert op.body.fields == (
        FormField("tags", Serialization("pipeDelimited", False)),
        FormField("filter", Serialization("deepObject", True, allow_reserved=True)),
    )
    view = _operation_view(op)
    assert view.body_keyword == "form"
    assert view.params == [
        ('("form", "tags")', 'ParamStyle(style="pipeDelimited", explode=False)'),
        (
            '("form", "filter")',
            'ParamStyle(style="deepObject", explode=True, allow_reserved=True)',
        ),
    ]


_MULTIPART = """\
              multipart/form-data:
                schema:
                  type: object
                  required: [file]
                  properties:
                    file: {type: string, format: binary}
                    pages: {type: array, items: {type: string, contentMediaType: image/png}}
                    note: {type: string}
                    count: {type: integer}
                    meta: {$ref: "#/components/schemas/Meta"}
                encoding:
                  file: {contentType: application/pdf}
    """


def test_multipart_body_fields_are_typed_keyword_arguments(tmp_path: Path) -> None:
    op = _body(tmp_path, _MULTIPART)
    assert op.body is not None
    assert op.body.kind == "multipart"
    assert op.body.parts == (
        BodyPart("file", "file", FileUpload(), True, "application/pdf", python_name="file"),
        BodyPart(
            "pages", "file", Nullable(ListOf(FileUpload())), False, many=True, python_name="pages"
        ),
        BodyPart("note", "text", Nullable(Primitive("str")), False, python_name="note"),
        BodyPart("count", "text", Nullable(Primitive("int")), False, python_name="count"),
        BodyPart("meta", "json", Nullable(ModelRef("Meta")), False, python_name="meta"),
    )
    view = _operation_view(op)
    assert view.body is None
    assert view.args == [
        "*",
        "file: FileTypes",
        "pages: list[FileTypes] | None = None",
        "note: str | None = None",
        "count: int | None = None",
        "meta: models.Meta | None = None",
        "**options: Unpack[RequestOptions]",
    ]
    assert (
        "multipart",
        [
            ("file", "file"),
            ("pages", "pages"),
            ("note", "note"),
            ("count", "count"),
            ("meta", "meta"),
        ],
    ) in view.mappings
    assert view.parts == [
        ('"file"', 'Part(kind="file", content_type="application/pdf")'),
        ('"pages"', 'Part(kind="file")'),
        ('"note"', 'Part(kind="text")'),
        ('"count"', 'Part(kind="text")'),
        ('"meta"', 'Part(kind="json")'),
    ]


def test_multipart_parts_follow_openapis_default_content_types(tmp_path: Path) -> None:
    """A primitive is text however it is spelled (an enum or a const without `type`); an
    array is one part per item, of its items' kind, unless `encoding` gives the whole field
    a content type."""
    op = _body(
        tmp_path,
        """\
              multipart/form-data:
                schema:
                  type: object
                  properties:
                    grade: {enum: [low, high]}
                    level: {const: top}
                    rows: {type: array, items: {$ref: "#/components/schemas/Meta"}}
                    counts: {type: array, items: {type: integer}}
                    whole: {type: array, items: {$ref: "#/components/schemas/Meta"}}
                encoding:
                  whole: {contentType: application/json}
    """,
    )
    assert op.body is not None
    kinds = {(p.wire_name, p.kind, p.many) for p in op.body.parts}
    assert kinds == {
        ("grade", "text", False),
        ("level", "text", False),
        ("rows", "json", True),
        ("counts", "text", True),
        ("whole", "json", False),
    }
    assert dict(_operation_view(op).parts) == {
        '"grade"': 'Part(kind="text")',
        '"level"': 'Part(kind="text")',
        '"rows"': 'Part(kind="json", many=True)',
        '"counts"': 'Part(kind="text")',
        '"whole"': 'Part(kind="json", content_type="application/json")',
    }


def test_multipart_field_names_share_the_parameters_scope(tmp_path: Path) -> None:
    spec = _joined(
        _HEAD,
        """\
      /things:
        post:
          operationId: addThing
          parameters:
            - {name: file, in: query, schema: {type: string}}
          requestBody:
            content:
              multipart/form-data:
                schema:
                  type: object
                  properties:
                    file: {type: string, format: binary}
                    "class": {type: string}
                    options: {type: string}
          responses:
            "204": {description: none}
    """,
    )
    op = build(tmp_path, spec).operations[0]
    assert op.body is not None
    names = [p.python_name for p in op.parameters] + [p.python_name for p in op.body.parts]
    assert names == ["file", "file_", "class_", "options_"]


_STYLED = """\
openapi: 3.1.0
info: {title: Styled, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /items/{ids}:
    post:
      operationId: findItems
      parameters:
        - {name: ids, in: path, required: true, style: label, schema: {type: array, items: {type: integer}}}
        - {name: filter, in: query, style: deepObject, explode: true, schema: {type: object}}
        - {name: q, in: query, allowReserved: true, schema: {type: string}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {tags: {type: array, items: {type: string}}}}
            encoding:
              tags: {style: pipeDelimited}
      responses:
        "204": {description: none}
"""


def test_generated_endpoint_declares_non_default_styles_and_type_checks(tmp_path: Path) -> None:
    (tmp_path / "styled.yaml").write_text(_STYLED, encoding="utf-8")
    result = run_module(
        tmp_path, "generate", "styled.yaml", "--output", "out", "--package", "p_styled"
    )
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    client = (out / "p_styled" / "_client.py").read_text(encoding="utf-8")
    assert "from ._api import ParamStyle\n" in client
    endpoint = client[client.index("_FIND_ITEMS = Endpoint(") :]
    endpoint = endpoint[: endpoint.index("\n)\n")]
    declared = {line.strip() for line in endpoint.splitlines() if line.strip().startswith("(")}
    assert declared == {
        '("path", "ids"): ParamStyle(style="label", explode=False),',
        '("query", "filter"): ParamStyle(style="deepObject", explode=True),',
        '("query", "q"): ParamStyle(style="form", explode=True, allow_reserved=True),',
        '("form", "tags"): ParamStyle(style="pipeDelimited", explode=False),',
    }
    probe = "from p_styled._client import _FIND_ITEMS as e\nprint(len(e.params))"
    imported = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, check=False
    )
    assert imported.stdout.strip() == "4", imported.stderr[-2000:]
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            "p_styled",
        ],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]


_NULL_ONLY = [
    "{type: 'null'}",
    "{enum: [null]}",
    "{const: null}",
    "{oneOf: [{type: 'null'}, {enum: [null]}]}",
    "{type: array, items: {enum: [null]}}",
    "{$ref: '#/components/schemas/Nothing'}",
]


def _with_nothing(spec: str) -> str:
    return spec + "    components:\n      schemas:\n        Nothing: {enum: [null]}\n"


@pytest.mark.parametrize("schema", _NULL_ONLY)
@pytest.mark.parametrize("location", ["query", "header", "cookie"])
def test_an_optional_parameter_that_can_only_be_null_is_never_sent(
    tmp_path: Path, location: str, schema: str
) -> None:
    """OpenAPI's styles write no null: the parameter is left out of the method, with a
    warning naming it, in strict mode too (nothing the caller could send is lost)."""
    param = f"          - {{name: Nada, in: {location}, schema: {schema}}}\n"
    kept = "          - {name: n, in: query, schema: {enum: [null, 1]}}\n"
    spec = _joined(
        _HEAD,
        "      /things/{id}:\n        get:\n          operationId: getThing\n          parameters:\n",
        _ID + param + kept,
        '          responses:\n            "204": {description: none}\n',
    )
    api = build(tmp_path, _with_nothing(spec))
    (op,) = api.operations
    assert [p.wire_name for p in op.parameters] == ["id", "n"]
    (warning,) = [w for w in api.warnings if "Nada" in w]
    assert f"{location} parameter 'Nada' can only be null" in warning
    assert "left out of the method" in warning
    assert "(at /paths/~1things~1{id}/get/parameters/1/schema)" in warning


@pytest.mark.parametrize("schema", _NULL_ONLY)
def test_a_required_parameter_that_can_only_be_null_leaves_its_operation_out(
    tmp_path: Path, schema: str
) -> None:
    param = f"          - {{name: nada, in: query, required: true, schema: {schema}}}\n"
    spec = _with_nothing(
        _joined(
            _HEAD,
            "      /things/{id}:\n        get:\n          operationId: getThing\n          parameters:\n",
            _ID + param,
            '          responses:\n            "204": {description: none}\n',
            "      /others:\n        get:\n          operationId: getOthers\n"
            '          responses:\n            "204": {description: none}\n',
        )
    )
    with pytest.raises(SpecErrors) as caught:
        build(tmp_path, spec)
    assert "query parameter 'nada' can only be null" in str(caught.value)
    assert "/paths/~1things~1{id}/get/parameters/1/schema" in str(caught.value)
    api = build(tmp_path, spec, lenient=True)
    assert [op.operation_id for op in api.operations] == ["getOthers"]
    assert any("the operation is left out" in w for w in api.warnings)


def test_a_multipart_field_that_can_only_be_null_is_never_sent(tmp_path: Path) -> None:
    spec = _joined(
        _HEAD,
        """\
      /upload:
        post:
          operationId: upload
          requestBody:
            content:
              multipart/form-data:
                schema:
                  type: object
                  required: [REQUIRED]
                  properties:
                    kept: {type: string}
                    nada: {type: array, items: {$ref: '#/components/schemas/Nothing'}}
                    status: {allOf: [{$ref: '#/components/schemas/Status'}], default: b}
          responses:
            "204": {description: none}
    """,
    )
    spec = _with_nothing(spec) + "        Status: {type: string, enum: [a, b]}\n"
    api = build(tmp_path, spec.replace("REQUIRED", "kept"))
    (op,) = api.operations
    assert op.body is not None
    assert [(p.wire_name, p.kind) for p in op.body.parts] == [("kept", "text"), ("status", "text")]
    (warning,) = api.warnings
    assert "multipart field 'nada' can only be null" in warning
    assert "/requestBody/content/multipart~1form-data/schema/properties/nada" in warning
    with pytest.raises(SpecErrors, match="multipart field 'nada' can only be null"):
        build(tmp_path, spec.replace("REQUIRED", "nada"))
