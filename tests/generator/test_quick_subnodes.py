"""The validator's path library steps into dicts and lists without its protocol check
(`_validate.quick_subnodes`): every step answers as the library's own step does, and
openapi-spec-validator's findings on every test, vendor and peer document stay the same."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest

from generator import _validate

from ._documents import documents, validator_findings


def _steps() -> tuple[Any, Any]:
    """(the quick step, the library's own step), as plain functions of (cls, node, part)."""
    from pathable import accessors

    _validate._import_validators()
    quick = accessors.SubscriptableAccessor.__dict__["_get_subnode"].__func__
    return quick, quick.library_step


def test_the_quick_step_is_taken_with_the_pinned_library() -> None:
    assert _validate.quick_subnodes() is True
    quick, library = _steps()
    assert getattr(quick, "_quick", False) is True
    assert library is not quick
    assert _validate.quick_subnodes() is True  # once only: not wrapped twice
    assert _steps()[0] is quick


_NODES: list[tuple[Any, Any]] = [
    ({"a": 1}, "a"),
    ({"a": 1}, "b"),
    ({"a": {"b": 2}}, "a"),
    ({1: "x"}, 1),
    ({"a": 1}, ["unhashable"]),
    ([10, 20], 1),
    ([10, 20], 2),
    ([10, 20], -1),
    ([10, 20], "0"),
    ([], 0),
    (OrderedDict(a=1), "a"),
    ("text", 0),
    ("text", "x"),
    (5, "a"),
    (None, "a"),
    (True, 0),
]


@pytest.mark.parametrize(("node", "part"), _NODES, ids=[repr(n) for n in _NODES])
def test_each_step_answers_as_the_library_step(node: Any, part: Any) -> None:
    from pathable import accessors

    quick, library = _steps()
    cls = accessors.SubscriptableAccessor

    def outcome(step: Any) -> tuple[str, Any]:
        try:
            return "value", step(cls, node, part)
        except Exception as exc:  # the type and the part it names
            return type(exc).__name__, exc.args

    assert outcome(quick) == outcome(library)


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_the_findings_are_the_same_with_the_quick_step_and_without(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathable import accessors

    _, library = _steps()
    with_it = validator_findings(path)
    monkeypatch.setattr(accessors.SubscriptableAccessor, "_get_subnode", classmethod(library))
    assert validator_findings(path) == with_it
