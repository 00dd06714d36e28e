"""Client for the Feather API, version 1.21.0.

Unified customer experience platform API. Manages identity, conversations, memory, agents,
procedures, policies, model routing, knowledge bases, integrations, and runtime execution.
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
from ._client import AsyncFeatherClient, FeatherClient
from .models import (
    ConnectionResponse,
    ConnectionToolResponse,
    ErrorResponse,
    InputArgConfig,
    InputArgType,
    IntegrationKey,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncFeatherClient",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ConnectionResponse",
    "ConnectionToolResponse",
    "ErrorResponse",
    "FeatherClient",
    "InputArgConfig",
    "InputArgType",
    "IntegrationKey",
    "InternalServerError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
]
