"""Client for the Disc, version 1."""

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
from ._client import AsyncDiscClient, DiscClient
from .models import (
    Approved,
    ApprovedKind,
    Denied,
    DeniedKind,
    PostEventsBody,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "Approved",
    "ApprovedKind",
    "AsyncDiscClient",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "Denied",
    "DeniedKind",
    "DiscClient",
    "InternalServerError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "PostEventsBody",
    "RateLimitError",
    "UnprocessableEntityError",
]
