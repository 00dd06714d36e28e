"""`build_api`: a validated spec to the IR (`_ir.Api`), every decision made."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import _names
from .._ir import Api, ApiSettings, Operation, Resource
from .._load import LoadedSpec
from ._diagnostics import Diagnostics
from ._envelope import error_envelope
from ._operations import OperationBuilder
from ._schemas import SchemaSet
from ._security import security_schemes, server_url
from ._selection import select_schemas
from ._spec import text
from ._types import TypeMapper

# APIs with more operations than this get one sub-client (resource) per tag: `client.repos.get()`.
GROUP_THRESHOLD = 40


def build_api(
    spec: LoadedSpec,
    settings: ApiSettings,
    *,
    all_models: bool = False,
    diagnostics: Diagnostics | None = None,
) -> Api:
    """Turn a validated spec into an `Api`. Raises SpecErrors listing every fault found.

    Problems go to `diagnostics`, whose policy makes them errors (strict, the default when
    none is given) or warnings (lenient); its warnings end up in `Api.warnings`.

    The models are the schemas the operations use (parameters, request bodies, responses,
    errors), those that `webhooks` use, and everything these refer to; `all_models` keeps every
    component schema as well.
    """
    diag = diagnostics if diagnostics is not None else Diagnostics.strict(spec)
    doc = spec.data
    prefix = settings.class_prefix
    classes = _names.class_scope(
        f"{prefix}Client",
        f"Async{prefix}Client",
        f"{prefix}ClientWithRawResponse",
        f"Async{prefix}ClientWithRawResponse",
        f"{prefix}ClientWithStreamingResponse",
        f"Async{prefix}ClientWithStreamingResponse",
    )
    schemas = SchemaSet(doc, diag, classes)
    schemas.claim_component_names()
    default_url = server_url(doc.get("servers"), ["servers"], diag) or ""
    schemes = security_schemes(doc, diag, default_url)
    builder = OperationBuilder(doc, diag, TypeMapper(doc, schemas), schemes, settings.pagination)
    operations = builder.operations(default_url)
    if not default_url:
        default_url = next((op.base_url for op in operations if op.base_url), "")
    _check_duplicate_operation_ids(diag, operations)
    schemas.report_patterns()
    schemas.report_defaults()
    diag.raise_errors()
    envelope = error_envelope(schemas.schemas, operations)
    selection = select_schemas(
        schemas.schemas, schemas.class_of, operations, doc.get("webhooks"), all_models
    )
    operations, resources = group_by_tag(doc, operations)
    info = doc.get("info") or {}
    key_env = settings.api_key_env or f"{_names.constant_case(settings.slug)}_API_KEY"
    uses_auth = any(
        group
        for op in [*operations, *(o for r in resources for o in r.operations)]
        for group in op.security
    )
    oauth2 = any(s.kind == "oauth2" for s in schemes.values())
    env_prefix = (
        key_env.removesuffix("_API_KEY")
        if key_env.endswith("_API_KEY")
        else _names.constant_case(settings.slug)
    )
    return Api(
        slug=settings.slug,
        spec_file=spec.path.name,
        name=settings.name or settings.class_prefix or text(info.get("title")) or settings.slug,
        class_prefix=settings.class_prefix,
        title=text(info.get("title")) or settings.class_prefix or settings.slug,
        version=text(info.get("version")),
        description=text(info.get("description")),
        default_base_url=default_url,
        api_key_env_var=key_env if uses_auth else None,
        base_url_env_var=f"{env_prefix}_BASE_URL",
        client_id_env_var=f"{env_prefix}_CLIENT_ID" if oauth2 else None,
        client_secret_env_var=f"{env_prefix}_CLIENT_SECRET" if oauth2 else None,
        security_schemes=tuple(schemes[k] for k in sorted(schemes)),
        error_envelope=envelope,
        operations=tuple(operations),
        resources=resources,
        model_names=tuple(sorted(selection.schemas)),
        schemas=selection.schemas,
        warnings=tuple(diag.warnings),
        left_out=selection.left_out,
        model_parts=selection.model_parts,
        component_classes=dict(schemas.class_of),
    )


def group_by_tag(
    doc: dict[str, Any], operations: list[Operation]
) -> tuple[list[Operation], tuple[Resource, ...]]:
    """Put the operations of a large API into one resource per (first) tag.

    Below GROUP_THRESHOLD operations, or with fewer than two tags, every operation stays on
    the client. Untagged operations always stay on the client. Inside a resource the tag is
    dropped from the front of method names (`repos/get` under `repos` is `get`).
    """
    tags = {op.tag for op in operations if op.tag}
    if len(operations) <= GROUP_THRESHOLD or len(tags) < 2:
        return operations, ()
    described = {
        str(t.get("name")): text(t.get("description"))
        for t in doc.get("tags") or []
        if isinstance(t, dict) and t.get("name")
    }
    root = [op for op in operations if not op.tag]
    taken = _names.method_scope()
    for op in root:
        taken.claim(op.method_name)
    classes = _names.NameScope()
    modules = _names.NameScope({"__init__"})
    resources: list[Resource] = []
    for tag in sorted(tags):
        attr = taken.claim(_names.snake_case(tag, fallback="resource"), "_api")
        methods = _names.method_scope()
        constants = _names.NameScope()
        prefix = attr.rstrip("_") + "_"
        grouped: list[Operation] = []
        for op in operations:
            if op.tag != tag:
                continue
            short = (
                op.method_name.removeprefix(prefix)
                if op.method_name.startswith(prefix)
                else op.method_name
            )
            if not short.isidentifier() or short[0].isdigit():
                short = op.method_name
            name = _names.claim_method(
                methods, _names.snake_case(short, fallback="call"), op.http_method.lower()
            )
            grouped.append(
                replace(
                    op,
                    method_name=name,
                    constant_name=constants.claim("_" + _names.constant_case(name)),
                )
            )
        class_name = classes.claim(_names.pascal_case(tag, fallback="Resource") + "Resource")
        resources.append(
            Resource(
                attr=attr,
                class_name=class_name,
                module=modules.claim(
                    _names.module_name(attr.rstrip("_"), fallback="resource"), "_"
                ),
                tag=tag,
                description=described.get(tag, ""),
                operations=tuple(grouped),
            )
        )
    return root, tuple(resources)


def _check_duplicate_operation_ids(diagnostics: Diagnostics, operations: list[Operation]) -> None:
    seen: dict[str, Operation] = {}
    for op in operations:
        first = seen.setdefault(op.operation_id, op)
        if first is not op:
            diagnostics.problem(
                ["paths", op.path, op.http_method.lower(), "operationId"],
                f"operationId {op.operation_id!r} is also used by {first.http_method} {first.path}",
                "operationIds must be unique; rename one",
            )
