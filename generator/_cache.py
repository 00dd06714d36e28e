"""Validation results cached by content hash, outside the committed output.

Validating a spec (openapi-spec-validator and the lint rules) is, on a small spec, mostly the
import of the validator; on a large one, seconds of CPU. Its result depends only on the spec's
text, the name it is shown under, the mode (lenient, lint severities), the generator's source
and the versions of the validator's packages: the cache key is a SHA-256 of all of them, so a
change to any one is a miss, never a stale hit.

Where: `$CLIENTGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/clientgen`, else `~/.cache/clientgen`, in
its `validation/` folder; `CLIENTGEN_CACHE_DIR=off` switches the cache off. One small JSON
file an entry, written to a temporary name and renamed into place (concurrent runs never see
half an entry); at most `MAX_ENTRIES` entries, the least recently used removed beyond that.
An entry is trusted only when it parses, has the expected shape, names its own key and its
checksum matches: anything else (a truncated file, a hand edit, garbage) is ignored and
replaced. Deleting the folder at any time is safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import SpecError, SpecErrors, error_list

if TYPE_CHECKING:
    from ._lint import Severity
    from ._load import LoadedSpec
    from .parse import Diagnostics

MAX_ENTRIES = 500  # entries are a few KB (the findings of one spec): a few MB in all
_FORMAT = 1
_GENERATOR_DIR = Path(__file__).resolve().parent
_VALIDATOR_DISTS = ("openapi_spec_validator", "openapi_schema_validator", "jsonschema")


def cache_dir() -> Path | None:
    """The validation cache folder, or None when the cache is switched off."""
    configured = os.environ.get("CLIENTGEN_CACHE_DIR")
    if configured is not None:
        if configured.strip().lower() in ("", "off", "0", "false", "no"):
            return None
        return Path(configured) / "validation"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "clientgen" / "validation"


def validate(
    spec: LoadedSpec,
    diagnostics: Diagnostics,
    *,
    lint: Mapping[str, Severity] | None,
    left_out: list[SpecError] | None = None,
) -> list[SpecError]:
    """`validate_spec`, answered from the cache when it holds this exact question.

    `left_out`: `check_document` has already run on `spec` (in lenient mode it edits the spec),
    with these findings; only the rest of the validation is left to do."""
    hit = lookup(spec, diagnostics, lint=lint)
    if hit is not None:
        return hit
    from ._validate import check_content, validate_spec

    try:
        if left_out is None:
            warnings = validate_spec(spec, diagnostics, lint=lint)
        else:
            warnings = check_content(spec, left_out, diagnostics, lint=lint)
    except (SpecError, SpecErrors) as exc:
        store(spec, diagnostics, lint=lint, kind="errors", found=error_list(exc))
        raise
    store(spec, diagnostics, lint=lint, kind="ok", found=warnings)
    return warnings


def lookup(
    spec: LoadedSpec, diagnostics: Diagnostics, *, lint: Mapping[str, Severity] | None
) -> list[SpecError] | None:
    """The cached warnings (raising the cached errors), or None on a miss."""
    folder = cache_dir()
    if folder is None:
        return None
    key = _key(spec, diagnostics.is_lenient, lint)
    path = folder / f"{key}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        kind, found = _checked(entry, key)
    except (OSError, ValueError, TypeError, KeyError):
        return None  # missing, unreadable or corrupt: validate again (and overwrite it)
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used
    if kind == "errors":
        raise SpecErrors(found) if len(found) != 1 else found[0]
    return found


def store(
    spec: LoadedSpec,
    diagnostics: Diagnostics,
    *,
    lint: Mapping[str, Severity] | None,
    kind: str,
    found: list[SpecError],
) -> None:
    """Record a validation result; a cache that cannot be written is skipped silently."""
    folder = cache_dir()
    if folder is None:
        return
    key = _key(spec, diagnostics.is_lenient, lint)
    items = [[e.file, e.message, e.pointer, e.line, e.hint, e.rule, e.severity] for e in found]
    body = {"format": _FORMAT, "key": key, "kind": kind, "items": items}
    entry = {**body, "checksum": _checksum(body)}
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(entry, file)
            os.replace(temporary, folder / f"{key}.json")
        except BaseException:
            os.unlink(temporary)
            raise
        _trim(folder)
    except OSError:
        pass


def _checked(entry: Any, key: str) -> tuple[str, list[SpecError]]:
    """The entry's kind and findings; raises ValueError/TypeError/KeyError unless it is whole."""
    if not isinstance(entry, dict) or entry.get("format") != _FORMAT or entry.get("key") != key:
        raise ValueError("not an entry for this key")
    body = {k: entry[k] for k in ("format", "key", "kind", "items")}
    if entry.get("checksum") != _checksum(body) or body["kind"] not in ("ok", "errors"):
        raise ValueError("checksum mismatch")
    found = []
    for item in body["items"]:
        file, message, pointer, line, hint, rule, severity = item
        if not (isinstance(file, str) and isinstance(message, str)):
            raise TypeError("malformed finding")
        if line is not None and not isinstance(line, int):
            raise TypeError("malformed line")
        for value in (pointer, hint, rule, severity):
            if value is not None and not isinstance(value, str):
                raise TypeError("malformed finding")
        found.append(SpecError(file, message, pointer, line, hint, rule, severity))
    if body["kind"] == "errors" and not found:
        raise ValueError("an error entry without errors")
    return body["kind"], found


def _checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _key(spec: LoadedSpec, lenient: bool, lint: Mapping[str, Severity] | None) -> str:
    digest = hashlib.sha256()
    question = {
        "display": spec.display,
        "lenient": lenient,
        "lint": dict(sorted((lint or {}).items())),
    }
    digest.update(json.dumps(question, sort_keys=True).encode() + b"\0")
    digest.update(_tools() + b"\0")
    digest.update(spec.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


_TOOLS: list[bytes] = []


def _tools() -> bytes:
    """The generator's own source and the validator packages' versions (computed once)."""
    if not _TOOLS:
        digest = hashlib.sha256()
        for path in sorted(_GENERATOR_DIR.rglob("*.py")):
            name = path.relative_to(_GENERATOR_DIR).as_posix()
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        found: dict[str, str] = {}
        for entry in sys.path:
            try:
                names = os.listdir(entry or ".")
            except OSError:
                continue
            for name in names:
                if name.endswith(".dist-info"):
                    dist, _, version = name[: -len(".dist-info")].partition("-")
                    if dist.lower() in _VALIDATOR_DISTS:
                        found.setdefault(dist.lower(), version)
        digest.update(json.dumps(found, sort_keys=True).encode())
        _TOOLS.append(digest.hexdigest().encode())
    return _TOOLS[0]


def _trim(folder: Path) -> None:
    """Keep at most MAX_ENTRIES entries, removing the least recently used, and the partial
    writes of runs that died (older than an hour)."""
    try:
        found = list(os.scandir(folder))
    except OSError:
        return

    def used(entry: os.DirEntry[str]) -> float:
        try:
            return entry.stat().st_mtime
        except OSError:
            return 0.0

    now = time.time()
    entries = [e for e in found if e.name.endswith(".json")]
    dead = [e for e in found if e.name.endswith(".part") and now - used(e) > 3600]
    surplus = sorted(entries, key=used)[: max(0, len(entries) - MAX_ENTRIES)]
    for entry in [*dead, *surplus]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
