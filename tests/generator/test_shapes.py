"""Malformed documents: a list, a string, a number or null where an OpenAPI object (or list)
belongs is reported with its file, line and JSON pointer (exit 2), never a traceback from
the validator, which trips over most of these shapes itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator._errors import SpecError, SpecErrors, error_list
from generator._load import load_spec
from generator._validate import validate_spec
from generator.parse import Diagnostics

from ..conftest import run_cli


def _op(**extra: Any) -> dict[str, Any]:
    return {"responses": {"200": {"description": "ok"}}, **extra}


def _get(**extra: Any) -> dict[str, Any]:
    return {"paths": {"/a": {"get": _op(**extra)}}}


def _response(**extra: Any) -> dict[str, Any]:
    return {"paths": {"/a": {"get": {"responses": {"200": {"description": "ok", **extra}}}}}}


# name -> (what to put into a minimal document, the pointer the error must name, the kind found)
SHAPES: dict[str, tuple[dict[str, Any], str, str]] = {
    "paths is a list": ({"paths": [1, 2]}, "/paths", "a list"),
    "paths is a string": ({"paths": "x"}, "/paths", "a string"),
    "paths is null": ({"paths": None}, "/paths", "null"),
    "path item is a list": ({"paths": {"/a": [1]}}, "/paths/~1a", "a list"),
    "path item is null": ({"paths": {"/a": None}}, "/paths/~1a", "null"),
    "operation is a list": ({"paths": {"/a": {"get": [1]}}}, "/paths/~1a/get", "a list"),
    "operation is null": ({"paths": {"/a": {"post": None}}}, "/paths/~1a/post", "null"),
    "path item parameters is a string": (
        {"paths": {"/a": {"parameters": "x", "get": _op()}}},
        "/paths/~1a/parameters",
        "a string",
    ),
    "parameters is an object": (
        _get(parameters={"a": 1}),
        "/paths/~1a/get/parameters",
        "an object",
    ),
    "parameter is a number": (_get(parameters=[1]), "/paths/~1a/get/parameters/0", "a number"),
    "parameter without a name": (
        _get(parameters=[{"in": "query"}]),
        "/paths/~1a/get/parameters/0/name",
        "null",
    ),
    "parameter without in": (
        _get(parameters=[{"name": "q"}]),
        "/paths/~1a/get/parameters/0/in",
        "null",
    ),
    "parameter name is a number": (
        _get(parameters=[{"name": 1, "in": "query"}]),
        "/paths/~1a/get/parameters/0/name",
        "a number",
    ),
    "parameter schema is a list": (
        _get(parameters=[{"name": "q", "in": "query", "schema": [1]}]),
        "/paths/~1a/get/parameters/0/schema",
        "a list",
    ),
    "responses is a list": (
        {"paths": {"/a": {"get": {"responses": [1]}}}},
        "/paths/~1a/get/responses",
        "a list",
    ),
    "responses is null": (
        {"paths": {"/a": {"get": {"responses": None}}}},
        "/paths/~1a/get/responses",
        "null",
    ),
    "response is a list": (
        {"paths": {"/a": {"get": {"responses": {"200": [1]}}}}},
        "/paths/~1a/get/responses/200",
        "a list",
    ),
    "response content is a list": (
        _response(content=[1]),
        "/paths/~1a/get/responses/200/content",
        "a list",
    ),
    "response content is null": (
        _response(content=None),
        "/paths/~1a/get/responses/200/content",
        "null",
    ),
    "media type is a list": (
        _response(content={"application/json": [1]}),
        "/paths/~1a/get/responses/200/content/application~1json",
        "a list",
    ),
    "media type schema is a string": (
        _response(content={"application/json": {"schema": "x"}}),
        "/paths/~1a/get/responses/200/content/application~1json/schema",
        "a string",
    ),
    "response headers is a list": (
        _response(headers=[1]),
        "/paths/~1a/get/responses/200/headers",
        "a list",
    ),
    "request body is a list": (
        {"paths": {"/a": {"post": _op(requestBody=[1])}}},
        "/paths/~1a/post/requestBody",
        "a list",
    ),
    "request body content is a list": (
        {"paths": {"/a": {"post": _op(requestBody={"content": [1]})}}},
        "/paths/~1a/post/requestBody/content",
        "a list",
    ),
    "operation tags is a string": (_get(tags="x"), "/paths/~1a/get/tags", "a string"),
    "operation tag is a number": (_get(tags=[1]), "/paths/~1a/get/tags/0", "a number"),
    "operation security is an object": (
        _get(security={"a": []}),
        "/paths/~1a/get/security",
        "an object",
    ),
    "operation servers is an object": (
        _get(servers={"url": "x"}),
        "/paths/~1a/get/servers",
        "an object",
    ),
    "callbacks is a list": (_get(callbacks=[1]), "/paths/~1a/get/callbacks", "a list"),
    "callback path item is a list": (
        _get(callbacks={"c": {"{$url}": [1]}}),
        "/paths/~1a/get/callbacks/c/{$url}",
        "a list",
    ),
    "info is a list": ({"info": [1]}, "/info", "a list"),
    "servers is an object": ({"servers": {"url": "x"}}, "/servers", "an object"),
    "server is a string": ({"servers": ["https://x"]}, "/servers/0", "a string"),
    "server variables is a list": (
        {"servers": [{"url": "x", "variables": [1]}]},
        "/servers/0/variables",
        "a list",
    ),
    "components is a list": ({"components": [1]}, "/components", "a list"),
    "components is null": ({"components": None}, "/components", "null"),
    "schemas is a list": ({"components": {"schemas": [1]}}, "/components/schemas", "a list"),
    "schemas is null": ({"components": {"schemas": None}}, "/components/schemas", "null"),
    "schema is a number": (
        {"components": {"schemas": {"A": 1}}},
        "/components/schemas/A",
        "a number",
    ),
    "component responses is a list": (
        {"components": {"responses": [1]}},
        "/components/responses",
        "a list",
    ),
    "component parameter is a string": (
        {"components": {"parameters": {"p": "x"}}},
        "/components/parameters/p",
        "a string",
    ),
    "security schemes is a list": (
        {"components": {"securitySchemes": [1]}},
        "/components/securitySchemes",
        "a list",
    ),
    "security scheme is a string": (
        {"components": {"securitySchemes": {"a": "x"}}},
        "/components/securitySchemes/a",
        "a string",
    ),
    "component headers entry is a list": (
        {"components": {"headers": {"h": [1]}}},
        "/components/headers/h",
        "a list",
    ),
    "component path item is a list": (
        {"components": {"pathItems": {"p": [1]}}},
        "/components/pathItems/p",
        "a list",
    ),
    "tags is an object": ({"tags": {"a": 1}}, "/tags", "an object"),
    "tag is a string": ({"tags": ["a"]}, "/tags/0", "a string"),
    "tag without a name": ({"tags": [{"description": "x"}]}, "/tags/0/name", "null"),
    "security is an object": ({"security": {"a": []}}, "/security", "an object"),
    "security requirement is a list": ({"security": [[1]]}, "/security/0", "a list"),
    "security scopes are a string": ({"security": [{"a": "x"}]}, "/security/0/a", "a string"),
    "webhooks is a list": ({"webhooks": [1]}, "/webhooks", "a list"),
    "webhook operation is a list": (
        {"webhooks": {"w": {"post": [1]}}},
        "/webhooks/w/post",
        "a list",
    ),
    "externalDocs is a list": ({"externalDocs": [1]}, "/externalDocs", "a list"),
    "schema properties is a list": (
        {"components": {"schemas": {"A": {"properties": [1]}}}},
        "/components/schemas/A/properties",
        "a list",
    ),
    "schema required is a boolean": (
        {"components": {"schemas": {"A": {"type": "object", "required": True}}}},
        "/components/schemas/A/required",
        "a boolean",
    ),
    "schema enum is a string": (
        {"components": {"schemas": {"A": {"enum": "x"}}}},
        "/components/schemas/A/enum",
        "a string",
    ),
    "schema allOf is an object": (
        {"components": {"schemas": {"A": {"allOf": {"a": 1}}}}},
        "/components/schemas/A/allOf",
        "an object",
    ),
    "nested property schema is a number": (
        {"components": {"schemas": {"A": {"properties": {"b": {"items": 3}}}}}},
        "/components/schemas/A/properties/b/items",
        "a number",
    ),
}


def _write(tmp_path: Path, version: str, patch: dict[str, Any]) -> Path:
    doc: dict[str, Any] = {"openapi": version, "info": {"title": "x", "version": "1"}, "paths": {}}
    doc.update(patch)
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(doc, indent=2))
    return path


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize("case", sorted(SHAPES))
def test_a_wrong_shape_is_an_error_with_its_pointer_and_line(
    case: str, version: str, tmp_path: Path
) -> None:
    patch, pointer, kind = SHAPES[case]
    spec = load_spec(_write(tmp_path, version, patch))
    with pytest.raises((SpecError, SpecErrors)) as caught:
        validate_spec(spec)
    errors = error_list(caught.value)
    found = [e for e in errors if e.pointer == pointer]
    assert found, [str(e) for e in errors]
    error = found[0]
    assert f"not {kind}" in error.message or "keys of OpenAPI objects" in error.message
    assert error.line is not None and error.line > 1
    assert error.hint


def test_paths_as_a_list_exits_2_with_file_line_and_pointer(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text('openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths: [1, 2]\n')
    for extra in ((), ("--lenient",)):
        result = run_cli(tmp_path, "validate", *extra, str(spec))
        assert result.exit_code == 2, result.output
        assert (
            "bad.yaml:3: `paths` must be an object (a mapping), not a list (at /paths)"
            in result.output
        )
        assert "Traceback" not in result.output


def test_many_shape_errors_are_reported_together(tmp_path: Path) -> None:
    patch = {"paths": {"/a": [1], "/b": {"get": None}}, "tags": ["x"]}
    spec = load_spec(_write(tmp_path, "3.1.0", patch))
    with pytest.raises(SpecErrors) as caught:
        validate_spec(spec)
    assert {e.pointer for e in caught.value.errors} == {"/paths/~1a", "/paths/~1b/get", "/tags/0"}


def test_lenient_mode_leaves_out_a_malformed_schema_keyword(tmp_path: Path) -> None:
    """`required: true` on a property (an OpenAPI 2 habit) is an error, and in lenient mode a
    warning; the keyword is left out and the rest generates."""
    patch = {
        "paths": {
            "/a": {
                "get": {
                    "operationId": "getA",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/A"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "A": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string", "required": True},
                        "n": {"enum": "x"},
                    },
                }
            }
        },
    }
    path = _write(tmp_path, "3.0.3", patch)
    with pytest.raises(SpecErrors):
        validate_spec(load_spec(path))
    spec = load_spec(path)
    warnings = validate_spec(spec, Diagnostics.lenient(spec))
    texts = [str(w) for w in warnings]
    assert any(
        "/components/schemas/A/properties/name/required" in t and "left out" in t for t in texts
    )
    assert any("/components/schemas/A/properties/n/enum" in t for t in texts)
    assert "required" not in spec.data["components"]["schemas"]["A"]["properties"]["name"]
    out = tmp_path / "out"
    result = run_cli(
        tmp_path, "generate", "--lenient", str(path), "--output", str(out), "--package", "shaped"
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("parallel", [True, False])
def test_lenient_fixes_apply_however_validation_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    """The keywords lenient mode leaves out are removed from the spec the IR is built from,
    whether validation runs in a forked child, in this process, or is answered by the cache."""
    from generator import _pipeline

    monkeypatch.setattr(_pipeline, "_PARALLEL", parallel)
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", str(tmp_path / "cache"))
    patch = {
        "paths": {
            "/a": {
                "get": {
                    "operationId": "getA",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/A"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "A": {"type": "object", "properties": {"n": {"type": "string", "enum": "x"}}}
            }
        },
    }
    path = _write(tmp_path, "3.0.3", patch)
    trees = []
    for run in range(2):  # the second run's validation comes from the cache
        out = tmp_path / f"out{run}"
        result = run_cli(
            tmp_path, "generate", "--lenient", str(path), "--output", str(out), "--package", "p"
        )
        assert result.exit_code == 0, result.output
        assert "/components/schemas/A/properties/n/enum" in result.output
        trees.append({f.relative_to(out): f.read_bytes() for f in sorted(out.rglob("*.py"))})
    assert trees[0] == trees[1]


def test_yaml_keys_that_are_numbers_or_booleans_are_read_as_written(tmp_path: Path) -> None:
    """`200:` unquoted is an integer to YAML; OpenAPI keys are strings, so it is kept as "200"
    (the validator fails on integer keys)."""
    spec = tmp_path / "codes.yaml"
    spec.write_text(
        'openapi: 3.0.3\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    get:\n'
        "      operationId: getA\n      responses:\n        200:\n          description: ok\n"
        "        404: {description: missing}\n"
        "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        true: {type: string}\n"
        "        1.50: {type: integer}\n"
    )
    loaded = load_spec(spec)
    assert list(loaded.data["paths"]["/a"]["get"]["responses"]) == ["200", "404"]
    assert list(loaded.data["components"]["schemas"]["A"]["properties"]) == ["true", "1.50"]
    result = run_cli(tmp_path, "validate", str(spec))
    assert result.exit_code == 0, result.output


def test_json_keys_stay_strings_and_a_validator_failure_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever openapi-spec-validator trips over, the user gets an error, not a traceback."""
    import generator._validate as validate_module

    class Exploding:
        def __init__(self, data: object) -> None:
            pass

        def iter_errors(self) -> object:
            raise AssertionError

    monkeypatch.setattr(validate_module, "_validator_class", lambda version: Exploding)
    spec = load_spec(_write(tmp_path, "3.1.0", {}))
    with pytest.raises(SpecErrors) as caught:
        validate_spec(spec)
    assert "openapi-spec-validator cannot read this document (AssertionError" in str(caught.value)
    assert isinstance(caught.value.errors[0], SpecError)
