"""A schema's `pattern` is checked by an engine that compiles it, or left out with a warning.

pydantic's default engine (Rust's `regex`) refuses look-around, back-references, very large
expressions and a hyphen beside a class escape; Python's `re` takes most of these. One spec in
seven of the public directory has such a pattern; before, a model that carried one could not be
built (at import for a root model, at first use for the others).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator._patterns import Engine, engine, literal_hyphens, usable

from ..e2e._corpus import check_output, check_pointers, generate, load_document


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"^[a-z]+$", Engine.RUST),
        (r"^\p{L}+$", Engine.RUST),  # Unicode classes: Rust only
        (r"^(?!-)[a-z-]+$", Engine.PYTHON),  # look-ahead
        (r"(?<=a)b", Engine.PYTHON),  # look-behind
        (r"(a)\1", Engine.PYTHON),  # back-reference
        (r"\S{1,8192}", Engine.PYTHON),  # over Rust's size limit
        (r"[a-zA-Z]{1-70}", Engine.PYTHON),  # not a quantifier: literal braces
        (r"^\p{Print}+$", Engine.NONE),  # Java's POSIX classes
        (r"[\w-.]", Engine.NONE),  # a range from a class escape, as written
        (r"(", Engine.NONE),
    ],
)
def test_engine_of_each_kind_of_pattern(pattern: str, expected: Engine) -> None:
    assert engine(pattern) is expected


@pytest.mark.parametrize(
    ("pattern", "rewritten"),
    [
        (r"[\w-.]+", r"[\w\-.]+"),
        (r"[a-zA-Z\d-_/]", r"[a-zA-Z\d\-_/]"),
        (r"[_-\d]", r"[_\-\d]"),
        (r"[^\s-x]", r"[^\s\-x]"),
        (r"[\\-\d]", r"[\\\-\d]"),  # an escaped backslash, then a hyphen before \d
        # Untouched: a range between literals, a hyphen first or last, a hyphen outside a class.
        (r"[a-z-]", r"[a-z-]"),
        (r"[-\w]", r"[-\w]"),
        (r"a-\d", r"a-\d"),
        (r"\[\w-x\]", r"\[\w-x\]"),
    ],
)
def test_hyphen_beside_a_class_escape_is_a_literal(pattern: str, rewritten: str) -> None:
    assert literal_hyphens(pattern) == rewritten


def test_usable_prefers_the_pattern_as_written() -> None:
    assert usable(r"^(?!-)x$") == r"^(?!-)x$"
    assert usable(r"^[\w-.]+$") == r"^[\w\-.]+$"
    assert usable(r"^\p{Alnum}+$") is None


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Patterns", "version": "1"},
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Item"}}
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Host": {"type": "string", "pattern": r"^(?!-)[a-z0-9-]+$"},
            "Item": {
                "type": "object",
                "properties": {
                    "plain": {"type": "string", "pattern": r"^[a-z]+$"},
                    "host": {"$ref": "#/components/schemas/Host"},
                    "ahead": {"type": "string", "pattern": r"^(?!x)\w+$"},
                    "tags": {"type": "array", "items": {"type": "string", "pattern": r"^(?=t)"}},
                    "email": {"type": "string", "pattern": r"^[\w-.]+@[\w-.]+$"},
                    "braces": {"type": "string", "pattern": r"^[A-Z]{1-3}$"},
                    "printable": {"type": "string", "pattern": r"^\p{Print}+$"},
                    "re": {"type": "string"},  # a field named like the module
                },
            },
        }
    },
}

# Each value, and whether the model accepts it.
CASES = [
    ({"plain": "abc"}, True),
    ({"plain": "ab1"}, False),
    ({"host": "a-b"}, True),
    ({"host": "-ab"}, False),
    ({"ahead": "abc"}, True),
    ({"ahead": "xbc"}, False),
    ({"tags": ["tag", "two"]}, True),
    ({"tags": ["tag", "no"]}, False),
    ({"email": "a-b.c@d-e.f"}, True),
    ({"email": "a b@c"}, False),
    ({"braces": "A{1-3}"}, True),
    ({"braces": "AB"}, False),
    ({"printable": "\x00 anything"}, True),  # left out: not checked
    ({"re": "x"}, True),
]

_CHECK = """
import json, sys
from pydantic import ValidationError
from p_patterns.models import Item
results = []
for value in json.loads(sys.argv[1]):
    try:
        Item.model_validate(value)
        results.append(True)
    except ValidationError:
        results.append(False)
print(json.dumps(results))
"""


def test_patterns_are_checked_by_an_engine_that_compiles_them(tmp_path: Path) -> None:
    spec = tmp_path / "patterns.yaml"
    spec.write_text(yaml.safe_dump(SPEC, sort_keys=False))
    # Lenient: the validator refuses the two patterns Python's `re` does not compile as written.
    gen = generate(spec, tmp_path, "p_patterns")
    assert gen.returncode == 0, gen.describe()
    # The one pattern no engine compiles is named, with where it is.
    check_pointers(gen.warnings, load_document(spec), "warning")
    left_out = [w for w in gen.warnings if "is not checked by the models" in w]
    assert len(left_out) == 1, gen.warnings
    assert "/components/schemas/Item/properties/printable/pattern" in left_out[0]
    assert "\\p{Print}" in left_out[0]
    source = "\n".join(
        p.read_text()
        for p in (gen.output / "p_patterns").rglob("*.py")
        if p.name == "models.py" or "models" in p.parts
    )
    assert "_re.compile(" in source
    check_output(gen, tmp_path / "mypy-cache")
    result = subprocess.run(
        [sys.executable, "-c", _CHECK, json.dumps([value for value, _ in CASES])],
        cwd=gen.output,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    accepted = json.loads(result.stdout)
    wrong = [(value, ok) for (value, ok), got in zip(CASES, accepted, strict=True) if got != ok]
    assert not wrong, f"accepted or refused wrongly (value, expected): {wrong}"
