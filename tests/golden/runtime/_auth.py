"""Putting the API key on a request as each operation's security requirement says, and
deciding which calls carry an OAuth2 token (fetched by the client, see ``_oauth2``)."""

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
    token_scopes: tuple[str, ...] | None = None
    """The scopes of the OAuth2 token the call needs, when the client fetches tokens and the
    requirement used names an OAuth2 scheme; None: no token."""


def _apply(scheme: SecurityScheme, key: str, credentials: Credentials) -> None:
    if scheme.kind == "api_key":
        if scheme.location == "header":
            credentials.headers[scheme.name] = key
        elif scheme.location == "query":
            credentials.query.append((scheme.name, key))
        else:
            credentials.cookies[scheme.name] = key
        return
    kind = "bearer" if scheme.kind == "oauth2" else scheme.scheme.lower()
    if kind == "basic":
        user_password = key if ":" in key else f"{key}:"
        token = base64.b64encode(user_password.encode("utf-8")).decode("ascii")
        credentials.headers["Authorization"] = f"Basic {token}"
    elif kind == "bearer":
        credentials.headers["Authorization"] = f"Bearer {key}"
    else:  # another RFC 7235 scheme: send the key as its credentials
        credentials.headers["Authorization"] = f"{scheme.scheme} {key}"


def resolve_credentials(
    api: ApiInfo, endpoint: Endpoint, api_key: str | None, tokens: bool = False
) -> Credentials:
    """Credentials for ``endpoint``: from the first alternative the client can satisfy.

    ``tokens``: the client fetches OAuth2 tokens. An OAuth2 scheme is then satisfied by a
    token (requested with ``endpoint.scopes``), else by the API key sent as a bearer token;
    every other scheme by the API key. When no alternative can be satisfied, the first one
    is applied with what the client has (nothing without an API key), and the server decides.
    With tokens but no OAuth2 scheme in the API (a token manager given by hand for a scheme
    the spec describes as a plain bearer token), every call that needs auth gets a token.
    """
    credentials = Credentials()
    known = [
        alternative
        for alternative in endpoint.security
        if all(name in api.security_schemes for name in alternative)
    ]
    if tokens and api.oauth2_scheme is None:
        if any(known):
            credentials.token_scopes = endpoint.scopes
        return credentials

    def satisfied(name: str) -> bool:
        return api_key is not None or (tokens and api.security_schemes[name].kind == "oauth2")

    chosen = next((a for a in known if all(satisfied(n) for n in a)), known[0] if known else ())
    for name in chosen:
        scheme = api.security_schemes[name]
        if tokens and scheme.kind == "oauth2":
            credentials.token_scopes = endpoint.scopes
        elif api_key is not None:
            _apply(scheme, api_key, credentials)
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
