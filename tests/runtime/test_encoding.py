"""Path, query, header and body encoding, auth placement and redaction, as pure functions."""

from __future__ import annotations

import base64
import datetime
import json

import httpx
import pytest
from connector_clients._api import ParamStyle
from connector_clients._auth import resolve_credentials, secret_header_names, secret_query_names
from connector_clients._base_client import ApiInfo, Endpoint, SecurityScheme
from connector_clients._encoding import (
    build_path,
    build_url,
    encode_cookies,
    encode_form,
    encode_headers,
    encode_query,
    encode_query_string,
    with_query_pairs,
    without_query_names,
)
from connector_clients._json import dumps_request_body
from connector_clients._logging import redact_headers, redact_url
from connector_clients._redirects import redirect_method, same_origin
from connector_clients._types import NOT_GIVEN, NotGiven

from .demo import DEMO_API, WidgetCreate, WidgetStatus


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", "/v1/widgets/abc"),
        ("../admin", "/v1/widgets/..%2Fadmin"),
        ("a/b?c#d", "/v1/widgets/a%2Fb%3Fc%23d"),
        ("..", "/v1/widgets/%2E%2E"),
        (".", "/v1/widgets/%2E"),
        ("100%", "/v1/widgets/100%25"),
        ("with space", "/v1/widgets/with%20space"),
        ("ünï", "/v1/widgets/%C3%BCn%C3%AF"),
        (42, "/v1/widgets/42"),
        (WidgetStatus.ARCHIVED, "/v1/widgets/archived"),
        (True, "/v1/widgets/true"),
    ],
)
def test_path_params_are_fully_encoded(value: object, expected: str) -> None:
    assert build_path("/v1/widgets/{widget_id}", {"widget_id": value}) == expected


def test_encoded_path_survives_url_normalisation() -> None:
    for value in ("..", "../admin", "a/../../b"):
        url = build_url("https://api.example.com/base", build_path("/v1/w/{id}", {"id": value}))
        assert url.path.startswith("/base/v1/w/")
        assert url.raw_path.count(b"/") == 4


@pytest.mark.parametrize("params", [None, {}, {"widget_id": None}, {"widget_id": ""}])
def test_missing_or_empty_path_params_are_rejected(params: dict[str, object] | None) -> None:
    with pytest.raises(ValueError, match="widget_id"):
        build_path("/v1/widgets/{widget_id}", params)


@pytest.mark.parametrize(
    ("base", "path", "expected"),
    [
        ("https://api.example.com", "/v1/x", "https://api.example.com/v1/x"),
        ("https://api.example.com/", "/v1/x", "https://api.example.com/v1/x"),
        ("https://api.example.com/api/v2", "/v1/x", "https://api.example.com/api/v2/v1/x"),
        ("https://api.example.com/api/v2/", "v1/x", "https://api.example.com/api/v2/v1/x"),
        ("http://127.0.0.1:8080", "/a%2Fb", "http://127.0.0.1:8080/a%2Fb"),
        (
            "https://api.example.com/api?tenant=t%201#top",
            "/x",
            "https://api.example.com/api/x?tenant=t%201",
        ),
    ],
)
def test_build_url_appends_to_the_base_path(base: str, path: str, expected: str) -> None:
    assert str(build_url(base, path)) == expected


def test_query_encoding() -> None:
    since = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    pairs = encode_query(
        {"team": "t1", "limit": 5},
        {
            "status": WidgetStatus.ACTIVE,
            "tag": ["a", "b", None],
            "archived": False,
            "deleted": True,
            "since": since,
            "day": datetime.date(2024, 5, 6),
            "limit": None,
            "empty": [],
            "filter": {"owner": "me", "shared": True},
        },
        {"team": "t2"},
    )
    assert pairs == [
        ("team", "t2"),
        ("status", "active"),
        ("tag", "a"),
        ("tag", "b"),
        ("archived", "false"),
        ("deleted", "true"),
        ("since", "2024-01-02T03:04:05+00:00"),
        ("day", "2024-05-06"),
        ("owner", "me"),
        ("shared", "true"),
    ]


def test_later_query_sources_replace_earlier_ones_even_with_none() -> None:
    assert encode_query({"a": 1, "b": 2}, None, {"a": None}) == [("b", "2")]


def test_header_params() -> None:
    assert encode_headers({"X-Flag": True, "X-Kind": WidgetStatus.ARCHIVED, "X-No": None}) == {
        "X-Flag": "true",
        "X-Kind": "archived",
    }
    assert encode_headers(None) == {}


def test_request_body_uses_wire_names_and_skips_unset_fields() -> None:
    body = WidgetCreate(name="w", display_name=None)
    assert json.loads(dumps_request_body(body)) == {"name": "w", "displayName": None}
    assert json.loads(dumps_request_body(WidgetCreate(name="w"))) == {"name": "w"}
    nested = {
        "items": [WidgetCreate(name="a")],
        "when": datetime.date(2024, 1, 1),
        "k": WidgetStatus.ACTIVE,
    }
    assert json.loads(dumps_request_body(nested)) == {
        "items": [{"name": "a"}],
        "when": "2024-01-01",
        "k": "active",
    }
    assert dumps_request_body({"text": "ünï"}) == '{"text":"ünï"}'.encode()
    with pytest.raises(ValueError):
        dumps_request_body({"x": float("nan")})


def _endpoint(*security: tuple[str, ...]) -> Endpoint:
    return Endpoint("GET", "/x", security=tuple(security))


def test_api_key_locations() -> None:
    header = resolve_credentials(DEMO_API, _endpoint(("key",)), "k1")
    assert (header.headers, header.query, header.cookies) == ({"X-API-Key": "k1"}, [], {})
    query = resolve_credentials(DEMO_API, _endpoint(("query_key",)), "k1")
    assert query.query == [("api_key", "k1")]
    cookie = resolve_credentials(DEMO_API, _endpoint(("cookie_key",)), "k1")
    assert cookie.cookies == {"session": "k1"}


def test_http_schemes() -> None:
    bearer = resolve_credentials(DEMO_API, _endpoint(("bearer",)), "tok")
    assert bearer.headers == {"Authorization": "Bearer tok"}
    basic = resolve_credentials(DEMO_API, _endpoint(("basic",)), "user:pass")
    assert basic.headers == {"Authorization": "Basic " + base64.b64encode(b"user:pass").decode()}
    bare = resolve_credentials(DEMO_API, _endpoint(("basic",)), "user")
    assert bare.headers == {"Authorization": "Basic " + base64.b64encode(b"user:").decode()}


def test_first_satisfiable_alternative_is_used() -> None:
    credentials = resolve_credentials(
        DEMO_API, _endpoint(("unknown",), ("key", "bearer"), ("query_key",)), "k"
    )
    assert credentials.headers == {"X-API-Key": "k", "Authorization": "Bearer k"}
    assert credentials.query == []


def test_no_credentials_without_security_or_key() -> None:
    assert resolve_credentials(DEMO_API, _endpoint(), "k").headers == {}
    assert resolve_credentials(DEMO_API, _endpoint(("key",)), None).headers == {}
    assert resolve_credentials(DEMO_API, _endpoint((), ("key",)), "k").headers == {}


def test_secret_names_come_from_the_security_schemes() -> None:
    assert secret_header_names(DEMO_API) == {"x-api-key"}
    assert secret_query_names(DEMO_API) == {"api_key"}
    plain = ApiInfo("P", "http://p", None, {"b": SecurityScheme.bearer()})
    assert secret_header_names(plain) == frozenset()


def test_redact_headers() -> None:
    headers = httpx.Headers(
        {
            "Authorization": "Bearer secret",
            "x-api-key": "secret",
            "Cookie": "session=secret",
            "Set-Cookie": "a=secret",
            "Proxy-Authorization": "Basic secret",
            "Accept": "application/json",
        }
    )
    redacted = redact_headers(headers, {"X-API-KEY"})
    assert "secret" not in repr(redacted)
    assert redacted["accept"] == "application/json"
    assert redacted["x-api-key"] == "<redacted>"
    assert redact_headers({"X-Token": "t"}, ["x-token"]) == {"X-Token": "<redacted>"}


def test_redact_url() -> None:
    url = "https://user:pw@api.example.com/v1/x?api_key=secret&page=2&API_KEY=again#frag"
    assert redact_url(url, {"api_key"}) == (
        "https://api.example.com/v1/x?api_key=<redacted>&page=2&API_KEY=<redacted>#frag"
    )
    assert redact_url(httpx.URL("http://h/p?a=1")) == "http://h/p?a=1"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("https://a.example/x", "https://a.example/y?z=1", True),
        ("https://a.example/x", "https://A.EXAMPLE:443/y", True),
        ("http://a.example/x", "http://a.example:80/y", True),
        ("https://a.example/x", "http://a.example/x", False),
        ("https://a.example/x", "https://b.example/x", False),
        ("https://a.example/x", "https://a.example:8443/x", False),
        ("https://a.example/x", "https://evil.a.example/x", False),
    ],
)
def test_same_origin(first: str, second: str, expected: bool) -> None:
    assert same_origin(httpx.URL(first), httpx.URL(second)) is expected


@pytest.mark.parametrize(
    ("status", "method", "expected"),
    [
        (301, "GET", "GET"),
        (301, "POST", "GET"),
        (302, "POST", "GET"),
        (302, "PUT", "PUT"),
        (303, "PUT", "GET"),
        (303, "HEAD", "HEAD"),
        (307, "POST", "POST"),
        (308, "POST", "POST"),
    ],
)
def test_redirect_method(status: int, method: str, expected: str) -> None:
    assert redirect_method(status, method) == expected


def test_not_given_sentinel() -> None:
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert isinstance(NOT_GIVEN, NotGiven)
    import copy
    import pickle

    assert copy.deepcopy(NOT_GIVEN) is NOT_GIVEN
    assert pickle.loads(pickle.dumps(NOT_GIVEN)) is NOT_GIVEN


# -- styles: edges the oracle tests do not reach ---------------------------------------------


def test_label_and_matrix_of_an_empty_string_follow_rfc_6570() -> None:
    label = {"id": ParamStyle("label", explode=False)}
    matrix = {"id": ParamStyle("matrix", explode=False)}
    # A label expansion of "" is "." alone: encoded, so URL normalisation cannot drop it.
    assert build_path("/w/{id}", {"id": ""}, label) == "/w/%2E"
    assert build_path("/w/{id}", {"id": ""}, matrix) == "/w/;id"
    assert build_path("/w/{id}", {"id": "a/b"}, label) == "/w/.a%2Fb"


def test_empty_arrays_and_objects_are_left_out_unless_empty_values_are_allowed() -> None:
    allowed = ParamStyle("form", explode=False, allow_empty_value=True)
    assert encode_query_string({"a": [], "b": {}, "c": [None]}) == ""
    assert encode_query_string({"a": [], "b": ""}, styles={"a": allowed}) == "a=&b="


def test_allow_reserved_keeps_reserved_characters_but_not_the_query_delimiters() -> None:
    reserved = {"next": ParamStyle("form", explode=True, allow_reserved=True)}
    assert encode_query_string({"next": "/a?b=c:d[0]@e,f&g#h+i j"}, styles=reserved) == (
        "next=/a?b=c:d[0]@e,f%26g%23h%2Bi%20j"
    )
    assert encode_query_string({"next": "/a?b"}) == "next=%2Fa%3Fb"


def test_deep_object_of_a_model_uses_wire_names() -> None:
    deep = {"filter": ParamStyle("deepObject", explode=True)}
    value = WidgetCreate(name="n", display_name="d d")
    assert encode_query_string({"filter": value}, styles=deep) == (
        "filter[name]=n&filter[displayName]=d%20d"
    )


def test_nested_structures_inside_a_styled_value_are_json() -> None:
    assert encode_query_string({"f": {"a": [1, 2]}}) == "a=%5B1%2C2%5D"
    assert encode_headers({"X-A": [{"k": True}]}) == {"X-A": '{"k":true}'}


def test_query_editing_keeps_the_encoding_of_the_rest() -> None:
    url = httpx.URL("https://h/p?ids=1,2&api_key=old&piped=a|b")
    assert str(with_query_pairs(url, [("api_key", "new key")])) == (
        "https://h/p?ids=1,2&piped=a|b&api_key=new+key"
    )
    assert str(without_query_names(url, frozenset({"api_key"}))) == "https://h/p?ids=1,2&piped=a|b"
    assert str(without_query_names(httpx.URL("https://h/p?API_KEY=x"), frozenset({"api_key"}))) == (
        "https://h/p"
    )


def test_form_body_fields_follow_their_encoding() -> None:
    styles = {
        "piped": ParamStyle("pipeDelimited", explode=False),
        "meta": ParamStyle("form", explode=True, content_type="application/json"),
    }
    body = encode_form({"piped": ["a", "b"], "meta": {"k": 1}, "tags": ["x", "y"]}, styles)
    assert body == b"piped=a%7Cb&meta=%7B%22k%22%3A1%7D&tags=x&tags=y"
    # As HTML forms write it: a space is "+", a "+" is encoded.
    assert encode_form({"q": "a b+c"}) == b"q=a+b%2Bc"


def test_cookie_pairs() -> None:
    styles = {"langs": ParamStyle("form", explode=False)}
    assert encode_cookies({"langs": ["en", "fr"], "seen": ["a", "b"], "x": None}, styles) == [
        ("langs", "en,fr"),
        ("seen", "a"),
        ("seen", "b"),
    ]
