"""The cache's store (generator/_store.py): what is put is got back exactly; an entry that is
not whole, or is another key's, is never trusted; the size bound drops the least recently used
entries; a cache that cannot be read or written only costs the work."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from generator import _store


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", str(folder))
    return folder


def _entry(root: Path, kind: str, key: str) -> Path:
    return root / kind / key[:2] / key


def test_a_payload_comes_back_byte_for_byte(root: Path) -> None:
    store = _store.Store("things", 1 << 20)
    payloads = [b"", b"plain", "ünïcode \u2028 line".encode(), bytes(range(256)) * 40]
    keys = [_store.key("things", str(i)) for i in range(len(payloads))]
    for key, payload in zip(keys, payloads, strict=True):
        store.put(key, payload)
    fresh = _store.Store("things", 1 << 20)  # another run
    assert [fresh.get(key) for key in keys] == payloads
    assert fresh.get(_store.key("things", "never stored")) is None
    assert not list(root.rglob("*.part"))


def test_keys_are_length_prefixed() -> None:
    assert _store.key("ab", "c") != _store.key("a", "bc")
    assert _store.key("a", b"b") == _store.key("a", "b")
    assert len({_store.key(), _store.key(""), _store.key("", "")}) == 3


def _whole(key: str, payload: bytes) -> bytes:
    """An entry as another writer of the same format would write it."""
    checksum = hashlib.sha256(payload).hexdigest().encode()
    return b"clientgen-cache 1\n" + key.encode() + b"\n" + checksum + b"\n" + payload


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw, key: b"",
        lambda raw, key: raw[: len(raw) - 3],  # truncated
        lambda raw, key: raw + b"more",  # grown
        lambda raw, key: raw.replace(b"payload", b"paylaod"),  # edited
        lambda raw, key: raw.replace(b"clientgen-cache 1", b"clientgen-cache 9"),  # format
        lambda raw, key: _whole(_store.key("another"), b"payload"),  # another key's entry
        lambda raw, key: b"\x00\xff" * 100,
    ],
)
def test_an_entry_that_is_not_whole_is_ignored_and_replaced(root: Path, damage: object) -> None:
    store = _store.Store("things", 1 << 20)
    key = _store.key("things", "x")
    store.put(key, b"payload")
    path = _entry(root, "things", key)
    assert path.read_bytes() == _whole(key, b"payload")  # the format the damage works on
    path.write_bytes(damage(path.read_bytes(), key))  # type: ignore[operator]
    assert store.get(key) is None
    store.put(key, b"payload")
    assert store.get(key) == b"payload"


def test_the_size_bound_drops_the_least_recently_used(root: Path) -> None:
    payload = b"x" * 1000
    store = _store.Store("things", 1 << 20)
    keys = [_store.key("things", str(i)) for i in range(5)]
    for i, key in enumerate(keys):
        store.put(key, payload)
        os.utime(_entry(root, "things", key), (1000 * (i + 1), 1000 * (i + 1)))
    size = _entry(root, "things", keys[0]).stat().st_size
    bounded = _store.Store("things", 3 * size)
    assert bounded.get(keys[0]) == payload  # used now: the most recent
    bounded.put(_store.key("things", "new"), payload)
    bounded.trim()
    kept = [key for key in keys if _entry(root, "things", key).exists()]
    assert kept == [keys[0], keys[4]]
    assert _entry(root, "things", _store.key("things", "new")).exists()


def test_trim_removes_dead_partial_writes_and_only_after_writing(root: Path) -> None:
    store = _store.Store("things", 1 << 20)
    key = _store.key("things", "x")
    store.put(key, b"1")
    shard = _entry(root, "things", key).parent
    dead, live = shard / ".dead.part", shard / ".live.part"
    dead.write_bytes(b"half")
    live.write_bytes(b"half")
    os.utime(dead, (1000, 1000))
    _store.Store("things", 0).trim()  # wrote nothing: leaves everything
    assert dead.exists() and _entry(root, "things", key).exists()
    store.trim()
    assert not dead.exists() and live.exists(), "a write still under way was removed"


def test_switched_off_or_unwritable_costs_only_the_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", "off")
    assert _store.cache_root() is None
    store = _store.Store("things", 1 << 20)
    store.put("k" * 64, b"x")
    assert store.get("k" * 64) is None
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", str(blocker))
    store = _store.Store("things", 1 << 20)
    store.put("k" * 64, b"x")  # no error
    assert store.get("k" * 64) is None
    store.trim()


def test_default_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CLIENTGEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _store.cache_root() == tmp_path / "xdg" / "clientgen"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _store.cache_root() == tmp_path / "home" / ".cache" / "clientgen"
