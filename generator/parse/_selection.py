"""Which schemas become models: those the operations and webhooks reach, with everything
they refer to (or every schema, in all-models mode)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .._ir import Operation, model_names_in
from .._refs import schemas_named_in, walk_dicts


@dataclass(frozen=True)
class Selection:
    schemas: dict[str, Any]  # the schemas to generate, by class name
    left_out: int  # schemas no operation uses, not generated
    # With all-models, on a large API: two groups of the schemas (see `_two_parts`), which the
    # model generator runs over apart, in two processes.
    model_parts: tuple[tuple[str, ...], ...] = ()


def select_schemas(
    schemas: dict[str, Any],
    class_of: dict[str, str],
    operations: list[Operation],
    webhooks: Any,
    all_models: bool,
) -> Selection:
    """Keep the schemas an operation or webhook reaches, and count the others in
    `left_out`; with `all_models`, keep every schema and note in `model_parts` two groups of
    them (see `_two_parts`) that can be generated apart."""
    wanted: set[str] = set()
    for op in operations:
        for node in [p.type for p in op.parameters] + [op.returns]:
            wanted |= model_names_in(node)
        wanted |= {model.name for _, model in op.errors}
        if op.body is not None:
            wanted |= model_names_in(op.body.type)
            for part in op.body.parts:  # multipart fields are arguments of their own
                wanted |= model_names_in(part.type)
        if op.pagination is not None:
            wanted |= model_names_in(op.pagination.item)
        if op.event is not None and op.event.data is not None:
            wanted |= model_names_in(op.event.data)
    wanted |= schemas_named_in(webhooks, schemas, class_of)
    used = _closure(wanted, schemas, class_of)
    unused = schemas.keys() - used
    if not unused:
        return Selection(schemas, 0)
    if not all_models:
        kept = {name: schema for name, schema in schemas.items() if name in used}
        return Selection(kept, len(unused))
    return Selection(schemas, 0, _two_parts(schemas, used, class_of))


# Both parts need at least this many schemas for the second process to pay for itself.
PARTS_FROM = 200


def _two_parts(
    schemas: dict[str, Any], used: set[str], class_of: dict[str, str]
) -> tuple[tuple[str, ...], ...]:
    """Two groups of `schemas` that cover them, each with everything it refers to and every
    schema that discriminates on one of those (the model generator rewrites a discriminated
    class), of about the same cost to the model generator (`_cost`); none
    when either would be small. The schemas are cut in their order, the used ones first: the
    others alone (GitHub's webhook payloads) are often several times the used ones.

    Only with all-models: with the used schemas alone, the two parts (GitHub's: 591 and 846
    schemas of 1,235) saved 0.4 s of 7.6 s for 1.4 s more CPU, and a spec whose parts named
    an inline class differently (appcenter.ms, `State`) took 11.6 s instead of 8.1 s, as its
    models were then made again in one run."""
    if len(schemas) < 2 * PARTS_FROM:
        return ()
    refers = {name: schemas_named_in(schema, schemas, class_of) for name, schema in schemas.items()}
    needs = {name: set(found) for name, found in refers.items()}
    for name, schema in schemas.items():
        if _discriminates(schema):
            for other in refers[name]:
                needs[other].add(name)
    order = [n for n in schemas if n in used] + [n for n in schemas if n not in used]
    size = {name: _cost(schema) for name, schema in schemas.items()}

    def reach(names: list[str]) -> set[str]:
        found = set(names)
        pending = list(names)
        while pending:
            for other in needs[pending.pop()]:
                if other not in found:
                    found.add(other)
                    pending.append(other)
        return found

    def cut(k: int) -> tuple[set[str], set[str], int]:
        first, second = reach(order[:k]), reach(order[k:])
        return first, second, sum(size[n] for n in first) - sum(size[n] for n in second)

    low, high = 0, len(order)  # the first cut whose first group is the larger
    while low < high:
        middle = (low + high) // 2
        if cut(middle)[2] >= 0:
            high = middle
        else:
            low = middle + 1
    candidates = [cut(k) for k in sorted({max(low - 1, 0), low})]
    first, second, _ = min(candidates, key=lambda c: (abs(c[2]), len(c[0])))
    if min(len(first), len(second)) < PARTS_FROM:
        return ()
    return tuple(sorted(first)), tuple(sorted(second))


def _cost(schema: Any) -> int:
    """About what the model generator spends on a schema, in bytes of its JSON: each field
    counts for 70 more (fitted on GitHub's parts, whose CPU time per byte differed by 15%:
    webhook payloads have more fields a byte)."""
    fields = sum(
        len(node["properties"])
        for node in walk_dicts(schema)
        if isinstance(node.get("properties"), dict)
    )
    return len(json.dumps(schema, default=str)) + 70 * fields


def _discriminates(schema: Any) -> bool:
    """Whether a schema has a `discriminator` anywhere."""
    return any(isinstance(node.get("discriminator"), dict) for node in walk_dicts(schema))


def _closure(names: set[str], schemas: dict[str, Any], class_of: dict[str, str]) -> set[str]:
    """`names` (those that are schemas) and every schema they refer to, directly or not."""
    found: set[str] = set()
    pending = sorted(names & schemas.keys())
    while pending:
        name = pending.pop()
        if name not in found:
            found.add(name)
            pending += sorted(schemas_named_in(schemas[name], schemas, class_of) - found)
    return found
