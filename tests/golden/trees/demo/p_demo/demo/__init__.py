"""Client for the Demo, version 1.

The small API the runtime tests drive (tests/runtime/): widgets behind an API key, a ping without
auth, every kind of credential the runtime sends, and an error envelope with a retry-after in its
details.
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
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._client import AsyncDemoClient, DemoClient
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
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncDemoClient",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "DemoClient",
    "ErrorBody",
    "ErrorDetail",
    "ErrorDetails",
    "InternalServerError",
    "InvalidFieldsBody",
    "MissingAPIKeyError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "Widget",
    "WidgetCreate",
    "WidgetStatus",
]
