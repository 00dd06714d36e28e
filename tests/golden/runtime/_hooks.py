"""Request and response hooks: user code run around every call, for logging, metrics, signing.

A request hook is called with each ``httpx.Request`` just before it is sent: every
attempt of a call and every redirect hop, so a hook that signs requests (by setting a
header on the request it is given) signs each of them. A response hook is called once a
call is decided, with its final ``httpx.Response`` (after retries and redirects, before
the body is parsed or an error raised). Hooks run in the order given; an exception a hook
raises reaches the caller unchanged and ends the call. The async clients also accept
``async def`` hooks and await them.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeAlias, TypeVar

import httpx

__all__ = [
    "AsyncRequestHook",
    "AsyncResponseHook",
    "RequestHook",
    "ResponseHook",
    "arun_hooks",
    "run_hooks",
]

RequestHook: TypeAlias = Callable[[httpx.Request], None]
"""Called with each request before it is sent (sync clients)."""

ResponseHook: TypeAlias = Callable[[httpx.Response], None]
"""Called with the final response of each call (sync clients)."""

AsyncRequestHook: TypeAlias = Callable[[httpx.Request], Awaitable[None] | None]
"""A request hook of the async clients: a plain function or a coroutine function."""

AsyncResponseHook: TypeAlias = Callable[[httpx.Response], Awaitable[None] | None]
"""A response hook of the async clients: a plain function or a coroutine function."""

V = TypeVar("V", httpx.Request, httpx.Response)


def run_hooks(hooks: Sequence[Callable[[V], object]], value: V) -> None:
    """Call each hook with ``value``, in order."""
    for hook in hooks:
        hook(value)


async def arun_hooks(hooks: Sequence[Callable[[V], Awaitable[None] | None]], value: V) -> None:
    """Call each hook with ``value``, in order, awaiting those that return an awaitable."""
    for hook in hooks:
        result = hook(value)
        if inspect.isawaitable(result):
            await result
