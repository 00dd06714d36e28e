"""The `pattern` of a schema, checked against the regular expression engines that will run it.

A spec's patterns are ECMA-262 expressions, written by hand and rarely tested. The generated
models check them with pydantic, whose default engine (Rust's `regex` crate) has no
look-around and no back-references, caps a compiled expression's size, and refuses some forms
that other engines read as literals (`[\\w-.]`, `{1-70}`). Each pattern gets the engine that
can compile it:

- the Rust engine when it compiles there (pydantic's default: `Field(pattern="...")`);
- else Python's `re`, which pydantic uses for a compiled pattern
  (`Field(pattern=_re.compile("..."))`, written by `_models._finish`);
- else, when neither compiles it as written, the same pattern with ECMA-262's reading of a
  hyphen beside a class escape made explicit (`[\\w-.]` is `[\\w\\-.]`: the hyphen is a
  literal there, where both engines refuse a range);
- else none: the pattern is left out of the model, with a warning naming where it is (Java's
  `\\p{Print}` and the like, which neither engine knows).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from enum import Enum
from functools import lru_cache
from typing import Any

from ._refs import DATA_KEYWORDS, walk


class Engine(Enum):
    RUST = "rust"
    PYTHON = "python"
    NONE = "none"


@lru_cache(maxsize=4096)
def engine(pattern: str) -> Engine:
    """The engine that runs `pattern` in the generated models."""
    from pydantic_core import SchemaError, SchemaValidator

    try:
        SchemaValidator({"type": "str", "pattern": pattern})
        return Engine.RUST
    except SchemaError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # FutureWarning: "possible nested set"
            re.compile(pattern)
        return Engine.PYTHON
    except (re.error, RecursionError, OverflowError, ValueError):
        return Engine.NONE


_CLASS_ESCAPES = frozenset("dDwWsS")


def literal_hyphens(pattern: str) -> str:
    """`pattern` with each hyphen inside a character class that touches a class escape
    (`[\\d-_]`, `[_-\\w]`) escaped: ECMA-262 reads such a hyphen as itself (Annex B), the
    Rust and Python engines refuse it as a range."""
    out: list[str] = []
    i = 0
    in_class = False
    after_escape = False  # the previous item of the class was a class escape
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            token = pattern[i : i + 2]
            i += 2
            is_class_escape = in_class and token[1] in _CLASS_ESCAPES
            if is_class_escape and out and out[-1] == "-" and len(out) >= 2 and out[-2] != "[":
                out[-1] = "\\-"
            out.append(token)
            after_escape = is_class_escape
            continue
        i += 1
        if not in_class:
            if char == "[":
                in_class = True
                out.append(char)
                if pattern[i : i + 1] == "^":
                    out.append("^")
                    i += 1
                after_escape = False
                continue
        elif char == "]":
            in_class = False
        elif char == "-" and after_escape:
            out.append("\\-")
            after_escape = False
            continue
        out.append(char)
        after_escape = False
    return "".join(out)


def usable(pattern: str) -> str | None:
    """The pattern to put in the models for `pattern` (itself, or with its hyphens made
    literal), or None when no engine compiles it."""
    if engine(pattern) is not Engine.NONE:
        return pattern
    rewritten = literal_hyphens(pattern)
    if rewritten != pattern and engine(rewritten) is not Engine.NONE:
        return rewritten
    return None


def reason(pattern: str) -> str:
    """Why neither engine compiles `pattern` (Python's message, which names the position)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError) as exc:
        return str(exc)
    return "it compiles"


def locate(doc: Any, pattern: str) -> Iterator[list[str | int]]:
    """The path of every schema in `doc` whose `pattern` is `pattern`, in document order."""
    for node, parts in walk(doc, skip=DATA_KEYWORDS):
        if isinstance(node, dict) and node.get("pattern") == pattern:
            yield [*parts, "pattern"]
