"""The spec linter: each rule on a spec that breaks it and on the same spec mended; severities
from `[tool.clientgen.lint]`; our specs are clean; the peer documents get a report."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator._errors import SpecError, SpecErrors
from generator._lint import RULES, lint_spec
from generator._load import load_spec
from generator._validate import validate_spec

from ..conftest import ROOT, SHARED, run_cli


def _doc(version: str = "3.1.0") -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "T", "version": "1"},
        "tags": [{"name": "items"}],
        "paths": {
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "tags": ["items"],
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                            "example": 3,
                        },
                        {
                            "name": "mode",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["a", "b"], "default": "a"},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Item"},
                                    "examples": {"one": {"value": {"id": 1, "name": "x"}}},
                                }
                            },
                        },
                        "404": {
                            "description": "missing",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}
                                }
                            },
                        },
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Item": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string", "example": "a name"},
                    },
                },
                "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
            }
        },
    }


def _get(doc: dict[str, Any]) -> dict[str, Any]:
    op: dict[str, Any] = doc["paths"]["/items/{id}"]["get"]
    return op


def _bad_media_example(doc: dict[str, Any]) -> None:
    media = _get(doc)["responses"]["200"]["content"]["application/json"]
    media["examples"]["one"]["value"] = {"id": "one"}


def _bad_param_example(doc: dict[str, Any]) -> None:
    _get(doc)["parameters"][0]["example"] = "three"


def _bad_schema_example(doc: dict[str, Any]) -> None:
    doc["components"]["schemas"]["Item"]["properties"]["name"]["example"] = 5


def _bad_default(doc: dict[str, Any]) -> None:
    _get(doc)["parameters"][1]["schema"]["default"] = "c"


def _no_operation_id(doc: dict[str, Any]) -> None:
    del _get(doc)["operationId"]


def _unused_schema(doc: dict[str, Any]) -> None:
    doc["components"]["schemas"]["Orphan"] = {"type": "string"}


def _undeclared_path_param(doc: dict[str, Any]) -> None:
    doc["paths"]["/items/{id}/{rev}"] = doc["paths"].pop("/items/{id}")


def _unused_path_param(doc: dict[str, Any]) -> None:
    doc["paths"]["/items"] = doc["paths"].pop("/items/{id}")


def _repeated_enum(doc: dict[str, Any]) -> None:
    _get(doc)["parameters"][1]["schema"]["enum"] = ["a", "b", "a"]


def _ref_sibling(doc: dict[str, Any]) -> None:
    media = _get(doc)["responses"]["404"]["content"]["application/json"]
    media["schema"]["description"] = "the error"


def _undeclared_tag(doc: dict[str, Any]) -> None:
    _get(doc)["tags"] = ["things"]


def _error_without_schema(doc: dict[str, Any]) -> None:
    _get(doc)["responses"]["500"] = {"description": "broken"}


# rule id, how to break the spec, OpenAPI version, the pointer the finding names
CASES = [
    (
        "valid-example",
        _bad_media_example,
        "3.1.0",
        "/paths/~1items~1{id}/get/responses/200/content/application~1json/examples/one",
    ),
    ("valid-example", _bad_param_example, "3.1.0", "/paths/~1items~1{id}/get/parameters/0/example"),
    (
        "valid-example",
        _bad_schema_example,
        "3.0.3",
        "/components/schemas/Item/properties/name/example",
    ),
    (
        "valid-example",
        _bad_default,
        "3.1.0",
        "/paths/~1items~1{id}/get/parameters/1/schema/default",
    ),
    ("operation-operationId", _no_operation_id, "3.1.0", "/paths/~1items~1{id}/get"),
    ("no-unused-component", _unused_schema, "3.1.0", "/components/schemas/Orphan"),
    ("path-params", _undeclared_path_param, "3.1.0", "/paths/~1items~1{id}~1{rev}/get"),
    ("path-params", _unused_path_param, "3.1.0", "/paths/~1items/get/parameters/0"),
    ("enum-unique", _repeated_enum, "3.1.0", "/paths/~1items~1{id}/get/parameters/1/schema/enum/2"),
    (
        "no-ref-siblings",
        _ref_sibling,
        "3.0.3",
        "/paths/~1items~1{id}/get/responses/404/content/application~1json/schema",
    ),
    ("operation-tag-defined", _undeclared_tag, "3.1.0", "/paths/~1items~1{id}/get/tags/0"),
    (
        "error-response-schema",
        _error_without_schema,
        "3.1.0",
        "/paths/~1items~1{id}/get/responses/500",
    ),
]


def _write(tmp_path: Path, doc: dict[str, Any], name: str = "api.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def _findings(path: Path) -> list[SpecError]:
    return lint_spec(load_spec(path, path.name))


def test_every_rule_has_a_case() -> None:
    assert {rule.id for rule in RULES} == {case[0] for case in CASES}


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_the_mended_spec_is_clean(tmp_path: Path, version: str) -> None:
    path = _write(tmp_path, _doc(version))
    assert [str(f) for f in _findings(path)] == []
    validate_spec(load_spec(path, path.name))  # and openapi-spec-validator agrees it is valid


@pytest.mark.parametrize(("rule", "breaks", "version", "pointer"), CASES)
def test_rule_finds_the_fault(
    tmp_path: Path, rule: str, breaks: Any, version: str, pointer: str
) -> None:
    doc = _doc(version)
    breaks(doc)
    path = _write(tmp_path, doc)
    found = [(f.rule, f.pointer) for f in _findings(path)]
    assert found == [(rule, pointer)]
    finding = _findings(path)[0]
    assert finding.line is not None and finding.hint
    assert f"[{rule}]" in str(finding) and f"api.yaml:{finding.line}:" in str(finding)


def test_error_severity_refuses_the_spec_and_changes_nothing(project: Path) -> None:
    spec = project / "specs" / "feather.yaml"
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    before = {p: p.read_bytes() for p in (project / "generated").rglob("*") if p.is_file()}
    op = doc["paths"]["/v1/integrations/connections"]["get"]
    op["responses"]["200"]["content"]["application/json"]["example"] = [{"id": 42}]
    spec.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    result = run_cli(project, "generate")
    assert result.exit_code == 2, result.output
    assert "[valid-example]" in result.output and "feather.yaml:" in result.output
    after = {p: p.read_bytes() for p in (project / "generated").rglob("*") if p.is_file()}
    assert after == before


def test_severity_settings(project: Path, tmp_path: Path) -> None:
    doc = _doc()
    _bad_media_example(doc)
    _unused_schema(doc)
    spec = _write(tmp_path, doc)
    default = run_cli(project, "validate", str(spec))
    assert default.exit_code == 2 and "[valid-example]" in default.output

    with pytest.raises(SpecErrors):
        validate_spec(load_spec(spec, spec.name))
    relaxed = validate_spec(
        load_spec(spec, spec.name), lint={"valid-example": "warning", "no-unused-component": "off"}
    )
    assert [(w.rule, w.severity) for w in relaxed] == [("valid-example", "warning")]
    strict = {"no-unused-component": "error", "valid-example": "off"}
    with pytest.raises(SpecErrors) as caught:
        validate_spec(load_spec(spec, spec.name), lint=strict)  # type: ignore[arg-type]
    assert [e.rule for e in caught.value.errors] == ["no-unused-component"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[tool.clientgen.lint]\n"no-such-rule" = "error"\n', "unknown lint rule 'no-such-rule'"),
        ('[tool.clientgen.lint]\n"enum-unique" = "fatal"\n', "severity 'fatal'"),
    ],
)
def test_bad_lint_settings_are_refused(project: Path, table: str, message: str) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + "\n" + table, encoding="utf-8")
    result = run_cli(project, "generate")
    assert result.exit_code == 2
    assert message in result.output and "pyproject.toml" in result.output


def test_lint_settings_from_pyproject_apply(project: Path) -> None:
    spec = project / "specs" / "feather.yaml"
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    doc["components"]["schemas"]["Unused"] = {"type": "string"}
    spec.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    warned = run_cli(project, "validate")
    assert warned.exit_code == 0 and "[no-unused-component]" in warned.output
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8")
        + '\n[tool.clientgen.lint]\n"no-unused-component" = "error"\n',
        encoding="utf-8",
    )
    refused = run_cli(project, "validate")
    assert refused.exit_code == 2 and "components.schemas.Unused is not used" in refused.output


@pytest.mark.parametrize("name", ["aitronos.yaml", "feather.yaml", "agentdrop.yaml"])
def test_our_specs_are_clean(name: str) -> None:
    path = ROOT / "specs" / name
    assert [str(f) for f in _findings(path)] == []


PEERS = SHARED / "peer-specs" / "openapi-python-client"


@pytest.mark.skipif(not PEERS.is_dir(), reason="../shared is not present")
def test_peer_documents_get_a_report() -> None:
    """Every peer document lints without crashing; each finding names its rule, line and
    pointer. The peers' baselines carry a deliberate bad default (a string parameter whose
    default is 1), which the validator of record also rejects."""
    report: dict[str, list[str]] = {}
    for path in sorted(PEERS.glob("*.*")):
        if path.suffix not in (".yaml", ".json"):
            continue
        found = _findings(path)
        for finding in found:
            assert finding.rule and finding.pointer and finding.line, str(finding)
        report[path.name] = sorted({f.rule or "" for f in found})
    assert "valid-example" in report["baseline_openapi_3.0.json"]
    assert "valid-example" in report["baseline_openapi_3.1.yaml"]
    print(json.dumps(report, indent=1))


def test_example_refs_are_followed(tmp_path: Path) -> None:
    doc = _doc()
    doc["components"]["examples"] = {"bad": {"value": {"id": "x"}}}
    media = _get(doc)["responses"]["200"]["content"]["application/json"]
    media["examples"] = {"shared": {"$ref": "#/components/examples/bad"}}
    found = _findings(_write(tmp_path, copy.deepcopy(doc)))
    assert [(f.rule, f.pointer) for f in found] == [
        (
            "valid-example",
            "/paths/~1items~1{id}/get/responses/200/content/application~1json/examples/shared",
        )
    ]


def test_one_off_mode_reports_lint_errors_as_warnings(tmp_path: Path) -> None:
    """A spec generated alone (someone else's) is not refused for what only the linter finds;
    the validator of record still gates it."""
    doc = _doc()
    _bad_media_example(doc)
    spec = _write(tmp_path, doc)
    result = run_cli(tmp_path, "generate", str(spec), "--output", "out", "--package", "one")
    assert result.exit_code == 0, result.output
    assert "[valid-example]" in result.output
    refused = run_cli(tmp_path, "validate", str(spec))
    assert refused.exit_code == 2 and "[valid-example]" in refused.output


def _documents_to_lint() -> list[Path]:
    from ._documents import documents

    return documents()


@pytest.mark.parametrize("path", _documents_to_lint(), ids=lambda p: p.name)
def test_shared_walks_find_what_each_rule_finds_alone(path: Path) -> None:
    """`lint_spec` walks the document once for the rules that need the same walk; each rule
    run alone (its own walk) finds the same, in the same order, and every line is the line
    the key search finds without remembering earlier searches."""
    from generator._load import _json_line

    try:
        spec = load_spec(path, path.name)
    except SpecError:
        pytest.skip("not a readable document")
    if not isinstance(spec.data.get("openapi"), str):
        pytest.skip("not an OpenAPI document")
    try:
        together = [(f.rule, f.pointer, f.message, f.line) for f in lint_spec(spec)]
    except Exception as exc:  # a malformed document the validator refuses first
        with pytest.raises(type(exc)):
            for rule in RULES:
                list(rule.check(spec.data))
        return
    alone = []
    fresh = load_spec(path, path.name)
    for rule in RULES:
        for finding in rule.check(fresh.data):
            pointer = fresh.error(list(finding.parts), finding.message).pointer
            line = fresh.line_of(finding.parts)
            if path.suffix == ".json":
                assert line == _json_line(fresh.text, finding.parts)
            alone.append((rule.id, pointer, finding.message, line))
    assert together == alone
