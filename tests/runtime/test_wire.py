"""The wire format, proven against openapi-core, an OpenAPI implementation we did not write.

Each case calls the runtime (a hand-built ``Endpoint``, as the generator writes them, through
the sync and the async client) against a loopback server that validates and unmarshals the
request with openapi-core (``tests/_oracle_server.py``) against ``tests/specs/wire.yaml``, and
asserts that openapi-core finds the request valid and decodes exactly the values given.

openapi-core 0.23 does not decode the ``label`` and ``matrix`` path styles, does not split
``spaceDelimited`` values, and does not read an object sent as ``form`` with ``explode`` (one
query parameter per property). For those, the raw request is compared with the style examples
table of the OpenAPI specification (section "Style Examples"; RFC 6570 expansion, as the
3.1.1 table corrects the 3.0 one for ``label`` with ``explode: false``): ``color`` there is
the string ``"blue"``, the array ``["blue", "black", "brown"]`` or the object
``{"R": 100, "G": 200, "B": 150}``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import email.parser
import email.policy
import enum
import io
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from connector_clients._api import ApiInfo, Endpoint, ParamStyle, Part, SecurityScheme
from connector_clients._base_client import AsyncAPIClient, SyncAPIClient
from connector_clients._models import BaseModel
from pydantic import Field
from pytest_httpserver import HTTPServer

from .._oracle import Answer, answer_of, file_json, oracle_server

SPEC = Path(__file__).resolve().parents[1] / "specs" / "wire.yaml"

WIRE_API = ApiInfo(
    name="Wire",
    default_base_url="http://unused.invalid",
    api_key_env_var=None,
    security_schemes={"cookie_key": SecurityScheme.api_key_cookie("token")},
)


class WireClient(SyncAPIClient):
    api = WIRE_API


class AsyncWireClient(AsyncAPIClient):
    api = WIRE_API


class Color(BaseModel):
    """Python names differ from the wire names: the wire must carry the aliases."""

    red: int | None = Field(default=None, validation_alias="R", serialization_alias="R")
    green: int | None = Field(default=None, validation_alias="G", serialization_alias="G")
    blue: int | None = Field(default=None, validation_alias="B", serialization_alias="B")


class Filter(BaseModel):
    color: str | None = None
    size: int | None = None


class Kind(enum.Enum):
    SMALL = "small"
    LARGE = "large"


TABLE_STRING = "blue"
TABLE_ARRAY = ["blue", "black", "brown"]
TABLE_OBJECT = Color(red=100, green=200, blue=150)


def call(
    mode: str,
    base_url: str,
    endpoint: Endpoint,
    *,
    http_client: httpx.Client | httpx.AsyncClient | None = None,
    api_key: str | None = None,
    **kwargs: Any,
) -> Answer:
    """One call through the sync or async runtime; the oracle's answer."""
    if mode == "sync":
        sync_http = http_client if isinstance(http_client, httpx.Client) else None
        with WireClient(base_url=base_url, http_client=sync_http, api_key=api_key) as client:
            result = client._request(endpoint, cast_to=dict[str, Any], options={}, **kwargs)
        return answer_of(result)

    async def run() -> object:
        async_http = http_client if isinstance(http_client, httpx.AsyncClient) else None
        async with AsyncWireClient(
            base_url=base_url, http_client=async_http, api_key=api_key
        ) as client:
            return await client._request(endpoint, cast_to=dict[str, Any], options={}, **kwargs)

    return answer_of(asyncio.run(run()))


@pytest.fixture(scope="module")
def oracle() -> Iterator[str]:
    with oracle_server(SPEC) as base_url:
        yield base_url


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# -- cases the oracle decodes -----------------------------------------------------------


@dataclass(frozen=True)
class Case:
    endpoint: Endpoint
    arguments: Mapping[str, Any]
    location: str
    expected: Any
    target: str | None = None
    """The request target the OpenAPI table (or RFC 3986) says, when worth pinning."""
    extra: Mapping[str, Any] = field(default_factory=dict[str, Any])


def styled(location: str, **styles: ParamStyle) -> dict[Any, ParamStyle]:
    return {(location, name): style for name, style in styles.items()}


CASES: dict[str, Case] = {
    "path simple": Case(
        Endpoint(
            "GET",
            "/simple/{prim}/{arr}/{obj}/{objx}",
            params=styled("path", objx=ParamStyle("simple", explode=True)),
        ),
        {
            "path_params": {
                "prim": "a b,c",
                "arr": [1, 2, 3],
                "obj": TABLE_OBJECT,
                "objx": {"R": 100, "G": 200, "B": 150},
            }
        },
        "path",
        {
            "prim": "a b,c",
            "arr": [1, 2, 3],
            "obj": {"R": 100, "G": 200, "B": 150},
            "objx": {"R": 100, "G": 200, "B": 150},
        },
        # simple rows of the table: "R,100,G,200,B,150" and "R=100,G=200,B=150"
        target="/simple/a%20b%2Cc/1,2,3/R,100,G,200,B,150/R=100,G=200,B=150",
    ),
    "query styles": Case(
        Endpoint(
            "GET",
            "/query",
            params=styled(
                "query",
                ids=ParamStyle("form", explode=False),
                color=ParamStyle("form", explode=False),
                piped=ParamStyle("pipeDelimited", explode=False),
                pipedObj=ParamStyle("pipeDelimited", explode=False),
                filter=ParamStyle("deepObject", explode=True),
                next=ParamStyle("form", explode=True, allow_reserved=True),
                marker=ParamStyle("form", explode=True, allow_empty_value=True),
                where=ParamStyle("form", explode=True, content_type="application/json"),
            ),
        ),
        {
            "query": {
                "tags": TABLE_ARRAY,
                "ids": (1, 2),
                "color": TABLE_OBJECT,
                "piped": TABLE_ARRAY,
                "pipedObj": {"R": 100, "G": 200},
                "filter": Filter(color="red", size=3),
                "next": "/a/b:c?d=e",
                "marker": "",
                "flag": False,
                "count": 0,
                "ratio": 1.5,
                "day": datetime.date(2024, 5, 6),
                "at": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
                "kind": Kind.LARGE,
                "text": "a b,c&d=é+f#g%",
                "where": Filter(size=1),
                "absent": None,
            }
        },
        "query",
        {
            "tags": TABLE_ARRAY,
            "ids": [1, 2],
            "color": {"R": 100, "G": 200, "B": 150},
            "piped": TABLE_ARRAY,
            "pipedObj": {"R": 100, "G": 200},
            "filter": {"color": "red", "size": 3},
            "next": "/a/b:c?d=e",
            "marker": "",
            "flag": False,
            "count": 0,
            "ratio": 1.5,
            "day": "2024-05-06",
            "at": "2024-01-02T03:04:05+00:00",
            "kind": "large",
            "text": "a b,c&d=é+f#g%",
            "where": {"size": 1},
        },
        # form rows of the table: "color=blue&color=black&color=brown" (explode) and
        # "color=R,100,G,200,B,150"; pipeDelimited "blue|black|brown" (| percent-encoded, as
        # RFC 3986 requires outside the table); deepObject "color[R]=100"
        target=(
            "/query?tags=blue&tags=black&tags=brown&ids=1,2&color=R,100,G,200,B,150"
            "&piped=blue%7Cblack%7Cbrown&pipedObj=R%7C100%7CG%7C200&filter[color]=red"
            "&filter[size]=3&next=/a/b:c?d=e&marker=&flag=false&count=0&ratio=1.5"
            "&day=2024-05-06&at=2024-01-02T03%3A04%3A05%2B00%3A00&kind=large"
            "&text=a%20b%2Cc%26d%3D%C3%A9%2Bf%23g%25&where=%7B%22size%22%3A1%7D"
        ),
    ),
    "headers": Case(
        Endpoint(
            "GET",
            "/headers",
            params={
                ("header", "X-Color-Exploded"): ParamStyle("simple", explode=True),
                ("header", "X-Where"): ParamStyle(
                    "simple", explode=False, content_type="application/json"
                ),
            },
        ),
        {
            "headers": {
                "X-Trace": ["t1", "t2"],
                "X-Color": TABLE_OBJECT,
                "X-Color-Exploded": TABLE_OBJECT,
                "X-Flag": True,
                "X-Count": 7,
                "X-Where": Filter(color="red"),
                "X-Absent": None,
            }
        },
        "header",
        {
            "X-Trace": ["t1", "t2"],
            "X-Color": {"R": 100, "G": 200, "B": 150},
            "X-Color-Exploded": {"R": 100, "G": 200, "B": 150},
            "X-Flag": True,
            "X-Count": 7,
            "X-Where": {"color": "red"},
        },
    ),
    "cookies": Case(
        Endpoint(
            "GET",
            "/cookies",
            params=styled(
                "cookie",
                langs=ParamStyle("form", explode=False),
                prefs=ParamStyle("form", explode=False),
            ),
        ),
        {
            "cookies": {
                "session": "s-1",
                "visits": 3,
                "beta": True,
                "langs": ["en", "fr"],
                "prefs": Color(red=1, green=2),
                "seen": ["a", "b"],
                "gone": None,
            }
        },
        "cookie",
        {
            "session": "s-1",
            "visits": 3,
            "beta": True,
            "langs": ["en", "fr"],
            "prefs": {"R": 1, "G": 2},
            "seen": ["a", "b"],
        },
    ),
    "form body": Case(
        Endpoint(
            "POST",
            "/form",
            params=styled(
                "form",
                piped=ParamStyle("pipeDelimited", explode=False),
                meta=ParamStyle("form", explode=True, content_type="application/json"),
            ),
        ),
        {
            "form": {
                "name": "a b&c=d",
                "count": 2,
                "agree": True,
                "tags": ["x", "y"],
                "piped": ["p", "q"],
                "meta": Filter(color="red", size=1),
            }
        },
        "body",
        {
            "name": "a b&c=d",
            "count": 2,
            "agree": True,
            "tags": ["x", "y"],
            "piped": ["p", "q"],
            "meta": {"color": "red", "size": 1},
        },
    ),
    "json body": Case(
        Endpoint("POST", "/json"),
        {"json": Filter(color="red")},
        "body",
        {"color": "red"},
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_oracle_decodes_what_was_given(oracle: str, mode: str, name: str) -> None:
    case = CASES[name]
    answer = call(mode, oracle, case.endpoint, **case.arguments)
    assert answer.valid, answer.errors
    assert answer.decoded(case.location) == case.expected
    if case.target is not None:
        assert answer.target == case.target


# -- styles the oracle cannot decode: the raw request against the OpenAPI table ------------


RAW_CASES: dict[str, tuple[Endpoint, dict[str, Any], str]] = {
    "path label": (
        Endpoint(
            "GET",
            "/label/{prim}/{arr}/{arrx}/{obj}/{objx}",
            params=styled(
                "path",
                prim=ParamStyle("label", explode=False),
                arr=ParamStyle("label", explode=False),
                arrx=ParamStyle("label", explode=True),
                obj=ParamStyle("label", explode=False),
                objx=ParamStyle("label", explode=True),
            ),
        ),
        {
            "path_params": {
                "prim": TABLE_STRING,
                "arr": TABLE_ARRAY,
                "arrx": TABLE_ARRAY,
                "obj": TABLE_OBJECT,
                "objx": TABLE_OBJECT,
            }
        },
        # label rows: ".blue", ".blue,black,brown", ".blue.black.brown", ".R,100,G,200,B,150",
        # ".R=100.G=200.B=150"
        "/label/.blue/.blue,black,brown/.blue.black.brown/.R,100,G,200,B,150/.R=100.G=200.B=150",
    ),
    "path matrix": (
        Endpoint(
            "GET",
            "/matrix/{prim}/{arr}/{arrx}/{obj}/{objx}",
            params=styled(
                "path",
                prim=ParamStyle("matrix", explode=False),
                arr=ParamStyle("matrix", explode=False),
                arrx=ParamStyle("matrix", explode=True),
                obj=ParamStyle("matrix", explode=False),
                objx=ParamStyle("matrix", explode=True),
            ),
        ),
        {
            "path_params": {
                "prim": TABLE_STRING,
                "arr": TABLE_ARRAY,
                "arrx": TABLE_ARRAY,
                "obj": TABLE_OBJECT,
                "objx": TABLE_OBJECT,
            }
        },
        # matrix rows: ";color=blue", ";color=blue,black,brown",
        # ";color=blue;color=black;color=brown", ";color=R,100,G,200,B,150", ";R=100;G=200;B=150"
        "/matrix/;prim=blue/;arr=blue,black,brown/;arrx=blue;arrx=black;arrx=brown"
        "/;obj=R,100,G,200,B,150/;R=100;G=200;B=150",
    ),
    "query spaceDelimited and exploded object": (
        Endpoint(
            "GET",
            "/query/raw",
            params=styled(
                "query",
                spaced=ParamStyle("spaceDelimited", explode=False),
                spacedObj=ParamStyle("spaceDelimited", explode=False),
            ),
        ),
        {"query": {"spaced": TABLE_ARRAY, "spacedObj": TABLE_OBJECT, "point": TABLE_OBJECT}},
        # spaceDelimited rows: "blue%20black%20brown", "R%20100%20G%20200%20B%20150";
        # form with explode, object: "R=100&G=200&B=150"
        "/query/raw?spaced=blue%20black%20brown&spacedObj=R%20100%20G%20200%20B%20150"
        "&R=100&G=200&B=150",
    ),
}


@pytest.mark.parametrize("name", list(RAW_CASES))
def test_styles_the_oracle_cannot_decode_match_the_spec_table(
    oracle: str, mode: str, name: str
) -> None:
    endpoint, arguments, target = RAW_CASES[name]
    answer = call(mode, oracle, endpoint, **arguments)
    assert answer.target == target
    if answer.valid:  # the query case: openapi-core accepts it, with values it did not split
        assert answer.decoded("query")["spaced"] == ["blue black brown"]
    else:  # the path cases: openapi-core looks for the ".name"/";name" keys of its own
        assert all("path parameter" in error for error in answer.errors), answer.errors


# -- multipart ------------------------------------------------------------------------------

UPLOAD = Endpoint(
    "POST",
    "/upload",
    parts={
        "file": Part("file"),
        "attachments": Part("file"),
        "image": Part("file", content_type="image/png"),
        "note": Part("text"),
        "meta": Part("json"),
        "filters": Part("json", many=True),
        "grade": Part("text"),
    },
)


def test_multipart_files_in_every_form(oracle: str, mode: str, tmp_path: Path) -> None:
    on_disk = tmp_path / "report.csv"
    on_disk.write_bytes(b"a,b\n1,2\n")
    stream = io.BytesIO(b"\x00\x01binary\xff")
    answer = call(
        mode,
        oracle,
        UPLOAD,
        multipart={
            "file": b"plain bytes\r\n--not a boundary",
            "attachments": [stream, on_disk, ("notes.txt", b"tuple content", "text/plain")],
            "image": ("pixel.png", b"\x89PNG fake"),
            "note": "caf\u00e9 & more",
            "meta": Filter(color="red", size=2),
            "filters": [Filter(color="red"), {"size": 3}],
            "grade": "high",
        },
    )
    assert answer.valid, answer.errors
    assert answer.decoded("body") == {
        "file": file_json(b"plain bytes\r\n--not a boundary"),
        "attachments": [
            file_json(b"\x00\x01binary\xff"),
            file_json(b"a,b\n1,2\n"),
            file_json(b"tuple content"),
        ],
        "image": file_json(b"\x89PNG fake"),
        "note": "caf\u00e9 & more",
        "labels": [],  # an array field not sent: openapi-core reads no parts as empty
        "meta": {"color": "red", "size": 2},
        "filters": [{"color": "red"}, {"size": 3}],
        "grade": "high",
    }
    # Part headers, read back with the standard library's MIME parser.
    content_type = answer.header("Content-Type")
    assert content_type is not None and content_type.startswith("multipart/form-data; boundary=")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + answer.raw_body
    )
    parts = [
        (
            part.get_param("name", header="content-disposition"),
            part.get_filename(),
            part.get_content_type(),
        )
        for part in message.iter_parts()
    ]
    assert parts == [
        ("file", "file", "application/octet-stream"),
        ("attachments", "attachments", "application/octet-stream"),
        ("attachments", "report.csv", "text/csv"),
        ("attachments", "notes.txt", "text/plain"),
        ("image", "pixel.png", "image/png"),
        ("note", None, "text/plain"),
        ("meta", None, "application/json"),
        ("filters", None, "application/json"),
        ("filters", None, "application/json"),
        ("grade", None, "text/plain"),
    ]


def test_a_file_object_in_text_mode_is_refused(oracle: str, mode: str) -> None:
    with pytest.raises(TypeError, match="binary mode"):
        call(mode, oracle, UPLOAD, multipart={"file": io.StringIO("text")})


def test_multipart_is_resent_whole_on_retry(mode: str, httpserver: HTTPServer) -> None:
    """The body is encoded once: a file object read for the first attempt is not empty on
    the second."""
    httpserver.expect_ordered_request("/upload").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/upload").respond_with_json({"valid": True})
    client_class = WireClient if mode == "sync" else AsyncWireClient
    client = client_class(base_url=httpserver.url_for("/"), max_retries=1)
    client._sleep = (lambda _: None) if mode == "sync" else _no_sleep
    kwargs: dict[str, Any] = {"multipart": {"file": io.BytesIO(b"only once")}, "options": {}}
    retried = dataclasses.replace(UPLOAD, idempotent=True)
    if mode == "sync":
        client._request(retried, cast_to=dict[str, Any], **kwargs)
    else:
        asyncio.run(client._request(retried, cast_to=dict[str, Any], **kwargs))
    first, second = (request.get_data() for request, _ in httpserver.log)
    assert first == second and b"only once" in first


async def _no_sleep(_: float) -> None:
    return None


# -- cookies --------------------------------------------------------------------------------


def test_cookies_merge_with_the_http_clients_own(oracle: str, mode: str) -> None:
    jar = {"jar_cookie": "kept", "session": "from-jar"}
    http_client: httpx.Client | httpx.AsyncClient = (
        httpx.Client(cookies=jar) if mode == "sync" else httpx.AsyncClient(cookies=jar)
    )
    endpoint = Endpoint("GET", "/cookies", security=(("cookie_key",),))
    answer = call(
        mode,
        oracle,
        endpoint,
        http_client=http_client,
        api_key="secret-cookie-key",
        cookies={"session": "from-call", "visits": 1},
    )
    assert answer.decoded("cookie") == {"session": "from-call", "visits": 1}
    sent = answer.header("Cookie")
    assert sent is not None
    assert sorted(sent.split("; ")) == sorted(
        ["jar_cookie=kept", "session=from-call", "visits=1", "token=secret-cookie-key"]
    )


def test_cookie_values_cannot_split_the_header(oracle: str, mode: str) -> None:
    answer = call(mode, oracle, Endpoint("GET", "/cookies"), cookies={"session": "a; visits=9, b"})
    assert answer.header("Cookie") == "session=a%3B%20visits%3D9%2C%20b"
    assert answer.decoded("cookie") == {"session": "a%3B%20visits%3D9%2C%20b"}


def test_cookies_are_not_logged(
    oracle: str, mode: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONNECTOR_CLIENTS_LOG", "debug")
    with caplog.at_level(logging.DEBUG, logger="connector_clients"):
        call(mode, oracle, Endpoint("GET", "/cookies"), cookies={"session": "very-private"})
    assert "'cookie': '<redacted>'" in caplog.text.lower()
    assert "very-private" not in caplog.text


def test_cookies_are_not_sent_to_another_origin_on_redirect(
    mode: str, httpserver: HTTPServer, other_server: HTTPServer
) -> None:
    httpserver.expect_request("/cookies").respond_with_data(
        "", status=302, headers={"Location": other_server.url_for("/landing")}
    )
    other_server.expect_request("/landing").respond_with_json({"valid": True})
    call_kwargs: dict[str, Any] = {"cookies": {"session": "s-1"}, "options": {}}
    endpoint = Endpoint("GET", "/cookies")
    if mode == "sync":
        with WireClient(base_url=httpserver.url_for("/")) as client:
            client._request(endpoint, cast_to=dict[str, Any], **call_kwargs)
    else:

        async def run() -> None:
            async with AsyncWireClient(base_url=httpserver.url_for("/")) as client:
                await client._request(endpoint, cast_to=dict[str, Any], **call_kwargs)

        asyncio.run(run())
    (first, _), (landing, _) = httpserver.log[0], other_server.log[0]
    assert first.headers.get("Cookie") == "session=s-1"
    assert landing.headers.get("Cookie") is None
