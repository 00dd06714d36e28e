"""A property default that is not a value of the property's type (`type: string, default: 1`,
seen in public specs) is left out of the model with a warning naming it; before, the model
assigned an `int` to a `str` field and the package failed mypy --strict."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from ..e2e._corpus import check_output, check_pointers, generate, load_document

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Defaults", "version": "1"},
    "paths": {
        "/things": {
            "get": {
                "operationId": "getThing",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "default": 1},
                    "count": {"type": "integer", "default": "many"},
                    "flag": {"type": "boolean", "default": "true"},
                    "ratio": {"type": "number", "default": True},
                    "kept": {"type": "string", "default": "x"},
                    "whole": {"type": "integer", "default": 2.0},
                    "real": {"type": "number", "default": 3},
                },
            }
        }
    },
}

_CHECK = """
import json
from p_defaults.models import Thing
print(json.dumps(Thing().model_dump(mode="json")))
"""


def test_defaults_of_the_wrong_type_are_left_out(tmp_path: Path) -> None:
    spec = tmp_path / "defaults.yaml"
    spec.write_text(yaml.safe_dump(SPEC, sort_keys=False))
    gen = generate(spec, tmp_path, "p_defaults")
    assert gen.returncode == 0, gen.describe()
    pointers = check_pointers(gen.warnings, load_document(spec), "warning")
    left_out = {p for p, w in zip(pointers, gen.warnings, strict=True) if "left out" in w}
    assert left_out == {
        f"/components/schemas/Thing/properties/{name}/default"
        for name in ("name", "count", "flag", "ratio")
    }, gen.warnings
    check_output(gen, tmp_path / "mypy-cache")
    result = subprocess.run(
        [sys.executable, "-c", _CHECK], cwd=gen.output, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "name": None, "count": None, "flag": None, "ratio": None,
        "kept": "x", "whole": 2, "real": 3,
    }  # fmt: skip


WRAPPED = {
    **SPEC,
    "components": {
        "schemas": {
            "Flag": {"type": "boolean", "default": False},
            "Size": {"type": "integer", "default": -10},
            "Label": {"type": "string", "default": "none"},
            "Thing": {
                "type": "object",
                "properties": {
                    "flag": {"$ref": "#/components/schemas/Flag"},
                    "size": {"$ref": "#/components/schemas/Size"},
                    "label": {"$ref": "#/components/schemas/Label"},
                },
            },
        }
    },
}

_CHECK_WRAPPED = """
import json
from p_wrapped.models import Flag, Thing
thing = Thing()
assert isinstance(thing.flag, Flag)
print(json.dumps(thing.model_dump(mode="json")))
"""


def test_a_default_of_a_scalar_class_is_an_instance_of_it(tmp_path: Path) -> None:
    """`flag: {$ref: Flag}` with `Flag: {type: boolean, default: false}`: the field's default is
    `Flag(False)`, not `False` (which mypy refuses for a field typed `Flag | None`)."""
    spec = tmp_path / "defaults.yaml"
    spec.write_text(yaml.safe_dump(WRAPPED, sort_keys=False))
    gen = generate(spec, tmp_path, "p_wrapped", lenient=False)
    assert gen.returncode == 0, gen.describe()
    models = (gen.output / "p_wrapped" / "models.py").read_text()
    assert "= Flag(False)" in models and "= Size(-10)" in models, models
    check_output(gen, tmp_path / "mypy-cache")
    result = subprocess.run(
        [sys.executable, "-c", _CHECK_WRAPPED],
        cwd=gen.output,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"flag": False, "size": -10, "label": "none"}
