"""A spec declaring every runtime feature (tests/specs/features.yaml), generated, imported,
type-checked, and its clients driven against real loopback servers."""

from __future__ import annotations

import asyncio
import base64
import importlib
import inspect
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .._readme import python_blocks, run_block
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


# -- OAuth2 client credentials, driven by the spec ------------------------------------------


class Inventory:
    """The spec's token endpoint (/oauth/token, relative to the API's host) and its
    inventory API, which accepts only the tokens it issued, each for the scopes asked."""

    def __init__(self, server: HTTPServer, *, expires_in: int = 3600, delay: float = 0) -> None:
        self.forms: list[dict[str, str]] = []
        self.basic: list[str | None] = []
        self.valid: dict[str, set[str]] = {}  # token -> its scopes
        self.seen: list[tuple[str, str, str | None, str | None]] = []
        self.expires_in = expires_in
        self.delay = delay
        self.accept_new = True
        self._lock = threading.Lock()
        server.expect_request("/oauth/token", method="POST").respond_with_handler(self.issue)
        server.expect_request("/inventory/a1").respond_with_handler(self.stock)
        server.expect_request("/warehouses").respond_with_handler(self.warehouses)
        self.url = server.url_for("/")

    def issue(self, request: Request) -> Response:
        time.sleep(self.delay)
        with self._lock:
            self.forms.append(dict(request.form))
            self.basic.append(request.headers.get("Authorization"))
            token = f"tok-{len(self.forms)}"
            if self.accept_new:
                self.valid[token] = set(request.form.get("scope", "").split())
        body = {"access_token": token, "token_type": "Bearer", "expires_in": self.expires_in}
        return Response(json.dumps(body), mimetype="application/json")

    def _allowed(self, request: Request, scope: str) -> bool:
        header = request.headers.get("Authorization")
        self.seen.append((request.method, request.path, header, request.headers.get("X-API-Key")))
        token = (header or "").removeprefix("Bearer ")
        return scope in self.valid.get(token, set()) or token == "direct-token"

    def stock(self, request: Request) -> Response:
        scope = "inventory:write" if request.method == "PUT" else "inventory:read"
        if not self._allowed(request, scope):
            presented = (request.headers.get("Authorization") or "").removeprefix("Bearer ")
            body = json.dumps({"message": f"token {presented} refused"})
            return Response(body, status=401, mimetype="application/json")
        return Response('{"sku": "a1", "quantity": 3}', mimetype="application/json")

    def warehouses(self, request: Request) -> Response:
        if not (self._allowed(request, "inventory:read") or self.seen[-1][3] == "k"):
            return Response('{"message": "refused"}', status=401, mimetype="application/json")
        return Response('["north", "south"]', mimetype="application/json")


def _run(api: ModuleType, mode: str, scenario: Any, **options: Any) -> Any:
    """`scenario(client)` with a sync client, or awaited with an async one (a coroutine
    function taking the client, whose calls are awaited through `_r`)."""
    if mode == "sync":
        with api.Client(**options) as client:
            return asyncio.run(scenario(client))

    async def run() -> Any:
        async with api.AsyncClient(**options) as client:
            return await scenario(client)

    return asyncio.run(run())


async def _r(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def test_oauth2_scheme_and_scopes_are_generated(api: ModuleType, generated: Path) -> None:
    client_module = importlib.import_module(f"{PACKAGE}._client")
    scheme = client_module.API.security_schemes["oauth"]
    assert (scheme.kind, scheme.token_url) == ("oauth2", "/oauth/token")
    assert scheme.scopes == ("inventory:read", "inventory:write")
    assert client_module._GET_STOCK.scopes == ("inventory:read",)
    assert client_module._SET_STOCK.scopes == ("inventory:read", "inventory:write")
    assert client_module._LIST_WAREHOUSES.security == (("apiKey",), ("oauth",))
    assert client_module._CREATE_ORDER.scopes == ()
    assert client_module.API.client_id_env_var == "P_FEATURES_CLIENT_ID"
    assert client_module.API.client_secret_env_var == "P_FEATURES_CLIENT_SECRET"
    doc = api.Client.__doc__ or ""
    assert "P_FEATURES_CLIENT_ID" in doc
    assert "https://features.example.test/oauth/token" in " ".join(doc.split())


def test_an_absolute_token_url_is_kept_and_a_flowless_scheme_stays_bearer(
    tmp_path: Path,
) -> None:
    text = SPEC.read_text(encoding="utf-8").replace(
        "tokenUrl: /oauth/token", "tokenUrl: https://auth.example.test/token"
    )
    text = text.replace(
        "    apiKey: {type: apiKey, in: header, name: X-API-Key}\n",
        "    apiKey: {type: apiKey, in: header, name: X-API-Key}\n"
        "    code: {type: oauth2, flows: {authorizationCode: {authorizationUrl: /a, "
        "tokenUrl: /t, scopes: {}}}}\n",
    )
    text = text.replace(
        "operationId: addNote\n", "operationId: addNote\n      security: [{code: []}]\n"
    )
    spec = tmp_path / "features.yaml"
    spec.write_text(text, encoding="utf-8")
    result = run_module(tmp_path, "generate", str(spec), "--output", "out", "--package", "q")
    assert result.returncode == 0, result.stderr
    client = (tmp_path / "out" / "q" / "_client.py").read_text(encoding="utf-8")
    flat = "".join(client.split())
    assert 'SecurityScheme.oauth2("https://auth.example.test/token",scopes=' in flat
    assert '"code": SecurityScheme.bearer()' in client


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_oauth2_tokens_from_the_spec_token_url_per_scope_set(
    api: ModuleType, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    inventory = Inventory(httpserver)
    monkeypatch.setenv("P_FEATURES_CLIENT_ID", "env-app")
    monkeypatch.setenv("P_FEATURES_CLIENT_SECRET", "env-s3cret")
    monkeypatch.delenv("P_FEATURES_API_KEY", raising=False)

    async def scenario(client: Any) -> list[Any]:
        found = [await _r(client.get_stock("a1")), await _r(client.get_stock("a1"))]
        found.append(await _r(client.set_stock("a1", body={"sku": "a1", "quantity": 3})))
        found.append(await _r(client.list_warehouses()))
        found.append(await _r(client.with_options(max_retries=0).get_stock("a1")))
        return found

    found = _run(api, mode, scenario, base_url=inventory.url)
    assert [s.quantity for s in found[:3]] == [3, 3, 3] and found[3] == ["north", "south"]
    assert inventory.forms == [
        {"grant_type": "client_credentials", "scope": "inventory:read"},
        {"grant_type": "client_credentials", "scope": "inventory:read inventory:write"},
    ]
    basic = "Basic " + base64.b64encode(b"env-app:env-s3cret").decode()
    assert inventory.basic == [basic, basic]
    assert [(m, a, k) for m, _, a, k in inventory.seen] == [
        ("GET", "Bearer tok-1", None),
        ("GET", "Bearer tok-1", None),
        ("PUT", "Bearer tok-2", None),
        ("GET", "Bearer tok-1", None),  # the second alternative: no API key, a read token
        ("GET", "Bearer tok-1", None),  # a with_options copy shares the tokens
    ]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_oauth2_token_refreshed_before_expiry_and_once_on_401(
    api: ModuleType, httpserver: HTTPServer, mode: str
) -> None:
    inventory = Inventory(httpserver, expires_in=122)  # refreshed 120 s early: after 2 s

    async def scenario(client: Any) -> None:
        await _r(client.get_stock("a1"))
        await _r(client.get_stock("a1"))
        await asyncio.sleep(2.2)
        await _r(client.get_stock("a1"))  # tok-1 is still valid, but close to its expiry
        inventory.valid.clear()  # the server revokes every token
        await _r(client.get_stock("a1"))  # refused, refreshed, sent again
        inventory.valid.clear()
        inventory.accept_new = False
        await _r(client.get_stock("a1"))  # refused twice: the error surfaces

    options = {"base_url": inventory.url, "client_id": "app", "client_secret": "s3cret-77"}
    with pytest.raises(api.AuthenticationError) as caught:
        _run(api, mode, scenario, **options)
    tokens = [a for _, _, a, _ in inventory.seen]
    assert tokens == [
        "Bearer tok-1",
        "Bearer tok-1",
        "Bearer tok-2",
        "Bearer tok-2",
        "Bearer tok-3",
        "Bearer tok-3",
        "Bearer tok-4",
    ]
    assert len(inventory.forms) == 4
    # The message shows what the server said with the token it echoed redacted, as an API key
    # would be (the parsed body keeps the server's own words).
    assert "refused" in str(caught.value) and "tok-4" not in str(caught.value)
    assert "s3cret-77" not in str(caught.value)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_oauth2_concurrent_calls_share_one_token_fetch(
    api: ModuleType, httpserver: HTTPServer, mode: str
) -> None:
    inventory = Inventory(httpserver, delay=0.3)
    options = {"base_url": inventory.url, "client_id": "app", "client_secret": "s"}
    if mode == "sync":
        with api.Client(**options) as client, ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda _: client.get_stock("a1"), range(8)))
    else:

        async def run() -> None:
            async with api.AsyncClient(**options) as client:
                await asyncio.gather(*(client.get_stock("a1") for _ in range(8)))

        asyncio.run(run())
    assert len(inventory.forms) == 1
    assert [a for _, _, a, _ in inventory.seen] == ["Bearer tok-1"] * 8


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_oauth2_a_bearer_token_given_directly_still_works(
    api: ModuleType, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.delenv("P_FEATURES_CLIENT_ID", raising=False)
    monkeypatch.delenv("P_FEATURES_CLIENT_SECRET", raising=False)
    inventory = Inventory(httpserver)

    async def scenario(client: Any) -> None:
        await _r(client.get_stock("a1"))

    _run(api, mode, scenario, base_url=inventory.url, api_key="direct-token")
    assert inventory.forms == []
    assert inventory.seen == [("GET", "/inventory/a1", "Bearer direct-token", None)]


def test_oauth2_credentials_are_checked_and_redacted(
    api: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("P_FEATURES_API_KEY", "P_FEATURES_CLIENT_ID", "P_FEATURES_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(api.MissingAPIKeyError) as missing:
        api.Client()
    message = str(missing.value)
    assert all(
        n in message
        for n in ("P_FEATURES_API_KEY", "P_FEATURES_CLIENT_ID", "P_FEATURES_CLIENT_SECRET")
    )
    with pytest.raises(api.MissingAPIKeyError, match="P_FEATURES_CLIENT_SECRET"):
        api.AsyncClient(client_id="app")
    monkeypatch.setenv("P_FEATURES_CLIENT_SECRET", "from-env-91")
    client = api.Client(client_id="app")
    assert "from-env-91" not in repr(client) and "client_secret='***'" in repr(client)
    monkeypatch.delenv("P_FEATURES_CLIENT_SECRET")
    copy = client.with_options(timeout=5)  # shares the token manager, needs no credentials
    assert copy._oauth2 is client._oauth2 is not None
    with pytest.raises(ValueError, match="not both"):
        api.Client(oauth2=client._oauth2, client_id="app")
    client.close()
    from connector_clients.feather import FeatherClient

    with pytest.raises(ValueError, match="no OAuth2 client-credentials flow"):
        FeatherClient(api_key="k", client_id="app", client_secret="s")


# -- the generated README's examples ------------------------------------------------------


def _readme_server(server: HTTPServer) -> dict[str, list[Any]]:
    """Answers every call the examples of the package README make, recording them."""
    seen: dict[str, list[Any]] = {"headers": [], "tokens": [], "paths": []}
    _orders_server(server)

    def record(request: Request) -> None:
        seen["paths"].append((request.method, request.path))
        seen["headers"].append(dict(request.headers))

    def warehouses(request: Request) -> Response:
        record(request)
        return Response('["north"]', mimetype="application/json")

    def refund(request: Request) -> Response:
        record(request)
        return Response(
            '{"id": "order_id-1", "item": "tea"}', status=201, mimetype="application/json"
        )

    def events(request: Request) -> Response:
        record(request)
        return Response(SSE, mimetype="text/event-stream")

    def token(request: Request) -> Response:
        seen["tokens"].append(dict(request.form))
        body = {"access_token": "readme-token", "expires_in": 3600}
        return Response(json.dumps(body), mimetype="application/json")

    def stock(request: Request) -> Response:
        record(request)
        return Response('{"sku": "sku-1", "quantity": 3}', mimetype="application/json")

    server.expect_request("/warehouses").respond_with_handler(warehouses)
    server.expect_request("/orders/order_id-1/refunds").respond_with_handler(refund)
    server.expect_request("/orders/order_id-1/events").respond_with_handler(events)
    server.expect_request("/oauth/token", method="POST").respond_with_handler(token)
    server.expect_request("/inventory/sku-1").respond_with_handler(stock)
    return seen


def test_readme_documents_and_runs_each_feature_of_the_spec(
    generated: Path, httpserver: HTTPServer
) -> None:
    """The package README has a section with an example for every feature the spec enables,
    calling the spec's own methods; each example runs against a loopback server (the client
    finds it through P_FEATURES_BASE_URL, as a user's would find a staging server)."""
    readme = (generated / "README.md").read_text(encoding="utf-8")
    for feature, method in [
        ("**Idempotency keys**", "client.refund_order("),
        ("**Pagination**", "for item in client.list_orders():"),
        ("**Event streams**", "with client.stream_order_events("),
        ("**OAuth2 client credentials**", "client.get_stock("),
    ]:
        section = readme[readme.index(feature) :]
        code = python_blocks(section)[0]
        assert method in code, (feature, code)
    blocks = python_blocks(readme, "Features") + python_blocks(readme, "Options")
    assert len(blocks) == 6
    seen = _readme_server(httpserver)
    env = {
        "P_FEATURES_BASE_URL": httpserver.url_for("/").rstrip("/"),
        "P_FEATURES_API_KEY": "readme-key",
        "P_FEATURES_CLIENT_ID": "readme-app",
        "P_FEATURES_CLIENT_SECRET": "readme-secret",
    }
    outputs = [run_block(code, generated, env) for code in blocks]
    assert "north" in outputs[0]  # the first example: list_warehouses, printed
    assert outputs[2].count("id='o") == 5  # every order, fetched page after page
    assert "2 True" in outputs[2]
    assert "placed" in outputs[3] and "shipped" in outputs[3]
    assert "quantity=3" in outputs[4]
    refunds = [
        h for (m, p), h in zip(seen["paths"], seen["headers"], strict=True) if "refunds" in p
    ]
    assert len(refunds) == 2 and len(refunds[0]["X-Request-Key"]) == 36
    assert refunds[1]["X-Request-Key"] == "request-0001"
    assert seen["tokens"] == [{"grant_type": "client_credentials", "scope": "inventory:read"}]
    stock = [
        h for (m, p), h in zip(seen["paths"], seen["headers"], strict=True) if "inventory" in p
    ]
    assert [h["Authorization"] for h in stock] == ["Bearer readme-token"]
    assert seen["headers"][-1]["X-Trace-Id"] == "trace-0001"  # the hooks example


def test_repository_readme_runtime_examples_run(generated: Path, httpserver: HTTPServer) -> None:
    """The examples of README.md's runtime section written against this spec's client (its
    idempotency keys, hooks, OAuth2, pagination and streaming examples) run against a
    loopback server, pointed at it by P_FEATURES_BASE_URL."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = [code for code in python_blocks(readme, "The client runtime") if "p_features" in code]
    assert len(blocks) == 6
    seen = _readme_server(httpserver)
    signatures: list[str] = []
    created: list[dict[str, str]] = []

    def orders(request: Request) -> Response:
        created.append(dict(request.headers))
        if "X-Signature" in request.headers:
            signatures.append(request.headers["X-Signature"])
        return Response('{"id": "o1", "item": "tea"}', status=201, mimetype="application/json")

    httpserver.expect_request("/orders", method="POST").respond_with_handler(orders)
    httpserver.expect_request("/orders/o1/refunds").respond_with_json({"id": "o1", "item": "t"})
    httpserver.expect_request("/orders/o1/events").respond_with_data(
        SSE, content_type="text/event-stream"
    )
    httpserver.expect_request("/inventory/sku-1", method="PUT").respond_with_json(
        {"sku": "sku-1", "quantity": 4}
    )
    env = {
        "P_FEATURES_BASE_URL": httpserver.url_for("/").rstrip("/"),
        "P_FEATURES_API_KEY": "readme-key",
        "P_FEATURES_CLIENT_ID": "readme-app",
        "P_FEATURES_CLIENT_SECRET": "readme-secret",
    }
    outputs = [run_block(code, generated, env) for code in blocks]
    assert (
        created[1]["Idempotency-Key"] == "order-0001" and len(created[0]["Idempotency-Key"]) == 36
    )
    assert len(signatures) == 1 and len(signatures[0]) == 64  # the hooks example signed it
    assert seen["tokens"] == [
        {"grant_type": "client_credentials", "scope": "inventory:read"},
        {"grant_type": "client_credentials", "scope": "inventory:read inventory:write"},
    ]
    joined = "\n".join(outputs)
    assert "o0\no1\no2\no3\no4\n" in joined  # every order of every page
    assert joined.count("OrderEventStatus.PLACED\nOrderEventStatus.SHIPPED\n") == 2
    assert (generated / "warehouses.json").read_bytes() == b'["north"]'
