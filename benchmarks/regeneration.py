"""Regeneration speed: the no-op `clientgen check` next to a bare `python -c "import click"`
in the same run, and a full generation of the project's specs.

Run from the repository root: `python benchmarks/regeneration.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# As users run it: with the bytecode of every module cached (a test runner's
# PYTHONDONTWRITEBYTECODE would make each run compile the generator's modules again).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _time(cmd: list[str], cwd: Path, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(cmd, cwd=cwd, capture_output=True, check=False, env=_ENV)
        samples.append(time.perf_counter() - start)
        if result.returncode not in (0,):
            raise SystemExit(
                f"{' '.join(cmd)} failed:\n{result.stdout.decode()}{result.stderr.decode()}"
            )
    return samples


def _fmt(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:7.1f} ms  (min {min(samples) * 1000:.1f}, max {max(samples) * 1000:.1f}, n={len(samples)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        shutil.copy2(ROOT / "pyproject.toml", project)
        shutil.copytree(ROOT / "specs", project / "specs")
        shutil.copytree(
            ROOT / "generated",
            project / "generated",
            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
        )
        py = sys.executable
        _time([py, "-m", "generator", "check", "--quiet"], project, 1)  # bytecode written
        # Interleave so that machine noise hits both alike.
        bare, noop = [], []
        for _ in range(args.runs):
            bare += _time([py, "-c", "import click"], project, 1)
            noop += _time([py, "-m", "generator", "check", "--quiet"], project, 1)
        full = _time(
            [py, "-m", "generator", "generate", "--force", "--quiet"],
            project,
            max(3, args.runs // 5),
        )
        spec_change = []
        spec = project / "specs" / "agentdrop.yaml"
        original = spec.read_text()
        for i in range(max(3, args.runs // 5)):
            spec.write_text(
                original.replace("summary: List connections", f"summary: List connections {i}")
            )
            spec_change += _time([py, "-m", "generator", "generate", "--quiet"], project, 1)
    ratio = statistics.median(noop) / statistics.median(bare)
    print("clientgen regeneration benchmark (3 specs)")
    print(f"  python -c 'import click'         {_fmt(bare)}")
    print(f"  clientgen check (no-op)          {_fmt(noop)}")
    print(f"  ratio no-op check / bare start   {ratio:.2f}x  (target: <= 1.5x)")
    print(f"  clientgen generate --force       {_fmt(full)}")
    print(f"  generate after one spec changed  {_fmt(spec_change)}")


if __name__ == "__main__":
    main()
