"""Client for the Shelf, version 1."""

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
    Item,
    ItemKind,
    ItemUpdate,
    Problem,
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
    "Item",
    "ItemKind",
    "ItemUpdate",
    "MissingAPIKeyError",
    "NOT_GIVEN",
    "NotFoundError",
    "NotGiven",
    "PaginationError",
    "PermissionDeniedError",
    "Problem",
    "RateLimitError",
    "RequestOptions",
    "UnprocessableEntityError",
    "__version__",
    "errors",
]
