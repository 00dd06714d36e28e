"""Declarative descriptions of an API and its operations, written by the generator.

Each generated vendor client sets ``api = ApiInfo(...)`` and describes every
operation with a module-level ``Endpoint``. The base clients read only these
descriptions; nothing vendor-specific lives in the runtime.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ._retries import is_idempotent

__all__ = [
    "ApiInfo",
    "Endpoint",
    "ErrorEnvelope",
    "Pagination",
    "ParamStyle",
    "Part",
    "SecurityScheme",
]

Style = Literal[
    "simple", "label", "matrix", "form", "spaceDelimited", "pipeDelimited", "deepObject"
]
"""An OpenAPI parameter style."""

Location = Literal["path", "query", "header", "cookie", "form"]
"""Where a value goes: a parameter's ``in``, or ``"form"`` for a field of a URL-encoded body."""


@dataclass(frozen=True)
class ParamStyle:
    """How one parameter, or one field of a URL-encoded body, is written on the wire.

    The generator writes one for every parameter whose serialization differs from
    its location's default (path and header: ``simple``; query, cookie and form
    fields: ``form`` with ``explode``), as the spec declares it.
    """

    style: Style
    explode: bool
    allow_reserved: bool = False
    """Query only: RFC 3986 reserved characters are sent as they are."""

    allow_empty_value: bool = False
    """Query only: an empty value is sent as ``name=`` rather than left out."""

    content_type: str | None = None
    """For a parameter declared with ``content``: the value is encoded as this media
    type (JSON) and sent as one string; ``style`` and ``explode`` then do not apply."""


@dataclass(frozen=True)
class Part:
    """How one field of a ``multipart/form-data`` body is sent.

    ``kind="file"``: the value is a file (``FileTypes``), or a list of files sent as
    parts of the same name; ``"text"``: a primitive written as text (a list of them: one
    part each); ``"json"``: an object or array encoded as JSON, or with ``many=True`` an
    array whose items are sent as JSON parts of the same name. ``content_type`` is the
    part's declared type.
    """

    kind: Literal["file", "text", "json"]
    content_type: str | None = None
    many: bool = False


@dataclass(frozen=True)
class SecurityScheme:
    """How one OpenAPI security scheme puts the API key on a request.

    ``kind="api_key"`` sends the key as is in the header, query parameter or
    cookie called ``name``; ``kind="http"`` sends ``Authorization: Bearer <key>``
    for ``scheme="bearer"`` or HTTP Basic for ``scheme="basic"``, where the key
    is ``"user:password"`` (a key without a colon is a user name with an empty
    password). ``kind="oauth2"`` is an OAuth2 scheme with a client-credentials
    flow: the client fetches tokens from ``token_url`` with its client id and
    secret (see ``_oauth2``), or sends a token given as the API key as a bearer token.
    """

    kind: Literal["api_key", "http", "oauth2"]
    name: str = ""
    location: Literal["header", "query", "cookie"] = "header"
    scheme: str = ""
    token_url: str = ""
    """OAuth2: the token endpoint; a relative reference is resolved against the client's base
    URL, so ``base_url=`` moves it with the API."""

    scopes: tuple[str, ...] = ()
    """OAuth2: the scopes the flow declares (each operation asks for those it needs)."""

    @classmethod
    def api_key_header(cls, name: str) -> SecurityScheme:
        """The key in the request header ``name``."""
        return cls(kind="api_key", name=name, location="header")

    @classmethod
    def api_key_query(cls, name: str) -> SecurityScheme:
        """The key in the query parameter ``name``."""
        return cls(kind="api_key", name=name, location="query")

    @classmethod
    def api_key_cookie(cls, name: str) -> SecurityScheme:
        """The key in the cookie ``name``."""
        return cls(kind="api_key", name=name, location="cookie")

    @classmethod
    def bearer(cls) -> SecurityScheme:
        """``Authorization: Bearer <key>``."""
        return cls(kind="http", scheme="bearer")

    @classmethod
    def basic(cls) -> SecurityScheme:
        """HTTP Basic authentication; the key is ``"user:password"``."""
        return cls(kind="http", scheme="basic")

    @classmethod
    def oauth2(cls, token_url: str, scopes: tuple[str, ...] = ()) -> SecurityScheme:
        """OAuth2 client credentials, tokens fetched from ``token_url``."""
        return cls(kind="oauth2", scheme="bearer", token_url=token_url, scopes=scopes)


@dataclass(frozen=True)
class ErrorEnvelope:
    """Where the vendor's JSON error body keeps its fields.

    Each field is a path of object keys into the parsed body, e.g.
    ``("error", "code")`` for ``{"error": {"code": "..."}}``, or None when the
    vendor has no such field. ``retry_after`` is a number of seconds.
    """

    code: tuple[str, ...] | None = None
    message: tuple[str, ...] | None = None
    type: tuple[str, ...] | None = None
    trace_id: tuple[str, ...] | None = None
    retry_after: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Pagination:
    """How an operation's pages follow each other (see ``_pagination``).

    Field paths are tuples of JSON object keys into the response body.
    """

    kind: Literal["cursor", "offset", "page", "link"]
    items: tuple[str, ...] = ()
    """Where the list of items is; ``()``: the body is the list."""

    param: str = ""
    """The query parameter of the cursor, the offset or the page number."""

    next_cursor: tuple[str, ...] = ()
    """Cursor pagination: where the next page's cursor is (none, null or empty: the last)."""

    has_more: tuple[str, ...] | None = None
    """A boolean field saying whether more pages follow, when the API has one."""


@dataclass(frozen=True)
class ApiInfo:
    """What a client needs to know about one vendor's API."""

    name: str
    """Human-readable API name, e.g. ``"Feather"``."""

    default_base_url: str
    """Base URL from the spec's top-level ``servers``."""

    api_key_env_var: str | None
    """Environment variable holding the API key; None when no operation needs auth."""

    security_schemes: Mapping[str, SecurityScheme]
    """The spec's security schemes, by name."""

    error_envelope: ErrorEnvelope = ErrorEnvelope()
    """Layout of the vendor's error bodies."""

    request_id_headers: tuple[str, ...] = ("x-request-id", "request-id", "x-trace-id")
    """Response headers that may carry the server's request id, in order of preference."""

    base_url_env_var: str | None = None
    """Environment variable that, when set, replaces the base URL of every operation (read when
    the client is created; a ``base_url`` argument wins over it)."""

    drift_log_env_var: str | None = None
    """Environment variable naming a file to append the drift log to (see ``_drift``); read when
    the client is created; a ``drift_log`` argument wins over it."""

    client_id_env_var: str | None = None
    """Environment variable of the OAuth2 client id (APIs with a client-credentials flow)."""

    client_secret_env_var: str | None = None
    """Environment variable of the OAuth2 client secret (APIs with a client-credentials flow)."""

    @property
    def oauth2_scheme(self) -> SecurityScheme | None:
        """The first OAuth2 client-credentials scheme, by name; None when there is none."""
        return next(
            (
                self.security_schemes[k]
                for k in sorted(self.security_schemes)
                if self.security_schemes[k].kind == "oauth2"
            ),
            None,
        )


@dataclass(frozen=True)
class Endpoint:
    """One operation of the API."""

    method: str
    """HTTP method, upper case."""

    path: str
    """Path template; ``{name}`` placeholders use the spec's parameter names."""

    security: tuple[tuple[str, ...], ...] = ()
    """Alternatives (any one suffices) of groups of scheme names (all of them apply).

    The first alternative whose schemes are all known is used; ``()`` means the
    operation needs no auth, and an empty group means auth is optional.
    """

    base_url: str | None = None
    """The operation's own server, when the spec gives one.

    A ``base_url`` passed to the client wins over it.
    """

    errors: Mapping[str, type[Any]] = field(default_factory=dict[str, type[Any]])
    """Error models by status: ``"404"``, ``"4XX"`` or ``"default"``."""

    idempotent: bool | None = None
    """Whether repeating the call is safe; None derives it from the method."""

    params: Mapping[tuple[Location, str], ParamStyle] = field(
        default_factory=dict[tuple[Location, str], ParamStyle]
    )
    """Serialization by (location, wire name), for those that differ from the default."""

    parts: Mapping[str, Part] = field(default_factory=dict[str, Part])
    """The fields of a ``multipart/form-data`` body, by wire name."""

    idempotency_header: str | None = None
    """The header carrying an idempotency key, for operations the spec marks: each call sends
    a generated key (one per call, the same on each retry) unless the caller gives one, and
    may then be retried whatever its method (see ``_idempotency``)."""

    pagination: Pagination | None = None
    """How the operation pages its results, when the spec declares it."""

    scopes: tuple[str, ...] = ()
    """The OAuth2 scopes the operation's security requirement names (the first alternative
    naming an OAuth2 scheme): the token the client sends for it is requested with them."""

    responses: Mapping[str, tuple[str, ...]] = field(default_factory=dict[str, tuple[str, ...]])
    """The responses the spec declares: status (``"200"``, ``"4XX"``, ``"default"``) to media
    types (empty for a response without a body); read by the drift log only."""

    @property
    def is_idempotent(self) -> bool:
        """``idempotent`` when given, else whether the method is idempotent."""
        return is_idempotent(self.method) if self.idempotent is None else self.idempotent
