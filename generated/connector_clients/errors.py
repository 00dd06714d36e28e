"""Exceptions raised by the clients.

Everything a client raises for a failed call derives from ``APIError``::

    APIError
    ├── APIConnectionError          the server could not be reached or the transfer broke
    │   └── APITimeoutError         an attempt ran out of time (after all retries)
    ├── APIStatusError              the server answered with an error status
    │   ├── BadRequestError         400
    │   ├── AuthenticationError     401
    │   ├── PermissionDeniedError   403
    │   ├── NotFoundError           404
    │   ├── ConflictError           409
    │   ├── UnprocessableEntityError 422
    │   ├── RateLimitError          429
    │   └── InternalServerError     5xx
    ├── APIResponseValidationError  a successful response does not fit its model
    ├── PaginationError             pages that would never end (a cursor sent twice...)
    └── MissingAPIKeyError          no API key was given to the client

API keys never appear in messages or reprs of these exceptions.
"""

from __future__ import annotations

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "status_error_class",
]


class APIError(Exception):
    """Base class of every error raised by the clients.

    ``message`` is a short human-readable description; ``str(error)`` may add
    context to it (status, error code, request id).
    """

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class APIConnectionError(APIError):
    """The request did not get a response: connection refused, reset, DNS failure...

    The underlying ``httpx`` exception is kept as ``__cause__``.
    """

    request: httpx.Request
    retries_taken: int

    def __init__(
        self,
        message: str = "Connection error.",
        *,
        request: httpx.Request,
        retries_taken: int = 0,
    ) -> None:
        super().__init__(message)
        self.request = request
        self.retries_taken = retries_taken


class APITimeoutError(APIConnectionError):
    """An attempt exceeded its timeout and no retry was left."""

    def __init__(
        self,
        message: str = "Request timed out.",
        *,
        request: httpx.Request,
        retries_taken: int = 0,
    ) -> None:
        super().__init__(message, request=request, retries_taken=retries_taken)


class APIStatusError(APIError):
    """The server answered with an error status (or a 2xx carrying an error envelope).

    Attributes:
        status_code: the HTTP status.
        response: the ``httpx.Response`` (its body already read).
        body: the error body, parsed with the endpoint's error model for this status;
            the parsed JSON when it does not fit that model; the raw text when the
            body is not JSON (``""`` when empty).
        code, message, error_type, trace_id: the fields of the vendor's error
            envelope, when the body has them. ``message`` falls back to the
            standard reason phrase of the status ("Not Found"), so it is always a
            string. ``error_type`` is the envelope's ``type`` field, also readable
            as ``error.type`` (the attribute is not called ``type`` so that it
            does not shadow the builtin inside the class).
        request_id: from the response's request-id headers, else the envelope's
            trace id.
        retries_taken: how many retries were made before giving up.

    ``str(error)`` reads ``Error code: 404 - widget_not_found: Widget not found
    (request id req_1)``; without an envelope message it shows a short excerpt
    of the body (never HTML markup) or the reason phrase.
    """

    status_code: int
    response: httpx.Response
    body: object
    code: str | None
    error_type: str | None
    trace_id: str | None
    request_id: str | None
    retries_taken: int

    def __init__(
        self,
        message: str | None = None,
        *,
        response: httpx.Response,
        body: object = None,
        code: str | None = None,
        error_type: str | None = None,
        trace_id: str | None = None,
        request_id: str | None = None,
        retries_taken: int = 0,
        detail: str | None = None,
    ) -> None:
        """Build the error; ``detail`` is shown when there is no ``message`` (a body excerpt)."""
        self.status_code = response.status_code
        self.response = response
        self.body = body
        self.code = code
        self.error_type = error_type
        self.trace_id = trace_id
        self.request_id = request_id
        self.retries_taken = retries_taken
        reason = (
            httpx.codes.get_reason_phrase(response.status_code)
            or response.reason_phrase
            or f"HTTP {response.status_code}"
        )
        super().__init__(message or reason)
        self.args = (
            _status_summary(
                response.status_code,
                code=code,
                text=message or detail or reason,
                request_id=request_id,
            ),
        )

    @property
    def request(self) -> httpx.Request:
        """The request that got this response."""
        return self.response.request

    @property
    def type(self) -> str | None:
        """Alias of ``error_type``: the envelope's ``type`` field."""
        return self.error_type


def _status_summary(status: int, *, code: str | None, text: str, request_id: str | None) -> str:
    summary = f"Error code: {status} - "
    if code and code != text:
        summary += f"{code}: "
    summary += text
    if request_id:
        summary += f" (request id {request_id})"
    return summary


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized: the API key is missing, wrong or expired."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden: the API key may not do this."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity: the request was well-formed but invalid."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests.

    ``retry_after`` is how many seconds the server asked to wait (from the
    ``retry-after-ms`` / ``Retry-After`` headers or the error body), or None.
    """

    retry_after: float | None

    def __init__(
        self,
        message: str | None = None,
        *,
        response: httpx.Response,
        body: object = None,
        code: str | None = None,
        error_type: str | None = None,
        trace_id: str | None = None,
        request_id: str | None = None,
        retries_taken: int = 0,
        detail: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(
            message,
            response=response,
            body=body,
            code=code,
            error_type=error_type,
            trace_id=trace_id,
            request_id=request_id,
            retries_taken=retries_taken,
            detail=detail,
        )
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """Any 5xx status."""


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The exception class for an error status (``APIStatusError`` when none is specific)."""
    if status_code >= 500:
        return InternalServerError
    return _STATUS_CLASSES.get(status_code, APIStatusError)


class APIResponseValidationError(APIError):
    """A successful response whose body is not valid JSON or does not fit its model.

    ``paths`` lists the dotted locations of the offending fields (``"items.0.status"``;
    ``""`` for the body itself); the ``pydantic.ValidationError`` or the JSON decoding
    error is kept as ``__cause__``.
    """

    response: httpx.Response
    body: object
    paths: tuple[str, ...]
    retries_taken: int

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object,
        paths: tuple[str, ...] = (),
        retries_taken: int = 0,
    ) -> None:
        super().__init__(message)
        self.response = response
        self.body = body
        self.paths = paths
        self.retries_taken = retries_taken

    @property
    def status_code(self) -> int:
        """The HTTP status of the response."""
        return self.response.status_code


class MissingAPIKeyError(APIError):
    """A client was built without an API key and its environment variable is unset."""

    env_var: str

    def __init__(
        self,
        *,
        client_name: str,
        env_var: str,
        what: str = "api_key",
        client_id_env_var: str | None = None,
        client_secret_env_var: str | None = None,
    ) -> None:
        needs = "an API key" if what == "api_key" else f"an OAuth2 {what.replace('_', ' ')}"
        message = (
            f"{client_name} needs {needs}: pass {what}=... to {client_name}() "
            f"or set the {env_var} environment variable"
        )
        if client_id_env_var and client_secret_env_var:
            message += (
                f", or OAuth2 client credentials: client_id=... and client_secret=..., or the"
                f" {client_id_env_var} and {client_secret_env_var} environment variables"
            )
        super().__init__(message + ".")
        self.env_var = env_var


class PaginationError(APIError):
    """Iterating pages stopped because the server's answers would never end: it sent a cursor
    (or next link) a second time, an empty page that names a next one, or a next link to
    another host."""
