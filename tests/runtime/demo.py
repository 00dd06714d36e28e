"""A small demo API in the shape the generator emits, and helpers to test the runtime with it.

The runtime tests never use the generated vendor packages: ``DemoClient`` and
``AsyncDemoClient`` below are written the way generated clients are, against
loopback servers the tests control.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import inspect
import socket
import struct
import threading
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from connector_clients._base_client import (
    ApiInfo,
    AsyncAPIClient,
    Endpoint,
    ErrorEnvelope,
    SecurityScheme,
    SyncAPIClient,
)
from connector_clients._models import BaseModel, Enum
from connector_clients._response import async_to_raw_response_wrapper, to_raw_response_wrapper
from connector_clients._types import NOT_GIVEN, RequestOptions
from pydantic import Field
from typing_extensions import Unpack

T = TypeVar("T")

API_KEY = "demo-key-4f9c2a7e51"


# -- models -------------------------------------------------------------------------


class WidgetStatus(str, Enum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class Widget(BaseModel):
    id: str
    name: str
    status: WidgetStatus = WidgetStatus.ACTIVE
    created_at: datetime.datetime | None = Field(default=None, alias="createdAt")


class WidgetCreate(BaseModel):
    # Separate validation and serialization aliases keep the Python name as the
    # constructor keyword for type checkers, which a plain ``alias=`` would replace.
    name: str
    display_name: str | None = Field(
        default=None, validation_alias="displayName", serialization_alias="displayName"
    )


class ErrorDetail(BaseModel):
    code: str
    message: str
    type: str | None = None
    trace_id: str | None = None
    details: dict[str, Any] | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class InvalidFieldsBody(BaseModel):
    error: ErrorDetail
    fields: list[str]


# -- API description ------------------------------------------------------------------

DEMO_API = ApiInfo(
    name="Demo",
    default_base_url="http://unused.invalid",
    api_key_env_var="DEMO_API_KEY",
    security_schemes={
        "key": SecurityScheme.api_key_header("X-API-Key"),
        "query_key": SecurityScheme.api_key_query("api_key"),
        "cookie_key": SecurityScheme.api_key_cookie("session"),
        "bearer": SecurityScheme.bearer(),
        "basic": SecurityScheme.basic(),
    },
    error_envelope=ErrorEnvelope(
        code=("error", "code"),
        message=("error", "message"),
        type=("error", "type"),
        trace_id=("error", "trace_id"),
        retry_after=("error", "details", "retry_after"),
    ),
)

ERRORS: dict[str, type[Any]] = {"422": InvalidFieldsBody, "4XX": ErrorBody, "default": ErrorBody}

GET_WIDGET = Endpoint("GET", "/v1/widgets/{widget_id}", security=(("key",),), errors=ERRORS)
LIST_WIDGETS = Endpoint("GET", "/v1/widgets", security=(("key",),), errors=ERRORS)
CREATE_WIDGET = Endpoint("POST", "/v1/widgets", security=(("key",),), errors=ERRORS)
DELETE_WIDGET = Endpoint("DELETE", "/v1/widgets/{widget_id}", security=(("key",),), errors=ERRORS)
PING = Endpoint("GET", "/ping")


# -- clients, written as the generator writes them --------------------------------------


class DemoClient(SyncAPIClient):
    api = DEMO_API

    @cached_property
    def with_raw_response(self) -> DemoClientWithRawResponse:
        return DemoClientWithRawResponse(self)

    def get_widget(self, widget_id: str, **options: Unpack[RequestOptions]) -> Widget:
        return self._request(
            GET_WIDGET, cast_to=Widget, path_params={"widget_id": widget_id}, options=options
        )

    def list_widgets(
        self,
        *,
        status: WidgetStatus | None = None,
        tag: list[str] | None = None,
        archived: bool | None = None,
        since: datetime.datetime | None = None,
        limit: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[Widget]:
        return self._request(
            LIST_WIDGETS,
            cast_to=list[Widget],
            query={
                "status": status,
                "tag": tag,
                "archived": archived,
                "since": since,
                "limit": limit,
            },
            options=options,
        )

    def create_widget(
        self, body: WidgetCreate | Mapping[str, object], **options: Unpack[RequestOptions]
    ) -> Widget:
        return self._request(CREATE_WIDGET, cast_to=Widget, json=body, options=options)

    def delete_widget(self, widget_id: str, **options: Unpack[RequestOptions]) -> None:
        return self._request(
            DELETE_WIDGET,
            cast_to=type(None),
            path_params={"widget_id": widget_id},
            options=options,
        )

    def ping(self, **options: Unpack[RequestOptions]) -> str:
        return self._request(PING, cast_to=str, options=options)

    def call(
        self,
        endpoint: Endpoint,
        *,
        cast_to: type[T],
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        json: object = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> T:
        """Any endpoint, for tests that describe their own."""
        return self._request(
            endpoint,
            cast_to=cast_to,
            path_params=path_params,
            query=query,
            headers=headers,
            json=json,
            options=options,
        )


class DemoClientWithRawResponse:
    def __init__(self, client: DemoClient) -> None:
        self.get_widget = to_raw_response_wrapper(client.get_widget)
        self.list_widgets = to_raw_response_wrapper(client.list_widgets)
        self.call = to_raw_response_wrapper(client.call)


class AsyncDemoClient(AsyncAPIClient):
    api = DEMO_API

    @cached_property
    def with_raw_response(self) -> AsyncDemoClientWithRawResponse:
        return AsyncDemoClientWithRawResponse(self)

    async def get_widget(self, widget_id: str, **options: Unpack[RequestOptions]) -> Widget:
        return await self._request(
            GET_WIDGET, cast_to=Widget, path_params={"widget_id": widget_id}, options=options
        )

    async def list_widgets(
        self,
        *,
        status: WidgetStatus | None = None,
        tag: list[str] | None = None,
        archived: bool | None = None,
        since: datetime.datetime | None = None,
        limit: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[Widget]:
        return await self._request(
            LIST_WIDGETS,
            cast_to=list[Widget],
            query={
                "status": status,
                "tag": tag,
                "archived": archived,
                "since": since,
                "limit": limit,
            },
            options=options,
        )

    async def create_widget(
        self, body: WidgetCreate | Mapping[str, object], **options: Unpack[RequestOptions]
    ) -> Widget:
        return await self._request(CREATE_WIDGET, cast_to=Widget, json=body, options=options)

    async def delete_widget(self, widget_id: str, **options: Unpack[RequestOptions]) -> None:
        return await self._request(
            DELETE_WIDGET,
            cast_to=type(None),
            path_params={"widget_id": widget_id},
            options=options,
        )

    async def ping(self, **options: Unpack[RequestOptions]) -> str:
        return await self._request(PING, cast_to=str, options=options)

    async def call(
        self,
        endpoint: Endpoint,
        *,
        cast_to: type[T],
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        json: object = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> T:
        """Any endpoint, for tests that describe their own."""
        return await self._request(
            endpoint,
            cast_to=cast_to,
            path_params=path_params,
            query=query,
            headers=headers,
            json=json,
            options=options,
        )


class AsyncDemoClientWithRawResponse:
    def __init__(self, client: AsyncDemoClient) -> None:
        self.get_widget = async_to_raw_response_wrapper(client.get_widget)
        self.list_widgets = async_to_raw_response_wrapper(client.list_widgets)
        self.call = async_to_raw_response_wrapper(client.call)


# -- harness: one test body for both clients ------------------------------------------


async def resolve(value: Awaitable[T] | T) -> T:
    """The value of a sync call, or the awaited value of an async one."""
    if inspect.isawaitable(value):
        return await value
    return value


@dataclass
class Harness:
    """Builds the sync or the async demo client; tests are written once for both.

    Each test body is an ``async`` function run with ``asyncio.run``; calls are
    wrapped in ``await resolve(...)`` so the same body drives either client.
    Waits between retries are recorded in ``sleeps`` instead of slept.
    """

    is_async: bool
    sleeps: list[float] = field(default_factory=list[float])

    def client(self, **kwargs: Any) -> Any:
        kwargs.setdefault("api_key", API_KEY)
        client: Any
        if self.is_async:
            client = AsyncDemoClient(**kwargs)

            async def record_async(seconds: float) -> None:
                self.sleeps.append(seconds)

            client._sleep = record_async
        else:
            client = DemoClient(**kwargs)
            client._sleep = self.sleeps.append
        return client

    def run(self, scenario: Callable[[], Coroutine[Any, Any, T]]) -> T:
        return asyncio.run(scenario())


# -- servers ---------------------------------------------------------------------------


class MisbehavingServer:
    """A loopback TCP server that reads each request and then stalls or resets.

    ``stall`` keeps the connection open without answering (until the server
    stops, 15 s at most); ``reset`` closes the connection at once with a RST.
    """

    def __init__(self, behaviour: str) -> None:
        self.behaviour = behaviour
        self.connections = 0
        self._stop = threading.Event()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.1)
        self.port = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._open: list[socket.socket] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> MisbehavingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for conn in self._open:
            conn.close()
        self._sock.close()

    def _serve(self) -> None:
        deadline = threading.Timer(15, self._stop.set)
        deadline.daemon = True
        deadline.start()
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.settimeout(1)
            with contextlib.suppress(OSError):
                conn.recv(65536)
            if self.behaviour == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()
            else:
                self._open.append(conn)
        deadline.cancel()


def unused_port() -> int:
    """A loopback port nothing listens on (connections to it are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
