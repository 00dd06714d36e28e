"""Turn spec text into inert Python source: string literals, docstrings, comments.

Anything a spec says (descriptions, titles, enum values, defaults, URLs) is data. These helpers
guarantee it lands in the generated code as text that cannot end the literal, docstring or
comment it sits in, and cannot smuggle in a `# noqa`, a Jinja tag or an invisible control.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from typing import Any


def _clean(text: str) -> str:
    """Drop control and invisible format characters, keep newlines, turn tabs into spaces
    (a tab opening a docstring line would mix tabs and spaces in its indentation)."""
    if text.replace("\n", "").replace("\t", "").isprintable():
        # Nothing to drop: no printable character is in a category below (str.isprintable
        # is false exactly for the categories "Other" and "Separator", bar the space).
        return text.expandtabs(4)
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        out.append(ch)
    return "".join(out).expandtabs(4)


@functools.lru_cache(maxsize=4096)
def clean_text(text: str) -> str:
    """Prose from a spec, tidied for a docstring: no control or invisible characters, no
    trailing whitespace on any line, no carriage returns. (Cached: a schema's description
    is copied again at every reference that inlines it.)"""
    cleaned = _clean(text.replace("\r\n", "\n").replace("\r", "\n"))
    if "\n" not in cleaned:
        return cleaned.strip()
    return "\n".join(line.rstrip() for line in cleaned.split("\n")).strip()


def py_literal(value: Any) -> str:
    """Python source for a JSON value (str, number, bool, None, list, dict)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("NaN and infinities have no JSON form")
        return repr(value)
    if isinstance(value, str):
        return _string_literal(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{_string_literal(str(k))}: {py_literal(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    raise ValueError(f"not a JSON value: {type(value).__name__}")


def _string_literal(text: str) -> str:
    """A double-quoted literal with every non-printable and non-ASCII-safe character escaped."""
    if text.isprintable():  # no category "Other" or "Separator" but the space: no escapes
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif unicodedata.category(ch)[0] in ("C", "Z") and ch != " ":
            code = ord(ch)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def py_docstring_body(text: str) -> str:
    """Text that is safe inside a triple-double-quoted (non-raw) docstring.

    Backslashes are doubled, runs of quotes are broken up, control characters dropped, and
    trailing whitespace removed from every line. Returns "" for blank text.
    """
    text = _clean(text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\")
    text = text.replace('"""', '\\"\\"\\"')
    lines = [line.rstrip() for line in text.strip().split("\n")]
    body = "\n".join(lines).strip()
    if body.endswith('"'):
        body = body[:-1] + '\\"'
    return body


def py_comment(text: str) -> str:
    """One line of text that is safe after `# `.

    No newline, no control characters, and no `#`, so it cannot start a `# noqa` or
    `# type: ignore` pragma of its own.
    """
    return " ".join(_clean(text).replace("#", "").split())
