"""The models stage: every schema the IR names becomes a class (or an alias of one)."""

from __future__ import annotations

import ast
from pathlib import Path

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
