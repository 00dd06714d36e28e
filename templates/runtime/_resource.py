"""Resources: groups of operations reached as attributes of a client (`client.repos.get()`).

Large APIs are generated with one resource per tag. A resource holds its client and sends
every call through it, so retries, auth, timeouts and raw responses behave exactly as for
the client's own methods.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from ._api import Endpoint
from ._base_client import AsyncAPIClient, SyncAPIClient
from ._types import NOT_GIVEN, RequestOptions, TypeForm

__all__ = ["AsyncAPIResource", "SyncAPIResource"]

T = TypeVar("T")


class SyncAPIResource:
    """Base of the generated synchronous resources."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def _request(
        self,
        endpoint: Endpoint,
        *,
        cast_to: type[T] | TypeForm[T],
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        json: object = NOT_GIVEN,
        content: bytes | str | None = None,
        form: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        multipart: Mapping[str, object] | None = None,
        options: RequestOptions,
    ) -> T:
        """Send one call through the client (see ``SyncAPIClient._request``)."""
        return self._client._request(  # pyright: ignore[reportPrivateUsage]
            endpoint,
            cast_to=cast_to,
            path_params=path_params,
            query=query,
            headers=headers,
            json=json,
            content=content,
            form=form,
            cookies=cookies,
            multipart=multipart,
            options=options,
        )


class AsyncAPIResource:
    """Base of the generated asynchronous resources."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def _request(
        self,
        endpoint: Endpoint,
        *,
        cast_to: type[T] | TypeForm[T],
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        json: object = NOT_GIVEN,
        content: bytes | str | None = None,
        form: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        multipart: Mapping[str, object] | None = None,
        options: RequestOptions,
    ) -> T:
        """Send one call through the client (see ``AsyncAPIClient._request``)."""
        return await self._client._request(  # pyright: ignore[reportPrivateUsage]
            endpoint,
            cast_to=cast_to,
            path_params=path_params,
            query=query,
            headers=headers,
            json=json,
            content=content,
            form=form,
            cookies=cookies,
            multipart=multipart,
            options=options,
        )
