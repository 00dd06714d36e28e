"""Successful responses: parsing into the declared type, and raw access to the HTTP response.

``to_raw_response_wrapper`` turns a client method returning ``T`` into one
returning ``APIResponse[T]``: the call runs in "raw mode" (a context variable the
base client reads), so the caller gets status, headers, timing and retry count,
and parses the body only when it asks to. Error statuses still raise.
"""

from __future__ import annotations

import datetime
import functools
import json
import types
from collections.abc import Awaitable, Callable, Collection
from contextvars import ContextVar
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx
import pydantic
from typing_extensions import override

from ._json import NO_JSON, is_json_content_type
from ._logging import REDACTED, redact_url
from ._models import validate_response, validate_response_json
from .errors import APIResponseValidationError

__all__ = [
    "APIResponse",
    "async_to_raw_response_wrapper",
    "is_raw_mode",
    "parse_success",
    "to_raw_response_wrapper",
]

T = TypeVar("T")
P = ParamSpec("P")

_raw_mode: ContextVar[bool] = ContextVar("connector_clients_raw_response", default=False)

_MAX_REPORTED_ERRORS = 5
_MAX_INPUT_REPR = 80


def is_raw_mode() -> bool:
    """Whether the current call was made through a raw-response wrapper."""
    return _raw_mode.get()


def type_name(tp: object) -> str:
    """A short readable name for a type expression: ``Widget``, ``list[Widget]``."""
    args = cast(tuple[object, ...], getattr(tp, "__args__", ()))
    origin = cast(object, getattr(tp, "__origin__", None))
    if isinstance(tp, types.GenericAlias) and origin is not None and args:
        return f"{type_name(origin)}[{', '.join(type_name(arg) for arg in args)}]"
    if tp is type(None):
        return "None"
    return cast(str, getattr(tp, "__qualname__", None) or repr(tp))


def _shorten(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_INPUT_REPR else text[: _MAX_INPUT_REPR - 3] + "..."


def _reason(response: httpx.Response) -> str:
    return httpx.codes.get_reason_phrase(response.status_code) or response.reason_phrase


def _request_line(response: httpx.Response) -> str:
    request = response.request
    return f"{request.method} {request.url.path}"


def _validation_failure(
    response: httpx.Response,
    cast_to: object,
    data: object,
    error: pydantic.ValidationError,
    retries_taken: int,
    secrets: Collection[str] = (),
) -> APIResponseValidationError:
    details = error.errors(include_url=False)
    paths = tuple(".".join(str(part) for part in detail["loc"]) for detail in details)
    described = [
        f"{path or '<body>'}: {detail['msg']} (got {_shorten(detail['input'])})"
        for path, detail in zip(paths, details, strict=True)
    ][:_MAX_REPORTED_ERRORS]
    more = len(details) - len(described)
    summary = "; ".join(described) + (f"; and {more} more" if more else "")
    message = (
        f"{_request_line(response)} returned a {response.status_code} body that does not fit "
        f"{type_name(cast_to)}: {summary}"
    )
    for secret in secrets:  # a value the server echoed back may be the key itself
        if secret:
            message = message.replace(secret, REDACTED)
    return APIResponseValidationError(
        message, response=response, body=data, paths=paths, retries_taken=retries_taken
    )


def parse_success(
    response: httpx.Response,
    cast_to: type[T],
    *,
    strict: bool,
    retries_taken: int = 0,
    decoded: object = NO_JSON,
    secrets: Collection[str] = (),
) -> T:
    """The body of a successful response as ``cast_to``.

    ``type(None)`` ignores the body; ``str`` takes a non-JSON body as text and
    ``bytes`` any body as is; otherwise the body is decoded as JSON (an empty
    body is ``null``) and validated. ``decoded`` is the body already decoded by
    the caller, if it was, to avoid decoding it twice. Raises
    ``APIResponseValidationError`` naming the failing field paths.
    """
    target: object = cast_to
    if target is type(None):
        return cast(T, None)
    if target is bytes:
        return cast(T, response.content)
    if target is str and not is_json_content_type(response.headers.get("content-type")):
        return cast(T, response.text)
    content = response.content
    if decoded is not NO_JSON or not content.strip():
        data = None if decoded is NO_JSON else decoded
        try:
            return validate_response(cast_to, data, strict=strict)
        except pydantic.ValidationError as exc:
            raise _validation_failure(response, cast_to, data, exc, retries_taken, secrets) from exc
    try:
        return validate_response_json(cast_to, content, strict=strict)
    except pydantic.ValidationError as exc:
        try:
            data = json.loads(content)
        except ValueError as decode_error:
            message = (
                f"{_request_line(response)} returned a {response.status_code} body that is not "
                f"valid JSON ({decode_error}); expected {type_name(cast_to)}"
            )
            raise APIResponseValidationError(
                message,
                response=response,
                body=response.text,
                paths=("",),
                retries_taken=retries_taken,
            ) from decode_error
        raise _validation_failure(response, cast_to, data, exc, retries_taken, secrets) from exc


class APIResponse(Generic[T]):
    """A successful HTTP response and the type its body parses into.

    ``elapsed`` is the wall-clock time of the whole call: from the start of the
    first attempt to the end of the last one, retry waits included. The duration
    of the last attempt alone is ``http_response.elapsed``.
    """

    http_response: httpx.Response
    retries_taken: int
    elapsed: datetime.timedelta

    def __init__(
        self,
        *,
        http_response: httpx.Response,
        cast_to: type[T],
        strict: bool,
        retries_taken: int,
        elapsed: datetime.timedelta,
        secret_query_names: Collection[str] = (),
        decoded: object = NO_JSON,
        secrets: Collection[str] = (),
    ) -> None:
        """Wrap ``http_response``; ``decoded`` is its body already decoded as JSON, if it was."""
        self.http_response = http_response
        self.retries_taken = retries_taken
        self.elapsed = elapsed
        self._cast_to = cast_to
        self._strict = strict
        self._secret_query_names = secret_query_names
        self._decoded = decoded
        self._secrets = secrets
        self._parsed: tuple[T] | None = None

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        """The raw body."""
        return self.http_response.content

    @property
    def text(self) -> str:
        """The body decoded as text."""
        return self.http_response.text

    def json(self) -> Any:
        """The body decoded as JSON, without validation."""
        return self.http_response.json()

    def parse(self) -> T:
        """The body validated as the method's return type (computed once).

        Raises ``APIResponseValidationError`` when it does not fit.
        """
        if self._parsed is None:
            value = parse_success(
                self.http_response,
                self._cast_to,
                strict=self._strict,
                retries_taken=self.retries_taken,
                decoded=self._decoded,
                secrets=self._secrets,
            )
            self._parsed = (value,)
        return self._parsed[0]

    @override
    def __repr__(self) -> str:
        request = self.http_response.request
        url = redact_url(request.url, self._secret_query_names)
        return (
            f"<APIResponse [{self.status_code} {_reason(self.http_response)}] "
            f"{request.method} {url}>"
        )


def _expect_api_response(result: object) -> APIResponse[Any]:
    if isinstance(result, APIResponse):
        response: APIResponse[Any] = cast(Any, result)
        return response
    raise TypeError("the wrapped method did not make an API request")


def to_raw_response_wrapper(func: Callable[P, T]) -> Callable[P, APIResponse[T]]:
    """Wrap a client method so that it returns the ``APIResponse`` instead of the parsed body."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        token = _raw_mode.set(True)
        try:
            result: object = func(*args, **kwargs)
        finally:
            _raw_mode.reset(token)
        return _expect_api_response(result)

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[APIResponse[T]]]:
    """Wrap an async client method so that it returns the ``APIResponse``."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        token = _raw_mode.set(True)
        try:
            result: object = await func(*args, **kwargs)
        finally:
            _raw_mode.reset(token)
        return _expect_api_response(result)

    return wrapped
