"""A spec declaring every runtime feature (tests/specs/features.yaml), generated, imported,
type-checked, and its clients driven against real loopback servers."""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .._servers import PYRIGHT
from ..conftest import run_cli, run_module

SPEC = Path(__file__).resolve().parents[1] / "specs" / "features.yaml"
PACKAGE = "p_features"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("features") / "out"
    result = run_module(
        out.parent, "generate", str(SPEC), "--output", str(out), "--package", PACKAGE
    )
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(out))
    try:
        yield out
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def api(generated: Path) -> ModuleType:
    return importlib.import_module(PACKAGE)


def test_generated_package_passes_mypy_strict(generated: Path, tmp_path: Path) -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path), PACKAGE],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]


def test_marked_operations_declare_their_idempotency_header(api: ModuleType) -> None:
    client_module = importlib.import_module(f"{PACKAGE}._client")
    assert client_module._CREATE_ORDER.idempotency_header == "Idempotency-Key"
    assert client_module._REFUND_ORDER.idempotency_header == "X-Request-Key"
    assert client_module._ADD_NOTE.idempotency_header is None


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_idempotent_post_is_retried_with_the_same_key(
    api: ModuleType, httpserver: HTTPServer, mode: str
) -> None:
    seen: list[tuple[str | None, bytes]] = []

    def handler(request: Request) -> Response:
        seen.append((request.headers.get("Idempotency-Key"), request.get_data()))
        if len(seen) % 2 == 1:  # the body was read; the answer is lost
            return Response("", status=502)
        return Response('{"id": "o1", "item": "tea"}', status=201, mimetype="application/json")

    httpserver.expect_request("/orders", method="POST").respond_with_handler(handler)
    order = _call(api, mode, "create_order", httpserver, body={"item": "tea"})
    assert order.id == "o1"
    assert len(seen) == 2
    assert seen[0] == seen[1]
    assert seen[0][0] is not None and len(seen[0][0]) == 36
    _call(api, mode, "create_order", httpserver, body={"item": "tea"}, idempotency_key="k-1")
    assert seen[2][0] == "k-1" and seen[3][0] == "k-1"


def _call(api: ModuleType, mode: str, method: str, server: HTTPServer, **kwargs: Any) -> Any:
    url = server.url_for("/")
    if mode == "sync":
        with api.Client(api_key="k", base_url=url) as client:
            client._sleep = lambda _: None
            return getattr(client, method)(**kwargs)

    async def run() -> Any:
        async with api.AsyncClient(api_key="k", base_url=url) as client:

            async def no_wait(_: float) -> None:
                return None

            client._sleep = no_wait
            return await getattr(client, method)(**kwargs)

    return asyncio.run(run())


def test_generated_package_passes_pyright_strict(generated: Path, tmp_path: Path) -> None:
    if not PYRIGHT.exists():
        pytest.fail("node_modules/.bin/pyright is missing: run `npm ci`")
    config = tmp_path / "pyrightconfig.json"
    config.write_text(
        json.dumps(
            {
                "typeCheckingMode": "strict",
                "pythonVersion": "3.11",
                "extraPaths": [os.path.relpath(generated, tmp_path)],
                "include": [os.path.relpath(generated / PACKAGE, tmp_path)],
            }
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(PYRIGHT), "-p", str(config), "--pythonpath", sys.executable, "--outputjson"],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["summary"]["errorCount"] == 0, report["generalDiagnostics"][:5]


ORDERS = [{"id": f"o{i}", "item": f"item {i}"} for i in range(5)]


def _orders_server(server: HTTPServer) -> list[str]:
    """Serves every paginated operation of the spec over ORDERS, two a page."""
    seen: list[str] = []

    def by_cursor(request: Request) -> Response:
        seen.append(request.full_path)
        start = int(request.args.get("cursor", "0"))
        following = str(start + 2) if start + 2 < len(ORDERS) else None
        body = {"data": ORDERS[start : start + 2], "meta": {"next_cursor": following}}
        return Response(json.dumps(body), mimetype="application/json")

    def by_offset(request: Request) -> Response:
        seen.append(request.full_path)
        start = int(request.args.get("offset", "0"))
        return Response(
            json.dumps({"results": ORDERS[start : start + 2]}), mimetype="application/json"
        )

    def by_page(request: Request) -> Response:
        seen.append(request.full_path)
        number = int(request.args.get("page", "1"))
        body = {"results": ORDERS[(number - 1) * 2 : number * 2], "has_more": number * 2 < 5}
        return Response(json.dumps(body), mimetype="application/json")

    def by_link(request: Request) -> Response:
        seen.append(request.full_path)
        number = int(request.args.get("page", "1"))
        headers = {}
        if number < 3:
            headers["Link"] = f'<{server.url_for("/tags")}?page={number + 1}>; rel="next"'
        tags = [{"name": f"t{i}"} for i in range((number - 1) * 2, min(number * 2, 5))]
        return Response(json.dumps(tags), mimetype="application/json", headers=headers)

    server.expect_request("/orders/by-cursor").respond_with_handler(by_cursor)
    server.expect_request("/orders/by-offset").respond_with_handler(by_offset)
    server.expect_request("/orders/by-page").respond_with_handler(by_page)
    server.expect_request("/tags").respond_with_handler(by_link)
    return seen


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_paginated_methods_walk_every_page(
    api: ModuleType, httpserver: HTTPServer, mode: str
) -> None:
    seen = _orders_server(httpserver)
    url = httpserver.url_for("/")
    models = importlib.import_module(f"{PACKAGE}.models")

    def sync() -> dict[str, list[str]]:
        with api.Client(api_key="k", base_url=url) as client:
            first = client.list_orders(limit=2)
            assert [o.id for o in first.items] == ["o0", "o1"]
            assert isinstance(first.items[0], models.Order)
            assert first.http_response.status_code == 200 and first.has_next_page()
            return {
                "cursor": [o.id for o in first],
                "offset": [o.id for o in client.list_orders_by_offset()],
                "page": [len(p.items) for p in client.list_orders_by_page().pages()],
                "link": [t.name for t in client.list_tags(per_page=2)],
            }

    async def run_async() -> dict[str, list[str]]:
        async with api.AsyncClient(api_key="k", base_url=url) as client:
            first = await client.list_orders(limit=2)
            assert first.has_next_page()
            return {
                "cursor": [o.id async for o in first],
                "offset": [o.id async for o in await client.list_orders_by_offset()],
                "page": [len(p.items) async for p in (await client.list_orders_by_page()).pages()],
                "link": [t.name async for t in await client.list_tags(per_page=2)],
            }

    found = sync() if mode == "sync" else asyncio.run(run_async())
    ids = [o["id"] for o in ORDERS]
    assert found == {
        "cursor": ids,
        "offset": ids,
        "page": [2, 2, 1],
        "link": ["t0", "t1", "t2", "t3", "t4"],
    }
    assert "/orders/by-cursor?cursor=2&limit=2" in seen  # the limit is sent with every page
    assert "/tags?page=3" in seen
    # A paginated method has no raw-response twin: its pages carry the HTTP response.
    assert not hasattr(api.Client(api_key="k").with_raw_response, "list_orders")


BAD_DECLARATIONS = {
    "unknown parameter": (
        "{kind: cursor, cursor-param: after, next-cursor: meta.next_cursor, items: data}",
        "cursor-param 'after' is not a query parameter of this operation",
        "/x-pagination/cursor-param",
    ),
    "unknown field": (
        "{kind: cursor, cursor-param: cursor, next-cursor: meta.next, items: data}",
        "next-cursor 'meta.next' is not a field of the response",
        "/x-pagination/next-cursor",
    ),
    "items not a list": (
        "{kind: offset, offset-param: limit, items: meta}",
        "must be an array",
        "/x-pagination/items",
    ),
    "unknown kind": ("{kind: seek}", "pagination kind must be one of", "/x-pagination"),
}


@pytest.mark.parametrize("case", sorted(BAD_DECLARATIONS))
def test_validate_refuses_a_declaration_naming_what_the_operation_lacks(
    tmp_path: Path, case: str
) -> None:
    declaration, message, pointer = BAD_DECLARATIONS[case]
    text = SPEC.read_text(encoding="utf-8")
    good = "x-pagination: {kind: cursor, cursor-param: cursor, next-cursor: meta.next_cursor, items: data}"
    assert good in text
    spec = tmp_path / "features.yaml"
    spec.write_text(text.replace(good, f"x-pagination: {declaration}"), encoding="utf-8")
    line = 1 + text[: text.index(good)].count("\n")
    result = run_cli(tmp_path, "validate", str(spec))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert f"features.yaml:{line}" in result.output
    assert f"(at /paths/~1orders~1by-cursor/get{pointer})" in result.output


def test_vendor_pagination_settings_apply_to_operations_that_fit(tmp_path: Path) -> None:
    text = SPEC.read_text(encoding="utf-8")
    stripped = re.sub(r"\n\s*x-pagination: .*", "", text)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "features.yaml").write_text(stripped, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.clientgen]\npackage = 'p-vendor'\n"
        "[tool.clientgen.vendors.features.pagination]\n"
        "kind = 'offset'\noffset-param = 'offset'\nitems = 'results'\n",
        encoding="utf-8",
    )
    result = run_cli(tmp_path, "generate")
    assert result.exit_code == 0, result.output
    client = (tmp_path / "generated" / "p_vendor" / "features" / "_client.py").read_text()
    assert client.count('Pagination(kind="offset", items=("results",), param="offset")') == 1
    assert "def list_orders_by_offset(" in client and "SyncPage[models.Order]" in client
    assert "def list_orders_by_page(" in client  # no offset parameter: not paginated
    (tmp_path / "pyproject.toml").write_text(
        "[tool.clientgen]\n[tool.clientgen.vendors.features.pagination]\nkind = 'seek'\n",
        encoding="utf-8",
    )
    refused = run_cli(tmp_path, "validate")
    assert refused.exit_code == 2
    assert "[tool.clientgen.vendors.features.pagination]: kind must be one of" in refused.output


SSE = (
    'event: status\ndata: {"order_id": "o1", "status": "placed"}\n\n'
    ": keep-alive\n\n"
    'data: {"order_id": "o1", "status": "shipped"}\n\n'
)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_event_stream_methods_yield_typed_events(
    api: ModuleType, httpserver: HTTPServer, mode: str
) -> None:
    httpserver.expect_request(
        "/orders/o1/events", headers={"Accept": "text/event-stream"}
    ).respond_with_data(SSE, content_type="text/event-stream")
    httpserver.expect_request("/ticks").respond_with_data(
        "id: 7\ndata: tick\n\n", content_type="text/event-stream"
    )
    url = httpserver.url_for("/")
    models = importlib.import_module(f"{PACKAGE}.models")

    def sync() -> tuple[list[Any], list[Any], int]:
        with api.Client(api_key="k", base_url=url) as client:
            with client.stream_order_events("o1") as stream:
                events = list(stream)
            ticks = list(client.stream_ticks())
            with client.with_streaming_response.create_order(body={"item": "x"}) as response:
                pass
            return events, ticks, response.status_code

    async def run_async() -> tuple[list[Any], list[Any], int]:
        async with api.AsyncClient(api_key="k", base_url=url) as client:
            async with await client.stream_order_events("o1") as stream:
                events = [e async for e in stream]
            ticks = [t async for t in await client.stream_ticks()]
            call = client.with_streaming_response.create_order
            async with await call(body={"item": "x"}) as response:
                pass
            return events, ticks, response.status_code

    httpserver.expect_request("/orders", method="POST").respond_with_json(
        {"id": "o9", "item": "x"}, status=201
    )
    events, ticks, status = sync() if mode == "sync" else asyncio.run(run_async())
    assert [(e.order_id, e.status) for e in events] == [("o1", "placed"), ("o1", "shipped")]
    assert all(isinstance(e, models.OrderEvent) for e in events)
    assert [(t.id, t.data) for t in ticks] == [("7", "tick")]
    assert status == 201
