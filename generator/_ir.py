"""The intermediate representation: what an API offers, with every decision already made.

Templates only read these objects; names here are final, valid and unique Python names.
Types are type nodes (`TypeNode`), rendered to Python source in one place, `_typesource`.
Built by `parse.build_api`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ._config import ApiSettings

ParamLocation = Literal["path", "query", "header", "cookie"]
# Where something is in the spec: the parts of a JSON pointer (for the diff's messages and the
# schema rules it runs on the spec's own schemas).
Pointer = tuple[str | int, ...]

__all__ = [
    "AnyValue",
    "Api",
    "ApiSettings",
    "Binary",
    "ErrorEnvelope",
    "FileUpload",
    "ListOf",
    "LiteralOf",
    "MapOf",
    "ModelRef",
    "NoneValue",
    "Nullable",
    "Operation",
    "Parameter",
    "Primitive",
    "RequestBody",
    "Resource",
    "Response",
    "SecurityScheme",
    "Text",
    "TupleOf",
    "TypeNode",
    "UnionOf",
    "model_names_in",
    "nullable",
]


# -- type nodes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Primitive:
    """A JSON primitive: `str`, `int`, `float` or `bool`; `format` as the spec gives it
    (date, date-time, uuid, ...), kept for comparison; it does not change the Python type."""

    kind: Literal["str", "int", "float", "bool"]
    format: str | None = None


@dataclass(frozen=True)
class ModelRef:
    """A class of the models module, by its final class name."""

    name: str


@dataclass(frozen=True)
class ListOf:
    item: TypeNode


@dataclass(frozen=True)
class TupleOf:
    """A fixed-length array whose positions have their own types (`prefixItems`): `tuple[A,
    B]`. An array whose length may vary is a `UnionOf` of one `TupleOf` per length; one with
    an unbounded tail is a `ListOf` instead (see `parse._types`)."""

    items: tuple[TypeNode, ...]


@dataclass(frozen=True)
class MapOf:
    """An object with string keys; `abstract`: typed as `Mapping` (an argument accepting any
    mapping) rather than `dict`."""

    value: TypeNode
    abstract: bool = False


@dataclass(frozen=True)
class LiteralOf:
    """One of the values listed (an inline enum or a const)."""

    values: tuple[str | int, ...]


@dataclass(frozen=True)
class UnionOf:
    options: tuple[TypeNode, ...]


@dataclass(frozen=True)
class Nullable:
    """`inner`, or None. Build it with `nullable()`, which never nests it."""

    inner: TypeNode


@dataclass(frozen=True)
class Text:
    """A body sent or received as text (`str`), not as JSON."""


@dataclass(frozen=True)
class Binary:
    """A body or file sent or received as bytes."""


@dataclass(frozen=True)
class FileUpload:
    """A file to upload in a multipart body: bytes, a binary file object, a path, or a
    `(filename, content[, content_type])` tuple (the runtime's `FileTypes`)."""


@dataclass(frozen=True)
class NoneValue:
    """No value (an empty response, or a schema allowing only null)."""


@dataclass(frozen=True)
class AnyValue:
    """Any JSON value (a schema that says nothing): `object`."""


TypeNode = (
    Primitive
    | ModelRef
    | ListOf
    | TupleOf
    | MapOf
    | LiteralOf
    | UnionOf
    | Nullable
    | Text
    | Binary
    | FileUpload
    | NoneValue
    | AnyValue
)


def nullable(node: TypeNode, when: bool = True) -> TypeNode:
    """`node | None` when `when`; unchanged for types that already allow None."""
    if not when or isinstance(node, Nullable | AnyValue | NoneValue):
        return node
    return Nullable(node)


def model_names_in(node: TypeNode) -> set[str]:
    """The class names of the models a type refers to."""
    if isinstance(node, ModelRef):
        return {node.name}
    if isinstance(node, ListOf):
        return model_names_in(node.item)
    if isinstance(node, TupleOf):
        return set().union(*(model_names_in(i) for i in node.items))
    if isinstance(node, MapOf):
        return model_names_in(node.value)
    if isinstance(node, Nullable):
        return model_names_in(node.inner)
    if isinstance(node, UnionOf):
        return set().union(*(model_names_in(o) for o in node.options))
    return set()


# -- how values go on the wire ---------------------------------------------------------------

Style = Literal[
    "simple", "label", "matrix", "form", "spaceDelimited", "pipeDelimited", "deepObject"
]
# `form`: a field of an application/x-www-form-urlencoded body.
WireLocation = Literal["path", "query", "header", "cookie", "form"]
# The style OpenAPI assumes when a parameter (or form field encoding) names none.
DEFAULT_STYLE: dict[str, Style] = {
    "path": "simple",
    "header": "simple",
    "query": "form",
    "cookie": "form",
    "form": "form",
}


@dataclass(frozen=True)
class Serialization:
    """How one parameter, or one field of a URL-encoded body, is written on the wire, with
    OpenAPI's defaults resolved (style from the location, explode true for `form` only)."""

    style: Style
    explode: bool
    allow_reserved: bool = False  # query and form fields: reserved characters sent as is
    allow_empty_value: bool = False  # query only: an empty value is sent as `name=`
    content_type: str | None = None  # declared with `content`: encoded as this media type

    @staticmethod
    def default(location: WireLocation) -> Serialization:
        style = DEFAULT_STYLE[location]
        return Serialization(style, style == "form")

    def is_default(self, location: WireLocation) -> bool:
        return self == Serialization.default(location)


@dataclass(frozen=True)
class FormField:
    """A field of a URL-encoded body whose encoding the spec gives."""

    wire_name: str
    serialization: Serialization


@dataclass(frozen=True)
class BodyPart:
    """One field of a multipart/form-data body."""

    wire_name: str
    kind: Literal["file", "text", "json"]
    type: TypeNode  # the argument's type (nullable when optional)
    required: bool
    content_type: str | None = None  # the part's declared type (encoding.contentType)
    many: bool = False  # an array sent as one part per item, all of the field's name
    python_name: str = ""  # the method's keyword argument, unique among its parameters


# -- the API ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    wire_name: str
    python_name: str
    location: ParamLocation
    type: TypeNode  # the argument's type (nullable when optional without a default)
    required: bool
    default: str | None  # Python source of the default (`_typesource.default_source`), or None
    serialization: Serialization  # how it goes on the wire, OpenAPI's defaults resolved
    description: str
    example: str | None = None  # Python source of an example value, for documentation
    schema: Any = None  # the JSON schema (refs to Api.schemas), for the generated test doubles
    source: Pointer = field(default=(), compare=False)  # the parameter object in the spec

    @property
    def positional(self) -> bool:
        """Whether the method takes it as a positional argument (path parameters, in the
        order the operation lists them); the others are keyword-only."""
        return self.location == "path"


@dataclass(frozen=True)
class RequestBody:
    python_name: str
    type: TypeNode  # nullable when optional
    required: bool
    content_type: str
    description: str
    # How the runtime sends it: "json" (encoded), "content" (str or bytes as is), "form"
    # (URL-encoded fields), "multipart" (multipart/form-data parts).
    kind: Literal["json", "content", "form", "multipart"] = "json"
    fields: tuple[FormField, ...] = ()  # form: the fields whose encoding the spec gives
    parts: tuple[BodyPart, ...] = ()  # multipart: every field of the body's schema
    read_only: tuple[str, ...] = ()  # json: properties the schema marks readOnly (not sent)
    schema: Any = None  # the JSON schema of a JSON body (refs to Api.schemas), for test doubles
    source: Pointer = field(default=(), compare=False)  # its media type object in the spec


@dataclass(frozen=True)
class Response:
    """One response an operation declares, for the generated test doubles."""

    status: str  # "200", "4XX", "default"
    media_type: str | None  # the JSON media type, or None (no body, or not JSON)
    schema: Any = None  # JSON schema (refs to Api.schemas), or None
    examples: tuple[Any, ...] = ()  # the spec's example values for it, in order
    source: Pointer = field(default=(), compare=False)  # the response object in the spec


@dataclass(frozen=True)
class SecurityScheme:
    """A scheme the client can send. `oauth2`: an OAuth2 scheme with a clientCredentials flow,
    whose tokens the client fetches itself (other OAuth2 and OpenID Connect schemes are `http`
    bearer: the client is handed a token obtained elsewhere)."""

    key: str  # the spec's scheme name
    kind: Literal["api_key", "http", "oauth2"]
    name: str = ""  # header/query/cookie name for api_key
    location: Literal["header", "query", "cookie"] = "header"
    scheme: str = ""  # bearer / basic for http (bearer for oauth2)
    # oauth2: the flow's tokenUrl, resolved against the server URL when relative
    token_url: str = ""
    # oauth2: the tokenUrl as the spec writes it when it is a relative reference, which the
    # client resolves against its own base URL (so `base_url=` moves it with the API); None
    # when absolute
    token_ref: str | None = None
    scopes: tuple[str, ...] = ()  # oauth2: the scopes the flow declares


@dataclass(frozen=True)
class PaginationDecl:
    """One operation's pagination, checked against the operation (`_features`); see
    `_pagination` in the runtime for what each kind does."""

    kind: str
    items: tuple[str, ...]  # wire path of the item list in the response; () = the body
    item: TypeNode  # the type of one item
    param: str | None = None  # wire name of the cursor / offset / page query parameter
    next_cursor: tuple[str, ...] = ()
    has_more: tuple[str, ...] | None = None


@dataclass(frozen=True)
class EventStream:
    """A `text/event-stream` response: each event's data parsed as `data`, or, when None,
    the events as they are (the runtime's `ServerSentEvent`)."""

    data: TypeNode | None


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method_name: str
    constant_name: str  # module-level Endpoint constant, e.g. _LIST_CONNECTIONS
    http_method: str
    path: str
    summary: str
    description: str
    deprecated: bool
    tag: str | None
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    returns: TypeNode  # the success response's type
    errors: tuple[tuple[str, ModelRef], ...]  # (status key, error model)
    security: tuple[tuple[str, ...], ...]
    base_url: str | None  # the operation's own server, when it differs from the API's
    accept: str | None = None  # the media type asked for, when the response is not JSON
    responses: tuple[Response, ...] = ()  # every declared response, for the test doubles
    idempotency_header: str | None = None  # header of a generated idempotency key (_features)
    pagination: PaginationDecl | None = None  # how its pages follow each other (_features)
    event: EventStream | None = None  # a text/event-stream response (_features)
    # The `servers` list that sets the operation's own server (its own or its path's), if any.
    server_source: Pointer | None = field(default=None, compare=False)

    @property
    def positional_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.positional)

    # OAuth2 scopes named by the first security alternative that names an oauth2 scheme
    scopes: tuple[str, ...] = ()

    @property
    def path_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def query_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "query")

    @property
    def header_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "header")

    @property
    def cookie_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "cookie")


@dataclass(frozen=True)
class Resource:
    """A group of operations under one tag, reached as `client.<attr>` (large APIs only)."""

    attr: str  # attribute on the client, e.g. "repos"
    class_name: str  # e.g. "ReposResource"; the async one is "Async" + class_name
    module: str  # module under <api>/resources/, e.g. "repos"
    tag: str
    description: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class ErrorEnvelope:
    """Where the API's error body keeps its well-known fields (paths of keys)."""

    code: tuple[str, ...] | None = None
    message: tuple[str, ...] | None = None
    type: tuple[str, ...] | None = None
    trace_id: tuple[str, ...] | None = None
    retry_after: tuple[str, ...] | None = None

    def items(self) -> list[tuple[str, tuple[str, ...]]]:
        """The fields that are set, in a fixed order."""
        found = [
            ("code", self.code),
            ("message", self.message),
            ("type", self.type),
            ("trace_id", self.trace_id),
            ("retry_after", self.retry_after),
        ]
        return [(k, v) for k, v in found if v is not None]


@dataclass(frozen=True)
class Api:
    """One vendor's API, ready to render."""

    slug: str  # the subpackage name, e.g. "feather"
    spec_file: str  # the spec's file name, for headers
    name: str  # the display name, e.g. "Feather"
    class_prefix: str  # e.g. "Feather" -> FeatherClient
    title: str
    version: str
    description: str
    default_base_url: str
    api_key_env_var: str | None
    base_url_env_var: str
    security_schemes: tuple[SecurityScheme, ...]
    error_envelope: ErrorEnvelope
    operations: tuple[Operation, ...]  # those on the client itself
    model_names: tuple[str, ...]  # every class the models module defines, sorted
    # The schemas handed to the model generator: {class name: JSON schema}.
    schemas: dict[str, Any] = field(default_factory=dict, compare=False)
    warnings: tuple[str, ...] = ()
    resources: tuple[Resource, ...] = ()
    left_out: int = 0  # component schemas no operation uses, not generated (see `all_models`)
    # Groups of schema names, each closed under references, that together cover `schemas`:
    # the model generator may run over them apart (all-models mode only).
    model_parts: tuple[tuple[str, ...], ...] = field(default=(), compare=False)
    # The class of every component schema, by the schema's name (generated or not).
    component_classes: dict[str, str] = field(default_factory=dict[str, str], compare=False)
    # Environment variables of the OAuth2 client id and secret; None without an oauth2 scheme.
    client_id_env_var: str | None = None
    client_secret_env_var: str | None = None

    @property
    def all_operations(self) -> tuple[Operation, ...]:
        """Every operation, the client's own first, then each resource's."""
        return self.operations + tuple(op for r in self.resources for op in r.operations)

    @property
    def oauth2_scheme(self) -> SecurityScheme | None:
        """The scheme whose tokens the client fetches (the first oauth2 one by name)."""
        return next((s for s in self.security_schemes if s.kind == "oauth2"), None)

    @property
    def client_name(self) -> str:
        return f"{self.class_prefix}Client"

    @property
    def async_client_name(self) -> str:
        return f"Async{self.class_prefix}Client"

    @property
    def fake_name(self) -> str:
        """The class of the typed fake in the `testing` module."""
        return f"Fake{self.class_prefix or 'Client'}"
