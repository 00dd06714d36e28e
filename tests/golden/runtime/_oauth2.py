"""OAuth2 client credentials (RFC 6749, section 4.4): tokens fetched, cached and refreshed.

A client whose spec declares an OAuth2 scheme with a ``clientCredentials`` flow builds its
manager itself from ``client_id=`` and ``client_secret=`` (or their environment variables)
and the spec's ``tokenUrl``. Any client also takes one built by hand:
``oauth2=ClientCredentials(token_url, client_id=..., client_secret=..., scopes=...)``
(``AsyncClientCredentials`` for an async client; the id and secret default to the
environment variables named by ``client_id_env`` and ``client_secret_env``).

The client then sends ``Authorization: Bearer <token>`` on every operation that needs the
scheme: the token is fetched from ``token_url`` (HTTP Basic with the id and secret,
``grant_type`` and ``scope`` in a form), cached, fetched again ``refresh_margin`` seconds
(default 120) before it expires, and once more when the API answers 401 (the call is then
sent again once).

Scopes: each operation asks for the scopes its security requirement names, and tokens are
cached per set of scopes, so a call never holds more privileges than its operation needs
and a client that may not have every scope still gets tokens for the operations it may call.
A manager given ``scopes=`` asks for those on every call instead. Concurrent calls share
one fetch: while one thread or task fetches, the others wait and reuse its token. The
secret and the tokens never appear in reprs, messages or logs.
"""

from __future__ import annotations

import asyncio
import base64
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast
from urllib.parse import quote, urlencode

import httpx
from typing_extensions import override

from .errors import AuthenticationError, MissingAPIKeyError

__all__ = ["AsyncClientCredentials", "ClientCredentials", "OAuth2Error"]

DEFAULT_REFRESH_MARGIN = 120.0


class OAuth2Error(AuthenticationError):
    """The token endpoint refused the client's credentials or answered something unusable."""


@dataclass(frozen=True)
class _Token:
    value: str
    expires_at: float  # time.monotonic() deadline; inf when the server gave no lifetime


def _credential(given: str | None, env: str | None, what: str) -> str:
    value = given or (os.environ.get(env) if env else None)
    if not value:
        raise MissingAPIKeyError(
            client_name="ClientCredentials", env_var=env or "(none)", what=what
        )
    return value


class _Base:
    """What the sync and async managers share: settings and the token request itself."""

    def __init__(
        self,
        token_url: str,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        scopes: Sequence[str] = (),
        client_id_env: str | None = None,
        client_secret_env: str | None = None,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token_url = token_url
        self.client_id = _credential(client_id, client_id_env, "client_id")
        self._secret = _credential(client_secret, client_secret_env, "client_secret")
        self.scopes = tuple(scopes)
        """Scopes asked for on every call; empty: each operation's own."""
        self.refresh_margin = refresh_margin
        self._clock = clock
        self._tokens: dict[tuple[str, ...], _Token] = {}
        self.fetches = 0
        """How many tokens were fetched (for metrics and tests)."""

    def secrets(self) -> tuple[str, ...]:
        """The values to redact wherever they could appear."""
        return (self._secret, *(token.value for token in self._tokens.values()))

    def _scope_set(self, scopes: Sequence[str] | None) -> tuple[str, ...]:
        """The scopes to ask for: the manager's own when given, else the operation's."""
        return tuple(sorted(set(self.scopes or scopes or ())))

    def _fresh(self, scopes: tuple[str, ...]) -> str | None:
        token = self._tokens.get(scopes)
        if token is not None and self._clock() < token.expires_at - self.refresh_margin:
            return token.value
        return None

    def _request(self, scopes: tuple[str, ...]) -> httpx.Request:
        basic = f"{quote(self.client_id, safe='')}:{quote(self._secret, safe='')}"
        form = {"grant_type": "client_credentials"}
        if scopes:
            form["scope"] = " ".join(scopes)
        return httpx.Request(
            "POST",
            self.token_url,
            content=urlencode(form).encode("ascii"),
            headers={
                "Authorization": "Basic " + base64.b64encode(basic.encode()).decode("ascii"),
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )

    def _accept(self, response: httpx.Response, started: float, scopes: tuple[str, ...]) -> str:
        """Keep the token of a token-endpoint response, or raise ``OAuth2Error``."""
        try:
            body: object = response.json()
        except ValueError:
            body = None
        data = cast(dict[str, object], body) if isinstance(body, dict) else {}
        token = data.get("access_token")
        if response.status_code != 200 or not isinstance(token, str) or not token:
            reason = data.get("error") if response.status_code != 200 else "no access_token"
            raise OAuth2Error(
                f"the token endpoint {self.token_url} answered {response.status_code}"
                f" ({reason if isinstance(reason, str) else 'no details'})",
                response=response,
                body=None,
            )
        lifetime = data.get("expires_in")
        expires_at = (
            started + float(lifetime)
            if isinstance(lifetime, int | float) and not isinstance(lifetime, bool)
            else float("inf")
        )
        self._tokens[scopes] = _Token(token, expires_at)
        self.fetches += 1
        return token

    @override
    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(token_url={self.token_url!r}, client_id={self.client_id!r}, "
            "client_secret='***')"
        )


class ClientCredentials(_Base):
    """Tokens for a sync client; safe to share between threads."""

    def __init__(self, token_url: str, **kwargs: object) -> None:
        super().__init__(token_url, **kwargs)  # type: ignore[arg-type]
        self._lock = threading.Lock()

    def token(
        self, http: httpx.Client, stale: str | None = None, scopes: Sequence[str] | None = None
    ) -> str:
        """A valid token for ``scopes``, fetched through ``http`` when none is cached (or the
        cached one is ``stale``: the API refused it). One fetch at a time; the others reuse
        its token."""
        wanted = self._scope_set(scopes)
        with self._lock:
            cached = self._fresh(wanted)
            if cached is not None and cached != stale:
                return cached
            started = self._clock()
            response = http.send(self._request(wanted))
            return self._accept(response, started, wanted)


class AsyncClientCredentials(_Base):
    """Tokens for an async client; safe to share between tasks of one event loop."""

    def __init__(self, token_url: str, **kwargs: object) -> None:
        super().__init__(token_url, **kwargs)  # type: ignore[arg-type]
        self._lock: asyncio.Lock | None = None

    async def token(
        self,
        http: httpx.AsyncClient,
        stale: str | None = None,
        scopes: Sequence[str] | None = None,
    ) -> str:
        """The async ``ClientCredentials.token``."""
        wanted = self._scope_set(scopes)
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            cached = self._fresh(wanted)
            if cached is not None and cached != stale:
                return cached
            started = self._clock()
            response = await http.send(self._request(wanted))
            return self._accept(response, started, wanted)
