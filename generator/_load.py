"""Read a spec file into plain Python data, safely, keeping a way back to line numbers."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ._errors import SpecError, pointer_from_parts

MAX_SPEC_BYTES = 32 * 1024 * 1024
# A YAML document whose aliases expand past this many nodes is refused (the "billion laughs").
MAX_EXPANDED_NODES = 5_000_000

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _StringKeyLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """A safe loader that keeps every scalar mapping key as the text written.

    OpenAPI object keys are strings, but YAML reads `200:` as an integer and `true:` as a
    boolean; the key is kept as written (`"200"`), as a conversion to JSON would.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag not in (_STR_TAG, _MERGE_TAG):
                key_node.tag = _STR_TAG
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


@dataclass
class LoadedSpec:
    """A parsed spec and where it came from."""

    path: Path
    display: str  # the path as shown in messages
    text: str
    data: dict[str, Any]
    _lines: dict[str, int] | None = field(default=None, repr=False)
    _newlines: list[int] | None = field(default=None, repr=False)
    _found: dict[tuple[str, ...], int] = field(default_factory=dict, repr=False)

    def line_of(self, parts: tuple[str | int, ...] | list[str | int]) -> int | None:
        """Line (1-based) where the value at `parts` starts, or of its nearest parent."""
        if _looks_like_json(self.path, self.text):
            if self._newlines is None:
                self._newlines = [m.start() for m in re.finditer("\n", self.text)]
            return _json_line(self.text, parts, self._newlines, self._found)
        if self._lines is None:
            self._lines = _line_index(self.text)
        parts = list(parts)
        while True:
            line = self._lines.get(pointer_from_parts(parts))
            if line is not None or not parts:
                return line
            parts.pop()

    def error(
        self, parts: tuple[str | int, ...] | list[str | int], message: str, hint: str | None = None
    ) -> SpecError:
        """A SpecError pointing at `parts` in this spec."""
        return SpecError(
            self.display, message, pointer_from_parts(parts), self.line_of(parts), hint
        )


def load_spec(path: Path, display: str | None = None, raw: bytes | None = None) -> LoadedSpec:
    """Read and parse one spec (YAML or JSON). Raises SpecError for anything unreadable.

    `raw` is the file's content when the caller has it already (it is then not read again).
    """
    shown = display or str(path)
    try:
        size = path.stat().st_size if raw is None else len(raw)
    except OSError as exc:
        raise SpecError(shown, f"cannot read the file: {exc.strerror}") from None
    if size > MAX_SPEC_BYTES:
        raise SpecError(
            shown,
            f"the file is {size / 1e6:.0f} MB; specs over {MAX_SPEC_BYTES // 2**20} MiB are refused",
            hint="split the spec or remove unused parts",
        )
    if raw is None:
        raw = path.read_bytes()
    if not raw.strip():
        raise SpecError(shown, "the file is empty", hint="write an OpenAPI 3.x document here")
    if b"\x00" in raw:
        raise SpecError(
            shown,
            "the file is binary (it contains NUL bytes), not YAML or JSON",
            hint="point clientgen at the spec's YAML or JSON file (saved as UTF-8)",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(
            shown,
            f"the file is not valid UTF-8 (byte {exc.start})",
            line=raw[: exc.start].count(b"\n") + 1,
            hint="save the spec as UTF-8",
        ) from None
    data = _parse_json(text, shown) if _looks_like_json(path, text) else _parse_yaml(text, shown)
    if not isinstance(data, dict):
        raise SpecError(
            shown,
            f"the document is a {type(data).__name__}, not a mapping",
            pointer="/",
            hint="an OpenAPI document is an object with `openapi`, `info` and `paths`",
        )
    return LoadedSpec(path=path, display=shown, text=text, data=data)


def _json_line(
    text: str,
    parts: tuple[str | int, ...] | list[str | int],
    newlines: list[int] | None = None,
    found_at: dict[tuple[str, ...], int] | None = None,
) -> int:
    """The line of the key at `parts` in a JSON text, found by searching each key in turn after
    the previous one: exact for the usual one-key-a-line layout, and fast on large files (a
    full parse keeping positions costs seconds on a 10 MB spec). `newlines`, the offsets of
    the text's newlines, turns counting them into a binary search (0.5 s less for the 375
    findings on GitHub's 13 MB description). `found_at` remembers where each run of keys
    was found, so findings in one place search its common keys once (0.2 s less there)."""
    keys = tuple(part for part in parts if isinstance(part, str))
    pos, start = 0, 0
    if found_at is not None:
        for end in range(len(keys), 0, -1):
            known = found_at.get(keys[:end])
            if known is not None:
                pos, start = known, end
                break
    for i in range(start, len(keys)):
        part = keys[i]
        needle = json.dumps(part) + ":"
        found = text.find(needle, pos)
        if found < 0:
            found = text.find(json.dumps(part) + " :", pos)
        if found < 0:
            break
        pos = found
        if found_at is not None:
            found_at[keys[: i + 1]] = pos
    if newlines is not None:
        return bisect.bisect_left(newlines, pos) + 1
    return text.count("\n", 0, pos) + 1


def _looks_like_json(path: Path, text: str) -> bool:
    return path.suffix.lower() == ".json" or text.lstrip()[:1] in ("{", "[")


def _parse_json(text: str, shown: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError(
            shown,
            f"invalid JSON: {exc.msg} (column {exc.colno})",
            line=exc.lineno,
            hint="fix the JSON syntax at that line (a JSON linter shows the exact spot)",
        ) from None
    except RecursionError:
        raise SpecError(
            shown,
            "the JSON is nested too deeply to read",
            hint="flatten the document; use $ref for repeated parts",
        ) from None


def _parse_yaml(text: str, shown: str) -> Any:
    try:
        node = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        raise SpecError(
            shown,
            f"invalid YAML: {problem}",
            line=mark.line + 1 if mark else None,
            hint="fix the YAML syntax at that line (indent with spaces; one document per file)",
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError(shown, f"invalid YAML: {exc}", hint="fix the YAML syntax") from None
    except RecursionError:
        raise SpecError(
            shown,
            "the YAML is nested too deeply to read",
            hint="flatten the document; use $ref for repeated parts",
        ) from None
    if node is None:
        raise SpecError(
            shown, "the file holds no YAML document", hint="write an OpenAPI 3.x document here"
        )
    _check_expansion(node, shown)
    try:
        return yaml.load(text, Loader=_StringKeyLoader)
    except yaml.YAMLError as exc:
        raise SpecError(shown, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise SpecError(shown, "the YAML is nested too deeply to read") from None


def _check_expansion(root: yaml.Node, shown: str) -> None:
    """Refuse documents whose aliases would expand to an enormous tree."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if depth > 500:
            raise SpecError(
                shown,
                "the YAML is nested too deeply (or refers to itself)",
                hint="flatten the document; use $ref for repeated parts",
            )
        sizes[key] = 1  # a cycle counts once; cycles are refused later as unsupported data
        total = 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k, depth + 1) + size(v, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += size(item, depth + 1)
        sizes[key] = total
        if total > MAX_EXPANDED_NODES:
            raise SpecError(
                shown,
                f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes",
                line=node.start_mark.line + 1,
                hint="this looks like an alias bomb; write the repeated parts out or use $ref",
            )
        return total

    size(root, 0)


def _line_index(text: str) -> dict[str, int]:
    """Map JSON pointers to 1-based line numbers, for error messages only."""
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except yaml.YAMLError:
        return {}
    index: dict[str, int] = {}
    if root is not None:
        for parts, line in _walk_nodes(root, []):
            index.setdefault(pointer_from_parts(parts), line)
    return index


def _walk_nodes(node: yaml.Node, parts: list[str | int]) -> Iterator[tuple[list[str | int], int]]:
    stack: list[tuple[yaml.Node, list[str | int], int]] = [(node, parts, node.start_mark.line + 1)]
    seen: set[int] = set()
    while stack:
        current, path, line = stack.pop()
        yield path, line
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.append((value, [*path, str(key.value)], key.start_mark.line + 1))
        elif isinstance(current, yaml.SequenceNode):
            for i, item in enumerate(current.value):
                stack.append((item, [*path, i], item.start_mark.line + 1))
