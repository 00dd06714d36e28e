"""Client for the Tuples, version 1.0.0.

Positional arrays (`prefixItems`) in parameters, request bodies and models: closed ones of one
length, ones whose length varies, and ones with an open tail.
"""

from . import errors
from ._client import AsyncClient, Client
from ._response import APIResponse
from ._types import NOT_GIVEN, NotGiven, RequestOptions
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MissingAPIKeyError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from .models import (
    Point,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConflictError",
    "InternalServerError",
    "MissingAPIKeyError",
    "NOT_GIVEN",
    "NotFoundError",
    "NotGiven",
    "PaginationError",
    "PermissionDeniedError",
    "Point",
    "RateLimitError",
    "RequestOptions",
    "UnprocessableEntityError",
    "__version__",
    "errors",
]
