"""Helpers shared by the tests of the generated clients.

* the three specs and the response examples they carry;
* tables of the generated clients: vendors, operations, return and error types;
* running one call through a sync or an async client;
* the Prism mock server, started from a spec.
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from connector_clients import agentdrop, aitronos, feather
from pydantic import BaseModel

from ._loopback import free_port

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
PACKAGE = GENERATED / "connector_clients"
NODE_BIN = ROOT / "node_modules" / ".bin"
PRISM = NODE_BIN / "prism"
PYRIGHT = NODE_BIN / "pyright"

MODES = ("sync", "async")
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
API_KEY = "test-key-7f3a"


# -- vendors -----------------------------------------------------------------------


@dataclass(frozen=True)
class Vendor:
    """One generated client package and what its spec says about it."""

    name: str
    sync_client: type[Any]
    async_client: type[Any]
    env_var: str
    error_model: type[BaseModel]
    default_base_url: str

    def client_class(self, mode: str) -> type[Any]:
        return self.sync_client if mode == "sync" else self.async_client


VENDORS: dict[str, Vendor] = {
    "aitronos": Vendor(
        name="aitronos",
        sync_client=aitronos.AitronosClient,
        async_client=aitronos.AsyncAitronosClient,
        env_var="FREDDY_API_KEY",
        error_model=aitronos.ErrorEnvelope,
        default_base_url="https://api.aitronos.com",
    ),
    "feather": Vendor(
        name="feather",
        sync_client=feather.FeatherClient,
        async_client=feather.AsyncFeatherClient,
        env_var="FEATHER_API_KEY",
        error_model=feather.ErrorResponse,
        default_base_url="https://api-sandbox.featherhq.com",
    ),
    "agentdrop": Vendor(
        name="agentdrop",
        sync_client=agentdrop.AgentDropClient,
        async_client=agentdrop.AsyncAgentDropClient,
        env_var="AGENTDROP_API_KEY",
        error_model=agentdrop.Error,
        default_base_url="https://api.agent-drop.com",
    ),
}

# The type each operation's 200 body parses into, by (vendor, operationId).
RETURN_TYPES: dict[tuple[str, str], Any] = {
    ("aitronos", "listConnectedConnectors"): list[aitronos.ConnectedConnector],
    ("aitronos", "retrievePersonalConnector"): aitronos.PersonalConnector,
    ("feather", "listConnections"): list[feather.ConnectionResponse],
    ("agentdrop", "listConnections"): agentdrop.ConnectionList,
}


# -- operations --------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    """One call of a generated client method, and what it must put on the wire."""

    vendor: str
    operation_id: str
    method: str
    """Name of the client method."""
    path: str
    """Path of the request, parameters filled in (as sent, percent-encoded)."""
    auth_header: str
    auth_value: Callable[[str], str]
    """The auth header's value for an API key."""
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict[str, Any])
    query: Mapping[str, str] = field(default_factory=dict[str, str])
    """The query string expected on the wire, exactly."""
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.vendor}.{self.method}{self.label}"


def _bearer(key: str) -> str:
    return f"Bearer {key}"


def _as_is(key: str) -> str:
    return key


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        vendor="aitronos",
        operation_id="listConnectedConnectors",
        method="list_connected_connectors",
        path="/v1/personal-connectors",
        kwargs={"organization_id": "org_722dd7"},
        query={"organizationId": "org_722dd7"},
        auth_header="X-API-Key",
        auth_value=_as_is,
    ),
    Operation(
        vendor="aitronos",
        operation_id="retrievePersonalConnector",
        method="retrieve_personal_connector",
        path="/v1/personal-connectors/pcon_github",
        args=("pcon_github",),
        auth_header="Authorization",
        auth_value=_bearer,
    ),
    Operation(
        vendor="feather",
        operation_id="listConnections",
        method="list_connections",
        path="/v1/integrations/connections",
        auth_header="x-api-key",
        auth_value=_as_is,
    ),
    Operation(
        vendor="agentdrop",
        operation_id="listConnections",
        method="list_connections",
        path="/v1/connections",
        query={"status": "all"},
        auth_header="Authorization",
        auth_value=_bearer,
        label="(default status)",
    ),
    Operation(
        vendor="agentdrop",
        operation_id="listConnections",
        method="list_connections",
        path="/v1/connections",
        kwargs={"status": "pending"},
        query={"status": "pending"},
        auth_header="Authorization",
        auth_value=_bearer,
        label="(status=pending)",
    ),
    Operation(
        vendor="agentdrop",
        operation_id="listConnections",
        method="list_connections",
        path="/v1/connections",
        kwargs={"status": "active"},
        query={"status": "active"},
        auth_header="Authorization",
        auth_value=_bearer,
        label="(status=active)",
    ),
)

AUTH_HEADERS = frozenset({"authorization", "x-api-key"})


def operation_for(vendor: str, operation_id: str) -> Operation:
    """The first entry of ``OPERATIONS`` for an operation."""
    for operation in OPERATIONS:
        if operation.vendor == vendor and operation.operation_id == operation_id:
            return operation
    raise KeyError((vendor, operation_id))


# -- specs and examples ------------------------------------------------------------


@functools.cache
def load_spec(vendor: str) -> dict[str, Any]:
    with (SPECS / f"{vendor}.yaml").open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def operations_of(vendor: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation object) of every operation in a spec."""
    for path, item in load_spec(vendor)["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


@dataclass(frozen=True)
class ResponseExample:
    """One JSON example attached to a response of a spec."""

    vendor: str
    path: str
    method: str
    operation_id: str
    status: str
    name: str
    value: Any

    @property
    def id(self) -> str:
        return f"{self.vendor}.{self.operation_id}.{self.status}.{self.name}"

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")


def response_examples(vendor: str) -> list[ResponseExample]:
    """Every ``examples/*/value`` and ``example`` of every JSON response in a spec."""
    found: list[ResponseExample] = []
    for path, method, operation in operations_of(vendor):
        for status, response in operation.get("responses", {}).items():
            media = response.get("content", {}).get("application/json", {})
            named: list[tuple[str, Any]] = [
                (name, example["value"])
                for name, example in media.get("examples", {}).items()
                if "value" in example
            ]
            if "example" in media:
                named.append(("example", media["example"]))
            found.extend(
                ResponseExample(
                    vendor=vendor,
                    path=path,
                    method=method,
                    operation_id=operation["operationId"],
                    status=str(status),
                    name=name,
                    value=value,
                )
                for name, value in named
            )
    return found


def all_response_examples() -> list[ResponseExample]:
    return [example for vendor in VENDORS for example in response_examples(vendor)]


def example_for(vendor: str, operation_id: str, status: str) -> Any:
    """The (first) example of one response."""
    for example in response_examples(vendor):
        if example.operation_id == operation_id and example.status == status:
            return example.value
    raise KeyError((vendor, operation_id, status))


def error_examples() -> list[ResponseExample]:
    return [example for example in all_response_examples() if not example.is_success]


def normalise(value: Any) -> Any:
    """JSON data with date-times turned into aware datetimes, for comparisons.

    ``"2025-01-01T00:00:00Z"`` and ``"2025-01-01T00:00:00+00:00"`` are the same
    instant; everything else is compared as it is.
    """
    if isinstance(value, dict):
        return {key: normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    if isinstance(value, str) and len(value) >= 20 and value[4:5] == "-" and "T" in value:
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if parsed.tzinfo is not None:
            return parsed
    return value


def expected_envelope(vendor: str, body: Any) -> dict[str, Any]:
    """The ``APIStatusError`` attributes an error body of a vendor must give."""
    if vendor == "aitronos":
        error = body["error"]
        return {
            "code": error["code"],
            "message": error["message"],
            "error_type": error["type"],
            "trace_id": error.get("trace_id"),
            "request_id": error.get("trace_id"),
        }
    if vendor == "feather":
        return {
            "code": body["error"],
            "message": body["message"],
            "error_type": None,
            "trace_id": None,
            "request_id": None,
        }
    error = body["error"]
    return {
        "code": error["code"],
        "message": error["message"],
        "error_type": None,
        "trace_id": None,
        "request_id": None,
    }


# -- calling clients ---------------------------------------------------------------


def make_client(mode: str, vendor: str, **options: Any) -> Any:
    """A sync or async client of a vendor (typed ``Any``: tests call methods by name)."""
    return VENDORS[vendor].client_class(mode)(**options)


def invoke(
    mode: str, client: Any, method: str, *args: Any, raw: bool = False, **kwargs: Any
) -> Any:
    """Call one method of a client made by ``make_client`` and close the client.

    Async clients run their call and their ``close()`` in one event loop.
    ``raw=True`` goes through ``with_raw_response`` and returns the ``APIResponse``.
    """
    if mode == "sync":
        with client:
            target = client.with_raw_response if raw else client
            return getattr(target, method)(*args, **kwargs)

    async def run() -> Any:
        async with client:
            target = client.with_raw_response if raw else client
            return await getattr(target, method)(*args, **kwargs)

    return asyncio.run(run())


def call(mode: str, operation: Operation, *, raw: bool = False, **options: Any) -> Any:
    """Run ``operation`` with a fresh client built from ``options``."""
    request_options = {
        name: options.pop(name)
        for name in ("extra_headers", "extra_query", "timeout")
        if name in options
    }
    client = make_client(mode, operation.vendor, **options)
    return invoke(
        mode,
        client,
        operation.method,
        *operation.args,
        raw=raw,
        **operation.kwargs,
        **request_options,
    )


# -- Prism ------------------------------------------------------------------------


class PrismServer:
    """``prism mock`` serving one spec on a loopback port.

    Started with ``--errors``: a request or a response that breaks the spec is an
    error, so a 2xx from Prism means the client's request was valid.
    """

    def __init__(self, spec: Path, log_path: Path) -> None:
        self.spec = spec
        self.log_path = log_path
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def start(self, timeout: float = 60.0) -> None:
        if not PRISM.exists():
            pytest.fail(
                f"{PRISM.relative_to(ROOT)} is missing: run `npm ci` in the repository root "
                "to install the Node test tools (Prism, pyright) from package-lock.json."
            )
        command = [
            str(PRISM),
            "mock",
            "--errors",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            str(self.spec),
        ]
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(
                command,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                pytest.fail(
                    f"Prism exited with {self._process.returncode} while starting "
                    f"{self.spec.name}:\n{self.log()}"
                )
            if "Prism is listening" in self.log() or self._accepts_connections():
                return
            time.sleep(0.1)
        self.stop()
        pytest.fail(
            f"Prism did not listen on port {self.port} within {timeout:.0f} s:\n{self.log()}"
        )

    def _accepts_connections(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        # The process leads its own session; signal its group so no child outlives it.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
