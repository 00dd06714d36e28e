"""Idempotency keys: what makes a POST safe to send again.

An operation the spec marks (it takes an ``Idempotency-Key`` header, or carries the
``x-idempotency-key`` extension) is described with ``Endpoint(idempotency_header=...)``.
Each call then sends a key generated once for that call, the same on every retry, so the
server can recognise a repeat and answer it without acting twice; and because of that the
call is retried like an idempotent one, even when the method is POST or PATCH. A key the
caller gives (the header argument, ``extra_headers`` or ``default_headers``) is sent
instead of a generated one.
"""

from __future__ import annotations

import uuid

import httpx

__all__ = ["add_idempotency_key", "new_idempotency_key"]


def new_idempotency_key() -> str:
    """A fresh random key (a UUID4, 36 characters)."""
    return str(uuid.uuid4())


def add_idempotency_key(header: str | None, headers: httpx.Headers) -> bool:
    """Put a generated key in ``headers`` (in place) unless one is there already.

    Returns whether the call may then be resent: True when ``header`` is set.
    """
    if header is None:
        return False
    if not headers.get(header):
        headers[header] = new_idempotency_key()
    return True
