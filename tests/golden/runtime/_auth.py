"""Putting the API key on a request as each operation's security requirement says."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from ._api import ApiInfo, Endpoint, SecurityScheme

__all__ = ["Credentials", "resolve_credentials", "secret_header_names", "secret_query_names"]


@dataclass
class Credentials:
    """The auth parts of one request: kept apart so redirects can drop them."""

    headers: dict[str, str] = field(default_factory=dict[str, str])
    query: list[tuple[str, str]] = field(default_factory=list[tuple[str, str]])
    cookies: dict[str, str] = field(default_factory=dict[str, str])


def _apply(scheme: SecurityScheme, key: str, credentials: Credentials) -> None:
    if scheme.kind == "api_key":
        if scheme.location == "header":
            credentials.headers[scheme.name] = key
        elif scheme.location == "query":
            credentials.query.append((scheme.name, key))
        else:
            credentials.cookies[scheme.name] = key
        return
    kind = scheme.scheme.lower()
    if kind == "basic":
        user_password = key if ":" in key else f"{key}:"
        token = base64.b64encode(user_password.encode("utf-8")).decode("ascii")
        credentials.headers["Authorization"] = f"Basic {token}"
    elif kind == "bearer":
        credentials.headers["Authorization"] = f"Bearer {key}"
    else:  # another RFC 7235 scheme: send the key as its credentials
        credentials.headers["Authorization"] = f"{scheme.scheme} {key}"


def resolve_credentials(api: ApiInfo, endpoint: Endpoint, api_key: str | None) -> Credentials:
    """Credentials for ``endpoint``: from the first alternative whose schemes are all known.

    Without an API key, or when no alternative can be satisfied, the request goes
    out without credentials and the server decides.
    """
    credentials = Credentials()
    if api_key is None:
        return credentials
    for alternative in endpoint.security:
        if all(name in api.security_schemes for name in alternative):
            for name in alternative:
                _apply(api.security_schemes[name], api_key, credentials)
            break
    return credentials


def secret_header_names(api: ApiInfo) -> frozenset[str]:
    """Lower-cased names of headers that carry the key (besides Authorization and Cookie)."""
    return frozenset(
        scheme.name.lower()
        for scheme in api.security_schemes.values()
        if scheme.kind == "api_key" and scheme.location == "header"
    )


def secret_query_names(api: ApiInfo) -> frozenset[str]:
    """Lower-cased names of query parameters that carry the key."""
    return frozenset(
        scheme.name.lower()
        for scheme in api.security_schemes.values()
        if scheme.kind == "api_key" and scheme.location == "query"
    )
