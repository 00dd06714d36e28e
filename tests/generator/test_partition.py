"""A large API: its models are generated in two parts, in two processes, and merged; the
result must hold the classes one run writes."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import _partition
from generator._partition import merge_modules
from generator.parse import _selection

from ..conftest import run_cli, tree_digest

FIRST = textwrap.dedent(
    '''\
    """Models."""

    from __future__ import annotations

    from typing import Annotated, Any
    from pydantic import Field
    from p._models import BaseModel


    class Shared(BaseModel):
        name: Annotated[str, Field(description="x")]


    class OnlyFirst(BaseModel):
        shared: Shared | None = None
    '''
)
SECOND = textwrap.dedent(
    '''\
    """Models."""

    from __future__ import annotations

    import enum
    from typing import Annotated, Literal
    from datetime import date as date_aliased
    from p._models import BaseModel, Enum


    class Shared(BaseModel):
        name: Annotated[str, Field(description="x")]


    @dataclass_like
    class OnlySecond(Shared):
        kind: Literal["a"]
        day: date_aliased


    OnlySecond.model_rebuild()
    '''
)


def test_merge_keeps_every_class_once_and_every_import() -> None:
    merged = merge_modules(FIRST, SECOND)
    assert merged is not None
    compile(merged, "merged.py", "exec")
    assert merged.startswith('"""Models."""\n\nfrom __future__ import annotations\n')
    assert merged.count("class Shared(") == 1
    assert merged.index("class Shared(") < merged.index("class OnlyFirst(")
    assert merged.index("class OnlyFirst(") < merged.index("@dataclass_like\nclass OnlySecond(")
    for line in (
        "import enum",
        "from typing import Annotated, Any, Literal",
        "from datetime import date as date_aliased",
        "from p._models import BaseModel, Enum",
        "from pydantic import Field",
        "OnlySecond.model_rebuild()",
    ):
        assert line in merged.splitlines()


def test_merge_refuses_a_class_written_two_ways() -> None:
    other = SECOND.replace('description="x"', 'description="y"')
    assert merge_modules(FIRST, other) is None


def test_merge_refuses_unexpected_statements() -> None:
    assert merge_modules(FIRST, SECOND + "\nprint('side effect')\n") is None
    assert merge_modules(FIRST, "def broken(:\n") is None


def _spec(count: int) -> dict[str, Any]:
    """`count` schemas the one operation uses, and `count` webhook-like ones it does not,
    some of which refer to used ones and carry inline objects and enums."""
    schemas: dict[str, Any] = {}
    for i in range(count):
        schemas[f"Used{i}"] = {  # a binary tree from Used0, so the operation reaches all
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "next": {"$ref": f"#/components/schemas/Used{min(2 * i + 1, count - 1)}"},
                "other": {"$ref": f"#/components/schemas/Used{min(2 * i + 2, count - 1)}"},
                "state": {"type": "string", "enum": ["open", "closed"]},
            },
        }
        schemas[f"Event{i}"] = {
            "type": "object",
            "properties": {
                "subject": {"$ref": f"#/components/schemas/Used{i}"},
                "sender": {
                    "type": "object",
                    "properties": {"login": {"type": "string"}, "site_admin": {"type": "boolean"}},
                },
                "action": {"type": "string", "enum": ["created", "deleted"]},
            },
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Parts", "version": "1"},
        "servers": [{"url": "https://parts.example.test"}],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Used0"},
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


def _classes(root: Path) -> dict[str, str]:
    """Every model class under `root`, by name, with its source."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("models/*.py")):
        source = path.read_text()
        lines = source.split("\n")
        for node in ast.parse(source).body:
            if isinstance(node, ast.ClassDef):
                assert node.name not in found, f"{node.name} is defined twice"
                found[node.name] = "\n".join(lines[node.lineno - 1 : node.end_lineno])
    return found


def _noting_merges(monkeypatch: pytest.MonkeyPatch, log: Path) -> Callable[[], list[str]]:
    """Have every merge of two parts noted in `log` ("True" when merged), in this process or
    in the model worker (a child of it, where a list here would not see it); the notes so far."""
    real = _partition.merge_modules

    def noted(first: str, second: str) -> str | None:
        merged = real(first, second)
        with log.open("a") as out:
            out.write(f"{merged is not None}\n")
        return merged

    monkeypatch.setattr(_partition, "merge_modules", noted)
    return lambda: log.read_text().split() if log.exists() else []


def test_two_processes_write_the_classes_one_run_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = _selection.PARTS_FROM
    (tmp_path / "parts.json").write_text(json.dumps(_spec(size)))
    merges = _noting_merges(monkeypatch, tmp_path / "merges.log")
    args = ["generate", "parts.json", "--package", "parts", "--all-models", "--output"]
    for out in ("split", "split-again"):
        result = run_cli(tmp_path, *args, out)
        assert result.exit_code == 0, result.output
    assert merges() == ["True", "True"]  # generated in two parts, and merged
    assert tree_digest(tmp_path / "split") == tree_digest(tmp_path / "split-again")

    monkeypatch.setattr(_selection, "PARTS_FROM", 10**9)
    result = run_cli(tmp_path, *args, "whole")
    assert result.exit_code == 0, result.output
    assert merges() == ["True", "True"]  # not in parts this time
    # The same classes, byte for byte (the order in which the package lists them may differ).
    split, whole = _classes(tmp_path / "split"), _classes(tmp_path / "whole")
    assert len(whole) >= 4 * size
    assert split == whole

    probe = (
        "from parts import models\n"
        "event = models.Event7.model_validate("
        "{'subject': {'id': 1, 'state': 'open'}, 'sender': {'login': 'x'}, 'action': 'created'})\n"
        "assert event.subject is not None and event.subject.id == 1, event\n"
        "assert models.Used3.model_validate({'next': {'id': 2}}).next.id == 2\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path / "split",
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]


def _parts_command(tmp_path: Path) -> list[str]:
    """The arguments that generate a spec made in two parts, written to `tmp_path`, into
    the folder given last."""
    (tmp_path / "parts.json").write_text(json.dumps(_spec(_selection.PARTS_FROM)))
    return ["generate", "parts.json", "--package", "parts", "--all-models", "--output"]


def _generated_by_worker(tmp_path: Path) -> list[str]:
    """`_parts_command`, run once as usual into `by-worker`."""
    args = _parts_command(tmp_path)
    result = run_cli(tmp_path, *args, "by-worker")
    assert result.exit_code == 0, result.output
    return args


def test_without_the_worker_the_parts_are_made_here_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import _pipeline

    args = _generated_by_worker(tmp_path)
    monkeypatch.setattr(_pipeline, "_PARALLEL", False)  # no worker: this process and a fork
    merges = _noting_merges(monkeypatch, tmp_path / "merges.log")
    result = run_cli(tmp_path, *args, "here")
    assert result.exit_code == 0, result.output
    assert merges() == ["True"]
    assert tree_digest(tmp_path / "here") == tree_digest(tmp_path / "by-worker")


def test_a_worker_gone_in_the_middle_leaves_the_parts_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import _model_worker

    args = _generated_by_worker(tmp_path)
    submit = _model_worker.ModelWorker.submit_in_two_parts
    killed: list[int] = []

    def submit_then_die(self: _model_worker.ModelWorker, *args: Any) -> bool:
        sent = submit(self, *args)
        self._process.kill()  # as when the machine runs out of memory
        killed.append(1)
        return sent

    monkeypatch.setattr(_model_worker.ModelWorker, "submit_in_two_parts", submit_then_die)
    merges = _noting_merges(monkeypatch, tmp_path / "merges.log")
    result = run_cli(tmp_path, *args, "here")
    assert result.exit_code == 0, result.output
    if killed:  # a worker was there (two cores): this process made the parts instead
        assert merges() == ["True"]
    assert tree_digest(tmp_path / "here") == tree_digest(tmp_path / "by-worker")


def test_parts_that_disagree_give_the_module_of_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = _parts_command(tmp_path)
    monkeypatch.setattr(_selection, "PARTS_FROM", 10**9)
    result = run_cli(tmp_path, *args, "whole")
    assert result.exit_code == 0, result.output
    monkeypatch.undo()
    # As when a class both parts write is written two ways (in the worker, or here).
    monkeypatch.setattr(_partition, "merge_modules", lambda first, second: None)
    result = run_cli(tmp_path, *args, "disagreeing")
    assert result.exit_code == 0, result.output
    assert tree_digest(tmp_path / "disagreeing") == tree_digest(tmp_path / "whole")


def test_the_two_parts_are_about_the_same_size(tmp_path: Path) -> None:
    """Used schemas and five times as many unused ones, each larger (as GitHub's webhook
    payloads are): the parts still cover every schema, each with what it refers to, and are
    within a fifth of each other in cost to the model generator."""
    from generator._config import ApiSettings
    from generator._load import load_spec
    from generator.parse import build_api

    count = _selection.PARTS_FROM
    spec = _spec(count)
    schemas = spec["components"]["schemas"]
    for i in range(count, 5 * count):
        schemas[f"Event{i}"] = json.loads(json.dumps(schemas[f"Event{i % count}"]))
    for name, schema in schemas.items():
        if name.startswith("Event"):
            schema["properties"].update({f"extra{j}": {"type": "string"} for j in range(30)})
    path = tmp_path / "parts.json"
    path.write_text(json.dumps(spec))
    api = build_api(load_spec(path), ApiSettings(slug="parts", class_prefix="P"), all_models=True)
    first, second = (set(part) for part in api.model_parts)
    assert first | second == set(api.schemas)
    refers = {
        name: {ref.rsplit("/", 1)[-1] for ref in _refs(schema)}
        for name, schema in api.schemas.items()
    }
    for part in (first, second):
        assert set().union(*(refers[name] for name in part)) <= part  # closed under references
    used = {name for name in api.schemas if name.startswith("Used")}
    assert used <= first
    size = {name: _selection._cost(schema) for name, schema in api.schemas.items()}
    one, other = sum(size[n] for n in first), sum(size[n] for n in second)
    assert abs(one - other) <= max(one, other) / 5, (one, other)
    # The used schemas alone would have been a fraction of the rest.
    assert sum(size[n] for n in used) < (one + other) / 4


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def _leaves(count: int) -> dict[str, Any]:
    return {
        f"Leaf{i}": {"type": "object", "properties": {"id": {"type": "integer"}}}
        for i in range(count)
    }


def test_a_part_with_a_discriminated_schema_has_the_schema_that_discriminates_on_it() -> None:
    count = 2 * _selection.PARTS_FROM + 10
    schemas = _leaves(count)
    first, last = "#/components/schemas/Leaf0", f"#/components/schemas/Leaf{count - 1}"
    schemas["Pet"] = {
        "oneOf": [{"$ref": first}, {"$ref": last}],
        "discriminator": {"propertyName": "id", "mapping": {"a": first, "b": last}},
    }
    parts = [set(part) for part in _selection._two_parts(schemas, set(), {})]
    assert len(parts) == 2 and parts[0] | parts[1] == set(schemas)
    for part in parts:
        if "Leaf0" in part or f"Leaf{count - 1}" in part:
            assert "Pet" in part


def test_the_cost_of_a_schema_counts_its_bytes_and_its_fields() -> None:
    flat = {"type": "object", "properties": {"a": {"type": "string"}}}
    nested = {
        "type": "object",
        "properties": {"a": {"type": "object", "properties": flat["properties"]}},
    }
    assert _selection._cost(flat) == len(json.dumps(flat)) + 70
    assert _selection._cost(nested) == len(json.dumps(nested)) + 2 * 70
