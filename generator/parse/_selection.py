"""Which schemas become models: those the operations and webhooks reach, with everything
they refer to (or every schema, in all-models mode)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .._ir import Operation, model_names_in
from .._refs import component_name


@dataclass(frozen=True)
class Selection:
    schemas: dict[str, Any]  # the schemas to generate, by class name
    left_out: int  # schemas no operation uses, not generated
    # With all-models: two groups of schemas (each closed under references) of about the
    # same size, which the model generator may run over apart.
    model_parts: tuple[tuple[str, ...], ...] = ()


def select_schemas(
    schemas: dict[str, Any],
    class_of: dict[str, str],
    operations: list[Operation],
    webhooks: Any,
    all_models: bool,
) -> Selection:
    """Keep the schemas an operation or webhook reaches, and count the others in
    `left_out`; with `all_models`, keep every schema and note in `model_parts` two groups
    (see `_two_parts`) that can be generated apart."""
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
    wanted |= _schemas_named_in(webhooks, schemas, class_of)
    used = _closure(wanted, schemas, class_of)
    unused = schemas.keys() - used
    if not unused:
        return Selection(schemas, 0)
    if all_models:
        first, second = _two_parts(used, schemas, class_of)
        return Selection(schemas, 0, (tuple(sorted(first)), tuple(sorted(second))))
    kept = {name: schema for name, schema in schemas.items() if name in used}
    return Selection(kept, len(unused))


def _two_parts(
    used: set[str], schemas: dict[str, Any], class_of: dict[str, str]
) -> tuple[set[str], set[str]]:
    """Two groups of schemas, each with everything it refers to, that cover `schemas`: the used
    ones with the first of the others (in the schemas' order), and the rest. The cut makes the
    two about the same size in JSON (the model generator's work grows with it): the rest alone
    (GitHub's webhook payloads) is often several times the used ones."""
    others = [name for name in schemas if name not in used]
    size = {name: len(json.dumps(schema, default=str)) for name, schema in schemas.items()}

    def cut(k: int) -> tuple[set[str], set[str], int]:
        first = _closure(used | set(others[:k]), schemas, class_of)
        second = _closure(set(others[k:]), schemas, class_of)
        return first, second, sum(size[n] for n in first) - sum(size[n] for n in second)

    low, high = 0, len(others)  # the first cut whose first group is the larger
    while low < high:
        middle = (low + high) // 2
        if cut(middle)[2] >= 0:
            high = middle
        else:
            low = middle + 1
    candidates = [cut(k) for k in {max(low - 1, 0), low}]
    first, second, _ = min(candidates, key=lambda c: (abs(c[2]), len(c[0])))
    return first, second


def _closure(names: set[str], schemas: dict[str, Any], class_of: dict[str, str]) -> set[str]:
    """`names` (those that are schemas) and every schema they refer to, directly or not."""
    found: set[str] = set()
    pending = sorted(names & schemas.keys())
    while pending:
        name = pending.pop()
        if name not in found:
            found.add(name)
            pending += sorted(_schemas_named_in(schemas[name], schemas, class_of) - found)
    return found


def _schemas_named_in(node: Any, schemas: dict[str, Any], class_of: dict[str, str]) -> set[str]:
    """The classes of the schemas a subtree refers to (`$ref`, discriminator mappings)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            refs = [item.get("$ref")]
            mapping = item.get("mapping") if "propertyName" in item else None
            if isinstance(mapping, dict):
                refs += list(mapping.values())
            for ref in refs:
                name = component_name(ref) if isinstance(ref, str) else None
                if name is not None:
                    found.add(class_of.get(name, name))
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))
    return found & schemas.keys()
