"""The intermediate representation: what an API offers, with every decision already made.

Templates only read these objects; names here are final, valid and unique Python names, and
type annotations are final Python source. Built by `_parse.build_api`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ._config import ApiSettings
from ._features import PaginationDecl

ParamLocation = Literal["path", "query", "header", "cookie"]

__all__ = [
    "Api",
    "ApiSettings",
    "ErrorEnvelope",
    "Operation",
    "Parameter",
    "RequestBody",
    "Resource",
    "SecurityScheme",
]


@dataclass(frozen=True)
class Parameter:
    wire_name: str
    python_name: str
    location: ParamLocation
    annotation: str  # Python source of the argument's type, e.g. 'Literal["a", "b"]'
    required: bool
    default: str | None  # Python source of the default, or None when required
    description: str
    example: str | None = None  # Python source of an example value, for documentation


@dataclass(frozen=True)
class RequestBody:
    python_name: str
    annotation: str
    required: bool
    content_type: str
    description: str
    # How the runtime sends it: "json" (encoded), "content" (str or bytes as is), "form".
    kind: Literal["json", "content", "form"] = "json"


@dataclass(frozen=True)
class SecurityScheme:
    key: str  # the spec's scheme name
    kind: Literal["api_key", "http"]
    name: str = ""  # header/query/cookie name for api_key
    location: Literal["header", "query", "cookie"] = "header"
    scheme: str = ""  # bearer / basic for http


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
    return_annotation: str  # e.g. "list[models.ConnectionResponse]" or "None"
    cast_to: str  # expression passed to the runtime, e.g. "list[models.ConnectionResponse]"
    errors: tuple[tuple[str, str], ...]  # (status key, models.X expression)
    security: tuple[tuple[str, ...], ...]
    base_url: str | None  # the operation's own server, when it differs from the API's
    accept: str | None = None  # the media type asked for, when the response is not JSON
    idempotency_header: str | None = None  # header of a generated idempotency key (_features)
    pagination: PaginationDecl | None = None  # how its pages follow each other (_features)
    event: str | None = None  # text/event-stream: annotation of one event's data (_features)

    @property
    def path_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def query_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "query")

    @property
    def header_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "header")


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

    @property
    def all_operations(self) -> tuple[Operation, ...]:
        """Every operation, the client's own first, then each resource's."""
        return self.operations + tuple(op for r in self.resources for op in r.operations)

    @property
    def client_name(self) -> str:
        return f"{self.class_prefix}Client"

    @property
    def async_client_name(self) -> str:
        return f"Async{self.class_prefix}Client"
