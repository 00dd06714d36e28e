"""Build the IR of a spec written inline, for the generator-layer tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from generator._config import ApiSettings
from generator._ir import Api
from generator._load import load_spec
from generator.parse import Diagnostics, build_api


def build(tmp_path: Path, spec: str, *, lenient: bool = False, all_models: bool = False) -> Api:
    path = tmp_path / "spec.yaml"
    path.write_text(textwrap.dedent(spec), encoding="utf-8")
    spec_ = load_spec(path, path.name, path.read_bytes())
    return build_api(
        spec_,
        ApiSettings(slug="spec", class_prefix="Spec"),
        diagnostics=Diagnostics.for_policy(spec_, lenient),
        all_models=all_models,
    )
