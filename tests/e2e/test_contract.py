"""Contract tests: the generated clients against Prism mock servers built from the specs.

Prism answers from each spec's examples and validates every request against the
spec (security, parameters); with ``--errors`` it also refuses to send a
response that breaks the spec. A 2xx from Prism therefore means the client's
request matched the spec, and the body it got back is the spec's example.

All tests here share one xdist group so that, under ``-n 2 --dist loadgroup``,
one worker starts the three Prism servers once.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import re
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest
from connector_clients import APIResponse
from connector_clients.agentdrop import AgentDropClient, AsyncAgentDropClient
from connector_clients.errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    UnprocessableEntityError,
    status_error_class,
)
from pydantic import TypeAdapter

from .._readme import python_blocks, run_block
from .._servers import (
    API_KEY,
    AUTH_HEADERS,
    GENERATED,
    MODES,
    OPERATIONS,
    RETURN_TYPES,
    ROOT,
    VENDORS,
    Operation,
    PrismServer,
    ResponseExample,
    error_examples,
    example_for,
    expected_envelope,
    invoke,
    make_client,
    operation_for,
)
from ..conftest import run_module

pytestmark = pytest.mark.xdist_group("prism")

ERROR_EXAMPLES = error_examples()


def prism_url(request: pytest.FixtureRequest, vendor: str) -> str:
    """The base URL of the Prism server of a vendor's spec."""
    return str(request.getfixturevalue(f"prism_{vendor}"))


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for vendor in VENDORS.values():
        monkeypatch.delenv(vendor.env_var, raising=False)


def run(
    mode: str,
    operation: Operation,
    base_url: str,
    *,
    raw: bool = False,
    strip_auth: bool = False,
    client_options: dict[str, Any] | None = None,
    **call_options: Any,
) -> Any:
    """Call ``operation`` against ``base_url``.

    ``strip_auth`` sends the request without its credentials: the client is built
    with a key as usual, and a request hook of its httpx client removes the auth
    headers just before the request leaves.
    """
    options: dict[str, Any] = {"api_key": API_KEY, "base_url": base_url, **(client_options or {})}
    kwargs = {**operation.kwargs, **call_options}
    if not strip_auth:
        client = make_client(mode, operation.vendor, **options)
        return invoke(mode, client, operation.method, *operation.args, raw=raw, **kwargs)

    stripped: list[httpx.Request] = []

    def strip(request: httpx.Request) -> None:
        for name in list(request.headers):
            if name.lower() in AUTH_HEADERS:
                del request.headers[name]
        stripped.append(request)

    async def async_strip(request: httpx.Request) -> None:
        strip(request)

    try:
        if mode == "sync":
            with httpx.Client(event_hooks={"request": [strip]}) as http_client:
                client = make_client(mode, operation.vendor, http_client=http_client, **options)
                return invoke(mode, client, operation.method, *operation.args, raw=raw, **kwargs)

        async def run_async() -> Any:
            async with httpx.AsyncClient(event_hooks={"request": [async_strip]}) as http_client:
                client = make_client(mode, operation.vendor, http_client=http_client, **options)
                async with client:
                    target = client.with_raw_response if raw else client
                    method = getattr(target, operation.method)
                    return await method(*operation.args, **kwargs)

        return asyncio.run(run_async())
    finally:
        assert stripped, "the request hook never ran"
        assert all(not (AUTH_HEADERS & {n.lower() for n in r.headers}) for r in stripped)


# -- the spec's example comes back -------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.id for op in OPERATIONS])
def test_valid_call_gets_the_spec_example(
    operation: Operation, mode: str, request: pytest.FixtureRequest
) -> None:
    base_url = prism_url(request, operation.vendor)
    response = run(mode, operation, base_url, raw=True)

    assert isinstance(response, APIResponse)
    assert response.status_code == 200
    assert "sl-violations" not in response.headers, response.headers["sl-violations"]
    example = example_for(operation.vendor, operation.operation_id, "200")
    assert response.json() == example

    result = response.parse()
    return_type = RETURN_TYPES[(operation.vendor, operation.operation_id)]
    assert result == TypeAdapter(return_type).validate_python(example)
    if isinstance(example, list):
        assert isinstance(result, list)
        assert len(result) == len(example)
        item_type = return_type.__args__[0]
        assert all(isinstance(item, item_type) for item in result)
    else:
        assert isinstance(result, return_type)


@pytest.mark.parametrize("operation", OPERATIONS[:4], ids=[op.id for op in OPERATIONS[:4]])
def test_parsed_call_returns_typed_values(
    operation: Operation, mode: str, request: pytest.FixtureRequest
) -> None:
    result = run(mode, operation, prism_url(request, operation.vendor))
    example = example_for(operation.vendor, operation.operation_id, "200")
    if operation.operation_id == "listConnectedConnectors":
        assert [c.connector_id for c in result] == [e["connector_id"] for e in example]
        assert [c.is_active for c in result] == [e["is_active"] for e in example]
    elif operation.operation_id == "retrievePersonalConnector":
        assert result.id == example["id"]
        assert result.connector_id == example["connectorId"]
        assert result.metadata.supported_features == example["metadata"]["supportedFeatures"]
    elif operation.vendor == "feather":
        assert str(result[0].id) == example[0]["id"]
        assert result[0].integration_key == example[0]["integration_key"]
        assert result[0].tools[0].slug == example[0]["tools"][0]["slug"]
    else:
        assert str(result.connections[0].id) == example["connections"][0]["id"]
        assert (
            result.pending_incoming[0].from_.name == example["pending_incoming"][0]["from"]["name"]
        )
        assert result.pending_pairings_count == example["pending_pairings_count"]


# -- credentials -------------------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS[:4], ids=[op.id for op in OPERATIONS[:4]])
def test_call_without_credentials_gets_the_spec_401(
    operation: Operation, mode: str, request: pytest.FixtureRequest
) -> None:
    base_url = prism_url(request, operation.vendor)
    with pytest.raises(AuthenticationError) as raised:
        run(mode, operation, base_url, strip_auth=True, client_options={"max_retries": 0})

    error = raised.value
    example = example_for(operation.vendor, operation.operation_id, "401")
    error_model = VENDORS[operation.vendor].error_model
    assert error.status_code == 401
    assert isinstance(error.body, error_model)
    assert error.body == error_model.model_validate(example)
    assert error.response.json() == example
    for name, value in expected_envelope(operation.vendor, example).items():
        assert getattr(error, name) == value, name


# -- every documented error ----------------------------------------------------------


@pytest.mark.parametrize("example", ERROR_EXAMPLES, ids=[e.id for e in ERROR_EXAMPLES])
def test_documented_error_status(
    example: ResponseExample, mode: str, request: pytest.FixtureRequest
) -> None:
    """Prism sends each documented error (asked for with `Prefer: code=`) and it parses."""
    operation = operation_for(example.vendor, example.operation_id)
    status = int(example.status)
    with pytest.raises(APIStatusError) as raised:
        run(
            mode,
            operation,
            prism_url(request, example.vendor),
            client_options={"max_retries": 0},
            extra_headers={"Prefer": f"code={status}"},
        )
    error = raised.value
    assert type(error) is status_error_class(status)
    assert error.status_code == status
    assert error.response.status_code == status
    assert error.request.url.path == operation.path
    assert error.retries_taken == 0
    error_model = VENDORS[example.vendor].error_model
    assert isinstance(error.body, error_model)
    assert error.body == error_model.model_validate(example.value)
    envelope = expected_envelope(example.vendor, example.value)
    for name, value in envelope.items():
        assert getattr(error, name) == value, name
    assert error.type == error.error_type
    assert str(status) in str(error)
    assert envelope["message"] in str(error)
    assert API_KEY not in str(error)
    if status == 429:
        header = error.response.headers.get("Retry-After")
        expected = float(header) if header is not None else 60.0
        assert getattr(error, "retry_after", None) == expected


# -- Prism validates requests ----------------------------------------------------------


def test_request_outside_the_spec_is_refused(mode: str, prism_agentdrop: str) -> None:
    """A status the spec's enum does not allow gets Prism's 422."""
    with pytest.raises(UnprocessableEntityError) as raised:
        if mode == "sync":
            with AgentDropClient(api_key=API_KEY, base_url=prism_agentdrop) as client:
                client.list_connections(status="bogus")  # type: ignore[arg-type]
        else:

            async def call_async() -> None:
                async with AsyncAgentDropClient(
                    api_key=API_KEY, base_url=prism_agentdrop
                ) as client:
                    await client.list_connections(status="bogus")  # type: ignore[arg-type]

            asyncio.run(call_async())
    error = raised.value
    assert error.status_code == 422
    assert isinstance(error.body, dict)
    assert error.body["status"] == 422
    locations = [item["location"] for item in error.body["validation"]]
    assert ["query", "status"] in locations


def test_missing_required_query_parameter_gets_the_spec_400(mode: str, prism_aitronos: str) -> None:
    operation = operation_for("aitronos", "listConnectedConnectors")
    with pytest.raises(BadRequestError) as raised:
        # A None in extra_query removes the parameter the method set.
        run(mode, operation, prism_aitronos, extra_query={"organizationId": None})
    example = example_for("aitronos", "listConnectedConnectors", "400")
    assert raised.value.body == VENDORS["aitronos"].error_model.model_validate(example)
    assert raised.value.code == "VALIDATION_ERROR"


def test_generated_readme_hooks_example_runs_against_prism(
    request: pytest.FixtureRequest,
) -> None:
    """The hooks example of generated/README.md's Options section runs against the vendors'
    Prism servers, each client reaching its own through its base URL environment variable (each
    vendor's own example runs in tests/test_release.py); a call answered with an error status
    would raise."""
    readme = (GENERATED / "README.md").read_text(encoding="utf-8")
    env: dict[str, str] = {}
    for vendor, info in VENDORS.items():
        env[info.env_var] = API_KEY
        api = importlib.import_module(f"connector_clients.{vendor}._client").API
        env[api.base_url_env_var] = prism_url(request, vendor)
    blocks = python_blocks(readme, "Options")
    assert len(blocks) == 1 and "request_hooks=[add_trace_header]" in blocks[0]
    for code in blocks:
        output = run_block(code, GENERATED, env)
        assert not re.search(r"^\d{3} ", output, re.MULTILINE), (code, output)


# -- pagination and event streams of tests/specs/features.yaml against Prism ----------------

FEATURES_SPEC = ROOT / "tests" / "specs" / "features.yaml"
FEATURES_PACKAGE = "p_features_contract"


@pytest.fixture(scope="module")
def features_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("features-contract") / "out"
    result = run_module(
        out.parent,
        "generate",
        str(FEATURES_SPEC),
        "--output",
        str(out),
        "--package",
        FEATURES_PACKAGE,
    )
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(FEATURES_PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.split(".")[0] == FEATURES_PACKAGE]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def prism_features(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = PrismServer(FEATURES_SPEC, tmp_path_factory.mktemp("prism") / "features.log")
    server.start(timeout=60.0)
    try:
        yield server.base_url
    finally:
        server.stop()


def test_pagination_against_prism(features_api: ModuleType, prism_features: str, mode: str) -> None:
    """Prism answers a page request with the operation's example, or a page made from its
    schema. The example of `list_orders_by_page` says `has_more: false`: one page, its items
    parsed. `list_orders` has none, so Prism sends `next_cursor: "string"` on every page: the
    client asks once for the next page, gets the same cursor back, and stops with
    PaginationError instead of looping forever."""

    def sync(client: Any) -> tuple[list[str], list[str], str]:
        by_page = [order.id for order in client.list_orders_by_page()]
        cursor_items: list[str] = []
        with pytest.raises(features_api.PaginationError) as caught:
            for order in client.list_orders(limit=1):
                cursor_items.append(order.id)
        return by_page, cursor_items, str(caught.value)

    async def run_async(client: Any) -> tuple[list[str], list[str], str]:
        by_page = [order.id async for order in await client.list_orders_by_page()]
        cursor_items: list[str] = []
        with pytest.raises(features_api.PaginationError) as caught:
            async for order in await client.list_orders(limit=1):
                cursor_items.append(order.id)
        return by_page, cursor_items, str(caught.value)

    if mode == "sync":
        with features_api.Client(api_key=API_KEY, base_url=prism_features) as client:
            by_page, cursor_items, message = sync(client)
    else:

        async def main() -> tuple[list[str], list[str], str]:
            async with features_api.AsyncClient(api_key=API_KEY, base_url=prism_features) as client:
                return await run_async(client)

        by_page, cursor_items, message = asyncio.run(main())
    assert by_page == ["o1", "o2"]
    assert cursor_items == ["string", "string"]  # the first page, then the second
    assert "string" in message and "cursor" in message


def test_event_streams_against_prism(
    features_api: ModuleType, prism_features: str, mode: str
) -> None:
    """Prism sends a `text/event-stream` example of `type: string` as it is, so
    `stream_ticks` (whose example is two events) streams typed events from it, and
    `with_streaming_response` streams a JSON body. Prism cannot serve `stream_order_events`:
    its events are objects, and Prism refuses to write an object as text (500,
    NO_COMPLEX_OBJECT_TEXT), which the client raises as the server error it is."""

    def sync(client: Any) -> tuple[list[tuple[str | None, str]], bytes, str]:
        with client.stream_ticks() as events:
            ticks = [(event.id, event.data) for event in events]
        with client.with_streaming_response.list_warehouses() as response:
            body = b"".join(response.iter_bytes())
        with pytest.raises(features_api.InternalServerError) as caught:
            client.stream_order_events("o1")
        return ticks, body, str(caught.value)

    async def run_async(client: Any) -> tuple[list[tuple[str | None, str]], bytes, str]:
        async with await client.stream_ticks() as events:
            ticks = [(event.id, event.data) async for event in events]
        async with await client.with_streaming_response.list_warehouses() as response:
            body = b"".join([chunk async for chunk in response.iter_bytes()])
        with pytest.raises(features_api.InternalServerError) as caught:
            await client.stream_order_events("o1")
        return ticks, body, str(caught.value)

    options = {"api_key": API_KEY, "base_url": prism_features, "max_retries": 0}
    if mode == "sync":
        with features_api.Client(**options) as client:
            ticks, body, message = sync(client)
    else:

        async def main() -> tuple[list[tuple[str | None, str]], bytes, str]:
            async with features_api.AsyncClient(**options) as client:
                return await run_async(client)

        ticks, body, message = asyncio.run(main())
    assert ticks == [("7", "tick"), ("8", "tock")]
    assert isinstance(json.loads(body), list)
    assert "500" in message
