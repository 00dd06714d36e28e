"""Request and response hooks against a real loopback server, sync and async."""

from __future__ import annotations

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .demo import Harness, resolve

WIDGET = '{"id": "w1", "name": "Widget"}'


def test_hooks_see_each_attempt_and_the_final_response(
    harness: Harness, httpserver: HTTPServer
) -> None:
    statuses = iter([503, 200])
    signatures: list[str | None] = []

    def handler(request: Request) -> Response:
        signatures.append(request.headers.get("X-Signature"))
        status = next(statuses)
        return Response(WIDGET if status == 200 else "", status=status, mimetype="application/json")

    httpserver.expect_request("/v1/widgets/w1").respond_with_handler(handler)
    requests: list[httpx.Request] = []
    responses: list[int] = []

    def sign(request: httpx.Request) -> None:
        requests.append(request)
        request.headers["X-Signature"] = f"sig-{len(requests)}"

    def record(response: httpx.Response) -> None:
        responses.append(response.status_code)

    async def scenario() -> str:
        client = harness.client(
            base_url=httpserver.url_for("/"), request_hooks=[sign], response_hooks=[record]
        )
        widget = await resolve(client.get_widget("w1"))
        await resolve(client.close())
        return str(widget.id)

    assert harness.run(scenario) == "w1"
    assert signatures == ["sig-1", "sig-2"]  # a hook may change each attempt's request
    assert [r.url.path for r in requests] == ["/v1/widgets/w1"] * 2
    assert responses == [200]  # the final response only


def test_async_client_awaits_coroutine_hooks(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_data(
        WIDGET, content_type="application/json"
    )
    harness = Harness(is_async=True)
    seen: list[str] = []

    async def on_request(request: httpx.Request) -> None:
        seen.append(f"request {request.method}")

    async def on_response(response: httpx.Response) -> None:
        seen.append(f"response {response.status_code}")

    async def scenario() -> None:
        client = harness.client(
            base_url=httpserver.url_for("/"),
            request_hooks=[on_request],
            response_hooks=[on_response],
        )
        await client.get_widget("w1")
        await client.close()

    harness.run(scenario)
    assert seen == ["request GET", "response 200"]


def test_response_hook_sees_error_responses_before_the_error(
    harness: Harness, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(
        {"error": {"code": "nope", "message": "missing"}}, status=404
    )
    seen: list[int] = []

    async def scenario() -> None:
        client = harness.client(
            base_url=httpserver.url_for("/"), response_hooks=[lambda r: seen.append(r.status_code)]
        )
        try:
            await resolve(client.get_widget("w1"))
        finally:
            await resolve(client.close())

    with pytest.raises(Exception, match="missing"):
        harness.run(scenario)
    assert seen == [404]


class HookFailed(Exception):
    pass


@pytest.mark.parametrize("which", ["request_hooks", "response_hooks"])
def test_hook_errors_reach_the_caller_unchanged(
    harness: Harness, httpserver: HTTPServer, which: str
) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_data(
        WIDGET, content_type="application/json"
    )
    error = HookFailed("from the hook")

    def fail(_: object) -> None:
        raise error

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"), **{which: [fail]})
        try:
            await resolve(client.get_widget("w1"))
        finally:
            await resolve(client.close())

    with pytest.raises(HookFailed) as caught:
        harness.run(scenario)
    assert caught.value is error
    # A failing request hook stops the call before anything is sent.
    assert len(httpserver.log) == (0 if which == "request_hooks" else 1)


def test_with_options_keeps_or_replaces_hooks(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_data(
        WIDGET, content_type="application/json"
    )
    seen: list[str] = []

    async def scenario() -> None:
        client = harness.client(
            base_url=httpserver.url_for("/"), request_hooks=[lambda r: seen.append("first")]
        )
        await resolve(client.with_options(max_retries=0).get_widget("w1"))
        other = client.with_options(request_hooks=[lambda r: seen.append("second")])
        await resolve(other.get_widget("w1"))
        await resolve(client.with_options(request_hooks=[]).get_widget("w1"))
        await resolve(client.close())

    harness.run(scenario)
    assert seen == ["first", "second"]
    assert len(httpserver.log) == 3
