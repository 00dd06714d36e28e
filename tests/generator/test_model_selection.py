"""Which schemas become models: those the operations (and `webhooks`) reach, unless
`--all-models` / `all-models = true` asks for every component schema."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from generator._config import ApiSettings, load_settings
from generator._errors import SpecError
from generator._load import load_spec
from generator.parse import build_api

from ..conftest import run_cli

SPEC = textwrap.dedent(
    """\
    openapi: 3.1.0
    info: {title: Selection, version: "1"}
    servers: [{url: "https://api.example.com"}]
    paths:
      /things/{kind}:
        get:
          operationId: getThing
          parameters:
            - $ref: "#/components/parameters/Kind"
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
      /things:
        post:
          operationId: createThing
          requestBody:
            content:
              application/json:
                schema: {$ref: "#/components/schemas/new-thing"}
          responses:
            "204": {description: created}
    webhooks:
      thingCreated:
        post:
          requestBody:
            content:
              application/json:
                schema: {$ref: "#/components/schemas/Hook"}
          responses:
            "200": {description: ok}
    components:
      parameters:
        Kind:
          name: kind
          in: path
          required: true
          schema: {$ref: "#/components/schemas/Kind"}
      schemas:
        Kind: {type: string, enum: [a, b]}
        new-thing:
          type: object
          properties:
            tags: {type: array, items: {$ref: "#/components/schemas/Tag"}}
        Tag: {type: object, properties: {name: {type: string}}}
        Pet:
          oneOf:
            - {$ref: "#/components/schemas/Cat"}
            - {$ref: "#/components/schemas/Dog"}
          discriminator:
            propertyName: kind
            mapping:
              cat: "#/components/schemas/Cat"
              dog: "#/components/schemas/Dog"
              bird: "#/components/schemas/Bird"
        Cat: {type: object, required: [kind], properties: {kind: {type: string}}}
        Dog: {type: object, required: [kind], properties: {kind: {type: string}}}
        Bird: {type: object, required: [kind], properties: {kind: {type: string}}}
        Problem: {type: object, properties: {message: {type: string}}}
        Hook: {type: object, properties: {id: {type: string}}}
        Orphan:
          type: object
          properties:
            child: {$ref: "#/components/schemas/OrphanChild"}
        OrphanChild: {type: object, properties: {x: {type: integer}}}
    """
)
USED = {"Kind", "NewThing", "Tag", "Pet", "Cat", "Dog", "Bird", "Problem", "Hook"}


def _api(tmp_path: Path, *, all_models: bool) -> tuple[set[str], int]:
    path = tmp_path / "selection.yaml"
    path.write_text(SPEC)
    api = build_api(
        load_spec(path, path.name, path.read_bytes()),
        ApiSettings(slug="selection", class_prefix="Selection"),
        all_models=all_models,
    )
    return set(api.schemas), api.left_out


def test_only_reachable_schemas_by_default(tmp_path: Path) -> None:
    schemas, left_out = _api(tmp_path, all_models=False)
    # through a parameter, a body (and on to its items), responses, errors, a discriminator
    # mapping and a webhook; not the schema nothing uses, nor what only it uses
    assert schemas == USED
    assert left_out == 2


def test_all_models_keeps_every_component_schema(tmp_path: Path) -> None:
    schemas, left_out = _api(tmp_path, all_models=True)
    assert schemas == USED | {"Orphan", "OrphanChild"}
    assert left_out == 0


def _classes(module: Path) -> set[str]:
    tree = ast.parse(module.read_text())
    return {node.name for node in tree.body if isinstance(node, ast.ClassDef)}


@pytest.mark.parametrize("flag", [[], ["--all-models"]])
def test_cli_says_what_was_left_out(tmp_path: Path, flag: list[str]) -> None:
    (tmp_path / "selection.yaml").write_text(SPEC)
    result = run_cli(
        tmp_path, "generate", "selection.yaml", "--output", "out", "--package", "sel", *flag
    )
    assert result.exit_code == 0, result.output
    classes = _classes(tmp_path / "out" / "sel" / "models.py")
    assert classes >= USED
    if flag:
        assert {"Orphan", "OrphanChild"} <= classes
        assert "left out" not in result.output
    else:
        assert not {"Orphan", "OrphanChild"} & classes
        assert "2 schemas no operation uses left out (--all-models keeps them)" in result.output


def test_all_models_setting(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.clientgen]\n"all-models" = true\n')
    assert load_settings(tmp_path).all_models is True
    (tmp_path / "pyproject.toml").write_text("[tool.clientgen]\nall_models = true\n")
    with pytest.raises(SpecError, match="unknown setting"):
        load_settings(tmp_path)
