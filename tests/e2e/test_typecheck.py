"""The generated package type-checks (mypy and pyright, strict), lints, and types user code."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from .._servers import GENERATED, PACKAGE, PYRIGHT, ROOT


def run(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "NO_COLOR": "1", "MYPY_FORCE_COLOR": "0"},
    )


def mypy(cwd: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(cache),
            "--no-color-output",
            "--show-error-codes",
            *args,
        ],
        cwd,
    )


def pyright(config: Path) -> dict[str, object]:
    if not PYRIGHT.exists():
        pytest.fail(
            f"{PYRIGHT.relative_to(ROOT)} is missing: run `npm ci` in the repository root "
            "to install the Node test tools (Prism, pyright) from package-lock.json."
        )
    result = run(
        [str(PYRIGHT), "-p", str(config), "--pythonpath", sys.executable, "--outputjson"],
        ROOT,
    )
    try:
        report: dict[str, object] = json.loads(result.stdout)
    except ValueError:
        pytest.fail(f"pyright printed no JSON report (exit {result.returncode}):\n{result.stderr}")
    return report


def pyright_config(folder: Path, include: Path, python_version: str = "3.11") -> Path:
    """A strict pyright config in ``folder`` (``include`` paths must be relative to it)."""
    config = folder / "pyrightconfig.json"
    config.write_text(
        json.dumps(
            {
                "typeCheckingMode": "strict",
                "pythonVersion": python_version,
                "include": [os.path.relpath(include, folder)],
            }
        ),
        encoding="utf-8",
    )
    return config


def describe(report: dict[str, object]) -> str:
    diagnostics = report.get("generalDiagnostics", [])
    assert isinstance(diagnostics, list)
    return "\n".join(
        f"{d['file']}:{d['range']['start']['line'] + 1}: {d['severity']}: {d['message']}"
        for d in diagnostics
    )


# -- the package ---------------------------------------------------------------------


def test_mypy_strict(tmp_path: Path) -> None:
    result = mypy(GENERATED, tmp_path / "mypy-cache", "connector_clients")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout


def declared_minimum_python() -> str:
    with (GENERATED / "pyproject.toml").open("rb") as handle:
        requires = tomllib.load(handle)["project"]["requires-python"]
    match = re.fullmatch(r">=\s*(\d+\.\d+)", requires.strip())
    assert match is not None, f"unexpected requires-python: {requires!r}"
    return match.group(1)


def test_mypy_strict_at_the_declared_minimum_python(tmp_path: Path) -> None:
    """The package supports the oldest Python its pyproject.toml admits."""
    version = declared_minimum_python()
    result = mypy(
        GENERATED, tmp_path / "mypy-cache", "--python-version", version, "connector_clients"
    )
    assert result.returncode == 0, f"requires-python >={version}:\n{result.stdout}"


def test_pyright_strict(tmp_path: Path) -> None:
    report = pyright(pyright_config(tmp_path, PACKAGE))
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert summary["errorCount"] == 0, describe(report)
    assert summary["filesAnalyzed"] >= 20, summary


def test_ruff_check() -> None:
    result = run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], GENERATED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = run([sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."], GENERATED)
    assert result.returncode == 0, result.stdout + result.stderr


# -- user code -----------------------------------------------------------------------

GOOD_PROGRAM = '''
"""Uses every client the way the README shows; type-checked, never run."""

from __future__ import annotations

import datetime
import uuid
from typing import assert_type

from connector_clients import APIResponse
from connector_clients.agentdrop import (
    Account,
    AgentDropClient,
    AsyncAgentDropClient,
    ConnectionList,
    PendingIncomingInvite,
)
from connector_clients.aitronos import (
    AitronosClient,
    AsyncAitronosClient,
    AuthenticationError,
    ConnectedConnector,
    PersonalConnector,
    PersonalConnectorObject,
    RateLimitError,
)
from connector_clients.errors import APIStatusError, MissingAPIKeyError
from connector_clients.feather import (
    AsyncFeatherClient,
    ConnectionResponse,
    FeatherClient,
    IntegrationKey,
)


def use_aitronos() -> str:
    with AitronosClient(api_key="key", max_retries=0) as client:
        connectors = client.list_connected_connectors(organization_id="org_1")
        assert_type(connectors, list[ConnectedConnector])
        synced: datetime.datetime | None = connectors[0].last_sync_at
        active: bool = connectors[0].is_active
        connector = client.retrieve_personal_connector(
            "pcon_github", timeout=5.0, extra_headers={"X-Trace": "1"}
        )
        assert_type(connector, PersonalConnector)
        features: list[str] | None = None
        if connector.metadata is not None:
            features = connector.metadata.supported_features
        raw = client.with_raw_response.retrieve_personal_connector("pcon_github")
        assert_type(raw, APIResponse[PersonalConnector])
        retries: int = raw.retries_taken
        parsed: PersonalConnector = raw.parse()
        del synced, active, features, retries
        return parsed.connector_id


def use_feather() -> list[IntegrationKey]:
    try:
        client = FeatherClient()
    except MissingAPIKeyError as exc:
        variable: str = exc.env_var
        raise SystemExit(variable) from exc
    with client:
        connections: list[ConnectionResponse] = client.list_connections()
        assert_type(client.list_connections(), list[ConnectionResponse])
        return [connection.integration_key for connection in connections]


def use_agentdrop() -> int:
    with AgentDropClient(api_key="key", base_url="http://127.0.0.1:4010") as client:
        try:
            listing = client.list_connections(status="pending")
        except RateLimitError as exc:
            wait: float | None = exc.retry_after
            return int(wait or 0)
        except AuthenticationError as exc:
            status: int = exc.status_code
            code: str | None = exc.code
            del code
            return status
        except APIStatusError as exc:
            body: object = exc.body
            del body
            return exc.status_code
        assert_type(listing, ConnectionList)
        invite: PendingIncomingInvite = listing.pending_incoming[0]
        sender: Account = invite.from_
        assert_type(client.list_connections(), ConnectionList)
        return len(sender.name) + listing.pending_pairings_count


def build_models_by_hand() -> dict[str, object]:
    moment = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    connector = PersonalConnector(
        id="pcon_x",
        object=PersonalConnectorObject.PERSONAL_CONNECTOR,
        name="X",
        type="official",
        connector_id="x",
        icon_url="https://example.com/x.png",
        status="active",
        created_at=moment,
        updated_at=moment,
    )
    invite = PendingIncomingInvite(
        id="inv_1",
        from_=Account(id=str(uuid.uuid4()), name="Jamie", email="j@example.com", avatar_url=None),
        message=None,
        created_at=moment,
    )
    return {**connector.model_dump(mode="json"), **invite.model_dump(mode="json")}


async def use_async_clients() -> None:
    async with AsyncAitronosClient(api_key="key") as aitronos:
        connectors = await aitronos.list_connected_connectors(organization_id="org_1")
        assert_type(connectors, list[ConnectedConnector])
        connector = await aitronos.retrieve_personal_connector("pcon_github")
        assert_type(connector, PersonalConnector)
        raw = await aitronos.with_raw_response.list_connected_connectors(organization_id="o")
        assert_type(raw, APIResponse[list[ConnectedConnector]])
    async with AsyncFeatherClient(api_key="key") as feather:
        connections: list[ConnectionResponse] = await feather.list_connections()
        del connections
    async with AsyncAgentDropClient(api_key="key") as agentdrop:
        listing = await agentdrop.list_connections(status="active")
        assert_type(listing, ConnectionList)
'''

# Each line marked `# error: CODE` must get exactly that mypy error; no other line any.
BAD_PROGRAM = """
from __future__ import annotations

from connector_clients.agentdrop import AgentDropClient
from connector_clients.aitronos import AitronosClient, PersonalConnector
from connector_clients.feather import AsyncFeatherClient, ConnectionResponse, FeatherClient


def wrong_calls() -> None:
    aitronos = AitronosClient(api_key="key")
    aitronos.list_connected_connectors(organization_id=123)  # error: arg-type
    aitronos.list_connected_connectors()  # error: call-arg
    aitronos.list_connected_connectors("org_1")  # error: call-arg
    aitronos.retrieve_personal_connector()  # error: call-arg
    aitronos.retrieve_personal_connector(42)  # error: arg-type
    aitronos.retrieve_personal_connector("x", max_retries="2")  # error: arg-type
    connector: PersonalConnector = aitronos.list_connected_connectors(organization_id="o")  # error: assignment
    aitronos.list_connected_connectors(organization_id="o")[0].connector_idd  # error: attr-defined
    AgentDropClient(api_key="key").list_connections(status="bogus")  # error: arg-type
    FeatherClient(api_key="key").list_connections(organization_id="x")  # error: call-arg
    FeatherClient(api_key=7)  # error: arg-type
    del connector


async def forgets_await() -> None:
    async with AsyncFeatherClient(api_key="key") as feather:
        connections: list[ConnectionResponse] = feather.list_connections()  # error: assignment
        del connections
"""


def test_user_program_type_checks_with_mypy(tmp_path: Path) -> None:
    program = tmp_path / "program.py"
    program.write_text(textwrap.dedent(GOOD_PROGRAM), encoding="utf-8")
    result = mypy(tmp_path, tmp_path / "mypy-cache", "--python-version", "3.11", program.name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout


def test_user_program_type_checks_with_pyright(tmp_path: Path) -> None:
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / "program.py").write_text(textwrap.dedent(GOOD_PROGRAM), encoding="utf-8")
    report = pyright(pyright_config(tmp_path, folder))
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert summary["errorCount"] == 0, describe(report)
    assert summary["filesAnalyzed"] == 1, summary


def test_wrong_calls_are_rejected_by_mypy(tmp_path: Path) -> None:
    source = textwrap.dedent(BAD_PROGRAM)
    program = tmp_path / "program.py"
    program.write_text(source, encoding="utf-8")
    expected = {
        number: match.group(1)
        for number, line in enumerate(source.splitlines(), start=1)
        if (match := re.search(r"# error: ([\w-]+)$", line))
    }
    assert len(expected) == 12

    result = mypy(tmp_path, tmp_path / "mypy-cache", "--python-version", "3.11", program.name)

    assert result.returncode == 1, result.stdout + result.stderr
    reported: dict[int, set[str]] = {}
    for match in re.finditer(r"^program\.py:(\d+): error: .*\[([\w-]+)\]$", result.stdout, re.M):
        reported.setdefault(int(match.group(1)), set()).add(match.group(2))
    assert set(reported) == set(expected), result.stdout
    for number, code in expected.items():
        assert code in reported[number], f"line {number}: {result.stdout}"
    assert re.search(
        r'program\.py:\d+: error: Argument "organization_id" to "list_connected_connectors" of '
        r'"AitronosClient" has incompatible type "int"; expected "str"',
        result.stdout,
    ), result.stdout


def test_readme_examples_type_check(tmp_path: Path) -> None:
    """The Python snippets of the package's README are valid, typed uses of the clients."""
    readme = (GENERATED / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", readme, re.DOTALL | re.MULTILINE)
    assert len(blocks) >= 3
    names = []
    for number, block in enumerate(blocks, start=1):
        name = f"readme_example_{number}.py"
        (tmp_path / name).write_text(block, encoding="utf-8")
        names.append(name)
    result = mypy(tmp_path, tmp_path / "mypy-cache", "--python-version", "3.11", *names)
    assert result.returncode == 0, result.stdout + result.stderr
