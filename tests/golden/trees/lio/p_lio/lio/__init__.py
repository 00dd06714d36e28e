"""Client for the LIO, version 1."""

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
from ._client import AsyncLioClient, LioClient
from .models import (
    I,
    L,
    O,
    Tree,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncLioClient",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "I",
    "InternalServerError",
    "L",
    "LioClient",
    "MissingAPIKeyError",
    "NotFoundError",
    "O",
    "PermissionDeniedError",
    "RateLimitError",
    "Tree",
    "UnprocessableEntityError",
]
