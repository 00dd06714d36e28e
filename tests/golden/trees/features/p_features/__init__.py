"""Client for the Features, version 1.

An API that declares every runtime feature the generator supports.
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
    ListOrdersResponse,
    ListOrdersResponseMeta,
    ListTagsItem,
    ListTagsResponseItem,
    NewOrder,
    Order,
    OrderEvent,
    OrderEventStatus,
    OrderPage,
    Stock,
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
    "ListOrdersResponse",
    "ListOrdersResponseMeta",
    "ListTagsItem",
    "ListTagsResponseItem",
    "MissingAPIKeyError",
    "NOT_GIVEN",
    "NewOrder",
    "NotFoundError",
    "NotGiven",
    "Order",
    "OrderEvent",
    "OrderEventStatus",
    "OrderPage",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestOptions",
    "Stock",
    "UnprocessableEntityError",
    "__version__",
    "errors",
]
