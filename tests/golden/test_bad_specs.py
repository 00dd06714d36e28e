"""A corpus of bad and hostile specs: each gives exit 2 and one clear message naming the file,
line (where there is one) and JSON pointer, changes nothing in the output, touches no network
and reads nothing outside the specs folder.

The whole error output of each (stderr and exit code, the project's folder written as
`<project>`) is also kept as a snapshot in __snapshots__/test_bad_specs.ambr, so any change to
a message shows in review; `make golden` rewrites the snapshots after a deliberate change."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from syrupy.assertion import SnapshotAssertion

from ..conftest import ROOT, SHARED, run_cli, tree_digest

HEAD = 'openapi: 3.1.0\ninfo: {title: Bad, version: "1"}\n'
OK_RESPONSE = "      responses:\n        '200': {description: ok}\n"


def _spec(body: str) -> str:
    return HEAD + body


# name -> (file name, content, substrings the message must contain)
CASES: dict[str, tuple[str, bytes | str, tuple[str, ...]]] = {
    "empty file": ("feather.yaml", "", ("the file is empty",)),
    "whitespace only": ("feather.yaml", "\n\n   \n", ("the file is empty",)),
    "binary file": ("feather.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("binary",)),
    "not UTF-8": (
        "feather.yaml",
        "openapi: 3.1.0\ninfo: caf\xe9\n".encode("latin-1"),
        ("not valid UTF-8", ":2"),
    ),
    "UTF-16": ("feather.yaml", "openapi: 3.1.0\n".encode("utf-16"), ("binary",)),
    "YAML syntax error": ("feather.yaml", HEAD + "paths:\n  /a: [\n", ("invalid YAML", ":")),
    "YAML tab indentation": ("feather.yaml", HEAD + "paths:\n\t/a: {}\n", ("invalid YAML", ":4")),
    "two YAML documents": ("feather.yaml", HEAD + "paths: {}\n---\nmore: 1\n", ("invalid YAML",)),
    "JSON trailing garbage": (
        "feather.json",
        '{"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {}} trailing',
        ("invalid JSON", ":1"),
    ),
    "JSON syntax error": (
        "feather.json",
        '{\n  "openapi": "3.1.0",\n  "info": {,}\n}',
        ("invalid JSON", ":3"),
    ),
    "JSON nested too deeply": (
        "feather.json",
        "[" * 100_000 + "]" * 100_000,
        ("nested too deeply",),
    ),
    "YAML bomb": (
        "feather.yaml",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
            for i in range(8)
        ),
        ("aliases expand", "alias bomb"),
    ),
    "document is a list": ("feather.yaml", "- openapi\n- 3.1.0\n", ("not a mapping",)),
    "document is a string": ("feather.yaml", "just text\n", ("not a mapping",)),
    "missing openapi": (
        "feather.yaml",
        'info: {title: x, version: "1"}\npaths: {}\n',
        ("no `openapi` version field",),
    ),
    "missing info": ("feather.yaml", "openapi: 3.1.0\npaths: {}\n", ("no `info` object",)),
    "unknown OpenAPI version": (
        "feather.yaml",
        'openapi: 4.0.0\ninfo: {title: x, version: "1"}\npaths: {}\n',
        ("unsupported OpenAPI version '4.0.0'", "/openapi"),
    ),
    "version as a number": (
        "feather.yaml",
        'openapi: 3.1\ninfo: {title: x, version: "1"}\npaths: {}\n',
        ("unsupported OpenAPI version 3.1", "quote it"),
    ),
    "Swagger 2.0": (
        "feather.yaml",
        'swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\n',
        ("Swagger 2.0 document", "convert it"),
    ),
    "ref to nowhere": (
        "feather.yaml",
        _spec(
            "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n"
        ),
        (
            "points to nothing",
            "/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
            ":11",
        ),
    ),
    "remote ref": (
        "feather.yaml",
        _spec(
            "paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'http://example.com/r.yaml'}\n"
        ),
        ("remote reference", "is not fetched"),
    ),
    "ref outside the specs folder": (
        "feather.yaml",
        _spec(
            "paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '../../secret.yaml#/x'}\n"
        ),
        ("reference to another file", "not followed"),
    ),
    "ref to a sibling file": (
        "feather.yaml",
        _spec("paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'other.yaml'}\n"),
        ("reference to another file",),
    ),
    "impossible circular schema": (
        "feather.yaml",
        _spec(
            "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n"
            "          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\n"
            "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n"
        ),
        ("refers to itself", "/components/schemas/"),
    ),
    "impossible circular allOf": (
        "feather.yaml",
        _spec(
            "paths: {}\ncomponents:\n  schemas:\n"
            "    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    B: {allOf: [{$ref: '#/components/schemas/A'}]}\n"
        ),
        ("refers to itself",),
    ),
    "circular request body ref": (
        "feather.yaml",
        _spec(
            "paths:\n  /a:\n    post:\n      requestBody: {$ref: '#/components/requestBodies/b'}\n"
            + OK_RESPONSE
            + "components:\n  requestBodies:\n    b: {$ref: '#/components/requestBodies/b'}\n"
        ),
        ("refers to itself",),
    ),
    "duplicate operationIds": (
        "feather.yaml",
        _spec(
            "paths:\n  /a:\n    get:\n      operationId: same\n"
            + OK_RESPONSE
            + "  /b:\n    get:\n      operationId: same\n"
            + OK_RESPONSE
        ),
        ("same",),
    ),
    "undeclared path parameter": (
        "feather.yaml",
        _spec("paths:\n  /things/{thing_id}:\n    get:\n" + OK_RESPONSE),
        ("thing_id",),
    ),
    "optional path parameter": (
        "feather.yaml",
        _spec(
            "paths:\n  /a/{x}:\n    get:\n      parameters:\n        - {name: x, in: path, schema: {type: string}}\n"
            + OK_RESPONSE
        ),
        ("'required' is a required property", "/paths/~1a~1{x}/get/parameters/0"),
    ),
    "security requirement naming no scheme": (
        "feather.yaml",
        _spec("paths:\n  /a:\n    get:\n      security: [{Nope: []}]\n" + OK_RESPONSE),
        ("security requirement names scheme 'Nope'", "/paths/~1a/get/security/0/Nope"),
    ),
    "server URL with an undefined variable": (
        "feather.yaml",
        HEAD + "servers:\n  - url: 'https://{region}.example.com'\npaths: {}\n",
        ("uses variable {region}", "/servers/0/url"),
    ),
    "wrong schema type": (
        "feather.yaml",
        _spec("paths: {}\ncomponents:\n  schemas:\n    A: {type: strin}\n"),
        ("/components/schemas/A",),
    ),
    "status code that is not one": (
        "feather.yaml",
        _spec("paths:\n  /a:\n    get:\n      responses:\n        abcdef: {description: x}\n"),
        ("'abcdef' was unexpected", "/paths/~1a/get/responses"),
    ),
    "multipart/mixed request body (unsupported)": (
        "feather.yaml",
        _spec(
            "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          multipart/mixed:\n"
            "            schema: {type: object}\n" + OK_RESPONSE
        ),
        (
            "request bodies of type multipart/mixed are not supported",
            "/paths/~1a/post/requestBody/content",
        ),
    ),
    "parameter default of the wrong type": (
        "feather.yaml",
        _spec(
            "paths:\n  /a:\n    get:\n      parameters:\n        - {name: n, in: query, schema: {type: integer, default: 'many'}}\n"
            + OK_RESPONSE
        ),
        ("/paths/~1a/get/parameters/0",),
    ),
}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Fail any attempt to open a network connection, and record it."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access is not allowed in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts


def cli_output(result: Result, project: Path) -> dict[str, object]:
    """What the CLI printed on stderr and its exit code, with the project's folder (a temporary
    one) written as `<project>` and this checkout as `<repo>`, so the snapshot is the same on
    every machine."""
    stderr = result.stderr
    folders = {str(project.resolve()): "<project>", str(project): "<project>"}
    folders |= {str(ROOT.resolve()): "<repo>", str(ROOT): "<repo>"}
    for folder in sorted(folders, key=len, reverse=True):  # the longest (innermost) first
        stderr = stderr.replace(folder, folders[folder])
    return {"exit_code": result.exit_code, "stderr": stderr}


def _install(project: Path, file_name: str, content: bytes | str) -> Path:
    specs = project / "specs"
    (specs / "feather.yaml").unlink()
    target = specs / file_name
    target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return target


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_spec_is_refused_clearly_and_changes_nothing(
    case: str, project: Path, no_network: list[object], snapshot: SnapshotAssertion
) -> None:
    file_name, content, expected = CASES[case]
    _install(project, file_name, content)
    before = tree_digest(project / "generated")
    result = run_cli(project, "generate")
    assert result.exit_code == 2, result.output
    assert f"specs/{file_name}" in result.output
    for text in expected:
        assert text in result.output, result.output
    assert "hint: " in result.output, "every refusal says how to fix it"
    assert "Traceback" not in result.output
    assert tree_digest(project / "generated") == before
    assert no_network == []
    assert cli_output(result, project) == snapshot


def test_a_50_mb_spec_is_refused_without_reading_it(
    project: Path, snapshot: SnapshotAssertion
) -> None:
    target = project / "specs" / "feather.yaml"
    with target.open("ab") as handle:
        handle.truncate(50 * 1024 * 1024)
    before = tree_digest(project / "generated")
    result = run_cli(project, "generate")
    assert result.exit_code == 2
    assert "specs over 32 MiB are refused" in result.output
    assert tree_digest(project / "generated") == before
    assert cli_output(result, project) == snapshot


def test_debug_shows_the_traceback(project: Path) -> None:
    from generator._errors import SpecErrors

    _install(project, "feather.yaml", "")
    with pytest.raises(SpecErrors, match="the file is empty"):
        run_cli(project, "generate", "--debug")


PEER_ERRORS = SHARED / "peer-specs" / "openapi-python-client" / "documents_with_errors"
PEER_EXPECTED = {
    "bad-status-code.yaml": "'abcdef' was unexpected",
    "circular-body-ref.yaml": "refers to itself",
    "invalid-uuid-defaults.yaml": "'notauuid' is not a 'uuid'",
    "missing-body-ref.yaml": "points to nothing",
    "optional-path-param.yaml": "'required' is a required property",
}


@pytest.mark.parametrize("name", sorted(PEER_EXPECTED))
def test_peer_documents_with_errors(
    name: str, project: Path, no_network: list[object], snapshot: SnapshotAssertion
) -> None:
    if not PEER_ERRORS.is_dir():
        pytest.skip("../shared is not present")
    shutil.copy2(PEER_ERRORS / name, project / "specs" / "feather.yaml")
    before = tree_digest(project / "generated")
    result = run_cli(project, "generate")
    assert result.exit_code == 2, result.output
    assert PEER_EXPECTED[name] in result.output
    assert "specs/feather.yaml:" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(project / "generated") == before
    assert cli_output(result, project) == snapshot


def test_corpus_has_at_least_thirty_cases() -> None:
    assert len(CASES) + len(PEER_EXPECTED) >= 30
    # Every case names a spec file the generator would pick up, and says what to look for.
    for file_name, _content, expected in CASES.values():
        assert file_name.endswith((".yaml", ".json")) and expected
