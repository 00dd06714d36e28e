"""Regenerating after an edit with the cache warm writes exactly what a cold generation of the
edited spec writes, for every kind of edit; the caches are really used (the model generator and
ruff are not run again for what did not change); and a damaged, deleted or shared cache never
changes the output."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import _format, _models, _render, _split

from ..conftest import generate_at_once, run_cli, tree_digest

Spec = dict[str, Any]


def _spec() -> Spec:
    """A spec with more model classes than the split threshold (one module per class): a hub
    schema (`User`) that every other refers to, chains of references, enums, and operations
    that reach every schema."""
    schemas: Spec = {
        "User": {
            "type": "object",
            "description": "Someone with an account.",
            "required": ["id"],
            "properties": {"id": {"type": "integer"}, "login": {"type": "string"}},
        },
        "State": {"type": "string", "enum": ["open", "closed"]},
    }
    for i in range(160):
        schemas[f"Item{i}"] = {
            "type": "object",
            "description": f"Item number {i}.",
            "required": ["id", "owner"],
            "properties": {
                "id": {"type": "integer"},
                "owner": {"$ref": "#/components/schemas/User"},
                "state": {"$ref": "#/components/schemas/State"},
                "kind": {"type": "string", "enum": ["a", "b", f"k{i}"]},
                "next": {"$ref": f"#/components/schemas/Item{(i + 1) % 160}"},
                "detail": {
                    "type": "object",
                    "properties": {"note": {"type": "string"}, "score": {"type": "number"}},
                },
            },
        }
    paths: Spec = {}
    for i in range(0, 160, 4):
        paths[f"/items/{i}"] = {
            "get": {
                "operationId": f"getItem{i}",
                "description": f"Fetch item {i}.",
                "parameters": [{"name": "verbose", "in": "query", "schema": {"type": "boolean"}}],
                "responses": {
                    "200": {
                        "description": "The item.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/Item{i}"}
                            }
                        },
                    }
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Items", "version": "1"},
        "servers": [{"url": "https://items.example.test"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _describe_schema(spec: Spec) -> None:
    spec["components"]["schemas"]["Item7"]["description"] = "Item seven, described again."


def _add_property(spec: Spec) -> None:
    spec["components"]["schemas"]["Item9"]["properties"]["label"] = {"type": "string"}


def _rename_schema(spec: Spec) -> None:
    text = json.dumps(spec).replace('"Item12":', '"Article12":')
    text = text.replace('"#/components/schemas/Item12"', '"#/components/schemas/Article12"')
    spec.clear()
    spec.update(json.loads(text))


def _add_operation(spec: Spec) -> None:
    spec["paths"]["/users/{id}"] = {
        "get": {
            "operationId": "getUser",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "responses": {
                "200": {
                    "description": "The user.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/User"}}
                    },
                }
            },
        }
    }


def _change_hub(spec: Spec) -> None:
    spec["components"]["schemas"]["User"]["properties"]["email"] = {
        "type": "string",
        "description": "Where to write to.",
    }


def _describe_operation(spec: Spec) -> None:
    spec["paths"]["/items/8"]["get"]["description"] = "Fetch item eight, described again."


EDITS: dict[str, Callable[[Spec], None]] = {
    "a schema's description": _describe_schema,
    "a new property": _add_property,
    "a renamed schema": _rename_schema,
    "a new operation": _add_operation,
    "a schema every other refers to": _change_hub,
    "an operation's description": _describe_operation,
}


def _generate(spec: Spec, folder: Path, output: Path, cache: Path | str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "items.json"
    path.write_text(json.dumps(spec, indent=2))
    mp = pytest.MonkeyPatch()
    mp.setenv("CLIENTGEN_CACHE_DIR", str(cache))
    try:
        result = run_cli(folder, "generate", str(path), "-o", str(output), "-p", "items", "-q")
    finally:
        mp.undo()
    assert result.exit_code == 0, result.output


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """How often the model generator ran, and how many files ruff formatted; how often the
    models were split and the fake's spec written (cached whatever its size here)."""
    made: dict[str, list[int]] = {"models": [], "formatted": [], "split": [], "json": []}
    generated, formatted = _models._checked, _format._formatted
    split, indented = _split.split_parsed, _render._indented_by_parts

    def counted_split(module: Any, classes: Any, *args: Any) -> Any:
        made["split"].append(len(classes))
        return split(module, classes, *args)

    def counted_json(value: Any, *args: Any) -> str:
        made["json"].append(1)
        return indented(value, *args)

    monkeypatch.setattr(_split, "split_parsed", counted_split)
    monkeypatch.setattr(_render, "_indented_by_parts", counted_json)
    monkeypatch.setattr(_render, "JSON_CACHE_ABOVE", 0)

    def counted_models(api: Any, *args: Any) -> Any:
        made["models"].append(len(api.schemas))
        return generated(api, *args)

    def counted_format(files: dict[str, str], *args: Any) -> Any:
        made["formatted"].append(sum(rel.endswith(".py") for rel in files))
        return formatted(files, *args)

    monkeypatch.setattr(_models, "_checked", counted_models)
    monkeypatch.setattr(_format, "_formatted", counted_format)
    return made


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_regenerated_from_the_cache_is_byte_identical_to_a_cold_run(
    edit: str, tmp_path: Path, runs: dict[str, list[int]]
) -> None:
    original = _spec()
    edited = copy.deepcopy(original)
    EDITS[edit](edited)
    assert edited != original
    cold = tmp_path / "cold"
    _generate(edited, tmp_path / "a", cold, "off")
    cache = tmp_path / "cache"
    warm = tmp_path / "warm"
    _generate(original, tmp_path / "b", warm, cache)
    files = len(tree_digest(warm))
    assert files > 162, "the spec no longer gets one module per schema"
    for made in runs.values():
        made.clear()
    _generate(edited, tmp_path / "b", warm, cache)
    assert tree_digest(warm) == tree_digest(cold)
    # The caches did their part: only what changed went through ruff again, and the model
    # generator ran only when the schemas changed (a new operation here uses known ones).
    formatted = sum(runs["formatted"])  # the clients and the models may go apart
    assert 0 < formatted < files // 4, f"{formatted} of {files} files formatted again"
    same_schemas = edit in ("an operation's description", "a new operation")
    assert runs["models"] == ([] if same_schemas else [162])
    assert (runs["split"] == []) == same_schemas
    # The fake's spec holds no descriptions; it changes with the operations and schemas.
    assert runs["json"] == ([] if edit == "an operation's description" else [1])


def test_a_cache_hit_for_every_stage_writes_the_same_package(
    tmp_path: Path, runs: dict[str, list[int]]
) -> None:
    spec = _spec()
    cache = tmp_path / "cache"
    _generate(spec, tmp_path / "a", tmp_path / "first", cache)
    for made in runs.values():
        made.clear()
    _generate(spec, tmp_path / "b", tmp_path / "second", cache)
    assert runs == {"models": [], "formatted": [], "split": [], "json": []}
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "first")


@pytest.mark.parametrize("damage", ["truncate", "garbage", "swap", "delete"])
def test_a_damaged_cache_is_ignored(
    tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_render, "JSON_CACHE_ABOVE", 0)  # the fake's spec is cached too
    spec = _spec()
    _generate(spec, tmp_path / "a", tmp_path / "cold", "off")
    cache = tmp_path / "cache"
    _generate(spec, tmp_path / "b", tmp_path / "first", cache)
    entries = sorted(p for p in cache.rglob("*") if p.is_file())
    assert {p.parts[-3] for p in entries} == {"validation", "models", "format", "split", "json"}
    if damage == "delete":
        shutil.rmtree(cache)
    for i, entry in enumerate(entries if damage != "delete" else []):
        raw = entry.read_bytes()
        if damage == "truncate":
            entry.write_bytes(raw[: len(raw) // 2])
        elif damage == "garbage":
            entry.write_bytes(raw[:-10] + b"0123456789")
        else:  # every entry takes the content of another: whole, but another key's
            entry.write_bytes(entries[(i + 1) % len(entries)].read_bytes())
    _generate(spec, tmp_path / "c", tmp_path / "second", cache)
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "cold")
    _generate(spec, tmp_path / "d", tmp_path / "third", cache)  # the entries were rewritten whole
    assert tree_digest(tmp_path / "third") == tree_digest(tmp_path / "cold")


def test_concurrent_runs_share_one_cache(tmp_path: Path) -> None:
    spec = _spec()
    (tmp_path / "items.json").write_text(json.dumps(spec))
    cache = tmp_path / "cache"
    env = {"CLIENTGEN_CACHE_DIR": str(cache)}
    outputs = [tmp_path / f"out{i}" for i in range(3)]
    spec_path = tmp_path / "items.json"
    for round_ in range(2):  # cold, then every stage from the cache
        digests = generate_at_once(tmp_path, spec_path, outputs, "items", "--force", env=env)
        assert digests[0] == digests[1] == digests[2], f"round {round_}"
    assert not list(cache.rglob("*.part"))
