"""Client for the Wire, version 1.0.0.

Every parameter style, explode value, location and request body kind OpenAPI 3.0 defines, for the
wire-format tests (tests/runtime/test_wire.py).
"""

from ..errors import (
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
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._client import AsyncWireClient, WireClient
from .models import (
    Color,
    Filter,
    Kind,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncWireClient",
    "AuthenticationError",
    "BadRequestError",
    "Color",
    "ConflictError",
    "Filter",
    "InternalServerError",
    "Kind",
    "MissingAPIKeyError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "WireClient",
]
