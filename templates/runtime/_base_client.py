"""The base clients every generated vendor client derives from, sync and async.

A vendor client sets ``api = ApiInfo(...)`` and implements each operation as a
method calling ``self._request(ENDPOINT, cast_to=..., ...)``. Everything else is
here: configuration, auth, URL and query building, retries with backoff,
timeouts, redirects, error mapping, response parsing and logging.

Retries. An attempt is retried, up to ``max_retries`` times, when it gets 408,
409, 429 or a 5xx, or fails in transport (timeout, connection reset...). Calls
whose method is not idempotent (POST, PATCH) are retried only after failures
that prove the request was never sent (connection refused, connect or pool
timeout), unless the endpoint is marked idempotent or the client was built
with ``retry_non_idempotent=True``. Waits follow ``_retries.retry_delay``.

Success with an error inside. A 2xx whose JSON body is an object with
``"success": false`` and a value at the error envelope's message path raises
``APIStatusError`` (status 200), like an error status would.

Redirects are followed by the client (see ``_redirects``), at most 5 hops;
credentials are dropped once a hop leaves the original origin.

Request bodies: ``json`` is encoded as JSON (models with wire names, leaving out
fields never set); ``NOT_GIVEN`` and None both mean "no body".
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import TracebackType
from typing import TypeVar, cast

import httpx
from typing_extensions import Self

from ._api import ApiInfo, Endpoint, ErrorEnvelope, SecurityScheme
from ._client_core import (
    DEFAULT_CONNECTION_LIMITS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    APIClientCore,
    Outgoing,
    RequestPlan,
)
from ._hooks import (
    AsyncRequestHook,
    AsyncResponseHook,
    RequestHook,
    ResponseHook,
    arun_hooks,
    run_hooks,
)
from ._oauth2 import AsyncClientCredentials, ClientCredentials
from ._redirects import MAX_REDIRECTS, redirect_target, same_origin
from ._response import is_raw_mode
from ._streaming import AsyncStreamedResponse, StreamedResponse, is_stream_mode
from ._types import NOT_GIVEN, NotGiven, RequestOptions, TypeForm, as_type

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "ApiInfo",
    "AsyncAPIClient",
    "Endpoint",
    "ErrorEnvelope",
    "SecurityScheme",
    "SyncAPIClient",
]

T = TypeVar("T")


class SyncAPIClient(APIClientCore):
    """Base of the generated synchronous clients.

    Build it with an API key (or its environment variable set), or, when the API declares an
    OAuth2 client-credentials flow, with ``client_id`` and ``client_secret`` (or theirs); use it
    as a context manager or call ``close()`` when done. ``with_options`` makes a copy
    with some options changed that shares the connection pool.
    """

    _client: httpx.Client
    _owns_client: bool
    _sleep: Callable[[float], None]
    """Waits between attempts; replaceable (tests record the delays instead)."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | None = None,
        strict: bool = False,
        retry_non_idempotent: bool = False,
        drift_log: str | os.PathLike[str] | None = None,
        request_hooks: Sequence[RequestHook] = (),
        response_hooks: Sequence[ResponseHook] = (),
        oauth2: ClientCredentials | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
    ) -> None:
        self._configure(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            strict=strict,
            retry_non_idempotent=retry_non_idempotent,
            http_client_timeout=http_client.timeout if http_client is not None else None,
            drift_log=drift_log,
            key_optional=oauth2 is not None,
            client_id=client_id,
            client_secret=client_secret,
        )
        self._oauth2 = oauth2 or self._spec_oauth2(ClientCredentials)
        self._owns_client = http_client is None
        self._client = http_client or httpx.Client(
            timeout=self.timeout, limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=False
        )
        self._sleep = time.sleep
        self._request_hooks = tuple(request_hooks)
        self._response_hooks = tuple(response_hooks)

    @property
    def is_closed(self) -> bool:
        """Whether the connection pool is closed."""
        return self._client.is_closed

    def close(self) -> None:
        """Close the connection pool, if this client created it."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _build(self, plan: RequestPlan, hop: Outgoing) -> httpx.Request:
        return self._client.build_request(
            hop.method, hop.url, headers=hop.headers, content=hop.content, timeout=plan.timeout
        )

    def _authorize(
        self, plan: RequestPlan, stale: str | None = None, last: bool = False
    ) -> str | None:
        """Put an OAuth2 token on the plan, when the client uses OAuth2 and the operation needs
        auth; returns it (None after ``last``: a second refusal is not retried)."""
        if not self._needs_auth(plan):
            return None
        oauth2: ClientCredentials = self._oauth2
        token = oauth2.token(self._client, stale, plan.token_scopes)
        plan.headers["Authorization"] = f"Bearer {token}"
        return None if last else token

    def _send(
        self, plan: RequestPlan, request: httpx.Request, retries_taken: int, stream: bool = False
    ) -> httpx.Response:
        keep_credentials = True
        for hop in range(MAX_REDIRECTS + 1):
            self._log_request(request, retries_taken, plan.max_retries)
            started = time.monotonic()
            run_hooks(self._request_hooks, request)
            response = self._client.send(request, follow_redirects=False, stream=stream)
            self._log_response(
                request, response, time.monotonic() - started, retries_taken, plan.max_retries
            )
            target = redirect_target(response)
            if target is None or hop == MAX_REDIRECTS:
                return response
            response.close()
            keep_credentials = keep_credentials and same_origin(target, plan.url)
            request = self._build(
                plan, self._redirect_hop(plan, request, response, target, keep_credentials)
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def _request(
        self,
        endpoint: Endpoint,
        *,
        cast_to: type[T] | TypeForm[T],
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        json: object = NOT_GIVEN,
        content: bytes | str | None = None,
        form: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        multipart: Mapping[str, object] | None = None,
        options: RequestOptions,
    ) -> T:
        """Send one call, retrying as configured, and return its parsed result.

        In raw mode (see ``_response.to_raw_response_wrapper``) the ``APIResponse``
        is returned instead.
        """
        target = as_type(cast_to)
        raw = is_raw_mode()
        streaming = is_stream_mode()
        plan = self._plan(
            endpoint,
            path_params=path_params,
            query=query,
            headers=headers,
            json=json,
            content=content,
            form=form,
            cookies=cookies,
            multipart=multipart,
            options=options,
        )
        started = time.monotonic()
        retries_taken = 0
        token = self._authorize(plan)
        while True:
            request = self._build(plan, self._first_hop(plan))
            try:
                response = self._send(plan, request, retries_taken, streaming)
                if streaming and not 200 <= response.status_code < 300:
                    response.read()  # an error: its body is needed, and is small
            except httpx.RequestError as exc:
                delay = self._delay_after_exception(plan, exc, retries_taken)
                if delay is None:
                    raise self._connection_error(plan, exc, request, retries_taken) from exc
            else:
                if token is not None and response.status_code == 401:
                    response.close()  # the token was refused: fetch another, send once more
                    token = self._authorize(plan, stale=token, last=True)
                    continue
                if streaming and 200 <= response.status_code < 300:
                    run_hooks(self._response_hooks, response)
                    return cast(
                        T, self._streamed(StreamedResponse, response, target, retries_taken)
                    )
                data = self._decode(response)
                delay = self._delay_after_response(plan, response, data, retries_taken)
                if delay is None:
                    run_hooks(self._response_hooks, response)
                    return self._result(
                        plan,
                        response,
                        data,
                        target,
                        retries_taken=retries_taken,
                        started=started,
                        raw=raw,
                    )
            self._sleep(delay)
            retries_taken += 1


class AsyncAPIClient(APIClientCore):
    """Base of the generated asynchronous clients; same options as ``SyncAPIClient``.

    Use it with ``async with`` or ``await client.close()`` (``aclose()`` is an alias).
    """

    _client: httpx.AsyncClient
    _owns_client: bool
    _sleep: Callable[[float], Awaitable[None]]
    """Waits between attempts; replaceable (tests record the delays instead)."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        strict: bool = False,
        retry_non_idempotent: bool = False,
        drift_log: str | os.PathLike[str] | None = None,
        request_hooks: Sequence[AsyncRequestHook] = (),
        response_hooks: Sequence[AsyncResponseHook] = (),
        oauth2: AsyncClientCredentials | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
    ) -> None:
        self._configure(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            strict=strict,
            retry_non_idempotent=retry_non_idempotent,
            http_client_timeout=http_client.timeout if http_client is not None else None,
            drift_log=drift_log,
            key_optional=oauth2 is not None,
            client_id=client_id,
            client_secret=client_secret,
        )
        self._oauth2 = oauth2 or self._spec_oauth2(AsyncClientCredentials)
        self._owns_client = http_client is None
        self._client = http_client or httpx.AsyncClient(
            timeout=self.timeout, limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=False
        )
        self._sleep = asyncio.sleep
        self._request_hooks = tuple(request_hooks)
        self._response_hooks = tuple(response_hooks)

    @property
    def is_closed(self) -> bool:
        """Whether the connection pool is closed."""
        return self._client.is_closed

    async def close(self) -> None:
        """Close the connection pool, if this client created it."""
        if self._owns_client:
            await self._client.aclose()

    async def aclose(self) -> None:
        """Alias of ``close()``."""
        await self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    def _build(self, plan: RequestPlan, hop: Outgoing) -> httpx.Request:
        return self._client.build_request(
            hop.method, hop.url, headers=hop.headers, content=hop.content, timeout=plan.timeout
        )

    async def _authorize(
        self, plan: RequestPlan, stale: str | None = None, last: bool = False
    ) -> str | None:
        """The async ``SyncAPIClient._authorize``."""
        if not self._needs_auth(plan):
            return None
        oauth2: AsyncClientCredentials = self._oauth2
        token = await oauth2.token(self._client, stale, plan.token_scopes)
        plan.headers["Authorization"] = f"Bearer {token}"
        return None if last else token

    async def _send(
        self, plan: RequestPlan, request: httpx.Request, retries_taken: int, stream: bool = False
    ) -> httpx.Response:
        keep_credentials = True
        for hop in range(MAX_REDIRECTS + 1):
            self._log_request(request, retries_taken, plan.max_retries)
            started = time.monotonic()
            await arun_hooks(self._request_hooks, request)
            response = await self._client.send(request, follow_redirects=False, stream=stream)
            self._log_response(
                request, response, time.monotonic() - started, retries_taken, plan.max_retries
            )
            target = redirect_target(response)
            if target is None or hop == MAX_REDIRECTS:
                return response
            await response.aclose()
            keep_credentials = keep_credentials and same_origin(target, plan.url)
            request = self._build(
                plan, self._redirect_hop(plan, request, response, target, keep_credentials)
            )
        raise AssertionError("unreachable")  # pragma: no cover

    async def _request(
        self,
        endpoint: Endpoint,
        *,
        cast_to: type[T] | TypeForm[T],
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        json: object = NOT_GIVEN,
        content: bytes | str | None = None,
        form: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        multipart: Mapping[str, object] | None = None,
        options: RequestOptions,
    ) -> T:
        """Send one call, retrying as configured, and return its parsed result.

        In raw mode (see ``_response.async_to_raw_response_wrapper``) the
        ``APIResponse`` is returned instead.
        """
        target = as_type(cast_to)
        raw = is_raw_mode()
        streaming = is_stream_mode()
        plan = self._plan(
            endpoint,
            path_params=path_params,
            query=query,
            headers=headers,
            json=json,
            content=content,
            form=form,
            cookies=cookies,
            multipart=multipart,
            options=options,
        )
        started = time.monotonic()
        retries_taken = 0
        token = await self._authorize(plan)
        while True:
            request = self._build(plan, self._first_hop(plan))
            try:
                response = await self._send(plan, request, retries_taken, streaming)
                if streaming and not 200 <= response.status_code < 300:
                    await response.aread()  # an error: its body is needed, and is small
            except httpx.RequestError as exc:
                delay = self._delay_after_exception(plan, exc, retries_taken)
                if delay is None:
                    raise self._connection_error(plan, exc, request, retries_taken) from exc
            else:
                if token is not None and response.status_code == 401:
                    await response.aclose()  # the token was refused: fetch another, send once more
                    token = await self._authorize(plan, stale=token, last=True)
                    continue
                if streaming and 200 <= response.status_code < 300:
                    await arun_hooks(self._response_hooks, response)
                    return cast(
                        T, self._streamed(AsyncStreamedResponse, response, target, retries_taken)
                    )
                data = self._decode(response)
                delay = self._delay_after_response(plan, response, data, retries_taken)
                if delay is None:
                    await arun_hooks(self._response_hooks, response)
                    return self._result(
                        plan,
                        response,
                        data,
                        target,
                        retries_taken=retries_taken,
                        started=started,
                        raw=raw,
                    )
            await self._sleep(delay)
            retries_taken += 1
