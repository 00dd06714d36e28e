"""The generator's fingerprint (which decides whether generated/ is stale) covers the parse
package as well as the top-level modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import _fingerprint


def test_an_edit_in_the_parse_package_changes_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "generator"
    shutil.copytree(
        Path(_fingerprint.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(_fingerprint, "_GENERATOR_DIR", copy)
    templates = tmp_path / "templates"
    templates.mkdir()
    before = _fingerprint.generator_fingerprint(templates)
    assert _fingerprint.generator_fingerprint(templates) == before
    spec_helpers = copy / "parse" / "_spec.py"
    spec_helpers.write_text(spec_helpers.read_text(encoding="utf-8") + "\n# edited\n")
    assert _fingerprint.generator_fingerprint(templates) != before
