"""Client for the Shelf, version 1."""

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
from ._client import AsyncFakesClient, FakesClient
from .models import (
    Item,
    ItemKind,
    ItemUpdate,
    Problem,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncFakesClient",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "FakesClient",
    "InternalServerError",
    "Item",
    "ItemKind",
    "ItemUpdate",
    "MissingAPIKeyError",
    "NotFoundError",
    "PermissionDeniedError",
    "Problem",
    "RateLimitError",
    "UnprocessableEntityError",
]
