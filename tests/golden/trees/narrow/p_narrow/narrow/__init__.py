"""Client for the Narrow, version 1."""

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
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._client import AsyncNarrowClient, NarrowClient
from .models import (
    GetItemsResponse,
    Item,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncNarrowClient",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "GetItemsResponse",
    "InternalServerError",
    "Item",
    "MissingAPIKeyError",
    "NarrowClient",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
]
