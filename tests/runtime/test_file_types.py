"""``FileTypes``, the type of a file argument: mypy and pyright accept the supported forms and
reject anything else, line by line."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from ..e2e.test_typecheck import describe, mypy, pyright, pyright_config

PROGRAM = '''
from __future__ import annotations

import io
from pathlib import Path

from connector_clients._types import FileTypes


def upload(file: FileTypes, attachments: list[FileTypes] | None = None) -> None:
    """The shape of a generated method taking files."""


def calls(path: Path) -> None:
    upload(b"bytes")
    upload(io.BytesIO(b"stream"))
    with path.open("rb") as binary:
        upload(binary)
    upload(path)
    upload(("name.txt", b"content"))
    upload(("name.png", path, "image/png"))
    upload((None, io.BytesIO(b"x"), None))
    upload(b"x", attachments=[b"a", path, ("a.csv", b"1,2", "text/csv")])
    upload("a path as text")  # error
    upload(42)  # error
    with path.open("r") as text:
        upload(text)  # error
    upload(io.StringIO("text"))  # error
    upload(("name.txt",))  # error
    upload(("name.txt", "text content"))  # error
    upload(b"x", attachments=["a"])  # error
    upload(b"x", attachments=b"not a list")  # error
'''


def expected_lines() -> set[int]:
    return {
        number
        for number, line in enumerate(PROGRAM.splitlines(), start=1)
        if line.endswith("# error")
    }


def test_file_arguments_are_checked_by_mypy(tmp_path: Path) -> None:
    (tmp_path / "program.py").write_text(PROGRAM, encoding="utf-8")
    result = mypy(tmp_path, tmp_path / "mypy-cache", "--python-version", "3.11", "program.py")
    reported = {
        int(match.group(1))
        for match in re.finditer(r"^program\.py:(\d+): error:", result.stdout, re.M)
    }
    assert len(expected_lines()) == 8
    assert reported == expected_lines(), result.stdout


def test_file_arguments_are_checked_by_pyright(tmp_path: Path) -> None:
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / "program.py").write_text(textwrap.dedent(PROGRAM), encoding="utf-8")
    report = pyright(pyright_config(tmp_path, folder))
    diagnostics = report["generalDiagnostics"]
    assert isinstance(diagnostics, list)
    reported = {
        int(item["range"]["start"]["line"]) + 1
        for item in diagnostics
        if isinstance(item, dict) and item.get("severity") == "error"
    }
    assert reported == expected_lines(), describe(report)
