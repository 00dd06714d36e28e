"""Streaming responses against real loopback servers that send their bodies slowly."""

from __future__ import annotations

from typing import Any

import pytest
from connector_clients._base_client import Endpoint
from connector_clients._streaming import (
    ServerSentEvent,
    aopen_stream,
    async_to_streamed_response_wrapper,
    open_stream,
    to_streamed_response_wrapper,
)
from connector_clients.errors import APITimeoutError, NotFoundError
from pytest_httpserver import HTTPServer

from .._loopback import RawServer, chunked
from .demo import Harness, Widget, resolve

EVENTS = Endpoint("GET", "/v1/events", security=(("key",),))


SSE_CHUNKS = [
    b': a comment\n\nevent: widget\nid: 1\ndata: {"id": "w1", "name": "One"}\n\n',
    b'data: {"id": "w2",\ndata:  "name": "Two"}\n\n',
    b'data: {"id": "w3", "name": "Three"}\n\n',
]


def test_event_stream_yields_typed_events(harness: Harness) -> None:
    server = RawServer(
        chunked(SSE_CHUNKS, content_type="text/event-stream", pause=0.05), then="close"
    )

    async def scenario() -> list[Any]:
        client = harness.client(base_url=server.url)
        if harness.is_async:
            stream = await aopen_stream(client._request, EVENTS, event_type=Widget, options={})
            async with stream:
                found = [w async for w in stream]
            await client.close()
        else:
            with open_stream(client._request, EVENTS, event_type=Widget, options={}) as stream:
                found = list(stream)
            client.close()
        return found

    with server:
        widgets = harness.run(scenario)
    assert [(w.id, w.name) for w in widgets] == [("w1", "One"), ("w2", "Two"), ("w3", "Three")]
    assert all(isinstance(w, Widget) for w in widgets)
    request = server.requests[0].decode()
    assert "accept: text/event-stream" in request.lower()
    assert "x-api-key: demo-key" in request.lower()


def test_raw_events_keep_name_and_id(harness: Harness) -> None:
    server = RawServer(chunked(SSE_CHUNKS[:1], content_type="text/event-stream"), then="close")

    async def scenario() -> list[Any]:
        client = harness.client(base_url=server.url)
        if harness.is_async:
            stream = await aopen_stream(
                client._request, EVENTS, event_type=ServerSentEvent, options={}
            )
            found = [e async for e in stream]
            await client.close()
        else:
            found = list(
                open_stream(client._request, EVENTS, event_type=ServerSentEvent, options={})
            )
            client.close()
        return found

    with server:
        (event,) = harness.run(scenario)
    assert isinstance(event, ServerSentEvent)
    assert (event.event, event.id, event.json()) == ("widget", "1", {"id": "w1", "name": "One"})


def test_stopping_early_releases_the_connection(harness: Harness) -> None:
    chunks = [b'data: {"id": "w%d", "name": "n"}\n\n' % i for i in range(50)]
    server = RawServer(chunked(chunks, content_type="text/event-stream", pause=0.05), then="close")

    async def scenario() -> None:
        client = harness.client(base_url=server.url)
        if harness.is_async:
            async with await aopen_stream(
                client._request, EVENTS, event_type=Widget, options={}
            ) as stream:
                async for _ in stream:
                    break
            await client.close()
        else:
            with open_stream(client._request, EVENTS, event_type=Widget, options={}) as stream:
                for _ in stream:
                    break
            client.close()

    with server:
        harness.run(scenario)
        assert server.hung_up.wait(5)  # the server saw the connection closed mid-stream
    assert not server.done.is_set()
    assert server.sent < 1 + len(chunks)  # the head and fewer than all the chunks


def test_timeout_applies_between_chunks(harness: Harness) -> None:
    # Six chunks 0.3 s apart: 1.5 s in all, but no wait longer than the 1 s read timeout.
    event = b'data: {"id": "w", "name": "n"}\n\n'
    slow = RawServer(
        chunked([event] * 6, content_type="text/event-stream", pause=0.3), then="close"
    )
    stalled = RawServer(chunked([event], content_type="text/event-stream", pause=3), then="close")

    async def count(url: str) -> int:
        client = harness.client(base_url=url, timeout=1.0, max_retries=0)
        try:
            if harness.is_async:
                stream = await aopen_stream(client._request, EVENTS, event_type=Widget, options={})
                return len([w async for w in stream])
            return len(list(open_stream(client._request, EVENTS, event_type=Widget, options={})))
        finally:
            await resolve(client.close())

    with slow, stalled:
        assert harness.run(lambda: count(slow.url)) == 6
        with pytest.raises(APITimeoutError, match="next chunk"):
            harness.run(lambda: count(stalled.url))


def test_streamed_response_reads_a_large_body_in_chunks(harness: Harness) -> None:
    chunks = [bytes([i]) * 65536 for i in range(16)]  # 1 MiB
    server = RawServer(chunked(chunks, content_type="application/octet-stream"), then="close")

    async def scenario() -> tuple[int, int]:
        client = harness.client(base_url=server.url)
        sizes: list[int] = []
        if harness.is_async:
            call = async_to_streamed_response_wrapper(client.call)
            async with await call(EVENTS, cast_to=bytes) as response:
                assert response.status_code == 200
                async for chunk in response.iter_bytes():
                    sizes.append(len(chunk))
            await client.close()
        else:
            with to_streamed_response_wrapper(client.call)(EVENTS, cast_to=bytes) as response:
                assert response.status_code == 200
                sizes = [len(chunk) for chunk in response.iter_bytes()]
            client.close()
        return sum(sizes), len(sizes)

    with server:
        total, count = harness.run(scenario)
    assert total == 16 * 65536
    assert count > 1  # not one piece: read as it arrived


def test_streamed_response_errors_and_parse(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_json({"id": "w1", "name": "W"})
    httpserver.expect_request("/v1/widgets/nope").respond_with_json(
        {"error": {"code": "not_found", "message": "no such widget"}}, status=404
    )

    async def scenario() -> str:
        client = harness.client(base_url=httpserver.url_for("/"))
        try:
            if harness.is_async:
                call = async_to_streamed_response_wrapper(client.get_widget)
                async with await call("w1") as response:
                    widget = await response.parse()
                await call("nope")
            else:
                with to_streamed_response_wrapper(client.get_widget)("w1") as response:
                    widget = response.parse()
                to_streamed_response_wrapper(client.get_widget)("nope")
        except NotFoundError as exc:
            assert exc.message == "no such widget"
            return str(widget.name)
        finally:
            await resolve(client.close())
        raise AssertionError("no error")

    assert harness.run(scenario) == "W"
