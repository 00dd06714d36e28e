"""Retry policy as pure functions: what to retry, how long the server asked to wait, backoff.

Nothing here sleeps or sends requests; the clients call these functions between
attempts, so every rule can be tested with tables of inputs.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import timezone
from typing import Final

import httpx

from ._json import dig

__all__ = [
    "INITIAL_RETRY_DELAY",
    "JITTER",
    "MAX_RETRY_DELAY",
    "MAX_SERVER_DELAY",
    "is_idempotent",
    "parse_retry_after",
    "retry_delay",
    "should_retry",
]

INITIAL_RETRY_DELAY: Final = 0.5
"""Backoff before the first retry, in seconds."""

MAX_RETRY_DELAY: Final = 8.0
"""Backoff never grows past this, in seconds."""

MAX_SERVER_DELAY: Final = 60.0
"""Longest server-requested wait that is honoured, in seconds."""

JITTER: Final = 0.25
"""Backoff is shortened by a random fraction of itself, up to this much."""

_RETRYABLE_STATUSES: Final = frozenset({408, 409, 429})
_IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})


def _seconds(value: object) -> float | None:
    """A non-negative finite number of seconds from a number or numeric string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return number


def _seconds_until_http_date(value: str, now: float | None) -> float | None:
    try:
        moment = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:  # asctime dates carry no zone; HTTP dates are GMT
        moment = moment.replace(tzinfo=timezone.utc)
    current = time.time() if now is None else now
    # A date already past means "now": the wait is over.
    return max(0.0, moment.timestamp() - current)


def parse_retry_after(
    headers: Mapping[str, str] | httpx.Headers,
    body: object,
    body_path: Sequence[str] | None,
    *,
    now: float | None = None,
) -> float | None:
    """How many seconds the server asked the client to wait before retrying, or None.

    Sources, first usable one wins:

    1. ``retry-after-ms``: milliseconds (a number, possibly fractional);
    2. ``Retry-After``: delta-seconds (possibly fractional) or an HTTP date
       (a date in the past gives 0);
    3. the field of the parsed JSON ``body`` at ``body_path``: seconds, as a number
       or a numeric string.

    Unparseable, negative, NaN and infinite values are ignored, and the next
    source is tried. ``now`` (a POSIX timestamp) fixes the clock for HTTP dates.
    """
    lookup = headers if isinstance(headers, httpx.Headers) else httpx.Headers(headers)

    milliseconds = _seconds(lookup.get("retry-after-ms"))
    if milliseconds is not None:
        return milliseconds / 1000.0

    retry_after = lookup.get("retry-after")
    if retry_after is not None:
        seconds = _seconds(retry_after)
        if seconds is None:
            seconds = _seconds_until_http_date(retry_after, now)
        if seconds is not None:
            return seconds

    return _seconds(dig(body, body_path))


def retry_delay(
    attempt: int,
    *,
    server_delay: float | None,
    initial: float = INITIAL_RETRY_DELAY,
    maximum: float = MAX_RETRY_DELAY,
    max_server_delay: float = MAX_SERVER_DELAY,
    jitter: float = JITTER,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before retry number ``attempt + 1`` (``attempt`` counts from 0).

    When the server asked for a delay of at most ``max_server_delay`` seconds
    (60 s by default), that delay is used as given, 0 included.

    Otherwise, including when the server asked for more than ``max_server_delay``,
    the delay is exponential backoff: ``initial * 2**attempt`` capped at
    ``maximum``, shortened by a random fraction of up to ``jitter`` (25 %) so
    that clients failing together do not retry together. An absurd server
    delay is not slept: a call would block for minutes on a wait the caller
    never agreed to. The short backoff retries are made instead, and when they
    fail too the final error (a ``RateLimitError`` for 429) carries the
    server's ``retry_after`` so the caller can reschedule the work.
    """
    if server_delay is not None and 0 <= server_delay <= max_server_delay:
        return server_delay
    backoff = min(initial * 2.0 ** min(max(attempt, 0), 32), maximum)
    return backoff * (1.0 - jitter * rand())


def should_retry(
    status_code: int, headers: Mapping[str, str] | httpx.Headers | None = None
) -> bool:
    """Whether a response with this status is worth retrying.

    408, 409, 429 and every 5xx are. A response header ``x-should-retry: true``
    or ``false`` overrides the status.
    """
    if headers is not None:
        lookup = headers if isinstance(headers, httpx.Headers) else httpx.Headers(headers)
        override = lookup.get("x-should-retry", "").strip().lower()
        if override == "true":
            return True
        if override == "false":
            return False
    return status_code in _RETRYABLE_STATUSES or status_code >= 500


def is_idempotent(method: str) -> bool:
    """Whether repeating a request with this method is safe by HTTP semantics."""
    return method.upper() in _IDEMPOTENT_METHODS
