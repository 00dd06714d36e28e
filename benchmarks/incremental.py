"""Regeneration after a one-line edit of GitHub's REST description, with the cache warm, beside
a cold generation of the edited spec and the peer's (openapi-python-client 0.29, which has no
cache: it always generates the whole spec).

For each kind of edit: the cache and the output are those a generation of the unedited spec
left (the first run, timed as "cold, cache filling"); clientgen then generates the edited spec
("edit, warm"), and its output is compared byte for byte with a cold generation of the edited
spec (cache off). Strict validation, as a project runs it.

Run from the repository root: `python benchmarks/incremental.py [--skip-peer] [--only NAME]`.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _peer import peer_command
from github_scale import github_spec

Spec = dict[str, Any]
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _rename(spec: Spec, old: str, new: str) -> None:
    text = json.dumps(spec)
    text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    schemas = json.loads(text)["components"]["schemas"]
    renamed = {new if k == old else k: v for k, v in schemas.items()}
    spec.clear()
    spec.update(json.loads(text))
    spec["components"]["schemas"] = renamed


def _new_operation(spec: Spec) -> None:
    spec["paths"]["/meta/clientgen-probe"] = {
        "get": {
            "operationId": "meta/clientgen-probe",
            "summary": "A probe",
            "tags": ["meta"],
            "responses": {
                "200": {
                    "description": "Response",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/api-overview"}
                        }
                    },
                }
            },
        }
    }


def _set(path: list[str], value: Any) -> Callable[[Spec], None]:
    def edit(spec: Spec) -> None:
        node = spec
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return edit


EDITS: dict[str, Callable[[Spec], None]] = {
    "operation description": _set(["paths", "/meta", "get", "description"], "Edited."),
    "new operation": _new_operation,
    "schema description": _set(
        ["components", "schemas", "hook-delivery-item", "description"], "Edited."
    ),
    "new property": _set(
        ["components", "schemas", "code-of-conduct", "properties", "edited"], {"type": "string"}
    ),
    "renamed schema": lambda spec: _rename(spec, "hook-delivery-item", "webhook-delivery-item"),
    "hub schema (simple-user)": _set(
        ["components", "schemas", "simple-user", "properties", "edited"], {"type": "string"}
    ),
}


def clientgen(spec: Path, output: Path, cache: Path | None) -> float:
    env = {**_ENV, "CLIENTGEN_CACHE_DIR": str(cache) if cache else "off"}
    cmd = [sys.executable, "-m", "generator", "generate", str(spec), "--quiet"]
    start = time.perf_counter()
    subprocess.run([*cmd, "-o", str(output), "-p", "gh"], env=env, check=True)
    return time.perf_counter() - start


def peer(spec: Path, output: Path) -> float:
    start = time.perf_counter()
    subprocess.run(peer_command(spec, output), capture_output=True, env=_ENV, check=False)
    return time.perf_counter() - start


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--only", action="append", help="an edit's name (repeatable)")
    args = parser.parse_args()
    original: Spec = json.loads(github_spec().read_text())
    edits = {k: v for k, v in EDITS.items() if not args.only or k in args.only}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        base_spec = tmp / "base" / "api.github.com.json"
        base_spec.parent.mkdir()
        base_spec.write_text(json.dumps(original, indent=2))
        filled = clientgen(base_spec, tmp / "base" / "out", tmp / "base" / "cache")
        print(f"clientgen, cold, cache filling: {filled:.1f} s")
        print(
            f"{'edit':<26} {'clientgen, edit, warm':>22} {'clientgen, cold':>16} "
            f"{'peer':>6} {'warm/peer':>10} {'identical':>10}"
        )
        for name, edit in edits.items():
            work = tmp / name.replace(" ", "-").replace("(", "").replace(")", "")
            shutil.copytree(tmp / "base", work)
            edited = copy.deepcopy(original)
            edit(edited)
            spec = work / "api.github.com.json"
            spec.write_text(json.dumps(edited, indent=2))
            warm = clientgen(spec, work / "out", work / "cache")
            cold = clientgen(spec, work / "cold", None)
            same = digest(work / "out") == digest(work / "cold")
            if args.skip_peer:
                peer_column, ratio = f"{'-':>6}", f"{'-':>10}"
            else:
                peer_time = peer(spec, work / "peer")
                peer_column, ratio = f"{peer_time:5.1f}s", f"{warm / peer_time:9.2f}x"
            print(
                f"{name:<26} {warm:20.2f} s {cold:14.1f} s {peer_column} {ratio} "
                f"{'yes' if same else 'NO':>10}",
                flush=True,
            )
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
