"""`$ref`s are URI fragments: percent-decoded, then `~1`/`~0` unescaped (RFC 6901 section 6),
by one decoder that validation, lint, parsing, diff and drift all use. References into
`paths` work end to end."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator._diff import diff_specs
from generator._lint import lint_spec
from generator._load import load_spec
from generator._refs import (
    DATA_KEYWORDS,
    MISSING,
    component_name,
    ref_parts,
    ref_to,
    resolve_ref,
    walk,
    walk_dicts,
)

from ..conftest import run_cli, run_module

SPEC = Path(__file__).resolve().parents[1] / "specs" / "pathrefs.yaml"
SYSTEM = "#/paths/~1systems~1%7BsystemSymbol%7D/get"


def test_the_fragment_is_percent_decoded_before_the_pointer_is_unescaped() -> None:
    assert ref_parts(f"{SYSTEM}/parameters/0") == [
        "paths",
        "/systems/{systemSymbol}",
        "get",
        "parameters",
        "0",
    ]
    # %25 is a literal percent sign; ~01 is "~1" as text, not a slash
    assert ref_parts("#/components/schemas/Tilde~0Name%25") == [
        "components",
        "schemas",
        "Tilde~Name%",
    ]
    assert ref_parts("#/a~01") == ["a~1"]
    assert ref_parts("#/a%20b/c%2Fd") == ["a b", "c", "d"]  # %2F decodes to a separator
    assert ref_parts("#/") == [""]  # the key "" of the document, not the document
    assert ref_parts("#") == []
    assert ref_parts("other.yaml#/a") is None and ref_parts("#name") is None


def test_component_names_are_decoded() -> None:
    assert component_name("#/components/schemas/Tilde~0Name%25") == "Tilde~Name%"
    assert component_name("#/components/schemas/A%20B") == "A B"
    assert component_name("#/components/schemas/A/properties/b") is None
    assert component_name("#/components/parameters/P", "parameters") == "P"


@given(st.lists(st.text(min_size=0, max_size=12), min_size=1, max_size=5))
def test_ref_to_and_ref_parts_round_trip(parts: list[str]) -> None:
    ref = ref_to(parts)
    assert ref_parts(ref) == parts
    doc: Any = {}
    node = doc
    for key in parts[:-1]:
        node = node.setdefault(key, {})
    node[parts[-1]] = "here"
    assert resolve_ref(doc, ref) == "here"


def test_resolve_follows_encoded_references_into_paths() -> None:
    doc = load_spec(SPEC).data
    assert resolve_ref(doc, f"{SYSTEM}/parameters/1")["name"] == "limit"
    schema = f"{SYSTEM}/responses/200/content/application~1json/schema/properties/traits"
    assert resolve_ref(doc, schema) == {"type": "array", "items": {"type": "string"}}
    assert resolve_ref(doc, "#/paths/~1systems~1{systemSymbol}/get/nothing") is MISSING


def test_validate_and_lint_accept_encoded_references(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "validate", str(SPEC))
    assert result.exit_code == 0, result.output
    assert "points to nothing" not in result.output
    # the component reached only through `%25` and `~0` counts as used
    findings = lint_spec(load_spec(SPEC))
    assert not [f for f in findings if f.rule == "no-unused-component"], [str(f) for f in findings]


def test_a_reference_that_is_not_encoded_right_points_to_nothing(tmp_path: Path) -> None:
    doc = yaml.safe_load(SPEC.read_text())
    doc["paths"]["/systems/{systemSymbol}/copy"]["get"]["parameters"][0]["$ref"] = (
        "#/paths/~1systems~1%7BsystemSymbol%7D/get/parameters/7"
    )
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    result = run_cli(tmp_path, "validate", str(bad))
    assert result.exit_code == 2
    assert "points to nothing" in result.output and "/parameters/0/$ref" in result.output


def test_references_into_paths_generate_and_work_on_the_wire(
    tmp_path: Path, httpserver: Any
) -> None:
    result = run_module(tmp_path, "generate", str(SPEC), "--output", "out", "--package", "p_refs")
    assert result.returncode == 0, result.stderr
    client = (tmp_path / "out" / "p_refs" / "_client.py").read_text()
    # the parameters reached through references into another operation
    assert (
        "def get_waypoints(\n        self,\n        system_symbol: str,\n        *,\n        limit: int | None = None,"
        in client
    )
    httpserver.expect_request("/systems/X1/waypoints", query_string="limit=2").respond_with_json(
        {"system": {"symbol": "X1", "traits": ["a"]}, "symbol": "X1"}
    )
    httpserver.expect_request("/systems/X1/copy").respond_with_json({"symbol": "X1", "traits": []})
    httpserver.expect_request(
        "/holders", method="POST", json={"odd": {"n": 1}, "traits": ["t"]}
    ).respond_with_json({"n": 5})
    probe = f"""
from p_refs import Client, models
client = Client(base_url={httpserver.url_for("/")!r})
page = client.get_waypoints("X1", limit=2)
assert page.system is not None and page.system.traits == ["a"] and page.symbol == "X1"
assert client.get_system_copy("X1").symbol == "X1"
made = client.create_holder(body=models.Holder(odd=models.TildeName(n=1), traits=["t"]))
assert made.n == 5
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


def test_diff_follows_encoded_references() -> None:
    old = load_spec(SPEC).data
    new = copy.deepcopy(old)
    new["paths"]["/systems/{systemSymbol}"]["get"]["parameters"][1]["required"] = True
    new["components"]["schemas"]["Tilde~Name%"]["properties"]["n"]["type"] = "string"
    changes = diff_specs(old, new)
    text = "\n".join(str(c) for c in changes)
    # the parameter change reaches the operations that refer to it through `%7B...%7D`
    assert "getWaypoints" in text or "/systems/{systemSymbol}/waypoints" in text, text
    assert "Tilde~Name%" in text, text


def test_a_property_named_ref_is_a_property(tmp_path: Path) -> None:
    """`properties: {$ref: {type: string}}` (Kubernetes' JSONSchemaProps) names a property;
    it is no reference, and the spec validates and generates."""
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Props", "version": "1"},
        "paths": {
            "/p": {
                "get": {
                    "operationId": "getProps",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Props"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Props": {
                    "type": "object",
                    "properties": {
                        "$ref": {"type": "string"},
                        "properties": {
                            "type": "object",
                            "additionalProperties": {"$ref": "#/components/schemas/Props"},
                        },
                    },
                }
            }
        },
    }
    spec = tmp_path / "props.json"
    spec.write_text(json.dumps(doc))
    validated = run_module(tmp_path, "validate", str(spec))
    assert validated.returncode == 0, validated.stderr
    result = run_module(tmp_path, "generate", str(spec), "--output", "out", "--package", "props")
    assert result.returncode == 0, result.stderr
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "from props.models import Props; "
            "print(Props.model_validate({'$ref': '#/x', 'properties': {}}).model_dump(by_alias=True))",
        ],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert "'$ref': '#/x'" in check.stdout


def test_walk_gives_every_value_its_pointer_in_document_order_and_skips_data() -> None:
    doc = {
        "a": {"pattern": "x", "example": {"pattern": "in an example"}},
        "b": [{"enum": [{"pattern": "a value"}]}, 7],
    }
    seen = [(pointer, value) for value, pointer in walk(doc, skip=DATA_KEYWORDS)]
    assert [p for p, _ in seen] == [(), ("a",), ("a", "pattern"), ("b",), ("b", 0), ("b", 1)]
    assert seen[-1][1] == 7
    everything = [pointer for _, pointer in walk(doc)]
    assert ("a", "example", "pattern") in everything
    assert ("b", 0, "enum", 0, "pattern") in everything
    assert everything.index(("a", "example", "pattern")) < everything.index(("b",))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["a", "b", "enum", "example", "items"]), inner, max_size=4
        )
    ),
    max_leaves=25,
)


@given(_JSON)
def test_walk_dicts_gives_the_mappings_walk_gives_in_its_order(doc: object) -> None:
    for skip in (frozenset(), DATA_KEYWORDS):
        expected = [value for value, _ in walk(doc, skip=skip) if isinstance(value, dict)]
        found = list(walk_dicts(doc, skip=skip))
        assert len(found) == len(expected)
        assert all(a is b for a, b in zip(found, expected, strict=True))
