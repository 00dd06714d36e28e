"""What a spec declares about runtime features beyond plain calls: idempotency keys and
pagination.

Each function takes the raw operation (a dict of the spec) and the JSON pointer parts that
lead to it, reports wrong declarations through `report(parts, message, hint)` (the parser's
error or, in lenient mode, warning) and returns a typed declaration, or None when the
operation declares nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["IDEMPOTENCY_EXTENSION", "Report", "idempotency_header"]

Report = Callable[[list[str | int], str, str | None], None]

IDEMPOTENCY_EXTENSION = "x-idempotency-key"
DEFAULT_IDEMPOTENCY_HEADER = "Idempotency-Key"
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an HTTP header name (RFC 9110 token)


def idempotency_header(
    raw: dict[str, Any], header_params: Iterable[str], parts: list[str | int], report: Report
) -> str | None:
    """The header an operation's idempotency key goes in, or None.

    `x-idempotency-key: true` marks the operation (header `Idempotency-Key`), a string names
    another header, `false` turns the marking off; without the extension, an operation that
    takes an `Idempotency-Key` header parameter (`header_params`: the wire names of its header
    parameters) is marked.
    """
    if IDEMPOTENCY_EXTENSION in raw:
        value = raw[IDEMPOTENCY_EXTENSION]
        where = [*parts, IDEMPOTENCY_EXTENSION]
        if value is True:
            return DEFAULT_IDEMPOTENCY_HEADER
        if value is False:
            return None
        if isinstance(value, str) and _TOKEN.match(value):
            return value
        report(
            where,
            f"{IDEMPOTENCY_EXTENSION} must be true, false or a header name, not {value!r}",
            "write `x-idempotency-key: true` for the Idempotency-Key header",
        )
        return None
    for name in header_params:
        if name.lower() == DEFAULT_IDEMPOTENCY_HEADER.lower():
            return name
    return None
