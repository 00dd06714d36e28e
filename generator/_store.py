"""A content-addressed cache of what generation computes, kept outside the committed output.

Each entry answers one exact question: its key is a SHA-256 of everything the answer depends
on (`key()`), so a change to any input is a miss, never a stale hit. What is cached, each in a
folder of its own under `cache_root()`: validation results (`validation/`), the model
generator's module per API (`models/`) and formatted files (`format/`).

Where: `$CLIENTGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/clientgen`, else `~/.cache/clientgen`;
`CLIENTGEN_CACHE_DIR=off` switches every cache off. An entry is one file, written under a
temporary name and renamed into place, so concurrent runs never read half an entry. It starts
with a header naming its key and the SHA-256 of its payload: an entry that is truncated, edited,
foreign or for another key is ignored (and replaced by the next run), never trusted. Each
folder is bounded (`trim()`, least recently used removed first). Deleting the cache at any
time is safe: everything in it can be computed again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

_MAGIC = b"clientgen-cache 1\n"


def cache_root() -> Path | None:
    """The cache folder, or None when caching is switched off."""
    configured = os.environ.get("CLIENTGEN_CACHE_DIR")
    if configured is not None:
        if configured.strip().lower() in ("", "off", "0", "false", "no"):
            return None
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "clientgen"


def key(*parts: str | bytes) -> str:
    """A SHA-256 over `parts`, each length-prefixed (no two questions share a key)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class Store:
    """One folder of entries (`kind`), at most `max_bytes` in all after `trim()`."""

    def __init__(self, kind: str, max_bytes: int) -> None:
        root = cache_root()
        self.folder = root / kind if root is not None else None
        self.max_bytes = max_bytes
        self._written = False

    def get(self, entry_key: str) -> bytes | None:
        """The payload stored under `entry_key`, or None (missing, unreadable or not whole)."""
        if self.folder is None:
            return None
        path = self._path(entry_key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        header = _MAGIC + entry_key.encode() + b"\n"
        checksum_end = len(header) + 65
        if not data.startswith(header) or data[checksum_end - 1 : checksum_end] != b"\n":
            return None
        payload = data[checksum_end:]
        if hashlib.sha256(payload).hexdigest().encode() != data[len(header) : checksum_end - 1]:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used
        return payload

    def put(self, entry_key: str, payload: bytes) -> None:
        """Store `payload` under `entry_key`; a cache that cannot be written is skipped."""
        if self.folder is None:
            return
        path = self._path(entry_key)
        header = _MAGIC + entry_key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(header + b"\n" + payload)
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            return
        self._written = True

    def trim(self) -> None:
        """Remove the least recently used entries beyond `max_bytes`, and partial writes of
        runs that died (older than an hour). Does nothing when this run wrote nothing."""
        if self.folder is None or not self._written:
            return
        now = time.time()
        entries: list[tuple[float, int, str]] = []
        for path in _files(self.folder):
            try:
                status = os.stat(path)
            except OSError:
                continue
            if path.endswith(".part"):
                if now - status.st_mtime > 3600:
                    with contextlib.suppress(OSError):
                        os.unlink(path)
                continue
            entries.append((status.st_mtime, status.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            with contextlib.suppress(OSError):
                os.unlink(path)
            total -= size

    def _path(self, entry_key: str) -> Path:
        assert self.folder is not None
        return self.folder / entry_key[:2] / entry_key


def _files(folder: Path) -> Iterable[str]:
    try:
        shards = list(os.scandir(folder))
    except OSError:
        return
    for shard in shards:
        if shard.is_dir(follow_symlinks=False):
            try:
                yield from (entry.path for entry in os.scandir(shard.path))
            except OSError:
                continue


def tools(*distributions: str) -> str:
    """A hash of the generator's own source and the installed versions of `distributions`
    (names with `_`): what every cached answer also depends on."""
    from ._fingerprint import installed_versions

    versions = installed_versions(*sorted(distributions))
    return key(_generator_source(), repr(sorted(versions.items())))


@functools.cache
def _generator_source() -> str:
    """The generator's source hash, read once a run for every cache."""
    from ._fingerprint import generator_source

    return generator_source()
