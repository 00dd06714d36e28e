"""APIs with many models get one module per model class, loaded on first use: importing the
client creates no model, asking for one loads it and what it refers to, cycles work. The
modules written are pinned by the golden tree of tests/specs/graph.yaml (tests/golden/test_golden.py);
the tests here run them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..conftest import run_module

# its golden tree: tests/golden/
SPEC = Path(__file__).resolve().parents[1] / "specs" / "graph.yaml"


@pytest.fixture(scope="module")
def graph_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("graph")
    shutil.copy2(SPEC, root / SPEC.name)
    # Most of the graph's schemas are used by no operation: --all-models keeps them.
    result = run_module(
        root,
        "generate",
        SPEC.name,
        "--output",
        "out",
        "--package",
        "graph_client",
        "--all-models",
    )
    assert result.returncode == 0, result.stderr
    return root / "out"


def test_models_load_on_first_use_and_parse(graph_package: Path, httpserver: Any) -> None:
    httpserver.expect_request("/nodes/a").respond_with_json(
        {
            "name": "a",
            "kind": "branch",
            "edges": [{"to": {"name": "b", "kind": "leaf"}, "weight": 2}],
        }
    )
    httpserver.expect_request("/derived").respond_with_json({"id": "d1", "extra": 3})
    probe = f"""
import sys
from graph_client import Client
loaded = lambda: sorted(m for m in sys.modules if m.startswith("graph_client.models._"))
assert loaded() == [], loaded()
client = Client(base_url={httpserver.url_for("/")!r})
node = client.get_node("a")
assert node.edges[0].to.name == "b" and node.edges[0].weight == 2
assert node.kind == "branch"
assert "graph_client.models._filler0" not in sys.modules  # only what was needed
derived = client.get_derived()
from graph_client.models import Base, Derived, Tagged
assert isinstance(derived, Base) and derived.extra == 3
assert Tagged().kind == "leaf"
# A type alias, split with the class that uses it, and its constraint applied.
import pydantic
from graph_client.models import Labels, LabelsLabelsAdditionalProperty
assert Labels.model_validate(dict(labels=dict(a="short"))).labels == dict(a="short")
try:
    Labels.model_validate(dict(labels=dict(a="x" * 51)))
except pydantic.ValidationError:
    pass
else:
    raise AssertionError("the alias's max_length must apply")
import graph_client.models as models
assert "Filler7" in dir(models)
try:
    models.NoSuchModel
except AttributeError as exc:
    assert "NoSuchModel" in str(exc)
else:
    raise AssertionError("unknown names must raise AttributeError")
print("ok")
"""
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=graph_package,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.strip() == "ok"


def test_split_models_type_check(graph_package: Path, tmp_path: Path) -> None:
    user = graph_package / "use_graph.py"
    user.write_text(
        "from graph_client import Client\n"
        "from graph_client.models import Edge, Node\n\n"
        "def walk(client: Client) -> list[Edge]:\n"
        "    node: Node = client.get_node('a')\n"
        "    return node.edges or []\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            "graph_client",
            "use_graph.py",
        ],
        cwd=graph_package,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize("order", ["sorted", "reversed"])
def test_model_modules_imported_directly_still_build(graph_package: Path, order: str) -> None:
    """Tools that walk a package and import every module bypass the loader: each module
    completes itself, in any order, cycles included."""
    probe = f"""
import importlib, pkgutil, inspect
import pydantic
import graph_client.models as models
names = sorted(m.name for m in pkgutil.walk_packages(models.__path__, models.__name__ + "."))
if {order!r} == "reversed":
    names.reverse()
for name in names:
    module = importlib.import_module(name)
    for value in vars(module).values():
        if inspect.isclass(value) and issubclass(value, pydantic.BaseModel) and value.__module__ == name:
            value.model_rebuild(force=True)
node = models.Node.model_validate({{"name": "a", "edges": [{{"to": {{"name": "b"}}}}]}})
assert node.edges[0].to.name == "b"
print("ok")
"""
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=graph_package,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]


_MODELS = '''"""Models."""

from __future__ import annotations

import re as _re
from datetime import date as date_aliased
from typing import Annotated, Any, Dict, Literal

from pydantic import AwareDatetime, Field, RootModel

from p_graph._models import BaseModel, Enum


class Colour(Enum):
    red = "red"


class AVeryLongNameThatMakesTheImportLineLongerThanTheLineLengthOfTheGeneratedPackage(BaseModel):
    """Mentions Literal in its text only."""

    when: date_aliased | None = None


class Owner(BaseModel):
    login: Annotated[str, Field(max_length=3, pattern=_re.compile("^[a-z]+$"))]
    colour: Colour = Colour.red
    extra: dict[str, Any] | None = None


class OwnerChild(Owner):
    at: AwareDatetime | None = None
    long: AVeryLongNameThatMakesTheImportLineLongerThanTheLineLengthOfTheGeneratedPackage | None = None
    also: AVeryLongNameThatMakesTheImportLineLongerThanTheLineLengthOfTheGeneratedPackage | None = None


class Item(BaseModel):
    owner: Owner
    child: OwnerChild | None = None
    colour: Colour | None = None


class Items(RootModel[list[Item]]):
    root: list[Item]
'''


def test_split_modules_import_what_they_use_as_the_import_sorting_writes_it(
    tmp_path: Path,
) -> None:
    """Each module of a split imports only the names it mentions, grouped, sorted and wrapped
    as ruff's import sorting would: ruff's fixes then find nothing to change but a name
    that is only mentioned in text (`Literal` in a docstring), which they remove. Judged by
    ruff, with the package's settings (those of the golden graph tree)."""
    import json

    from generator._split import split_models

    classes = ("AVeryLongNameThatMakesTheImportLineLongerThanTheLineLengthOfTheGeneratedPackage",
               "Colour", "Item", "Items", "Owner", "OwnerChild")  # fmt: skip
    modules = split_models(_MODELS, classes, set(classes))
    assert modules is not None and len(modules) == len(classes)
    package = tmp_path / "p_graph" / "models"
    package.mkdir(parents=True)
    settings = SPEC.parents[1] / "golden" / "trees" / "graph" / "pyproject.toml"
    shutil.copy2(settings, tmp_path / "pyproject.toml")
    for module in modules:
        (package / f"{module.module}.py").write_text(module.source, encoding="utf-8")
    from generator._format import ruff_binary

    found = subprocess.run(
        [ruff_binary(), "check", "--no-cache", "--exit-zero", "--output-format=json",
         "--select=I,F401,F821", "."],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    findings = sorted(
        (Path(f["filename"]).name, f["code"], f["message"]) for f in json.loads(found.stdout)
    )
    assert findings == [
        (
            "_a_very_long_name_that_makes_the_import_line_longer_than_the_line_length_of_the_generated_package.py",
            "F401",
            "`typing.Literal` imported but unused",
        )
    ]
    sources = {m.module: m.source for m in modules}
    assert "from . import loader\nfrom ._colour import Colour\n" in sources["_owner"]
    assert "from ._owner import Owner\n" in sources["_owner_child"]
