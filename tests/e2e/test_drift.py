"""The drift report end to end: a loopback server that deviates from the Feather spec, the
generated client logging what it saw, `clientgen drift` placing each finding in the spec,
`--apply` writing the safe ones (comments kept), and a regenerated client that has them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pytest_httpserver import HTTPServer

from ..conftest import run_cli

SPEC = "specs/feather.yaml"
PATH = "/v1/integrations/connections"
SECRET_NICKNAME = "Jane Doe's private workspace"


def _connection(**changes: Any) -> dict[str, Any]:
    connection: dict[str, Any] = {
        "id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        "organization_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        "integration_key": "slack",
        "nickname_slug": "jane",
        "nickname": SECRET_NICKNAME,
        "vendor": "nango",
        "vendor_connection_id": "vc_1",
        "status": "active",
        "tools_status": "synced",
        "tools_synced_at": None,
        "status_reason": None,
        "connected_at": None,
        "last_refreshed_at": None,
        "last_used_at": None,
        "metadata": {},
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
    }
    connection.update(changes)
    return connection


def _run_client(
    project: Path, server: HTTPServer, log: Path, calls: int
) -> subprocess.CompletedProcess[str]:
    script = (
        "import sys\n"
        "from connector_clients.feather import FeatherClient, APIResponseValidationError\n"
        f"client = FeatherClient(drift_log={str(log)!r}, max_retries=0)\n"
        f"for _ in range({calls}):\n"
        "    try:\n"
        "        client.list_connections()\n"
        "    except APIResponseValidationError as exc:\n"
        "        print('invalid:', exc.paths)\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(project / "generated"),
        "FEATHER_API_KEY": "k-secret",
        "FEATHER_BASE_URL": server.url_for("/"),
    }
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )


def _lines(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_drift_loop(project: Path, httpserver: HTTPServer, tmp_path: Path) -> None:
    deviating = [
        _connection(health="ok", integration_key="teams"),
        _connection(health="degraded"),
        _connection(health="ok", last_seen_ip="10.0.0.1"),
    ]
    httpserver.expect_ordered_request(PATH).respond_with_json(deviating)
    broken = _connection()
    del broken["vendor"]
    broken["status"] = 7
    httpserver.expect_ordered_request(PATH).respond_with_json([broken])
    log = tmp_path / "drift.jsonl"

    ran = _run_client(project, httpserver, log, calls=2)
    assert ran.returncode == 0, ran.stderr
    assert "invalid:" in ran.stdout  # the broken response still raises for the caller

    lines = _lines(log)
    found = {(line["kind"], line["path"]): line for line in lines}
    assert found[("unknown_field", "$[*].health")]["count"] == 3
    assert found[("unknown_field", "$[*].health")]["shape"] == {"type": "string"}
    assert found[("unknown_field", "$[*].last_seen_ip")]["count"] == 1
    assert found[("unknown_enum_value", "$[*].integration_key")]["value"] == "teams"
    assert found[("missing_required_field", "$[*].vendor")]["count"] == 1
    assert found[("wrong_type", "$[*].status")]["shape"] == {"type": "integer"}
    for line in lines:
        assert line["vendor"] == "Feather" and line["operation"] == f"GET {PATH}"
    text = log.read_text(encoding="utf-8")
    for secret in (SECRET_NICKNAME, "10.0.0.1", "degraded", "k-secret", "nango"):
        assert secret not in text  # shapes only, never values

    report = run_cli(project, "drift", str(log))
    assert report.exit_code == 0, report.output
    spec_text = (project / SPEC).read_text(encoding="utf-8")
    schema_line = _line_of(spec_text, "    ConnectionResponse:")
    assert f"{SPEC}:" in report.output
    assert "/components/schemas/ConnectionResponse/properties" in report.output
    assert "/components/schemas/IntegrationKey/enum" in report.output
    assert "for a person" in report.output  # missing field and wrong type are not applied
    assert (project / SPEC).read_text(encoding="utf-8") == spec_text  # report only
    assert schema_line > 0

    applied = run_cli(project, "drift", str(log), "--apply")
    assert applied.exit_code == 0, applied.output
    assert "3 applied" in applied.output
    changed = (project / SPEC).read_text(encoding="utf-8")
    # Every original line is still there, in order (comments and layout kept).
    original = spec_text.splitlines()
    kept = iter(changed.splitlines())
    assert all(any(line == other for other in kept) for line in original)
    doc = yaml.safe_load(changed)
    props = doc["components"]["schemas"]["ConnectionResponse"]["properties"]
    assert props["health"] == {"type": "string"}
    assert props["last_seen_ip"] == {"type": "string"}
    assert "health" not in doc["components"]["schemas"]["ConnectionResponse"]["required"]
    assert doc["components"]["schemas"]["IntegrationKey"]["enum"][-1] == "teams"

    generated = run_cli(project, "generate")
    assert generated.exit_code == 0, generated.output
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "from connector_clients.feather import models\n"
            "assert 'health' in models.ConnectionResponse.model_fields\n"
            "assert 'last_seen_ip' in models.ConnectionResponse.model_fields\n"
            "assert models.IntegrationKey('teams') is models.IntegrationKey.TEAMS\n",
        ],
        env={**os.environ, "PYTHONPATH": str(project / "generated")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    again = run_cli(project, "drift", str(log), "--apply")
    assert "0 applied" in again.output  # already in the spec: nothing written twice


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line == needle:
            return number
    return 0


def test_bad_log_lines_are_named_and_skipped(project: Path, tmp_path: Path) -> None:
    log = tmp_path / "drift.jsonl"
    good = {
        "vendor": "Feather",
        "operation": f"GET {PATH}",
        "status": 200,
        "kind": "unknown_field",
        "path": "$[*].health",
        "shape": {"type": "string"},
        "count": 2,
    }
    log.write_text("not json\n" + json.dumps(good) + "\n" + json.dumps({"kind": "x"}) + "\n")
    result = run_cli(project, "drift", str(log))
    assert result.exit_code == 0
    assert f"{log}:1: not a drift log line" in result.output
    assert f"{log}:3: not a drift log line" in result.output
    assert "unknown field at $[*].health, seen 2 time(s)" in result.output


def test_unknown_vendor_and_unplaceable_findings(project: Path, tmp_path: Path) -> None:
    log = tmp_path / "drift.jsonl"
    lines = [
        {"vendor": "Nobody", "operation": "GET /x", "status": 200, "kind": "unknown_field",
         "path": "$.a", "shape": {"type": "string"}, "count": 1},
        {"vendor": "Feather", "operation": "GET /nowhere", "status": 200, "kind": "unknown_field",
         "path": "$.a", "shape": {"type": "string"}, "count": 1},
        {"vendor": "Feather", "operation": f"GET {PATH}", "status": 503,
         "kind": "undeclared_status", "path": "$", "shape": {"type": "object"}, "count": 4},
    ]  # fmt: skip
    log.write_text("".join(json.dumps(line) + "\n" for line in lines))
    before = (project / SPEC).read_text(encoding="utf-8")
    result = run_cli(project, "drift", str(log), "--apply")
    assert result.exit_code == 0
    assert "no spec of this project is for vendor 'Nobody'" in result.output
    assert "response schema was not found" in result.output
    assert "status 503 is not declared, seen 4 time(s)" in result.output
    assert (project / SPEC).read_text(encoding="utf-8") == before


@pytest.mark.parametrize("style", ["block", "flow"])
def test_enum_value_applied_in_either_yaml_style(tmp_path: Path, style: str) -> None:
    from generator import _drift
    from generator._load import load_spec

    values = "[a, b]" if style == "flow" else "\n            - a  # first\n            - b"
    text = f"""openapi: 3.1.0
info: {{title: T, version: '1'}}
paths:
  /x:
    get:
      operationId: getX
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/X'
components:
  schemas:
    X:
      type: object
      properties:
        kind:
          type: string
          enum: {values}
"""
    path = tmp_path / "x.yaml"
    path.write_text(text)
    finding = _drift.Finding("T", "GET /x", 200, "unknown_enum_value", "$.kind", count=1, value="c")
    placement = _drift.place(finding, load_spec(path, "x.yaml"))
    assert placement.applicable
    assert _drift.apply([placement]) == []
    doc = yaml.safe_load(path.read_text())
    assert doc["components"]["schemas"]["X"]["properties"]["kind"]["enum"] == ["a", "b", "c"]
    if style == "block":
        assert "- a  # first" in path.read_text()
