"""The generated clients under faults, sync and async, against real loopback servers.

Each case runs the real vendor clients (Aitronos, Feather, AgentDrop) against
pytest-httpserver or, for faults at the transport level (a body cut off, a
connection accepted and never answered), the raw-socket ``RawServer``. Every
case checks the exception class (or the tolerant result), that no call hangs
past its timeouts and waits, that retries are bounded (requests counted on the
server, ``retries_taken`` on the result), and that the API key shows up neither
in the exception, nor in the client's repr, nor in any log record: debug
logging is switched on for every test.

Waits between attempts are real; the clients' ``_sleep`` is wrapped only to
record how long each wait was.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import pytest
from connector_clients import APIResponse, _logging
from connector_clients.agentdrop import models as agentdrop_models
from connector_clients.errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    InternalServerError,
    RateLimitError,
)
from connector_clients.feather import models as feather_models
from pydantic import TypeAdapter
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .._loopback import RawServer, Then, free_port, http_server
from .._servers import (
    MODES,
    OPERATIONS,
    RETURN_TYPES,
    VENDORS,
    Operation,
    example_for,
    invoke,
    make_client,
    normalise,
    operation_for,
)

E = TypeVar("E", bound=APIError)

KEY = "sk-SECRET-abc123"
LOGGER = "connector_clients"
TIMEOUT = 0.5
"""Per-attempt timeout of every client built here, in seconds."""
SLACK = 2.0
"""Extra wall time allowed on top of timeouts and waits (a loaded machine)."""
FIRST_BACKOFF = (0.375, 0.5)
"""The wait before the first retry when the server asks for none: 0.5 s less up to 25 %."""

AITRONOS_LIST = operation_for("aitronos", "listConnectedConnectors")
AITRONOS_GET = operation_for("aitronos", "retrievePersonalConnector")
FEATHER = operation_for("feather", "listConnections")
AGENTDROP = operation_for("agentdrop", "listConnections")
ONE_CALL_EACH = OPERATIONS[:4]
"""One call of each operation: Aitronos with X-API-Key and with a bearer token,
Feather with x-api-key, AgentDrop with a bearer token."""
assert ONE_CALL_EACH == (AITRONOS_LIST, AITRONOS_GET, FEATHER, AGENTDROP)


def ids(operations: tuple[Operation, ...] | list[Operation]) -> list[str]:
    return [operation.id for operation in operations]


# -- fixtures ------------------------------------------------------------------------


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def _debug_logging(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """A clean environment with debug logging switched on; the logger is reset afterwards."""
    for vendor in VENDORS.values():
        monkeypatch.delenv(vendor.env_var, raising=False)
        base_url_env_var = vendor.sync_client.api.base_url_env_var
        if base_url_env_var:
            monkeypatch.delenv(base_url_env_var, raising=False)
    monkeypatch.setenv("CONNECTOR_CLIENTS_LOG", "debug")
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        yield
    handler = _logging._stream_handler
    if handler is not None:
        _logging.logger.removeHandler(handler)
        _logging._stream_handler = None
    _logging.logger.setLevel(logging.NOTSET)


@pytest.fixture(scope="module")
def _first_server() -> Iterator[HTTPServer]:
    with http_server() as server:  # stopping takes up to 0.5 s: once per module, not per test
        yield server


@pytest.fixture(scope="module")
def _second_server() -> Iterator[HTTPServer]:
    with http_server() as server:
        yield server


@pytest.fixture
def server(_first_server: HTTPServer) -> Iterator[HTTPServer]:
    """The server the client is pointed at, with no handlers and an empty log."""
    _first_server.clear()
    yield _first_server
    _first_server.clear()


@pytest.fixture
def elsewhere(_second_server: HTTPServer) -> Iterator[HTTPServer]:
    """A second loopback server: another origin (another port) than ``server``."""
    _second_server.clear()
    yield _second_server
    _second_server.clear()


# -- calling the clients ---------------------------------------------------------------


@dataclass
class Outcome:
    """What one call did: its result or error, how long it took, the waits it made."""

    client: Any
    elapsed: float
    sleeps: list[float] = field(default_factory=list[float])
    result: Any = None
    error: APIError | None = None


def record_sleeps(mode: str, client: Any) -> list[float]:
    """Wrap the client's wait between attempts: still waits, and records each delay."""
    sleeps: list[float] = []
    if mode == "sync":

        def sleep(seconds: float) -> None:
            sleeps.append(seconds)
            time.sleep(seconds)

        client._sleep = sleep
    else:

        async def async_sleep(seconds: float) -> None:
            sleeps.append(seconds)
            await asyncio.sleep(seconds)

        client._sleep = async_sleep
    return sleeps


def run(
    mode: str, operation: Operation, base_url: str, *, raw: bool = False, **options: Any
) -> Outcome:
    """Call ``operation`` once with a fresh client (API key ``KEY``, timeout ``TIMEOUT``)."""
    options.setdefault("timeout", httpx.Timeout(TIMEOUT))
    client = make_client(mode, operation.vendor, api_key=KEY, base_url=base_url, **options)
    sleeps = record_sleeps(mode, client)
    started = time.monotonic()
    try:
        result = invoke(
            mode, client, operation.method, *operation.args, raw=raw, **operation.kwargs
        )
    except APIError as exc:
        return Outcome(client, time.monotonic() - started, sleeps, error=exc)
    return Outcome(client, time.monotonic() - started, sleeps, result=result)


def fail(
    mode: str, operation: Operation, base_url: str, expected: type[E], **options: Any
) -> tuple[E, Outcome]:
    """Call ``operation`` and return the error it raised, which must be an ``expected``."""
    outcome = run(mode, operation, base_url, **options)
    assert isinstance(outcome.error, expected), f"got {outcome.error!r}, result {outcome.result!r}"
    return outcome.error, outcome


def succeed(mode: str, operation: Operation, base_url: str, **options: Any) -> Outcome:
    outcome = run(mode, operation, base_url, **options)
    assert outcome.error is None, repr(outcome.error)
    return outcome


def url_of(server: HTTPServer) -> str:
    return server.url_for("/").rstrip("/")


def requests_of(server: HTTPServer) -> list[Request]:
    return [request for request, _ in server.log]


def expected_result(operation: Operation, body: Any) -> Any:
    return TypeAdapter(RETURN_TYPES[(operation.vendor, operation.operation_id)]).validate_python(
        body
    )


def success_body(operation: Operation) -> Any:
    return json.loads(json.dumps(example_for(operation.vendor, operation.operation_id, "200")))


def respond_in_turn(
    server: HTTPServer, path: str, *responses: Callable[[], Response]
) -> list[Request]:
    """Answer the n-th request to ``path`` with the n-th response, the last one thereafter."""
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return responses[min(len(seen), len(responses)) - 1]()

    server.expect_request(path).respond_with_handler(handler)
    return seen


def json_response(
    body: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> Callable[[], Response]:
    return lambda: Response(
        json.dumps(body), status=status, headers=headers, content_type="application/json"
    )


# -- checks ----------------------------------------------------------------------------


def assert_key_sent(operation: Operation, request: Request) -> None:
    """The request did carry the key, so its absence elsewhere means something."""
    assert request.headers.get(operation.auth_header) == operation.auth_value(KEY)


def assert_no_key_leak(outcome: Outcome, caplog: pytest.LogCaptureFixture) -> None:
    """The key is in neither the error, nor the client's repr, nor any log record."""
    texts = {"repr(client)": repr(outcome.client)}
    assert "api_key=<redacted>" in texts["repr(client)"]
    error = outcome.error
    if error is not None:
        texts["str(error)"] = str(error)
        texts["repr(error)"] = repr(error)
        for i, arg in enumerate(error.args):
            texts[f"error.args[{i}]"] = f"{arg} {arg!r}"
    records = caplog.records
    debug = [r for r in records if r.name == LOGGER and r.levelno == logging.DEBUG]
    assert debug, "debug logging was not on"
    assert any("<redacted>" in record.getMessage() for record in debug)
    for i, record in enumerate(records):
        texts[f"log record {i} ({record.name})"] = (
            f"{record.getMessage()} {record.msg} {record.args!r}"
        )
    leaks = [where for where, text in texts.items() if KEY in text]
    assert not leaks, f"the API key appears in {leaks}"


def assert_one_backoff(outcome: Outcome) -> None:
    (delay,) = outcome.sleeps
    assert FIRST_BACKOFF[0] <= delay <= FIRST_BACKOFF[1]


# -- 1. a 5xx error page in HTML: tests/runtime/test_client_errors.py ---------------------


# -- 2. 502 with an empty body ---------------------------------------------------------


def test_502_with_an_empty_body(
    mode: str, server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.expect_request(FEATHER.path).respond_with_data(b"", status=502)

    error, outcome = fail(mode, FEATHER, url_of(server), InternalServerError, max_retries=1)

    assert type(error) is InternalServerError
    assert error.status_code == 502
    assert error.body == ""
    assert error.message == "Bad Gateway"
    assert str(error) == "Error code: 502 - Bad Gateway"
    assert error.retries_taken == 1
    assert len(requests_of(server)) == 2
    assert_one_backoff(outcome)
    assert outcome.elapsed < FIRST_BACKOFF[1] + SLACK
    assert_key_sent(FEATHER, requests_of(server)[0])
    assert_no_key_leak(outcome, caplog)


def test_502_status_line_and_headers_then_close(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    """No Content-Length: the body runs to the end of the connection, here at once."""
    head = b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
    with RawServer(head, then="close") as faulty:
        error, outcome = fail(mode, AGENTDROP, faulty.url, InternalServerError, max_retries=1)
        requests = list(faulty.requests)

    assert type(error) is InternalServerError
    assert error.status_code == 502
    assert error.body == ""
    assert str(error) == "Error code: 502 - Bad Gateway"
    assert error.retries_taken == 1
    assert len(requests) == 2
    assert all(KEY.encode() in request for request in requests)
    assert_one_backoff(outcome)
    assert outcome.elapsed < FIRST_BACKOFF[1] + SLACK
    assert_no_key_leak(outcome, caplog)


# -- 3. 200 with truncated JSON --------------------------------------------------------


@pytest.mark.parametrize("operation", ONE_CALL_EACH, ids=ids(ONE_CALL_EACH))
def test_200_with_truncated_json(
    operation: Operation, mode: str, server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    text = json.dumps(success_body(operation))
    truncated = text[: len(text) // 2]
    server.expect_request(operation.path).respond_with_data(
        truncated, content_type="application/json"
    )

    error, outcome = fail(mode, operation, url_of(server), APIResponseValidationError)

    assert type(error) is APIResponseValidationError
    assert error.status_code == 200
    assert error.body == truncated
    assert error.paths == ("",)
    assert "not valid JSON" in str(error)
    assert str(error).startswith(f"GET {operation.path} returned a 200 body")
    assert isinstance(error.__cause__, ValueError)
    # A success status is never retried, whatever its body.
    assert error.retries_taken == 0
    assert len(requests_of(server)) == 1
    assert outcome.sleeps == []
    assert outcome.elapsed < SLACK
    assert_key_sent(operation, requests_of(server)[0])
    assert_no_key_leak(outcome, caplog)


# -- 4. 200 JSON with a wrong content type ---------------------------------------------


@pytest.mark.parametrize("content_type", ["text/plain; charset=utf-8", "text/html"])
@pytest.mark.parametrize("operation", ONE_CALL_EACH, ids=ids(ONE_CALL_EACH))
def test_200_json_with_a_wrong_content_type_is_parsed(
    operation: Operation,
    content_type: str,
    mode: str,
    server: HTTPServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A method returning a model decodes the body as JSON whatever its Content-Type says."""
    body = success_body(operation)
    server.expect_request(operation.path).respond_with_data(
        json.dumps(body), content_type=content_type
    )

    outcome = succeed(mode, operation, url_of(server), raw=True)

    response = outcome.result
    assert isinstance(response, APIResponse)
    assert response.headers["content-type"] == content_type
    assert response.retries_taken == 0
    assert response.parse() == expected_result(operation, body)
    assert len(requests_of(server)) == 1
    assert_key_sent(operation, requests_of(server)[0])
    assert_no_key_leak(outcome, caplog)


# -- 5. 200 carrying the Aitronos error envelope ---------------------------------------

ENVELOPE_CASES = {
    "list-application/json": (AITRONOS_LIST, "application/json"),
    "retrieve-application/json": (AITRONOS_GET, "application/json"),
    # The envelope is recognised by its shape, whatever the Content-Type says.
    "list-text/plain": (AITRONOS_LIST, "text/plain"),
}


@pytest.mark.parametrize(
    ("operation", "content_type"), ENVELOPE_CASES.values(), ids=list(ENVELOPE_CASES)
)
def test_200_with_the_error_envelope(
    operation: Operation,
    content_type: str,
    mode: str,
    server: HTTPServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    envelope = json.loads(json.dumps(example_for("aitronos", "listConnectedConnectors", "400")))
    server.expect_request(operation.path).respond_with_data(
        json.dumps(envelope), content_type=content_type
    )

    error, outcome = fail(mode, operation, url_of(server), APIStatusError, max_retries=2)

    assert type(error) is APIStatusError
    assert error.status_code == 200
    assert error.code == "VALIDATION_ERROR"
    assert error.message == "Invalid request parameters"
    assert error.error_type == "validation_error"
    assert error.trace_id == "req_xyz789"
    assert error.request_id == "req_xyz789"
    assert error.body == envelope
    assert str(error) == (
        "Error code: 200 - VALIDATION_ERROR: Invalid request parameters (request id req_xyz789)"
    )
    # An error envelope under a success status is not retried.
    assert error.retries_taken == 0
    assert len(requests_of(server)) == 1
    assert outcome.sleeps == []
    assert_key_sent(operation, requests_of(server)[0])
    assert_no_key_leak(outcome, caplog)


# -- 6. connection refused -------------------------------------------------------------


@pytest.mark.parametrize("operation", [AITRONOS_GET, FEATHER], ids=ids([AITRONOS_GET, FEATHER]))
def test_connection_refused(
    operation: Operation, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    base_url = f"http://127.0.0.1:{free_port()}"

    error, outcome = fail(mode, operation, base_url, APIConnectionError, max_retries=1)

    assert type(error) is APIConnectionError
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert error.retries_taken == 1
    assert str(error).startswith(f"Connection error: GET {base_url}{operation.path}")
    assert "ConnectError" in str(error)
    assert "2 attempts" in str(error)
    assert error.request.url.path == operation.path
    assert_one_backoff(outcome)
    assert outcome.elapsed < FIRST_BACKOFF[1] + SLACK
    retries = [r for r in caplog.records if r.getMessage().startswith("Retrying GET")]
    assert len(retries) == 1
    assert "after ConnectError" in retries[0].getMessage()
    assert_no_key_leak(outcome, caplog)


# -- 7. connection broken in the middle of the response --------------------------------


def _head(length: int, status: str = "200 OK") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def _partial_body(operation: Operation) -> bytes:
    body = json.dumps(success_body(operation)).encode()
    return _head(len(body)) + body[: len(body) // 2]


BROKEN_CASES = {
    "partial-body-then-reset": (AITRONOS_LIST, _partial_body(AITRONOS_LIST), "reset"),
    "partial-body-then-close": (FEATHER, _partial_body(FEATHER), "close"),
    "headers-only-then-close": (AGENTDROP, _head(100), "close"),
}


@pytest.mark.parametrize(
    ("operation", "response", "then"), BROKEN_CASES.values(), ids=list(BROKEN_CASES)
)
def test_connection_broken_mid_response_is_retried_for_get(
    operation: Operation,
    response: bytes,
    then: Then,
    mode: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with RawServer(response, then=then) as faulty:
        error, outcome = fail(mode, operation, faulty.url, APIConnectionError, max_retries=1)
        requests = list(faulty.requests)

    assert not isinstance(error, APITimeoutError)
    assert isinstance(error.__cause__, httpx.TransportError)
    assert str(error).startswith(f"Connection error: GET {faulty.url}{operation.path}")
    assert "2 attempts" in str(error)
    assert error.retries_taken == 1
    assert len(requests) == 2
    assert all(KEY.encode() in request for request in requests)
    assert_one_backoff(outcome)
    assert outcome.elapsed < FIRST_BACKOFF[1] + SLACK
    assert_no_key_leak(outcome, caplog)


# -- 8. a server that never answers ----------------------------------------------------

SILENT_CASES = {
    "accepts-and-never-answers": (AITRONOS_GET, b""),
    "headers-then-silence": (FEATHER, _head(100)),
}


@pytest.mark.parametrize(("operation", "response"), SILENT_CASES.values(), ids=list(SILENT_CASES))
def test_server_that_never_answers_times_out(
    operation: Operation, response: bytes, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    with RawServer(response, then="stall") as faulty:
        error, outcome = fail(mode, operation, faulty.url, APITimeoutError, max_retries=1)
        requests = list(faulty.requests)

    assert type(error) is APITimeoutError
    assert isinstance(error.__cause__, httpx.ReadTimeout)
    assert str(error) == (
        f"Request timed out: GET {faulty.url}{operation.path} (ReadTimeout, 2 attempts)"
    )
    assert error.retries_taken == 1
    assert len(requests) == 2
    assert all(KEY.encode() in request for request in requests)
    assert_one_backoff(outcome)
    attempts = 2
    assert outcome.elapsed >= attempts * TIMEOUT * 0.9
    assert outcome.elapsed < attempts * TIMEOUT + sum(outcome.sleeps) + SLACK
    assert_no_key_leak(outcome, caplog)


# -- 9. 429 with a Retry-After header: tests/runtime/test_client_retries.py ---------------


# -- 10. 429 with the wait in the Aitronos error body ----------------------------------


def _aitronos_rate_limited(retry_after: object) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(
        json.dumps(example_for("aitronos", "listConnectedConnectors", "429"))
    )
    body["error"]["details"]["retry_after"] = retry_after
    return body


def test_429_body_retry_after_is_honoured(
    mode: str, server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    body = success_body(AITRONOS_LIST)
    seen = respond_in_turn(
        server,
        AITRONOS_LIST.path,
        json_response(_aitronos_rate_limited(0.3), status=429),
        json_response(body),
    )

    outcome = succeed(mode, AITRONOS_LIST, url_of(server), raw=True, max_retries=1)

    assert outcome.result.retries_taken == 1
    assert outcome.result.parse() == expected_result(AITRONOS_LIST, body)
    assert len(seen) == 2
    assert all(request.headers["X-API-Key"] == KEY for request in seen)
    assert all(
        list(request.args.items(multi=True)) == list(AITRONOS_LIST.query.items())
        for request in seen
    )
    assert outcome.sleeps == [0.3]
    assert 0.3 <= outcome.elapsed < 0.3 + SLACK
    assert_no_key_leak(outcome, caplog)


def test_429_body_retry_after_on_the_final_error(
    mode: str, server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.expect_request(AITRONOS_LIST.path).respond_with_json(
        _aitronos_rate_limited("0.3"), status=429
    )

    error, outcome = fail(mode, AITRONOS_LIST, url_of(server), RateLimitError, max_retries=1)

    assert type(error) is RateLimitError
    assert error.retry_after == 0.3
    assert error.code == "RATE_LIMIT_EXCEEDED"
    assert error.error_type == "rate_limit_error"
    assert error.trace_id == "req_ghi789"
    assert error.retries_taken == 1
    assert len(requests_of(server)) == 2
    assert outcome.sleeps == [0.3]
    assert outcome.elapsed < 0.3 + SLACK
    assert_no_key_leak(outcome, caplog)


# -- 11. redirects to another origin ---------------------------------------------------

REDIRECT_TARGETS = {
    # (status, whether the target is the other server; else "localhost" on the same port)
    "302-to-another-port": (302, True),
    "307-to-localhost-same-port": (307, False),
}
AUTH_HEADERS = ("Authorization", "X-API-Key")


@pytest.mark.parametrize(
    ("status", "other_port"), REDIRECT_TARGETS.values(), ids=list(REDIRECT_TARGETS)
)
@pytest.mark.parametrize("operation", ONE_CALL_EACH, ids=ids(ONE_CALL_EACH))
def test_redirect_to_another_origin_drops_the_key(
    operation: Operation,
    status: int,
    other_port: bool,
    mode: str,
    server: HTTPServer,
    elsewhere: HTTPServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    landing = elsewhere if other_port else server
    host = "127.0.0.1" if other_port else "localhost"
    target = f"http://{host}:{landing.port}/landing?from=redirect"
    server.expect_request(operation.path).respond_with_data(
        "", status=status, headers={"Location": target}
    )
    body = success_body(operation)
    landing.expect_request("/landing").respond_with_json(body)

    outcome = succeed(mode, operation, url_of(server), max_retries=1)

    # Followed, as the client follows redirects itself, up to 5 hops...
    assert outcome.result == expected_result(operation, body)
    first, *rest = requests_of(server)
    assert_key_sent(operation, first)
    arrived = requests_of(elsewhere) if other_port else rest
    assert len(arrived) == 1
    (hop,) = arrived
    assert hop.path == "/landing"
    assert hop.args["from"] == "redirect"
    # ...but the key does not go to the other origin, in any header or the query.
    for name in AUTH_HEADERS:
        assert name not in hop.headers
    assert all(KEY not in value for _, value in hop.headers.items())
    assert KEY not in hop.query_string.decode()
    assert hop.headers["User-Agent"].startswith("connector-clients/")
    assert outcome.sleeps == []
    followed = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Following")]
    assert followed == [
        f"Following {status} redirect to {target} without credentials (another origin)"
    ]
    assert_no_key_leak(outcome, caplog)


def test_redirect_loop_is_bounded(
    mode: str, server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    """After 5 hops the last 3xx is the answer: an error status, not retried."""
    server.expect_request(FEATHER.path).respond_with_data(
        "", status=302, headers={"Location": FEATHER.path}
    )

    error, outcome = fail(mode, FEATHER, url_of(server), APIStatusError, max_retries=2)

    assert type(error) is APIStatusError
    assert error.status_code == 302
    assert error.retries_taken == 0
    requests = requests_of(server)
    assert len(requests) == 6
    assert all(request.headers["x-api-key"] == KEY for request in requests)  # same origin
    assert outcome.sleeps == []
    assert outcome.elapsed < SLACK
    assert_no_key_leak(outcome, caplog)


# -- 12. unknown enum values -----------------------------------------------------------


def _feather_zapier() -> list[dict[str, Any]]:
    (connection,) = success_body(FEATHER)
    connection["integration_key"] = "zapier"
    for tool in connection["tools"]:
        tool["integration_key"] = "zapier"
    return [connection]


def test_unknown_enum_value_is_tolerated(
    mode: str, server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.expect_request(FEATHER.path).respond_with_json(_feather_zapier())

    outcome = succeed(mode, FEATHER, url_of(server))

    (connection,) = outcome.result
    assert isinstance(connection, feather_models.ConnectionResponse)
    key = connection.integration_key
    assert isinstance(key, feather_models.IntegrationKey)
    assert isinstance(key, str)
    assert key == "zapier"
    assert key.value == "zapier"
    assert key not in list(feather_models.IntegrationKey)
    assert len(feather_models.IntegrationKey) == 7
    assert connection.model_dump(mode="json")["integration_key"] == "zapier"
    assert connection.tools is not None
    assert connection.tools[0].integration_key == "zapier"
    assert connection.id == connection.tools[0].connection_id
    dumped = TypeAdapter(list[feather_models.ConnectionResponse]).dump_python(
        [connection], mode="json", exclude_unset=True
    )
    assert normalise(dumped) == normalise(_feather_zapier())
    assert_no_key_leak(outcome, caplog)


def test_strict_client_rejects_an_unknown_enum_value(
    mode: str, server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.expect_request(FEATHER.path).respond_with_json(_feather_zapier())

    error, outcome = fail(
        mode, FEATHER, url_of(server), APIResponseValidationError, strict=True, max_retries=2
    )

    assert type(error) is APIResponseValidationError
    assert set(error.paths) == {"0.integration_key", "0.tools.0.integration_key"}
    assert error.status_code == 200
    assert "0.integration_key" in str(error)
    assert "'zapier'" in str(error)
    assert error.retries_taken == 0
    assert len(requests_of(server)) == 1
    assert_no_key_leak(outcome, caplog)


# -- 13. unknown fields ----------------------------------------------------------------


def _agentdrop_with_extras() -> dict[str, Any]:
    body: dict[str, Any] = success_body(AGENTDROP)
    body["next_cursor"] = "c_2"
    body["connections"][0]["shared_folders"] = 3
    body["connections"][0]["other_account"]["timezone"] = "Europe/Zurich"
    body["pending_incoming"][0]["from"]["verified"] = True  # under a renamed field (from_)
    return body


def test_unknown_fields_are_kept(
    mode: str, server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.expect_request(AGENTDROP.path).respond_with_json(_agentdrop_with_extras())

    outcome = succeed(mode, AGENTDROP, url_of(server))

    result = outcome.result
    assert isinstance(result, agentdrop_models.ConnectionList)
    assert result.model_extra == {"next_cursor": "c_2"}
    assert result.connections[0].model_extra == {"shared_folders": 3}
    assert result.connections[0].other_account.model_extra == {"timezone": "Europe/Zurich"}
    assert result.connections[0].other_account.name == "Alex"
    assert result.pending_incoming[0].from_.model_extra == {"verified": True}
    assert getattr(result, "next_cursor") == "c_2"  # noqa: B009 - not a declared field
    dumped = result.model_dump(mode="json")
    assert dumped["next_cursor"] == "c_2"
    assert dumped["connections"][0]["shared_folders"] == 3
    assert dumped["pending_incoming"][0]["from"]["verified"] is True
    assert_no_key_leak(outcome, caplog)


def test_strict_client_rejects_unknown_fields(
    mode: str, server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.expect_request(AGENTDROP.path).respond_with_json(_agentdrop_with_extras())

    error, outcome = fail(mode, AGENTDROP, url_of(server), APIResponseValidationError, strict=True)

    assert type(error) is APIResponseValidationError
    paths = set(error.paths)
    assert {"", "connections.0", "connections.0.other_account"} < paths
    (renamed,) = paths - {"", "connections.0", "connections.0.other_account"}
    assert renamed.startswith("pending_incoming.0.from")  # the field `from`, `from_` in Python
    assert "next_cursor" in str(error)
    assert "shared_folders" in str(error)
    assert error.retries_taken == 0
    assert len(requests_of(server)) == 1
    assert_no_key_leak(outcome, caplog)


# -- 14. a missing required field ------------------------------------------------------


def _without(path: tuple[str | int, ...]) -> Callable[[Any], Any]:
    def remove(body: Any) -> Any:
        parent = body
        for step in path[:-1]:
            parent = parent[step]
        del parent[path[-1]]
        return body

    return remove


MISSING_CASES = {
    "aitronos-retrieve-connectorId": (AITRONOS_GET, ("connectorId",)),
    "aitronos-list-item": (AITRONOS_LIST, (1, "connector_id")),
    "feather-nested-tool": (FEATHER, (0, "tools", 0, "slug")),
    "agentdrop-nested-account": (AGENTDROP, ("connections", 0, "other_account", "name")),
}


@pytest.mark.parametrize(("operation", "path"), MISSING_CASES.values(), ids=list(MISSING_CASES))
def test_missing_required_field_is_named(
    operation: Operation,
    path: tuple[str | int, ...],
    mode: str,
    server: HTTPServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = _without(path)(success_body(operation))
    server.expect_request(operation.path).respond_with_json(body)

    error, outcome = fail(mode, operation, url_of(server), APIResponseValidationError)

    dotted = ".".join(str(step) for step in path)
    assert type(error) is APIResponseValidationError
    assert error.paths == (dotted,)
    assert f"{dotted}: Field required" in str(error)
    assert error.body == body
    assert error.status_code == 200
    assert error.retries_taken == 0
    assert len(requests_of(server)) == 1
    assert_no_key_leak(outcome, caplog)


# -- the key echoed back by the server -------------------------------------------------
# Servers quote the credentials they were sent ("Invalid API key sk-..."). The errors
# promise never to show an API key, so whatever the server sends back is scrubbed too.


def _echo_in_message() -> Callable[[], Response]:
    body = {
        "success": False,
        "error": {"code": "INVALID_KEY", "message": f"Invalid API key: {KEY}", "type": KEY},
    }
    return json_response(body, status=401)


def _echo_in_trace_id() -> Callable[[], Response]:
    body = {
        "success": False,
        "error": {"code": "INVALID_KEY", "message": "Invalid API key", "trace_id": KEY},
    }
    return json_response(body, status=401)


def _echo_in_request_id_header() -> Callable[[], Response]:
    body = {"success": False, "error": {"code": "INVALID_KEY", "message": "Invalid API key"}}
    return json_response(body, status=401, headers={"X-Request-Id": f"req-{KEY}"})


def _echo_in_an_invalid_field() -> Callable[[], Response]:
    body = success_body(AITRONOS_GET)
    body["connectorId"] = {"requested_with": KEY}
    return json_response(body)


ECHO_CASES = {
    "envelope-message-and-type": (_echo_in_message(), AuthenticationError),
    "envelope-trace-id": (_echo_in_trace_id(), AuthenticationError),
    "request-id-header": (_echo_in_request_id_header(), AuthenticationError),
    "value-of-an-invalid-field": (_echo_in_an_invalid_field(), APIResponseValidationError),
}


@pytest.mark.parametrize(("response", "expected"), ECHO_CASES.values(), ids=list(ECHO_CASES))
def test_key_echoed_by_the_server_stays_out_of_the_error(
    response: Callable[[], Response],
    expected: type[AuthenticationError | APIResponseValidationError],
    mode: str,
    server: HTTPServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    respond_in_turn(server, AITRONOS_GET.path, response)

    error, outcome = fail(mode, AITRONOS_GET, url_of(server), expected, max_retries=1)

    assert type(error) is expected
    assert error.retries_taken == 0
    assert len(requests_of(server)) == 1
    assert_key_sent(AITRONOS_GET, requests_of(server)[0])
    assert_no_key_leak(outcome, caplog)
