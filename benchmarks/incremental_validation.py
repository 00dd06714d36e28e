"""Incremental validation on GitHub's REST description (13 MB, 1,223 operations): what
validating costs cold, and after one small edit with the cache warm from the unedited spec,
beside today's whole-document validation.

Validation here is `check_content` (openapi-spec-validator and the lint rules, error rules
reported as warnings as for a spec generated alone), in this process, CPU and wall time,
`--rounds` rounds with the modes interleaved, medians printed. The edits:

- (a) one leaf schema's description (a component schema with no `$ref`, referenced once);
- (b) one operation's description (`GET /repos/{owner}/{repo}`);
- (c) a new property on `simple-user`, which hundreds of schemas and operations reach.

Then `clientgen generate gh.json -o out -p gh -v` (in a subprocess, its own cache folder),
whole and incremental, the stage timings it prints: cold, then after edit (a).

Run from the repository root: `python benchmarks/incremental_validation.py [--rounds 3]
[--skip-generate]`. The spec is fetched as `github_scale.py` does.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from github_scale import github_spec  # noqa: E402

from generator import _cache  # noqa: E402
from generator._lint import errors_as_warnings  # noqa: E402
from generator._load import load_spec  # noqa: E402
from generator._validate import check_content, check_document  # noqa: E402
from generator.parse import Diagnostics  # noqa: E402

Edit = Callable[[dict[str, Any]], None]


def leaf_schema(data: dict[str, Any]) -> str:
    """A component schema with no `$ref` inside that exactly one other part references."""
    text = json.dumps(data)
    for name, schema in data["components"]["schemas"].items():
        if "$ref" in json.dumps(schema) or "description" not in schema:
            continue
        if text.count(f'"#/components/schemas/{name}"') == 1:
            return str(name)
    raise SystemExit("no leaf schema found")


def edits(data: dict[str, Any]) -> dict[str, Edit]:
    leaf = leaf_schema(data)

    def a(d: dict[str, Any]) -> None:
        d["components"]["schemas"][leaf]["description"] += " (edited)"

    def b(d: dict[str, Any]) -> None:
        d["paths"]["/repos/{owner}/{repo}"]["get"]["description"] += " (edited)"

    def c(d: dict[str, Any]) -> None:
        d["components"]["schemas"]["simple-user"]["properties"]["pronouns"] = {"type": "string"}

    return {
        f"(a) leaf schema {leaf!r} description": a,
        "(b) operation description": b,
        "(c) new property on simple-user": c,
    }


def validate(text: str, incremental: bool) -> tuple[float, float, list[str]]:
    """CPU and wall seconds of `check_content` on `text`, and its warnings."""
    spec = load_spec(Path("gh.json"), "gh.json", text.encode())
    diagnostics = Diagnostics.for_policy(spec, False)
    left_out = check_document(spec, diagnostics)
    cpu, wall = time.process_time(), time.perf_counter()
    found = check_content(
        spec, left_out, diagnostics, lint=errors_as_warnings(), incremental=incremental
    )
    return time.process_time() - cpu, time.perf_counter() - wall, [str(f) for f in found]


def in_cache(folder: Path, run: Callable[[], Any]) -> Any:
    os.environ["CLIENTGEN_CACHE_DIR"] = str(folder)
    try:
        return run()
    finally:
        del os.environ["CLIENTGEN_CACHE_DIR"]


def bench_validation(base: dict[str, Any], rounds: int, scratch: Path) -> None:
    texts = {"unedited": json.dumps(base, indent=2)}
    for label, edit in edits(base).items():
        edited = copy.deepcopy(base)
        edit(edited)
        texts[label] = json.dumps(edited, indent=2)
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    reference: dict[str, list[str]] = {}
    for round_ in range(rounds):
        for label, text in texts.items():
            cpu, wall, found = validate(text, incremental=False)
            times.setdefault((label, "whole"), []).append((cpu, wall))
            reference[label] = found
        warm = scratch / "warm"
        shutil.rmtree(warm, ignore_errors=True)
        cpu, wall, found = in_cache(warm, lambda: validate(texts["unedited"], True))
        assert found == reference["unedited"], "incremental findings differ (cold)"
        times.setdefault(("unedited", "incremental, cold"), []).append((cpu, wall))
        cpu, wall, found = in_cache(warm, lambda: validate(texts["unedited"], True))
        assert found == reference["unedited"], "incremental findings differ (warm)"
        times.setdefault(("unedited", "incremental, warm"), []).append((cpu, wall))
        for label, text in texts.items():
            if label == "unedited":
                continue
            copy_of = scratch / "edit"
            shutil.rmtree(copy_of, ignore_errors=True)
            shutil.copytree(warm, copy_of)
            cpu, wall, found = in_cache(copy_of, lambda text=text: validate(text, True))
            assert found == reference[label], f"incremental findings differ after {label}"
            times.setdefault((label, "incremental, warm from unedited"), []).append((cpu, wall))
        print(f"round {round_ + 1}/{rounds} done", file=sys.stderr, flush=True)
    print(f"\nValidation (check_content: openapi-spec-validator + lint), medians of {rounds}:")
    print(f"{'spec':45} {'mode':34} {'CPU s':>7} {'wall s':>7}")
    for (label, mode), samples in times.items():
        cpu = statistics.median(s[0] for s in samples)
        wall = statistics.median(s[1] for s in samples)
        print(f"{label:45} {mode:34} {cpu:7.2f} {wall:7.2f}")
    print("(findings of every incremental run equal to the whole run's: checked)")


_GENERATE = """
import sys
from generator import _cache
if sys.argv[1] == "whole":
    _cache.INCREMENTAL_BYTES = 10**12
sys.argv = ["clientgen", "generate", "gh.json", "-o", "out", "-p", "gh", "-v"]
from generator.cli import main
main()
"""


def generate(folder: Path, mode: str) -> dict[str, float]:
    env = {**os.environ, "CLIENTGEN_CACHE_DIR": str(folder / "cache")}
    env["PYTHONPATH"] = str(ROOT)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _GENERATE, mode],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    total = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stdout[-2000:] + result.stderr[-2000:])
    stages = {"total (wall)": total}
    for name, seconds in re.findall(
        r"^  ([a-z ()]+): ([0-9.]+) s$", result.stdout + result.stderr, re.M
    ):
        stages[name] = float(seconds)
    return stages


def bench_generate(base: dict[str, Any], scratch: Path) -> None:
    (label, edit), *_ = edits(base).items()
    edited = copy.deepcopy(base)
    edit(edited)
    rows: dict[str, dict[str, float]] = {}
    for mode in ("whole", "incremental"):
        folder = scratch / f"gen-{mode}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        (folder / "gh.json").write_text(json.dumps(base, indent=2))
        rows[f"{mode}, cold"] = generate(folder, mode)
        (folder / "gh.json").write_text(json.dumps(edited, indent=2))
        rows[f"{mode}, after {label[:3]}"] = generate(folder, mode)
    stages = list(dict.fromkeys(s for row in rows.values() for s in row))
    print("\n`clientgen generate gh.json -o out -p gh -v` stage timings (s), one run each:")
    print(f"{'run':28}" + "".join(f"{s:>18}" for s in stages))
    for run, row in rows.items():
        print(f"{run:28}" + "".join(f"{row.get(s, float('nan')):18.2f}" for s in stages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args()
    base = json.loads(github_spec().read_text(encoding="utf-8"))
    assert len(json.dumps(base)) > _cache.INCREMENTAL_BYTES
    with tempfile.TemporaryDirectory() as tmp:
        bench_validation(base, args.rounds, Path(tmp))
        if not args.skip_generate:
            bench_generate(base, Path(tmp))


if __name__ == "__main__":
    main()
