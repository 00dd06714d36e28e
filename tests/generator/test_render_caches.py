"""The caches of the render stage: the split of a large models module (`_split.cached_split`,
folder `split/`) and the indented JSON of the fake's spec (`_render.cached_indented_json`,
folder `json/`). A hit gives exactly what computing gives; an entry that is not whole, is
another key's, or holds something of the wrong shape is computed again."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from generator import _render, _split, _store

MODELS = '''"""Models."""

from __future__ import annotations

from pydantic import BaseModel


class Owner(BaseModel):
    login: str


class Item(BaseModel):
    owner: Owner
    detail: ItemDetail | None = None


class ItemDetail(BaseModel):
    note: str | None = None
'''
CLASSES = ("Item", "ItemDetail", "Owner")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", str(folder))
    return folder


def _entries(root: Path, kind: str) -> list[Path]:
    return sorted(p for p in (root / kind).glob("*/*") if not p.name.endswith(".part"))


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_split_from_the_cache_is_the_split(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    questions = [
        (MODELS, CLASSES, {"Item", "Owner"}),
        (MODELS, CLASSES, {"Owner"}),  # other roots
        (MODELS.replace("login", "name"), CLASSES, {"Item", "Owner"}),  # another source
        (MODELS + "\nprint('side effect')\n", CLASSES, {"Item"}),  # cannot be split: None
    ]
    expected = [_split.split_models(*question) for question in questions]
    assert expected[0] is not None and len(expected[0]) >= 2
    assert expected[0] != expected[2] and expected[3] is None
    calls = _counting(monkeypatch, _split, "split_models")
    for _ in range(2):
        assert [_split.cached_split(*question) for question in questions] == expected
    assert len(calls) == len(questions)  # each computed once, then from the cache


@pytest.mark.parametrize(
    "payload",
    [b"not json", b"{}", b'[[1, [], "x", []]]', b'[["_a", ["A"], "x"]]', b'[["_a", [2], "x", []]]'],
)
def test_a_split_entry_of_the_wrong_shape_is_computed_again(
    root: Path, monkeypatch: pytest.MonkeyPatch, payload: bytes
) -> None:
    expected = _split.cached_split(MODELS, CLASSES, {"Item", "Owner"})
    (entry,) = _entries(root, "split")
    _store.Store("split", _split.CACHE_BYTES).put(entry.name, payload)  # whole, right key
    calls = _counting(monkeypatch, _split, "split_models")
    assert _split.cached_split(MODELS, CLASSES, {"Item", "Owner"}) == expected
    assert len(calls) == 1
    assert _split.cached_split(MODELS, CLASSES, {"Item", "Owner"}) == expected
    assert len(calls) == 1  # written again whole


VALUES: list[Any] = [
    {"api": "x", "components": {}, "operations": {}},
    {"a": [1, 2.5, None, True, {"b": "ünï\u2028code"}], "c": [], "d": {}, 3: "int key"},
    {"when": datetime.date(2024, 1, 2), "inf": float("inf"), "nan": float("nan")},
]


@pytest.mark.parametrize("value", VALUES)
def test_indented_json_from_the_cache_is_what_json_writes(
    root: Path, monkeypatch: pytest.MonkeyPatch, value: Any
) -> None:
    monkeypatch.setattr(_render, "JSON_CACHE_ABOVE", 0)
    expected = json.dumps(value, indent=1, ensure_ascii=True, default=str)
    calls = _counting(monkeypatch, _render, "_indented_by_parts")
    assert _render.cached_indented_json(value) == expected
    assert _render.cached_indented_json(value) == expected
    assert len(calls) == 1
    # The key is the compact text: what json writes alike compactly, it writes alike indented.
    alike = json.loads(json.dumps(value, default=str))
    assert _render.cached_indented_json(alike) == json.dumps(alike, indent=1, ensure_ascii=True)
    assert len(calls) == 1


@pytest.mark.parametrize("damage", ["truncate", "garbage", "swap", "not ascii", "delete"])
def test_a_damaged_json_entry_is_computed_again(
    root: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    import shutil

    monkeypatch.setattr(_render, "JSON_CACHE_ABOVE", 0)
    values = VALUES[:2]
    texts = [_render.cached_indented_json(v) for v in values]
    entries = [e for e in _entries(root, "json") if e.name != _parts_key()]
    assert len(entries) == 2
    if damage == "delete":
        shutil.rmtree(root)
    elif damage == "not ascii":
        _store.Store("json", _render.JSON_CACHE_BYTES).put(entries[0].name, "ü".encode())
    else:
        raws = [entry.read_bytes() for entry in entries]
        for i, entry in enumerate(entries):
            raw = raws[i]
            if damage == "truncate":
                entry.write_bytes(raw[: len(raw) // 2])
            elif damage == "garbage":
                entry.write_bytes(raw[:-2] + b"xx")
            else:
                entry.write_bytes(raws[1 - i])
    calls = _counting(monkeypatch, _render, "_indented_by_parts")
    assert [_render.cached_indented_json(v) for v in values] == texts
    assert len(calls) == (1 if damage == "not ascii" else 2)


def _parts_key() -> str:
    import sys

    return _store.key("indented-json parts", _store.tools(), sys.version)


def _spec_like(n: int) -> dict[str, Any]:
    return {
        "api": "x",
        "components": {
            f"S{i}": {"type": "object", "n": i, "d": [i, {"x": None}]} for i in range(n)
        },
        "operations": {f"op{i}": {"path": f"/p/{i}", "ok": [200, 201.5]} for i in range(n)},
        "empty": {},
        "list": [1, "a"],
    }


def test_after_an_edit_the_unchanged_parts_are_written_as_before(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The values two levels down that did not change are taken from the parts entry; the
    text is what json writes, edit or not."""
    monkeypatch.setattr(_render, "JSON_CACHE_ABOVE", 0)
    value = _spec_like(30)
    assert _render.cached_indented_json(value) == json.dumps(value, indent=1, ensure_ascii=True)
    value["components"]["S3"]["n"] = "edited"
    value["operations"]["op9"] = {"new": True}
    value["operations"]["op30"] = {"path": "/p/30"}
    written: list[int] = []
    real = _render._json_value

    def counted(item: Any, newline: str, *args: Any) -> None:
        if newline == "\n  " and isinstance(item, dict):
            written.append(1)
        real(item, newline, *args)

    monkeypatch.setattr(_render, "_json_value", counted)
    assert _render.cached_indented_json(value) == json.dumps(value, indent=1, ensure_ascii=True)
    assert len(written) == 3  # S3, op9 and op30; the 59 others from the parts entry


@pytest.mark.parametrize("damage", [b"[1, 2]", b'{"a": 3}', b"\xff", b"{"])
def test_a_damaged_parts_entry_is_not_used(
    root: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    monkeypatch.setattr(_render, "JSON_CACHE_ABOVE", 0)
    value = _spec_like(5)
    _render.cached_indented_json(value)
    _store.Store("json", _render.JSON_CACHE_BYTES).put(_parts_key(), damage)
    value["components"]["S1"]["n"] = "edited"
    assert _render.cached_indented_json(value) == json.dumps(value, indent=1, ensure_ascii=True)
