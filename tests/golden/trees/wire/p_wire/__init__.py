"""Client for the Wire, version 1.0.0.

Every parameter style, explode value, location and request body kind OpenAPI 3.0 defines, for the
wire-format tests (tests/runtime/test_wire.py).
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
    Color,
    Filter,
    Grade,
    Kind,
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
    "Color",
    "ConflictError",
    "Filter",
    "Grade",
    "InternalServerError",
    "Kind",
    "MissingAPIKeyError",
    "NOT_GIVEN",
    "NotFoundError",
    "NotGiven",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestOptions",
    "UnprocessableEntityError",
    "__version__",
    "errors",
]
