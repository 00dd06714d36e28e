"""Write stage: the manifest, comparing with what is on disk, and the all-or-nothing write.

Kept free of heavy imports: the no-op `check` runs only this module and `_fingerprint`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from ._errors import OutputError

MANIFEST = ".clientgen-manifest.json"
# Files a build or an editable install may leave in the output; never ours, never compared.
_FOREIGN_DIRS = {"__pycache__", "dist", "build", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=True) + "\n").encode()


def read_manifest(output: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def disk_files(output: Path) -> dict[str, Path]:
    """Files under `output` that the generator could have written (skips build leftovers)."""
    found: dict[str, Path] = {}
    if not output.is_dir():
        return found
    for folder, dirs, names in os.walk(output):
        dirs[:] = sorted(d for d in dirs if d not in _FOREIGN_DIRS and not d.endswith(".egg-info"))
        for name in names:
            if name.endswith((".pyc", ".pyo")):
                continue
            path = Path(folder, name)
            found[path.relative_to(output).as_posix()] = path
    return found


def disk_matches_manifest(output: Path, manifest: dict[str, Any]) -> bool:
    """True when the files on disk are exactly those the manifest lists, byte for byte."""
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        return False
    on_disk = disk_files(output)
    if set(on_disk) != set(listed) | {MANIFEST}:
        return False
    for rel, digest in listed.items():
        try:
            if sha256(on_disk[rel].read_bytes()) != digest:
                return False
        except OSError:
            return False
    return True


@dataclass(frozen=True)
class Difference:
    path: str
    kind: str  # "changed", "added" (to be written), "removed" (on disk, not generated)
    diff: str


def compare(output: Path, files: dict[str, bytes], *, context: int = 3) -> list[Difference]:
    """How the files on disk differ from `files`."""
    on_disk = disk_files(output)
    differences: list[Difference] = []
    for rel in sorted(set(files) | set(on_disk)):
        want = files.get(rel)
        have = on_disk[rel].read_bytes() if rel in on_disk else None
        if want == have:
            continue
        if want is None:
            differences.append(Difference(rel, "removed", ""))
        elif have is None:
            differences.append(Difference(rel, "added", ""))
        else:
            differences.append(Difference(rel, "changed", _unified(rel, have, want, context)))
    return differences


def _unified(rel: str, have: bytes, want: bytes, context: int) -> str:
    import difflib

    a = have.decode("utf-8", "replace").splitlines(keepends=True)
    b = want.decode("utf-8", "replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, f"on disk/{rel}", f"generated/{rel}", n=context))
    if len(lines) > 60:
        lines = [*lines[:60], f"... ({len(lines) - 60} more diff lines)\n"]
    return "".join(lines)


@contextlib.contextmanager
def interrupts_kept() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt as usual, except inside an object's finaliser
    (`__del__`, which runs wherever the last reference to an object goes: a finished ruff
    process's, say): Python prints an interrupt raised there and drops it, and the run would
    go on as if none came. There it is delivered again a moment later, outside."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        while frame is not None:
            if frame.f_code.co_name == "__del__":
                import threading

                threading.Timer(0.01, os.kill, (os.getpid(), signum)).start()
                return
            frame = frame.f_back
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGINT, interrupt)
    except ValueError:  # not the main thread, which alone receives signals
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM until the block ends, so a Ctrl-C cannot stop a commit halfway."""
    received: list[int] = []

    def hold(signum: int, _frame: object) -> None:
        received.append(signum)

    previous: dict[int, Any] = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, hold)
    except ValueError:  # not the main thread: signals go to the main thread anyway
        previous.clear()
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if received:
            os.kill(os.getpid(), received[0])


def write_output(output: Path, files: dict[str, bytes]) -> tuple[list[str], list[str]]:
    """Make `output` hold exactly `files`; unchanged files keep their bytes and mtimes.

    Every new file is first written beside its target; then, with signals held, each old file
    is moved aside and the new one renamed into place, and files no longer generated are moved
    aside too. If any step fails, every move made so far is undone, so `output` holds either
    what it held before or all of `files`. Returns (written, removed) paths.
    """
    on_disk = disk_files(output)
    changed = {
        rel: data
        for rel, data in files.items()
        if rel not in on_disk or on_disk[rel].read_bytes() != data
    }
    removed = sorted(rel for rel in on_disk if rel not in files)
    if not changed and not removed:
        return [], []
    import tempfile

    output.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".clientgen-staging-", dir=output.parent))
    new_dir, old_dir = staging / "new", staging / "old"
    done: list[tuple[Path, Path]] = []  # (from, to) renames made, in order
    try:
        for rel in sorted(changed):
            tmp = new_dir / rel
            tmp.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(changed[rel])
        with _signals_deferred():
            try:
                for rel in sorted(changed):
                    target = output / rel
                    if target.exists():
                        backup = old_dir / rel
                        backup.parent.mkdir(parents=True, exist_ok=True)
                        _rename(target, backup, done)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    _rename(new_dir / rel, target, done)
                for rel in removed:
                    backup = old_dir / rel
                    backup.parent.mkdir(parents=True, exist_ok=True)
                    _rename(output / rel, backup, done)
            except OSError:
                _undo(done)
                raise
            for rel in removed:
                _prune_empty_dirs((output / rel).parent, output)
    except OSError as exc:
        raise OutputError(f"cannot write {output} (nothing was changed): {exc}") from exc
    finally:
        _remove_tree(staging)
    return sorted(changed), removed


def _rename(source: Path, target: Path, done: list[tuple[Path, Path]]) -> None:
    os.replace(source, target)
    done.append((source, target))


def _undo(done: list[tuple[Path, Path]]) -> None:
    """Reverse the renames, last first (best effort: each is an atomic rename back)."""
    for source, target in reversed(done):
        with contextlib.suppress(OSError):
            source.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, source)


def _prune_empty_dirs(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir():
        leftovers = [p for p in folder.iterdir() if p.name != "__pycache__"]
        if leftovers:
            return
        for cache in folder.iterdir():
            _remove_tree(cache)
        folder.rmdir()
        folder = folder.parent


def _remove_tree(path: Path) -> None:
    if not path.exists():
        return
    for folder, dirs, names in os.walk(path, topdown=False):
        for name in names:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))
        for name in dirs:
            with contextlib.suppress(OSError):
                os.rmdir(os.path.join(folder, name))
    with contextlib.suppress(OSError):
        os.rmdir(path)


@contextlib.contextmanager
def generation_lock(output: Path, *, wait: float = 120.0) -> Iterator[None]:
    """One generation at a time per output folder; a second one waits, then fails clearly."""
    import fcntl

    lock_path = output.parent / ".clientgen.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise OutputError(
                        f"another clientgen run holds {lock_path} (waited {wait:.0f} s); "
                        "try again when it has finished"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
