"""The validation cache (generator/_cache.py): hits give the same results as validating, and a
missing, corrupt, tampered or foreign entry is never trusted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import _cache, _pipeline, _validate
from generator._errors import SpecError, SpecErrors
from generator._load import load_spec
from generator.parse import Diagnostics

from ..conftest import ROOT, generate_at_once, run_cli, tree_digest

FEATHER = ROOT / "specs" / "feather.yaml"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", str(folder))
    return folder / "validation"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the real validations (cache misses)."""
    made: list[str] = []
    real = _validate.validate_spec

    def counted(spec: Any, *args: Any, **kwargs: Any) -> list[SpecError]:
        made.append(spec.display)
        return real(spec, *args, **kwargs)

    monkeypatch.setattr(_validate, "validate_spec", counted)
    return made


def _entries(cache: Path) -> list[Path]:
    return [p for p in cache.glob("*/*") if not p.name.endswith(".part")]


def _entry(cache: Path, text: str) -> Path:
    key = _cache._key(_spec(text), False, None)
    return cache / key[:2] / key


def _restamped(raw: bytes, payload: bytes) -> bytes:
    """A whole store entry (header and checksum right) around another payload."""
    import hashlib

    header = raw.split(b"\n", 2)
    return (
        header[0]
        + b"\n"
        + header[1]
        + b"\n"
        + hashlib.sha256(payload).hexdigest().encode()
        + b"\n"
        + payload
    )


def _payload(raw: bytes) -> bytes:
    return raw.split(b"\n", 3)[3]


def _spec(text: str, display: str = "specs/x.yaml") -> Any:
    return load_spec(Path(display), display, text.encode())


def _outcome(spec: Any, *, lenient: bool, **kwargs: Any) -> tuple[str, list[str]]:
    try:
        diagnostics = Diagnostics.for_policy(spec, lenient)
        return "ok", [str(w) for w in _cache.validate(spec, diagnostics, **kwargs)]
    except (SpecError, SpecErrors) as exc:
        return "errors", str(exc).splitlines()


# An operation tag missing from the top-level `tags`: a lint warning.
LINT_WARNING_SPEC = FEATHER.read_text().replace(
    "        - integrations\n", "        - undeclared\n", 1
)
INVALID_SPEC = FEATHER.read_text().replace("type: boolean", "type: booleen", 1)


@pytest.mark.parametrize("text", [FEATHER.read_text(), LINT_WARNING_SPEC, INVALID_SPEC])
@pytest.mark.parametrize("lenient", [False, True])
def test_a_hit_answers_exactly_what_validating_answers(
    cache: Path, calls: list[str], text: str, lenient: bool
) -> None:
    spec = _spec(text)
    first = _outcome(spec, lenient=lenient, lint=None)
    assert calls == ["specs/x.yaml"]
    second = _outcome(_spec(text), lenient=lenient, lint=None)
    assert calls == ["specs/x.yaml"], "the second validation was not answered by the cache"
    assert second == first
    assert len(list(_entries(cache))) == 1


def test_the_question_is_the_key(cache: Path, calls: list[str]) -> None:
    text = FEATHER.read_text()
    _outcome(_spec(text), lenient=False, lint=None)
    _outcome(_spec(text), lenient=True, lint=None)  # another mode
    _outcome(_spec(text), lenient=False, lint={"operation-tag-defined": "off"})  # other lint
    _outcome(_spec(text, "specs/y.yaml"), lenient=False, lint=None)  # shown under another name
    _outcome(_spec(text + "\n# a comment\n"), lenient=False, lint=None)  # another text
    assert len(calls) == 5
    _outcome(_spec(text), lenient=True, lint=None)
    assert len(calls) == 5
    assert len(list(_entries(cache))) == 5


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: b"",
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"\x00\xff garbage",
        lambda raw: b"[]",
        # Valid JSON, right shape, kind changed without the checksum: tampered.
        lambda raw: raw.replace(b'"kind": "errors"', b'"kind": "ok"'),
        # Checksum right, but not the shape of an entry: an error entry without errors, a
        # finding that is not one, another entry format.
        lambda raw: _restamped(
            raw, json.dumps({**json.loads(_payload(raw)), "items": []}).encode()
        ),
        lambda raw: _restamped(
            raw,
            json.dumps({**json.loads(_payload(raw)), "items": [[1, 2, 3, 4, 5, 6, 7]]}).encode(),
        ),
        lambda raw: _restamped(
            raw, json.dumps({**json.loads(_payload(raw)), "format": 1}).encode()
        ),
    ],
)
def test_a_damaged_entry_is_ignored_and_replaced(
    cache: Path, calls: list[str], damage: Any
) -> None:
    first = _outcome(_spec(INVALID_SPEC), lenient=False, lint=None)
    assert first[0] == "errors"
    (entry,) = _entries(cache)
    entry.write_bytes(damage(entry.read_bytes()))
    assert _outcome(_spec(INVALID_SPEC), lenient=False, lint=None) == first
    assert len(calls) == 2, "a damaged entry was trusted"
    assert _outcome(_spec(INVALID_SPEC), lenient=False, lint=None) == first
    assert len(calls) == 2, "the damaged entry was not replaced by a good one"


def test_an_entry_under_another_key_is_not_trusted(cache: Path, calls: list[str]) -> None:
    """A whole, valid entry copied to another spec's name (a stale or foreign file)."""
    good = FEATHER.read_text()
    _outcome(_spec(good), lenient=False, lint=None)
    first = _outcome(_spec(INVALID_SPEC), lenient=False, lint=None)
    entries = sorted(_entries(cache), key=lambda p: p.stat().st_mtime_ns)
    entries[1].write_bytes(entries[0].read_bytes())  # the invalid spec's key, the valid result
    assert _outcome(_spec(INVALID_SPEC), lenient=False, lint=None) == first
    assert len(calls) == 3


def test_deleted_or_unwritable_cache_only_costs_a_validation(
    cache: Path, calls: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    expected = _outcome(_spec(FEATHER.read_text()), lenient=False, lint=None)
    shutil.rmtree(cache)
    assert _outcome(_spec(FEATHER.read_text()), lenient=False, lint=None) == expected
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", str(blocker))
    assert _outcome(_spec(FEATHER.read_text()), lenient=False, lint=None) == expected
    assert len(calls) == 3


def test_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: list[str]) -> None:
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", "off")
    for _ in range(2):
        _outcome(_spec(FEATHER.read_text()), lenient=False, lint=None)
    assert len(calls) == 2
    assert _cache.cache_dir() is None


def test_size_is_bounded_least_recently_used_first(
    cache: Path, calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    texts = [FEATHER.read_text() + f"\n# {i}\n" for i in range(5)]
    for i, text in enumerate(texts[:3]):
        _outcome(_spec(text), lenient=False, lint=None)
        entry = _entry(cache, text)
        os.utime(entry, (1000 * (i + 1), 1000 * (i + 1)))  # used long ago, in this order
    size = _entry(cache, texts[0]).stat().st_size  # every entry has the same size here
    monkeypatch.setattr(_cache, "MAX_BYTES", 3 * size + size // 2)
    _outcome(_spec(texts[0]), lenient=False, lint=None)  # a hit: now the most recently used
    assert len(calls) == 3
    for text in texts[3:]:
        _outcome(_spec(text), lenient=False, lint=None)
    assert len(list(_entries(cache))) == 3
    _outcome(_spec(texts[0]), lenient=False, lint=None)
    assert len(calls) == 5, "the most recently used entry was removed"
    _outcome(_spec(texts[1]), lenient=False, lint=None)
    assert len(calls) == 6, "the least recently used entry was kept"


def test_generation_from_the_cache_is_byte_identical(
    cache: Path, calls: list[str], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_pipeline, "_PARALLEL", False)  # count the validations in this process
    before = tree_digest(project / "generated")
    first = run_cli(project, "generate", "--force")
    assert first.exit_code == 0, first.output
    assert len(calls) == 3
    second = run_cli(project, "generate", "--force")
    assert second.exit_code == 0, second.output
    assert len(calls) == 3, "the specs were validated again"
    assert tree_digest(project / "generated") == before
    spec = project / "specs" / "feather.yaml"
    spec.write_text(spec.read_text().replace("type: boolean", "type: booleen", 1))
    errors = [run_cli(project, "generate") for _ in range(2)]
    assert [e.exit_code for e in errors] == [2, 2]
    assert errors[0].output == errors[1].output
    assert len(calls) == 4
    assert tree_digest(project / "generated") == before


def test_concurrent_runs_share_the_cache(cache: Path, tmp_path: Path) -> None:
    """Several processes validating the same spec at once: each succeeds with the same output,
    and the entry they leave is whole."""
    outputs = [tmp_path / f"out{i}" for i in range(3)]
    digests = generate_at_once(tmp_path, FEATHER, outputs, "feather_client")
    assert digests[0] == digests[1] == digests[2]
    (entry,) = _entries(cache)
    assert json.loads(_payload(entry.read_bytes()))["kind"] == "ok"
    assert not list(cache.glob("*.part"))


def test_a_shape_the_parent_refuses_leaves_no_result_of_the_child(
    cache: Path, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In strict mode the validating child starts before the document's shape is checked
    here. When that check fails, the child's result (the validator's findings on a document
    clientgen refuses before validating) is not cached: the refusal is the same every run,
    and the same as a run that validates in this process. The shape check is slowed so the
    child finishes first."""
    import time

    monkeypatch.setattr(_pipeline, "_PARALLEL", True)
    real = _validate.check_document

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(2)
        return real(*args, **kwargs)

    monkeypatch.setattr(_validate, "check_document", slow)
    spec = project / "specs" / "feather.yaml"
    text = spec.read_text()
    assert "      required:\n" in text
    spec.write_text(text.replace("      required:\n", "      required: true\n      x-was:\n", 1))
    before = tree_digest(project / "generated")
    runs = [run_cli(project, "generate") for _ in range(2)]
    assert [r.exit_code for r in runs] == [2, 2]
    assert "required" in runs[0].output
    assert runs[0].output == runs[1].output
    kept = [json.loads(_payload(e.read_bytes())) for e in _entries(cache)]
    assert all(entry["kind"] == "ok" and "feather" not in str(entry) for entry in kept)
    monkeypatch.setattr(_pipeline, "_PARALLEL", False)
    assert run_cli(project, "generate").output == runs[0].output
    assert tree_digest(project / "generated") == before


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # `required` is a list: the IR reads it as one.
        ("      required:\n", "      required: true\n      x-was:\n"),
        # `paths` is a map: the IR fails on a list before any model is asked for.
        ("paths:\n  /v1/", "paths: []\nx-paths:\n  /v1/"),
        # `components.schemas` is a map: the models fail.
        ("components:\n  schemas:\n", "components:\n  schemas: []\n  x-schemas:\n"),
        # A media type's `content` is a map.
        ("          content:\n", "          content: text\n          x-content:\n"),
    ],
    ids=["required", "paths", "schemas", "content"],
)
def test_strict_mode_reports_a_broken_shape_as_a_run_that_checks_it_first(
    project: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    """In strict mode the document's shape is checked once the schemas are on their way to
    the model generator, after the IR: whether the IR, the models, or nothing fails on the
    broken document meanwhile, the run reports what a run that checks the shape before
    anything else reports (the same messages and exit code), and writes nothing."""
    spec = project / "specs" / "feather.yaml"
    text = spec.read_text()
    assert old in text
    spec.write_text(text.replace(old, new, 1))
    before = tree_digest(project / "generated")
    monkeypatch.setattr(_pipeline, "_PARALLEL", False)  # validated here, shape first
    first = run_cli(project, "generate")
    monkeypatch.setattr(_pipeline, "_PARALLEL", True)
    later = run_cli(project, "generate")
    assert first.exit_code == later.exit_code == 2
    assert later.output == first.output
    assert "feather.yaml" in first.output
    assert tree_digest(project / "generated") == before


def test_the_validating_child_yields_to_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child validating in the background runs at a lower priority than this process
    (and the model worker): on two cores it would otherwise slow the models, which the run
    waits for, more than itself, which it waits for later."""
    import os
    from types import SimpleNamespace

    monkeypatch.setattr(_cache, "validate", lambda *args, **kwargs: [f"nice {os.nice(0)}"])
    spec = load_spec(FEATHER, "feather.yaml", FEATHER.read_bytes())
    settings: Any = SimpleNamespace(lint=None)
    background = _pipeline._BackgroundValidation(spec, [], Diagnostics.strict(spec), settings)
    (niceness,) = background.result()
    assert niceness == f"nice {min(os.nice(0) + 5, 19)}"
