"""Small specs with constructs that once broke the generated code: each must generate, import,
and pass `mypy --strict`. What each one generates is pinned by its golden tree
(tests/golden/test_golden.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..conftest import run_module

SPECS = Path(__file__).resolve().parents[1] / "specs"
CASES = {
    "tiny.yaml": "an API with no models at all",
    "narrow.yaml": "allOf that narrows a base property (merged, not subclassed)",
    "disc.yaml": "discriminated oneOf over allOf members with an enum property",
    "root.yaml": "operationIds that are builtins or client attributes (`list`, `timeout`)",
    "media.yaml": "text, binary and form bodies and responses",
    "pathrefs.yaml": "percent-encoded references into `paths` and to an escaped component name",
    "wrapped.yaml": "an enum wrapped in one-member allOf/anyOf/oneOf, in parameters and models",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_spec_generates_imports_and_type_checks(name: str, tmp_path: Path) -> None:
    package = "p_" + name.removesuffix(".yaml")
    result = run_module(
        tmp_path, "generate", str(SPECS / name), "--output", "out", "--package", package
    )
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    probe = f"import importlib, pkgutil, {package}\nfor m in pkgutil.walk_packages({package}.__path__, '{package}.'):\n    importlib.import_module(m.name)\n"
    imported = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, check=False
    )
    assert imported.returncode == 0, imported.stderr[-2000:]
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), package],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]


def test_text_binary_and_form_bodies_on_the_wire(tmp_path: Path, httpserver: Any) -> None:
    result = run_module(
        tmp_path, "generate", str(SPECS / "media.yaml"), "--output", "out", "--package", "p_media"
    )
    assert result.returncode == 0, result.stderr
    httpserver.expect_request("/zen", headers={"Accept": "text/plain"}).respond_with_data(
        "Keep it logically awesome.", content_type="text/plain"
    )
    httpserver.expect_request(
        "/render",
        method="POST",
        data="# Title",
        headers={"Content-Type": "text/x-markdown", "Accept": "text/html"},
    ).respond_with_data("<h1>Title</h1>", content_type="text/html")
    httpserver.expect_request(
        "/assets",
        method="POST",
        data=b"\x00\x01binary",
        headers={"Content-Type": "application/octet-stream"},
    ).respond_with_json({"size": 8}, status=201)
    httpserver.expect_request("/assets/logo.png").respond_with_data(
        b"\x89PNG", content_type="application/octet-stream"
    )
    httpserver.expect_request(
        "/login",
        method="POST",
        data="user=ada+lovelace",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    ).respond_with_data("", status=204)
    probe = f"""
import asyncio
from p_media import Client, AsyncClient
url = {httpserver.url_for("/")!r}
client = Client(base_url=url)
assert client.get_zen() == "Keep it logically awesome."
assert client.render(body="# Title") == "<h1>Title</h1>"
assert client.upload_asset(body=b"\\x00\\x01binary").size == 8
assert client.download_asset("logo.png") == b"\\x89PNG"
assert client.login(body={{"user": "ada lovelace"}}) is None
async def main():
    async with AsyncClient(base_url=url) as aclient:
        assert await aclient.get_zen() == "Keep it logically awesome."
        assert await aclient.download_asset("logo.png") == b"\\x89PNG"
asyncio.run(main())
print("ok")
"""
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.strip() == "ok"


def test_wrapped_enums_are_the_enum_itself_on_the_wire(tmp_path: Path, httpserver: Any) -> None:
    """A one-member allOf around an enum (beside `nullable` or a description) in the query
    parameters of two operations: the model generator writes no class for such a wrapper, so
    the parameter takes the enum itself, and a component wrapper is still a model."""
    result = run_module(
        tmp_path, "generate", str(SPECS / "wrapped.yaml"), "--output", "out", "--package", "p_w"
    )
    assert result.returncode == 0, result.stderr
    client = (tmp_path / "out" / "p_w" / "_client.py").read_text()
    assert client.count("audit_log_type: models.AuditLogType | None = None") == 4  # sync, async
    assert "level: models.Level | None = None" in client
    httpserver.expect_request(
        "/products/p1/auditlogs", query_string="auditLogType=productDeleted"
    ).respond_with_json([{"type": "productCreated", "label": "short", "level": 2}])
    httpserver.expect_request(
        "/organizations/o1/auditlogs", query_string="auditLogType=productCreated&level=3"
    ).respond_with_json({"items": [], "kind": "productDeleted"})
    probe = f"""
from p_w import Client, models
client = Client(base_url={httpserver.url_for("/")!r})
logs = client.get_auditlogs("p1", audit_log_type=models.AuditLogType.PRODUCT_DELETED)
assert logs[0].type is not None and logs[0].type.root is models.AuditLogType.PRODUCT_CREATED
assert logs[0].label is not None and logs[0].label.root.root == "short"
assert logs[0].level is models.Level.INTEGER_2
page = client.get_organization_auditlogs(
    "o1", audit_log_type=models.AuditLogType.PRODUCT_CREATED, level=models.Level.INTEGER_3
)
assert page.kind is not None and page.kind.root is models.AuditLogType.PRODUCT_DELETED
print("ok")
"""
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.strip() == "ok"
