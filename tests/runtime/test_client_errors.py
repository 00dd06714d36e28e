"""Error responses become typed exceptions; bad success bodies become validation errors."""

from __future__ import annotations

import json

import httpx
import pytest
from connector_clients import errors
from connector_clients.errors import (
    APIResponseValidationError,
    APIStatusError,
    InternalServerError,
    RateLimitError,
)
from pytest_httpserver import HTTPServer

from .demo import API_KEY, ErrorBody, Harness, InvalidFieldsBody, resolve

STATUS_CLASSES = [
    (400, errors.BadRequestError),
    (401, errors.AuthenticationError),
    (403, errors.PermissionDeniedError),
    (404, errors.NotFoundError),
    (409, errors.ConflictError),
    (422, errors.UnprocessableEntityError),
    (429, errors.RateLimitError),
    (500, errors.InternalServerError),
    (503, errors.InternalServerError),
    (418, errors.APIStatusError),
]


def error_json(code: str, message: str, **extra: object) -> dict[str, object]:
    return {"error": {"code": code, "message": message, "type": "invalid_request", **extra}}


@pytest.mark.parametrize(("status", "error_class"), STATUS_CLASSES)
def test_status_maps_to_its_class_with_body_and_envelope(
    harness: Harness,
    httpserver: HTTPServer,
    status: int,
    error_class: type[APIStatusError],
) -> None:
    payload = error_json("widget_problem", "Widget is unhappy", trace_id="tr_1")
    if status == 422:
        payload["fields"] = ["name"]
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(
        payload, status=status, headers={"x-request-id": "req_42"}
    )

    async def scenario() -> APIStatusError:
        client = harness.client(base_url=httpserver.url_for("/"), max_retries=0)
        with pytest.raises(APIStatusError) as caught:
            await resolve(client.get_widget("w1"))
        await resolve(client.close())
        return caught.value

    error = harness.run(scenario)
    assert type(error) is error_class
    assert isinstance(error, errors.APIError)
    assert error.status_code == status
    assert error.response.status_code == status
    assert error.request.url.path == "/v1/widgets/w1"
    assert isinstance(error.body, InvalidFieldsBody if status == 422 else ErrorBody)
    assert error.code == "widget_problem"
    assert error.message == "Widget is unhappy"
    assert error.error_type == "invalid_request"
    assert error.type == "invalid_request"
    assert error.trace_id == "tr_1"
    assert error.request_id == "req_42"
    assert error.retries_taken == 0
    assert str(error) == (
        f"Error code: {status} - widget_problem: Widget is unhappy (request id req_42)"
    )
    assert API_KEY not in str(error) + repr(error)


def test_request_id_falls_back_to_trace_id(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(
        error_json("widget_not_found", "Widget not found", trace_id="tr_77"), status=404
    )

    async def scenario() -> APIStatusError:
        client = harness.client(base_url=httpserver.url_for("/"))
        with pytest.raises(errors.NotFoundError) as caught:
            await resolve(client.get_widget("w1"))
        return caught.value

    error = harness.run(scenario)
    assert error.request_id == "tr_77"
    assert str(error) == "Error code: 404 - widget_not_found: Widget not found (request id tr_77)"


def test_rate_limit_carries_retry_after(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets/h").respond_with_json(
        error_json("rate_limited", "Slow down"), status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_request("/v1/widgets/b").respond_with_json(
        error_json("rate_limited", "Slow down", details={"retry_after": 12}), status=429
    )

    async def scenario() -> tuple[RateLimitError, RateLimitError]:
        client = harness.client(base_url=httpserver.url_for("/"), max_retries=0)
        with pytest.raises(RateLimitError) as from_header:
            await resolve(client.get_widget("h"))
        with pytest.raises(RateLimitError) as from_body:
            await resolve(client.get_widget("b"))
        return from_header.value, from_body.value

    from_header, from_body = harness.run(scenario)
    assert from_header.retry_after == 7.0
    assert from_body.retry_after == 12.0


def test_json_error_body_not_fitting_the_model_is_kept_as_json(
    harness: Harness, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(
        {"detail": "Not Found"}, status=404
    )

    async def scenario() -> APIStatusError:
        client = harness.client(base_url=httpserver.url_for("/"))
        with pytest.raises(errors.NotFoundError) as caught:
            await resolve(client.get_widget("w1"))
        return caught.value

    error = harness.run(scenario)
    assert error.body == {"detail": "Not Found"}
    assert error.code is None
    assert error.message == "Not Found"
    assert str(error) == 'Error code: 404 - {"detail":"Not Found"}'


HTML_PAGE = (
    "<!DOCTYPE html>\n<html>\n<head><title>500 Internal Server Error</title></head>\n"
    "<body>\n<center><h1>500 Internal Server Error</h1></center>\n" + "<p>" + "x" * 2000 + "</p>\n"
    "<hr><center>nginx/1.25.3</center>\n</body>\n</html>\n"
)


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html",
        "text/html; charset=utf-8",
        "TEXT/HTML; charset=UTF-8",
        # A proxy's error page labelled as plain text is still a page of markup.
        "text/plain; charset=utf-8",
    ],
)
def test_html_error_body(harness: Harness, httpserver: HTTPServer, content_type: str) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_data(
        HTML_PAGE, status=500, content_type=content_type
    )

    async def scenario() -> APIStatusError:
        client = harness.client(base_url=httpserver.url_for("/"), max_retries=0)
        with pytest.raises(InternalServerError) as caught:
            await resolve(client.get_widget("w1"))
        return caught.value

    error = harness.run(scenario)
    assert type(error) is InternalServerError
    assert error.status_code == 500
    assert error.body == HTML_PAGE
    assert error.code is None
    assert error.message == "Internal Server Error"
    assert str(error) == "Error code: 500 - Internal Server Error"
    for text in (str(error), repr(error), *map(str, error.args)):
        assert "<" not in text and "nginx" not in text


def test_empty_and_plain_text_error_bodies(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets/empty").respond_with_data("", status=502)
    httpserver.expect_request("/v1/widgets/text").respond_with_data(
        "upstream timed out", status=504, content_type="text/plain"
    )

    async def scenario() -> tuple[APIStatusError, APIStatusError]:
        client = harness.client(base_url=httpserver.url_for("/"), max_retries=0)
        with pytest.raises(InternalServerError) as empty:
            await resolve(client.get_widget("empty"))
        with pytest.raises(InternalServerError) as text:
            await resolve(client.get_widget("text"))
        return empty.value, text.value

    empty, text = harness.run(scenario)
    assert empty.body == ""
    assert empty.status_code == 502
    assert str(empty) == "Error code: 502 - Bad Gateway"
    assert text.body == "upstream timed out"
    assert text.status_code == 504
    assert text.code is None
    assert str(text) == "Error code: 504 - upstream timed out"


def test_api_key_echoed_by_the_server_is_redacted_from_messages(
    harness: Harness, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(
        error_json("invalid_key", f"Key {API_KEY} is not valid"), status=401
    )

    async def scenario() -> APIStatusError:
        client = harness.client(base_url=httpserver.url_for("/"))
        with pytest.raises(errors.AuthenticationError) as caught:
            await resolve(client.get_widget("w1"))
        return caught.value

    error = harness.run(scenario)
    assert API_KEY not in str(error)
    assert API_KEY not in repr(error)
    assert error.message == "Key <redacted> is not valid"


def test_success_with_error_envelope_raises(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(
        {"success": False, "error": {"code": "quota_exceeded", "message": "Quota exceeded"}}
    )

    async def scenario() -> APIStatusError:
        client = harness.client(base_url=httpserver.url_for("/"))
        with pytest.raises(APIStatusError) as caught:
            await resolve(client.get_widget("w1"))
        return caught.value

    error = harness.run(scenario)
    assert type(error) is APIStatusError
    assert error.status_code == 200
    assert error.code == "quota_exceeded"
    assert str(error) == "Error code: 200 - quota_exceeded: Quota exceeded"
    assert isinstance(error.body, ErrorBody)


def test_success_false_without_envelope_message_is_data(
    harness: Harness, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(
        {"id": "w1", "name": "n", "success": False}
    )

    async def scenario() -> object:
        client = harness.client(base_url=httpserver.url_for("/"))
        return await resolve(client.get_widget("w1"))

    widget = harness.run(scenario)
    assert widget.model_extra == {"success": False}  # type: ignore[attr-defined]


def test_truncated_json_is_a_validation_error(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_data(
        '{"id": "w1", "na', content_type="application/json"
    )

    async def scenario() -> APIResponseValidationError:
        client = harness.client(base_url=httpserver.url_for("/"))
        with pytest.raises(APIResponseValidationError) as caught:
            await resolve(client.get_widget("w1"))
        return caught.value

    error = harness.run(scenario)
    assert error.status_code == 200
    assert error.paths == ("",)
    assert error.body == '{"id": "w1", "na'
    assert isinstance(error.__cause__, json.JSONDecodeError)
    assert "GET /v1/widgets/w1 returned a 200 body that is not valid JSON" in str(error)
    assert "expected Widget" in str(error)


def test_wrong_shape_names_the_field_paths(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/widgets").respond_with_json(
        [{"id": "1", "name": "ok"}, {"id": 2}, {"id": "3", "name": ["x"]}]
    )

    async def scenario() -> APIResponseValidationError:
        client = harness.client(base_url=httpserver.url_for("/"))
        with pytest.raises(APIResponseValidationError) as caught:
            await resolve(client.list_widgets())
        return caught.value

    error = harness.run(scenario)
    assert error.paths == ("1.id", "1.name", "2.name")
    message = str(error)
    assert "does not fit list[Widget]" in message
    assert "1.id: Input should be a valid string (got 2)" in message
    assert "2.name" in message
    assert isinstance(error.body, list)


def test_empty_success_body_for_a_model_is_a_validation_error(
    harness: Harness, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_data("", status=200)

    async def scenario() -> APIResponseValidationError:
        client = harness.client(base_url=httpserver.url_for("/"))
        with pytest.raises(APIResponseValidationError) as caught:
            await resolve(client.get_widget("w1"))
        return caught.value

    error = harness.run(scenario)
    assert error.paths == ("",)
    assert "<body>: Input should be a valid dictionary" in str(error)


def test_strict_mode_rejects_unknown_fields_and_enum_values(
    harness: Harness, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/v1/widgets/extra").respond_with_json(
        {"id": "1", "name": "n", "color": "red"}
    )
    httpserver.expect_request("/v1/widgets/enum").respond_with_json(
        {"id": "1", "name": "n", "status": "paused"}
    )

    async def scenario() -> tuple[APIResponseValidationError, APIResponseValidationError]:
        client = harness.client(base_url=httpserver.url_for("/"), strict=True)
        with pytest.raises(APIResponseValidationError) as extra:
            await resolve(client.get_widget("extra"))
        with pytest.raises(APIResponseValidationError) as enum_value:
            await resolve(client.get_widget("enum"))
        lenient = client.with_options(strict=False)
        widget = await resolve(lenient.get_widget("enum"))
        assert widget.status == "paused"
        return extra.value, enum_value.value

    extra, enum_value = harness.run(scenario)
    assert "Widget has no field(s) named color" in str(extra)
    assert enum_value.paths == ("status",)
    assert "'active' or 'archived'" in str(enum_value)


def test_lenient_mode_keeps_unknown_fields_and_enum_values(
    harness: Harness, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(
        {"id": "w1", "name": "n", "status": "paused", "color": "red"}
    )

    async def scenario() -> object:
        client = harness.client(base_url=httpserver.url_for("/"))
        return await resolve(client.get_widget("w1"))

    widget = harness.run(scenario)
    assert widget.color == "red"  # type: ignore[attr-defined]
    assert widget.status == "paused"  # type: ignore[attr-defined]
    assert widget.model_dump(mode="json")["status"] == "paused"  # type: ignore[attr-defined]


def test_status_error_can_be_built_by_hand() -> None:
    request = httpx.Request("GET", "https://api.example.com/x")
    response = httpx.Response(503, request=request, text="busy")
    error = errors.InternalServerError(response=response, body="busy", detail="busy")
    assert str(error) == "Error code: 503 - busy"
    assert error.message == "Service Unavailable"
    assert error.request is request
    limited = RateLimitError("Slow", response=httpx.Response(429, request=request), retry_after=2)
    assert limited.retry_after == 2
    assert str(limited) == "Error code: 429 - Slow"


def test_error_bodies_are_parsed_leniently_even_in_strict_mode(
    harness: Harness, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(
        error_json("widget_not_found", "Widget not found", hint="check the id"), status=404
    )

    async def scenario() -> APIStatusError:
        client = harness.client(base_url=httpserver.url_for("/"), strict=True)
        with pytest.raises(errors.NotFoundError) as caught:
            await resolve(client.get_widget("w1"))
        return caught.value

    error = harness.run(scenario)
    assert isinstance(error.body, ErrorBody)
    assert error.body.error.model_extra == {"hint": "check the id"}
