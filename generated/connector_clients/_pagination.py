"""Paginated operations: page objects that fetch the next page when asked, sync and async.

An operation the spec declares paginated (``x-pagination``, see the README) is described
with ``Endpoint(pagination=Pagination(...))``; its method returns the first page, a
``SyncPage`` (or, awaited, an ``AsyncPage``). A page holds its items and its HTTP response;
iterating it (``for`` / ``async for``) yields every item of this page and of the pages after
it, each fetched only when the items before it are used up. ``pages()`` yields the pages
themselves, ``has_next_page()`` and ``next_page()`` step by hand.

Each page is one call of the client: retries, timeouts, hooks and errors apply to each.
Kinds of pagination:

* ``cursor``: the response carries the next cursor (at ``next_cursor``); it is sent in the
  query parameter ``param``; no cursor (null, empty, missing) means the last page.
* ``offset``: ``param`` is the offset of the first item; the next page starts after the
  items received; an empty page is the last.
* ``page``: ``param`` is the page number (1 when not given); an empty page is the last.
* ``link``: the next page's URL is the ``Link: <...>; rel="next"`` response header.

``has_more``, when given, is a boolean response field that says whether more pages follow.
A server that sends a cursor (or next link) it sent before, or an empty page that names a
next one, would make iteration run forever: ``PaginationError`` is raised instead.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar, cast

import httpx
import pydantic

from ._api import Endpoint, Pagination
from ._encoding import build_path
from ._models import validate_response
from ._response import APIResponse, async_to_raw_response_wrapper, to_raw_response_wrapper
from ._types import RequestOptions, TypeForm, as_type
from .errors import APIResponseValidationError, PaginationError

__all__ = [
    "AsyncPage",
    "Pagination",
    "PaginationError",
    "SyncPage",
    "afirst_page",
    "first_page",
]

T = TypeVar("T")

_MISSING = object()


def _lookup(data: object, path: tuple[str, ...]) -> object:
    """The value at ``path`` (object keys) inside ``data``, or ``_MISSING``."""
    for key in path:
        if not isinstance(data, dict):
            return _MISSING
        data = cast(dict[str, object], data).get(key, _MISSING)
        if data is _MISSING:
            return _MISSING
    return data


def _next_link(response: httpx.Response) -> httpx.URL | None:
    """The URL of the ``rel="next"`` entry of the Link header, resolved against the request."""
    for value in response.headers.get_list("link"):
        for link in value.split(","):
            target, _, params = link.strip().partition(">")
            if not target.startswith("<"):
                continue
            rels = [
                p.split("=", 1)[1].strip().strip('"').lower().split()
                for p in params.split(";")
                if "=" in p and p.split("=", 1)[0].strip().lower() == "rel"
            ]
            if any("next" in rel for rel in rels):
                return response.request.url.join(target[1:].strip())
    return None


@dataclass
class _Request:
    """What a page was requested with, so the next page can be requested alike."""

    endpoint: Endpoint
    item_type: Any
    path_params: Mapping[str, object] | None
    query: dict[str, object]
    headers: Mapping[str, object] | None
    options: RequestOptions
    seen: set[str] = field(default_factory=set[str])
    """Cursors and next links already followed in this chain of pages."""

    @property
    def list_type(self) -> type[list[Any]]:
        """``list[item_type]``, what a page's items are validated as."""
        return _list_of(self.item_type)


def _list_of(item_type: Any) -> type[list[Any]]:
    list_type: type[list[Any]] = list[item_type]
    return list_type


def _spec(request: _Request) -> Pagination:
    pagination = request.endpoint.pagination
    if pagination is None:  # pragma: no cover - the generator only pages declared operations
        raise TypeError("the endpoint is not paginated")
    return pagination


def _decode(response: APIResponse[object]) -> object:
    try:
        return response.json()
    except ValueError as exc:
        http = response.http_response
        raise APIResponseValidationError(
            f"{http.request.method} {http.request.url.path} returned a page that is not JSON "
            f"({exc})",
            response=http,
            body=response.text,
            paths=("",),
            retries_taken=response.retries_taken,
        ) from exc


def _items(request: _Request, response: APIResponse[object], data: object) -> list[Any]:
    pagination = _spec(request)
    raw = _lookup(data, pagination.items)
    where = ".".join(pagination.items) or "<body>"
    http = response.http_response
    if not isinstance(raw, list | tuple):
        raise APIResponseValidationError(
            f"{http.request.method} {http.request.url.path} returned a page without a list of "
            f"items at {where}",
            response=http,
            body=data,
            paths=(where,),
            retries_taken=response.retries_taken,
        )
    try:
        strict = response._strict  # pyright: ignore[reportPrivateUsage]
        items: list[Any] = validate_response(request.list_type, cast(object, raw), strict=strict)
        return items
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(
            f"{http.request.method} {http.request.url.path} returned items that do not fit "
            f"{getattr(request.item_type, '__name__', request.item_type)}: {exc}",
            response=http,
            body=data,
            paths=(where,),
            retries_taken=response.retries_taken,
        ) from exc


def _next_request(
    request: _Request, response: APIResponse[object], data: object, count: int
) -> _Request | None:
    """The request of the page after this one, None after the last; raises on a loop."""
    pagination = _spec(request)
    http = response.http_response
    where = f"{http.request.method} {http.request.url.path}"
    if pagination.has_more is not None:
        more = _lookup(data, pagination.has_more)
        if more is False or more is None:
            return None
    kind = pagination.kind
    if kind in ("offset", "page"):
        if count == 0:
            if pagination.has_more is not None:
                raise PaginationError(
                    f"{where} returned an empty page that says more follow "
                    f"({'.'.join(pagination.has_more)}); stopping rather than asking forever"
                )
            return None
        current = request.query.get(pagination.param)
        if kind == "offset":
            start = current if isinstance(current, int) else 0
            step: int = start + count
        else:
            step = (current if isinstance(current, int) else 1) + 1
        return replace(request, query={**request.query, pagination.param: step})
    if kind == "cursor":
        cursor = _lookup(data, pagination.next_cursor)
        if cursor is _MISSING or cursor is None or cursor == "":
            return None
        token = cursor if isinstance(cursor, str) else json.dumps(cursor)
        label = f"cursor {token!r}"
        update: _Request = replace(request, query={**request.query, pagination.param: cursor})
    else:
        link = _next_link(http)
        if link is None:
            return None
        if (link.scheme, link.host, link.port) != (
            http.request.url.scheme,
            http.request.url.host,
            http.request.url.port,
        ):
            raise PaginationError(
                f"{where} names a next page on another origin ({link.scheme}://{link.host}); "
                "it is not followed, so credentials stay with the API's own host"
            )
        token = str(link)
        label = f"next link {link.path}"
        endpoint = replace(request.endpoint, path=_link_path(request, http, link, where))
        # The link's query replaces the call's; credentials are added again by the client.
        query: dict[str, object] = dict(link.params.multi_items())
        options: RequestOptions = {**request.options, "extra_query": {}}
        update = replace(request, endpoint=endpoint, path_params=None, query=query, options=options)
    if count == 0:
        raise PaginationError(
            f"{where} returned an empty page with a {label}; stopping rather than asking forever"
        )
    if token in request.seen:
        raise PaginationError(
            f"{where} returned the {label} a second time; stopping rather than looping forever"
        )
    update.seen = request.seen | {token}
    return update


def _raw_path(url: httpx.URL) -> str:
    return url.raw_path.split(b"?", 1)[0].decode("ascii")


def _link_path(request: _Request, http: httpx.Response, link: httpx.URL, where: str) -> str:
    """The path of a next link, relative to the base URL the call was made on."""
    called = _raw_path(http.request.url)
    own = "/" + build_path(request.endpoint.path, request.path_params).lstrip("/")
    base = called[: -len(own)] if called.endswith(own) else ""
    target = _raw_path(link)
    if not target.startswith(base + "/"):
        raise PaginationError(f"{where} names a next page outside the API's base URL: {target}")
    # Braces in a literal path would read as placeholders: keep them encoded.
    return target[len(base) :].replace("{", "%7B").replace("}", "%7D")


class _BasePage(Generic[T]):
    items: list[T]
    """The items of this page."""

    def __init__(self, request: _Request, response: APIResponse[object]) -> None:
        self._request = request
        self._response = response
        self._data = _decode(response)
        self.items = _items(request, response, self._data)
        self._next: tuple[_Request | None] | None = None

    @property
    def http_response(self) -> httpx.Response:
        """The HTTP response of this page (status, headers, the request it answered)."""
        return self._response.http_response

    @property
    def retries_taken(self) -> int:
        """How many retries this page's request needed."""
        return self._response.retries_taken

    def _following(self) -> _Request | None:
        if self._next is None:
            self._next = (
                _next_request(self._request, self._response, self._data, len(self.items)),
            )
        return self._next[0]

    def has_next_page(self) -> bool:
        """Whether a page follows this one (raises ``PaginationError`` on a loop)."""
        return self._following() is not None


class SyncPage(_BasePage[T]):
    """One page of a paginated call; iterating it walks every item of every later page."""

    def __init__(
        self, fetch: Callable[..., Any], request: _Request, response: APIResponse[object]
    ) -> None:
        super().__init__(request, response)
        self._fetch = fetch

    def next_page(self) -> SyncPage[T] | None:
        """The next page, fetched now, or None after the last one."""
        following = self._following()
        if following is None:
            return None
        return SyncPage(self._fetch, following, _get(self._fetch, following))

    def pages(self) -> Iterator[SyncPage[T]]:
        """This page and every later one, each fetched when reached."""
        page: SyncPage[T] | None = self
        while page is not None:
            yield page
            page = page.next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


def _get(fetch: Callable[..., Any], request: _Request) -> APIResponse[object]:
    response: APIResponse[object] = fetch(
        request.endpoint,
        cast_to=object,
        path_params=request.path_params,
        query=request.query,
        headers=request.headers,
        options=request.options,
    )
    return response


async def _aget(fetch: Callable[..., Awaitable[Any]], request: _Request) -> APIResponse[object]:
    response: APIResponse[object] = await fetch(
        request.endpoint,
        cast_to=object,
        path_params=request.path_params,
        query=request.query,
        headers=request.headers,
        options=request.options,
    )
    return response


class AsyncPage(_BasePage[T]):
    """One page of a paginated async call; ``async for`` walks every item of every later page."""

    def __init__(
        self,
        fetch: Callable[..., Awaitable[Any]],
        request: _Request,
        response: APIResponse[object],
    ) -> None:
        super().__init__(request, response)
        self._fetch = fetch

    async def next_page(self) -> AsyncPage[T] | None:
        """The next page, fetched now, or None after the last one."""
        following = self._following()
        if following is None:
            return None
        return AsyncPage(self._fetch, following, await _aget(self._fetch, following))

    async def pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page and every later one, each fetched when reached."""
        page: AsyncPage[T] | None = self
        while page is not None:
            yield page
            page = await page.next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item


def first_page(
    send: Callable[..., Any],
    endpoint: Endpoint,
    *,
    item_type: type[T] | TypeForm[T],
    path_params: Mapping[str, object] | None = None,
    query: Mapping[str, object] | None = None,
    headers: Mapping[str, object] | None = None,
    options: RequestOptions,
) -> SyncPage[T]:
    """Request the first page through ``send`` (a client's or resource's ``_request``)."""
    request = _Request(
        endpoint, as_type(item_type), path_params, dict(query or {}), headers, options
    )
    fetch = to_raw_response_wrapper(send)
    return SyncPage(fetch, request, _get(fetch, request))


async def afirst_page(
    send: Callable[..., Awaitable[Any]],
    endpoint: Endpoint,
    *,
    item_type: type[T] | TypeForm[T],
    path_params: Mapping[str, object] | None = None,
    query: Mapping[str, object] | None = None,
    headers: Mapping[str, object] | None = None,
    options: RequestOptions,
) -> AsyncPage[T]:
    """Request the first page through ``send`` (an async client's or resource's ``_request``)."""
    request = _Request(
        endpoint, as_type(item_type), path_params, dict(query or {}), headers, options
    )
    fetch = async_to_raw_response_wrapper(send)
    return AsyncPage(fetch, request, await _aget(fetch, request))
