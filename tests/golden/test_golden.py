"""Golden trees: each spec in tests/specs generates exactly the committed package under
tests/golden/trees/ (every file byte for byte, none missing, none extra; the runtime modules,
the same in every package, against their source in templates/runtime/), from exactly the IR
committed under tests/golden/ir/. After a deliberate change, `make golden` rewrites them; the
diff then shows what the change did to the generated code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator._split import SPLIT_ABOVE
from generator.parse import GROUP_THRESHOLD

from ._golden import (
    IR,
    RUNTIME,
    TREES,
    Generated,
    expected_files,
    generate,
    ir_json,
    package_name,
    read_tree,
    runtime_names,
    spec_paths,
    split_runtime,
    text_diff,
    to_jsonable,
    tree_differences,
)

SPECS = spec_paths()
UPDATE = "run `make golden` to accept the change, and review the diff of tests/golden/"

# One worker generates every spec once; the tree and IR tests share the result.
pytestmark = pytest.mark.xdist_group("golden")
_cache: dict[str, Generated] = {}


@pytest.fixture
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Generated:
    spec: Path = request.param
    if spec.name not in _cache:
        _cache[spec.name] = generate(spec, tmp_path_factory.mktemp(spec.stem))
    return _cache[spec.name]


def _ids(spec: Path) -> str:
    return spec.stem


@pytest.mark.parametrize("generated", SPECS, ids=_ids, indirect=True)
def test_generated_tree_is_the_golden_tree(
    generated: Generated, request: pytest.FixtureRequest
) -> None:
    name = request.node.callspec.id
    golden = TREES / name
    assert golden.is_dir(), f"no golden tree for {name}.yaml: {UPDATE}"
    differences = tree_differences(expected_files(name), generated.files)
    assert not differences, (
        f"{name}.yaml no longer generates its golden tree ({UPDATE}):\n{differences}"
    )


@pytest.mark.parametrize("generated", SPECS, ids=_ids, indirect=True)
def test_ir_is_the_snapshot(generated: Generated, request: pytest.FixtureRequest) -> None:
    name = request.node.callspec.id
    snapshot = IR / f"{name}.json"
    assert snapshot.is_file(), f"no IR snapshot for {name}.yaml: {UPDATE}"
    assert generated.ir is not None, (
        "the IR was not captured: tests/golden/_golden.py takes it where the renderer receives it"
    )
    actual = ir_json(generated.ir)
    expected = snapshot.read_bytes()
    assert actual == expected, f"the IR of {name}.yaml changed ({UPDATE}):\n" + text_diff(
        expected, actual, f"ir/{name}.json", max_lines=80
    )


def test_every_golden_tree_has_its_spec() -> None:
    names = {spec.stem for spec in SPECS}
    assert sorted(p.name for p in TREES.iterdir()) == sorted(names), UPDATE
    assert sorted(p.stem for p in IR.glob("*.json")) == sorted(names), UPDATE


def test_runtime_is_not_stored_again() -> None:
    """No tree keeps a copy of the runtime: the trees expect templates/runtime's modules."""
    assert runtime_names(), RUNTIME
    for spec in SPECS:
        own, runtime = split_runtime(package_name(spec), read_tree(TREES / spec.stem))
        assert runtime == {}, f"{spec.stem}: a copy of {sorted(runtime)} in its tree; {UPDATE}"
        assert own


def test_expected_files_put_the_runtime_back_in_the_package() -> None:
    files = expected_files("tiny")
    for module in runtime_names():
        assert files[f"p_tiny/{module}"] == (RUNTIME / module).read_bytes()
    assert "p_tiny/_client.py" in files
    assert "p_tiny/py.typed" in files


def test_golden_trees_pass_ruff() -> None:
    """Under the generated package's own ruff settings (its pyproject.toml)."""
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "."],
            cwd=TREES,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_synthetic_specs_are_above_the_thresholds() -> None:
    """big.yaml and graph.yaml exist to cover resources and split models: they must stay above
    the thresholds the generator uses, whatever those become."""
    big = yaml.safe_load((TREES.parents[1] / "specs" / "big.yaml").read_text())
    operations = [op for item in big["paths"].values() for op in item.values()]
    assert len(operations) > GROUP_THRESHOLD
    assert (TREES / "big" / "p_big" / "resources").is_dir()
    graph = yaml.safe_load((TREES.parents[1] / "specs" / "graph.yaml").read_text())
    assert len(graph["components"]["schemas"]) > SPLIT_ABOVE
    models = TREES / "graph" / "p_graph" / "models"
    assert len(list(models.glob("_*.py"))) > SPLIT_ABOVE


# --- the comparison and the serialiser themselves ----------------------------------------------


def test_tree_differences_names_missing_extra_and_changed_files() -> None:
    expected = {"a.py": b"x = 1\ny = 2\n", "gone.py": b"", "same.txt": b"s"}
    actual = {"a.py": b"x = 1\ny = 3\n", "new.py": b"", "same.txt": b"s"}
    report = tree_differences(expected, actual)
    assert "missing (in the golden tree, not generated): gone.py" in report
    assert "extra (generated, not in the golden tree): new.py" in report
    assert "different: a.py" in report
    assert "-y = 2\n+y = 3\n" in report
    assert "same.txt" not in report
    assert tree_differences(expected, dict(expected)) == ""
    assert "line endings" in tree_differences({"a": b"x\n"}, {"a": b"x\r\n"})


def test_serialiser_is_generic_and_deterministic() -> None:
    import dataclasses
    import enum

    class Colour(enum.Enum):
        RED = "r"

    @dataclasses.dataclass(frozen=True)
    class Inner:
        values: tuple[int, ...]
        tags: frozenset[str]

    @dataclasses.dataclass
    class Outer:
        name: str
        colour: Colour
        inner: Inner
        by_name: dict[str, Inner | None]
        path: Path

    class Plain:
        def __init__(self) -> None:
            self.kept = 1
            self._hidden = 2

    class Level(enum.IntEnum):
        HIGH = 2

    @dataclasses.dataclass
    class Loop:
        items: list[object]

    value = Outer(
        "o",
        Colour.RED,
        Inner((1, 2), frozenset({"b", "a", "c"})),
        {"z": None, "a": Inner((), frozenset())},
        Path("x") / "y.yaml",
    )
    assert to_jsonable(value) == {
        "__class__": "Outer",
        "name": "o",
        "colour": {"__enum__": "Colour.RED"},
        "inner": {"__class__": "Inner", "values": [1, 2], "tags": ["a", "b", "c"]},
        "by_name": {"z": None, "a": {"__class__": "Inner", "values": [], "tags": []}},
        "path": "x/y.yaml",
    }
    assert to_jsonable(Plain()) == {"__class__": "Plain", "kept": 1}
    assert to_jsonable({Level.HIGH: Level.HIGH}) == {
        '{"__enum__": "Level.HIGH"}': {"__enum__": "Level.HIGH"}
    }
    shared = Inner((), frozenset())
    assert to_jsonable([shared, shared]) == [to_jsonable(shared)] * 2  # shared is not a cycle
    loop = Loop([])
    loop.items.append(loop)
    with pytest.raises(TypeError, match=r"\$\.items\[0\]: cannot snapshot a cycle"):
        to_jsonable(loop)
    assert ir_json(value) == ir_json(value)
    with pytest.raises(TypeError, match=r"\$\['x'\]\[0\]: cannot snapshot"):
        to_jsonable({"x": [object()]}, "$")
