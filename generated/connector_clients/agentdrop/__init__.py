"""Client for the AgentDrop API, version 1.0.0.

Account connections of AgentDrop: list your active connections together with the pending invites you
have received and sent. Written from the vendor's "List Connections" reference page.
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
from ._client import AgentDropClient, AsyncAgentDropClient
from .models import (
    Account,
    Connection,
    ConnectionList,
    Error,
    ErrorDetail,
    PendingIncomingInvite,
    PendingOutgoingInvite,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "Account",
    "AgentDropClient",
    "AsyncAgentDropClient",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "Connection",
    "ConnectionList",
    "Error",
    "ErrorDetail",
    "InternalServerError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PaginationError",
    "PendingIncomingInvite",
    "PendingOutgoingInvite",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
]
