"""Client for the Aitronos Personal Connectors API, version 1.0.0.

Personal connectors of the Aitronos (Freddy) platform: list the connectors the current user has
connected in an organization, and retrieve the definition of a single personal connector. Written
from the vendor's "List Connected Connectors" and "Retrieve Personal Connector" reference pages.
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
from ._client import AitronosClient, AsyncAitronosClient
from .models import (
    ConnectedConnector,
    ErrorDetail,
    ErrorDetails,
    ErrorEnvelope,
    PersonalConnector,
    PersonalConnectorMetadata,
    PersonalConnectorObject,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AitronosClient",
    "AsyncAitronosClient",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ConnectedConnector",
    "ErrorDetail",
    "ErrorDetails",
    "ErrorEnvelope",
    "InternalServerError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "PersonalConnector",
    "PersonalConnectorMetadata",
    "PersonalConnectorObject",
    "RateLimitError",
    "UnprocessableEntityError",
]
