"""Golden trees and IR snapshots of the small specs in tests/specs.

For each spec, the whole package the generator writes for it alone (`clientgen generate SPEC
--output DIR --package p_<name>`) is committed under `tests/golden/trees/<name>/`, and the IR
the templates were rendered from is committed as JSON under `tests/golden/ir/<name>.json`.
The shared runtime (the modules copied verbatim from templates/runtime into every package) is
not committed again: each tree holds only the rest, and `expected_files()` puts the modules of
templates/runtime back in its package. `tests/golden/test_golden.py` compares both
byte for byte; `make golden` (this module run as a
script, then the CLI snapshots) rewrites them after a deliberate change.

The IR is serialised by a generic walk over dataclasses, enums, mappings and sequences, so it
keeps working whatever the IR's classes look like.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import enum
import json
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any
from unittest import mock

TESTS = Path(__file__).resolve().parents[1]
SPECS = TESTS / "specs"
GOLDEN = TESTS / "golden"
TREES = GOLDEN / "trees"
IR = GOLDEN / "ir"
# The runtime every package gets a verbatim copy of: its source is what the trees expect.
RUNTIME = TESTS.parent / "templates" / "runtime"

# Options a spec is generated with, beside `--output` and `--package`.
OPTIONS: dict[str, tuple[str, ...]] = {
    # Most of its schemas are used by no operation: kept, they take it above the split threshold.
    "graph.yaml": ("--all-models",),
    # Cookie parameters and multipart bodies are left out until the generator sends them.
    "wire.yaml": ("--lenient",),
}

MANIFEST = ".clientgen-manifest.json"
# The manifest's `inputs` hash the generator's own source and tool versions: they change with
# every edit of the generator, even one that changes no output, so they are left out.
NORMALISED_INPUTS = "<hashes of the inputs: not compared>"


def spec_paths() -> list[Path]:
    return sorted(SPECS.glob("*.yaml"))


def package_name(spec: Path) -> str:
    return "p_" + spec.stem


def runtime_names() -> list[str]:
    """The modules of the shared runtime, as the generator copies them into every package."""
    return sorted(path.name for path in RUNTIME.glob("*.py"))


def runtime_files() -> dict[str, bytes]:
    """The runtime modules by file name, as every package must hold them."""
    return {name: (RUNTIME / name).read_bytes() for name in runtime_names()}


def split_runtime(
    package: str, files: dict[str, bytes]
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """`files` of one generated tree as (its own files, its runtime modules by file name)."""
    names = set(runtime_names())
    own: dict[str, bytes] = {}
    runtime: dict[str, bytes] = {}
    for rel, data in files.items():
        folder, _, name = rel.rpartition("/")
        if folder == package and name in names:
            runtime[name] = data
        else:
            own[rel] = data
    return own, runtime


def expected_files(name: str) -> dict[str, bytes]:
    """Every file the golden tree of spec `name` stands for: its own files under `TREES/name`
    and the shared runtime of `RUNTIME`, placed in its package."""
    files = read_tree(TREES / name)
    package = "p_" + name
    for module, data in runtime_files().items():
        files[f"{package}/{module}"] = data
    return dict(sorted(files.items()))


@dataclass
class Generated:
    files: dict[str, bytes]  # path relative to the output folder -> bytes (normalised)
    ir: Any  # the IR the API's files were rendered from; None when it could not be captured

    def __repr__(self) -> str:  # shown by pytest beside a failure: keep it short
        return f"Generated({len(self.files)} files)"


def generate(spec: Path, workdir: Path) -> Generated:
    """Generate `spec` alone into `workdir/out` through the CLI, in-process, and capture the IR
    handed to the renderer. The spec is copied into `workdir` and named relative to it, so
    nothing in the output depends on where this checkout is."""
    from click.testing import CliRunner

    from generator import _render
    from generator.cli import main

    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(spec, workdir / spec.name)
    captured: list[Any] = []
    # The IR is taken where the renderer receives it; without that hook the trees are still
    # compared, and the IR tests say what to mend here.
    original = getattr(_render.Renderer, "model_files", None)

    def capture(self: Any, api: Any, *args: Any, **kwargs: Any) -> Any:
        captured.append(api)
        assert original is not None
        return original(self, api, *args, **kwargs)

    args = ["generate", spec.name, "--output", "out", "--package", package_name(spec)]
    args += OPTIONS.get(spec.name, ())
    old = Path.cwd()
    os.chdir(workdir)
    try:
        with contextlib.ExitStack() as stack:
            if original is not None:
                stack.enter_context(mock.patch.object(_render.Renderer, "model_files", capture))
            result = CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)
    if result.exit_code != 0:
        raise AssertionError(
            f"generating {spec.name} failed ({result.exit_code}):\n{result.output}"
        )
    files = {rel: normalise(rel, data) for rel, data in read_tree(workdir / "out").items()}
    return Generated(files=files, ir=captured[0] if len(captured) == 1 else None)


# What tools leave in a tree they run on (ruff over the repository, Python importing it); git
# ignores the same (.gitignore).
_CACHES = {"__pycache__", ".ruff_cache", ".mypy_cache", ".pytest_cache", ".hypothesis"}


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by POSIX path, tool caches aside."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not _CACHES.intersection(path.relative_to(folder).parts)
        and not path.name.endswith((".pyc", ".egg-info"))
        and not any(part.endswith(".egg-info") for part in path.relative_to(folder).parts)
    }


def normalise(rel: str, data: bytes) -> bytes:
    if rel != MANIFEST:
        return data
    manifest = json.loads(data)
    inputs = manifest.get("inputs", {})
    manifest["inputs"] = {
        "shared": NORMALISED_INPUTS,
        "apis": dict.fromkeys(inputs.get("apis", {}), NORMALISED_INPUTS),
    }
    return (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()


# --- the IR as JSON ---------------------------------------------------------------------------


def to_jsonable(value: Any, where: str = "$", _open: frozenset[int] = frozenset()) -> Any:
    """A JSON value for `value`: dataclasses and plain objects become objects tagged with their
    class, enums their class and member name, tuples and lists arrays, sets sorted arrays,
    mappings objects (in their own order), paths POSIX strings. `where` is the JSON path shown
    in errors."""
    if isinstance(value, enum.Enum):  # before str and int: StrEnum and IntEnum are both
        return {"__enum__": f"{type(value).__name__}.{value.name}"}
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, PurePath):
        return value.as_posix()
    if isinstance(value, bytes):
        return {"__bytes__": value.hex()}
    if isinstance(value, type):
        return {"__type__": f"{value.__module__}.{value.__qualname__}"}
    if id(value) in _open:
        raise TypeError(f"{where}: cannot snapshot a cycle (a value that contains itself)")
    inner = _open | {id(value)}
    if dataclasses.is_dataclass(value):
        out: dict[str, Any] = {"__class__": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = to_jsonable(getattr(value, f.name), f"{where}.{f.name}", inner)
        return out
    if isinstance(value, Mapping):
        return {_key(k): to_jsonable(v, f"{where}[{_key(k)!r}]", inner) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v, f"{where}[{i}]", inner) for i, v in enumerate(value)]
    if isinstance(value, set | frozenset):
        items = [to_jsonable(v, f"{where}{{}}", inner) for v in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    attributes = _attributes(value)
    if attributes is not None:
        out = {"__class__": type(value).__name__}
        for name, item in attributes.items():
            out[name] = to_jsonable(item, f"{where}.{name}", inner)
        return out
    raise TypeError(f"{where}: cannot snapshot a {type(value).__qualname__}: {value!r}")


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    return json.dumps(to_jsonable(key), sort_keys=True)


def _attributes(value: Any) -> dict[str, Any] | None:
    """The public attributes of a plain object, from `__dict__` or `__slots__`."""
    if hasattr(value, "__dict__"):
        return {k: v for k, v in vars(value).items() if not k.startswith("_")}
    slots = [
        name
        for cls in type(value).__mro__
        for name in getattr(cls, "__slots__", ())
        if not name.startswith("_")
    ]
    if slots:
        return {name: getattr(value, name) for name in slots if hasattr(value, name)}
    return None


def ir_json(ir: Any) -> bytes:
    text = json.dumps(to_jsonable(ir), indent=1, ensure_ascii=False) + "\n"
    return text.encode("utf-8")


# --- comparing --------------------------------------------------------------------------------


def tree_differences(
    expected: dict[str, bytes], actual: dict[str, bytes], max_lines: int = 40
) -> str:
    """Empty when the trees are equal; else which files are missing, extra or different, with
    a unified diff of each different file (at most `max_lines` lines each)."""
    report: list[str] = []
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    if missing:
        report.append("missing (in the golden tree, not generated): " + ", ".join(missing))
    if extra:
        report.append("extra (generated, not in the golden tree): " + ", ".join(extra))
    for rel in sorted(set(expected) & set(actual)):
        if expected[rel] != actual[rel]:
            report.append(
                f"different: {rel}\n" + text_diff(expected[rel], actual[rel], rel, max_lines)
            )
    return "\n".join(report)


def text_diff(expected: bytes, actual: bytes, name: str, max_lines: int = 40) -> str:
    try:
        old_text, new_text = expected.decode("utf-8"), actual.decode("utf-8")
    except UnicodeDecodeError:
        return f"  (binary: {len(expected)} bytes expected, {len(actual)} generated)\n"
    if old_text.splitlines() == new_text.splitlines():
        return "  (the files differ only in line endings or a final newline)\n"
    old, new = old_text.splitlines(keepends=True), new_text.splitlines(keepends=True)
    lines = list(difflib.unified_diff(old, new, f"golden/{name}", f"generated/{name}"))
    shown = "".join(line if line.endswith("\n") else line + "\n" for line in lines[:max_lines])
    if len(lines) > max_lines:
        shown += f"  ... {len(lines) - max_lines} more diff lines\n"
    return shown


# --- updating ---------------------------------------------------------------------------------


def write_tree(folder: Path, files: dict[str, bytes]) -> None:
    if folder.exists():
        shutil.rmtree(folder)  # files the generator no longer writes go too
    for rel, data in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def update() -> None:
    """Rewrite every golden tree and IR snapshot; remove those of specs that are gone."""
    specs = spec_paths()
    names = {spec.stem for spec in specs}
    IR.mkdir(parents=True, exist_ok=True)
    TREES.mkdir(parents=True, exist_ok=True)
    for stale in sorted(TREES.iterdir()):
        if stale.name not in names:
            shutil.rmtree(stale)
    for stale in sorted(IR.glob("*.json")):
        if stale.stem not in names:
            stale.unlink()
    shared = runtime_files()
    with tempfile.TemporaryDirectory() as tmp:
        for spec in specs:
            generated = generate(spec, Path(tmp) / spec.stem)
            if generated.ir is None:
                raise SystemExit(f"{spec.name}: the IR was not captured (see generate())")
            own, runtime = split_runtime(package_name(spec), generated.files)
            if runtime != shared:
                differing = sorted(
                    name
                    for name in set(runtime) | set(shared)
                    if runtime.get(name) != shared.get(name)
                )
                raise SystemExit(
                    f"{spec.name}: the runtime written differs from templates/runtime in "
                    f"{', '.join(differing)}; the trees can no longer leave it out"
                )
            write_tree(TREES / spec.stem, own)
            (IR / f"{spec.stem}.json").write_bytes(ir_json(generated.ir))
            print(f"{spec.name}: {len(own)} files", file=sys.stderr)
    print(f"runtime: {len(shared)} files of templates/runtime, in every tree", file=sys.stderr)


if __name__ == "__main__":
    update()
