"""The models stage: every schema the IR names becomes a class (or an alias of one)."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

import generator._models as models_stage
from generator._config import ApiSettings
from generator._load import load_spec
from generator.parse import build_api

SPECS = Path(__file__).resolve().parents[1] / "specs"


def _api() -> object:
    path = SPECS / "wrapped.yaml"
    return build_api(
        load_spec(path, path.name),
        ApiSettings(slug="wrapped", class_prefix="Wrapped"),
        all_models=True,  # `UnusedKind`, which nothing refers to, too
    )


def test_every_named_schema_is_a_class() -> None:
    api = _api()
    models = models_stage.generate_models(api, "p_w")  # type: ignore[arg-type]
    assert set(models.classes) == set(api.model_names)  # type: ignore[attr-defined]
    assert {"LogKind", "Label", "UnusedKind"} <= set(models.classes)


def test_a_class_the_model_generator_drops_becomes_an_alias(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without the rewrite of one-member allOf wrappers the model generator writes no class
    for `UnusedKind` (an allOf around an enum); the stage then names it as an alias of the enum
    instead of failing. (It writes one only for a wrapper another class refers to.)"""
    monkeypatch.setattr(models_stage, "_unwrapped", lambda schemas: schemas)
    api = _api()
    models = models_stage.generate_models(api, "p_w")  # type: ignore[arg-type]
    tree = ast.parse(models.source)
    aliases = {
        node.targets[0].id: node.value.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Name)
    }
    assert aliases == {"UnusedKind": "AuditLogType"}
    assert "class AuditLogType(" in models.source


# --- field names, as the diff learns them --------------------------------------------------

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "trees"
_TRICKY = {
    "type": "object",
    "properties": {
        name: {"type": "string"}
        for name in ("class", "clazz", "fooBar", "foo_bar", "model_config", "1st", "x-y", "self")
    },
}


def _written_fields(source: str) -> dict[str, dict[str, str]]:
    """{class: {wire name: field name}} of a models module as generated."""
    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields: dict[str, str] = {}
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                aliases = [
                    k.value.value
                    for call in ast.walk(statement.annotation)
                    if isinstance(call, ast.Call)
                    for k in call.keywords
                    if k.arg == "validation_alias" and isinstance(k.value, ast.Constant)
                ]
                name = statement.target.id
                fields[str(aliases[0]) if aliases else name] = name
        found[node.name] = fields
    return found


_WITH_GOLDEN = sorted(p for p in SPECS.glob("*.yaml") if (GOLDEN / p.stem).is_dir())


def test_the_golden_models_are_found() -> None:
    """The comparison below runs on the golden trees: an empty list would skip it silently."""
    assert len(_WITH_GOLDEN) >= 10, GOLDEN


@pytest.mark.parametrize("spec", _WITH_GOLDEN, ids=str)
def test_field_names_agree_with_the_generated_models(spec: Path) -> None:
    """`field_names` (names only, for the diff) gives every class of a plain object schema
    the field names the committed golden models have."""
    api = build_api(load_spec(spec, spec.name), ApiSettings(slug="p", class_prefix="P"))
    classes = {
        name: list(schema["properties"])
        for name, schema in api.schemas.items()
        if isinstance(schema, dict)
        and isinstance(schema.get("properties"), dict)
        and not any(k in schema for k in ("allOf", "anyOf", "oneOf"))
    }
    tree = GOLDEN / spec.stem
    written: dict[str, dict[str, str]] = {}
    for module in [*tree.glob("*/models.py"), *tree.glob("*/models/*.py")]:
        written.update(_written_fields(module.read_text(encoding="utf-8")))
    named = models_stage.field_names(classes)
    compared = [name for name in classes if name in written]
    assert compared or not classes
    for name in compared:
        assert named[name] == written[name], name


def test_field_names_of_keywords_and_collisions_match_a_real_run(tmp_path: Path) -> None:
    """The names-only run agrees with the models stage on the names that change."""
    api = build_api(
        _write_spec(tmp_path, {"Tricky": _TRICKY}), ApiSettings(slug="t", class_prefix="T")
    )
    written = _written_fields(models_stage.generate_models(api, "p_t").source)["Tricky"]
    assert models_stage.field_names({"Tricky": list(_TRICKY["properties"])})["Tricky"] == written
    assert written["class"] == "class_"
    assert written["foo_bar"] != written["fooBar"]


def _write_spec(folder: Path, schemas: dict[str, object]) -> Any:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/t": {
                "get": {
                    "operationId": "getT",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "$ref": f"#/components/schemas/{next(iter(schemas))}"
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
    }
    path = folder / "t.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return load_spec(path, path.name)


def test_a_password_is_a_plain_string_sent_as_given(tmp_path: Path) -> None:
    """pydantic's SecretStr dumps as `**********` in JSON: a model field of `format:
    password` is a `str`, so a request body sends the password itself."""
    schemas = {
        "Login": {
            "type": "object",
            "properties": {
                "password": {"type": "string", "format": "password"},
                "at": {
                    "type": "array",
                    "prefixItems": [{"type": "number"}, {"type": "string"}],
                    "items": False,
                    "minItems": 2,
                },
            },
        }
    }
    api = build_api(_write_spec(tmp_path, schemas), ApiSettings(slug="t", class_prefix="T"))
    fields = {
        node.target.id: ast.unparse(node.annotation)
        for node in ast.walk(ast.parse(models_stage.generate_models(api, "p_t").source))
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    }
    assert fields["password"] == "str | None"
    # A closed positional array of one length is a tuple (the model generator's own option).
    assert fields["at"] == "tuple[float, str] | None"


def test_a_models_cache_entry_gives_back_the_module_and_its_classes_or_nothing() -> None:
    models = models_stage.Models('"""M."""\n\n\nclass A:\n    pass\n', ("A",))
    again = models_stage._from_cache(models_stage._to_cache(models))
    assert again == models_stage.Models(models.source, ("A",))
    for payload in (
        b"not json",
        b'{"source": 1, "classes": []}',
        b'{"source": "", "classes": "A"}',
        b"[]",
    ):
        assert models_stage._from_cache(payload) is None


# --- a reference with annotations in allOf members ----------------------------------------

_TARGETS = {
    "Name": {"type": "string", "maxLength": 5},
    "Obj": {"type": "object", "properties": {"a": {"type": "integer"}}},
    "Color": {"type": "string", "enum": ["red", "blue"]},
}
_NOTES: list[tuple[str, Any]] = [
    ("description", "What it is."),
    ("deprecated", True),
    ("example", "x"),
    ("examples", ["x"]),
    ("externalDocs", {"url": "https://example.com/docs"}),
    ("$comment", "a note"),
    ("readOnly", True),
    ("writeOnly", True),
    ("xml", {"name": "n"}),
    ("title", "A title"),
    ("x-vendor", {"k": 1}),
]


def _holder_module(tmp_path: Path, prop: dict[str, Any], required: bool) -> str:
    from tests.generator._build import build

    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                **_TARGETS,
                "Holder": {
                    "type": "object",
                    "properties": {"p": prop},
                    **({"required": ["p"]} if required else {}),
                },
            }
        },
    }
    api = build(tmp_path, json.dumps(document), all_models=True)
    return models_stage.generate_models(api, "p_h").source


@pytest.mark.parametrize(("key", "value"), _NOTES, ids=[k for k, _ in _NOTES])
@pytest.mark.parametrize("target", sorted(_TARGETS))
def test_annotations_in_all_of_members_mean_what_they_mean_beside_the_reference(
    tmp_path: Path, key: str, value: Any, target: str
) -> None:
    """`{allOf: [{$ref: X}, {description: D}]}` is the model generator's own reading of
    `{$ref: X, description: D}` (the field keeps its description, deprecation, ...); so is
    `{allOf: [{$ref: X}], description: D}`. The expected module comes from the model generator
    given the hand-written sibling form."""
    ref = {"$ref": f"#/components/schemas/{target}"}
    for required in (False, True):
        expected = _holder_module(tmp_path, {**ref, key: value}, required)
        in_member = _holder_module(tmp_path, {"allOf": [ref, {key: value}]}, required)
        one_member = _holder_module(tmp_path, {"allOf": [ref], key: value}, required)
        assert in_member == expected
        assert one_member == expected


def test_an_all_of_of_more_than_annotations_is_left_to_the_model_generator(
    tmp_path: Path,
) -> None:
    """A default in a member, a description given twice, two references, or a constraint:
    the property goes to the model generator as written (the rewrite would change what the
    schema means, or which of two texts wins)."""
    from generator.parse._schemas import _annotated_ref

    ref = {"$ref": "#/components/schemas/Name"}
    for prop in (
        {"allOf": [ref, {"default": "abc"}]},
        {"allOf": [ref, {"nullable": True}]},
        {"allOf": [ref, {"maxLength": 3}]},
        {"allOf": [ref, {"description": "a"}], "description": "b"},
        {"allOf": [ref, {"description": "a"}, {"description": "b"}]},
        {"allOf": [ref, {"$ref": "#/components/schemas/Obj"}]},
        {"allOf": [ref, {"description": "a"}], "type": "string"},
        {"allOf": [{**ref, "description": "a"}]},
        {"allOf": []},
    ):
        assert _annotated_ref(prop) is prop
    assert _annotated_ref({"allOf": [ref, {"description": "a"}, {"deprecated": True}]}) == {
        **ref,
        "description": "a",
        "deprecated": True,
    }
