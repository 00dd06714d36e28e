"""Client for the Features, version 1.

An API that declares every runtime feature the generator supports.
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
from ._client import AsyncFeaturesClient, FeaturesClient
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
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncFeaturesClient",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "FeaturesClient",
    "InternalServerError",
    "ListOrdersResponse",
    "ListOrdersResponseMeta",
    "ListTagsItem",
    "ListTagsResponseItem",
    "MissingAPIKeyError",
    "NewOrder",
    "NotFoundError",
    "Order",
    "OrderEvent",
    "OrderEventStatus",
    "OrderPage",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "Stock",
    "UnprocessableEntityError",
]
