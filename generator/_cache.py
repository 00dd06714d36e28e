"""Validation results cached by content hash, in the `validation/` folder of the cache (`_store`).

Validating a spec (openapi-spec-validator and the lint rules) is, on a small spec, mostly the
import of the validator; on a large one, seconds of CPU. Its result depends only on the spec's
text, the name it is shown under, the mode (lenient, lint severities), the generator's source
and the versions of the validator's packages: the cache key is a SHA-256 of all of them, so a
change to any one is a miss, never a stale hit. An entry is the findings as JSON; one whose
JSON does not have the expected shape or names another key is ignored, like any entry the
store does not find whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _store
from ._errors import SpecError, SpecErrors, error_list
from ._fingerprint import VALIDATOR_DISTRIBUTIONS

if TYPE_CHECKING:
    from ._lint import Severity
    from ._load import LoadedSpec
    from .parse import Diagnostics

MAX_BYTES = 16 * 1024 * 1024  # entries are a few KB (the findings of one spec)
_FORMAT = 2
# Specs of at least this many characters are validated incrementally (`_incremental`): below
# it, the whole validation takes a fraction of a second and the parts' cache entries are not
# worth their files.
INCREMENTAL_BYTES = 256 * 1024


def cache_dir() -> Path | None:
    """The validation cache folder, or None when the cache is switched off."""
    return _store.Store("validation", MAX_BYTES).folder


def validate(
    spec: LoadedSpec,
    diagnostics: Diagnostics,
    *,
    lint: Mapping[str, Severity] | None,
    left_out: list[SpecError] | None = None,
    confirmed: Callable[[], bool] | None = None,
) -> list[SpecError]:
    """`validate_spec`, answered from the cache when it holds this exact question.

    `left_out`: `check_document` has already run on `spec` (in lenient mode it edits the spec),
    with these findings; only the rest of the validation is left to do. `confirmed`: the
    result is cached only when it returns True (`check_document` runs elsewhere and has
    passed)."""
    hit = lookup(spec, diagnostics, lint=lint)
    if hit is not None:
        return hit
    from ._validate import check_content, validate_spec

    # A large spec is validated part by part, the parts' verdicts cached (`_incremental`):
    # after a small edit, only what the edit can affect is checked again.
    incremental = len(spec.text) >= INCREMENTAL_BYTES
    try:
        if left_out is None:
            warnings = validate_spec(spec, diagnostics, lint=lint, incremental=incremental)
        else:
            warnings = check_content(
                spec, left_out, diagnostics, lint=lint, incremental=incremental
            )
    except (SpecError, SpecErrors) as exc:
        if confirmed is None or confirmed():
            store(spec, diagnostics, lint=lint, kind="errors", found=error_list(exc))
        raise
    if confirmed is None or confirmed():
        store(spec, diagnostics, lint=lint, kind="ok", found=warnings)
    return warnings


def lookup(
    spec: LoadedSpec, diagnostics: Diagnostics, *, lint: Mapping[str, Severity] | None
) -> list[SpecError] | None:
    """The cached warnings (raising the cached errors), or None on a miss."""
    key = _key(spec, diagnostics.is_lenient, lint)
    payload = _store.Store("validation", MAX_BYTES).get(key)
    if payload is None:
        return None
    try:
        kind, found = _checked(json.loads(payload), key)
    except (ValueError, TypeError, KeyError):
        return None  # not the shape of an entry: validate again (and overwrite it)
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
    key = _key(spec, diagnostics.is_lenient, lint)
    items = [[e.file, e.message, e.pointer, e.line, e.hint, e.rule, e.severity] for e in found]
    body = {"format": _FORMAT, "key": key, "kind": kind, "items": items}
    store = _store.Store("validation", MAX_BYTES)
    store.put(key, json.dumps(body).encode())
    store.trim()


def _checked(entry: Any, key: str) -> tuple[str, list[SpecError]]:
    """The entry's kind and findings; raises ValueError/TypeError/KeyError unless it is whole."""
    if not isinstance(entry, dict) or entry.get("format") != _FORMAT or entry.get("key") != key:
        raise ValueError("not an entry for this key")
    body = {k: entry[k] for k in ("format", "key", "kind", "items")}
    if body["kind"] not in ("ok", "errors"):
        raise ValueError("not a kind of entry")
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


def _key(spec: LoadedSpec, lenient: bool, lint: Mapping[str, Severity] | None) -> str:
    question = {
        "display": spec.display,
        "lenient": lenient,
        "lint": dict(sorted((lint or {}).items())),
    }
    return _store.key(
        "validation",
        json.dumps(question, sort_keys=True),
        _store.tools(*VALIDATOR_DISTRIBUTIONS),
        spec.text,
    )
