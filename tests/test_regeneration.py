"""`clientgen generate` and `check` on the project: freshness, staleness, determinism,
incremental writes, the no-op fast path, locking."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator._errors import OutputError
from generator._output import MANIFEST, generation_lock

from .conftest import run_cli, run_module, tree_digest


def test_committed_output_is_what_the_specs_produce(repo_root: Path) -> None:
    result = run_module(repo_root, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_full_regeneration_matches_the_committed_output(project: Path) -> None:
    before = tree_digest(project / "generated")
    result = run_cli(project, "generate", "--force")
    assert result.exit_code == 0, result.output
    assert tree_digest(project / "generated") == before


def test_changed_spec_makes_check_fail_with_a_diff(project: Path) -> None:
    spec = project / "specs" / "feather.yaml"
    spec.write_text(
        spec.read_text().replace(
            "summary: List the calling org's connections", "summary: List every connection"
        ),
        encoding="utf-8",
    )
    result = run_cli(project, "check")
    assert result.exit_code == 1
    assert "connector_clients/feather/_client.py" in result.output
    assert "+        List every connection." in result.output
    assert "clientgen generate" in result.output
    # Regenerating makes it pass again.
    assert run_cli(project, "generate").exit_code == 0
    assert run_cli(project, "check").exit_code == 0


def test_hand_edit_in_generated_is_reported_stale_and_repaired(project: Path) -> None:
    target = project / "generated" / "connector_clients" / "agentdrop" / "models.py"
    original = target.read_bytes()
    target.write_bytes(original + b"\n# a hand edit\n")
    result = run_cli(project, "check")
    assert result.exit_code == 1
    assert "changed: connector_clients/agentdrop/models.py" in result.output
    assert run_cli(project, "generate").exit_code == 0
    assert target.read_bytes() == original


def test_file_added_by_hand_is_reported_and_removed(project: Path) -> None:
    extra = project / "generated" / "connector_clients" / "stray.py"
    extra.write_text("x = 1\n")
    result = run_cli(project, "check")
    assert result.exit_code == 1
    assert "removed: connector_clients/stray.py" in result.output
    assert run_cli(project, "generate").exit_code == 0
    assert not extra.exists()


def test_noop_generate_writes_nothing(project: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (project / "generated").rglob("*") if p.is_file()}
    result = run_cli(project, "generate")
    assert result.exit_code == 0
    assert "up to date" in result.output
    after = {p: p.stat().st_mtime_ns for p in (project / "generated").rglob("*") if p.is_file()}
    assert before == after


def test_one_changed_spec_rewrites_only_its_subpackage(project: Path) -> None:
    generated = project / "generated"
    mtimes = {p: p.stat().st_mtime_ns for p in generated.rglob("*") if p.is_file()}
    time.sleep(0.01)
    spec = project / "specs" / "agentdrop.yaml"
    spec.write_text(
        spec.read_text().replace("summary: List connections", "summary: List all connections")
    )
    result = run_cli(project, "generate", "--verbose")
    assert result.exit_code == 0, result.output
    assert "specs/agentdrop.yaml: generated" in result.output
    assert "specs/feather.yaml: unchanged" in result.output
    changed = {
        p.relative_to(generated).as_posix() for p, m in mtimes.items() if p.stat().st_mtime_ns != m
    }
    assert changed == {"connector_clients/agentdrop/_client.py", MANIFEST}


def test_output_is_identical_across_hash_seeds(project: Path, tmp_path: Path) -> None:
    digests = []
    for seed in ("0", "12345"):
        result = run_module(project, "generate", "--force", env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        digests.append(tree_digest(project / "generated"))
    assert digests[0] == digests[1]


def test_output_holds_no_absolute_paths_or_timestamps(repo_root: Path) -> None:
    for path in (repo_root / "generated").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and ".egg-info" not in str(path):
            text = path.read_text(encoding="utf-8")
            assert str(repo_root) not in text, path
            assert "/tmp/" not in text and "/home/" not in text, path
            assert "timestamp:" not in text.lower(), path


def test_bad_spec_changes_nothing(project: Path) -> None:
    before = tree_digest(project / "generated")
    spec = project / "specs" / "feather.yaml"
    spec.write_text(spec.read_text() + "\n  broken: [\n")
    result = run_cli(project, "generate")
    assert result.exit_code == 2
    assert "specs/feather.yaml:" in result.output
    assert "invalid YAML" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(project / "generated") == before
    assert run_cli(project, "check").exit_code == 2


def test_a_second_generation_waits_for_the_lock_then_fails_clearly(project: Path) -> None:
    output = project / "generated"
    with (
        generation_lock(output),
        pytest.raises(OutputError, match="another clientgen run"),
        generation_lock(output, wait=0.2),
    ):
        pass  # pragma: no cover - never entered


def test_lock_is_released_after_a_run(project: Path) -> None:
    output = project / "generated"
    with generation_lock(output):
        pass
    with generation_lock(output, wait=0.1):
        pass


def test_check_reports_quietly_without_diff(project: Path) -> None:
    spec = project / "specs" / "aitronos.yaml"
    spec.write_text(spec.read_text().replace("List connected connectors", "List the connectors"))
    result = run_cli(project, "check", "--no-diff")
    assert result.exit_code == 1
    assert "@@" not in result.output


def test_cli_help_for_every_command(repo_root: Path) -> None:
    for command in ((), ("generate",), ("check",), ("validate",)):
        result = run_cli(repo_root, *command, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.output


def test_validate_reports_each_spec(repo_root: Path) -> None:
    result = run_cli(repo_root, "validate")
    assert result.exit_code == 0, result.output
    for name in ("aitronos", "feather", "agentdrop"):
        assert f"specs/{name}.yaml: valid" in result.output


def test_no_project_is_a_clear_error(tmp_path: Path) -> None:
    result = run_module(tmp_path, "check")
    assert result.returncode == 2
    assert "no pyproject.toml with a [tool.clientgen] section" in result.stderr


def test_unknown_setting_is_a_clear_error(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace("[tool.clientgen]\n", '[tool.clientgen]\noutptu = "x"\n')
    )
    result = run_cli(project, "generate")
    assert result.exit_code == 2
    assert "unknown setting(s) in [tool.clientgen]: outptu" in result.output


def test_spec_edit_time_alone_does_not_regenerate(project: Path) -> None:
    spec = project / "specs" / "feather.yaml"
    os.utime(spec, (time.time() + 5, time.time() + 5))
    result = run_cli(project, "check")
    assert result.exit_code == 0
    assert "up to date" in result.output
