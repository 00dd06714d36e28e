"""Client for the Systems, version 1."""

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
from ._client import AsyncPathrefsClient, PathrefsClient
from .models import (
    GetSystemCopyResponse,
    GetSystemResponse,
    GetWaypointsResponse,
    GetWaypointsResponseSystem,
    Holder,
    TildeName,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPathrefsClient",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "GetSystemCopyResponse",
    "GetSystemResponse",
    "GetWaypointsResponse",
    "GetWaypointsResponseSystem",
    "Holder",
    "InternalServerError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PathrefsClient",
    "PermissionDeniedError",
    "RateLimitError",
    "TildeName",
    "UnprocessableEntityError",
]
