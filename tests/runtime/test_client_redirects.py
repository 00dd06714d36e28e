"""Redirects: followed by the client, credentials only while on the original origin."""

from __future__ import annotations

import json

import pytest
from connector_clients._base_client import Endpoint
from connector_clients.errors import APIStatusError
from pytest_httpserver import HTTPServer
from werkzeug import Request

from .demo import API_KEY, Harness, resolve

ALL_CREDENTIALS = Endpoint(
    "GET", "/v1/widgets/{widget_id}", security=(("key", "query_key", "cookie_key", "bearer"),)
)
CREATE = Endpoint("POST", "/v1/widgets", security=(("key",),))


def redirect_to(server: HTTPServer, path: str, location: str, status: int = 302) -> None:
    server.expect_request(path).respond_with_data("", status=status, headers={"Location": location})


def only_request(server: HTTPServer) -> Request:
    (request,) = [request for request, _ in server.log]
    return request


def has_no_credentials(request: Request) -> bool:
    return (
        "X-API-Key" not in request.headers
        and "Authorization" not in request.headers
        and "Cookie" not in request.headers
        and "api_key" not in request.args
    )


def test_redirect_to_another_origin_strips_credentials(
    harness: Harness, httpserver: HTTPServer, other_server: HTTPServer
) -> None:
    redirect_to(httpserver, "/v1/widgets/w1", other_server.url_for("/landing?api_key=leak&keep=1"))
    other_server.expect_request("/landing").respond_with_json({"landed": True})

    async def scenario() -> object:
        client = harness.client(base_url=httpserver.url_for("/"), default_headers={"X-Team": "t"})
        return await resolve(
            client.call(ALL_CREDENTIALS, cast_to=object, path_params={"widget_id": "w1"})
        )

    assert harness.run(scenario) == {"landed": True}
    first = only_request(httpserver)
    assert first.headers["X-API-Key"] == API_KEY
    assert first.headers["Authorization"] == f"Bearer {API_KEY}"
    assert first.cookies["session"] == API_KEY
    assert first.args["api_key"] == API_KEY
    landed = only_request(other_server)
    assert has_no_credentials(landed)
    assert landed.args["keep"] == "1"
    assert landed.headers["X-Team"] == "t"
    assert landed.headers["User-Agent"].startswith("connector-clients/")


def test_redirect_within_the_origin_keeps_credentials(
    harness: Harness, httpserver: HTTPServer
) -> None:
    redirect_to(httpserver, "/v1/widgets/old", "/v1/widgets/new?page=2", status=301)
    httpserver.expect_request("/v1/widgets/new").respond_with_json({"id": "new"})

    async def scenario() -> object:
        client = harness.client(base_url=httpserver.url_for("/"))
        return await resolve(
            client.call(ALL_CREDENTIALS, cast_to=object, path_params={"widget_id": "old"})
        )

    assert harness.run(scenario) == {"id": "new"}
    _, second = [request for request, _ in httpserver.log]
    assert second.headers["X-API-Key"] == API_KEY
    assert second.headers["Authorization"] == f"Bearer {API_KEY}"
    assert second.cookies["session"] == API_KEY
    assert second.args.getlist("api_key") == [API_KEY]
    assert second.args["page"] == "2"


def test_credentials_do_not_come_back_after_leaving_the_origin(
    harness: Harness, httpserver: HTTPServer, other_server: HTTPServer
) -> None:
    redirect_to(httpserver, "/v1/widgets/w1", other_server.url_for("/bounce"))
    redirect_to(other_server, "/bounce", httpserver.url_for("/final"))
    httpserver.expect_request("/final").respond_with_json("done")

    async def scenario() -> object:
        client = harness.client(base_url=httpserver.url_for("/"))
        return await resolve(
            client.call(ALL_CREDENTIALS, cast_to=object, path_params={"widget_id": "w1"})
        )

    assert harness.run(scenario) == "done"
    first, final = [request for request, _ in httpserver.log]
    assert first.headers["X-API-Key"] == API_KEY
    assert has_no_credentials(final)


@pytest.mark.parametrize(
    ("status", "method", "body_kept"), [(307, "POST", True), (303, "GET", False)]
)
def test_method_and_body_across_redirects(
    harness: Harness, httpserver: HTTPServer, status: int, method: str, body_kept: bool
) -> None:
    redirect_to(httpserver, "/v1/widgets", "/v2/widgets", status=status)
    httpserver.expect_request("/v2/widgets", method=method).respond_with_json({"id": "w"})

    async def scenario() -> object:
        client = harness.client(base_url=httpserver.url_for("/"))
        return await resolve(client.call(CREATE, cast_to=object, json={"name": "w"}))

    assert harness.run(scenario) == {"id": "w"}
    _, second = [request for request, _ in httpserver.log]
    assert second.method == method
    if body_kept:
        assert json.loads(second.get_data()) == {"name": "w"}
        assert second.headers["Content-Type"] == "application/json"
    else:
        assert second.get_data() == b""
        assert "Content-Type" not in second.headers


def test_redirect_loop_stops_after_five_hops(harness: Harness, httpserver: HTTPServer) -> None:
    redirect_to(httpserver, "/loop", "/loop")
    loop = Endpoint("GET", "/loop")

    async def scenario() -> APIStatusError:
        client = harness.client(base_url=httpserver.url_for("/"))
        with pytest.raises(APIStatusError) as caught:
            await resolve(client.call(loop, cast_to=object))
        return caught.value

    error = harness.run(scenario)
    assert error.status_code == 302
    assert len(httpserver.log) == 6
    assert str(error) == "Error code: 302 - Found"


def test_redirect_without_location_is_an_error(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/nowhere").respond_with_data("", status=302)
    nowhere = Endpoint("GET", "/nowhere")

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"))
        with pytest.raises(APIStatusError, match="Error code: 302"):
            await resolve(client.call(nowhere, cast_to=object))

    harness.run(scenario)
