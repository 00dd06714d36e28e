"""Client for the Disc, version 1."""

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
    Approved,
    ApprovedKind,
    Denied,
    DeniedKind,
    PostEventsBody,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "Approved",
    "ApprovedKind",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConflictError",
    "Denied",
    "DeniedKind",
    "InternalServerError",
    "MissingAPIKeyError",
    "NOT_GIVEN",
    "NotFoundError",
    "NotGiven",
    "PaginationError",
    "PermissionDeniedError",
    "PostEventsBody",
    "RateLimitError",
    "RequestOptions",
    "UnprocessableEntityError",
    "__version__",
    "errors",
]
