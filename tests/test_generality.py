"""Small specs with constructs that once broke the generated code: each must generate, import,
and pass `mypy --strict`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import run_module

SPECS = Path(__file__).resolve().parent / "specs"
CASES = {
    "tiny.yaml": "an API with no models at all",
    "narrow.yaml": "allOf that narrows a base property (merged, not subclassed)",
    "disc.yaml": "discriminated oneOf over allOf members with an enum property",
    "root.yaml": "operationIds that are builtins or client attributes (`list`, `timeout`)",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_spec_generates_imports_and_type_checks(name: str, tmp_path: Path) -> None:
    package = "p_" + name.removesuffix(".yaml")
    result = run_module(
        tmp_path, "generate", str(SPECS / name), "--output", "out", "--package", package
    )
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    probe = f"import importlib, pkgutil, {package}\nfor m in pkgutil.walk_packages({package}.__path__, '{package}.'):\n    importlib.import_module(m.name)\n"
    imported = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, check=False
    )
    assert imported.returncode == 0, imported.stderr[-2000:]
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), package],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]


def test_reserved_method_names_get_an_underscore(tmp_path: Path) -> None:
    result = run_module(
        tmp_path, "generate", str(SPECS / "root.yaml"), "--output", "out", "--package", "p_root"
    )
    assert result.returncode == 0, result.stderr
    client = (tmp_path / "out" / "p_root" / "root" / "_client.py").read_text()
    assert "def list_(" in client and "def timeout_(" in client and "def list_mine(" in client
