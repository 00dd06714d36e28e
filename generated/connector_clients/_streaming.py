"""Streaming responses: bodies read as they arrive, never held in memory whole.

``to_streamed_response_wrapper`` turns a client method into one that returns a
``StreamedResponse`` as soon as the status and headers are in: read its body with
``iter_bytes()``, ``iter_text()`` or ``iter_lines()`` (or ``.parse()`` it), inside a ``with``
block that releases the connection on exit. Error statuses still raise, as usual (their
bodies are read to build the error).

Operations whose success response is ``text/event-stream`` return a ``Stream`` (an
``AsyncStream`` from the async clients) of events: each event's ``data``, parsed as JSON
into the spec's schema when it has one, else the ``ServerSentEvent`` itself. The stream
closes at the end of the body, on exit of a ``with`` block, or when the caller stops
iterating, which releases the connection at once.

Timeouts: the client's read timeout applies to each wait for the next chunk, not to the
whole stream; a stall longer than that raises ``APITimeoutError``, a broken connection
``APIConnectionError``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx
import pydantic
from typing_extensions import Self

from ._api import Endpoint
from ._models import validate_response
from ._response import parse_success
from ._types import TypeForm, as_type
from .errors import APIConnectionError, APIResponseValidationError, APITimeoutError

__all__ = [
    "AsyncStream",
    "AsyncStreamedResponse",
    "ServerSentEvent",
    "Stream",
    "StreamedResponse",
    "aopen_stream",
    "async_to_streamed_response_wrapper",
    "is_stream_mode",
    "open_stream",
    "to_streamed_response_wrapper",
]

T = TypeVar("T")
P = ParamSpec("P")

_stream_mode: ContextVar[bool] = ContextVar("clientgen_stream_mode", default=False)


def is_stream_mode() -> bool:
    """Whether the current call should return its response unread (see the wrappers)."""
    return _stream_mode.get()


@dataclass(frozen=True)
class ServerSentEvent:
    """One event of a ``text/event-stream`` body (the WHATWG format)."""

    data: str
    event: str = "message"
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        """``data`` decoded as JSON."""
        return json.loads(self.data)


class _EventDecoder:
    """Turns the lines of an event stream into events."""

    def __init__(self) -> None:
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None
        self._retry: int | None = None

    def feed(self, line: str) -> ServerSentEvent | None:
        """Take one line (without its end); return the event a blank line completes."""
        if not line:
            if not self._data:
                self._event = ""
                return None
            event = ServerSentEvent(
                data="\n".join(self._data),
                event=self._event or "message",
                id=self._id,
                retry=self._retry,
            )
            self._data, self._event = [], ""
            return event
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None


def _transport_error(exc: httpx.TransportError, response: httpx.Response) -> APIConnectionError:
    request = response.request
    where = f"{request.method} {request.url.path}"
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(
            f"Stream timed out waiting for the next chunk: {where} ({type(exc).__name__})",
            request=request,
        )
    return APIConnectionError(f"Stream broken: {where} ({type(exc).__name__})", request=request)


class _Decoding(Generic[T]):
    """What sync and async streams share: turning events into values."""

    response: httpx.Response

    def __init__(self, response: httpx.Response, event_type: type[T], strict: bool) -> None:
        self.response = response
        self._event_type = event_type
        self._strict = strict

    def _value(self, event: ServerSentEvent) -> T:
        if self._event_type is ServerSentEvent:
            return cast(T, event)
        try:
            data: object = json.loads(event.data)
        except ValueError:
            data = event.data
        try:
            return validate_response(self._event_type, data, strict=self._strict)
        except pydantic.ValidationError as exc:
            request = self.response.request
            raise APIResponseValidationError(
                f"{request.method} {request.url.path} sent an event ({event.event}) that does "
                f"not fit {getattr(self._event_type, '__name__', self._event_type)}: {exc}",
                response=self.response,
                body=data,
                paths=tuple(".".join(map(str, e["loc"])) for e in exc.errors()),
            ) from exc


class Stream(_Decoding[T]):
    """The events of a ``text/event-stream`` response, read as they arrive."""

    def __iter__(self) -> Iterator[T]:
        for event in self.events():
            yield self._value(event)

    def events(self) -> Iterator[ServerSentEvent]:
        """The events themselves (name, id, data as text)."""
        decoder = _EventDecoder()
        try:
            for line in self.response.iter_lines():
                event = decoder.feed(line)
                if event is not None:
                    yield event
            event = decoder.feed("")
            if event is not None:
                yield event
        except httpx.TransportError as exc:
            raise _transport_error(exc, self.response) from exc
        finally:
            self.response.close()

    def close(self) -> None:
        """Stop reading and release the connection."""
        self.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStream(_Decoding[T]):
    """The events of a ``text/event-stream`` response, read as they arrive (async)."""

    async def __aiter__(self) -> AsyncIterator[T]:
        async for event in self.events():
            yield self._value(event)

    async def events(self) -> AsyncIterator[ServerSentEvent]:
        """The events themselves (name, id, data as text)."""
        decoder = _EventDecoder()
        try:
            async for line in self.response.aiter_lines():
                event = decoder.feed(line)
                if event is not None:
                    yield event
            event = decoder.feed("")
            if event is not None:
                yield event
        except httpx.TransportError as exc:
            raise _transport_error(exc, self.response) from exc
        finally:
            await self.response.aclose()

    async def close(self) -> None:
        """Stop reading and release the connection."""
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()


class _Streamed(Generic[T]):
    def __init__(
        self, response: httpx.Response, cast_to: type[T], *, strict: bool, retries_taken: int
    ) -> None:
        self.http_response = response
        self.retries_taken = retries_taken
        self._cast_to = cast_to
        self._strict = strict

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers


class StreamedResponse(_Streamed[T]):
    """A successful response whose body has not been read yet; use it in a ``with`` block."""

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks, as they arrive."""
        try:
            yield from self.http_response.iter_bytes(chunk_size)
        except httpx.TransportError as exc:
            raise _transport_error(exc, self.http_response) from exc

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        """The body decoded as text, in chunks."""
        try:
            yield from self.http_response.iter_text(chunk_size)
        except httpx.TransportError as exc:
            raise _transport_error(exc, self.http_response) from exc

    def iter_lines(self) -> Iterator[str]:
        """The body as text, line by line."""
        try:
            yield from self.http_response.iter_lines()
        except httpx.TransportError as exc:
            raise _transport_error(exc, self.http_response) from exc

    def parse(self) -> T:
        """Read the whole body and parse it as the method's return type."""
        self.http_response.read()
        return parse_success(
            self.http_response,
            self._cast_to,
            strict=self._strict,
            retries_taken=self.retries_taken,
        )

    def close(self) -> None:
        """Release the connection (the rest of the body is not read)."""
        self.http_response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStreamedResponse(_Streamed[T]):
    """A successful response whose body has not been read yet; use it in ``async with``."""

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks, as they arrive."""
        try:
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                yield chunk
        except httpx.TransportError as exc:
            raise _transport_error(exc, self.http_response) from exc

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        """The body decoded as text, in chunks."""
        try:
            async for chunk in self.http_response.aiter_text(chunk_size):
                yield chunk
        except httpx.TransportError as exc:
            raise _transport_error(exc, self.http_response) from exc

    async def iter_lines(self) -> AsyncIterator[str]:
        """The body as text, line by line."""
        try:
            async for line in self.http_response.aiter_lines():
                yield line
        except httpx.TransportError as exc:
            raise _transport_error(exc, self.http_response) from exc

    async def parse(self) -> T:
        """Read the whole body and parse it as the method's return type."""
        await self.http_response.aread()
        return parse_success(
            self.http_response,
            self._cast_to,
            strict=self._strict,
            retries_taken=self.retries_taken,
        )

    async def close(self) -> None:
        """Release the connection (the rest of the body is not read)."""
        await self.http_response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()


def _expect_streamed(result: object) -> Any:
    if isinstance(result, StreamedResponse | AsyncStreamedResponse):
        return cast(Any, result)
    raise TypeError("the wrapped method did not make an API request")


def to_streamed_response_wrapper(func: Callable[P, T]) -> Callable[P, StreamedResponse[T]]:
    """Wrap a client method so that it returns the response with its body unread."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> StreamedResponse[T]:
        token = _stream_mode.set(True)
        try:
            result: object = func(*args, **kwargs)
        finally:
            _stream_mode.reset(token)
        streamed: StreamedResponse[T] = _expect_streamed(result)
        return streamed

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[AsyncStreamedResponse[T]]]:
    """Wrap an async client method so that it returns the response with its body unread."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamedResponse[T]:
        token = _stream_mode.set(True)
        try:
            result: object = await func(*args, **kwargs)
        finally:
            _stream_mode.reset(token)
        streamed: AsyncStreamedResponse[T] = _expect_streamed(result)
        return streamed

    return wrapped


def _with_accept(request: dict[str, Any]) -> dict[str, Any]:
    headers = cast("Mapping[str, object] | None", request.pop("headers", None))
    return {**request, "headers": {"Accept": "text/event-stream", **(headers or {})}}


def open_stream(
    send: Callable[..., Any],
    endpoint: Endpoint,
    *,
    event_type: type[T] | TypeForm[T],
    **request: Any,
) -> Stream[T]:
    """Send an event-stream call through ``send`` (a client's or resource's ``_request``,
    given the same keywords: ``query``, ``json``, ``options``...); the events of its
    response, each parsed as ``event_type`` (``ServerSentEvent``: the events as they are)."""
    streamed: StreamedResponse[object] = to_streamed_response_wrapper(send)(
        endpoint, cast_to=object, **_with_accept(request)
    )
    strict = streamed._strict  # pyright: ignore[reportPrivateUsage]
    return Stream(streamed.http_response, as_type(event_type), strict)


async def aopen_stream(
    send: Callable[..., Awaitable[Any]],
    endpoint: Endpoint,
    *,
    event_type: type[T] | TypeForm[T],
    **request: Any,
) -> AsyncStream[T]:
    """The async ``open_stream``."""
    streamed: AsyncStreamedResponse[object] = await async_to_streamed_response_wrapper(send)(
        endpoint, cast_to=object, **_with_accept(request)
    )
    strict = streamed._strict  # pyright: ignore[reportPrivateUsage]
    return AsyncStream(streamed.http_response, as_type(event_type), strict)
