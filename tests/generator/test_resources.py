"""Large APIs: operations grouped into one resource per tag (`client.repos.get()`), each in a
module of its own that is imported on first use; small APIs keep every method on the client.
The layout and text of the generated code are pinned by the golden tree of tests/specs/big.yaml
(tests/golden/test_golden.py); the tests here run it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..conftest import run_module

# its golden tree: tests/golden/
SPEC = Path(__file__).resolve().parents[1] / "specs" / "big.yaml"


@pytest.fixture(scope="module")
def big_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big")
    shutil.copy2(SPEC, root / SPEC.name)
    result = run_module(root, "generate", SPEC.name, "--output", "out", "--package", "big_client")
    assert result.returncode == 0, result.stderr
    return root / "out"


def test_resources_work_on_the_wire_sync_async_and_raw(big_package: Path, httpserver: Any) -> None:
    httpserver.expect_request("/repos/2/abc", query_string="per_page=30").respond_with_json(
        {"id": "abc", "more": 1}
    )
    httpserver.expect_request("/meta").respond_with_json({"ok": True})
    probe = f"""
import asyncio, sys
from big_client import Client, AsyncClient
assert "big_client.resources.repos" not in sys.modules
client = Client(api_key="k", base_url={httpserver.url_for("/")!r})
item = client.repos.get_2("abc")
assert "big_client.resources.repos" in sys.modules
assert "big_client.resources.users" not in sys.modules  # imported on first use only
assert item.id == "abc" and item.model_extra == {{"more": 1}}
raw = client.with_raw_response.repos.get_2("abc")
assert raw.status_code == 200 and raw.parse().id == "abc"
assert client.meta_root() == {{"ok": True}}
async def main():
    async with AsyncClient(api_key="k", base_url={httpserver.url_for("/")!r}) as aclient:
        item = await aclient.repos.get_2("abc")
        raw = await aclient.with_raw_response.repos.get_2("abc")
        return item.id, raw.parse().id
assert asyncio.run(main()) == ("abc", "abc")
print("ok")
"""
    ran = subprocess.run(
        [sys.executable, "-c", probe], cwd=big_package, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.strip() == "ok"
    for request, _ in httpserver.log:
        assert request.headers["Authorization"] == "Bearer k"


def test_resources_type_check(big_package: Path, tmp_path: Path) -> None:
    user = big_package / "use_big.py"
    user.write_text(
        "from big_client import Client, AsyncClient\n"
        "from big_client.models import Item\n\n"
        "def use(client: Client) -> Item:\n"
        "    return client.repos.get_2('x', per_page=5)\n\n"
        "async def use_async(client: AsyncClient) -> Item:\n"
        "    raw = await client.with_raw_response.issues.get_0('x')\n"
        "    return raw.parse()\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            "big_client",
            "use_big.py",
        ],
        cwd=big_package,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_small_apis_keep_every_method_on_the_client(repo_root: Path) -> None:
    for vendor in ("aitronos", "feather", "agentdrop"):
        assert not (repo_root / "generated" / "connector_clients" / vendor / "resources").exists()
