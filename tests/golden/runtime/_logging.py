"""The package logger, its opt-in switch, and redaction of secrets in logged values.

The logger is named after the package and is silent by default: it only has a
``NullHandler`` and its level is left alone, so applications configure it like
any other library logger. Setting the environment variable named by
``LOG_ENV_VAR`` to ``info`` or ``debug`` before a client is built adds a stderr
handler and sets that level. At ``info`` each attempt logs its request line,
status, time taken and retry count; at ``debug`` the request and response
headers are logged too, with secrets redacted. Bodies are never logged.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection, Iterable, Mapping
from typing import Final
from urllib.parse import unquote_plus

import httpx

from ._version import LOG_ENV_VAR, PACKAGE_NAME

__all__ = ["REDACTED", "logger", "redact_headers", "redact_url", "setup_logging"]

REDACTED: Final = "<redacted>"

ALWAYS_SECRET_HEADERS: Final = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie"}
)

logger: Final = logging.getLogger(PACKAGE_NAME)
logger.addHandler(logging.NullHandler())

_LEVELS: Final = {"debug": logging.DEBUG, "info": logging.INFO}
_stream_handler: logging.Handler | None = None


def setup_logging() -> None:
    """Switch logging on if ``LOG_ENV_VAR`` asks for it; called when a client is built.

    Idempotent: the stderr handler is added once; later calls only adjust the
    level. An unset or unknown value changes nothing.
    """
    global _stream_handler
    level = _LEVELS.get(os.environ.get(LOG_ENV_VAR, "").strip().lower())
    if level is None:
        return
    if _stream_handler is None:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        _stream_handler = handler
    logger.setLevel(level)


def _lowered(names: Iterable[str]) -> frozenset[str]:
    return frozenset(name.lower() for name in names)


def redact_headers(
    headers: Mapping[str, str] | httpx.Headers, secret_header_names: Iterable[str]
) -> dict[str, str]:
    """A copy of ``headers`` with the values of secret headers replaced by ``<redacted>``.

    Secret are Authorization, Proxy-Authorization, Cookie, Set-Cookie and every
    name in ``secret_header_names``, compared case-insensitively.
    """
    secret = ALWAYS_SECRET_HEADERS | _lowered(secret_header_names)
    return {name: REDACTED if name.lower() in secret else value for name, value in headers.items()}


def redact_url(url: httpx.URL | str, secret_query_names: Collection[str] = ()) -> str:
    """``url`` without credentials, and with the values of secret query parameters redacted."""
    parsed = httpx.URL(url)
    if parsed.userinfo:
        parsed = parsed.copy_with(userinfo=b"")
    text = str(parsed)
    secret = _lowered(secret_query_names)
    if not secret or "?" not in text:
        return text
    head, _, rest = text.partition("?")
    query, hash_mark, fragment = rest.partition("#")
    parts: list[str] = []
    for part in query.split("&"):
        raw_name = part.split("=", 1)[0]
        secret_part = unquote_plus(raw_name).lower() in secret
        parts.append(f"{raw_name}={REDACTED}" if secret_part else part)
    return f"{head}?{'&'.join(parts)}{hash_mark}{fragment}"
