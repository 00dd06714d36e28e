"""Client for the Demo, version 1.

The small API the runtime tests drive (tests/runtime/): widgets behind an API key, a ping without
auth, every kind of credential the runtime sends, and an error envelope with a retry-after in its
details.
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
    ErrorBody,
    ErrorDetail,
    ErrorDetails,
    InvalidFieldsBody,
    Widget,
    WidgetCreate,
    WidgetStatus,
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
    "ErrorBody",
    "ErrorDetail",
    "ErrorDetails",
    "InternalServerError",
    "InvalidFieldsBody",
    "MissingAPIKeyError",
    "NOT_GIVEN",
    "NotFoundError",
    "NotGiven",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestOptions",
    "UnprocessableEntityError",
    "Widget",
    "WidgetCreate",
    "WidgetStatus",
    "__version__",
    "errors",
]
