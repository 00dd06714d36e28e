"""What goes on the wire, client configuration, per-call options and raw responses."""

from __future__ import annotations

import base64
import datetime
import json
import re
from typing import Any
from urllib.parse import parse_qsl, unquote

import httpx
import pytest
from connector_clients._base_client import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, ApiInfo, Endpoint
from connector_clients._response import APIResponse
from connector_clients.errors import MissingAPIKeyError, NotFoundError
from pytest_httpserver import HTTPServer
from werkzeug import Request

from .demo import (
    API_KEY,
    DEMO_API,
    AsyncDemoClient,
    DemoClient,
    Harness,
    Widget,
    WidgetCreate,
    WidgetStatus,
    resolve,
)

WIDGET = {"id": "w1", "name": "Widget"}
USER_AGENT = f"connector-clients/0.1.0 (python httpx/{httpx.__version__})"


def requests_seen(server: HTTPServer) -> list[Request]:
    return [request for request, _ in server.log]


def raw_uri(request: Request) -> str:
    return str(request.environ["RAW_URI"])


def test_headers_and_api_key_on_the_wire(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(WIDGET)

    async def scenario() -> None:
        client = harness.client(
            base_url=httpserver.url_for("/"), default_headers={"X-Team": "t1", "X-Mode": "a"}
        )
        await resolve(client.get_widget("w1"))
        await resolve(
            client.get_widget(
                "w1", extra_headers={"X-Mode": "b", "X-API-Key": "per-call-key", "X-New": "1"}
            )
        )
        await resolve(client.close())

    harness.run(scenario)
    first, second = requests_seen(httpserver)
    assert first.headers["User-Agent"] == USER_AGENT
    assert first.headers["Accept"] == "application/json"
    assert first.headers["X-API-Key"] == API_KEY
    assert first.headers["X-Team"] == "t1"
    assert first.headers["X-Mode"] == "a"
    assert "Authorization" not in first.headers
    assert second.headers["X-Mode"] == "b"
    assert second.headers["X-API-Key"] == "per-call-key"
    assert second.headers["X-New"] == "1"
    assert second.headers["X-Team"] == "t1"


def test_query_on_the_wire(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets").respond_with_json([WIDGET])
    since = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)

    async def scenario() -> list[Widget]:
        client = harness.client(
            base_url=httpserver.url_for("/"), default_query={"team": "t1", "region": "eu"}
        )
        widgets: list[Widget] = await resolve(
            client.list_widgets(
                status=WidgetStatus.ARCHIVED,
                tag=["a", "b c"],
                archived=False,
                since=since,
                limit=None,
                extra_query={"team": "t9", "page": 2},
            )
        )
        return widgets

    widgets = harness.run(scenario)
    assert widgets == [Widget(id="w1", name="Widget")]
    (request,) = requests_seen(httpserver)
    assert parse_qsl(request.query_string.decode()) == [
        ("team", "t9"),
        ("region", "eu"),
        ("status", "archived"),
        ("tag", "a"),
        ("tag", "b c"),
        ("archived", "false"),
        ("since", "2024-01-02T03:04:05+00:00"),
        ("page", "2"),
    ]


@pytest.mark.parametrize(
    ("widget_id", "expected"),
    [
        ("../admin", "/v1/widgets/..%2Fadmin"),
        ("a/b?c#d", "/v1/widgets/a%2Fb%3Fc%23d"),
        ("..", "/v1/widgets/%2E%2E"),
        (".", "/v1/widgets/%2E"),
        ("naïve id", "/v1/widgets/na%C3%AFve%20id"),
        ("50% off", "/v1/widgets/50%25%20off"),
        ("a+b&c=d", "/v1/widgets/a%2Bb%26c%3Dd"),
    ],
)
def test_path_params_cannot_escape_their_segment(
    harness: Harness, httpserver: HTTPServer, widget_id: str, expected: str
) -> None:
    # werkzeug decodes the path before routing, so match any path and check the raw one
    httpserver.expect_request(re.compile(".*"), method="GET").respond_with_json(WIDGET)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"), max_retries=0)
        await resolve(client.get_widget(widget_id))

    harness.run(scenario)
    (request,) = requests_seen(httpserver)
    assert raw_uri(request) == expected
    segments = expected.split("/")
    assert len(segments) == 4
    assert unquote(segments[-1]) == widget_id
    assert request.query_string == b""


@pytest.mark.parametrize("value", ["org 1", "org&admin=1", "a=b", "org/1?x#y", "ørg_ü", "+%"])
def test_query_value_arrives_intact(harness: Harness, httpserver: HTTPServer, value: str) -> None:
    httpserver.expect_request("/v1/widgets").respond_with_json([WIDGET])

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"), max_retries=0)
        await resolve(client.list_widgets(since=value))

    harness.run(scenario)
    (request,) = requests_seen(httpserver)
    assert list(request.args.items(multi=True)) == [("since", value)]
    assert raw_uri(request).split("?", 1)[0] == "/v1/widgets"


def test_json_body_and_content_type(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets", method="POST").respond_with_json(WIDGET, status=201)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        created = await resolve(client.create_widget(body=WidgetCreate(name="w", display_name="W")))
        assert created.id == "w1"
        await resolve(client.create_widget(body={"name": "plain", "tags": ["x"]}))

    harness.run(scenario)
    first, second = requests_seen(httpserver)
    assert first.headers["Content-Type"] == "application/json"
    assert json.loads(first.get_data()) == {"name": "w", "displayName": "W"}
    assert json.loads(second.get_data()) == {"name": "plain", "tags": ["x"]}


def test_no_content_and_text_responses(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets/w1", method="DELETE").respond_with_data("", status=204)
    httpserver.expect_request("/ping").respond_with_data("pong", content_type="text/plain")

    async def scenario() -> tuple[object, object]:
        client = harness.client(base_url=httpserver.url_for("/"))
        return await resolve(client.delete_widget("w1")), await resolve(client.ping())

    deleted, pong = harness.run(scenario)
    assert deleted is None
    assert pong == "pong"
    ping_request = requests_seen(httpserver)[1]
    assert "X-API-Key" not in ping_request.headers  # the operation needs no auth


@pytest.mark.parametrize(
    ("scheme", "check"),
    [
        ("bearer", lambda r: r.headers["Authorization"] == f"Bearer {API_KEY}"),
        (
            "basic",
            lambda r: (
                r.headers["Authorization"]
                == "Basic " + base64.b64encode(f"{API_KEY}:".encode()).decode()
            ),
        ),
        ("query_key", lambda r: r.args.getlist("api_key") == [API_KEY]),
        ("cookie_key", lambda r: r.cookies.get("session") == API_KEY),
    ],
)
def test_security_schemes_on_the_wire(
    harness: Harness, httpserver: HTTPServer, scheme: str, check: Any
) -> None:
    httpserver.expect_request("/secure").respond_with_json({"ok": True})
    endpoint = Endpoint("GET", "/secure", security=((scheme,),))

    async def scenario() -> object:
        client = harness.client(base_url=httpserver.url_for("/"))
        return await resolve(client.call(endpoint, cast_to=object, query={"x": 1}))

    assert harness.run(scenario) == {"ok": True}
    (request,) = requests_seen(httpserver)
    assert check(request)
    assert "X-API-Key" not in request.headers


def test_base_url_precedence(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/op-server/thing").respond_with_json("from operation server")
    httpserver.expect_request("/override/thing").respond_with_json("from override")
    httpserver.expect_request("/default/thing").respond_with_json("from default")
    with_server = Endpoint("GET", "/thing", base_url=httpserver.url_for("/op-server"))
    plain = Endpoint("GET", "/thing")

    class LocalClient(AsyncDemoClient if harness.is_async else DemoClient):  # type: ignore[misc]
        api = ApiInfo(
            name="Local",
            default_base_url=httpserver.url_for("/default"),
            api_key_env_var=None,
            security_schemes={},
        )

    async def scenario() -> list[object]:
        client = LocalClient()
        overridden = client.with_options(base_url=httpserver.url_for("/override"))
        results = [
            await resolve(client.call(with_server, cast_to=str)),
            await resolve(client.call(plain, cast_to=str)),
            await resolve(overridden.call(with_server, cast_to=str)),
        ]
        await resolve(client.close())
        return results

    assert harness.run(scenario) == ["from operation server", "from default", "from override"]


def test_base_url_from_the_environment(
    harness: Harness, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/env/thing").respond_with_json("from environment")
    httpserver.expect_request("/argument/thing").respond_with_json("from argument")
    with_server = Endpoint("GET", "/thing", base_url="http://operation-server.invalid")

    class LocalClient(AsyncDemoClient if harness.is_async else DemoClient):  # type: ignore[misc]
        api = ApiInfo(
            name="Local",
            default_base_url="http://default.invalid",
            api_key_env_var=None,
            security_schemes={},
            base_url_env_var="LOCAL_BASE_URL",
        )

    async def scenario() -> list[object]:
        monkeypatch.setenv("LOCAL_BASE_URL", httpserver.url_for("/env"))
        from_env = LocalClient()  # the variable is read here, at construction
        monkeypatch.setenv("LOCAL_BASE_URL", "http://changed-later.invalid")
        from_argument = LocalClient(base_url=httpserver.url_for("/argument"))
        results = [
            await resolve(from_env.call(with_server, cast_to=str)),
            await resolve(from_argument.call(with_server, cast_to=str)),
        ]
        await resolve(from_env.close())
        await resolve(from_argument.close())
        return results

    assert harness.run(scenario) == ["from environment", "from argument"]


def test_api_key_from_argument_or_environment(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_class = AsyncDemoClient if harness.is_async else DemoClient
    with pytest.raises(MissingAPIKeyError) as caught:
        client_class()
    message = str(caught.value)
    assert "DEMO_API_KEY" in message
    assert "api_key" in message
    assert client_class.__name__ in message
    assert caught.value.env_var == "DEMO_API_KEY"

    monkeypatch.setenv("DEMO_API_KEY", "")
    with pytest.raises(MissingAPIKeyError):
        client_class()

    monkeypatch.setenv("DEMO_API_KEY", "from-env")
    assert client_class().api_key == "from-env"
    assert client_class(api_key="from-arg").api_key == "from-arg"


def test_client_without_auth_needs_no_key(harness: Harness) -> None:
    class OpenClient(AsyncDemoClient if harness.is_async else DemoClient):  # type: ignore[misc]
        api = ApiInfo("Open", "http://open.invalid", None, {})

    assert OpenClient().api_key is None
    assert "api_key=None" in repr(OpenClient())


def test_repr_and_attributes_hide_nothing_but_the_key(harness: Harness) -> None:
    client = harness.client(base_url="https://api.example.com/v1")
    text = repr(client)
    expected_name = "AsyncDemoClient" if harness.is_async else "DemoClient"
    assert text == f"{expected_name}(base_url='https://api.example.com/v1', api_key=<redacted>)"
    assert API_KEY not in text
    assert client.max_retries == DEFAULT_MAX_RETRIES
    assert client.timeout == DEFAULT_TIMEOUT
    assert client.base_url == httpx.URL("https://api.example.com/v1")
    assert DemoClient(api_key="k").base_url == httpx.URL(DEMO_API.default_base_url)
    with_password = harness.client(base_url="https://user:hunter2@api.example.com")
    assert repr(with_password).endswith("(base_url='https://api.example.com', api_key=<redacted>)")


def test_invalid_configuration(harness: Harness) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        harness.client(max_retries=-1)


def test_with_options_shares_the_pool(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(WIDGET)

    async def scenario() -> None:
        client = harness.client(
            base_url=httpserver.url_for("/"), default_headers={"X-A": "1"}, timeout=20.0
        )
        copy = client.with_options(
            max_retries=5, timeout=3.0, default_headers={"X-B": "2"}, api_key="other-key"
        )
        assert type(copy) is type(client)
        assert copy._client is client._client
        assert copy.max_retries == 5
        assert copy.timeout == httpx.Timeout(3.0)
        assert copy.default_headers == {"X-A": "1", "X-B": "2"}
        assert copy.api_key == "other-key"
        assert copy.base_url == client.base_url
        assert copy._sleep is client._sleep
        assert client.max_retries == DEFAULT_MAX_RETRIES
        assert client.timeout == httpx.Timeout(20.0)
        assert client.default_headers == {"X-A": "1"}

        await resolve(copy.get_widget("w1"))
        await resolve(copy.close())
        assert not client.is_closed  # the copy does not own the pool
        await resolve(client.get_widget("w1"))
        await resolve(client.close())
        assert client.is_closed
        assert copy.is_closed

    harness.run(scenario)
    copy_request, original_request = requests_seen(httpserver)
    assert copy_request.headers["X-API-Key"] == "other-key"
    assert copy_request.headers["X-B"] == "2"
    assert original_request.headers["X-API-Key"] == API_KEY
    assert "X-B" not in original_request.headers


def test_context_manager_closes_the_pool(harness: Harness) -> None:
    async def scenario() -> None:
        if harness.is_async:
            async with AsyncDemoClient(api_key="k") as client:
                assert not client.is_closed
            assert client.is_closed
            other = AsyncDemoClient(api_key="k")
            await other.aclose()
            assert other.is_closed
        else:
            with DemoClient(api_key="k") as sync_client:
                assert not sync_client.is_closed
            assert sync_client.is_closed

    harness.run(scenario)


def test_user_supplied_http_client_keeps_our_defaults(
    harness: Harness, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(WIDGET)
    sent: list[httpx.Request] = []

    async def scenario() -> None:
        http_client: Any
        if harness.is_async:

            async def record(request: httpx.Request) -> None:
                sent.append(request)

            http_client = httpx.AsyncClient(
                headers={"X-Tenant": "t1"}, event_hooks={"request": [record]}
            )
        else:
            http_client = httpx.Client(
                headers={"X-Tenant": "t1"}, event_hooks={"request": [sent.append]}
            )
        client = harness.client(base_url=httpserver.url_for("/"), http_client=http_client)
        await resolve(client.get_widget("w1"))
        await resolve(client.get_widget("w1", timeout=7.0))
        await resolve(client.close())
        assert not http_client.is_closed  # not ours to close
        tuned = harness.client(base_url=httpserver.url_for("/"), http_client=http_client)
        assert tuned.timeout == DEFAULT_TIMEOUT
        if harness.is_async:
            await http_client.aclose()
        else:
            http_client.close()

    harness.run(scenario)
    first, second = sent
    assert first.headers["User-Agent"] == USER_AGENT
    assert first.headers["X-Tenant"] == "t1"
    assert first.headers["X-API-Key"] == API_KEY
    assert first.extensions["timeout"] == DEFAULT_TIMEOUT.as_dict()
    assert second.extensions["timeout"] == httpx.Timeout(7.0).as_dict()


def test_user_supplied_http_client_timeout_is_respected(harness: Harness) -> None:
    http_client: Any = (
        httpx.AsyncClient(timeout=12.0) if harness.is_async else httpx.Client(timeout=12.0)
    )
    client = harness.client(http_client=http_client)
    assert client.timeout == httpx.Timeout(12.0)
    explicit = harness.client(http_client=http_client, timeout=None)
    assert explicit.timeout == httpx.Timeout(None)


def test_raw_response(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(
        WIDGET, headers={"x-request-id": "req_raw"}
    )
    httpserver.expect_request("/v1/widgets/gone").respond_with_json(
        {"error": {"code": "gone", "message": "Gone"}}, status=404
    )
    query_endpoint = Endpoint("GET", "/v1/widgets/w1", security=(("query_key",),))

    async def scenario() -> tuple[APIResponse[Widget], APIResponse[object]]:
        client = harness.client(base_url=httpserver.url_for("/"))
        response: APIResponse[Widget] = await resolve(client.with_raw_response.get_widget("w1"))
        with pytest.raises(NotFoundError):
            await resolve(client.with_raw_response.get_widget("gone"))
        by_query: APIResponse[object] = await resolve(
            client.with_raw_response.call(query_endpoint, cast_to=object)
        )
        plain = await resolve(client.get_widget("w1"))  # raw mode does not leak
        assert isinstance(plain, Widget)
        return response, by_query

    response, by_query = harness.run(scenario)
    assert isinstance(response, APIResponse)
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "req_raw"
    assert isinstance(response.elapsed, datetime.timedelta)
    assert response.elapsed >= datetime.timedelta(0)
    assert response.retries_taken == 0
    assert response.json() == WIDGET
    assert json.loads(response.text) == WIDGET
    assert json.loads(response.content) == WIDGET
    widget = response.parse()
    assert widget == Widget(id="w1", name="Widget")
    assert response.parse() is widget
    assert response.http_response.request.url.path == "/v1/widgets/w1"
    assert repr(response) == (f"<APIResponse [200 OK] GET {httpserver.url_for('/v1/widgets/w1')}>")
    assert repr(by_query).endswith("/v1/widgets/w1?api_key=<redacted>>")
    assert API_KEY not in repr(by_query)


def test_raw_wrapper_refuses_functions_that_make_no_request() -> None:
    from connector_clients._response import to_raw_response_wrapper

    wrapped = to_raw_response_wrapper(lambda: 42)
    with pytest.raises(TypeError):
        wrapped()
