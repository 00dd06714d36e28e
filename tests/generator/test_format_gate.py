"""The format gate: only findings that mean the code is wrong (syntax, undefined names) stop
generation; style that a spec's names bring in (`l`, `O`, `I`: ruff E741-E743; a quoted
forward reference in `Union[...]`: UP007) never does, and the package still passes its own
ruff settings, mypy --strict and pyright strict."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator._errors import OutputError
from generator._format import GATE_RULES, format_files

from ..conftest import run_module
from ..e2e.test_typecheck import describe, pyright, pyright_config

SPEC = Path(__file__).resolve().parents[1] / "specs" / "lio.yaml"
CONFIG = '[tool.ruff]\ntarget-version = "py310"\n[tool.ruff.lint]\nselect = ["E", "F", "W", "I", "UP", "B"]\n'


def _grouped_spec() -> dict[str, Any]:
    """lio.yaml with enough operations that the tags `l`, `O` and `I` become resources."""
    doc: dict[str, Any] = yaml.safe_load(SPEC.read_text())
    for i in range(40):
        tag = ("l", "O", "I")[i % 3]
        op = copy.deepcopy(doc["paths"]["/o"]["get"])
        op["operationId"] = f"{tag}{i}" if i % 2 else f"{tag}_{i}"
        op["tags"] = [tag]
        doc["paths"][f"/{tag.lower()}/n{i}"] = {"get": op}
    return doc


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lio")
    spec = root / "lio.yaml"
    spec.write_text(yaml.safe_dump(_grouped_spec(), sort_keys=False))
    result = run_module(root, "generate", str(spec), "--output", "out", "--package", "p_lio")
    assert result.returncode == 0, result.stderr
    return root / "out"


def test_ambiguous_names_keep_their_names(generated: Path) -> None:
    api = generated / "p_lio"
    models = (api / "models.py").read_text()
    assert 'O = "O"  # noqa: E741' in models and 'I = "I"  # noqa: E741' in models
    assert "class O(str, Enum):  # noqa: E742" in models
    assert "class I(BaseModel):  # noqa: E742" in models
    assert "    l: str | None = None  # noqa: E741" in models
    assert '"Tree"' in models and "# noqa: UP007" in models
    resources = sorted(p.name for p in (api / "resources").iterdir() if p.suffix == ".py")
    assert {"l.py", "o.py", "i.py"} <= set(resources), resources
    methods = (api / "resources" / "l.py").read_text()
    assert "l: str | None = None,  # noqa: E741" in methods


def test_the_package_passes_its_own_lint_and_both_type_checkers(
    generated: Path, tmp_path: Path
) -> None:
    for command in (["check"], ["format", "--check"]):
        ruff = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "."],
            cwd=generated,
            capture_output=True,
            text=True,
            check=False,
        )
        assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "c"), "p_lio"],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    report = pyright(pyright_config(generated, generated / "p_lio"))
    summary = report["summary"]
    assert isinstance(summary, dict) and summary["errorCount"] == 0, describe(report)


def test_the_client_works_with_those_names(generated: Path, httpserver: Any) -> None:
    httpserver.expect_request("/l/x1", query_string="l=a&O=I").respond_with_json(
        {"l": "v", "O": 2, "I": "O"}
    )
    httpserver.expect_request("/o").respond_with_json({"k": ["leaf", {"x": "y"}]})
    probe = f"""
from p_lio import Client, models
client = Client(base_url={httpserver.url_for("/")!r})
got = client.l.l("x1", l="a", o=models.O.I)
assert got.l == "v" and got.o == 2 and got.i is models.O.O
tree = client.o.o()
assert tree.model_dump() == {{"k": ["leaf", {{"x": "y"}}]}}
print("ok")
"""
    ran = subprocess.run(
        [sys.executable, "-c", probe], cwd=generated, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr[-3000:]


def _formatted(source: str) -> str:
    out = format_files({"m.py": source, "pyproject.toml": CONFIG})
    return out["m.py"].decode()


def test_style_findings_ruff_cannot_fix_do_not_fail() -> None:
    text = _formatted("from enum import Enum\n\n\nclass E(Enum):\n    O = 1\n    I = 2\n")
    assert "O = 1  # noqa: E741" in text and "I = 2  # noqa: E741" in text


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("def f() -> int:\n    return undefined_name\n", "F821"),
        ("break\n", "F701"),
        ('__all__ = ["missing"]\n', "F822"),
    ],
)
def test_findings_that_mean_wrong_code_fail(source: str, rule: str) -> None:
    assert any(rule.startswith(prefix) for prefix in GATE_RULES)
    with pytest.raises(OutputError) as caught:
        _formatted(source)
    assert rule in str(caught.value)


def test_a_noqa_comment_does_not_hide_a_gate_finding() -> None:
    with pytest.raises(OutputError, match="F821"):
        _formatted("def f() -> int:\n    return undefined_name  # noqa: F821\n")
