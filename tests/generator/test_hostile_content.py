"""Hostile strings from a spec land in the generated code as inert text.

Property-based: hypothesis writes specs whose descriptions, titles, summaries, enum values,
defaults, examples, server URLs, OAuth2 token URLs and scopes, and names carry quotes, backslashes, template syntax, newlines,
pragmas, NUL, bidirectional controls and emoji. The generated package must compile, import
without running anything from the spec, and be formatted and lint-clean.
"""

from __future__ import annotations

import json
import keyword
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator._config import make_settings
from generator._names import SOFT_KEYWORDS
from generator._output import write_output
from generator._pipeline import build

CANARY = "__import__('pathlib').Path('PWNED').touch()"
FRAGMENTS = [
    '"""',
    "'''",
    "\\",
    "\\n",
    "{{ x }}",
    "{% if 1 %}",
    "{#",
    "\n",
    "\r\n",
    "# noqa",
    "# type: ignore",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "\u200f",
    "\u2028",
    "\ufeff",
    "🚀",
    '"',
    "'",
    "\t",
    "\n\tindented with a tab",
    "${x}",
    "%s",
    CANARY,
    '"); ' + CANARY + "  #",
    "'''); " + CANARY + "  #",
    "\\N{BULLET}",
    "class",
    "None",
]
hostile = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), min_size=1, max_size=5
).map("".join)
# Component names are restricted by OpenAPI itself; keys of properties are not.
component_name = st.lists(
    st.sampled_from(
        ["class", "None", "Client", "APIError", "1x", "a.b", "-", "_", "Vlan", "VLAN", "x"]
    ),
    min_size=1,
    max_size=3,
).map("".join)


def _spec(text: list[str], names: list[str], enum_values: list[str], prop: str) -> dict[str, Any]:
    a, b = names[0], names[1] if names[1] != names[0] else names[1] + "2"
    return {
        "openapi": "3.1.0",
        "info": {"title": text[0], "version": text[1], "description": text[2]},
        "servers": [{"url": "https://example.test/" + text[3].replace("{", "").replace("}", "")}],
        "paths": {
            "/items/{item_id}": {
                "get": {
                    "operationId": text[4],
                    "security": [{"oauth": [text[1]]}],
                    "summary": text[5],
                    "description": text[6],
                    "parameters": [
                        {
                            "name": "item_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": text[7] or "q",
                            "in": "query",
                            "description": text[8],
                            "schema": {
                                "type": "string",
                                "enum": enum_values,
                                "default": enum_values[0],
                            },
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": text[9],
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/{a}"},
                                    "example": {prop: text[10]},
                                }
                            },
                        },
                        "404": {
                            "description": text[11],
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/{b}"}
                                }
                            },
                        },
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {
                "oauth": {
                    "type": "oauth2",
                    "flows": {
                        "clientCredentials": {
                            "tokenUrl": "/token/" + text[3].replace("{", "").replace("}", ""),
                            "scopes": {text[1]: text[2], "read": text[0]},
                        }
                    },
                }
            },
            "schemas": {
                a: {
                    "type": "object",
                    "title": text[12],
                    "description": text[13],
                    "properties": {
                        prop: {"type": "string", "description": text[14], "default": text[15]},
                        "kind": {"type": "string", "enum": enum_values, "description": text[16]},
                        "nested": {"$ref": f"#/components/schemas/{b}"},
                    },
                },
                b: {
                    "type": "object",
                    "description": text[17],
                    "properties": {"message": {"type": "string", "examples": [text[18]]}},
                },
            },
        },
    }


def _generate(spec: dict[str, Any], root: Path) -> Path:
    spec_path = root / "hostile.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    out = root / "out"
    settings_ = make_settings(
        source="test",
        root=root,
        specs_dir=root,
        output_dir=out,
        distribution="hostile-client",
        import_name="hostile_client",
        lenient=True,
        single_spec=spec_path,
    )
    result = build(settings_, reuse=False)
    write_output(out, result.files)
    return out


def _check_package(out: Path) -> None:
    for path in out.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    probe = (
        "import importlib, pkgutil, hostile_client\n"
        "for m in pkgutil.walk_packages(hostile_client.__path__, 'hostile_client.'):\n"
        "    importlib.import_module(m.name)\n"
        "from hostile_client import Client\n"
        "Client(api_key='k')\n"
        "print('imported')\n"
    )
    imported = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, check=False
    )
    assert imported.returncode == 0, imported.stderr[-3000:]
    assert imported.stdout.strip() == "imported"
    assert not (out / "PWNED").exists(), "importing the package ran code from the spec"
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.lists(hostile, min_size=19, max_size=19),
    names=st.lists(component_name, min_size=2, max_size=2),
    enum_values=st.lists(hostile, min_size=1, max_size=4, unique=True),
    prop=hostile,
)
def test_hostile_strings_stay_inert(
    tmp_path_factory: pytest.TempPathFactory,
    text: list[str],
    names: list[str],
    enum_values: list[str],
    prop: str,
) -> None:
    root = tmp_path_factory.mktemp("hostile")
    out = _generate(_spec(text, names, enum_values, prop), root)
    _check_package(out)


def test_worst_case_spec_passes_mypy_strict(tmp_path: Path) -> None:
    """One spec with every fragment at once, type-checked in full."""
    everything = "".join(FRAGMENTS)
    text = [everything + str(i) for i in range(19)]
    spec = _spec(text, ["class", "Client"], [everything, '"""', "\\", "🚀"], everything)
    out = _generate(spec, tmp_path)
    _check_package(out)
    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / ".mypy"),
            "hostile_client",
        ],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout[-3000:]


# Names that are keywords, soft keywords, standard modules or the package's own modules:
# as tags they become modules, classes and attributes (resources), as operationIds methods.
RISKY_NAMES = [
    "async", "await", "match", "case", "type", "_", "typing", "json", "models", "resources",
    "errors", "class", "None", "1st", "self", "import", "__init__", "loader", "l", "O",
]  # fmt: skip


def _tagged_spec(tags: list[str]) -> dict[str, Any]:
    """Enough operations (three a tag, over 40) that every tag becomes a resource."""
    paths: dict[str, Any] = {}
    for i in range(max(42, 3 * len(tags))):
        tag = tags[i % len(tags)]
        paths[f"/r{i}"] = {
            "get": {
                "operationId": tag if i < len(tags) else f"{tag} {i}",
                "tags": [tag],
                "parameters": [{"name": tag or "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"204": {"description": "done"}},
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tags", "version": "1"},
        "servers": [{"url": "https://example.test"}],
        "tags": [{"name": t} for t in dict.fromkeys(tags)],
        "paths": paths,
    }


def _check_resources(out: Path, tags: list[str]) -> None:
    _check_package(out)
    resources = out / "hostile_client" / "resources"
    modules = {p.stem for p in resources.glob("*.py")} - {"__init__"}
    assert len(modules) == len(set(tags)), modules
    for module in modules:
        assert module.isidentifier() and not keyword.iskeyword(module)
        assert module not in SOFT_KEYWORDS
        assert module not in sys.stdlib_module_names


def test_risky_tags_become_importable_resources(tmp_path: Path) -> None:
    out = _generate(_tagged_spec(RISKY_NAMES), tmp_path)
    _check_resources(out, RISKY_NAMES)
    client = (out / "hostile_client" / "_client.py").read_text()
    assert "from .resources.async_ import" in client and "from .resources.typing_ import" in client
    probe = (
        "from hostile_client import Client\n"
        "c = Client(api_key='k')\n"
        "assert callable(c.async_.async_) and callable(c.match_.match_)\n"
        "assert callable(c.typing.typing) and callable(c.models_api.models_)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr[-3000:]


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    tags=st.lists(
        st.one_of(st.sampled_from(RISKY_NAMES + FRAGMENTS), hostile).filter(bool),
        min_size=2,
        max_size=8,
        unique=True,
    )
)
def test_any_tags_become_importable_resources(
    tmp_path_factory: pytest.TempPathFactory, tags: list[str]
) -> None:
    out = _generate(_tagged_spec(tags), tmp_path_factory.mktemp("tags"))
    _check_resources(out, tags)
