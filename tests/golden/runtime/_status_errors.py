"""Turning an error response into the matching ``APIStatusError`` subclass."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any, cast

import httpx
import pydantic

from ._api import ApiInfo, Endpoint, ErrorEnvelope
from ._json import NO_JSON, dig
from ._logging import REDACTED
from ._models import validate_response
from ._retries import parse_retry_after
from .errors import APIStatusError, RateLimitError, status_error_class

__all__ = ["build_status_error", "error_model_for", "is_error_envelope"]

_MAX_DETAIL = 300


def error_model_for(errors: Mapping[str, type[Any]], status_code: int) -> type[Any] | None:
    """The error model for a status: exact (``"404"``), range (``"4XX"``), else ``"default"``."""
    exact = errors.get(str(status_code))
    if exact is not None:
        return exact
    status_range = f"{status_code // 100}XX"
    for key, model in errors.items():
        if key.upper() == status_range:
            return model
    return errors.get("default")


def is_error_envelope(data: object, envelope: ErrorEnvelope) -> bool:
    """Whether a successful response's JSON is in fact an error.

    Some APIs answer 200 with ``{"success": false, "error": {...}}``. A body
    counts as such an error when it is an object whose ``success`` is ``false``
    and in which the envelope's message path finds a value.
    """
    if not isinstance(data, Mapping) or envelope.message is None:
        return False
    fields = cast(Mapping[str, object], data)
    return fields.get("success") is False and dig(fields, envelope.message) is not None


def _text(value: object) -> str | None:
    """An envelope field as text: strings as they are, numbers in decimal, else None."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _scrub(text: str | None, secrets: Collection[str]) -> str | None:
    if text is None:
        return None
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."


def _detail(response: httpx.Response, data: object) -> str | None:
    """A short excerpt of the body, for messages when the envelope has no message."""
    if data is not NO_JSON:
        return _shorten(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    content_type = response.headers.get("content-type", "").lower()
    text = response.text
    if "html" in content_type or _looks_like_markup(text):
        return None  # markup makes an unreadable message; the reason phrase says enough
    return _shorten(text) or None


def _looks_like_markup(text: str) -> bool:
    """Whether a body is an HTML or XML page, whatever its Content-Type claims."""
    start = text.lstrip()[:64].lower()
    return start.startswith(("<!doctype", "<html", "<?xml", "<head", "<body"))


def _request_id(response: httpx.Response, api: ApiInfo) -> str | None:
    for name in api.request_id_headers:
        value = response.headers.get(name)
        if value:
            return str(value)
    return None


def _body(response: httpx.Response, data: object, model: type[Any] | None) -> object:
    if data is NO_JSON:
        return response.text
    if model is None:
        return data
    try:
        return validate_response(model, data, strict=False)
    except pydantic.ValidationError:
        return data


def build_status_error(
    response: httpx.Response,
    *,
    api: ApiInfo,
    endpoint: Endpoint,
    data: object,
    retries_taken: int,
    secrets: Collection[str] = (),
) -> APIStatusError:
    """The exception for an error response whose body was decoded into ``data``.

    ``data`` is the parsed JSON, or ``NO_JSON``. The class follows the status
    (a 2xx carrying an error envelope gives a plain ``APIStatusError``); the body
    is parsed with the endpoint's error model for the status; envelope fields
    are read with ``api.error_envelope``. Occurrences of ``secrets`` in the
    message are redacted.
    """
    status = response.status_code
    envelope = api.error_envelope
    json_data = None if data is NO_JSON else data
    trace_id = _scrub(_text(dig(json_data, envelope.trace_id)), secrets)
    error_class = APIStatusError if 200 <= status < 300 else status_error_class(status)
    error = error_class(
        _scrub(_text(dig(json_data, envelope.message)), secrets),
        response=response,
        body=_body(response, data, error_model_for(endpoint.errors, status)),
        code=_scrub(_text(dig(json_data, envelope.code)), secrets),
        error_type=_scrub(_text(dig(json_data, envelope.type)), secrets),
        trace_id=trace_id,
        request_id=_scrub(_request_id(response, api), secrets) or trace_id,
        retries_taken=retries_taken,
        detail=_scrub(_detail(response, data), secrets),
    )
    if isinstance(error, RateLimitError):
        error.retry_after = parse_retry_after(response.headers, json_data, envelope.retry_after)
    return error
