"""Client for the Audit, version 1."""

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
    AuditLog,
    AuditLogType,
    Label,
    Level,
    LogKind,
    Page,
    ShortText,
    Stamp,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AuditLog",
    "AuditLogType",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConflictError",
    "InternalServerError",
    "Label",
    "Level",
    "LogKind",
    "MissingAPIKeyError",
    "NOT_GIVEN",
    "NotFoundError",
    "NotGiven",
    "Page",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestOptions",
    "ShortText",
    "Stamp",
    "UnprocessableEntityError",
    "__version__",
    "errors",
]
