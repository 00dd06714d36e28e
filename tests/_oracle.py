"""Starting the openapi-core oracle server (``tests/_oracle_server.py``) and reading its answers."""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest

ROOT = Path(__file__).resolve().parents[1]
ORACLE_PYTHON = ROOT / ".venv-oracle" / "bin" / "python"
ORACLE_SERVER = ROOT / "tests" / "_oracle_server.py"


@contextlib.contextmanager
def oracle_server(spec: Path) -> Iterator[str]:
    """The base URL of an oracle server checking requests against ``spec``."""
    if not ORACLE_PYTHON.exists():
        pytest.fail("the openapi-core oracle is not installed: run `make oracle` (or `make test`)")
    process = subprocess.Popen(
        [str(ORACLE_PYTHON), str(ORACLE_SERVER), str(spec)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.isdigit():
            process.kill()
            _, errors = process.communicate(timeout=10)
            pytest.fail(f"the oracle server did not start: {line}\n{errors}")
        yield f"http://127.0.0.1:{int(line)}"
    finally:
        process.kill()
        process.communicate(timeout=10)


@dataclass(frozen=True)
class Answer:
    """What the oracle made of one request."""

    data: Mapping[str, Any]

    @property
    def valid(self) -> bool:
        return bool(self.data["valid"])

    @property
    def errors(self) -> list[str]:
        return cast(list[str], self.data.get("errors", []))

    def decoded(self, location: str) -> Any:
        assert self.valid, self.errors
        return self.data[location]

    @property
    def target(self) -> str:
        """The request target as sent: raw path and query."""
        return cast(str, self.data["raw"]["target"])

    @property
    def raw_body(self) -> bytes:
        return base64.b64decode(self.data["raw"]["body"])

    def header(self, name: str) -> str | None:
        for key, value in self.data["raw"]["headers"]:
            if key.lower() == name.lower():
                return cast(str, value)
        return None


def answer_of(result: object) -> Answer:
    """An oracle answer from what a client call returned (the parsed JSON object)."""
    if isinstance(result, bytes | str):
        result = json.loads(result)
    assert isinstance(result, dict), result
    return Answer(cast(dict[str, Any], result))


def file_json(data: bytes) -> dict[str, str]:
    """How the oracle writes bytes it decoded (an uploaded file)."""
    return {"$bytes": base64.b64encode(data).decode("ascii")}
