"""Multipart fields and cookies are typed arguments of the generated methods: mypy --strict and
pyright strict accept right uploads and reject wrong ones, on a client generated from
tests/specs/wire.yaml."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from ..conftest import run_module
from .test_typecheck import describe, mypy, pyright

SPEC = Path(__file__).resolve().parents[1] / "specs" / "wire.yaml"

PROGRAM = """\
from __future__ import annotations

import io
from pathlib import Path

from p_upload import Client, models


def good(client: Client) -> None:
    client.upload(file=b"%PDF")
    client.upload(file=Path("report.pdf"), note="n", meta=models.Filter(color="red"))
    client.upload(file=io.BytesIO(b"x"), attachments=[b"a", ("b.txt", b"b"), ("c.png", b"c", "image/png")])
    client.upload(file=("name.bin", open("data.bin", "rb")), image=None)
    client.cookie_styles(session="s", visits=3, beta=True, langs=["en", "de"])


def bad(client: Client) -> None:
    client.upload(file="report.pdf")  # error
    client.upload(file=123)  # error
    client.upload(file=b"x", attachments=b"a")  # error
    client.upload(file=b"x", note=5)  # error
    client.upload(note="no file")  # error
    client.cookie_styles(visits="three")  # error
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("upload")
    result = run_module(root, "generate", str(SPEC), "--output", "out", "--package", "p_upload")
    assert result.returncode == 0, result.stderr
    return root / "out"


def _expected(source: str) -> set[int]:
    return {n for n, line in enumerate(source.splitlines(), 1) if line.endswith("# error")}


def test_mypy_accepts_uploads_and_rejects_wrong_files(generated: Path, tmp_path: Path) -> None:
    (generated / "program.py").write_text(PROGRAM, encoding="utf-8")
    result = mypy(generated, tmp_path / "cache", "program.py")
    reported = {int(n) for n in re.findall(r"^program\.py:(\d+): error:", result.stdout, re.M)}
    assert reported == _expected(PROGRAM), result.stdout


def test_pyright_accepts_uploads_and_rejects_wrong_files(generated: Path) -> None:
    folder = generated / "user"
    folder.mkdir(exist_ok=True)
    (folder / "program.py").write_text(PROGRAM, encoding="utf-8")
    config = generated / "pyrightconfig.json"
    config.write_text(
        textwrap.dedent(
            """\
            {"typeCheckingMode": "strict", "pythonVersion": "3.11", "include": ["user"],
             "extraPaths": ["."], "reportUnusedCallResult": false}
            """
        ),
        encoding="utf-8",
    )
    report = pyright(config)
    diagnostics = report.get("generalDiagnostics", [])
    assert isinstance(diagnostics, list)
    lines = {d["range"]["start"]["line"] + 1 for d in diagnostics if d["severity"] == "error"}
    assert lines == _expected(PROGRAM), describe(report)
