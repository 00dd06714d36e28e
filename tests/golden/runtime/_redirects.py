"""Redirect rules: where a 3xx points, with which method, and whether credentials may follow.

The clients never let httpx follow redirects: they follow up to ``MAX_REDIRECTS``
hops themselves, so that credentials are sent only while the request stays on
the origin (scheme, host and port) it was first sent to. A hop to any other
origin, an https-to-http downgrade included, goes out without the
Authorization header, cookies and API-key headers and query parameters.
"""

from __future__ import annotations

from typing import Final

import httpx

__all__ = ["MAX_REDIRECTS", "redirect_method", "redirect_target", "same_origin"]

MAX_REDIRECTS: Final = 5

_REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}


def redirect_target(response: httpx.Response) -> httpx.URL | None:
    """The absolute URL a redirect response points to, or None when it is not a usable redirect."""
    if response.status_code not in _REDIRECT_STATUSES:
        return None
    location = response.headers.get("location")
    if not location:
        return None
    try:
        target = response.request.url.join(location)
    except httpx.InvalidURL:
        return None
    if target.scheme not in _DEFAULT_PORTS or not target.host:
        return None
    return target.copy_with(fragment=None)


def redirect_method(status_code: int, method: str) -> str:
    """The method of the next hop: 303 turns into GET, as do 301 and 302 after a POST."""
    if status_code == 303 and method != "HEAD":
        return "GET"
    if status_code in (301, 302) and method == "POST":
        return "GET"
    return method


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host.lower(), url.port or _DEFAULT_PORTS.get(url.scheme)


def same_origin(first: httpx.URL, second: httpx.URL) -> bool:
    """Whether two URLs share scheme, host and (effective) port."""
    return _origin(first) == _origin(second)
