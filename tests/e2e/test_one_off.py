"""One spec alone (`clientgen generate SPEC --output DIR --package NAME`): the package is the API.

Users of the peer generators expect `from my_client import Client, AsyncClient`; a project's
package (several vendors) keeps one subpackage per spec, which tests/golden and generated/ pin.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from ..conftest import run_module
from .test_typecheck import describe, mypy, pyright

# A schema named like the client class: the client keeps the name users import.
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Shop inventory", "version": "2"},
    "servers": [{"url": "https://shop.example.test/v2"}],
    "security": [{"key": []}],
    "components": {
        "securitySchemes": {"key": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Client": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            }
        },
    },
    "paths": {
        "/clients/{id}": {
            "get": {
                "operationId": "getClient",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {
                        "description": "the client",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Client"},
                                "example": {"id": 7, "name": "Ada"},
                            }
                        },
                    }
                },
            }
        }
    },
}

USER = """\
from __future__ import annotations

from my_shop import APIStatusError, AsyncClient, Client, errors, models


def name_of(client: Client, id: int) -> str | None:
    try:
        return client.get_client(id).name
    except APIStatusError as exc:
        raise errors.APIError(str(exc.status_code)) from exc


async def id_of(client: AsyncClient) -> int:
    found: models.ClientModel = await client.get_client(1)
    return found.id
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("one_off")
    (root / "shop.yaml").write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    result = run_module(root, "generate", "shop.yaml", "--output", "out", "--package", "my_shop")
    assert result.returncode == 0, result.stderr
    return root / "out"


def _run(out: Path, program: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(program)],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", **env},
    )


def test_the_package_is_the_api(out: Path) -> None:
    package = out / "my_shop"
    # No subpackage named after the spec file: only the API's own folders.
    assert sorted(p.name for p in package.iterdir() if p.is_dir()) == []
    assert (package / "_client.py").is_file() and (package / "testing.py").is_file()
    ran = _run(
        out,
        """
        import my_shop
        from my_shop import AsyncClient, Client, ClientModel, NOT_GIVEN, errors, __version__
        from my_shop.testing import FakeClient
        assert Client.__module__ == "my_shop._client" and AsyncClient.__name__ == "AsyncClient"
        assert ClientModel.__module__ == "my_shop.models"
        assert {"Client", "AsyncClient", "APIError", "errors", "__version__"} <= set(my_shop.__all__)
        assert __version__ == "0.1.0"
        with FakeClient() as fake:
            assert fake.client().get_client(7).name == "Ada"
        try:
            Client()
        except errors.MissingAPIKeyError as exc:
            assert "MY_SHOP_API_KEY" in str(exc), exc
        else:
            raise AssertionError("no key, no error")
        print("ok")
        """,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.strip() == "ok"


def test_the_environment_is_named_after_the_package(out: Path, httpserver: object) -> None:
    from pytest_httpserver import HTTPServer

    assert isinstance(httpserver, HTTPServer)
    httpserver.expect_request(
        "/v2/clients/3", headers={"Authorization": "Bearer from-env"}
    ).respond_with_json({"id": 3})
    ran = _run(
        out,
        """
        from my_shop import Client
        with Client() as client:
            print(client.get_client(3).id)
        """,
        MY_SHOP_API_KEY="from-env",
        MY_SHOP_BASE_URL=httpserver.url_for("/v2"),
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.strip() == "3"


def test_user_code_type_checks_against_the_top_level(out: Path, tmp_path: Path) -> None:
    (out / "user.py").write_text(USER, encoding="utf-8")
    result = mypy(out, tmp_path / "cache", "my_shop", "user.py")
    assert result.returncode == 0, result.stdout[-3000:]
    folder = out / "user_code"
    folder.mkdir()
    (folder / "user.py").write_text(USER, encoding="utf-8")
    config = out / "pyrightconfig.json"
    config.write_text(
        '{"typeCheckingMode": "strict", "pythonVersion": "3.11", "include": ["user_code", '
        '"my_shop"], "extraPaths": ["."], "reportUnusedCallResult": false}',
        encoding="utf-8",
    )
    report = pyright(config)
    assert report.get("summary", {}).get("errorCount") == 0, describe(report)  # type: ignore[union-attr]


def test_the_pytest_plugin_gives_a_fixture_named_after_the_package(out: Path) -> None:
    (out / "test_user.py").write_text(
        "from my_shop.testing import FakeClient\n\n\n"
        "def test_uses_the_fake(fake_my_shop: FakeClient) -> None:\n"
        "    fake_my_shop.get_client.returns({'id': 5, 'name': 'Bo'})\n"
        "    assert fake_my_shop.client().get_client(5).name == 'Bo'\n",
        encoding="utf-8",
    )
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "my_shop.pytest_plugin", "test_user.py"],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout[-3000:]
    assert "1 passed" in ran.stdout
