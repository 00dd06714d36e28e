"""The generator on a sample of the APIs.guru directory: 150 public specs and the largest ones.

Opt-in (marker `corpus`; deselected unless `-m corpus` or CLIENTGEN_CORPUS=1; about an hour
and a half on two busy cores):

    .venv/bin/python -m pytest -n 0 -m corpus tests/e2e/test_corpus_directory.py

The specs are those listed in tests/e2e/directory_sample.txt (drawn by tests/e2e/_directory.py with a
fixed seed; `test_sample_list_is_current` checks the list against the package). Each spec is
generated once per run, strict where `clientgen validate` accepts it and `--lenient` otherwise,
with `--all-models`; one test per spec checks that it generates, that every warning names a
pointer of the spec, that every module imports and every model builds, and that ruff accepts
the output. One mypy --strict run then covers every package of the 150-spec sample (a shared
cache, one process), and pyright strict a subset of fifteen.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .._servers import PYRIGHT, ROOT
from . import _directory as directory
from ._corpus import (
    Generation,
    NpmPackage,
    _env,
    _run,
    _tail,
    check_output,
    check_pointers,
    generate,
    load_document,
    npm_tarball,
)

pytestmark = [pytest.mark.corpus, pytest.mark.network, pytest.mark.xdist_group("corpus")]

PACKAGE = NpmPackage(directory.NAME, directory.VERSION, directory.INTEGRITY)
NAMES = directory.read_list()
# Every tenth spec of the sample for pyright (which is slower than mypy on large packages).
PYRIGHT_SUBSET = NAMES[: directory.COUNT : 10]


@dataclass
class Outcome:
    generation: Generation
    strict: bool


class Outputs:
    """Each spec generated once per test session, on first use."""

    def __init__(self, tarball: Path, base: Path) -> None:
        self.tarball = tarball
        self.base = base
        self.done: dict[str, Outcome] = {}
        self._sources: dict[str, bytes] = {}

    def source(self, name: str) -> Path:
        if not self._sources:
            self._sources = dict(directory.members(self.tarball, NAMES))
        path = self.base / directory.slug(name) / f"{directory.slug(name)}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self._sources[name])
        return path

    def get(self, name: str) -> Outcome:
        if name not in self.done:
            spec = self.source(name)
            work = spec.parent
            valid = _run(
                [sys.executable, "-m", "generator", "validate", str(spec), "--quiet"],
                work,
                900,
                _env(PYTHONPATH=str(ROOT)),
            )
            strict = valid.returncode == 0
            gen = generate(spec, work, directory.slug(name), lenient=not strict, timeout=1800)
            self.done[name] = Outcome(gen, strict)
        return self.done[name]


@pytest.fixture(scope="session")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outputs]:
    cache = tmp_path_factory.mktemp("directory-npm")
    yield Outputs(npm_tarball(PACKAGE, cache), tmp_path_factory.mktemp("directory"))


@pytest.mark.parametrize("name", NAMES)
def test_directory_spec(name: str, outputs: Outputs, tmp_path: Path) -> None:
    outcome = outputs.get(name)
    gen = outcome.generation
    mode = "strict" if outcome.strict else "--lenient"
    assert gen.returncode == 0, f"({mode}) {gen.describe()}"
    assert "Traceback" not in gen.stderr, gen.describe()
    check_pointers(gen.warnings, load_document(gen.spec), "warning")
    assert gen.operations > 0, gen.stdout
    check_output(gen, tmp_path / "mypy-cache", mypy=False)


def _generated(outputs: Outputs, names: list[str]) -> list[Generation]:
    found = [outputs.get(name).generation for name in names]
    return [gen for gen in found if gen.returncode == 0]


def test_directory_mypy_strict(outputs: Outputs, tmp_path: Path) -> None:
    """One mypy --strict over every package of the 150-spec sample (the largest specs aside:
    GitHub's alone is 1,600 modules; a failed spec fails its own test)."""
    generations = _generated(outputs, NAMES[: directory.COUNT])
    assert generations
    args = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache")]
    args += ["--no-color-output", "--show-error-codes", "--no-error-summary"]
    for gen in generations:
        args += ["-p", gen.package]
    mypypath = os.pathsep.join(str(gen.output) for gen in generations)
    result = _run(args, tmp_path, 7200, _env(MYPYPATH=mypypath))
    assert result.returncode == 0, (
        f"mypy --strict over {len(generations)} packages:\n{_tail(result.stdout + result.stderr)}"
    )


def test_directory_pyright_strict(outputs: Outputs, tmp_path: Path) -> None:
    """pyright strict over fifteen packages of the sample, in one run."""
    if not PYRIGHT.exists():
        pytest.fail("node_modules/.bin/pyright is missing: run `npm ci`")
    generations = _generated(outputs, PYRIGHT_SUBSET)
    assert len(generations) == len(PYRIGHT_SUBSET)
    config = tmp_path / "pyrightconfig.json"
    config.write_text(
        json.dumps(
            {
                "typeCheckingMode": "strict",
                "pythonVersion": "3.11",
                # pyright wants paths relative to its configuration file
                "include": [
                    os.path.relpath(gen.output / gen.package, tmp_path) for gen in generations
                ],
                "extraPaths": [os.path.relpath(gen.output, tmp_path) for gen in generations],
            }
        )
    )
    result = _run(
        [str(PYRIGHT), "-p", str(config), "--pythonpath", sys.executable, "--outputjson"],
        tmp_path,
        3600,
    )
    report = json.loads(result.stdout)
    assert report["summary"]["filesAnalyzed"] > 30 * len(generations), report["summary"]
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    shown = "\n".join(
        f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']} ({d.get('rule')})"
        for d in errors[:40]
    )
    assert not errors, f"pyright strict: {len(errors)} errors\n{shown}"


def test_sample_list_is_current(outputs: Outputs) -> None:
    """The committed list is what tests/e2e/_directory.py draws from the package."""
    drawn = directory.draw(directory.catalogue(outputs.tarball))
    assert directory.read_list()[: directory.COUNT] == drawn
    assert len(drawn) == directory.COUNT
    assert set(directory.LARGEST) <= set(directory.read_list())
