"""Templates stage: render the package's files from the IR with Jinja.

The templates only print; this module prepares every string they print (signatures, literal
values, docstrings) from the IR.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii as _encode_json_string
from typing import Any

import jinja2

from . import _names
from ._config import Settings, templates_dir
from ._features import RAW_EVENT
from ._ir import (
    Api,
    BodyPart,
    LiteralOf,
    NoneValue,
    Nullable,
    Operation,
    Parameter,
    Primitive,
    Resource,
    SecurityScheme,
    Serialization,
    WireLocation,
    nullable,
)
from ._names import ERROR_NAMES
from ._source import py_docstring_body, py_literal
from ._split import SplitModule
from ._typesource import annotation, cast_expression

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
            paragraphs.append(fill(" ".join(lines), width))
        else:
            paragraphs.append(paragraph)
    body = "\n\n".join(paragraphs)
    if "\n" not in body:
        return body
    pad = " " * indent
    indented = "\n".join(pad + line if line else "" for line in body.split("\n"))
    return indented.lstrip() + "\n" + pad


_WHITESPACE = frozenset("\t\n\x0b\x0c\r")  # textwrap's whitespace, besides the space
_SPACES = re.compile(r"( +)")


def fill(text: str, width: int) -> str:
    """`textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)`, for ASCII
    text whose only whitespace is spaces (a docstring's, nearly always) without textwrap's
    general machinery: the same chunks and the same greedy rule, in half the time."""
    if not text.isascii() or not _WHITESPACE.isdisjoint(text):
        return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)
    if len(text) <= width:
        return text.rstrip(" ")  # one line; its trailing whitespace dropped
    chunks = [chunk for chunk in _SPACES.split(text) if chunk]
    chunks.reverse()
    lines: list[str] = []
    while chunks:
        line: list[str] = []
        length = 0
        if chunks[-1][0] == " " and lines:
            chunks.pop()  # no line but the first starts with whitespace
        while chunks and length + len(chunks[-1]) <= width:
            length += len(chunks[-1])
            line.append(chunks.pop())
        if chunks and not line and len(chunks[-1]) > width:
            line.append(chunks.pop())  # a word longer than the line, on a line of its own
        if line and line[-1][0] == " ":
            line.pop()
        if line:
            lines.append("".join(line))
    return "\n".join(lines)


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
    # Endpoint(params=...): (key, ParamStyle(...)) sources for what differs from the default
    params: list[tuple[str, str]]
    parts: list[tuple[str, str]]  # Endpoint(parts=...): (wire name, Part(...)) sources
    idempotency_header: str | None
    scopes: str | None  # Python source of the OAuth2 scopes tuple, when any
    pagination: str | None  # Python source of the runtime's Pagination(...)
    item: str | None  # annotation of one item of a paginated operation
    event: str | None  # annotation of one event of a text/event-stream operation
    item_type: str | None  # the item's type as an expression (`cast_to` of `item`)
    event_type: str | None  # the event's type as an expression


def _arg(p: Parameter) -> str:
    return f"{p.python_name}: {annotation(p.type)}" + (
        f" = {p.default}" if p.default is not None else ""
    )


def _operation_view(op: Operation) -> _OperationView:
    positional = [_arg(p) for p in op.positional_params]
    keyword = [_arg(p) for p in op.query_params + op.header_params + op.cookie_params]
    multipart = op.body is not None and op.body.kind == "multipart"
    if op.body is not None and multipart:
        keyword += [_part_arg(part) for part in op.body.parts]
    elif op.body is not None:
        keyword.append(
            f"{op.body.python_name}: {annotation(op.body.type)}"
            + ("" if op.body.required else " = None")
        )
    args = positional + (["*", *keyword] if keyword else []) + ["**options: Unpack[RequestOptions]"]
    header_values = [(p.wire_name, p.python_name) for p in op.header_params]
    if op.body is not None and (
        op.body.kind == "content"
        or (op.body.kind == "json" and op.body.content_type.lower() != "application/json")
    ):  # a JSON body of another JSON media type (`application/vnd.x+json`) says so
        header_values.append(("Content-Type", py_literal(op.body.content_type)))
    if op.accept is not None:
        header_values.append(("Accept", py_literal(op.accept)))
    mappings = [
        (keyword_name, pairs)
        for keyword_name, pairs in (
            ("path_params", [(p.wire_name, p.python_name) for p in op.path_params]),
            ("query", [(p.wire_name, p.python_name) for p in op.query_params]),
            ("headers", header_values),
            ("cookies", [(p.wire_name, p.python_name) for p in op.cookie_params]),
            (
                "multipart",
                [(part.wire_name, part.python_name) for part in op.body.parts]
                if op.body is not None and multipart
                else [],
            ),
        )
        if pairs
    ]
    styles: list[tuple[WireLocation, str, Serialization]] = [
        (p.location, p.wire_name, p.serialization) for p in op.parameters
    ]
    if op.body is not None:
        styles += [("form", f.wire_name, f.serialization) for f in op.body.fields]
    return _OperationView(
        name=op.method_name,
        constant=op.constant_name,
        method=op.http_method,
        path=op.path,
        security=_tuple_literal(op.security),
        base_url=op.base_url,
        errors=[(status, annotation(model)) for status, model in op.errors],
        args=args,
        returns=annotation(op.returns),
        doc=docstring(_operation_doc(op), 8),
        cast_to=cast_expression(op.returns),
        mappings=mappings,
        body=op.body.python_name if op.body and not multipart else None,
        body_keyword=_BODY_KEYWORDS[op.body.kind] if op.body and not multipart else "json",
        params=[
            (f"({py_literal(location)}, {py_literal(name)})", param_style(s))
            for location, name, s in styles
            if not s.is_default(location)
        ],
        parts=[(py_literal(part.wire_name), part_source(part)) for part in op.body.parts]
        if op.body is not None
        else [],
        idempotency_header=op.idempotency_header,
        scopes=_strings(op.scopes) if op.scopes else None,
        pagination=_pagination_source(op),
        item=annotation(op.pagination.item) if op.pagination else None,
        item_type=cast_expression(op.pagination.item) if op.pagination else None,
        event=_event_annotation(op) if _event_on(op) else None,
        event_type=_event_annotation(op, cast=True) if _event_on(op) else None,
    )


def _event_on(op: Operation) -> bool:
    """Whether an event stream can be opened on the operation (no body, or a JSON one)."""
    return op.body is None or op.body.kind == "json"


def _event_annotation(op: Operation, *, cast: bool = False) -> str | None:
    if op.event is None:
        return None
    if op.event.data is None:
        return RAW_EVENT
    return cast_expression(op.event.data) if cast else annotation(op.event.data)


# The keyword of the runtime's `_request` each kind of body is passed as; a multipart body's
# fields are arguments of their own, passed as the `multipart` mapping.
_BODY_KEYWORDS = {"json": "json", "content": "content", "form": "form"}


def _part_arg(part: BodyPart) -> str:
    return f"{part.python_name}: {annotation(part.type)}" + ("" if part.required else " = None")


def param_style(s: Serialization) -> str:
    """The runtime's `ParamStyle(...)` for a serialization, only non-default keywords."""
    args = [f"style={py_literal(s.style)}", f"explode={s.explode!r}"]
    if s.allow_reserved:
        args.append("allow_reserved=True")
    if s.allow_empty_value:
        args.append("allow_empty_value=True")
    if s.content_type is not None:
        args.append(f"content_type={py_literal(s.content_type)}")
    return f"ParamStyle({', '.join(args)})"


def part_source(part: BodyPart) -> str:
    """The runtime's `Part(...)` for one field of a multipart body."""
    args = [f"kind={py_literal(part.kind)}"]
    if part.content_type is not None:
        args.append(f"content_type={py_literal(part.content_type)}")
    if part.many and part.kind == "json":  # files and text parts take lists as they come
        args.append("many=True")
    return f"Part({', '.join(args)})"


def _strings(values: tuple[str, ...]) -> str:
    """A tuple of strings, without a trailing comma for more than one (kept on one line)."""
    inner = ", ".join(py_literal(v) for v in values)
    return f"({inner},)" if len(values) == 1 else f"({inner})"


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
    if op.body is not None and op.body.kind == "multipart":
        for part in op.body.parts:
            what = "file" if part.kind == "file" else "field"
            lines.append(f"    {part.python_name}: The `{part.wire_name}` {what} of the body.")
    elif op.body is not None:
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


def _scheme_factory(s: SecurityScheme) -> str:
    if s.kind == "api_key":
        return f"api_key_{s.location}({py_literal(s.name)})"
    if s.kind == "oauth2":
        token_url = py_literal(s.token_ref if s.token_ref is not None else s.token_url)
        scopes = f", scopes={_strings(s.scopes)}" if s.scopes else ""
        return f"oauth2({token_url}{scopes})"
    return f"{s.scheme}()"


def _value(p: Parameter) -> str:
    """Python source of a value for a README call: the spec's example, else one of its type."""
    if p.example:
        return p.example
    node = p.type.inner if isinstance(p.type, Nullable) else p.type
    if isinstance(node, LiteralOf) and node.values:
        return py_literal(node.values[0])
    if isinstance(node, Primitive):
        return {"str": py_literal(f"{p.wire_name}-1"), "int": "1", "float": "1.0"}.get(
            node.kind, "True"
        )
    return "..."


def _call(op: Operation, receiver: str, *extra: str) -> str:
    """`receiver.method(required arguments, *extra)`."""
    args = [
        _value(p) if p.location == "path" else f"{p.python_name}={_value(p)}"
        for p in op.parameters
        if p.required
    ]
    return f"{receiver}.{op.method_name}({', '.join([*args, *extra])})"


def _placed(api: Api) -> list[tuple[str, Operation]]:
    """Every operation with what it is called on (`client`, or `client.<resource>`)."""
    return [("client", op) for op in api.operations] + [
        (f"client.{r.attr}", op) for r in api.resources for op in r.operations
    ]


def _oauth2_groups(api: Api, op: Operation) -> list[bool]:
    """For each of the operation's security alternatives, whether it names an OAuth2 scheme."""
    tokens = {s.key for s in api.security_schemes if s.kind == "oauth2"}
    return [bool(tokens & set(group)) for group in op.security]


def _uses_oauth2(api: Api, op: Operation) -> bool:
    return any(_oauth2_groups(api, op))


def _key_suffices(api: Api, op: Operation) -> bool:
    """Whether the API key alone satisfies one of the operation's security alternatives."""
    return not op.security or not all(_oauth2_groups(api, op))


def _simple(op: Operation) -> bool:
    """A plain call the README can show: no body to build, one result."""
    return op.body is None or not op.body.required


def _first_call(api: Api) -> tuple[str, Operation] | None:
    """The operation the README's first example calls: a GET the API key can make."""
    placed = _placed(api)
    gets = [(r, op) for r, op in placed if op.http_method == "GET"]
    plain = [(r, op) for r, op in gets if _key_suffices(api, op) and _simple(op)]
    return next(iter(plain or gets or placed), None)


def _example(api: Api, module: str) -> str:
    """A usage example for the README: construction, one call, error handling, async."""
    env_note = (
        f"# The API key is read from {api.api_key_env_var} unless passed as api_key=...\n"
        if api.api_key_env_var
        else ""
    )
    first = _first_call(api)
    if first is None:
        return f"from {module} import {api.client_name}\n\n{env_note}client = {api.client_name}()"
    receiver, op = first
    returned = "" if isinstance(op.returns, NoneValue) or op.pagination or op.event else "result = "
    shown = "        print(result)\n" if returned else ""
    return (
        f"import asyncio\n\n"
        f"from {module} import {api.async_client_name}, {api.client_name}, APIStatusError\n\n"
        f"{env_note}"
        f"with {api.client_name}() as client:\n"
        f"    try:\n"
        f"        {returned}{_call(op, receiver)}\n"
        f"{shown}"
        f"    except APIStatusError as exc:\n"
        f"        print(exc.status_code, exc.body)\n\n\n"
        f"async def main() -> None:\n"
        f"    async with {api.async_client_name}() as client:\n"
        f"        {returned}await {_call(op, receiver)}\n\n\n"
        f"asyncio.run(main())"
    )


def _hooks_example(api: Api, module: str) -> str | None:
    """The README's example of request and response hooks, on the first API."""
    first = _first_call(api)
    if first is None:
        return None
    receiver, op = first
    return (
        "import logging\n\n"
        "import httpx\n\n"
        f"from {module} import {api.client_name}\n\n\n"
        "def add_trace_header(request: httpx.Request) -> None:\n"
        '    request.headers["X-Trace-Id"] = "trace-0001"  # every attempt and redirect hop\n\n\n'
        "def log_status(response: httpx.Response) -> None:\n"
        '    logging.warning("%s %s -> %d", response.request.method, response.request.url, '
        "response.status_code)\n\n\n"
        f"with {api.client_name}(request_hooks=[add_trace_header], "
        "response_hooks=[log_status]) as client:\n"
        f"    {_call(op, receiver)}"
    )


def _methods(ops: list[Operation]) -> str:
    return ", ".join(f"`{op.method_name}`" for op in ops)


def _opening(api: Api, module: str) -> str:
    return f"from {module} import {api.client_name}\n\nwith {api.client_name}() as client:\n"


def _feature_notes(api: Api, module: str) -> list[dict[str, str | None]]:
    """The package README's sections on the runtime features this API's spec enables: the
    text, and an example calling the API's own methods (None when no call is simple)."""
    notes: list[dict[str, str | None]] = []
    placed = _placed(api)
    opening = _opening(api, module)
    keyed = [(r, op) for r, op in placed if op.idempotency_header]
    if keyed:
        headers = sorted({op.idempotency_header or "" for _, op in keyed})
        example = next(((r, op) for r, op in keyed if _simple(op)), None)
        code = None
        if example is not None:
            receiver, op = example
            header = py_literal(op.idempotency_header or "")
            own_key = "extra_headers={" + header + ': "request-0001"}'
            code = (
                f"{opening}"
                "    # a key made for this call, sent again on each of its retries\n"
                f"    {_call(op, receiver)}\n"
                "    # your own key\n"
                f"    {_call(op, receiver, own_key)}"
            )
        notes.append(
            {
                "text": f"**Idempotency keys**: {_methods([op for _, op in keyed])} send a key "
                f"in {', '.join(f'`{h}`' for h in headers)}, generated once per call and sent "
                "again unchanged on its retries, so these calls are retried like a GET. A key "
                "you pass (the header argument or `extra_headers`) is sent instead.",
                "code": code,
            }
        )
    paged = [(r, op) for r, op in placed if op.pagination]
    if paged:
        receiver, op = paged[0]
        notes.append(
            {
                "text": f"**Pagination**: {_methods([op for _, op in paged])} return a page "
                "(`SyncPage`, or `AsyncPage` from the async client): iterate it (`for` / "
                "`async for`) to walk every item of every page, each page fetched when "
                "reached; `.items`, `.pages()`, `has_next_page()`, `next_page()` and "
                "`.http_response` give the pages themselves. A server that repeats a cursor "
                "raises `PaginationError` rather than looping.",
                "code": f"{opening}"
                f"    for item in {_call(op, receiver)}:  # every item, page after page\n"
                "        print(item)\n"
                f"    page = {_call(op, receiver)}  # the first page alone\n"
                "    print(len(page.items), page.has_next_page())",
            }
        )
    streams = [(r, op) for r, op in placed if op.event]
    if streams:
        receiver, op = streams[0]
        notes.append(
            {
                "text": f"**Event streams**: {_methods([op for _, op in streams])} return a "
                "stream of server-sent events (`Stream`, or `AsyncStream` from the async "
                "client), each event's data parsed into its model as it arrives; use it in a "
                "`with` block (`async with`), which closes the connection on exit, also when "
                "the loop stops early.",
                "code": f"{opening}"
                f"    with {_call(op, receiver)} as events:\n"
                "        for event in events:\n"
                "            print(event)",
            }
        )
    scheme = api.oauth2_scheme
    if scheme is not None:
        needing = [(r, op) for r, op in placed if _uses_oauth2(api, op)]
        example = next(((r, op) for r, op in needing if _simple(op)), None)
        code = None
        if example is not None:
            receiver, op = example
            # one line whatever the spec's scope names hold: it ends a comment
            scopes = " ".join(" and ".join(op.scopes).split()) or "no scopes"
            code = (
                f"from {module} import {api.client_name}\n\n"
                f"# client_id= and client_secret=, or else {api.client_id_env_var} and "
                f"{api.client_secret_env_var}\n"
                f"with {api.client_name}() as client:\n"
                f"    print({_call(op, receiver)})  # with a token for {scopes}"
            )
        notes.append(
            {
                "text": f"**OAuth2 client credentials**: {_methods([op for _, op in needing])} "
                f"send a bearer token the client fetches from {scheme.token_url} with "
                f"`client_id=` and `client_secret=` (or else the `{api.client_id_env_var}` and "
                f"`{api.client_secret_env_var}` environment variables), asking for the scopes "
                "each operation requires. Tokens are cached per set of scopes, fetched again "
                "120 s before they expire and once when the API answers 401; concurrent calls "
                "share one fetch. A token obtained elsewhere can be given as `api_key=` "
                "instead, and is sent as it is.",
                "code": code,
            }
        )
    return notes


# What the package's top level exports besides its APIs: (module, names) imports.
PACKAGE_IMPORTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (".", ("errors",)),
    ("._response", ("APIResponse",)),
    ("._types", ("NOT_GIVEN", "NotGiven", "RequestOptions")),
    ("._version", ("__version__",)),
)
PACKAGE_EXPORTS = tuple(name for _, names in PACKAGE_IMPORTS for name in names)


class Renderer:
    """Renders the package files; one instance per generation."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.env = _environment()
        # The relative import of the package root from an API's top modules: its subpackage's
        # parent, or the package itself when the API is the package (one-off mode).
        self.root = "." if settings.flat else ".."
        self._project_file: dict[str, str] | None = None

    def api_module(self, api: Api) -> str:
        """The dotted name of the module users import an API's client from."""
        pkg = self.settings.import_name
        return pkg if self.settings.flat else f"{pkg}.{api.slug}"

    def _api_dir(self, api: Api) -> str:
        return self.api_module(api).replace(".", "/")

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def project_file(self) -> dict[str, str]:
        """The package's `pyproject.toml`, which also holds its ruff settings (rendered once:
        the formatting of each API's clients needs it too)."""
        if self._project_file is None:
            s = self.settings
            self._project_file = {
                "pyproject.toml": self._render(
                    "package/pyproject.toml.jinja",
                    distribution=s.distribution,
                    version=s.version,
                    description=s.description,
                    import_name=s.import_name,
                )
            }
        return dict(self._project_file)

    def package_files(self, apis: list[Api]) -> dict[str, str]:
        """Files shared by every API: project metadata, package root, runtime."""
        s = self.settings
        pkg = s.import_name
        log_env_var = f"{pkg.upper()}_LOG"
        titles = ", ".join(a.title for a in apis) or "no APIs"
        files = {
            **self.project_file(),
            "README.md": self._render(
                "package/README.md.jinja",
                distribution=s.distribution,
                description=s.description,
                import_name=pkg,
                python_requires=">= 3.10",
                log_env_var=log_env_var,
                hooks_example=_hooks_example(apis[0], self.api_module(apis[0])) if apis else None,
                apis=[
                    {
                        "title": a.title,
                        "example": _example(a, self.api_module(a)),
                        "module": self.api_module(a),
                        "notes": _feature_notes(a, self.api_module(a)),
                        "slug": a.slug,
                        "fake": a.fake_name,
                        "stub": next((name for name, _ in _stubbed(a)), None),
                        "call": _fake_call(a),
                    }
                    for a in apis
                ],
            ),
            f"{pkg}/_version.py": self._render(
                "package/_version.py.jinja",
                version=s.version,
                distribution=s.distribution,
                import_name=pkg,
                log_env_var=log_env_var,
            ),
            f"{pkg}/py.typed": "",
            f"{pkg}/pytest_plugin.py": self._render(
                "package/pytest_plugin.py.jinja",
                import_name=pkg,
                fakes=[
                    (a.slug, a.fake_name, self.api_module(a).removeprefix(pkg) + ".testing")
                    for a in apis
                ],
            ),
        }
        if not s.flat:  # in one-off mode the API's own __init__ is the package's
            files[f"{pkg}/__init__.py"] = self._render(
                "package/__init__.py.jinja",
                module_doc=docstring(f"{s.description}\n\nClients: {titles}.", 0),
                package_imports=PACKAGE_IMPORTS,
                # Constants, then classes, then the rest, as ruff's RUF022 orders `__all__`.
                exports=sorted(
                    PACKAGE_EXPORTS,
                    key=lambda n: (0 if n.isupper() else 1 if n[:1].isupper() else 2, n),
                ),
            )
        if s.changelog is not None and s.changelog.is_file():
            files["CHANGELOG.md"] = s.changelog.read_text(encoding="utf-8")
        runtime = templates_dir() / "runtime"
        for path in sorted(runtime.glob("*.py")):
            files[f"{pkg}/{path.name}"] = path.read_text(encoding="utf-8")
        return files

    def model_files(
        self, api: Api, models_source: str, split: list[SplitModule] | None = None
    ) -> dict[str, str]:
        """The files of one API's subpackage that depend on its models module: the models
        (one module, or one a class when `split`) and the subpackage's exports."""
        base = self._api_dir(api)
        flat = self.settings.flat
        client_doc = f"the {api.title}" + (f", version {api.version}" if api.version else "")
        summary = docstring(f"Client for {client_doc}.\n\n{api.description}".strip(), 0)
        files = {
            f"{base}/__init__.py": self._render(
                "api/__init__.py.jinja",
                module_doc=summary,
                api=api,
                root=self.root,
                package_imports=PACKAGE_IMPORTS if flat else (),
                error_names=ERROR_NAMES,
                # Split models stay in their package, loaded on first use.
                model_names=() if split else api.model_names,
                exports=sorted(
                    {
                        *ERROR_NAMES,
                        *(() if split else api.model_names),
                        *(PACKAGE_EXPORTS if flat else ()),
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
                    f"Import them from here (`from {self.api_module(api)}.models import X`).",
                    0,
                ),
                root=self.root + ".",
                modules=split,
                names=sorted(name for module in split for name in module.names),
            )
            for module in split:
                files[f"{base}/models/{module.module}.py"] = module.source
        else:
            files[f"{base}/models.py"] = models_source
        return files

    def client_files(self, api: Api) -> dict[str, str]:
        """The files of one API's subpackage that do not depend on its models module: the
        clients, the resources and the fake for tests."""
        base = self._api_dir(api)
        schemes = [{"key": s.key, "factory": _scheme_factory(s)} for s in api.security_schemes]
        envelope = [(field, _strings(path)) for field, path in api.error_envelope.items()]
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
            variant["streaming_resources"] = [
                {"attr": r["attr"], "raw": r[key]["streaming"]} for r in resource_views
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
        files = {
            f"{base}/_client.py": self._render(
                "api/_client.py.jinja",
                module_doc=docstring(
                    f"Sync and async clients for {client_doc}.\n\nGenerated by clientgen from {api.spec_file}; do not edit.",
                    0,
                ),
                api=api,
                root=self.root,
                exports=client_exports,
                schemes=schemes,
                envelope=envelope,
                operations=[_operation_view(op) for op in api.operations],
                variants=variants,
                resources=resource_views,
            ),
        }
        files.update(self.testing_files(api))
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
                root=self.root + ".",
                exports=sorted(
                    [
                        view["sync"]["name"],
                        view["sync"]["raw"],
                        view["sync"]["streaming"],
                        view["async_"]["name"],
                        view["async_"]["raw"],
                        view["async_"]["streaming"],
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
                        "streaming_wrapper": "to_streamed_response_wrapper",
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
                        "streaming_wrapper": "async_to_streamed_response_wrapper",
                    },
                ],
            )
        return files

    def testing_files(self, api: Api) -> dict[str, str]:
        """`<api>/testing.py` (the typed fake) and the spec data it checks against."""
        base = self._api_dir(api)
        view = testing_view(api)
        return {
            f"{base}/testing.py": self._render(
                "api/testing.py.jinja",
                module_doc=docstring(
                    f"A fake {api.title} for tests: `{view['fake']}`.\n\nThe real clients run "
                    "against it end to end; every operation answers with the spec's example "
                    "until stubbed, and every request is checked against the spec. "
                    f"Generated by clientgen from {api.spec_file}; do not edit.",
                    0,
                ),
                api=api,
                root=self.root,
                fake_doc=docstring(
                    f"A fake {api.title}: typed stubs per operation, requests checked against "
                    f"the spec.\n\n`client()` and `async_client()` give real `{api.client_name}`"
                    f" and `{api.async_client_name}` clients answered by it.",
                    4,
                ),
                **view,
            ),
            f"{base}/_testing_spec.json": cached_indented_json(fake_spec(api)) + "\n",
        }


# The indented JSON of large values is cached (`_store`, folder `json/`): GitHub's fake spec
# is 6.5 MB of it.
JSON_CACHE_BYTES = 64 * 1024 * 1024
JSON_CACHE_ABOVE = 256 * 1024  # characters of compact JSON


def cached_indented_json(value: Any) -> str:
    """`indented_json`, answered from the cache for a large value written before. json's
    compact encoder (C) writes the same tokens, only the white space differs, so its text is
    the key: a value written the same way compactly is written the same way indented."""
    import json
    import sys

    from . import _store

    compact = json.dumps(value, ensure_ascii=True, default=str)
    if len(compact) < JSON_CACHE_ABOVE:
        return indented_json(value)
    store = _store.Store("json", JSON_CACHE_BYTES)
    entry_key = _store.key("indented-json", _store.tools(), sys.version, compact)
    payload = store.get(entry_key)
    if payload is not None:
        try:
            return payload.decode("ascii")
        except UnicodeDecodeError:
            pass
    # After an edit, most of the value is what it was: the values two levels down (a path, a
    # schema of `components.schemas`) are written as the last run wrote them when their
    # compact text is the same (one entry holds them all, by that text's digest).
    parts_key = _store.key("indented-json parts", _store.tools(), sys.version)
    known = _known_parts(store.get(parts_key))
    used: dict[str, str] = {}
    text = _indented_by_parts(value, known, used)
    store.put(entry_key, text.encode("ascii"))
    store.put(parts_key, json.dumps(used).encode("ascii"))
    store.trim()
    return text


def _known_parts(payload: bytes | None) -> dict[str, str]:
    """The parts an entry holds ({} when there is none, or it is not a map of strings)."""
    import json

    if payload is None:
        return {}
    try:
        found = json.loads(payload.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(found, dict) or not all(isinstance(t, str) for t in found.values()):
        return {}
    return found


def _indented_by_parts(value: Any, known: dict[str, str], used: dict[str, str]) -> str:
    """`indented_json(value)`, taking the text of each value two levels down from `known`
    when it holds it, and putting every such text in `used`."""
    import hashlib
    import json

    if not (isinstance(value, dict) and value):
        return indented_json(value)
    out: list[str] = ["{\n "]
    for i, (key, group) in enumerate(value.items()):
        if i:
            out.append(",\n ")
        out.append(_encode_json_string(_json_key(key)) + ": ")
        if not (isinstance(group, dict) and group):
            _json_value(group, "\n ", out, set())
            continue
        out.append("{\n  ")
        for j, (name, item) in enumerate(group.items()):
            if j:
                out.append(",\n  ")
            out.append(_encode_json_string(_json_key(name)) + ": ")
            compact = json.dumps(item, ensure_ascii=True, default=str)
            digest = hashlib.sha256(compact.encode("ascii")).hexdigest()
            text = known.get(digest)
            if text is None:
                piece: list[str] = []
                _json_value(item, "\n  ", piece, set())
                text = "".join(piece)
            used[digest] = text
            out.append(text)
        out.append("\n }")
    out.append("\n}")
    return "".join(out)


def indented_json(value: Any) -> str:
    """`json.dumps(value, indent=1, ensure_ascii=True, default=str)`, character for character,
    in about half the time: with an indent, json falls back to its pure-Python encoder, whose
    generators cost more than this recursion (GitHub's fake spec: 10 MB, 700,000 values)."""
    out: list[str] = []
    _json_value(value, "\n", out, set())
    return "".join(out)


def _json_float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == math.inf:
        return "Infinity"
    if value == -math.inf:
        return "-Infinity"
    return float.__repr__(value)


def _json_key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _json_float(key)
    if key is True or key is False or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _json_value(value: Any, newline: str, out: list[str], active: set[int]) -> None:
    """Append `value` as json's encoder writes it at the depth `newline` indents to; `active`
    holds the containers being written, as json's check for circular references does."""
    if isinstance(value, str):
        out.append(_encode_json_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_json_float(value))
    elif isinstance(value, list | tuple | dict) and not value:
        out.append("[]" if isinstance(value, list | tuple) else "{}")
    else:
        marker = id(value)
        if marker in active:
            raise ValueError("Circular reference detected")
        active.add(marker)
        inner = newline + " "
        if isinstance(value, list | tuple):
            out.append("[" + inner)
            for i, item in enumerate(value):
                if i:
                    out.append("," + inner)
                _json_value(item, inner, out, active)
            out.append(newline + "]")
        elif isinstance(value, dict):
            out.append("{" + inner)
            for i, (key, item) in enumerate(value.items()):
                if i:
                    out.append("," + inner)
                out.append(_encode_json_string(_json_key(key)) + ": ")
                _json_value(item, inner, out, active)
            out.append(newline + "}")
        else:  # json's `default=str`
            _json_value(str(value), newline, out, active)
        active.discard(marker)


def _resource_view(resource: Resource, api: Api) -> dict[str, Any]:
    text = f"Operations tagged `{resource.tag}`."
    if resource.description:
        text += "\n\n" + resource.description
    return {
        "attr": resource.attr,
        "module": resource.module,
        "doc": docstring(text, 8),
        "sync": {
            "name": resource.class_name,
            "raw": f"{resource.class_name}WithRawResponse",
            "streaming": f"{resource.class_name}WithStreamingResponse",
        },
        "async_": {
            "name": f"Async{resource.class_name}",
            "raw": f"Async{resource.class_name}WithRawResponse",
            "streaming": f"Async{resource.class_name}WithStreamingResponse",
        },
    }


def _client_doc(api: Api, first: str) -> str:
    parts = [first]
    if api.api_key_env_var:
        parts.append(
            f"The API key is `api_key=`, or else the `{api.api_key_env_var}` environment variable, read "
            "when the client is created."
        )
    oauth2 = api.oauth2_scheme
    if oauth2 is not None:
        parts.append(
            "OAuth2 client credentials are `client_id=` and `client_secret=`, or else the "
            f"`{api.client_id_env_var}` and `{api.client_secret_env_var}` environment "
            f"variables: tokens are then fetched from {oauth2.token_url}, cached and refreshed."
        )
    parts.append(
        f"Requests go to {api.default_base_url or 'the base_url given'} unless `base_url=` (or the "
        f"`{api.base_url_env_var}` environment variable) says otherwise."
    )
    return "\n\n".join(parts)


# -- test doubles (`<api>.testing`) --------------------------------------------------------

# Attributes of the runtime's `Fake`, which no operation stub may hide.
_FAKE_ATTRIBUTES = frozenset(
    {
        "api", "spec", "transport", "calls", "mismatches", "sleeps", "client", "async_client",
        "http_client", "async_http_client", "verify", "reset", "close", "aclose", "stub",
        "typed_args", "error_body", "error_response",
    }
)  # fmt: skip


def _stubbed(api: Api) -> list[tuple[str, Operation]]:
    """Every operation with the name of its stub on the fake (`<resource>_<method>` for the
    operations of a resource)."""
    scope = _names.NameScope(_FAKE_ATTRIBUTES)
    found = [
        (_names.claim_method(scope, op.method_name, op.http_method.lower()), op)
        for op in api.operations
    ]
    for resource in api.resources:
        for op in resource.operations:
            name = f"{resource.attr.rstrip('_')}_{op.method_name}"
            found.append((_names.claim_method(scope, name, op.http_method.lower()), op))
    return found


def _schema_refs(node: Any, found: set[str]) -> None:
    prefix = "#/components/schemas/"
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(prefix):
            found.add(ref[len(prefix) :])
        for value in node.values():
            _schema_refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _schema_refs(value, found)


def fake_spec(api: Api) -> dict[str, Any]:
    """What the fake checks requests and stubs against: each operation's parameters, body and
    responses (JSON schemas and examples, from the IR), and the schemas they refer to."""
    operations: dict[str, Any] = {}
    for name, op in _stubbed(api):
        operations[name] = {
            "operation_id": op.operation_id,
            "method": op.http_method,
            "path": op.path,
            "base_url": op.base_url or api.default_base_url,
            "security": [list(group) for group in op.security],
            "params": [
                {
                    "name": p.wire_name,
                    "python_name": p.python_name,
                    "in": p.location,
                    "required": p.required,
                    "schema": p.schema,
                }
                for p in op.parameters
            ],
            "body": None
            if op.body is None
            else {
                "python_name": op.body.python_name,
                "required": op.body.required,
                "media_type": op.body.content_type,
                "kind": op.body.kind,
                "schema": op.body.schema,
                "parts": [
                    {"name": part.wire_name, "python_name": part.python_name, "kind": part.kind}
                    for part in op.body.parts
                ],
            },
            "responses": [
                {
                    "status": r.status,
                    "media_type": r.media_type,
                    "accept": op.accept,
                    "schema": r.schema,
                    "examples": list(r.examples),
                }
                for r in op.responses
            ],
        }
    wanted: set[str] = set()
    _schema_refs(operations, wanted)
    components: dict[str, Any] = {}
    while wanted - components.keys():
        name = sorted(wanted - components.keys())[0]
        components[name] = api.schemas.get(name, True)
        _schema_refs(components[name], wanted)
    return {
        "api": api.name,
        "components": dict(sorted(components.items())),
        "operations": operations,
    }


def _call_fields(op: Operation) -> list[str]:
    """The fields of an operation's call record: required arguments first."""
    required: list[str] = []
    optional: list[str] = []
    for p in op.parameters:
        if p.required:
            required.append(f"{p.python_name}: {annotation(p.type)}")
        else:
            optional.append(f"{p.python_name}: {annotation(nullable(p.type))} = None")
    if op.body is not None and op.body.kind == "multipart":
        for part in op.body.parts:
            (required if part.required else optional).append(_part_arg(part))
    elif op.body is not None:
        body = f"{op.body.python_name}: {annotation(op.body.type)}"
        if op.body.required:
            required.append(body)
        else:
            optional.append(f"{body} = None")
    return required + optional


def _fake_call(api: Api) -> str:
    """The README's call of the first stubbed operation on `client`."""
    stubbed = _stubbed(api)
    if not stubbed or not api.operations:
        return "client"
    op = api.operations[0]
    args = ", ".join(
        (p.example or "...") if p.location == "path" else f"{p.python_name}={p.example or '...'}"
        for p in op.parameters
        if p.required
    )
    return f"client.{op.method_name}({args})"


def testing_view(api: Api) -> dict[str, Any]:
    """What `api/testing.py.jinja` prints: one call record class and one stub per operation."""
    fake = api.fake_name
    classes = _names.class_scope(fake, api.client_name, api.async_client_name, "API")
    stubs = []
    for name, op in _stubbed(api):
        errors = sorted({annotation(model) for _, model in op.errors})
        stubs.append(
            {
                "name": name,
                "call": classes.claim(_names.pascal_case(name, fallback="Operation") + "Call"),
                "fields": _call_fields(op),
                "returns": annotation(op.returns),
                "runtime_type": "type(None)"
                if isinstance(op.returns, NoneValue)
                else annotation(op.returns),
                "error": " | ".join(errors) if errors else "Mapping[str, object]",
                "doc": docstring(
                    f"The arguments of one `{op.http_method} {op.path}` request "
                    f"(`{name}`), as the fake received them.",
                    4,
                ),
            }
        )
    return {"fake": fake, "stubs": stubs}
