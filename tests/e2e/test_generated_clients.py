"""Every method of every generated client, sync and async, against a loopback HTTP server.

Each test runs once with the sync client and once with the async one (the
``mode`` parameter); async calls run in ``asyncio.run`` inside the test.
"""

from __future__ import annotations

import asyncio
import datetime
import inspect
import json
import re
import tomllib
from typing import Any

import httpx
import pytest
from connector_clients import APIResponse, __version__
from connector_clients.agentdrop import models as agentdrop_models
from connector_clients.aitronos import models as aitronos_models
from connector_clients.errors import (
    APIStatusError,
    MissingAPIKeyError,
    status_error_class,
)
from connector_clients.feather import models as feather_models
from pydantic import TypeAdapter
from pytest_httpserver import HTTPServer
from werkzeug import Request

from .._servers import (
    API_KEY,
    AUTH_HEADERS,
    GENERATED,
    MODES,
    OPERATIONS,
    RETURN_TYPES,
    VENDORS,
    Operation,
    call,
    example_for,
    expected_envelope,
    invoke,
    make_client,
    operation_for,
)

UTC = datetime.UTC


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No API key or logging switch leaks in from the developer's environment."""
    for vendor in VENDORS.values():
        monkeypatch.delenv(vendor.env_var, raising=False)
    monkeypatch.delenv("CONNECTOR_CLIENTS_LOG", raising=False)


def base_url(httpserver: HTTPServer) -> str:
    return httpserver.url_for("/").rstrip("/")


def serve(
    httpserver: HTTPServer,
    path: str | re.Pattern[str],
    body: Any,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> None:
    httpserver.expect_request(path, method="GET").respond_with_data(
        json.dumps(body),
        status=status,
        headers=headers,
        content_type="application/json",
    )


def requests_of(httpserver: HTTPServer) -> list[Request]:
    return [request for request, _ in httpserver.log]


def only_request(httpserver: HTTPServer) -> Request:
    requests = requests_of(httpserver)
    assert len(requests) == 1, [r.environ["REQUEST_URI"] for r in requests]
    return requests[0]


def raw_path(request: Request) -> str:
    """The request target's path exactly as it arrived, percent-encoding included."""
    return str(request.environ["REQUEST_URI"]).split("?", 1)[0]


def close(mode: str, client: Any) -> None:
    if mode == "sync":
        client.close()
    else:
        asyncio.run(client.close())


def success_body(operation: Operation) -> Any:
    return example_for(operation.vendor, operation.operation_id, "200")


# -- both clients have the same surface ----------------------------------------------


@pytest.mark.parametrize("vendor", sorted(VENDORS))
def test_sync_and_async_clients_have_the_same_methods(vendor: str) -> None:
    def methods(cls: type) -> dict[str, str]:
        return {
            name: str(inspect.signature(member))
            for name, member in vars(cls).items()
            if not name.startswith("_") and inspect.isfunction(member)
        }

    sync_methods = methods(VENDORS[vendor].sync_client)
    async_methods = methods(VENDORS[vendor].async_client)
    assert sync_methods == async_methods
    expected = {op.method for op in OPERATIONS if op.vendor == vendor}
    assert expected <= set(sync_methods)
    for name in expected:
        assert inspect.iscoroutinefunction(getattr(VENDORS[vendor].async_client, name))
        assert not inspect.iscoroutinefunction(getattr(VENDORS[vendor].sync_client, name))


# -- each operation: request on the wire, parsed result ----------------------------------


def check_result(operation: Operation, result: Any) -> None:
    """The parsed result has the declared type and the example's values."""
    expected_type = RETURN_TYPES[(operation.vendor, operation.operation_id)]
    body = success_body(operation)
    assert result == TypeAdapter(expected_type).validate_python(body)
    if operation.operation_id == "listConnectedConnectors":
        assert isinstance(result, list)
        assert all(isinstance(item, aitronos_models.ConnectedConnector) for item in result)
        assert [item.connector_id for item in result] == ["pcon_abc123", "pcon_def456"]
        assert result[0].last_sync_at == datetime.datetime(2025, 11, 14, 10, 30, tzinfo=UTC)
        assert result[1].is_active is False
    elif operation.operation_id == "retrievePersonalConnector":
        assert isinstance(result, aitronos_models.PersonalConnector)
        assert result.id == "pcon_github"
        assert result.connector_id == "github"
        assert str(result.icon_url) == body["iconUrl"]
        assert result.metadata is not None
        assert result.metadata.auth_method == "oauth2"
        assert result.updated_at == datetime.datetime(2025, 1, 1, tzinfo=UTC)
    elif operation.vendor == "feather":
        assert isinstance(result, list)
        (connection,) = result
        assert isinstance(connection, feather_models.ConnectionResponse)
        assert connection.id == "3c90c3cc-0d44-4b50-8888-8dd25736052a"
        assert connection.integration_key is feather_models.IntegrationKey.SLACK
        assert connection.tools is not None
        assert isinstance(connection.tools[0], feather_models.ConnectionToolResponse)
        assert connection.tools[0].pinned_count == 123
    else:
        assert isinstance(result, agentdrop_models.ConnectionList)
        assert result.connections[0].other_account.name == "Alex"
        assert result.pending_incoming[0].from_.name == "Jamie"
        assert result.pending_outgoing[0].message is None
        assert result.pending_pairings_count == 1


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.id for op in OPERATIONS])
def test_operation(operation: Operation, mode: str, httpserver: HTTPServer) -> None:
    serve(httpserver, operation.path, success_body(operation))

    result = call(mode, operation, api_key=API_KEY, base_url=base_url(httpserver))

    httpserver.check_assertions()
    request = only_request(httpserver)
    assert request.method == "GET"
    assert raw_path(request) == operation.path
    assert list(request.args.items(multi=True)) == list(operation.query.items())
    assert request.headers.get(operation.auth_header) == operation.auth_value(API_KEY)
    other_auth = AUTH_HEADERS - {operation.auth_header.lower()}
    assert all(name not in request.headers for name in other_auth), dict(request.headers)
    assert request.headers["User-Agent"].startswith(f"connector-clients/{__version__} ")
    assert request.headers["Accept"] == "application/json"
    assert request.content_length in (None, 0)
    check_result(operation, result)


def test_user_agent_names_the_published_version(httpserver: HTTPServer) -> None:
    """The User-Agent version is the one in the package's pyproject.toml."""
    with (GENERATED / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    operation = operation_for("feather", "listConnections")
    serve(httpserver, operation.path, [])
    call("sync", operation, api_key=API_KEY, base_url=base_url(httpserver))
    agent = only_request(httpserver).headers["User-Agent"]
    assert agent.startswith(f"{project['name']}/{project['version']} ")
    assert project["version"] == __version__
    assert f"httpx/{httpx.__version__}" in agent


@pytest.mark.parametrize("operation", OPERATIONS[:4], ids=[op.id for op in OPERATIONS[:4]])
def test_raw_response(operation: Operation, mode: str, httpserver: HTTPServer) -> None:
    serve(httpserver, operation.path, success_body(operation), headers={"X-Request-Id": "rq_1"})
    response = call(mode, operation, raw=True, api_key=API_KEY, base_url=base_url(httpserver))
    assert isinstance(response, APIResponse)
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "rq_1"
    assert response.retries_taken == 0
    assert response.json() == success_body(operation)
    check_result(operation, response.parse())


# -- base URLs -------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["/gateway", "/gateway/"])
@pytest.mark.parametrize("operation", OPERATIONS[:4], ids=[op.id for op in OPERATIONS[:4]])
def test_base_url_with_a_path_prefix(
    operation: Operation, prefix: str, mode: str, httpserver: HTTPServer
) -> None:
    serve(httpserver, "/gateway" + operation.path, success_body(operation))
    call(mode, operation, api_key=API_KEY, base_url=base_url(httpserver) + prefix)
    httpserver.check_assertions()
    assert raw_path(only_request(httpserver)) == "/gateway" + operation.path


class _Stop(Exception):
    """Raised by a request hook to stop a request before it leaves the machine."""

    def __init__(self, request: httpx.Request) -> None:
        super().__init__(str(request.url))
        self.request = request


def _stop(request: httpx.Request) -> None:
    raise _Stop(request)


async def _async_stop(request: httpx.Request) -> None:
    raise _Stop(request)


DEFAULT_URLS = {
    "aitronos.list_connected_connectors": (
        "https://api.aitronos.com/v1/personal-connectors?organizationId=org_722dd7"
    ),
    "aitronos.retrieve_personal_connector": (
        "https://api.freddy.aitronos.com/v1/personal-connectors/pcon_github"
    ),
    "feather.list_connections": "https://api-sandbox.featherhq.com/v1/integrations/connections",
    "agentdrop.list_connections(default status)": "https://api.agent-drop.com/v1/connections?status=all",
}


@pytest.mark.parametrize("operation", OPERATIONS[:4], ids=[op.id for op in OPERATIONS[:4]])
def test_default_servers(operation: Operation, mode: str) -> None:
    """Without base_url, requests go to the spec's servers (an operation's own first).

    A request hook stops each request before it is sent, so nothing leaves the machine.
    """
    if mode == "sync":
        http_client: Any = httpx.Client(event_hooks={"request": [_stop]})
    else:
        http_client = httpx.AsyncClient(event_hooks={"request": [_async_stop]})
    client = make_client(mode, operation.vendor, api_key=API_KEY, http_client=http_client)
    assert client.base_url == httpx.URL(VENDORS[operation.vendor].default_base_url)
    with pytest.raises(_Stop) as stopped:
        invoke(mode, client, operation.method, *operation.args, **operation.kwargs)
    assert str(stopped.value.request.url) == DEFAULT_URLS[operation.id]
    if mode == "sync":
        http_client.close()
    else:
        asyncio.run(http_client.aclose())


# -- path parameters ---------------------------------------------------------------

# How any value is encoded into a path or a query: tests/runtime/test_client_requests.py.


def test_empty_path_parameter_is_refused(mode: str, httpserver: HTTPServer) -> None:
    client = make_client(mode, "aitronos", api_key=API_KEY, base_url=base_url(httpserver))
    with pytest.raises(ValueError, match="connector_id"):
        invoke(mode, client, "retrieve_personal_connector", "")
    assert requests_of(httpserver) == []


# -- the API key -------------------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS[:4], ids=[op.id for op in OPERATIONS[:4]])
def test_api_key_from_environment_is_read_at_construction(
    operation: Operation, mode: str, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_var = VENDORS[operation.vendor].env_var
    monkeypatch.setenv(env_var, "key-from-env")
    client = make_client(mode, operation.vendor, base_url=base_url(httpserver))
    assert client.api_key == "key-from-env"
    monkeypatch.setenv(env_var, "changed-after-construction")
    serve(httpserver, operation.path, success_body(operation))

    invoke(mode, client, operation.method, *operation.args, **operation.kwargs)

    request = only_request(httpserver)
    assert request.headers[operation.auth_header] == operation.auth_value("key-from-env")


@pytest.mark.parametrize("vendor", sorted(VENDORS))
def test_api_key_argument_wins_over_environment(
    vendor: str, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(VENDORS[vendor].env_var, "key-from-env")
    client = make_client(mode, vendor, api_key="key-from-argument")
    assert client.api_key == "key-from-argument"
    assert "key-from-argument" not in repr(client)
    close(mode, client)


@pytest.mark.parametrize("api_key", [None, ""], ids=["absent", "empty"])
@pytest.mark.parametrize("vendor", sorted(VENDORS))
def test_missing_api_key(vendor: str, api_key: str | None, mode: str) -> None:
    env_var = VENDORS[vendor].env_var
    with pytest.raises(MissingAPIKeyError) as raised:
        make_client(mode, vendor, api_key=api_key)
    assert raised.value.env_var == env_var
    assert env_var in str(raised.value)
    assert VENDORS[vendor].client_class(mode).__name__ in str(raised.value)


# -- error responses ---------------------------------------------------------------
# Each documented error, parsed into its class and envelope: tests/e2e/test_contract.py (Prism sends
# it). What the runtime does with any error body: tests/runtime/test_client_errors.py. Faults,
# a 200 carrying the error envelope, Retry-After: tests/e2e/test_faults.py.


@pytest.mark.parametrize(
    ("vendor", "status", "body"),
    [
        ("agentdrop", 404, {"error": {"code": "NOT_FOUND", "message": "No such thing"}}),
        ("feather", 500, {"error": "internal", "message": "Boom"}),
    ],
)
def test_undeclared_error_status(
    vendor: str, status: int, body: Any, mode: str, httpserver: HTTPServer
) -> None:
    """A status the spec does not list still maps to its class and envelope fields."""
    operation = next(op for op in OPERATIONS if op.vendor == vendor)
    serve(httpserver, operation.path, body, status=status)
    with pytest.raises(APIStatusError) as raised:
        call(mode, operation, api_key=API_KEY, base_url=base_url(httpserver), max_retries=0)
    error = raised.value
    assert type(error) is status_error_class(status)
    assert error.status_code == status
    assert error.body == body
    envelope = expected_envelope(vendor, body)
    assert error.code == envelope["code"]
    assert error.message == envelope["message"]


# -- parsing of responses ----------------------------------------------------


def test_nullable_fields(mode: str, httpserver: HTTPServer) -> None:
    operation = operation_for("aitronos", "listConnectedConnectors")
    item = {**success_body(operation)[0], "last_sync_at": None, "mcp_configuration_id": None}
    serve(httpserver, operation.path, [item])
    (connector,) = call(mode, operation, api_key=API_KEY, base_url=base_url(httpserver))
    assert connector.last_sync_at is None
    assert connector.mcp_configuration_id is None


# -- per-call options --------------------------------------------------------------


def test_extra_headers_and_query(mode: str, httpserver: HTTPServer) -> None:
    operation = operation_for("aitronos", "listConnectedConnectors")
    serve(httpserver, operation.path, success_body(operation))
    call(
        mode,
        operation,
        api_key=API_KEY,
        base_url=base_url(httpserver),
        extra_headers={"X-Trace": "t1"},
        extra_query={"page": 2, "organizationId": "org_override"},
    )
    request = only_request(httpserver)
    assert request.headers["X-Trace"] == "t1"
    assert request.args.getlist("organizationId") == ["org_override"]
    assert request.args["page"] == "2"
