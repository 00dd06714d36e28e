"""Idempotency keys against real loopback servers that fail after reading the request body."""

from __future__ import annotations

import uuid

import pytest
from connector_clients._base_client import Endpoint
from connector_clients.errors import APIConnectionError, InternalServerError
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .._loopback import RawServer
from .demo import Harness, Widget, resolve

KEYED = Endpoint("POST", "/v1/widgets", security=(("key",),), idempotency_header="Idempotency-Key")
UNKEYED = Endpoint("POST", "/v1/widgets", security=(("key",),))
WIDGET = '{"id": "w1", "name": "Widget"}'


def failing_once(seen: list[tuple[str | None, bytes]]) -> object:
    def handler(request: Request) -> Response:
        seen.append((request.headers.get("Idempotency-Key"), request.get_data()))
        if len(seen) == 1:
            return Response("", status=503)
        return Response(WIDGET, status=201, mimetype="application/json")

    return handler


def test_generated_key_is_reused_across_retries_of_a_post(
    harness: Harness, httpserver: HTTPServer
) -> None:
    seen: list[tuple[str | None, bytes]] = []
    httpserver.expect_request("/v1/widgets", method="POST").respond_with_handler(
        failing_once(seen)  # type: ignore[arg-type]
    )

    async def scenario() -> Widget:
        client = harness.client(base_url=httpserver.url_for("/"))
        widget: Widget = await resolve(client.call(KEYED, cast_to=Widget, json={"name": "a"}))
        widget2: Widget = await resolve(client.call(KEYED, cast_to=Widget, json={"name": "a"}))
        await resolve(client.close())
        assert widget2.id == "w1"
        return widget

    assert harness.run(scenario).id == "w1"
    assert len(seen) == 3
    (first_key, first_body), (retry_key, retry_body), (next_key, _) = seen
    assert first_body == retry_body == b'{"name":"a"}'  # the server had read the body
    assert first_key is not None
    assert uuid.UUID(first_key).version == 4
    assert retry_key == first_key  # same call, same key
    assert next_key != first_key  # another call, another key
    assert len(harness.sleeps) == 1


@pytest.mark.parametrize("how", ["headers", "extra_headers", "default_headers"])
def test_callers_key_wins(harness: Harness, httpserver: HTTPServer, how: str) -> None:
    seen: list[tuple[str | None, bytes]] = []
    httpserver.expect_request("/v1/widgets", method="POST").respond_with_handler(
        failing_once(seen)  # type: ignore[arg-type]
    )
    key = {"Idempotency-Key": "mine-123"}

    async def scenario() -> None:
        client = harness.client(
            base_url=httpserver.url_for("/"),
            default_headers=key if how == "default_headers" else None,
        )
        kwargs = {"headers": key} if how == "headers" else {}
        if how == "extra_headers":
            kwargs = {"extra_headers": key}
        await resolve(client.call(KEYED, cast_to=Widget, json={"name": "a"}, **kwargs))
        await resolve(client.close())

    harness.run(scenario)
    assert [k for k, _ in seen] == ["mine-123", "mine-123"]


def test_post_without_a_key_is_not_resent(harness: Harness, httpserver: HTTPServer) -> None:
    seen: list[tuple[str | None, bytes]] = []
    httpserver.expect_request("/v1/widgets", method="POST").respond_with_handler(
        failing_once(seen)  # type: ignore[arg-type]
    )

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        try:
            await resolve(client.call(UNKEYED, cast_to=Widget, json={"name": "a"}))
        finally:
            await resolve(client.close())

    with pytest.raises(InternalServerError):
        harness.run(scenario)
    assert seen == [(None, b'{"name":"a"}')]


@pytest.mark.parametrize(("endpoint", "attempts"), [(KEYED, 3), (UNKEYED, 1)])
def test_connection_reset_after_the_body_was_read(
    harness: Harness, endpoint: Endpoint, attempts: int
) -> None:
    """The server reads the whole request, then resets: only a keyed POST is sent again."""
    with RawServer(then="reset") as server:

        async def scenario() -> None:
            client = harness.client(base_url=server.url)
            try:
                await resolve(client.call(endpoint, cast_to=Widget, json={"name": "a"}))
            finally:
                await resolve(client.close())

        with pytest.raises(APIConnectionError) as caught:
            harness.run(scenario)
    assert server.connections == attempts
    assert caught.value.retries_taken == attempts - 1
