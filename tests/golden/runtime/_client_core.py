"""What the sync and async clients share: configuration and every decision, but no I/O.

``APIClientCore`` holds a client's settings and turns one call into a
``RequestPlan`` (URL, headers, body, credentials, timeout, retry budget); after
each attempt it decides whether to retry and how long to wait, builds the next
hop of a redirect, and turns the final response into a result or an error.
The subclasses in ``_base_client`` only send requests and sleep.
"""

from __future__ import annotations

import datetime
import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Final, NamedTuple, TypeVar, cast

import httpx
import pydantic
from typing_extensions import Self, TypedDict, override

from ._api import ApiInfo, Endpoint
from ._auth import resolve_credentials, secret_header_names, secret_query_names
from ._drift import DriftLog, response_discrepancies
from ._encoding import (
    build_path,
    build_url,
    encode_cookies,
    encode_form,
    encode_headers,
    encode_query_string,
    styles_at,
    with_query_pairs,
    without_query_names,
)
from ._hooks import AsyncRequestHook, AsyncResponseHook
from ._idempotency import add_idempotency_key
from ._json import NO_JSON, decode_json, dumps_request_body
from ._logging import (
    ALWAYS_SECRET_HEADERS,
    REDACTED,
    logger,
    redact_headers,
    redact_url,
    setup_logging,
)
from ._multipart import encode_multipart
from ._redirects import redirect_method
from ._response import APIResponse
from ._retries import parse_retry_after, retry_delay, should_retry
from ._status_errors import build_status_error, is_error_envelope
from ._types import NOT_GIVEN, NotGiven, RequestOptions, TimeoutTypes
from ._version import DISTRIBUTION_NAME, __version__
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    MissingAPIKeyError,
)

__all__ = [
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "APIClientCore",
    "ClientOptions",
    "Outgoing",
    "RequestPlan",
]

T = TypeVar("T")
S = TypeVar("S")
M = TypeVar("M")

DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=5.0)
"""Per-attempt timeout: 60 s for each read/write/pool phase, 5 s to connect."""

DEFAULT_MAX_RETRIES: Final = 2
"""Retries after the first attempt, so at most 3 attempts."""

DEFAULT_CONNECTION_LIMITS: Final = httpx.Limits(max_connections=100, max_keepalive_connections=20)

_HTTPX_DEFAULT_TIMEOUT: Final = httpx.Timeout(5.0)

# Transport failures after which the request certainly never reached the server.
_NEVER_SENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Transport failures worth another attempt when resending is safe.
_TRANSIENT: Final = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
    httpx.ProxyError,
)


@dataclass(frozen=True)
class RequestPlan:
    """Everything needed to send, resend and redirect one call."""

    endpoint: Endpoint
    method: str
    url: httpx.URL
    """Without credentials in the query."""
    credential_query: tuple[tuple[str, str], ...]
    headers: httpx.Headers
    """Complete, credentials included."""
    content: bytes | None
    timeout: httpx.Timeout
    max_retries: int
    may_resend: bool
    """Whether a request that may have reached the server can be sent again."""
    token_scopes: tuple[str, ...] | None = None
    """The scopes of the OAuth2 token to send; None: the call sends no token."""


class ClientOptions(TypedDict):
    """Constructor arguments shared by both clients (``http_client`` aside)."""

    api_key: str | None
    base_url: str | httpx.URL | None
    timeout: TimeoutTypes
    max_retries: int
    default_headers: Mapping[str, str]
    default_query: Mapping[str, object]
    strict: bool
    retry_non_idempotent: bool
    drift_log: str | os.PathLike[str] | None
    request_hooks: Sequence[AsyncRequestHook]
    response_hooks: Sequence[AsyncResponseHook]
    oauth2: Any


class Outgoing(NamedTuple):
    """One HTTP request to build: the first of an attempt or a redirect hop."""

    method: str
    url: httpx.URL
    headers: httpx.Headers
    content: bytes | None


def _as_timeout(timeout: TimeoutTypes) -> httpx.Timeout:
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


def _request_of(exc: httpx.RequestError, fallback: httpx.Request) -> httpx.Request:
    try:
        return exc.request
    except RuntimeError:  # httpx raises when no request is attached
        return fallback


def _attempts(retries_taken: int) -> str:
    return "1 attempt" if retries_taken == 0 else f"{retries_taken + 1} attempts"


class APIClientCore:
    """State and logic shared by the sync and async clients; no I/O happens here."""

    api: ClassVar[ApiInfo]
    """Set by each generated vendor client."""

    max_retries: int
    timeout: httpx.Timeout
    strict: bool
    retry_non_idempotent: bool
    _client: Any  # the httpx client (sync or async) the subclass sends with
    _sleep: Any  # how the subclass waits between attempts
    _oauth2: Any = None  # the OAuth2 token manager, when the client was given one
    _request_hooks: tuple[AsyncRequestHook, ...] = ()
    _response_hooks: tuple[AsyncResponseHook, ...] = ()

    def _configure(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx.URL | None,
        timeout: TimeoutTypes | NotGiven,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        strict: bool,
        retry_non_idempotent: bool,
        http_client_timeout: httpx.Timeout | None,
        drift_log: str | os.PathLike[str] | None = None,
        key_optional: bool = False,
        client_id: str | None = None,
        client_secret: str | None = None,
    ) -> None:
        api = cast(object, getattr(type(self), "api", None))
        if not isinstance(api, ApiInfo):
            raise TypeError(f"{type(self).__name__} must set the class attribute `api`")
        setup_logging()
        if key_optional and (client_id is not None or client_secret is not None):
            raise ValueError("pass either oauth2= or client_id= and client_secret=, not both")
        # A token manager given (a with_options copy shares its original's) needs no credentials.
        self._client_credentials = (
            None if key_optional else self._read_client_credentials(api, client_id, client_secret)
        )
        env_var = api.api_key_env_var
        if not api_key and env_var:
            api_key = os.environ.get(env_var)
        if not api_key:
            if env_var and not key_optional and self._client_credentials is None:
                raise MissingAPIKeyError(
                    client_name=type(self).__name__,
                    env_var=env_var,
                    client_id_env_var=api.client_id_env_var,
                    client_secret_env_var=api.client_secret_env_var,
                )
            api_key = None
        if base_url is None and api.base_url_env_var:
            base_url = os.environ.get(api.base_url_env_var) or None
        if max_retries < 0:
            raise ValueError("max_retries must not be negative")
        if isinstance(timeout, NotGiven):
            # A caller's own httpx client keeps its timeout unless it is httpx's default.
            if http_client_timeout is not None and http_client_timeout != _HTTPX_DEFAULT_TIMEOUT:
                timeout = http_client_timeout
            else:
                timeout = DEFAULT_TIMEOUT
        self._api_key: str | None = api_key
        self._base_url_override = httpx.URL(base_url) if base_url is not None else None
        self.timeout = _as_timeout(timeout)
        self.max_retries = max_retries
        self._default_headers: dict[str, str] = dict(default_headers or {})
        self._default_query: dict[str, object] = dict(default_query or {})
        self.strict = strict
        self.retry_non_idempotent = retry_non_idempotent
        self._secret_headers = ALWAYS_SECRET_HEADERS | secret_header_names(api)
        self._secret_query = secret_query_names(api)
        self._user_agent = f"{DISTRIBUTION_NAME}/{__version__} (python httpx/{httpx.__version__})"
        if drift_log is None and api.drift_log_env_var:
            drift_log = os.environ.get(api.drift_log_env_var) or None
        self._drift = DriftLog(drift_log, api.name) if drift_log is not None else None

    def _read_client_credentials(
        self, api: ApiInfo, client_id: str | None, client_secret: str | None
    ) -> tuple[str, str] | None:
        """The OAuth2 client id and secret, given or from their environment variables; None
        when neither is set. Only APIs with a client-credentials flow take them."""
        if api.oauth2_scheme is None:
            if client_id is not None or client_secret is not None:
                raise ValueError(
                    f"{type(self).__name__} takes no client_id or client_secret: its API declares"
                    " no OAuth2 client-credentials flow (pass oauth2=ClientCredentials(...))"
                )
            return None
        if not client_id and api.client_id_env_var:
            client_id = os.environ.get(api.client_id_env_var)
        if not client_secret and api.client_secret_env_var:
            client_secret = os.environ.get(api.client_secret_env_var)
        if client_id and client_secret:
            return client_id, client_secret
        if client_id or client_secret:
            missing = "client_secret" if client_id else "client_id"
            env = api.client_secret_env_var if client_id else api.client_id_env_var
            raise MissingAPIKeyError(
                client_name=type(self).__name__, env_var=env or "(none)", what=missing
            )
        return None

    def _spec_oauth2(self, kind: Callable[..., M]) -> M | None:
        """The token manager of the API's client-credentials flow, built from the client id
        and secret, its token URL resolved against the base URL; None without credentials."""
        scheme = self.api.oauth2_scheme
        if scheme is None or self._client_credentials is None:
            return None
        client_id, client_secret = self._client_credentials
        return kind(
            str(self.base_url.join(scheme.token_url)),
            client_id=client_id,
            client_secret=client_secret,
        )

    # -- configuration -------------------------------------------------------------

    @property
    def api_key(self) -> str | None:
        """The API key in use (never shown in reprs, messages or logs)."""
        return self._api_key

    @property
    def base_url(self) -> httpx.URL:
        """The base URL requests go to (an operation's own server aside)."""
        return self._base_url_override or httpx.URL(self.api.default_base_url)

    @property
    def default_headers(self) -> dict[str, str]:
        """A copy of the headers sent with every request."""
        return dict(self._default_headers)

    @property
    def default_query(self) -> dict[str, object]:
        """A copy of the query parameters sent with every request."""
        return dict(self._default_query)

    def with_options(
        self,
        *,
        api_key: str | NotGiven = NOT_GIVEN,
        base_url: str | httpx.URL | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
        default_query: Mapping[str, object] | NotGiven = NOT_GIVEN,
        strict: bool | NotGiven = NOT_GIVEN,
        retry_non_idempotent: bool | NotGiven = NOT_GIVEN,
        drift_log: str | os.PathLike[str] | NotGiven | None = NOT_GIVEN,
        request_hooks: Sequence[AsyncRequestHook] | NotGiven = NOT_GIVEN,
        response_hooks: Sequence[AsyncResponseHook] | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with the given options changed, sharing this client's connection pool.

        ``default_headers`` and ``default_query`` are merged into the current ones; hooks
        given here replace the current ones (the copy keeps them otherwise).
        The copy never closes the pool: closing it is a no-op; close the original.
        """
        headers = dict(self._default_headers)
        if not isinstance(default_headers, NotGiven):
            headers.update(default_headers)
        query = dict(self._default_query)
        if not isinstance(default_query, NotGiven):
            query.update(default_query)
        options: ClientOptions = {
            "api_key": self._api_key if isinstance(api_key, NotGiven) else api_key,
            "base_url": self._base_url_override if isinstance(base_url, NotGiven) else base_url,
            "timeout": self.timeout if isinstance(timeout, NotGiven) else timeout,
            "max_retries": self.max_retries if isinstance(max_retries, NotGiven) else max_retries,
            "default_headers": headers,
            "default_query": query,
            "strict": self.strict if isinstance(strict, NotGiven) else strict,
            "retry_non_idempotent": (
                self.retry_non_idempotent
                if isinstance(retry_non_idempotent, NotGiven)
                else retry_non_idempotent
            ),
            "drift_log": (
                (self._drift.path if self._drift else None)
                if isinstance(drift_log, NotGiven)
                else drift_log
            ),
            "request_hooks": (
                self._request_hooks if isinstance(request_hooks, NotGiven) else request_hooks
            ),
            "response_hooks": (
                self._response_hooks if isinstance(response_hooks, NotGiven) else response_hooks
            ),
            "oauth2": self._oauth2,
        }
        # The subclasses' constructors take these options and their own kind of httpx client.
        make = cast("Callable[..., Self]", type(self))
        copy = make(http_client=self._client, **options)
        copy._sleep = self._sleep
        return copy

    @override
    def __repr__(self) -> str:
        key = REDACTED if self._api_key else None
        oauth2 = f", oauth2={self._oauth2!r}" if self._oauth2 is not None else ""
        return (
            f"{type(self).__name__}(base_url={self._loggable(self.base_url)!r}, api_key={key}"
            f"{oauth2})"
        )

    def _secrets(self) -> tuple[str, ...]:
        """Values never to show: the API key, the OAuth2 secret and tokens."""
        found: tuple[str, ...] = (self._api_key,) if self._api_key else ()
        if self._oauth2 is not None:
            found += tuple(cast("Callable[[], tuple[str, ...]]", self._oauth2.secrets)())
        return found

    # -- building requests ---------------------------------------------------------

    def _plan(
        self,
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, object] | None,
        query: Mapping[str, object] | None,
        headers: Mapping[str, object] | None,
        json: object,
        options: RequestOptions,
        content: bytes | str | None = None,
        form: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        multipart: Mapping[str, object] | None = None,
    ) -> RequestPlan:
        """Everything one call sends. The body is `json` (encoded as JSON), `content` (sent as
        is, its Content-Type given in `headers`), `form` (URL-encoded) or `multipart`
        (multipart/form-data). Parameters are serialized as `endpoint.params` says."""
        styles = endpoint.params
        base = self._base_url_override or endpoint.base_url or self.api.default_base_url
        url = build_url(base, build_path(endpoint.path, path_params, styles_at(styles, "path")))
        query_string = encode_query_string(
            self._default_query,
            query,
            options.get("extra_query"),
            styles=styles_at(styles, "query"),
        )
        if query_string:
            url = url.copy_with(
                query=b"&".join(q for q in (url.query, query_string.encode("ascii")) if q)
            )

        merged = httpx.Headers({"User-Agent": self._user_agent, "Accept": "application/json"})
        body: bytes | None = None
        if json is not None and not isinstance(json, NotGiven):
            body = dumps_request_body(json)
            merged["Content-Type"] = "application/json"
        elif content is not None:
            body = content.encode("utf-8") if isinstance(content, str) else content
        elif form is not None:
            body = encode_form(form, styles_at(styles, "form"))
            merged["Content-Type"] = "application/x-www-form-urlencoded"
        elif multipart is not None:
            body, merged["Content-Type"] = encode_multipart(multipart, endpoint.parts)
        merged.update(self._default_headers)
        merged.update(encode_headers(headers, styles_at(styles, "header")))
        credentials = resolve_credentials(
            self.api, endpoint, self._api_key, tokens=self._oauth2 is not None
        )
        merged.update(credentials.headers)
        cookie_pairs = [*encode_cookies(cookies, styles_at(styles, "cookie"))]
        cookie_pairs += credentials.cookies.items()
        if cookie_pairs:
            merged["Cookie"] = self._cookie_header(endpoint.method, url, merged, cookie_pairs)
        merged.update(options.get("extra_headers") or {})
        keyed = add_idempotency_key(endpoint.idempotency_header, merged)

        max_retries = options.get("max_retries", self.max_retries)
        return RequestPlan(
            endpoint=endpoint,
            method=endpoint.method.upper(),
            url=url,
            credential_query=tuple(credentials.query),
            headers=merged,
            content=body,
            timeout=_as_timeout(options["timeout"]) if "timeout" in options else self.timeout,
            max_retries=max(0, max_retries),
            may_resend=endpoint.is_idempotent or keyed or self.retry_non_idempotent,
            token_scopes=credentials.token_scopes,
        )

    def _cookie_header(
        self,
        method: str,
        url: httpx.URL,
        headers: httpx.Headers,
        pairs: list[tuple[str, str]],
    ) -> str:
        """One ``Cookie`` header: the cookies the httpx client holds for ``url`` (and any
        ``Cookie`` header already given), then ``pairs``, which win by name. Setting the
        header keeps httpx from adding its cookies a second time."""
        probe = httpx.Request(method, url)
        jar = cast(object, getattr(self._client, "cookies", None))
        if isinstance(jar, httpx.Cookies):
            jar.set_cookie_header(probe)
        names = {name for name, _ in pairs}
        held = [
            text
            for header in (headers.get("Cookie"), probe.headers.get("Cookie"))
            if header
            for text in header.split("; ")
            if text.split("=", 1)[0] not in names
        ]
        return "; ".join([*held, *(f"{name}={value}" for name, value in pairs)])

    @staticmethod
    def _with_query(url: httpx.URL, pairs: tuple[tuple[str, str], ...]) -> httpx.URL:
        return with_query_pairs(url, pairs)

    def _without_credentials(self, url: httpx.URL, headers: httpx.Headers) -> httpx.URL:
        """Strip secrets for a hop to another origin; ``headers`` is changed in place."""
        for name in list(headers.keys()):
            if name.lower() in self._secret_headers:
                del headers[name]
        return without_query_names(url, self._secret_query)

    def _first_hop(self, plan: RequestPlan) -> Outgoing:
        """The first request of an attempt."""
        url = self._with_query(plan.url, plan.credential_query)
        return Outgoing(plan.method, url, plan.headers, plan.content)

    def _redirect_hop(
        self,
        plan: RequestPlan,
        previous: httpx.Request,
        response: httpx.Response,
        target: httpx.URL,
        keep_credentials: bool,
    ) -> Outgoing:
        """The request following a redirect to ``target``."""
        method = redirect_method(response.status_code, previous.method)
        headers = httpx.Headers(plan.headers)
        content = plan.content
        if method != previous.method:
            content = None
            headers.pop("Content-Type", None)
        if keep_credentials:
            url = self._with_query(target, plan.credential_query)
        else:
            url = self._without_credentials(target, headers)
        logger.info(
            "Following %s redirect to %s%s",
            response.status_code,
            self._loggable(url),
            "" if keep_credentials else " without credentials (another origin)",
        )
        return Outgoing(method, url, headers, content)

    # -- deciding after an attempt --------------------------------------------------

    def _decode(self, response: httpx.Response) -> object:
        """The body as JSON when a decision needs it (errors, error envelopes), else NO_JSON.

        A successful body is decoded here only when it may be an error envelope sent with a
        2xx status; the result is handed on so it is never decoded twice.
        """
        if 200 <= response.status_code < 300 and not self._may_be_error_envelope(response):
            return NO_JSON
        return decode_json(response)

    def _may_be_error_envelope(self, response: httpx.Response) -> bool:
        """Whether a 2xx body could be the vendor's error envelope: only a JSON object that
        says ``"success"`` can be, so other bodies skip decoding here and are parsed straight
        into their model."""
        if self.api.error_envelope.message is None:
            return False
        content = response.content
        return content.lstrip()[:1] == b"{" and b'"success"' in content

    def _delay_after_response(
        self, plan: RequestPlan, response: httpx.Response, data: object, retries_taken: int
    ) -> float | None:
        """Seconds to wait before retrying after this response, or None to stop."""
        status = response.status_code
        if status < 400:
            return None
        if retries_taken >= plan.max_retries or not plan.may_resend:
            return None
        if not should_retry(status, response.headers):
            return None
        body = None if data is NO_JSON else data
        server_delay = parse_retry_after(
            response.headers, body, self.api.error_envelope.retry_after
        )
        delay = retry_delay(retries_taken, server_delay=server_delay)
        logger.info(
            "Retrying %s %s in %.2f s (retry %d of %d) after status %d",
            plan.method,
            self._loggable(plan.url),
            delay,
            retries_taken + 1,
            plan.max_retries,
            status,
        )
        return delay

    def _delay_after_exception(
        self, plan: RequestPlan, exc: httpx.RequestError, retries_taken: int
    ) -> float | None:
        """Seconds to wait before retrying after a transport failure, or None to stop."""
        if retries_taken >= plan.max_retries:
            return None
        if not (isinstance(exc, _NEVER_SENT) or (plan.may_resend and isinstance(exc, _TRANSIENT))):
            return None
        delay = retry_delay(retries_taken, server_delay=None)
        logger.info(
            "Retrying %s %s in %.2f s (retry %d of %d) after %s",
            plan.method,
            self._loggable(plan.url),
            delay,
            retries_taken + 1,
            plan.max_retries,
            type(exc).__name__,
        )
        return delay

    def _connection_error(
        self, plan: RequestPlan, exc: httpx.RequestError, request: httpx.Request, retries_taken: int
    ) -> APIConnectionError:
        where = f"{plan.method} {self._loggable(plan.url)}"
        request = _request_of(exc, request)
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(
                f"Request timed out: {where} ({type(exc).__name__}, {_attempts(retries_taken)})",
                request=request,
                retries_taken=retries_taken,
            )
        reason = self._scrub(str(exc)) or "no details"
        return APIConnectionError(
            f"Connection error: {where} ({type(exc).__name__}: {reason}; "
            f"{_attempts(retries_taken)})",
            request=request,
            retries_taken=retries_taken,
        )

    def _result(
        self,
        plan: RequestPlan,
        response: httpx.Response,
        data: object,
        cast_to: type[T],
        *,
        retries_taken: int,
        started: float,
        raw: bool,
    ) -> T:
        """The call's return value, or the error it raises, from its final response."""
        status = response.status_code
        if not 200 <= status < 300 or is_error_envelope(data, self.api.error_envelope):
            self._observe(plan, response, body=data)
            raise build_status_error(
                response,
                api=self.api,
                endpoint=plan.endpoint,
                data=data,
                retries_taken=retries_taken,
                secrets=self._secrets(),
            )
        api_response = APIResponse(
            http_response=response,
            cast_to=cast_to,
            strict=self.strict,
            retries_taken=retries_taken,
            elapsed=datetime.timedelta(seconds=time.monotonic() - started),
            secret_query_names=self._secret_query,
            decoded=data,
            secrets=self._secrets(),
        )
        if raw:
            return cast(T, api_response)
        if self._drift is None:
            return api_response.parse()
        try:
            value = api_response.parse()
        except APIResponseValidationError as exc:
            cause = exc.__cause__
            error = cause if isinstance(cause, pydantic.ValidationError) else None
            self._observe(plan, response, body=exc.body, error=error)
            raise
        self._observe(plan, response, body=None, parsed=value)
        return value

    def _observe(
        self,
        plan: RequestPlan,
        response: httpx.Response,
        *,
        body: object,
        parsed: object = None,
        error: pydantic.ValidationError | None = None,
    ) -> None:
        """Write what ``response`` shows that the spec does not say to the drift log, if on."""
        if self._drift is None:
            return
        endpoint = plan.endpoint
        found = response_discrepancies(
            response,
            endpoint.responses,
            parsed=parsed,
            error=error,
            body=None if body is NO_JSON else body,
        )
        self._drift.write(endpoint.method, endpoint.path, response.status_code, found)

    def _needs_auth(self, plan: RequestPlan) -> bool:
        """Whether the call sends an OAuth2 token."""
        return self._oauth2 is not None and plan.token_scopes is not None

    def _streamed(
        self, kind: Callable[..., S], response: httpx.Response, cast_to: object, retries_taken: int
    ) -> S:
        """A successful response left unread, for streaming (see ``_streaming``)."""
        return kind(response, cast_to, strict=self.strict, retries_taken=retries_taken)

    # -- logging --------------------------------------------------------------------

    def _loggable(self, url: httpx.URL) -> str:
        return redact_url(url, self._secret_query)

    def _scrub(self, text: str) -> str:
        for secret in self._secrets():
            text = text.replace(secret, REDACTED)
        return text

    def _log_request(self, request: httpx.Request, retries_taken: int, max_retries: int) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "Request %s %s (attempt %d of %d) headers=%s",
                request.method,
                self._loggable(request.url),
                retries_taken + 1,
                max_retries + 1,
                redact_headers(request.headers, self._secret_headers),
            )

    def _log_response(
        self,
        request: httpx.Request,
        response: httpx.Response,
        seconds: float,
        retries_taken: int,
        max_retries: int,
    ) -> None:
        if not logger.isEnabledFor(logging.INFO):
            return  # silent by default: not even the redacted URL is worth computing
        logger.info(
            'HTTP %s %s "%d %s" in %.3f s (attempt %d of %d)',
            request.method,
            self._loggable(request.url),
            response.status_code,
            httpx.codes.get_reason_phrase(response.status_code) or response.reason_phrase,
            seconds,
            retries_taken + 1,
            max_retries + 1,
        )
        if logger.isEnabledFor(logging.DEBUG):
            headers = redact_headers(response.headers, self._secret_headers)
            logger.debug("Response headers=%s", {k: self._scrub(v) for k, v in headers.items()})
