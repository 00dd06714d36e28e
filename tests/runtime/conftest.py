"""Fixtures of the runtime tests: the sync/async harness, servers, a clean environment."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from connector_clients import _logging
from pytest_httpserver import HTTPServer

from .._loopback import http_server
from .demo import Harness


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest) -> Harness:
    """Runs a test once with the sync demo client and once with the async one."""
    return Harness(is_async=request.param == "async")


@pytest.fixture
def other_server() -> Iterator[HTTPServer]:
    """A second loopback server: another origin than ``httpserver``."""
    with http_server() as server:
        yield server


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No API key, base URL or logging switch leaks in from the environment; logging is reset after."""
    monkeypatch.delenv("DEMO_API_KEY", raising=False)
    monkeypatch.delenv("DEMO_BASE_URL", raising=False)
    monkeypatch.delenv("CONNECTOR_CLIENTS_LOG", raising=False)
    yield
    handler = _logging._stream_handler
    if handler is not None:
        _logging.logger.removeHandler(handler)
        _logging._stream_handler = None
    _logging.logger.setLevel(logging.NOTSET)
