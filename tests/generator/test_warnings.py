"""Warnings are for people: one line each naming file:line, pointer and what is wrong, never
the Python text of the offending object; --quiet hides them and a summary line counts them."""

from __future__ import annotations

from pathlib import Path

from ..conftest import run_cli

SPEC = (
    'openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    get:\n'
    "      parameters:\n"
    '        - {name: q, in: query, description: "a description the validator would print whole"}\n'
    "      responses:\n        '204': {description: done}\n"
)


def test_each_warning_is_one_line_without_a_dump(tmp_path: Path) -> None:
    spec = tmp_path / "warn.yaml"
    spec.write_text(SPEC)
    result = run_cli(tmp_path, "validate", "--lenient", str(spec))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    warnings = [line for line in lines if line.startswith("warning: ")]
    assert len(warnings) == 2, result.output  # the invalid parameter, the missing operationId
    assert not [line for line in lines if line.startswith("  ")], result.output  # no hint lines
    assert any(
        "warn.yaml:7: this object is not valid under any of the given schemas "
        "(at /paths/~1a/get/parameters/0)" in w
        for w in warnings
    ), warnings
    assert "{'name'" not in result.output
    assert "2 warnings" in lines


def test_quiet_hides_warnings_and_counts_them(tmp_path: Path) -> None:
    spec = tmp_path / "warn.yaml"
    spec.write_text(SPEC)
    result = run_cli(
        tmp_path,
        "generate",
        "--lenient",
        "--quiet",
        str(spec),
        "--output",
        "out",
        "--package",
        "p_w",
    )
    assert result.exit_code == 0, result.output
    assert "warning: " not in result.output
    assert result.output.strip().splitlines()[-1].endswith("warnings (hidden by --quiet)")
