"""Shared fixtures: the repository, throwaway copies of the project, the CLI."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# Every test validates for real, in this process and in the ones it starts: the validation
# cache is off unless a test switches it on with a folder of its own (tests/generator/test_cache.py).
os.environ["CLIENTGEN_CACHE_DIR"] = "off"
# The tests compare clientgen's validator with the stock openapi-spec-validator as it runs
# without jsonschema-rs (its Python backend, whose messages clientgen reports): with
# jsonschema-rs installed, the stock validator would switch to that backend by itself.
os.environ["OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND"] = "jsonschema"
# No test leaves a server running unless it starts one in a folder of its own
# (tests/e2e/test_server.py).
os.environ["CLIENTGEN_SERVER"] = "off"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver's one server per test process listens on 127.0.0.1, whichever test
    starts it (an override in a subfolder would only count when a test there starts it)."""
    return ("127.0.0.1", 0)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of this project's inputs and committed output in a temporary folder."""
    dest = tmp_path / "project"
    dest.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")
    shutil.copytree(ROOT / "specs", dest / "specs")
    shutil.copytree(
        ROOT / "generated",
        dest / "generated",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "dist", "build", ".*_cache"),
    )
    return dest


def run_cli(cwd: Path, *args: str) -> Result:
    """Run `clientgen ARGS` in-process from `cwd`."""
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture
def cli() -> Callable[..., Result]:
    return run_cli


def run_module(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS` in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def generate_at_once(
    cwd: Path,
    spec: Path,
    outputs: list[Path],
    package: str,
    *extra: str,
    env: dict[str, str] | None = None,
) -> list[dict[str, str]]:
    """`clientgen generate SPEC` into each of `outputs` by as many processes started together;
    each must succeed. The trees they wrote (`tree_digest`)."""
    command = [sys.executable, "-m", "generator", "generate", str(spec), "--quiet", *extra]
    runs = [
        subprocess.Popen(
            [*command, "--output", str(out), "--package", package],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for out in outputs
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr.decode()
    return [tree_digest(out) for out in outputs]


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` (build leftovers aside) with its SHA-256."""
    from generator._output import disk_files

    return {
        rel: hashlib.sha256(path.read_bytes()).hexdigest()
        for rel, path in sorted(disk_files(folder).items())
    }


def _prism(vendor: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from ._servers import SPECS, PrismServer

    logs = tmp_path_factory.mktemp("prism")
    server = PrismServer(SPECS / f"{vendor}.yaml", logs / f"{vendor}.log")
    server.start(timeout=60.0)
    try:
        yield server.base_url
    finally:
        server.stop()


# Prism mock servers started from the specs, once per test worker that needs them; tests using
# them share the xdist group "prism" so one worker starts them.
@pytest.fixture(scope="session")
def prism_aitronos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _prism("aitronos", tmp_path_factory)


@pytest.fixture(scope="session")
def prism_feather(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _prism("feather", tmp_path_factory)


@pytest.fixture(scope="session")
def prism_agentdrop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _prism("agentdrop", tmp_path_factory)


def require_shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `corpus` (the directory sample, an hour or more) run only when asked for:
    with `-m corpus` (or any marker expression naming it) or CLIENTGEN_CORPUS=1."""
    if os.environ.get("CLIENTGEN_CORPUS") == "1" or "corpus" in (config.option.markexpr or ""):
        return
    dropped = [item for item in items if item.get_closest_marker("corpus") is not None]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item.get_closest_marker("corpus") is None]
