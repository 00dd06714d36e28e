"""The shortcuts of the text helpers give what their general paths give.

`_clean`, `_string_literal` and the name splitter answer plain text without their loop over
every character; the fake's spec is written by `indented_json`, not by `json.dumps` (whose
indented form runs json's pure-Python encoder). Each shortcut is compared with the general
path (forced by a character that takes it there and changes nothing else) or with the
standard library.
"""

from __future__ import annotations

import ast
import datetime
import json
import math
import textwrap
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import _names, _source
from generator._render import fill, indented_json

# Every printable code point (those the shortcuts take), in runs of 64, and some that are not.
_PRINTABLE = "".join(c for c in map(chr, range(0x110000)) if c.isprintable())
_RUNS = [_PRINTABLE[i : i + 64] for i in range(0, len(_PRINTABLE), 64)]
_OTHERS = ["\u00a0", "\u2028", "\u200b", "\x7f", "\ud800", "\U000e0001", "\r", "\x85"]


def test_clean_without_anything_to_drop_matches_the_general_path() -> None:
    # A NUL sends the text down the per-character path and is dropped there.
    for text in [*_RUNS, *_OTHERS, "a\tb\nc\t\t d", "\t"]:
        assert _source._clean(text) == _source._clean(text + "\x00")
    assert _source._clean("a\u200bb\x00\tc") == "ab  c"


def test_string_literal_without_escapes_matches_the_general_path() -> None:
    for text in [*_RUNS, *_OTHERS, 'say "hi" \\ there', ""]:
        general = _source._string_literal(text + "\x00")
        assert _source._string_literal(text) == general[: -len('\\x00"')] + '"'
    assert _source._string_literal('a"\\\u00a0') == '"a\\"\\\\\\xa0"'


@given(st.text())
def test_string_literals_read_back_as_the_text(text: str) -> None:
    literal = _source.py_literal(text)
    assert ast.literal_eval(literal) == text
    assert literal.isprintable()


def test_clean_text_of_one_line_and_of_many() -> None:
    assert _source.clean_text("  a \u200b b \t ") == "a  b"
    assert _source.clean_text(" one  \r\n two\t\r\rthree \u2028\n") == "one\n two\n\nthree"


# A combining accent: NFKD keeps it apart, and folding to ASCII then drops it.
_DROPPED = "\u0301"


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_words_of_ascii_text_match_the_unicode_path(text: str) -> None:
    assert _names._ascii_words(text) == _names._ascii_words(text + _DROPPED)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("getHTTPResponse", ["get", "HTTP", "Response"]),
        ("repos/get-content", ["repos", "get", "content"]),
        ("Ünïcode name", ["Unicode", "name"]),
        ("v2beta", ["v2beta"]),
    ],
)
def test_ascii_words(text: str, words: list[str]) -> None:
    assert _names._ascii_words(text) == words


@settings(max_examples=500)
@given(st.text(alphabet=" ab-.\u00a0\u00e9\t\n", max_size=40), st.integers(1, 12))
def test_fill_is_what_textwrap_fills(text: str, width: int) -> None:
    assert fill(text, width) == textwrap.fill(
        text, width, break_long_words=False, break_on_hyphens=False
    )


@pytest.mark.parametrize("width", [1, 3, 8, 30])
def test_fill_of_long_words_and_runs_of_spaces(width: int) -> None:
    for text in ["  lead", "trail   ", "a" * 40 + " b  c" + " " * 35 + "d", "     ", "", "x"]:
        assert fill(text, width) == textwrap.fill(
            text, width, break_long_words=False, break_on_hyphens=False
        )


_KEYS = st.one_of(
    st.text(), st.integers(), st.floats(), st.booleans(), st.none(), st.sampled_from([math.nan])
)
_LEAVES = st.one_of(
    st.text(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),  # NaN and the infinities included
    st.booleans(),
    st.none(),
    st.dates(),  # written as str(value), as json's default=str does
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(_KEYS, inner, max_size=4),
    ),
    max_leaves=30,
)


@settings(max_examples=300)
@given(_VALUES)
def test_indented_json_is_what_json_writes(value: Any) -> None:
    assert indented_json(value) == json.dumps(value, indent=1, ensure_ascii=True, default=str)


def test_indented_json_refuses_what_json_refuses() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference detected"):
        indented_json({"a": loop})
    with pytest.raises(TypeError, match="keys must be str, int, float, bool or None, not tuple"):
        indented_json({(1, 2): 3})
    shared = {"x": [1]}  # the same value twice is no loop
    assert indented_json([shared, shared, datetime.date(2024, 1, 2)]) == json.dumps(
        [shared, shared, datetime.date(2024, 1, 2)], indent=1, default=str
    )
