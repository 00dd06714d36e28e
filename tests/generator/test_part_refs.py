"""References to a part of a component schema (`#/components/schemas/A/properties/b`).

Bundled specs (Azure's in the public directory, converted from many files) refer deep into one
schema's inline parts from many places, and the parts refer to other parts. Copying the target
at each reference grew exponentially: a 17-operation spec took over ten minutes and 4 GB. Each
such object part is now a class of its own, made once; a loop back into it is a recursive model.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.parse._schemas import _ref_hint

from ..e2e._corpus import check_output, generate

DEPTH = 24  # 2**24 copies before: far beyond any time limit


def _part(i: int) -> str:
    return f"#/components/schemas/Root/properties/p{i}"


def _spec() -> dict[str, Any]:
    parts: dict[str, Any] = {}
    for i in range(DEPTH):
        following = (
            {"$ref": _part(i + 1)} if i + 1 < DEPTH else {"$ref": _part(0)}
        )  # the last part loops back to the first
        parts[f"p{i}"] = {
            "type": "object",
            "properties": {"a": following, "b": following, "n": {"type": "integer"}},
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Parts", "version": "1"},
        "paths": {
            "/root": {
                "get": {
                    "operationId": "getRoot",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": _part(0)}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Root": {"type": "object", "properties": parts},
                # A part referenced with keywords beside the reference (OpenAPI 3.1).
                "Other": {
                    "type": "object",
                    "properties": {"tap": {"$ref": _part(3), "description": "Third part."}},
                },
            }
        },
    }


_CHECK = """
import json, sys
from p_parts.models import P0, Other
value = {"n": 0}
for i in range(30):
    value = {"a": value, "n": i}
built = P0.model_validate(value)
depth = 0
node = built
while node is not None:
    depth += 1
    node = node.a
other = Other.model_validate({"tap": {"n": 3}})
print(json.dumps({"depth": depth, "type": type(built.a).__name__, "tap": type(other.tap).__name__}))
"""


def test_parts_become_classes_once_and_loops_are_recursive(tmp_path: Path) -> None:
    spec = tmp_path / "parts.yaml"
    spec.write_text(yaml.safe_dump(_spec(), sort_keys=False))
    start = time.monotonic()
    gen = generate(spec, tmp_path, "p_parts", lenient=False, timeout=240)
    assert gen.returncode == 0, gen.describe()
    assert time.monotonic() - start < 240
    models = (gen.output / "p_parts" / "models.py").read_text()
    for i in range(DEPTH):
        assert f"class P{i}(BaseModel):" in models
    assert models.count("(BaseModel):") < 3 * DEPTH, "a part was copied more than once"
    check_output(gen, tmp_path / "mypy-cache")
    result = subprocess.run(
        [sys.executable, "-c", _CHECK], cwd=gen.output, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == {"depth": 31, "type": "P1", "tap": "P3"}


@pytest.mark.parametrize(
    ("pointer", "hint"),
    [
        ("components/schemas/A/properties/subnet", "subnet"),
        ("components/schemas/A/properties/taps/items", "taps item"),
        ("components/schemas/A/properties/x/properties/ip/allOf/0", "ip"),
        ("components/schemas/A/allOf/0", "A part"),
    ],
)
def test_part_class_names_come_from_the_last_property(pointer: str, hint: str) -> None:
    assert _ref_hint(pointer.split("/")) == hint
