"""Which schemas become models: those the operations and webhooks reach, with everything
they refer to (or every schema, in all-models mode)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._ir import Operation, model_names_in
from .._refs import component_name


@dataclass(frozen=True)
class Selection:
    schemas: dict[str, Any]  # the schemas to generate, by class name
    left_out: int  # schemas no operation uses, not generated
    # With all-models: the used schemas and the rest (closed under references), which the
    # model generator may run over apart.
    model_parts: tuple[tuple[str, ...], ...] = ()


def select_schemas(
    schemas: dict[str, Any],
    class_of: dict[str, str],
    operations: list[Operation],
    webhooks: Any,
    all_models: bool,
) -> Selection:
    """Keep the schemas an operation or webhook reaches, and count the others in
    `left_out`; with `all_models`, keep every schema and note in `model_parts` the two
    groups (used, and the rest with what it refers to) that can be generated apart."""
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
        rest = _closure(unused, schemas, class_of)
        return Selection(schemas, 0, (tuple(sorted(used)), tuple(sorted(rest))))
    kept = {name: schema for name, schema in schemas.items() if name in used}
    return Selection(kept, len(unused))


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
