"""Answers whose type is not a class (`str | None`, a union of tuples, a nullable enum):
the client type-checks, its methods are typed as the spec says, and each returns the value the
server sent.

Type checkers refuse `str | None` where the runtime takes `type[T]` (a directory spec with a
nullable string answer failed mypy that way), so such a type is handed over as
`TypeForm[str | None](str | None)`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ..conftest import run_module
from .test_typecheck import describe, mypy, pyright, pyright_config

SPEC = Path(__file__).resolve().parents[1] / "specs" / "returns.yaml"

USER = """\
from __future__ import annotations

from returns_client import AsyncClient, Client, models


def season(client: Client) -> str | None:
    return client.get_season_type()


def pair(client: Client) -> tuple[str] | tuple[str, int]:
    return client.get_pair()


async def level(client: AsyncClient) -> models.GetLevelResponse | None:
    tags: list[str] | None = await client.get_tags()
    del tags
    return await client.get_level()
"""

WRONG = """\
from __future__ import annotations

from returns_client import Client


def week(client: Client) -> int:
    return client.get_week()
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("returns")
    result = run_module(
        root, "generate", str(SPEC), "--output", "out", "--package", "returns_client"
    )
    assert result.returncode == 0, result.stderr
    return root / "out"


def test_the_package_and_its_callers_type_check(out: Path, tmp_path: Path) -> None:
    (out / "user.py").write_text(USER, encoding="utf-8")
    result = mypy(out, tmp_path / "cache", "returns_client", "user.py")
    assert result.returncode == 0, result.stdout + result.stderr
    report = pyright(pyright_config(out, out))
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert summary["errorCount"] == 0, describe(report)


def test_a_wrong_use_of_a_nullable_answer_is_refused(out: Path, tmp_path: Path) -> None:
    (out / "wrong.py").write_text(WRONG, encoding="utf-8")
    result = mypy(out, tmp_path / "cache", "wrong.py")
    assert result.returncode == 1
    assert 'Incompatible return value type (got "int | None", expected "int")' in result.stdout


@pytest.mark.parametrize(
    ("path", "method", "answer", "expected"),
    [
        ("/season-type", "get_season_type", "regular", "'regular'"),
        ("/season-type", "get_season_type", None, "None"),
        ("/week", "get_week", 3, "3"),
        ("/tags", "get_tags", ["a", "b"], "['a', 'b']"),
        ("/tags", "get_tags", None, "None"),
        ("/level", "get_level", "high", "<GetLevelResponse.HIGH: 'high'>"),
        ("/level", "get_level", None, "None"),
        ("/pair", "get_pair", ["x"], "('x',)"),
        ("/pair", "get_pair", ["x", 2], "('x', 2)"),
    ],
)
def test_each_answer_is_returned_as_sent(
    out: Path, httpserver: object, path: str, method: str, answer: object, expected: str
) -> None:
    from pytest_httpserver import HTTPServer

    assert isinstance(httpserver, HTTPServer)
    httpserver.expect_request(path).respond_with_data(
        json.dumps(answer), content_type="application/json"
    )
    program = f"""
        import asyncio
        from returns_client import AsyncClient, Client

        with Client(base_url={httpserver.url_for("/")!r}) as client:
            print(repr(client.{method}()))

        async def main() -> None:
            async with AsyncClient(base_url={httpserver.url_for("/")!r}) as client:
                print(repr(await client.{method}()))

        asyncio.run(main())
    """
    ran = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(program)],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.splitlines() == [expected, expected]
