"""The published pre-commit hooks, used by a throwaway repository the way another team would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=False
    )


def _local_config_from_published_hooks(hook_id: str) -> str:
    """A published hook definition, run from this environment instead of an installed copy
    (same id, files, pass_filenames; `language: system` so nothing is downloaded)."""
    hooks = [
        h
        for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
        if h["id"] == hook_id
    ]
    clientgen = Path(sys.executable).parent / "clientgen"
    local = []
    for hook in hooks:
        assert hook["entry"].startswith("clientgen ")
        assert hook["pass_filenames"] is False
        local.append(
            {
                **hook,
                "language": "system",
                "entry": f"{clientgen} {hook['entry'].removeprefix('clientgen ')}",
            }
        )
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]}, sort_keys=False)


def _consumer(tmp_path: Path, hook_id: str) -> tuple[Path, dict[str, str]]:
    """A git repository with specs, settings and a committed generated package, hook installed."""
    repo = tmp_path / "consumer"
    repo.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", repo / "pyproject.toml")
    shutil.copytree(ROOT / "specs", repo / "specs")
    shutil.copytree(
        ROOT / "generated",
        repo / "generated",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }
    (repo / ".pre-commit-config.yaml").write_text(_local_config_from_published_hooks(hook_id))
    assert _git(repo, "init", "-q", "-b", "main", env=env).returncode == 0
    assert _git(repo, "add", "-A", env=env).returncode == 0
    assert _git(repo, "commit", "-q", "-m", "initial", env=env).returncode == 0
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return repo, env


def _change_spec(repo: Path, env: dict[str, str]) -> None:
    spec = repo / "specs" / "agentdrop.yaml"
    spec.write_text(
        spec.read_text().replace("summary: List connections", "summary: List every connection")
    )
    _git(repo, "add", "specs/agentdrop.yaml", env=env)


def test_check_hook_refuses_a_spec_change_until_regenerated(tmp_path: Path) -> None:
    repo, env = _consumer(tmp_path, "clientgen-check")
    _change_spec(repo, env)

    refused = _git(repo, "commit", "-m", "change a spec only", env=env)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "clientgen check" in output
    assert "is stale" in output
    assert "Run `clientgen generate`" in output

    generated = subprocess.run(
        [sys.executable, "-m", "generator", "generate"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert generated.returncode == 0, generated.stderr
    _git(repo, "add", "-A", env=env)
    accepted = _git(repo, "commit", "-m", "change a spec and regenerate", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert _git(repo, "status", "--porcelain", env=env).stdout == ""


def test_generate_hook_regenerates_then_the_commit_passes(tmp_path: Path) -> None:
    repo, env = _consumer(tmp_path, "clientgen-generate")
    _change_spec(repo, env)
    refused = _git(repo, "commit", "-m", "change a spec only", env=env)
    assert refused.returncode != 0
    assert "files were modified by this hook" in refused.stdout + refused.stderr
    client = (repo / "generated" / "connector_clients" / "agentdrop" / "_client.py").read_text()
    assert "List every connection." in client
    _git(repo, "add", "-A", env=env)
    accepted = _git(repo, "commit", "-m", "change a spec and regenerate", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_hook_skips_commits_that_touch_no_spec(tmp_path: Path) -> None:
    repo, env = _consumer(tmp_path, "clientgen-check")
    (repo / "notes.txt").write_text("unrelated\n")
    _git(repo, "add", "notes.txt", env=env)
    result = _git(repo, "commit", "-m", "notes", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(no files to check)Skipped" in (result.stdout + result.stderr).replace(".", "")


def test_published_hooks_are_well_formed() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"clientgen-check", "clientgen-generate"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        assert "specs/" in hook["files"] and "templates/" in hook["files"]


def test_installed_clientgen_agrees_with_the_checkout(tmp_path: Path) -> None:
    """The hooks install clientgen as a package (templates inside it); that copy must find the
    committed output up to date, exactly as the source checkout does."""
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("clientgen-*.whl")
    target = tmp_path / "site"
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    assert (target / "generator" / "templates" / "runtime" / "_base_client.py").is_file()
    import sysconfig

    # No `site` (-S): the development install's import hook stays out; the dependencies come
    # from this environment's site-packages, after the installed copy. Run from outside the
    # checkout, so that only the installed copy can be imported.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(target), sysconfig.get_paths()["purelib"]]),
    }
    which = subprocess.run(
        [sys.executable, "-S", "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert which.stdout.startswith(str(target)), which.stdout + which.stderr
    checked = subprocess.run(
        [
            sys.executable,
            "-S",
            "-m",
            "generator",
            "check",
            "--config",
            str(ROOT / "pyproject.toml"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "up to date" in checked.stdout
