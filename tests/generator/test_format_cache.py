"""Formatting from the cache (generator/_format.py): every file comes out as a cold run formats
it, whichever files miss; only Python and Markdown files that miss go to ruff."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import _format

from ..conftest import ROOT

CONFIG = (ROOT / "generated" / "pyproject.toml").read_text()
FILES = {
    "pyproject.toml": CONFIG,
    "pkg/__init__.py": "import sys,os\nx=[1,2]\n",
    "pkg/b.py": "def f( a ):\n  return a\n",
    "README.md": "# Title\n\n```python\nx=[1,2]\n```\n",
    "pkg/data.json": '{"a":  1}\n',
}


@pytest.fixture
def sent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The files each ruff run was given (the cache in a folder of its own)."""
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", str(tmp_path / "cache"))
    runs: list[list[str]] = []
    real = _format._formatted

    def counted(files: dict[str, str], *args: Any) -> Any:
        runs.append(sorted(files))
        return real(files, *args)

    monkeypatch.setattr(_format, "_formatted", counted)
    return runs


EDITS = {
    "README.md": "# Another title\n\n```python\nx=[1,2]\n```\n",
    "pkg/b.py": "def g( a ):\n  return a\n",
    "pkg/data.json": '{"b":  1}\n',
}


@pytest.mark.parametrize("changed", sorted(EDITS))
def test_a_file_that_misses_alone_comes_out_as_a_cold_run_formats_it(
    changed: str, sent: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _format.format_files(FILES)
    edited = {**FILES, changed: EDITS[changed]}
    warm = _format.format_files(edited)
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", "off")
    assert warm == _format.format_files(edited)
    assert warm["README.md"].endswith(b"x = [1, 2]\n```\n")  # formatted, not as written
    assert sent[0] == ["README.md", "pkg/__init__.py", "pkg/b.py", "pyproject.toml"]
    expected = [] if changed == "pkg/data.json" else [[changed, "pyproject.toml"]]
    assert sent[1:-1] == expected
