"""Retry policy tables: server-requested delays, backoff, retryable statuses."""

from __future__ import annotations

import email.utils
import math

import httpx
import pytest
from connector_clients._retries import (
    INITIAL_RETRY_DELAY,
    MAX_RETRY_DELAY,
    MAX_SERVER_DELAY,
    is_idempotent,
    parse_retry_after,
    retry_delay,
    should_retry,
)

NOW = 1_700_000_000.0  # a fixed clock for HTTP dates
BODY_PATH = ("error", "details", "retry_after")


def http_date(offset: float) -> str:
    return email.utils.formatdate(NOW + offset, usegmt=True)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"retry-after-ms": "250"}, 0.25),
        ({"Retry-After-Ms": "1500.5"}, 1.5005),
        ({"retry-after-ms": "0"}, 0.0),
        ({"Retry-After": "3"}, 3.0),
        ({"retry-after": "2.5"}, 2.5),
        ({"Retry-After": " 7 "}, 7.0),
        ({"Retry-After": "0"}, 0.0),
        ({"Retry-After": http_date(30)}, 30.0),
        ({"Retry-After": http_date(-30)}, 0.0),  # a past date: the wait is over
        ({"Retry-After": "Sunday, 06-Nov-94 08:49:37 GMT"}, 0.0),  # RFC 850, long past
        ({"Retry-After": "Sun Nov  6 08:49:37 1994"}, 0.0),  # asctime, long past
        # retry-after-ms wins over Retry-After
        ({"retry-after-ms": "100", "Retry-After": "9"}, 0.1),
        # garbage, negative and non-finite values are ignored...
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": "-5"}, None),
        ({"Retry-After": "nan"}, None),
        ({"Retry-After": "inf"}, None),
        ({"Retry-After": "1e400"}, None),
        ({"Retry-After": ""}, None),
        ({"retry-after-ms": "abc"}, None),
        ({"retry-after-ms": "-1"}, None),
        ({"retry-after-ms": "NaN"}, None),
        # ...and the next source is used
        ({"retry-after-ms": "garbage", "Retry-After": "4"}, 4.0),
    ],
)
def test_parse_retry_after_headers(headers: dict[str, str], expected: float | None) -> None:
    result = parse_retry_after(headers, None, None, now=NOW)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error": {"details": {"retry_after": 12}}}, 12.0),
        ({"error": {"details": {"retry_after": 1.5}}}, 1.5),
        ({"error": {"details": {"retry_after": "8"}}}, 8.0),
        ({"error": {"details": {"retry_after": "later"}}}, None),
        ({"error": {"details": {"retry_after": -3}}}, None),
        ({"error": {"details": {"retry_after": True}}}, None),
        ({"error": {"details": {"retry_after": None}}}, None),
        ({"error": {"details": {"retry_after": [5]}}}, None),
        ({"error": {"details": "retry_after"}}, None),
        ({"error": "rate limited"}, None),
        ([1, 2, 3], None),
        ("text body", None),
        (None, None),
    ],
)
def test_parse_retry_after_body(body: object, expected: float | None) -> None:
    assert parse_retry_after({}, body, BODY_PATH, now=NOW) == expected


def test_headers_win_over_body() -> None:
    body = {"error": {"details": {"retry_after": 30}}}
    assert parse_retry_after({"Retry-After": "2"}, body, BODY_PATH) == 2.0
    assert parse_retry_after({"Retry-After": "bad"}, body, BODY_PATH) == 30.0
    assert parse_retry_after({}, body, None) is None


def test_parse_retry_after_accepts_httpx_headers() -> None:
    headers = httpx.Headers([("Retry-After", "5")])
    assert parse_retry_after(headers, None, None) == 5.0


def test_http_date_uses_the_real_clock_by_default() -> None:
    delay = parse_retry_after({"Retry-After": email.utils.formatdate(usegmt=True)}, None, None)
    assert delay is not None
    assert 0.0 <= delay <= 1.0


@pytest.mark.parametrize(
    ("attempt", "expected_max"),
    [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (50, 8.0), (10_000, 8.0)],
)
def test_backoff_doubles_up_to_the_cap(attempt: int, expected_max: float) -> None:
    no_jitter = retry_delay(attempt, server_delay=None, rand=lambda: 0.0)
    full_jitter = retry_delay(attempt, server_delay=None, rand=lambda: 1.0)
    assert no_jitter == pytest.approx(expected_max)
    assert full_jitter == pytest.approx(expected_max * 0.75)
    for _ in range(50):
        assert expected_max * 0.75 <= retry_delay(attempt, server_delay=None) <= expected_max


def test_backoff_constants() -> None:
    assert INITIAL_RETRY_DELAY == 0.5
    assert MAX_RETRY_DELAY == 8.0
    assert MAX_SERVER_DELAY == 60.0


@pytest.mark.parametrize("server_delay", [0.0, 0.2, 3.0, 59.9, 60.0])
def test_server_delay_within_the_cap_is_used_as_given(server_delay: float) -> None:
    assert retry_delay(3, server_delay=server_delay) == server_delay


@pytest.mark.parametrize("server_delay", [60.1, 3600.0, 86_400.0, math.inf, -1.0, math.nan])
def test_absurd_server_delay_falls_back_to_backoff(server_delay: float) -> None:
    assert retry_delay(0, server_delay=server_delay, rand=lambda: 0.0) == INITIAL_RETRY_DELAY
    assert retry_delay(2, server_delay=server_delay, rand=lambda: 0.0) == 2.0


def test_negative_attempt_counts_as_first() -> None:
    assert retry_delay(-3, server_delay=None, rand=lambda: 0.0) == INITIAL_RETRY_DELAY


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (200, False),
        (301, False),
        (400, False),
        (401, False),
        (403, False),
        (404, False),
        (408, True),
        (409, True),
        (422, False),
        (429, True),
        (500, True),
        (502, True),
        (503, True),
        (504, True),
        (599, True),
    ],
)
def test_should_retry_by_status(status: int, expected: bool) -> None:
    assert should_retry(status) is expected


@pytest.mark.parametrize(
    ("status", "header", "expected"),
    [
        (503, "false", False),
        (503, "FALSE", False),
        (400, "true", True),
        (400, " True ", True),
        (503, "maybe", True),
        (400, "maybe", False),
    ],
)
def test_x_should_retry_header_overrides(status: int, header: str, expected: bool) -> None:
    assert should_retry(status, {"X-Should-Retry": header}) is expected
    assert should_retry(status, httpx.Headers({"x-should-retry": header})) is expected


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("GET", True),
        ("get", True),
        ("HEAD", True),
        ("OPTIONS", True),
        ("PUT", True),
        ("DELETE", True),
        ("TRACE", True),
        ("POST", False),
        ("PATCH", False),
    ],
)
def test_idempotent_methods(method: str, expected: bool) -> None:
    assert is_idempotent(method) is expected
