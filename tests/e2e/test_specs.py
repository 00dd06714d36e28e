"""Checks for the hand-written OpenAPI specs in specs/.

1. Each spec is a valid OpenAPI 3.1 document.
2. Each spec follows the project's conventions (operation fields, named and described
   component schemas, no property-level titles).
3. Every example attached to a response validates against that response's schema, and
   uses only properties the schema declares.
4. Every JSON response body on the vendor pages the specs were written from is carried
   by an example of the matching spec. Those pages live in ../shared/seeds, next to the
   repository; the tests that need them are skipped when the folder is absent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).parents[2]
SPECS_DIR = ROOT / "specs"
SEEDS_DIR = Path(__file__).parents[2].parent / "shared" / "seeds"
SPEC_NAMES = ("aitronos", "feather", "agentdrop")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def load_spec(name: str) -> dict[str, Any]:
    with (SPECS_DIR / f"{name}.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


SPECS = {name: load_spec(name) for name in SPEC_NAMES}


# --- helpers -------------------------------------------------------------------------


def pointer(*parts: str) -> str:
    """A JSON pointer (RFC 6901) built from raw path segments."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def response_examples(spec: dict[str, Any]) -> Iterator[tuple[str, str, str, Any, str]]:
    """(status, media type, example name, example value, pointer to schema) per example."""
    for path, method, op in operations(spec):
        for status, response in op["responses"].items():
            for media, content in response.get("content", {}).items():
                schema_ptr = pointer(
                    "paths", path, method, "responses", status, "content", media, "schema"
                )
                for name, example in content.get("examples", {}).items():
                    yield status, media, name, example["value"], schema_ptr


def close_objects(node: Any) -> Any:
    """Copy of `node` where every schema with `properties` and no explicit
    `additionalProperties` rejects undeclared keys, so a misspelled key in an
    example fails validation instead of passing as an extra property."""
    if isinstance(node, dict):
        out = {k: close_objects(v) for k, v in node.items()}
        if isinstance(node.get("properties"), dict) and "additionalProperties" not in node:
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [close_objects(v) for v in node]
    return node


FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if "T" not in value.upper():
        raise ValueError(f"no time part: {value!r}")
    datetime.fromisoformat(value)
    return True


@FORMATS.checks("uri")
def is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


def validator_for(spec_document: dict[str, Any], uri: str, schema_ptr: str) -> Draft202012Validator:
    """Validator for the schema at `schema_ptr` inside `spec_document`; the schema's
    `#/components/...` references resolve against the spec document itself."""
    resource = Resource.from_contents(spec_document, default_specification=DRAFT202012)
    registry = Registry().with_resource(uri, resource)
    return Draft202012Validator(
        {"$ref": uri + "#" + quote(schema_ptr, safe="/~")},
        registry=registry,
        format_checker=FORMATS,
    )


def is_subset(part: Any, whole: Any) -> bool:
    """`part` is contained in `whole`: dict keys are a subset (recursively), lists have
    equal length and are item-wise subsets, scalars are equal (with equal types, so
    `true` does not match `1`)."""
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(
            k in whole and is_subset(v, whole[k]) for k, v in part.items()
        )
    if isinstance(part, list):
        return (
            isinstance(whole, list)
            and len(part) == len(whole)
            and all(is_subset(p, w) for p, w in zip(part, whole, strict=True))
        )
    return type(part) is type(whole) and part == whole


def carried(spec: dict[str, Any], body: Any, status: str | None = None) -> bool:
    """Whether some response example of `spec` (of `status`, if given) contains `body`."""
    return any(
        is_subset(body, value)
        for st, _media, _name, value, _ptr in response_examples(spec)
        if status is None or st == status
    )


# --- 1. the specs are valid OpenAPI 3.1 ----------------------------------------------


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_spec_is_valid_openapi_31(name: str) -> None:
    spec = load_spec(name)
    assert spec["openapi"] == "3.1.0"
    validate(spec)


# --- 2. conventions -------------------------------------------------------------------


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_operations_are_fully_described(name: str) -> None:
    spec = SPECS[name]
    assert spec["info"].get("title") and spec["info"].get("version")
    assert spec["info"].get("description")
    for path, method, op in operations(spec):
        where = f"{method.upper()} {path}"
        for field in ("operationId", "summary", "description", "tags"):
            assert op.get(field), f"{where}: missing {field}"
        for status, response in op["responses"].items():
            assert response.get("description"), f"{where} {status}: missing description"
            assert "application/json" in response.get("content", {}), f"{where} {status}"
            assert response["content"]["application/json"].get("examples"), (
                f"{where} {status}: no example"
            )


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_component_schemas_are_named_and_described(name: str) -> None:
    for schema_name, schema in SPECS[name]["components"]["schemas"].items():
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", schema_name), schema_name
        assert schema.get("description"), f"{schema_name}: missing description"


def property_schemas(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for prop, schema in props.items():
                yield f"{where}.{prop}", schema
        for key, value in node.items():
            yield from property_schemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from property_schemas(value, f"{where}/{i}")


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_properties_have_no_title(name: str) -> None:
    schemas = SPECS[name]["components"]["schemas"]
    titled = [where for where, s in property_schemas(schemas) if "title" in s]
    assert not titled


# --- 3. examples match their schemas ---------------------------------------------------

EXAMPLE_CASES = [
    pytest.param(name, value, schema_ptr, id=f"{name}-{status}-{example_name}")
    for name in SPEC_NAMES
    for status, _media, example_name, value, schema_ptr in response_examples(SPECS[name])
]


@pytest.mark.parametrize(("name", "value", "schema_ptr"), EXAMPLE_CASES)
def test_example_validates_against_response_schema(name: str, value: Any, schema_ptr: str) -> None:
    validator = validator_for(SPECS[name], f"urn:clientgen:spec:{name}", schema_ptr)
    errors = [e.message for e in validator.iter_errors(value)]
    assert not errors


@pytest.mark.parametrize(("name", "value", "schema_ptr"), EXAMPLE_CASES)
def test_example_uses_only_declared_properties(name: str, value: Any, schema_ptr: str) -> None:
    closed = close_objects(SPECS[name])
    validator = validator_for(closed, f"urn:clientgen:closed-spec:{name}", schema_ptr)
    errors = [e.message for e in validator.iter_errors(value)]
    assert not errors


def test_validator_catches_a_broken_example() -> None:
    """Guard for the two tests above: a wrong example must be reported."""
    spec = SPECS["aitronos"]
    content = spec["paths"]["/v1/personal-connectors"]["get"]["responses"]["200"]["content"]
    ptr = pointer("paths", "/v1/personal-connectors", "get", "responses", "200")
    ptr += pointer("content", "application/json", "schema")
    good = [content["application/json"]["examples"]["connectedConnectors"]["value"][0]]
    assert validator_for(spec, "urn:t:1", ptr).is_valid(good)
    assert not validator_for(spec, "urn:t:2", ptr).is_valid([{**good[0], "is_active": "yes"}])
    assert not validator_for(spec, "urn:t:3", ptr).is_valid([{**good[0], "created_at": "soon"}])
    closed = close_objects(spec)
    assert not validator_for(closed, "urn:t:4", ptr).is_valid([{**good[0], "conector_id": "x"}])


# --- 4. the vendor pages' response bodies are carried by the specs ---------------------


@pytest.fixture(scope="module")
def seeds() -> list[str]:
    if not SEEDS_DIR.is_dir():
        pytest.skip("../shared not present")
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))]


def seed_with_line(seeds: list[str], line: str, *, prefix: bool = False) -> str:
    """The one seed page that has `line` as a whole line (or, with `prefix`, a line
    starting with it). Pages are recognised by their title, not their file name."""

    def matches(text: str) -> bool:
        return any((ln.startswith(line) if prefix else ln == line) for ln in text.splitlines())

    found = [text for text in seeds if matches(text)]
    assert len(found) == 1, f"expected one seed page with line {line!r}, found {len(found)}"
    return found[0]


DECODER = json.JSONDecoder()


def json_values_after(text: str, markers: str | tuple[str, ...], count: int) -> list[Any]:
    """The `count` JSON values (object or array) that follow `markers` in `text`; a
    tuple of markers is searched for one after the other."""
    pos = 0
    for marker in (markers,) if isinstance(markers, str) else markers:
        pos = text.index(marker, pos) + len(marker)
    values = []
    for _ in range(count):
        start = min(i for i in (text.find("{", pos), text.find("[", pos)) if i >= 0)
        value, pos = DECODER.raw_decode(text, start)
        values.append(value)
    return values


def test_aitronos_list_page_bodies_are_carried(seeds: list[str]) -> None:
    page = seed_with_line(seeds, "title: List Connected Connectors")
    # Every ```json block sits in a tab labelled with its status ("200 OK", ...); the
    # request samples are ```bash/```python/```javascript blocks and are not matched.
    blocks = re.findall(r'\{% tab label="(\d{3})[^"]*" %\}\s*```json\n(.*?)```', page, re.S)
    assert [status for status, _ in blocks] == ["200", "400", "401", "403", "429", "500"]
    assert len(blocks) == page.count("```json")
    for status, body in blocks:
        assert carried(SPECS["aitronos"], json.loads(body), status), status


def test_aitronos_retrieve_page_bodies_are_carried(seeds: list[str]) -> None:
    page = seed_with_line(seeds, "# Retrieve Personal Connector", prefix=True)
    (ok,) = json_values_after(page, "200 OK", 1)
    assert ok["id"] == "pcon_github"
    assert carried(SPECS["aitronos"], ok, "200")
    errors = json_values_after(page, "Errors", 2)
    assert len(errors) == page.count("```json") - 1
    for body in errors:
        # The page gives these bodies no status code; any response may carry them.
        assert carried(SPECS["aitronos"], body), body


def test_feather_excerpt_is_carried(seeds: list[str]) -> None:
    """The OpenAPI excerpt on the Feather page, less its property-level titles, is
    contained in specs/feather.yaml (the page has no JSON example of its own)."""
    page = seed_with_line(seeds, "# List the calling org's connections")
    (excerpt_text,) = re.findall(r"````yaml[^\n]*\n(.*?)````", page, re.S)
    excerpt = yaml.safe_load(excerpt_text)
    for _where, schema in property_schemas(excerpt["components"]["schemas"]):
        schema.pop("title", None)
    spec = SPECS["feather"]
    for key in ("openapi", "info", "servers", "security", "paths"):
        assert is_subset(excerpt[key], spec[key]), key
    assert is_subset(excerpt["components"], spec["components"])
    # Nothing added beyond the excerpt's schemas and security schemes.
    assert spec["components"]["schemas"].keys() == excerpt["components"]["schemas"].keys()
    assert spec["paths"].keys() == excerpt["paths"].keys()


def test_feather_rendered_page_body_is_carried(seeds: list[str]) -> None:
    page = seed_with_line(seeds, "List the calling org's connections")
    (body,) = json_values_after(page, "--header 'x-api-key: <api-key>'", 1)
    assert isinstance(body, list) and body[0]["tools"]
    assert carried(SPECS["feather"], body, "200")


def test_agentdrop_page_bodies(seeds: list[str]) -> None:
    page = seed_with_line(seeds, "List Connections")
    (sample,) = json_values_after(page, "--header 'Authorization: <authorization>'", 1)
    (example,) = json_values_after(page, ("\nExamples\n", "\nResponse\n"), 1)
    # The full example is attached exactly.
    assert any(
        value == example
        for status, _m, _n, value, _p in response_examples(SPECS["agentdrop"])
        if status == "200"
    )
    # The first sample flattens the field table ("connections[].id": ...) and is not a
    # body the server can send; the spec deliberately does not carry it.
    assert "connections[].id" in sample
    assert not carried(SPECS["agentdrop"], sample)
