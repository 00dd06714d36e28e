"""Pagination against real loopback servers: cursor, offset, page number and Link headers,
sync and async, with the loop guards."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from connector_clients._api import Endpoint, Pagination
from connector_clients._pagination import afirst_page, first_page
from connector_clients.errors import InternalServerError, PaginationError
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .demo import Harness, Widget, resolve

ITEMS = [{"id": f"w{i}", "name": f"Widget {i}"} for i in range(7)]

CURSOR = Endpoint(
    "GET",
    "/v1/widgets",
    security=(("key",),),
    pagination=Pagination(
        kind="cursor", items=("data",), param="cursor", next_cursor=("meta", "next")
    ),
)
OFFSET = Endpoint(
    "GET",
    "/v1/widgets",
    pagination=Pagination(kind="offset", items=("data",), param="offset"),
)
PAGE = Endpoint(
    "GET",
    "/v1/widgets",
    pagination=Pagination(kind="page", items=("results",), param="page", has_more=("more",)),
)
LINK = Endpoint("GET", "/v1/{owner}/widgets", pagination=Pagination(kind="link"))


def cursor_server(seen: list[dict[str, str]]) -> Callable[[Request], Response]:
    def handler(request: Request) -> Response:
        seen.append(dict(request.args))
        start = int(request.args.get("cursor", "0"))
        chunk = ITEMS[start : start + 3]
        following = start + 3 if start + 3 < len(ITEMS) else None
        body = {"data": chunk, "meta": {"next": None if following is None else str(following)}}
        return Response(json.dumps(body), mimetype="application/json")

    return handler


def open_pages(harness: Harness, client: Any, endpoint: Endpoint, **kwargs: Any) -> Any:
    first = afirst_page if harness.is_async else first_page
    return first(client._request, endpoint, item_type=Widget, options={}, **kwargs)


async def collect(harness: Harness, page: Any) -> list[Any]:
    if harness.is_async:
        return [item async for item in page]
    return list(page)


def test_cursor_pages_are_fetched_lazily(harness: Harness, httpserver: HTTPServer) -> None:
    seen: list[dict[str, str]] = []
    httpserver.expect_request("/v1/widgets").respond_with_handler(cursor_server(seen))

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        page = await resolve(open_pages(harness, client, CURSOR, query={"limit": 3}))
        assert [w.id for w in page.items] == ["w0", "w1", "w2"]
        assert isinstance(page.items[0], Widget)
        assert page.http_response.status_code == 200
        assert page.http_response.request.headers["X-API-Key"]
        assert len(seen) == 1  # nothing fetched ahead
        assert page.has_next_page()
        second = await resolve(page.next_page())
        assert [w.id for w in second.items] == ["w3", "w4", "w5"]
        everything = await collect(harness, page)
        assert [w.id for w in everything] == [item["id"] for item in ITEMS]
        last = await resolve(second.next_page())
        assert not last.has_next_page() and await resolve(last.next_page()) is None
        await resolve(client.close())

    harness.run(scenario)
    assert seen[0] == {"limit": "3"}
    assert seen[1] == {"limit": "3", "cursor": "3"}
    assert {"limit": "3", "cursor": "6"} in seen


def test_pages_iterates_pages(harness: Harness, httpserver: HTTPServer) -> None:
    seen: list[dict[str, str]] = []
    httpserver.expect_request("/v1/widgets").respond_with_handler(cursor_server(seen))

    async def scenario() -> list[int]:
        client = harness.client(base_url=httpserver.url_for("/"))
        page = await resolve(open_pages(harness, client, CURSOR))
        if harness.is_async:
            sizes = [len(p.items) async for p in page.pages()]
        else:
            sizes = [len(p.items) for p in page.pages()]
        await resolve(client.close())
        return sizes

    assert harness.run(scenario) == [3, 3, 1]


def test_stopping_early_fetches_no_more_pages(harness: Harness, httpserver: HTTPServer) -> None:
    seen: list[dict[str, str]] = []
    httpserver.expect_request("/v1/widgets").respond_with_handler(cursor_server(seen))

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        page = await resolve(open_pages(harness, client, CURSOR))
        taken: list[str] = []
        if harness.is_async:
            async for widget in page:
                taken.append(widget.id)
                if len(taken) == 4:
                    break
        else:
            for widget in page:
                taken.append(widget.id)
                if len(taken) == 4:
                    break
        assert taken == ["w0", "w1", "w2", "w3"]
        await resolve(client.close())

    harness.run(scenario)
    assert len(seen) == 2


def test_offset_and_page_number(harness: Harness, httpserver: HTTPServer) -> None:
    offsets: list[str | None] = []
    numbers: list[str | None] = []

    def by_offset(request: Request) -> Response:
        offsets.append(request.args.get("offset"))
        start = int(request.args.get("offset", "0"))
        return Response(json.dumps({"data": ITEMS[start : start + 2]}), mimetype="application/json")

    def by_page(request: Request) -> Response:
        numbers.append(request.args.get("page"))
        number = int(request.args.get("page", "1"))
        chunk = ITEMS[(number - 1) * 3 : number * 3]
        body = {"results": chunk, "more": number * 3 < len(ITEMS)}
        return Response(json.dumps(body), mimetype="application/json")

    httpserver.expect_request("/v1/widgets").respond_with_handler(
        lambda r: by_offset(r) if r.args["kind"] == "offset" else by_page(r)
    )

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        # the handlers are told apart by a parameter, sent again with every page
        page = await resolve(open_pages(harness, client, OFFSET, query={"kind": "offset"}))
        assert len(await collect(harness, page)) == 7
        page = await resolve(open_pages(harness, client, PAGE, query={"kind": "page"}))
        assert [w.id for w in await collect(harness, page)] == [i["id"] for i in ITEMS]
        await resolve(client.close())

    harness.run(scenario)
    assert offsets == [None, "2", "4", "6", "7"]  # offsets follow the items; an empty page ends it
    assert numbers == [None, "2", "3"]  # `more: false` ends it


def test_link_header(harness: Harness, httpserver: HTTPServer) -> None:
    seen: list[str] = []

    def handler(request: Request) -> Response:
        seen.append(request.full_path)
        number = int(request.args.get("page", "1"))
        headers = {}
        if number < 3:
            nxt = httpserver.url_for(f"/api/v1/ada/widgets?page={number + 1}&per_page=3")
            headers["Link"] = f'<{nxt}>; rel="next", <{httpserver.url_for("/x")}>; rel="last"'
        chunk = ITEMS[(number - 1) * 3 : number * 3]
        return Response(json.dumps(chunk), mimetype="application/json", headers=headers)

    httpserver.expect_request("/api/v1/ada/widgets").respond_with_handler(handler)

    async def scenario() -> list[Any]:
        client = harness.client(base_url=httpserver.url_for("/api"))
        page = await resolve(open_pages(harness, client, LINK, path_params={"owner": "ada"}))
        items = await collect(harness, page)
        await resolve(client.close())
        return items

    assert len(harness.run(scenario)) == 7
    assert seen == [
        "/api/v1/ada/widgets?",
        "/api/v1/ada/widgets?page=2&per_page=3",
        "/api/v1/ada/widgets?page=3&per_page=3",
    ]


def test_link_to_another_origin_is_refused(
    harness: Harness, httpserver: HTTPServer, other_server: HTTPServer
) -> None:
    httpserver.expect_request("/api/v1/ada/widgets").respond_with_json(
        ITEMS[:1], headers={"Link": f'<{other_server.url_for("/steal")}>; rel="next"'}
    )

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/api"))
        page = await resolve(open_pages(harness, client, LINK, path_params={"owner": "ada"}))
        try:
            await collect(harness, page)
        finally:
            await resolve(client.close())

    with pytest.raises(PaginationError, match="another origin"):
        harness.run(scenario)
    assert len(other_server.log) == 0


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ([(["a"], "c1"), (["b"], "c1")], "cursor 'c1' a second time"),
        ([(["a"], "c1"), ([], "c2")], "empty page with a cursor 'c2'"),
    ],
)
def test_loop_guards(
    harness: Harness, httpserver: HTTPServer, pages: list[tuple[list[str], str]], message: str
) -> None:
    answers = iter(pages)

    def handler(request: Request) -> Response:
        ids, cursor = next(answers)
        body = {"data": [{"id": i, "name": i} for i in ids], "meta": {"next": cursor}}
        return Response(json.dumps(body), mimetype="application/json")

    httpserver.expect_request("/v1/widgets").respond_with_handler(handler)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        page = await resolve(open_pages(harness, client, CURSOR))
        try:
            await collect(harness, page)
        finally:
            await resolve(client.close())

    with pytest.raises(PaginationError, match=message):
        harness.run(scenario)


def test_each_page_is_retried_and_errors_surface(harness: Harness, httpserver: HTTPServer) -> None:
    calls: list[str | None] = []

    def handler(request: Request) -> Response:
        cursor = request.args.get("cursor")
        calls.append(cursor)
        if cursor == "3" and calls.count("3") == 1:
            return Response("", status=503)
        if cursor == "6":
            return Response(
                '{"error": {"code": "x", "message": "broken"}}',
                status=500,
                mimetype="application/json",
            )
        return cursor_server([])(request)

    httpserver.expect_request("/v1/widgets").respond_with_handler(handler)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"), max_retries=1)
        page = await resolve(open_pages(harness, client, CURSOR))
        second = await resolve(page.next_page())
        assert second.retries_taken == 1
        try:
            await resolve(second.next_page())
        finally:
            await resolve(client.close())

    with pytest.raises(InternalServerError, match="broken"):
        harness.run(scenario)
    assert calls == [None, "3", "3", "6", "6"]
