"""Templates stage: render the package's files from the IR with Jinja.

The templates only print; this module prepares every string they print (signatures, literal
values, docstrings) from the IR.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

import jinja2

from ._config import Settings, templates_dir
from ._ir import Api, Operation, Parameter, Resource
from ._names import ERROR_NAMES
from ._source import py_docstring_body, py_literal
from ._split import SplitModule

_LINE = 100


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " or c == "\t" else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["literal"] = py_literal
    env.filters["toml"] = _toml_string
    return env


def docstring(text: str, indent: int) -> str:
    """A docstring body: wrapped, escaped, and closed on its own line when multi-line."""
    body = py_docstring_body(text)
    width = _LINE - indent
    paragraphs = []
    for paragraph in body.split("\n\n"):
        lines = paragraph.split("\n")
        if all(not line.startswith((" ", "-", "*")) for line in lines):
            paragraphs.append(
                textwrap.fill(
                    " ".join(lines), width, break_long_words=False, break_on_hyphens=False
                )
            )
        else:
            paragraphs.append(paragraph)
    body = "\n\n".join(paragraphs)
    if "\n" not in body:
        return body
    pad = " " * indent
    indented = "\n".join(pad + line if line else "" for line in body.split("\n"))
    return indented.lstrip() + "\n" + pad


@dataclass(frozen=True)
class _OperationView:
    name: str
    constant: str
    method: str
    path: str
    security: str
    base_url: str | None
    errors: list[tuple[str, str]]
    args: list[str]
    returns: str
    doc: str
    cast_to: str
    mappings: list[tuple[str, list[tuple[str, str]]]]  # keyword -> (wire name, Python expression)
    body: str | None
    body_keyword: str  # json, content or form
    idempotency_header: str | None
    pagination: str | None  # Python source of the runtime's Pagination(...)
    item: str | None  # annotation of one item of a paginated operation
    event: str | None  # annotation of one event of a text/event-stream operation


def _arg(p: Parameter) -> str:
    return f"{p.python_name}: {p.annotation}" + (f" = {p.default}" if p.default is not None else "")


def _operation_view(op: Operation) -> _OperationView:
    positional = [_arg(p) for p in op.path_params]
    keyword = [_arg(p) for p in op.query_params + op.header_params]
    if op.body is not None:
        keyword.append(
            f"{op.body.python_name}: {op.body.annotation}" + ("" if op.body.required else " = None")
        )
    args = positional + (["*", *keyword] if keyword else []) + ["**options: Unpack[RequestOptions]"]
    header_values = [(p.wire_name, p.python_name) for p in op.header_params]
    if op.body is not None and op.body.kind == "content":
        header_values.append(("Content-Type", py_literal(op.body.content_type)))
    if op.accept is not None:
        header_values.append(("Accept", py_literal(op.accept)))
    mappings = [
        (keyword_name, pairs)
        for keyword_name, pairs in (
            ("path_params", [(p.wire_name, p.python_name) for p in op.path_params]),
            ("query", [(p.wire_name, p.python_name) for p in op.query_params]),
            ("headers", header_values),
        )
        if pairs
    ]
    return _OperationView(
        name=op.method_name,
        constant=op.constant_name,
        method=op.http_method,
        path=op.path,
        security=_tuple_literal(op.security),
        base_url=op.base_url,
        errors=list(op.errors),
        args=args,
        returns=op.return_annotation,
        doc=docstring(_operation_doc(op), 8),
        cast_to="NoneType" if op.cast_to == "type(None)" else op.cast_to,
        mappings=mappings,
        body=op.body.python_name if op.body else None,
        body_keyword=op.body.kind if op.body else "json",
        idempotency_header=op.idempotency_header,
        pagination=_pagination_source(op),
        item=op.pagination.item_annotation if op.pagination else None,
        event=op.event if op.body is None or op.body.kind == "json" else None,
    )


def _path_literal(path: tuple[str, ...]) -> str:
    return "(" + "".join(f"{py_literal(key)}, " for key in path).rstrip(" ") + ")"


def _pagination_source(op: Operation) -> str | None:
    p = op.pagination
    if p is None:
        return None
    args = [f"kind={py_literal(p.kind)}"]
    if p.items:
        args.append(f"items={_path_literal(p.items)}")
    if p.param:
        args.append(f"param={py_literal(p.param)}")
    if p.next_cursor:
        args.append(f"next_cursor={_path_literal(p.next_cursor)}")
    if p.has_more:
        args.append(f"has_more={_path_literal(p.has_more)}")
    return f"Pagination({', '.join(args)})"


def _operation_doc(op: Operation) -> str:
    summary = op.summary or op.description.split("\n", 1)[0] or f"{op.http_method} {op.path}"
    parts = [summary.rstrip(".") + "."]
    if op.description and op.description != op.summary:
        parts.append(op.description)
    if op.deprecated:
        parts.append("Deprecated: the API marks this operation as deprecated.")
    params = [*op.parameters]
    lines = []
    for p in params:
        text = " ".join(p.description.split()) or f"The `{p.wire_name}` {p.location} parameter."
        lines.append(f"    {p.python_name}: {text}")
    if op.body is not None:
        lines.append(
            f"    {op.body.python_name}: {' '.join(op.body.description.split()) or 'The request body.'}"
        )
    if lines:
        parts.append("Args:\n" + "\n".join(lines))
    parts.append(f"`{op.http_method} {op.path}` (operationId `{op.operation_id}`).")
    return "\n\n".join(parts)


def _tuple_literal(groups: tuple[tuple[str, ...], ...]) -> str:
    inner = ", ".join(
        "(" + "".join(f"{py_literal(s)}, " for s in g).rstrip(" ") + ")" for g in groups
    )
    return f"({inner},)" if groups else "()"


def _scheme_factory(kind: str, name: str, location: str, scheme: str) -> str:
    if kind == "api_key":
        return f"api_key_{location}({py_literal(name)})"
    return f"{scheme}()"


def _example(api: Api, import_name: str) -> str:
    """A usage example for the README: construction, one call, error handling, async."""
    module = f"{import_name}.{api.slug}"
    op = next(
        (o for o in api.operations if o.http_method == "GET"),
        api.operations[0] if api.operations else None,
    )
    receiver = "client"
    if op is None and api.resources:
        first = api.resources[0]
        op = next((o for o in first.operations if o.http_method == "GET"), first.operations[0])
        receiver = f"client.{first.attr}"
    env_note = (
        f"# The API key is read from {api.api_key_env_var} unless passed as api_key=...\n"
        if api.api_key_env_var
        else ""
    )
    if op is None:
        return f"from {module} import {api.client_name}\n\n{env_note}client = {api.client_name}()"
    call_args = ", ".join(
        (p.example or "...") if p.location == "path" else f"{p.python_name}={p.example or '...'}"
        for p in op.parameters
        if p.required
    )
    return (
        f"import asyncio\n\n"
        f"from {module} import {api.async_client_name}, {api.client_name}, APIStatusError\n\n"
        f"{env_note}"
        f"with {api.client_name}() as client:\n"
        f"    try:\n"
        f"        result = {receiver}.{op.method_name}({call_args})\n"
        f"    except APIStatusError as exc:\n"
        f"        print(exc.status_code, exc.body)\n\n\n"
        f"async def main() -> None:\n"
        f"    async with {api.async_client_name}() as client:\n"
        f"        result = await {receiver}.{op.method_name}({call_args})\n\n\n"
        f"asyncio.run(main())"
    )


def _methods(ops: list[Operation]) -> str:
    return ", ".join(f"`{op.method_name}`" for op in ops)


def _feature_notes(api: Api) -> list[str]:
    """Paragraphs of the package README on the runtime features this API's spec enables."""
    notes: list[str] = []
    keyed = [op for op in api.all_operations if op.idempotency_header]
    if keyed:
        headers = sorted({op.idempotency_header or "" for op in keyed})
        notes.append(
            f"**Idempotency keys**: {_methods(keyed)} send a key in "
            f"{', '.join(f'`{h}`' for h in headers)}, generated once per call and sent again "
            "unchanged on its retries, so these calls are retried like a GET. A key you pass "
            "(the header argument or `extra_headers`) is sent instead."
        )
    paged = [op for op in api.all_operations if op.pagination]
    if paged:
        notes.append(
            f"**Pagination**: {_methods(paged)} return a page (`SyncPage`, or `AsyncPage` from "
            "the async client): iterate it (`for` / `async for`) to walk every item of every "
            "page, each page fetched when reached; `.items`, `.pages()`, `has_next_page()`, "
            "`next_page()` and `.http_response` give the pages themselves. A server that "
            "repeats a cursor raises `PaginationError` rather than looping."
        )
    streams = [op for op in api.all_operations if op.event]
    if streams:
        notes.append(
            f"**Event streams**: {_methods(streams)} return a stream of server-sent events "
            "(`Stream`, or `AsyncStream` from the async client), each event's data parsed into "
            "its model as it arrives; use it in a `with` block (`async with`), which closes "
            "the connection on exit, also when the loop stops early."
        )
    return notes


class Renderer:
    """Renders the package files; one instance per generation."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.env = _environment()

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def package_files(self, apis: list[Api]) -> dict[str, str]:
        """Files shared by every API: project metadata, package root, runtime."""
        s = self.settings
        pkg = s.import_name
        log_env_var = f"{pkg.upper()}_LOG"
        titles = ", ".join(a.title for a in apis) or "no APIs"
        files = {
            "pyproject.toml": self._render(
                "package/pyproject.toml.jinja",
                distribution=s.distribution,
                version=s.version,
                description=s.description,
                import_name=pkg,
            ),
            "README.md": self._render(
                "package/README.md.jinja",
                distribution=s.distribution,
                description=s.description,
                import_name=pkg,
                python_requires=">= 3.10",
                log_env_var=log_env_var,
                apis=[
                    {"title": a.title, "example": _example(a, pkg), "notes": _feature_notes(a)}
                    for a in apis
                ],
            ),
            f"{pkg}/__init__.py": self._render(
                "package/__init__.py.jinja",
                module_doc=docstring(f"{s.description}\n\nClients: {titles}.", 0),
            ),
            f"{pkg}/_version.py": self._render(
                "package/_version.py.jinja",
                version=s.version,
                distribution=s.distribution,
                import_name=pkg,
                log_env_var=log_env_var,
            ),
            f"{pkg}/py.typed": "",
        }
        if s.changelog is not None and s.changelog.is_file():
            files["CHANGELOG.md"] = s.changelog.read_text(encoding="utf-8")
        runtime = templates_dir() / "runtime"
        for path in sorted(runtime.glob("*.py")):
            files[f"{pkg}/{path.name}"] = path.read_text(encoding="utf-8")
        return files

    def api_files(
        self, api: Api, models_source: str, split: list[SplitModule] | None = None
    ) -> dict[str, str]:
        """The subpackage of one API: client, models (one module, or one a class when `split`),
        exports."""
        pkg = self.settings.import_name
        base = f"{pkg}/{api.slug}"
        schemes = [
            {"key": s.key, "factory": _scheme_factory(s.kind, s.name, s.location, s.scheme)}
            for s in api.security_schemes
        ]
        envelope = [
            (
                field,
                "("
                + ", ".join(py_literal(k) for k in path)
                + ("," if len(path) == 1 else "")
                + ")",
            )
            for field, path in api.error_envelope.items()
        ]
        client_doc = f"the {api.title}" + (f", version {api.version}" if api.version else "")
        variants: list[dict[str, Any]] = [
            {
                "client": api.client_name,
                "base": "SyncAPIClient",
                "raw": f"{api.client_name}WithRawResponse",
                "streaming": f"{api.client_name}WithStreamingResponse",
                "streaming_wrapper": "to_streamed_response_wrapper",
                "def": "def",
                "page": "SyncPage",
                "stream": "Stream",
                "open_stream": "open_stream",
                "first_page": "first_page",
                "await": "",
                "wrapper": "to_raw_response_wrapper",
                "doc": docstring(_client_doc(api, f"Synchronous client for {client_doc}."), 4),
            },
            {
                "client": api.async_client_name,
                "base": "AsyncAPIClient",
                "raw": f"{api.async_client_name}WithRawResponse",
                "streaming": f"{api.async_client_name}WithStreamingResponse",
                "streaming_wrapper": "async_to_streamed_response_wrapper",
                "def": "async def",
                "page": "AsyncPage",
                "stream": "AsyncStream",
                "open_stream": "aopen_stream",
                "first_page": "afirst_page",
                "await": "await ",
                "wrapper": "async_to_raw_response_wrapper",
                "doc": docstring(_client_doc(api, f"Asynchronous client for {client_doc}."), 4),
            },
        ]
        resource_views = [_resource_view(r, api) for r in api.resources]
        for variant, key in zip(variants, ("sync", "async_"), strict=True):
            variant["resources"] = [
                {"attr": r["attr"], "raw": r[key]["raw"]} for r in resource_views
            ]
        client_exports = sorted(
            [
                api.client_name,
                api.async_client_name,
                f"{api.client_name}WithRawResponse",
                f"{api.async_client_name}WithRawResponse",
                "API",
            ]
        )
        summary = docstring(f"Client for {client_doc}.\n\n{api.description}".strip(), 0)
        files = {
            f"{base}/_client.py": self._render(
                "api/_client.py.jinja",
                module_doc=docstring(
                    f"Sync and async clients for {client_doc}.\n\nGenerated by clientgen from {api.spec_file}; do not edit.",
                    0,
                ),
                api=api,
                exports=client_exports,
                schemes=schemes,
                envelope=envelope,
                operations=[_operation_view(op) for op in api.operations],
                variants=variants,
                resources=resource_views,
            ),
            f"{base}/__init__.py": self._render(
                "api/__init__.py.jinja",
                module_doc=summary,
                api=api,
                error_names=ERROR_NAMES,
                # Split models stay in their package, loaded on first use.
                model_names=() if split else api.model_names,
                exports=sorted(
                    {
                        *ERROR_NAMES,
                        *(() if split else api.model_names),
                        api.client_name,
                        api.async_client_name,
                    }
                ),
            ),
        }
        if split:
            files[f"{base}/models/__init__.py"] = self._render(
                "api/models__init__.py.jinja",
                module_doc=docstring(
                    f"Models of {client_doc}, one module a class, each imported when first used.\n\n"
                    f"Import them from here (`from {self.settings.import_name}.{api.slug}.models import X`).",
                    0,
                ),
                modules=split,
                names=sorted(name for module in split for name in module.names),
            )
            for module in split:
                files[f"{base}/models/{module.module}.py"] = module.source
        else:
            files[f"{base}/models.py"] = models_source
        if api.resources:
            files[f"{base}/resources/__init__.py"] = self._render(
                "api/resources__init__.py.jinja",
                module_doc=docstring(
                    f"The resources of {client_doc}, one module a tag, imported when first used.", 0
                ),
            )
        for resource, view in zip(api.resources, resource_views, strict=True):
            files[f"{base}/resources/{resource.module}.py"] = self._render(
                "api/_resource.py.jinja",
                module_doc=docstring(
                    f"Operations tagged `{resource.tag}` of {client_doc}.\n\nGenerated by clientgen from {api.spec_file}; do not edit.",
                    0,
                ),
                doc=view["doc"],
                exports=sorted(
                    [
                        view["sync"]["name"],
                        view["sync"]["raw"],
                        view["async_"]["name"],
                        view["async_"]["raw"],
                    ]
                ),
                operations=[_operation_view(op) for op in resource.operations],
                variants=[
                    {
                        **view["sync"],
                        "base": "SyncAPIResource",
                        "def": "def",
                        "page": "SyncPage",
                        "stream": "Stream",
                        "open_stream": "open_stream",
                        "first_page": "first_page",
                        "await": "",
                        "wrapper": "to_raw_response_wrapper",
                    },
                    {
                        **view["async_"],
                        "base": "AsyncAPIResource",
                        "def": "async def",
                        "page": "AsyncPage",
                        "stream": "AsyncStream",
                        "open_stream": "aopen_stream",
                        "first_page": "afirst_page",
                        "await": "await ",
                        "wrapper": "async_to_raw_response_wrapper",
                    },
                ],
            )
        return files


def _resource_view(resource: Resource, api: Api) -> dict[str, Any]:
    text = f"Operations tagged `{resource.tag}`."
    if resource.description:
        text += "\n\n" + resource.description
    return {
        "attr": resource.attr,
        "module": resource.module,
        "doc": docstring(text, 8),
        "sync": {"name": resource.class_name, "raw": f"{resource.class_name}WithRawResponse"},
        "async_": {
            "name": f"Async{resource.class_name}",
            "raw": f"Async{resource.class_name}WithRawResponse",
        },
    }


def _client_doc(api: Api, first: str) -> str:
    parts = [first]
    if api.api_key_env_var:
        parts.append(
            f"The API key is `api_key=`, or else the `{api.api_key_env_var}` environment variable, read "
            "when the client is created."
        )
    parts.append(
        f"Requests go to {api.default_base_url or 'the base_url given'} unless `base_url=` (or the "
        f"`{api.base_url_env_var}` environment variable) says otherwise."
    )
    return "\n\n".join(parts)
