"""OAuth2 client credentials against a real loopback token endpoint and API, sync and async."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from connector_clients._oauth2 import AsyncClientCredentials, ClientCredentials, OAuth2Error
from connector_clients.errors import AuthenticationError, MissingAPIKeyError
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .demo import Harness, resolve

WIDGET = '{"id": "w1", "name": "Widget"}'


class TokenServer:
    """Issues tokens tok-1, tok-2... at /token; the API accepts only ``valid`` tokens."""

    def __init__(self, server: HTTPServer, *, expires_in: int = 3600, delay: float = 0) -> None:
        self.forms: list[dict[str, str]] = []
        self.auth: list[str | None] = []
        self.valid: set[str] = set()
        self.seen: list[str | None] = []
        self.expires_in = expires_in
        self.delay = delay
        self.accept_new = True  # False: the tokens issued from now on are refused by the API
        self._lock = threading.Lock()
        server.expect_request("/token", method="POST").respond_with_handler(self.issue)
        server.expect_request("/v1/widgets/w1").respond_with_handler(self.api)
        self.url = server.url_for("/token")

    def issue(self, request: Request) -> Response:
        time.sleep(self.delay)
        with self._lock:
            self.forms.append(dict(request.form))
            self.auth.append(request.headers.get("Authorization"))
            token = f"tok-{len(self.forms)}"
            if self.accept_new:
                self.valid.add(token)
        body = {"access_token": token, "token_type": "Bearer", "expires_in": self.expires_in}
        return Response(json.dumps(body), mimetype="application/json")

    def api(self, request: Request) -> Response:
        header = request.headers.get("Authorization", "")
        self.seen.append(header)
        if header.removeprefix("Bearer ") not in self.valid:
            return Response(
                '{"error": {"code": "bad_token", "message": "expired"}}',
                status=401,
                mimetype="application/json",
            )
        return Response(WIDGET, mimetype="application/json")


def credentials(harness: Harness, url: str, **kwargs: Any) -> Any:
    kind = AsyncClientCredentials if harness.is_async else ClientCredentials
    kwargs.setdefault("client_id", "app")
    kwargs.setdefault("client_secret", "s3cr:et")
    return kind(url, **kwargs)


def test_token_is_fetched_once_cached_and_sent(harness: Harness, httpserver: HTTPServer) -> None:
    tokens = TokenServer(httpserver)
    oauth2 = credentials(harness, tokens.url, scopes=["widgets:read", "widgets:write"])

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"), api_key=None, oauth2=oauth2)
        for _ in range(3):
            assert (await resolve(client.get_widget("w1"))).id == "w1"
        copy = client.with_options(max_retries=0)
        await resolve(copy.get_widget("w1"))
        await resolve(client.close())

    harness.run(scenario)
    assert oauth2.fetches == 1 and len(tokens.forms) == 1
    assert tokens.forms[0] == {
        "grant_type": "client_credentials",
        "scope": "widgets:read widgets:write",
    }
    assert tokens.auth[0] == "Basic " + base64.b64encode(b"app:s3cr%3Aet").decode()
    assert tokens.seen == ["Bearer tok-1"] * 4


def test_token_is_refreshed_before_it_expires(harness: Harness, httpserver: HTTPServer) -> None:
    tokens = TokenServer(httpserver, expires_in=300)
    now = [1000.0]
    oauth2 = credentials(harness, tokens.url, clock=lambda: now[0])

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"), api_key=None, oauth2=oauth2)
        await resolve(client.get_widget("w1"))
        now[0] += 170  # 130 s left: more than the 120 s margin
        await resolve(client.get_widget("w1"))
        now[0] += 20  # 110 s left: refreshed ahead of expiry
        await resolve(client.get_widget("w1"))
        await resolve(client.close())

    harness.run(scenario)
    assert tokens.seen == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]


def test_a_refused_token_is_refreshed_once(harness: Harness, httpserver: HTTPServer) -> None:
    tokens = TokenServer(httpserver)
    oauth2 = credentials(harness, tokens.url)

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"), api_key=None, oauth2=oauth2)
        await resolve(client.get_widget("w1"))
        tokens.valid.clear()  # the server revokes everything it issued so far
        await resolve(client.get_widget("w1"))
        tokens.valid.clear()
        tokens.accept_new = False
        try:
            await resolve(client.get_widget("w1"))
        finally:
            await resolve(client.close())

    with pytest.raises(AuthenticationError, match="expired"):
        harness.run(scenario)
    assert tokens.seen[:3] == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]
    assert len(tokens.seen) == 5  # the last call: refused, refreshed once, refused again


def test_concurrent_calls_share_one_fetch(harness: Harness, httpserver: HTTPServer) -> None:
    tokens = TokenServer(httpserver, delay=0.3)
    oauth2 = credentials(harness, tokens.url)
    url = httpserver.url_for("/")

    if harness.is_async:

        async def scenario() -> None:
            client = harness.client(base_url=url, api_key=None, oauth2=oauth2)
            await asyncio.gather(*(client.get_widget("w1") for _ in range(8)))
            await client.close()

        harness.run(scenario)
    else:
        client = harness.client(base_url=url, api_key=None, oauth2=oauth2)
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda _: client.get_widget("w1"), range(8)))
        client.close()
    assert len(tokens.forms) == 1
    assert tokens.seen == ["Bearer tok-1"] * 8


def test_credentials_from_the_environment_and_redaction(
    harness: Harness, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEMO_CLIENT_ID", "env-app")
    monkeypatch.setenv("DEMO_CLIENT_SECRET", "env-secret-93ab")
    kind = AsyncClientCredentials if harness.is_async else ClientCredentials
    oauth2 = kind(
        httpserver.url_for("/token"),
        client_id_env="DEMO_CLIENT_ID",
        client_secret_env="DEMO_CLIENT_SECRET",
    )
    assert oauth2.client_id == "env-app"
    assert "env-secret-93ab" not in repr(oauth2)
    monkeypatch.delenv("DEMO_CLIENT_SECRET")
    with pytest.raises(MissingAPIKeyError, match="DEMO_CLIENT_SECRET"):
        kind(httpserver.url_for("/token"), client_id="a", client_secret_env="DEMO_CLIENT_SECRET")


def test_token_endpoint_refusal_is_an_error(harness: Harness, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/token").respond_with_json({"error": "invalid_client"}, status=401)
    httpserver.expect_request("/v1/widgets/w1").respond_with_data(WIDGET)
    oauth2 = credentials(harness, httpserver.url_for("/token"))

    async def scenario() -> None:
        client = harness.client(base_url=httpserver.url_for("/"), api_key=None, oauth2=oauth2)
        try:
            await resolve(client.get_widget("w1"))
        finally:
            await resolve(client.close())

    with pytest.raises(OAuth2Error, match="invalid_client") as caught:
        harness.run(scenario)
    assert "s3cr" not in str(caught.value)
    assert len([e for e in httpserver.log if e[0].path == "/v1/widgets/w1"]) == 0


def test_a_bearer_token_given_directly_still_works(
    harness: Harness, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/ping").respond_with_data("pong", content_type="text/plain")

    async def scenario() -> str:
        client = harness.client(base_url=httpserver.url_for("/"))
        try:
            return str(await resolve(client.ping()))
        finally:
            await resolve(client.close())

    assert harness.run(scenario) == "pong"
