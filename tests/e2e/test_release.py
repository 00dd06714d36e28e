"""Publishing: the built wheel works in a fresh environment, the generated README's examples
run, and `clientgen diff` / `generate --bump` version the package and keep its changelog."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from ..conftest import run_cli, run_module

ROOT = Path(__file__).resolve().parents[2]
VENDOR_ENV = {
    "aitronos": ("FREDDY_API_KEY", "FREDDY_BASE_URL"),
    "feather": ("FEATHER_API_KEY", "FEATHER_BASE_URL"),
    "agentdrop": ("AGENTDROP_API_KEY", "AGENTDROP_BASE_URL"),
}


def _python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, flags=re.DOTALL)


def test_wheel_installs_and_works_in_a_fresh_environment(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = run_module(ROOT, "build", "--outdir", str(dist))
    assert built.returncode == 0, built.stdout + built.stderr
    assert "twine check passed" in built.stdout
    wheels = sorted(dist.glob("connector_clients-*.whl"))
    sdists = sorted(dist.glob("connector_clients-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    installed = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(wheels[0]),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if installed.returncode != 0 and re.search(
        r"(?i)connection|resolve|network|No matching distribution", installed.stderr
    ):
        pytest.skip("the package index cannot be reached to install httpx and pydantic")
    assert installed.returncode == 0, installed.stderr[-3000:]

    probe = """
import importlib.resources, connector_clients
from connector_clients.aitronos import AitronosClient, AsyncAitronosClient
from connector_clients.feather import FeatherClient, AsyncFeatherClient
from connector_clients.agentdrop import AgentDropClient, AsyncAgentDropClient
assert "site-packages" in connector_clients.__file__, connector_clients.__file__
assert importlib.resources.files("connector_clients").joinpath("py.typed").is_file()
for cls in (AitronosClient, FeatherClient, AgentDropClient):
    with cls(api_key="k") as client:
        assert client.api_key == "k"
import asyncio
async def main():
    for cls in (AsyncAitronosClient, AsyncFeatherClient, AsyncAgentDropClient):
        async with cls(api_key="k"):
            pass
asyncio.run(main())
print(connector_clients.__version__)
"""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    ran = subprocess.run(
        [str(python), "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    version = re.search(
        r'^version = "(.+)"', (ROOT / "generated" / "pyproject.toml").read_text(), re.M
    )
    assert version is not None
    assert ran.stdout.strip() == version.group(1)


@pytest.mark.xdist_group("prism")
@pytest.mark.parametrize("vendor", sorted(VENDOR_ENV))
def test_generated_readme_examples_run(
    vendor: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Each vendor's README example runs, sync and async, against Prism serving its spec."""
    readme = (ROOT / "generated" / "README.md").read_text()
    blocks = [
        b
        for b in _python_blocks(readme)
        if f"connector_clients.{vendor} " in b and "APIStatusError" in b  # not the hooks one
    ]
    assert len(blocks) == 1, f"one example for {vendor} expected"
    key_var, url_var = VENDOR_ENV[vendor]
    assert key_var in blocks[0]
    env = {
        **os.environ,
        key_var: "readme-key",
        url_var: str(request.getfixturevalue(f"prism_{vendor}")),
    }
    script = tmp_path / "example.py"
    script.write_text(blocks[0] + "\nprint(type(result).__name__)\n")
    ran = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, check=False
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.strip().splitlines()[-1] in ("list", "ConnectionList", "PersonalConnector")


def test_generated_readme_covers_auth_errors_and_async() -> None:
    readme = (ROOT / "generated" / "README.md").read_text()
    for vendor, (key_var, _) in VENDOR_ENV.items():
        assert f"connector_clients.{vendor} " in readme
        assert key_var in readme
    assert "except APIStatusError" in readme
    assert "async with" in readme
    assert "pip install connector-clients" in readme


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture
def release_repo(project: Path) -> Path:
    assert _git(project, "init", "-q", "-b", "main").returncode == 0
    assert _git(project, "add", "-A").returncode == 0
    assert _git(project, "commit", "-q", "-m", "release 0.1.0").returncode == 0
    return project


def _version(repo: Path) -> str:
    found = re.search(
        r'(?ms)^\[tool\.clientgen\].*?^version = "([^"]+)"', (repo / "pyproject.toml").read_text()
    )
    assert found is not None
    return found.group(1)


def test_diff_reports_changes_and_the_suggested_version(release_repo: Path) -> None:
    spec = release_repo / "specs" / "agentdrop.yaml"
    spec.write_text(spec.read_text().replace("- active\n", "", 1))
    result = run_cli(release_repo, "diff")
    assert result.exit_code == 0, result.output
    assert "agentdrop" in result.output
    assert "breaking" in result.output
    assert "suggested version: 0.1.0 -> 0.2.0 (minor)" in result.output
    assert "aitronos: no changes" in result.output


def test_bump_end_to_end(release_repo: Path) -> None:
    # A docs-only change: patch.
    spec = release_repo / "specs" / "feather.yaml"
    spec.write_text(
        spec.read_text().replace("Successful Response", "The organization's connections")
    )
    result = run_cli(release_repo, "generate", "--bump")
    assert result.exit_code == 0, result.output
    assert _version(release_repo) == "0.1.1"
    changelog = (release_repo / "specs" / "CHANGELOG.md").read_text()
    assert changelog.index("## 0.1.1") < changelog.index("## 0.1.0")
    assert "### feather" in changelog and "- docs:" in changelog
    generated = release_repo / "generated"
    assert (generated / "CHANGELOG.md").read_text() == changelog
    assert 'version = "0.1.1"' in (generated / "pyproject.toml").read_text()
    assert '__version__ = "0.1.1"' in (generated / "connector_clients" / "_version.py").read_text()
    assert run_cli(release_repo, "check").exit_code == 0
    _git(release_repo, "add", "-A")
    _git(release_repo, "commit", "-q", "-m", "release 0.1.1")

    # Nothing changed since: the version stays.
    result = run_cli(release_repo, "generate", "--bump")
    assert result.exit_code == 0
    assert _version(release_repo) == "0.1.1"
    assert "(no changes)" in result.output

    # A removed operation is breaking: minor while the version is 0.y.z.
    spec = release_repo / "specs" / "aitronos.yaml"
    text = spec.read_text()
    spec.write_text(
        text.replace("operationId: retrievePersonalConnector", "operationId: getPersonalConnector")
    )
    result = run_cli(release_repo, "generate", "--bump")
    assert result.exit_code == 0, result.output
    assert _version(release_repo) == "0.2.0"
    entry = (release_repo / "specs" / "CHANGELOG.md").read_text().split("## 0.1.1")[0]
    assert "## 0.2.0" in entry and "### aitronos" in entry and "- breaking:" in entry
    assert run_cli(release_repo, "check").exit_code == 0


def test_bump_is_refused_for_a_single_spec(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    shutil.copy2(ROOT / "specs" / "feather.yaml", spec)
    result = run_module(
        tmp_path, "generate", str(spec), "--output", "out", "--package", "x", "--bump"
    )
    assert result.returncode == 2
    assert "--bump works on a project" in result.stderr


def test_build_refuses_a_stale_package(project: Path, tmp_path: Path) -> None:
    spec = project / "specs" / "feather.yaml"
    spec.write_text(
        spec.read_text().replace("summary: List the calling org's connections", "summary: Stale")
    )
    result = run_cli(project, "build", "--outdir", str(tmp_path / "dist"))
    assert result.exit_code == 3
    assert "stale; run `clientgen generate` first" in result.output
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())
