"""Validation after a small edit: only what the edit can affect is checked again.

openapi-spec-validator stays the validator of record. This module answers one question fast:
is the document certainly valid for it? When every part of the document is proven valid
(checked now or earlier, the verdict cached), the answer is the whole run's answer for a
valid document: no finding. Otherwise (a part with a finding, anything uncertain) the whole
validator runs as before, so findings, messages, order and lines are its own.

The document is split into parts: each path item (`paths[p]`), each webhook, each component
(`components.<kind>.<name>`) and the rest (the root with each of those entries replaced by a
reference, which the meta-schema accepts in each of their places). A part is proven valid by
the validator's own two halves, applied to it alone:

- The meta-schema check. The validator checks the whole document with one JSON Schema
  validator; that validator here descends, as its `properties` keyword does, into the
  subschema of the part's container (`properties.paths`, `properties.components`, ...) with
  a container holding the one entry, so `$ref` and `$dynamicRef` resolve in the same resource
  and dynamic scope as in the whole run; the rest is validated whole, with its stand-ins.
  The containers' subschemas apply to an entry only through its key (`patternProperties`,
  `additionalProperties`, `propertyNames`, `unevaluatedProperties`), and the keys are kept in
  the rest: the document is valid when the rest and every entry are.
- The keyword walk: openapi-spec-validator's `path`, `schema` and `tags` keyword validators
  on the part, from a fresh registry, with the whole document as the resolution context.
  The whole walk visits each schema once, the first time it reaches it; a part's own walk
  reaches every schema the whole walk reaches from that part, and checks at least as much
  there (see `_MemoChecker`), so an error of the whole walk is an error of some part's walk.
- OperationIds, which must be unique across operations, are checked on the whole document.

A "valid" verdict is cached (`_store`, folder `parts/`, a document's verdicts in one entry:
`Kept`) under a key covering what it depends on: the part's content and place, the JSON
Schema dialect, the OpenAPI version's validator, and the tools (the generator's source, the
validator packages' versions). The walk's key also covers what the part's walk reads of other
parts (`Document.walk_basis`): a visit of a component schema finds only what that schema's own
walk finds, and the proof walks every component schema too, so a schema the part only visits
counts by its name; a part it reaches through other parts counts by its content, and one it
reads more of (an `allOf`'s property names, a default's schema) by all that part reaches.
Only "valid" is ever cached; a missing, foreign or damaged verdict is a miss.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import _store
from ._fingerprint import VALIDATOR_DISTRIBUTIONS
from ._refs import DATA_KEYWORDS, MISSING, node_at, ref_parts, resolve_ref

if TYPE_CHECKING:
    from ._errors import SpecError
    from ._load import LoadedSpec

MAX_BYTES = 16 * 1024 * 1024
# The verdicts kept for one document: GitHub's REST description asks for about 5,000.
KEPT = 20_000
_FORMAT = "3"
# Component kinds whose entries are parts of their own (the meta-schema's, 3.0 and 3.1).
_KINDS = (
    "schemas", "responses", "parameters", "examples", "requestBodies", "headers",
    "securitySchemes", "links", "callbacks", "pathItems",
)  # fmt: skip
# What an entry is replaced by in the rest: a Reference Object, valid wherever an entry is.
_STAND_IN = {"$ref": "#/x-clientgen-stand-in"}
_REF = re.compile(r'"\$ref": "((?:[^"\\]|\\.)*)"')
# Keywords that resolve by something other than a JSON pointer into the document: a part
# holding one (anywhere, data included) is not split off; the whole validator runs.
_UNCERTAIN = ('"$id"', '"$anchor"', '"$dynamicAnchor"', '"$dynamicRef"', '"$recursiveRef"')
_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

PartId = tuple[str, ...]
REST: PartId = ("rest",)


class _Uncertain(Exception):
    """Something this module does not prove: the whole validator decides."""


@dataclass
class Stats:
    """What one proof did, for tests and the benchmark."""

    outcome: str = ""  # "proven", or why the whole validator ran
    parts: int = 0
    meta_checked: int = 0  # parts whose meta-schema check ran now (not cached)
    walked: int = 0  # parts whose keyword walk ran now (not cached)
    stored: int = 0


class Kept:
    """What this module remembers of one document (`name`, its file's name: a copy of the
    project elsewhere, a checkout in CI, finds it too), in one store entry of `folder`: read
    once a run, written once when the run added anything.

    Each answer is kept under its own key, which covers everything it depends on, so an
    answer is only ever used for the question it answers; the entry's key names the document
    only. Answers the document no longer asks for stay until the entry holds more than
    `KEPT`, the least recently used dropped first. A damaged or foreign entry is read as
    holding none."""

    def __init__(self, folder: str, name: str) -> None:
        self._store = _store.Store(folder, MAX_BYTES)
        self._key = _store.key(folder, _FORMAT, name)
        self._run, self._known = self._load()
        self._added = False

    def __contains__(self, key: str) -> bool:
        return key in self._known

    def get(self, key: str) -> str | None:
        """The answer kept under `key`; None when there is none (or it is None)."""
        entry = self._known.get(key)
        if entry is None:
            return None
        entry[1] = self._run  # recently used
        return entry[0] if isinstance(entry[0], str) else None

    def put(self, key: str, answer: str | None = "") -> None:
        self._known[key] = [answer, self._run]
        self._added = True

    def save(self) -> None:
        if not self._added:
            return
        known = self._known
        if len(known) > KEPT:
            recent = sorted(known.items(), key=lambda item: -int(item[1][1] or 0))[:KEPT]
            known = dict(recent)
        payload = json.dumps({"run": self._run, "kept": known}, separators=(",", ":"))
        self._store.put(self._key, payload.encode())
        self._store.trim()
        self._added = False

    def _load(self) -> tuple[int, dict[str, list[str | int | None]]]:
        payload = self._store.get(self._key)
        if payload is None:
            return 0, {}
        try:
            entry = json.loads(payload)
            run, known = entry["run"], entry["kept"]
        except (ValueError, TypeError, KeyError):
            return 0, {}
        if not (isinstance(run, int) and isinstance(known, dict)):
            return 0, {}
        for value in known.values():
            if not (
                isinstance(value, list)
                and len(value) == 2
                and (value[0] is None or isinstance(value[0], str))
                and isinstance(value[1], int)
            ):
                return 0, {}
        return run + 1, known


class ExampleMemo:
    """The answers of the `valid-example` lint rule (`_lint._ExampleChecker.problem`: why a
    value does not fit the schema at a place) remembered across runs (`Kept`, folder
    `examples/`), each under a key of the question (the place and the value) and of what the
    answer depends on (`Document.schema_basis`): after an edit, only the values checked
    against a schema that reaches it are validated again. The rule still runs over the whole
    document, in its order."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.kept = Kept("examples", document.name)

    def problem(
        self, schema_parts: tuple[str | int, ...], value: Any, compute: Callable[[], str | None]
    ) -> str | None:
        basis = self.document.schema_basis(schema_parts)
        if basis is None:
            return compute()
        try:
            question = json.dumps([list(schema_parts), value], ensure_ascii=False, default=_refuse)
        except (_Uncertain, ValueError):
            return compute()
        key = _store.key(basis, question)
        if key in self.kept:
            return self.kept.get(key)
        answer = compute()
        self.kept.put(key, answer)
        return answer

    def save(self) -> None:
        self.kept.save()


@dataclass
class _Part:
    id: PartId
    value: Any
    digest: str = ""
    refs: set[PartId] = field(default_factory=set)
    # The parts its keyword walk reads more of than their own walk checks: those referenced
    # under an `allOf` (whose members' property names its `required` is checked against) or
    # under a `default` (validated against the schema it sits in), and the component schemas
    # it points into below their root.
    read: set[PartId] = field(default_factory=set)
    pointed_into: set[PartId] = field(default_factory=set)  # component schemas, below the root


class Document:
    """A document split into parts, each with its digest and the parts it reaches; built once
    a run, for the proof and for the lint rules' memo. Raises `_Uncertain` (through `analyse`
    None) for a document this module does not split."""

    def __init__(self, data: dict[str, Any], version: str, name: str = "") -> None:
        self.data = data
        self.version = version
        self.name = name
        self.verdicts = Kept("parts", name)
        self.family = "3.1" if version.startswith("3.1") else "3.0"
        self.parts, self.rest = _split(data)
        self.by_id = {part.id: part for part in self.parts}
        targets: dict[str, PartId | None] = {}
        inside: set[str] = set()  # references into a component schema, below its root
        for part in self.parts:
            text = _encoded(part.id, part.value if part.id != REST else self.rest)
            part.digest = _store.key(text)
            for match in _REF.finditer(text):
                ref = match.group(1)
                if ref not in targets:
                    decoded = json.loads(f'"{ref}"')
                    targets[ref] = target = _target(data, decoded, self.by_id)
                    pointer = ref_parts(decoded) or []
                    if target is not None and _is_schema(target) and len(pointer) > len(target):
                        inside.add(ref)
                target = targets[ref]
                if target is not None and target != part.id:
                    part.refs.add(target)
                    if ref in inside:
                        # Met from here, a subschema may be checked as it is not in the
                        # schema's own walk (as a media type's schema, say).
                        part.read.add(target)
                        part.pointed_into.add(target)
            if part.refs and ('"allOf"' in text or '"default"' in text):
                for ref in self._read_by(part):
                    target = targets.get(ref)
                    if target is not None and target != part.id:
                        part.read.add(target)
        self._targets = targets
        self.tools = _store.tools(*VALIDATOR_DISTRIBUTIONS)
        self.dialect = json.dumps(data.get("jsonSchemaDialect"), default=repr)
        self.closures = closures = _closures(self.parts)
        # The key of each component schema's depth verdict (`_schema_chains`).
        self.depth_keys: dict[PartId, str] = {}
        self._read_memo: dict[PartId, tuple[list[str], list[PartId], list[str]]] = {}
        # What a check of a part that follows references depends on, as one key.
        self.reach: dict[PartId, str] = {}
        for part in self.parts:
            reached = sorted(f"{_name(q)}={self.by_id[q].digest}" for q in closures[part.id])
            self.reach[part.id] = _store.key(
                self.tools, self.family, self.dialect, _name(part.id), part.digest, *reached
            )
        self._check_depth()

    def _read_by(self, part: _Part) -> list[str]:
        """The references under an `allOf` or a `default` in a part (as its JSON text writes
        them), kept in the verdicts' entry under the part's digest (a walk of GitHub's
        schemas costs 0.05 s)."""
        key = _store.key("read", _FORMAT, part.digest)
        kept = self.verdicts.get(key)
        if kept is not None:
            with contextlib.suppress(ValueError):
                refs = json.loads(kept)
                if isinstance(refs, list) and all(isinstance(r, str) for r in refs):
                    return refs
        found: set[str] = set()
        stack: list[tuple[Any, bool]] = [(part.value if part.id != REST else self.rest, False)]
        while stack:
            node, reading = stack.pop()
            if isinstance(node, dict):
                ref = node.get("$ref")
                if reading and isinstance(ref, str):
                    found.add(json.dumps(ref, ensure_ascii=False)[1:-1])
                below = reading or "default" in node
                stack.extend(
                    (v, below or k == "allOf")
                    for k, v in node.items()
                    if isinstance(v, dict | list)
                )
            elif isinstance(node, list):
                stack.extend((v, reading) for v in node if isinstance(v, dict | list))
        refs = sorted(found)
        self.verdicts.put(key, json.dumps(refs, ensure_ascii=False))
        return refs

    def walk_basis(self, pid: PartId) -> str:
        """A key of what the keyword walk of a part depends on, given that every component
        schema passes its own walk (the proof asks that of each): the part's content, and
        that of each part it reaches other than through a component schema; a component
        schema it refers to as a whole only by name (its walk visits it, and a visit finds
        only what the schema's own walk finds), and the `reach` of each part it reads
        (`_Part.read`)."""
        through, named, read = self._reads(pid)
        return _store.key("walk", _FORMAT, *through, "named", *map(_name, named), "read", *read)

    def _reads(self, pid: PartId) -> tuple[list[str], list[PartId], list[str]]:
        """For a check of a part that stops at component schemas: the part and each part it
        reaches other than through a component schema, by content (with the check's
        setting: the tools, the version, the dialect); the component schemas it refers to;
        the `reach` of each part it reads (`_Part.read`)."""
        found = self._read_memo.get(pid)
        if found is None:
            found = self._read_memo[pid] = self._reads_now(pid)
        return found

    def _reads_now(self, pid: PartId) -> tuple[list[str], list[PartId], list[str]]:
        named: set[PartId] = set()
        read: set[str] = set()
        through = {f"{_name(pid)}={self.by_id[pid].digest}"}
        seen = {pid}
        pending = [pid]
        while pending:
            part = self.by_id[pending.pop()]
            read.update(self.reach[q] for q in part.read)
            for target in part.refs:
                if target in seen:
                    continue
                seen.add(target)
                if _is_schema(target):
                    named.add(target)
                else:
                    through.add(f"{_name(target)}={self.by_id[target].digest}")
                    pending.append(target)
        setting = [self.tools, self.family, self.dialect]
        return setting + sorted(through), sorted(named), sorted(read)

    def _check_depth(self) -> None:
        """`_check_depth` of the document, part by part; the document passes when every part
        does (its JSON nesting is the deepest of theirs; every chain of schemas starts in
        one of them). A part's check starts at its place and follows references.

        First the component schemas (`_schema_chains`), each verdict keeping the longest chain
        starting at the schema. Then the other parts, whose checks stop at the component
        schemas and count their chains: a verdict is kept under the part's content, the parts
        it reaches other than through a schema, and the chain of each schema it refers to
        (`_reads`)."""
        verdicts = self.verdicts
        schema_parts = [p for p in self.parts if _is_schema(p.id)]
        chains, whole = self._schema_chains(schema_parts)
        others: list[tuple[_Part, str]] = []
        for part in self.parts:
            if not _is_schema(part.id):
                through, named, read = self._reads(part.id)
                chained = [f"{_name(q)}={chains.get(q, '-')}" for q in named]
                key = _store.key("depth", _FORMAT, *through, "chains", *chained, "read", *read)
                if verdicts.get(key) != "":
                    others.append((part, key))
        if not others or whole:
            for _, key in others:
                verdicts.put(key)
            return
        roots = {p.id: _followed(self.data, p.value) for p in schema_parts}
        known = {id(roots[pid]): chain for pid, chain in chains.items() if chain is not None}
        starts = [
            (self.rest, None, 1) if p.id == REST else (p.value, p.id[-1], len(p.id) + 1)
            for p, _ in others
        ]
        _check_depth(self.data, starts, [], known)
        for _, key in others:
            verdicts.put(key)

    def _schema_chains(self, schema_parts: list[_Part]) -> tuple[dict[PartId, int | None], bool]:
        """The longest chain starting at each component schema (None: not a schema object),
        checked or from the verdicts; and whether the whole document was checked (cold).

        The schemas go by groups that reach one another (a cycle, or one schema), those they
        reach first. A group's verdicts are kept under its schemas' content and the chain of
        each schema it refers to outside it: an edit that leaves a schema's chain as long
        checks that schema only, not all that reach it. (A document where a component schema
        refers to another part, or below a schema's root, keys by `reach` instead.)"""
        if any(p.pointed_into or any(not _is_schema(q) for q in p.refs) for p in schema_parts):
            return self._schema_chains_by_reach(schema_parts)
        verdicts = self.verdicts
        number = {p.id: i for i, p in enumerate(schema_parts)}
        edges = {number[p.id]: sorted(number[q] for q in p.refs) for p in schema_parts}
        groups = [[schema_parts[i] for i in members] for members in _components(edges)]
        chains: dict[PartId, int | None] = {}
        roots: dict[PartId, Any] = {}
        pending, first = groups, True
        while pending:  # a pass in order, then a check of the groups no verdict answered
            todo: list[tuple[list[_Part], dict[PartId, str]]] = []
            waiting: list[list[_Part]] = []
            answered = False
            for group in pending:
                keys = self._group_keys(group, chains)
                if keys is None:  # a group it refers to is checked in this round
                    waiting.append(group)
                    continue
                self.depth_keys.update(keys)
                kept = [verdicts.get(keys[p.id]) for p in group]
                if all(k is not None and (k == "" or k.isdigit()) for k in kept):
                    answered = True
                    for part, k in zip(group, kept, strict=True):
                        chains[part.id] = int(k) if k else None
                else:
                    todo.append((group, keys))
            if first and not answered:  # nothing kept: the whole document in one pass
                return self._schema_chains_at_once(groups), True
            first = False
            if todo:
                if not roots:
                    roots = {p.id: _followed(self.data, p.value) for p in schema_parts}
                known = {id(roots[q]): c for q, c in chains.items() if c is not None}
                members = [p for group, _ in todo for p in group]
                starts = [(p.value, p.id[-1], len(p.id) + 1) for p in members]
                longest = _check_depth(self.data, starts, [p.value for p in members], known)
                for group, keys in todo:
                    for part in group:
                        root = roots[part.id]
                        length = longest.get(id(root)) if isinstance(root, dict) else None
                        chains[part.id] = length
                        verdicts.put(keys[part.id], "" if length is None else str(length))
            pending = waiting
        return chains, False

    def _group_keys(
        self, group: list[_Part], chains: dict[PartId, int | None]
    ) -> dict[PartId, str] | None:
        """The keys of the depth verdicts of a group of schemas that reach one another: their
        content, and the chain of each schema they refer to outside the group; None while
        one of those chains is not known."""
        ids = {p.id for p in group}
        outside = sorted({q for p in group for q in p.refs} - ids)
        if any(q not in chains for q in outside):
            return None
        base = _store.key(
            "depth",
            _FORMAT,
            self.tools,
            self.family,
            self.dialect,
            *sorted(f"{_name(p.id)}={p.digest}" for p in group),
            "chains",
            *(f"{_name(q)}={chains[q]}" for q in outside),
        )
        return {p.id: _store.key(base, _name(p.id)) for p in group}

    def _schema_chains_at_once(self, groups: list[list[_Part]]) -> dict[PartId, int | None]:
        """`_schema_chains` with nothing kept: the whole document checked in one pass, and
        every verdict written."""
        longest = _check_depth(self.data)
        chains: dict[PartId, int | None] = {}
        for group in groups:  # those they reach first
            for part in group:
                root = _followed(self.data, part.value)
                chains[part.id] = longest.get(id(root)) if isinstance(root, dict) else None
            keys = self._group_keys(group, chains)
            assert keys is not None  # the groups they refer to came first
            self.depth_keys.update(keys)
            for part in group:
                length = chains[part.id]
                self.verdicts.put(keys[part.id], "" if length is None else str(length))
        return chains

    def _schema_chains_by_reach(
        self, schema_parts: list[_Part]
    ) -> tuple[dict[PartId, int | None], bool]:
        """`_schema_chains` keyed by each schema's `reach`."""
        verdicts = self.verdicts
        keys = {p.id: _store.key("depth", _FORMAT, self.reach[p.id]) for p in schema_parts}
        self.depth_keys.update(keys)
        todo: list[_Part] = []
        chains: dict[PartId, int | None] = {}
        for part in schema_parts:
            kept = verdicts.get(keys[part.id])
            if kept is None or (kept and not kept.isdigit()):
                todo.append(part)
            else:
                chains[part.id] = int(kept) if kept else None
        if not todo:
            return chains, False
        # A schema that reaches one checked again is checked again too (after an edit, its
        # key has changed anyway): a length counted on a cycle through a schema checked
        # alone would be too long.
        again = {p.id for p in todo}
        todo = [p for p in schema_parts if p.id in again or self.closures[p.id] & again]
        for part in todo:
            chains.pop(part.id, None)
        roots = {p.id: _followed(self.data, p.value) for p in schema_parts}
        whole = len(todo) == len(schema_parts)  # checked at once, every part with them
        if whole:
            longest = _check_depth(self.data)
        else:
            known = {id(roots[q]): c for q, c in chains.items() if c is not None}
            starts: list[tuple[Any, Any, int]] = [(p.value, p.id[-1], len(p.id) + 1) for p in todo]
            longest = _check_depth(self.data, starts, [p.value for p in todo], known)
        for part in todo:
            root = roots[part.id]
            chains[part.id] = length = longest.get(id(root)) if isinstance(root, dict) else None
            verdicts.put(keys[part.id], "" if length is None else str(length))
        return chains, whole

    def schema_basis(self, where: tuple[str | int, ...]) -> str | None:
        """A key of everything validating a value against the schema at `where` depends on:
        the schema's JSON (a part's own root: the part's `reach`) and the `reach` of each part
        its references point into; None when that is not certain."""
        pid = self.part_of(where)
        if pid is None or pid == REST:
            return None
        if tuple(where) == pid:
            return self.reach[pid]
        node = node_at(self.data, where)
        if node is MISSING:
            return None
        try:
            text = json.dumps(node, ensure_ascii=False, default=_refuse)
        except (_Uncertain, ValueError):
            return None
        reached: set[str] = set()
        for match in _REF.finditer(text):
            target = self._targets.get(match.group(1))
            if target is None:
                return None
            reached.add(self.reach[target])
        return _store.key("schema", self.tools, self.family, self.dialect, text, *sorted(reached))

    def part_of(self, where: tuple[str | int, ...]) -> PartId | None:
        """The part holding the node at `where` (pointer parts), None when above the parts."""
        head = where[:1]
        if head in (("paths",), ("webhooks",)) and len(where) >= 2:
            pid: PartId = (str(where[0]), str(where[1]))
        elif head == ("components",) and len(where) >= 3:
            pid = ("components", str(where[1]), str(where[2]))
        else:
            return REST if (where and where[0] not in ("paths", "webhooks", "components")) else None
        return pid if pid in self.by_id else None


# How deep the whole run may have to recurse, at most, for this module to answer: the whole
# validator stops with "refers to itself too deeply" (RecursionError) where a part's check,
# starting lower or skipping what was proven before, may not. Measured with the default
# recursion limit (1,000): the meta-schema check of a 3.1 document fails from a JSON depth of
# about 170 (3.0: 250), the keyword walk from a chain of about 950 schemas; GitHub's REST
# description has a JSON depth of 22 and schema chains of at most 12.
MAX_JSON_DEPTH = 64
MAX_SCHEMA_CHAIN = 48
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")


def _check_depth(
    data: dict[str, Any],
    starts: list[tuple[Any, Any, int]] | None = None,
    schemas: list[Any] | None = None,
    known: dict[int, int] | None = None,
) -> dict[int, int]:
    """Raise `_Uncertain` unless the whole validator certainly recurses far less deep than
    Python allows: the document's nesting, and the longest chain of schemas its keyword walk
    can follow (through `$ref`, a cycle counting each of its schemas), are small. (A cycle
    the walk recurses around without end fails wherever it is met, so in a part's walk too:
    a schema on it is never proven, and so never skipped.)

    `starts`: check only below these (value, key, JSON depth) and the chains starting there
    or at `schemas` (component schemas); by default the whole document. `known`: schemas (by
    `id`) whose longest chain is known, which the check does not follow but counts. Returns
    the longest chain starting at each schema the check met (by `id`)."""
    if sys.getrecursionlimit() < 1000:
        raise _Uncertain("a low recursion limit")
    whole = starts is None
    schemas = list(schemas or [])
    stack: list[tuple[Any, Any, int]] = [(data, None, 1)] if starts is None else list(starts)
    while stack:
        node, key, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise _Uncertain("a deeply nested document")
        if isinstance(node, dict):
            if key == "schema":
                schemas.append(node)
            stack.extend((v, k, depth + 1) for k, v in node.items() if k not in DATA_KEYWORDS)
        elif isinstance(node, list):
            stack.extend((v, None, depth + 1) for v in node)
    components = data.get("components")
    if whole and isinstance(components, dict) and isinstance(components.get("schemas"), dict):
        schemas.extend(components["schemas"].values())
    # The schema graph as the walk sees it: a node is a schema object ($ref followed), an edge
    # a subschema it visits.
    known = known or {}
    nodes: dict[int, dict[str, Any]] = {}
    edges: dict[int, list[int]] = {}
    todo = [_followed(data, s) for s in schemas]
    while todo:
        node = todo.pop()
        if not isinstance(node, dict) or id(node) in nodes:
            continue
        nodes[id(node)] = node
        if id(node) in known:
            edges[id(node)] = []  # not followed: its length is known
            continue
        children: list[Any] = []
        for word in _SCHEMA_LISTS:
            if isinstance(node.get(word), list):
                children.extend(node[word])
        for word in ("not", "items"):
            value = node.get(word)
            children.extend(value if isinstance(value, list) else [value])
        if isinstance(node.get("properties"), dict):
            children.extend(node["properties"].values())
        found = [c for c in (_followed(data, c) for c in children) if isinstance(c, dict)]
        edges[id(node)] = [id(c) for c in found]
        todo.extend(found)
    longest: dict[int, int] = {}
    for members in _components(edges):  # sinks first
        if len(members) == 1 and members[0] in known:
            longest[members[0]] = known[members[0]]
            continue
        inside = set(members)
        below = max((longest[c] for m in members for c in edges[m] if c not in inside), default=0)
        for m in members:
            longest[m] = len(members) + below
    if max(longest.values(), default=0) > MAX_SCHEMA_CHAIN:
        raise _Uncertain("a long chain of schemas")
    return longest


def _is_schema(pid: PartId) -> bool:
    return pid[:2] == ("components", "schemas")


def _followed(data: dict[str, Any], node: Any) -> Any:
    for _ in range(64):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        node = resolve_ref(data, node["$ref"])
    raise _Uncertain("a long chain of references")


def _components(edges: dict[int, list[int]]) -> list[list[int]]:
    """Strongly connected components (Tarjan, without recursion), each after those it
    reaches."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    found: list[list[int]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            for i in range(position, len(targets)):
                target = targets[i]
                if target not in index:
                    work.append((node, i + 1))
                    work.append((target, 0))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.append(member)
                        if member == node:
                            break
                    found.append(members)
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return found


def analyse(
    data: dict[str, Any], version: str, stats: Stats | None = None, name: str = ""
) -> Document | None:
    """The document split into parts, or None when it is not split (the cache is off, or
    something here is uncertain)."""
    stats = stats if stats is not None else Stats()
    if _store.cache_root() is None:
        stats.outcome = "no cache"
        return None
    try:
        return Document(data, version, name)
    except _Uncertain as exc:
        stats.outcome = f"uncertain: {exc}"
    except RecursionError:
        stats.outcome = "uncertain: too deep"
    return None


def schema_errors(
    spec: LoadedSpec,
    version: str,
    whole: Callable[[LoadedSpec, str], list[SpecError]],
    document: Document | None,
    stats: Stats | None = None,
) -> list[SpecError]:
    """openapi-spec-validator's findings on `spec`: [] when every part is proven valid,
    else `whole(spec, version)` (the whole-document run)."""
    if document is not None and proven_valid(document, stats):
        return []
    return whole(spec, version)


def proven_valid(document: Document | None, stats: Stats | None = None) -> bool:
    """True only when openapi-spec-validator certainly finds nothing in the document."""
    stats = stats if stats is not None else Stats()
    if document is None:
        return False
    try:
        return _prove(document, stats)
    except _Uncertain as exc:
        stats.outcome = f"uncertain: {exc}"
    except RecursionError:
        stats.outcome = "uncertain: too deep"
    except Exception as exc:  # the validator fails on shapes it does not expect
        stats.outcome = f"uncertain: {type(exc).__name__}"
    finally:
        document.verdicts.save()  # those of the depth check too
    return False


def prove(data: dict[str, Any], version: str, stats: Stats | None = None, name: str = "") -> bool:
    """`proven_valid` of `data` (the document at `name`) analysed now."""
    return proven_valid(analyse(data, version, stats, name), stats)


def _prove(document: Document, stats: Stats) -> bool:
    from ._validate import _DocumentCheck, _validator_class

    data, parts, rest = document.data, document.parts, document.rest
    family, tools, dialect = document.family, document.tools, document.dialect
    validator_cls = _validator_class(document.version)
    stats.parts = len(parts)
    if not _operation_ids_unique(data):
        stats.outcome = "an operationId may be repeated"
        return False

    meta_keys = {
        p.id: _store.key("meta", _FORMAT, tools, family, _name(p.id), p.digest) for p in parts
    }
    walk_keys = {p.id: document.walk_basis(p.id) for p in parts if _walked(p.id, data)}
    # A component schema's own meta-schema check (the dialect's, in the keyword walk) depends
    # on its content alone: proven once, it is not repeated when what it references changes.
    schema_keys = {
        p.id: _store.key("schema", _FORMAT, tools, family, dialect, _name(p.id), p.digest)
        for p in parts
        if p.id[:2] == ("components", "schemas")
    }
    verdicts = document.verdicts
    meta_todo = [p for p in parts if verdicts.get(meta_keys[p.id]) != ""]
    walk_todo = [p for p in parts if p.id in walk_keys and verdicts.get(walk_keys[p.id]) != ""]
    todo_ids = {p.id for p in walk_todo}
    walk_done = {pid for pid in walk_keys if pid not in todo_ids}

    meta = validator_cls.schema_validator
    if not isinstance(meta, _DocumentCheck):
        raise _Uncertain("a document check of another kind")
    properties = meta.schema["properties"]
    if meta_todo and meta.quickly_valid(data):
        # The whole document's meta-schema check finds nothing (jsonschema-rs's first pass,
        # see `_validate._DocumentCheck`): no part needs its own. Nothing is cached from it.
        meta_todo = []
    for part in meta_todo:
        stats.meta_checked += 1
        if part.id == REST:
            errors = meta.iter_errors(rest)
        else:
            errors = meta.descend(_alone(part.id, part.value), properties[part.id[0]])
        if next(iter(errors), None) is not None:
            stats.outcome = f"a finding in {_name(part.id)} (meta-schema)"
            return False

    schema_todo: list[tuple[str, Any]] = []
    if walk_todo:
        from openapi_spec_validator.validation.registries import KeywordValidatorRegistry

        keywords = _memo_keywords(validator_cls)
        root = validator_cls(data).schema_path
        memo = _Memo()
        schemas = data.get("components", {}).get("schemas", {})
        for pid in walk_done:  # schemas proven before: their walks need not run again
            if pid[:2] == ("components", "schemas"):
                value = schemas[pid[2]]
                if isinstance(value, dict) and "$ref" not in value:
                    memo.mark(value, full=True)
        for pid, key in schema_keys.items():
            value = schemas[pid[2]]
            if not isinstance(value, dict) or "$ref" in value:
                continue
            if id(value) in memo.full or verdicts.get(key) == "":
                memo.meta[id(value)] = None  # what the check answers when it finds nothing
                memo._keep.append(value)
            else:
                schema_todo.append((key, value))
        for part in walk_todo:
            stats.walked += 1
            registry: Any = KeywordValidatorRegistry(keywords)
            registry.memo = memo
            if part.id == REST:
                found = registry["tags"](root / "tags")
            elif part.id[0] == "paths":
                found = registry["path"](part.id[1], root / "paths" / part.id[1])
            else:
                found = registry["schema"](root / "components" / "schemas" / part.id[2])
            if next(iter(found), None) is not None:
                stats.outcome = f"a finding in {_name(part.id)} (keyword walk)"
                return False

    checked = [key for key, value in schema_todo if memo.meta.get(id(value), False) is None]
    for key in [
        *(meta_keys[p.id] for p in meta_todo),
        *(walk_keys[p.id] for p in walk_todo),
        *checked,
    ]:
        verdicts.put(key)
        stats.stored += 1
    stats.outcome = "proven"
    return True


def _split(data: dict[str, Any]) -> tuple[list[_Part], dict[str, Any]]:
    """The parts (the rest last) and the rest as a document, entries replaced by stand-ins."""
    parts: list[_Part] = []
    rest = dict(data)
    for container in ("paths", "webhooks"):
        entries = data.get(container)
        if isinstance(entries, dict):
            rest[container] = dict.fromkeys(entries, _STAND_IN)
            parts.extend(_Part((container, str(k)), v) for k, v in entries.items())
    components = data.get("components")
    if isinstance(components, dict):
        kept = dict(components)
        for kind in _KINDS:
            entries = components.get(kind)
            if isinstance(entries, dict):
                kept[kind] = dict.fromkeys(entries, _STAND_IN)
                parts.extend(_Part(("components", kind, str(k)), v) for k, v in entries.items())
        rest["components"] = kept
    parts.append(_Part(REST, None))
    return parts, rest


def _encoded(pid: PartId, value: Any) -> str:
    """The part's place and content as JSON text; values JSON cannot hold (a YAML date, a
    set) are uncertain rather than approximated."""
    try:
        text = json.dumps([list(pid), value], ensure_ascii=False, default=_refuse)
    except ValueError as exc:  # a circular structure
        raise _Uncertain(str(exc)) from None
    if any(word in text for word in _UNCERTAIN):
        raise _Uncertain(f"{_name(pid)} holds a keyword resolved by name")
    return text


def _refuse(value: Any) -> Any:
    raise _Uncertain(f"a {type(value).__name__} value")


def _target(data: dict[str, Any], ref: str, by_id: dict[PartId, _Part]) -> PartId | None:
    """The part a local reference points into; None for what no reference is followed to
    (not local, or pointing nowhere: such a reference is data, `check_document` has refused
    any other)."""
    parts = ref_parts(ref)
    if parts is None:
        return None
    if not parts:
        raise _Uncertain("a reference to the whole document")
    head = parts[0]
    if head in ("paths", "webhooks") and isinstance(data.get(head), dict):
        if len(parts) == 1:
            raise _Uncertain(f"a reference to the whole of {head}")
        pid: PartId = (head, parts[1])
        return pid if pid in by_id else None
    if head == "components" and isinstance(data.get(head), dict):
        if len(parts) == 1:
            raise _Uncertain("a reference to the whole of components")
        if parts[1] in _KINDS and isinstance(data[head].get(parts[1]), dict):
            if len(parts) == 2:
                raise _Uncertain(f"a reference to the whole of components.{parts[1]}")
            pid = ("components", parts[1], parts[2])
            return pid if pid in by_id else None
    return REST


def _closures(parts: list[_Part]) -> dict[PartId, set[PartId]]:
    """Every part each part reaches through `$ref`, transitively (itself left out)."""
    graph = {part.id: part.refs for part in parts}
    found: dict[PartId, set[PartId]] = {}
    for start in graph:
        seen: set[PartId] = set()
        stack = list(graph[start])
        while stack:
            pid = stack.pop()
            if pid in seen:
                continue
            seen.add(pid)
            if pid in found:
                seen |= found[pid]
            else:
                stack.extend(graph[pid])
        seen.discard(start)
        found[start] = seen
    return found


def _walked(pid: PartId, data: dict[str, Any]) -> bool:
    """Whether openapi-spec-validator's keyword walk visits the part: path items, component
    schemas and the root's tags (webhooks and other components only get the meta-schema)."""
    if pid == REST:
        return "tags" in data
    return pid[0] == "paths" or pid[:2] == ("components", "schemas")


def _alone(pid: PartId, value: Any) -> dict[str, Any]:
    """The part's container holding it alone."""
    if pid[0] == "components":
        return {pid[1]: {pid[2]: value}}
    return {pid[1]: value}


@functools.lru_cache(maxsize=1 << 16)  # a large document's parts, made once a run
def _name(pid: PartId) -> str:
    return json.dumps(list(pid), ensure_ascii=False)


def _resolved(data: dict[str, Any], node: Any) -> Any:
    if isinstance(node, dict) and "$ref" in node:
        raise _Uncertain("an operation or path item by reference")
    return node


def _operation_ids_unique(data: dict[str, Any]) -> bool:
    """No operationId repeated across path items, read as the validator reads them."""
    seen: set[str] = set()
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return True
    for item in paths.values():
        item = _resolved(data, item)
        if not isinstance(item, dict):
            raise _Uncertain("a path item that is not an object")
        for method, operation in item.items():
            if method not in _OPERATIONS:
                continue
            operation = _resolved(data, operation)
            if not isinstance(operation, dict):
                raise _Uncertain("an operation that is not an object")
            if "operationId" not in operation or operation["operationId"] is None:
                continue
            op_id = operation["operationId"]
            if not isinstance(op_id, str):
                raise _Uncertain("an operationId that is not a string")
            if op_id in seen:
                return False
            seen.add(op_id)
    return True


class _Memo:
    """What this run's walks have proven about schema objects (by identity; the objects are
    kept alive, so an id is never reused): a visit that ran to its end with no finding."""

    def __init__(self) -> None:
        self.full: set[int] = set()  # as an entry (meta-schema, required, default, children)
        self.nested: set[int] = set()  # as a nested schema (default, children)
        self.meta: dict[int, Any] = {}  # the meta-schema check's answer
        self._keep: list[Any] = []

    def mark(self, value: Any, *, full: bool) -> None:
        self._keep.append(value)
        self.nested.add(id(value))
        if full:
            self.full.add(id(value))


@functools.cache
def _memo_keywords(validator_cls: type) -> dict[str, type]:
    """The validator's keyword validators, its schema checker replaced by `_MemoChecker`."""
    keywords: dict[str, type] = dict(validator_cls.keyword_validators)  # type: ignore[attr-defined]
    checker = keywords["schema"]

    class _MemoChecker(checker):  # type: ignore[valid-type,misc]
        """openapi-spec-validator's schema checker, skipping visits proven clean before.

        A visit of a schema checks, in order: the meta-schema (entries only), that it was not
        visited before (else it stops), its children, `required` against the properties
        (entries only) and its default. A visit that ran to its end with no finding proves
        that a visit of the same object in the same or a weaker context (a nested one) finds
        nothing: its children and default depend only on the object and what it references.
        A skipped visit does not mark the object visited, so later visits in the same walk
        check it again (never less than the walk it replaces). Within one run, a visit may
        end while an ancestor of it is still being checked (a cycle): if that ancestor has a
        finding, the run has one, and then nothing of the run is trusted or cached.
        """

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            memo: _Memo = self.registry.memo
            key = id(schema_value)
            if key not in memo.meta:
                memo._keep.append(schema_value)
                memo.meta[key] = super()._validate_schema_meta(schema, schema_value)
            return memo.meta[key]

        def __call__(
            self, schema: Any, require_properties: bool = True, meta_checked: bool = False
        ) -> Iterator[Any]:
            memo: _Memo = self.registry.memo
            value = schema.read_value()
            key = id(value)
            entry = require_properties and not meta_checked
            nested = not require_properties and meta_checked
            if key in memo.full or (nested and key in memo.nested):
                return
            fresh = key not in self.visited_schema_ids
            found = False
            for error in super().__call__(schema, require_properties, meta_checked):
                found = True
                yield error
            if not found and fresh and key in self.visited_schema_ids and (entry or nested):
                memo.mark(value, full=entry)

    keywords["schema"] = _MemoChecker
    return keywords
