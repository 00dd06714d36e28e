"""Models after a schema edit (`_splice`): the model generator runs over the edited schemas,
those that refer to them and what these refer to, and their classes take the place of the
old ones; every edit writes exactly what a cold generation of the edited spec writes, whether
the classes were put in place or the guards sent the run to one pass over every schema."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import _splice, _store

from ..conftest import tree_digest
from .test_incremental import _generate

Spec = dict[str, Any]
REF = "#/components/schemas/"


def _spec() -> Spec:
    """Forty items, each owned by a `User` (a hub), with an inline enum, an inline object, a
    date; a `Tag` only `Item3` uses, and a map of constrained strings in `Item3` (a type
    alias); `Derived` built on `Base` with allOf, requiring `Base`'s `id`; a schema named as
    `Item5`'s inline enum would be; a `Team` that requires a `User`; a `Pet` that is a `Cat`
    or a `Dog` by a discriminator; a `Flag`, a boolean with a default, that `Item9` uses."""
    schemas: Spec = {
        "User": {
            "type": "object",
            "description": "Someone.",
            "properties": {"id": {"type": "integer"}, "login": {"type": "string"}},
        },
        "Tag": {"type": "object", "properties": {"name": {"type": "string"}}},
        # A wrapped scalar with a default, which a field typed by it takes.
        "Flag": {"type": "boolean", "default": False},
        "Base": {"type": "object", "properties": {"id": {"type": "integer"}}},
        # The name the model generator would give `Item5`'s inline enum, had it no schema.
        "Item5Kind": {"type": "string", "enum": ["x", "y"]},
        "Derived": {
            "allOf": [
                {"$ref": REF + "Base"},
                {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"extra": {"type": "string"}},
                },
            ]
        },
        "Team": {
            "type": "object",
            "required": ["lead"],
            "properties": {"lead": {"$ref": REF + "User"}, "name": {"type": "string"}},
        },
        "Cat": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}, "purrs": {"type": "boolean"}},
        },
        "Dog": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}, "barks": {"type": "boolean"}},
        },
        "Pet": {
            "oneOf": [{"$ref": REF + "Cat"}, {"$ref": REF + "Dog"}],
            "discriminator": {
                "propertyName": "kind",
                "mapping": {"cat": REF + "Cat", "dog": REF + "Dog"},
            },
        },
    }
    for i in range(40):
        properties: Spec = {
            "id": {"type": "integer"},
            "owner": {"$ref": REF + "User"},
            "kind": {"type": "string", "enum": ["a", "b", f"k{i}"]},
            "detail": {"type": "object", "properties": {"note": {"type": "string"}}},
            "label": {"type": "string"},
        }
        if i % 4 == 0:
            properties["when"] = {"type": "string", "format": "date"}
        if i == 9:
            properties["on"] = {"$ref": REF + "Flag"}
        if i == 3:
            properties["tag"] = {"$ref": REF + "Tag"}
            # The model generator writes a type alias for the map's constrained values.
            properties["labels"] = {
                "type": "object",
                "additionalProperties": {"type": "string", "maxLength": 5},
            }
        schemas[f"Item{i}"] = {"type": "object", "required": ["id"], "properties": properties}
    paths: Spec = {}
    for name in [*(f"Item{i}" for i in range(40)), "Derived", "Item5Kind", "Team", "Pet"]:
        paths[f"/{name.lower()}"] = {
            "get": {
                "operationId": f"get{name}",
                "responses": {
                    "200": {
                        "description": "It.",
                        "content": {"application/json": {"schema": {"$ref": REF + name}}},
                    }
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Items", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _props(spec: Spec, name: str) -> Spec:
    props: Spec = spec["components"]["schemas"][name]["properties"]
    return props


def _renamed(old: str, new: str) -> Callable[[Spec], None]:
    """Renames a schema in place (its references with it)."""

    def rename(spec: Spec) -> None:
        text = json.dumps(spec).replace(f'"{REF}{old}"', f'"{REF}{new}"')
        edited = json.loads(text)
        schemas = edited["components"]["schemas"]
        edited["components"]["schemas"] = {new if k == old else k: v for k, v in schemas.items()}
        spec.clear()
        spec.update(edited)

    return rename


def _swap_names(spec: Spec) -> None:
    _renamed("Tag", "Swap")(spec)
    _renamed("Base", "Tag")(spec)
    _renamed("Swap", "Base")(spec)


def _renamed_and_edited(spec: Spec) -> None:
    _renamed("Item8", "Thing8")(spec)
    _props(spec, "Thing8").update(size={"type": "integer"})


def _add_schema(spec: Spec) -> None:
    _props(spec, "Item7").update(more={"$ref": REF + "Extra"})
    spec["components"]["schemas"]["Extra"] = {"type": "object"}


# (edit, whether the classes are put in place: True, False, or None for either)
EDITS: dict[str, tuple[Callable[[Spec], None], bool | None]] = {
    "a leaf's description": (
        lambda s: s["components"]["schemas"]["Tag"].update(description="A label."),
        True,
    ),
    "a schema using a type alias": (
        lambda s: s["components"]["schemas"]["Item3"].update(description="Three."),
        True,
    ),
    # The smaller run gets the schemas the edited ones only name as stand-ins, but not
    # `Flag`, whose default `Item9` takes, nor `Base`, whose field `Derived` requires again.
    "a schema naming a wrapped scalar": (
        lambda s: s["components"]["schemas"]["Item9"].update(description="Nine."),
        True,
    ),
    "a subclass's description": (
        lambda s: s["components"]["schemas"]["Derived"].update(description="Derived."),
        True,
    ),
    "a new scalar property": (
        lambda s: _props(s, "Item8").update(size={"type": "integer"}),
        True,
    ),
    "a property's type": (lambda s: _props(s, "Item8").update(label={"type": "integer"}), True),
    "an inline enum's new value": (
        lambda s: _props(s, "Item8")["kind"]["enum"].append("c"),
        True,
    ),
    "a required property": (
        lambda s: s["components"]["schemas"]["Item6"].update(required=["id", "label"]),
        True,
    ),
    "a base of an allOf": (lambda s: _props(s, "Base").update(code={"type": "string"}), None),
    # The items and the team only name `User`: the smaller run writes `User` alone.
    "the hub": (lambda s: _props(s, "User").update(email={"type": "string"}), True),
    # ... unless what they may read of it changes: `Team` then writes `lead: User | None`.
    "the hub, made nullable": (
        lambda s: s["components"]["schemas"]["User"].update(type=["object", "null"]),
        None,
    ),
    # `Derived` writes again the `id` it requires, with `Base`'s type.
    "the type of a field a subclass requires": (
        lambda s: _props(s, "Base").update(id={"type": "string"}),
        None,
    ),
    # `Pet`'s discriminator writes `kind: Literal["cat"]` into `Cat`.
    "a model a discriminator names": (
        lambda s: _props(s, "Cat").update(age={"type": "integer"}),
        True,
    ),
    # Run alone, `Item5` names its enum `Item5Kind`; beside the schema of that name, `Item5Kind1`.
    "a name its smaller run gives otherwise": (
        lambda s: s["components"]["schemas"]["Item5"].update(description="Five."),
        False,
    ),
    "a new reference": (lambda s: _props(s, "Item8").update(tag={"$ref": REF + "Tag"}), False),
    "a field named like an import": (
        lambda s: _props(s, "Item6").update(date={"type": "string"}),
        False,
    ),
    "a new inline class": (
        lambda s: _props(s, "Item6").update(box={"type": "object", "properties": {}}),
        None,
    ),
    # Renamed in place: the class keeps its place, and `Item3`, which names it, runs again.
    "a renamed schema": (_renamed("Tag", "Label"), True),
    # Every item runs again, `Item5` too: as in "a name its smaller run gives otherwise".
    "a renamed hub": (_renamed("User", "Person"), False),
    # Its inline enum is named after it: `Item8Kind` becomes `Thing8Kind`.
    "a renamed schema owning a class named after it": (_renamed("Item8", "Thing8"), True),
    "a renamed and edited schema": (_renamed_and_edited, True),
    # `Item8`'s inline enum gives way to the schema now named as it was: one run.
    "a schema renamed as an inline class is named": (_renamed("Tag", "Item8Kind"), False),
    "two schemas swapping names": (_swap_names, False),
    "a new schema": (_add_schema, False),
}


@pytest.fixture
def splices(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Every splice's outcome (True: put in place), with the thresholds at this spec's size."""
    monkeypatch.setattr(_splice, "SPLICE_FROM", 10)
    monkeypatch.setattr(_splice, "MOST", 1.0)
    outcomes: list[bool] = []
    apply = _splice.Plan.apply

    def counted(self: Any, new_source: str) -> Any:
        done = apply(self, new_source)
        outcomes.append(done is not None)
        return done

    monkeypatch.setattr(_splice.Plan, "apply", counted)
    yield outcomes


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unedited spec generated with a cache: its output and cache, copied by each test."""
    root = tmp_path_factory.mktemp("base")
    mp = pytest.MonkeyPatch()
    mp.setattr(_splice, "SPLICE_FROM", 10)
    try:
        _generate(_spec(), root / "spec", root / "out", root / "cache")
    finally:
        mp.undo()
    return root


def _warm(base: Path, tmp_path: Path) -> tuple[Path, Path]:
    out, cache = tmp_path / "warm", tmp_path / "cache"
    shutil.copytree(base / "out", out)
    shutil.copytree(base / "cache", cache)
    return out, cache


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_writes_what_a_cold_run_writes(
    edit: str, base: Path, tmp_path: Path, splices: list[bool]
) -> None:
    change, spliced = EDITS[edit]
    edited = _spec()
    change(edited)
    assert edited != _spec()
    _generate(edited, tmp_path / "cold", tmp_path / "cold_out", "off")
    warm, cache = _warm(base, tmp_path)
    splices.clear()
    _generate(edited, tmp_path / "spec", warm, cache)
    assert tree_digest(warm) == tree_digest(tmp_path / "cold_out")
    if spliced is True:
        assert splices == [True]
    elif spliced is False:
        assert splices == [False] or splices == []


def test_edits_one_after_another_build_on_the_module_put_together(
    base: Path, tmp_path: Path, splices: list[bool]
) -> None:
    """Each run keeps what it made, put together or not, for the next edit."""
    warm, cache = _warm(base, tmp_path)
    spec = _spec()
    for step, edit in enumerate(["a leaf's description", "a new scalar property", "the hub"]):
        EDITS[edit][0](spec)
        cold = tmp_path / f"cold{step}"
        _generate(spec, tmp_path / f"c{step}", cold, "off")
        _generate(spec, tmp_path / "spec", warm, cache)
        assert tree_digest(warm) == tree_digest(cold)
    assert splices[:2] == [True, True]


@pytest.mark.parametrize(
    ("damage", "refused"),
    [
        (lambda entry: b"{not json", True),
        (lambda entry: json.dumps({**json.loads(entry), "module": {"classes": 3}}).encode(), True),
        (lambda entry: json.dumps({**json.loads(entry), "digests": []}).encode(), True),
        (lambda entry: json.dumps({**json.loads(entry), "faces": []}).encode(), True),
        (
            lambda entry: json.dumps(
                {**json.loads(entry), "refs": {**json.loads(entry)["refs"], "Ghost": ["Cat"]}}
            ).encode(),
            False,  # the schemas of the spec are the ones asked about
        ),
        (
            lambda entry: json.dumps(
                {**json.loads(entry), "refs": {**json.loads(entry)["refs"], "Pet": ["Ghost"]}}
            ).encode(),
            True,
        ),
        (lambda entry: entry.replace(b"class Dog(", b"klass Dog(", 1), True),
    ],
    ids=[
        "not JSON",
        "classes not a list",
        "digests not a map",
        "faces not a map",
        "a schema that is not there referring to the edited one",
        "a reference to a schema that is not there",
        "a class the smaller run writes mangled",
    ],
)
def test_a_damaged_entry_is_not_trusted(
    damage: Callable[[bytes], bytes],
    refused: bool,
    base: Path,
    tmp_path: Path,
    splices: list[bool],
) -> None:
    """The entry's own checks, or the guards, send the run to one pass; the output is the
    cold one either way. (The smaller run writes `Cat`, `Pet`, whose discriminator names it,
    and `Dog`, which the discriminator names too.)"""
    warm, cache = _warm(base, tmp_path)
    monkey = pytest.MonkeyPatch()
    monkey.setenv("CLIENTGEN_CACHE_DIR", str(cache))
    try:
        store = _store.Store("models", 1 << 30)
        assert store.folder is not None
        changed = 0
        for path in sorted(store.folder.glob("*/*")):
            # the magic line, the key, the payload's digest, the payload
            entry_key, _, rest = path.read_bytes()[len(_store._MAGIC) :].partition(b"\n")
            body = rest.partition(b"\n")[2]
            if b'"digests"' not in body:
                continue
            assert store.get(entry_key.decode()) == body
            store.put(entry_key.decode(), damage(body))
            changed += 1
    finally:
        monkey.undo()
    assert changed == 1
    edited = copy.deepcopy(_spec())
    EDITS["a model a discriminator names"][0](edited)
    _generate(edited, tmp_path / "cold", tmp_path / "cold_out", "off")
    splices.clear()
    _generate(edited, tmp_path / "spec", warm, cache)
    assert tree_digest(warm) == tree_digest(tmp_path / "cold_out")
    assert splices in (([], [False]) if refused else ([True],))


@pytest.mark.parametrize("edit", ["a leaf's description", "a new scalar property", "the hub"])
def test_a_split_models_package_too(
    edit: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, splices: list[bool]
) -> None:
    """With one module a class (`_split`), each module imports what its classes use: the
    module put together holds the imports of both runs, and the split leaves out the others.
    The module put together is split from its parts, without being parsed again."""
    from generator import _models, _split

    monkeypatch.setattr(_split, "SPLIT_ABOVE", 10)
    edited = _spec()
    EDITS[edit][0](edited)
    _generate(edited, tmp_path / "cold", tmp_path / "cold_out", "off")
    assert (tmp_path / "cold_out" / "items" / "models" / "_tag.py").is_file()
    warm, cache = tmp_path / "warm", tmp_path / "cache"
    _generate(_spec(), tmp_path / "spec", warm, cache)
    splices.clear()
    parsed: list[str] = []  # the module parsed whole: by the check, or to be split
    check, taken_apart = _models._parse_output, _models.Models.taken_apart

    def checking(source: str, api: Any) -> Any:
        parsed.append("checked")
        return check(source, api)

    def taking_apart(models: _models.Models) -> Any:
        if models.parsed is None:
            parsed.append("taken apart")
        return taken_apart(models)

    monkeypatch.setattr(_models, "_parse_output", checking)
    monkeypatch.setattr(_models.Models, "taken_apart", taking_apart)
    _generate(edited, tmp_path / "spec", warm, cache)
    assert tree_digest(warm) == tree_digest(tmp_path / "cold_out")
    if EDITS[edit][1]:
        assert splices == [True]
        assert parsed == []
