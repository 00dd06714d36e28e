"""Retries against real loopback servers: failing, stalling, resetting and refusing ones."""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Callable

import httpx
import pytest
from connector_clients._base_client import Endpoint
from connector_clients.errors import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    RateLimitError,
)
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .._loopback import RawServer, free_port
from .demo import API_KEY, Harness, resolve

WIDGET = {"id": "w1", "name": "Widget"}


def failing_then_ok(
    failures: int, status: int = 503, headers: dict[str, str] | None = None, body: str = ""
) -> tuple[Callable[[Request], Response], list[Request]]:
    """A handler answering ``status`` ``failures`` times, then the widget."""
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        if len(seen) <= failures:
            return Response(body, status=status, headers=headers, content_type="application/json")
        return Response(
            '{"id": "w1", "name": "Widget"}',
            status=200,
            content_type="application/json",
            headers={"x-request-id": "req_ok"},
        )

    return handler, seen


def test_server_failing_twice_then_succeeding(harness: Harness, httpserver: HTTPServer) -> None:
    handler, seen = failing_then_ok(2)
    httpserver.expect_request("/v1/widgets/w1").respond_with_handler(handler)

    async def scenario() -> object:
        client = harness.client(base_url=httpserver.url_for("/"))
        response = await resolve(client.with_raw_response.get_widget("w1"))
        await resolve(client.close())
        return response

    response = harness.run(scenario)
    assert len(seen) == 3
    assert response.retries_taken == 2  # type: ignore[attr-defined]
    assert response.parse().id == "w1"  # type: ignore[attr-defined]
    assert len(harness.sleeps) == 2
    assert 0.375 <= harness.sleeps[0] <= 0.5
    assert 0.75 <= harness.sleeps[1] <= 1.0


def test_retries_exhausted_raise_with_retries_taken(
    harness: Harness, httpserver: HTTPServer
) -> None:
    handler, seen = failing_then_ok(10, status=500)
    httpserver.expect_request("/v1/widgets/w1").respond_with_handler(handler)

    async def scenario() -> InternalServerError:
        client = harness.client(base_url=httpserver.url_for("/"), max_retries=3)
        with pytest.raises(InternalServerError) as caught:
            await resolve(client.get_widget("w1"))
        return caught.value

    error = harness.run(scenario)
    assert len(seen) == 4
    assert error.retries_taken == 3
    assert len(harness.sleeps) == 3


@pytest.mark.parametrize(
    ("headers", "body", "expected_sleep"),
    [
        ({"Retry-After": "1.5"}, "", 1.5),
        ({"retry-after-ms": "250"}, "", 0.25),
        ({}, '{"error": {"code": "rate", "message": "m", "details": {"retry_after": 2}}}', 2.0),
    ],
)
def test_server_requested_delay_is_honoured(
    harness: Harness,
    httpserver: HTTPServer,
    headers: dict[str, str],
    body: str,
    expected_sleep: float,
) -> None:
    handler, seen = failing_then_ok(1, status=429, headers=headers, body=body)
    httpserver.expect_request("/v1/widgets/w1").respond_with_handler(handler)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        await resolve(client.get_widget("w1", extra_query={"page": 2}))

    harness.run(scenario)
    assert harness.sleeps == [expected_sleep]
    assert len(seen) == 2
    # The request sent again is the same request: query and credentials included.
    for request in seen:
        assert list(request.args.items(multi=True)) == [("page", "2")]
        assert request.headers["X-API-Key"] == API_KEY


def test_retry_after_http_date_is_the_wait_until_then(
    harness: Harness, httpserver: HTTPServer
) -> None:
    asked: list[float] = []
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        if len(seen) > 1:
            return Response('{"id": "w1", "name": "Widget"}', content_type="application/json")
        now = time.time()
        moment = math.floor(now) + 2  # HTTP dates have whole seconds
        asked.append(moment - now)
        headers = {"Retry-After": email.utils.formatdate(moment, usegmt=True)}
        return Response("", status=429, headers=headers)

    httpserver.expect_request("/v1/widgets/w1").respond_with_handler(handler)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        await resolve(client.get_widget("w1"))

    harness.run(scenario)
    assert len(seen) == 2
    (delay,) = harness.sleeps
    (wanted,) = asked
    assert 0.0 <= delay <= wanted
    assert wanted - delay < 0.25  # the time until that date, not a backoff


def test_absurd_retry_after_uses_backoff_and_reports_it(
    harness: Harness, httpserver: HTTPServer
) -> None:
    body = '{"error": {"code": "rate_limited", "message": "Slow down"}}'
    handler, seen = failing_then_ok(10, status=429, headers={"Retry-After": "3600"}, body=body)
    httpserver.expect_request("/v1/widgets/w1").respond_with_handler(handler)

    async def scenario() -> RateLimitError:
        client = harness.client(base_url=httpserver.url_for("/"))
        with pytest.raises(RateLimitError) as caught:
            await resolve(client.get_widget("w1"))
        return caught.value

    error = harness.run(scenario)
    assert len(seen) == 3
    assert all(delay <= 1.0 for delay in harness.sleeps)
    assert error.retry_after == 3600.0
    assert error.retries_taken == 2
    assert error.code == "rate_limited"
    assert error.message == "Slow down"


def test_x_should_retry_false_stops_retries(harness: Harness, httpserver: HTTPServer) -> None:
    handler, seen = failing_then_ok(5, status=503, headers={"x-should-retry": "false"})
    httpserver.expect_request("/v1/widgets/w1").respond_with_handler(handler)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        with pytest.raises(InternalServerError):
            await resolve(client.get_widget("w1"))

    harness.run(scenario)
    assert len(seen) == 1


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_client_errors_are_not_retried(
    harness: Harness, httpserver: HTTPServer, status: int
) -> None:
    handler, seen = failing_then_ok(5, status=status)
    httpserver.expect_request("/v1/widgets/w1").respond_with_handler(handler)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        with pytest.raises(Exception, match=f"Error code: {status}"):
            await resolve(client.get_widget("w1"))

    harness.run(scenario)
    assert len(seen) == 1
    assert harness.sleeps == []


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_statuses(harness: Harness, httpserver: HTTPServer, status: int) -> None:
    handler, seen = failing_then_ok(1, status=status)
    httpserver.expect_request("/v1/widgets/w1").respond_with_handler(handler)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        await resolve(client.get_widget("w1"))

    harness.run(scenario)
    assert len(seen) == 2


def test_post_is_not_retried_unless_opted_in(harness: Harness, httpserver: HTTPServer) -> None:
    handler, seen = failing_then_ok(1)
    httpserver.expect_request("/v1/widgets", method="POST").respond_with_handler(handler)

    async def scenario() -> InternalServerError:
        client = harness.client(base_url=httpserver.url_for("/"))
        with pytest.raises(InternalServerError) as caught:
            await resolve(client.create_widget(body={"name": "w"}))
        return caught.value

    error = harness.run(scenario)
    assert error.retries_taken == 0
    assert len(seen) == 1
    assert harness.sleeps == []


def test_opted_in_post_is_retried(harness: Harness, httpserver: HTTPServer) -> None:
    handler, seen = failing_then_ok(2)
    httpserver.expect_request("/v1/widgets", method="POST").respond_with_handler(handler)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"), retry_non_idempotent=True)
        await resolve(client.create_widget(body={"name": "w"}))

    harness.run(scenario)
    assert len(seen) == 3
    assert all(request.get_data() == b'{"name":"w"}' for request in seen)


def test_per_call_max_retries(harness: Harness, httpserver: HTTPServer) -> None:
    handler, seen = failing_then_ok(10)
    httpserver.expect_request("/v1/widgets/w1").respond_with_handler(handler)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"), max_retries=5)
        with pytest.raises(InternalServerError) as caught:
            await resolve(client.get_widget("w1", max_retries=1))
        assert caught.value.retries_taken == 1
        with pytest.raises(InternalServerError):
            await resolve(client.get_widget("w1", max_retries=0))

    harness.run(scenario)
    assert len(seen) == 3


def test_stalled_server_times_out_after_every_attempt(harness: Harness) -> None:
    timeout = 0.3

    async def scenario() -> APITimeoutError:
        with RawServer(then="stall") as server:
            client = harness.client(base_url=server.url, timeout=timeout, max_retries=1)
            started = time.monotonic()
            with pytest.raises(APITimeoutError) as caught:
                await resolve(client.get_widget("w1"))
            elapsed = time.monotonic() - started
            await resolve(client.close())
            assert server.connections == 2
        assert timeout * 2 <= elapsed < timeout * 2 + 3.0
        return caught.value

    error = harness.run(scenario)
    assert isinstance(error, APIConnectionError)
    assert error.retries_taken == 1
    assert isinstance(error.__cause__, httpx.ReadTimeout)
    assert str(error).startswith("Request timed out: GET http://127.0.0.1:")
    assert "/v1/widgets/w1 (ReadTimeout, 2 attempts)" in str(error)
    assert error.request.url.path == "/v1/widgets/w1"


def test_per_call_timeout(harness: Harness) -> None:
    async def scenario() -> None:
        with RawServer(then="stall") as server:
            client = harness.client(base_url=server.url, timeout=30.0)
            started = time.monotonic()
            with pytest.raises(APITimeoutError):
                await resolve(client.get_widget("w1", timeout=0.3, max_retries=0))
            assert time.monotonic() - started < 3.0
            await resolve(client.close())

    harness.run(scenario)


def test_connection_reset_is_retried_then_reported(harness: Harness) -> None:
    async def scenario() -> APIConnectionError:
        with RawServer(then="reset") as server:
            client = harness.client(base_url=server.url, max_retries=2)
            with pytest.raises(APIConnectionError) as caught:
                await resolve(client.get_widget("w1"))
            await resolve(client.close())
            assert server.connections == 3
        return caught.value

    error = harness.run(scenario)
    assert type(error) is APIConnectionError
    assert error.retries_taken == 2
    assert isinstance(error.__cause__, httpx.TransportError)
    assert str(error).startswith("Connection error: GET http://127.0.0.1:")
    assert "3 attempts" in str(error)


def test_reset_during_post_is_not_retried(harness: Harness) -> None:
    async def scenario() -> None:
        with RawServer(then="reset") as server:
            client = harness.client(base_url=server.url)
            with pytest.raises(APIConnectionError):
                await resolve(client.create_widget(body={"name": "w"}))
            await resolve(client.close())
            assert server.connections == 1

    harness.run(scenario)


def test_refused_connection_is_retried_even_for_post(harness: Harness) -> None:
    """A refused connection proves the request was never sent, so resending is safe."""

    async def scenario() -> APIConnectionError:
        client = harness.client(base_url=f"http://127.0.0.1:{free_port()}")
        with pytest.raises(APIConnectionError) as caught:
            await resolve(client.create_widget(body={"name": "w"}))
        return caught.value

    error = harness.run(scenario)
    assert error.retries_taken == 2
    assert len(harness.sleeps) == 2
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert "ConnectError" in str(error)


def test_post_marked_idempotent_is_retried(harness: Harness, httpserver: HTTPServer) -> None:
    handler, seen = failing_then_ok(1)
    httpserver.expect_request("/v1/widgets", method="POST").respond_with_handler(handler)
    idempotent_create = Endpoint("POST", "/v1/widgets", idempotent=True)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        await resolve(client.call(idempotent_create, cast_to=object, json={"name": "w"}))

    harness.run(scenario)
    assert len(seen) == 2


def test_x_should_retry_true_retries_a_client_error(
    harness: Harness, httpserver: HTTPServer
) -> None:
    handler, seen = failing_then_ok(1, status=400, headers={"x-should-retry": "true"})
    httpserver.expect_request("/v1/widgets/w1").respond_with_handler(handler)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        await resolve(client.get_widget("w1"))

    harness.run(scenario)
    assert len(seen) == 2
