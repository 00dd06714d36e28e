"""Logging: off unless switched on by the environment variable, and never showing secrets."""

from __future__ import annotations

import logging

import pytest
from connector_clients import _logging
from connector_clients._base_client import Endpoint
from connector_clients.errors import InternalServerError
from pytest_httpserver import HTTPServer

from .demo import API_KEY, Harness, resolve

LOGGER = "connector_clients"
BY_QUERY = Endpoint("GET", "/v1/widgets/{widget_id}", security=(("query_key", "bearer"),))


def test_logger_is_silent_by_default(harness: Harness) -> None:
    harness.client()
    logger = logging.getLogger(LOGGER)
    assert logger.level == logging.NOTSET
    assert all(isinstance(h, logging.NullHandler) for h in logger.handlers)


@pytest.mark.parametrize("value", ["", "verbose", "warning"])
def test_unknown_values_change_nothing(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("CONNECTOR_CLIENTS_LOG", value)
    harness.client()
    assert logging.getLogger(LOGGER).level == logging.NOTSET


def test_environment_switch_is_read_when_a_client_is_built(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONNECTOR_CLIENTS_LOG", "info")
    logger = logging.getLogger(LOGGER)
    assert logger.level == logging.NOTSET  # importing did not switch it on
    harness.client()
    harness.client()
    assert logger.level == logging.INFO
    stream_handlers = [h for h in logger.handlers if type(h) is logging.StreamHandler]
    assert len(stream_handlers) == 1
    monkeypatch.setenv("CONNECTOR_CLIENTS_LOG", "DEBUG")
    harness.client()
    assert logger.level == logging.DEBUG
    assert _logging._stream_handler is stream_handlers[0]


def test_debug_logs_redact_the_api_key(
    harness: Harness,
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("CONNECTOR_CLIENTS_LOG", "debug")
    httpserver.expect_request("/v1/widgets/w1").respond_with_json(
        {"id": "w1", "name": "n"}, headers={"Set-Cookie": f"session={API_KEY}"}
    )
    httpserver.expect_request("/v1/widgets/bad").respond_with_json(
        {"error": {"code": "boom", "message": "Boom"}}, status=500
    )

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"), max_retries=1)
        await resolve(client.get_widget("w1"))
        await resolve(client.call(BY_QUERY, cast_to=object, path_params={"widget_id": "w1"}))
        with pytest.raises(InternalServerError):
            await resolve(client.get_widget("bad"))

    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        harness.run(scenario)

    ours = [record for record in caplog.records if record.name == LOGGER]
    text = "\n".join(record.getMessage() for record in ours)
    assert API_KEY not in text
    assert "'x-api-key': '<redacted>'" in text
    assert "'authorization': '<redacted>'" in text
    assert "'set-cookie': '<redacted>'" in text
    assert "api_key=<redacted>" in text
    assert "GET http://127.0.0.1" in text
    assert '/v1/widgets/w1 "200 OK"' in text
    assert "(attempt 1 of 2)" in text
    assert "Retrying GET" in text and "after status 500" in text
    assert '"name"' not in text  # bodies are never logged
    infos = [record for record in ours if record.levelno == logging.INFO]
    assert len(infos) == 5  # four attempts and one retry
    assert "Internal Server Error" in infos[2].getMessage()
