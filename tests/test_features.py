"""A spec declaring every runtime feature (tests/specs/features.yaml), generated, imported,
type-checked, and its clients driven against real loopback servers."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .conftest import run_module

SPEC = Path(__file__).resolve().parent / "specs" / "features.yaml"
PACKAGE = "p_features"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("features") / "out"
    result = run_module(
        out.parent, "generate", str(SPEC), "--output", str(out), "--package", PACKAGE
    )
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(out))
    try:
        yield out
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def api(generated: Path) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.features")


def test_generated_package_passes_mypy_strict(generated: Path, tmp_path: Path) -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path), PACKAGE],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]


def test_marked_operations_declare_their_idempotency_header(api: ModuleType) -> None:
    client_module = importlib.import_module(f"{PACKAGE}.features._client")
    assert client_module._CREATE_ORDER.idempotency_header == "Idempotency-Key"
    assert client_module._REFUND_ORDER.idempotency_header == "X-Request-Key"
    assert client_module._ADD_NOTE.idempotency_header is None


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_idempotent_post_is_retried_with_the_same_key(
    api: ModuleType, httpserver: HTTPServer, mode: str
) -> None:
    seen: list[tuple[str | None, bytes]] = []

    def handler(request: Request) -> Response:
        seen.append((request.headers.get("Idempotency-Key"), request.get_data()))
        if len(seen) % 2 == 1:  # the body was read; the answer is lost
            return Response("", status=502)
        return Response('{"id": "o1", "item": "tea"}', status=201, mimetype="application/json")

    httpserver.expect_request("/orders", method="POST").respond_with_handler(handler)
    order = _call(api, mode, "create_order", httpserver, body={"item": "tea"})
    assert order.id == "o1"
    assert len(seen) == 2
    assert seen[0] == seen[1]
    assert seen[0][0] is not None and len(seen[0][0]) == 36
    _call(api, mode, "create_order", httpserver, body={"item": "tea"}, idempotency_key="k-1")
    assert seen[2][0] == "k-1" and seen[3][0] == "k-1"


def _call(api: ModuleType, mode: str, method: str, server: HTTPServer, **kwargs: Any) -> Any:
    import asyncio

    url = server.url_for("/")
    if mode == "sync":
        with api.FeaturesClient(api_key="k", base_url=url) as client:
            client._sleep = lambda _: None
            return getattr(client, method)(**kwargs)

    async def run() -> Any:
        async with api.AsyncFeaturesClient(api_key="k", base_url=url) as client:

            async def no_wait(_: float) -> None:
                return None

            client._sleep = no_wait
            return await getattr(client, method)(**kwargs)

    return asyncio.run(run())
