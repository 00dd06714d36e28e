"""The machinery under the fakes: the schema check (against jsonschema), request checks, the
generated fake of a spec with a body and typed parameters, and the type-checking of tests
written with the fakes."""

from __future__ import annotations

import contextlib
import copy
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from connector_clients._testing import schema_errors, synthesize
from connector_clients.agentdrop.testing import FakeAgentDrop
from connector_clients.aitronos.testing import (
    FakeAitronos,
    ListConnectedConnectorsCall,
    RetrievePersonalConnectorCall,
    SpecMismatch,
)
from connector_clients.feather.testing import FakeFeather

from .._servers import GENERATED, ROOT
from ..conftest import run_module
from .test_typecheck import describe, mypy, pyright, pyright_config

USER_TESTS = ROOT / "tests" / "e2e" / "test_testing_fakes.py"
FAKES = (FakeAitronos, FakeFeather, FakeAgentDrop)


# -- the schema check, against jsonschema ------------------------------------------------------


def _mutations(value: Any) -> Iterator[Any]:
    """Variants of a JSON value: each field removed, each value replaced by another type."""
    if isinstance(value, dict):
        for key in value:
            dropped = {k: v for k, v in value.items() if k != key}
            yield dropped
            for other in (None, 7, "text", [], {}, True):
                yield {**value, key: other}
            for inner in _mutations(value[key]):
                yield {**value, key: inner}
    elif isinstance(value, list) and value:
        for inner in _mutations(value[0]):
            yield [inner, *value[1:]]
        yield [*value, "stray"]


def _cases() -> Iterator[tuple[str, Any, Any, Any]]:
    for fake_type in FAKES:
        spec = fake_type().spec
        for name, operation in spec.operations.items():
            for response in operation["responses"]:
                schema = response.get("schema")
                for example in response.get("examples") or []:
                    yield (
                        f"{spec.api}.{name}.{response['status']}",
                        schema,
                        spec.components,
                        example,
                    )


CASES = list(_cases())


def test_every_operation_of_the_three_specs_has_example_cases() -> None:
    assert {case[0].split(".")[0] for case in CASES} == {"Aitronos", "Feather", "AgentDrop"}
    assert len(CASES) >= 8


@pytest.mark.parametrize(
    ("where", "schema", "components", "example"), CASES, ids=[c[0] for c in CASES]
)
def test_schema_check_agrees_with_jsonschema(
    where: str, schema: Any, components: Any, example: Any
) -> None:
    """On each example of the specs and on hundreds of broken variants, our check and
    jsonschema (Draft 2020-12, formats checked) accept and refuse the same values."""
    root = {**schema, "components": {"schemas": components}}
    validator = jsonschema.Draft202012Validator(
        root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    checked = 0
    for value in [example, *_mutations(copy.deepcopy(example))]:
        ours = schema_errors(value, schema, components)
        theirs = [
            e
            for e in validator.iter_errors(value)
            if e.validator != "format" or e.validator_value in ("date-time", "date", "uuid")
        ]
        assert bool(ours) == bool(theirs), (where, value, ours, [e.message for e in theirs])
        checked += 1
    assert checked > 10


@pytest.mark.parametrize("fake_type", FAKES, ids=lambda f: f.__name__)
def test_synthesised_values_fit_their_schemas(fake_type: type[Any]) -> None:
    """With no example, an answer is made from the schema; it must validate (jsonschema)."""
    spec = fake_type().spec
    for name, schema in spec.components.items():
        value = synthesize(schema, spec.components)
        root = {**schema, "components": {"schemas": spec.components}}
        errors = [e.message for e in jsonschema.Draft202012Validator(root).iter_errors(value)]
        assert errors == [], (name, value)


def test_errors_name_the_field() -> None:
    schema = {"$ref": "#/components/schemas/Box"}
    components = {
        "Box": {
            "type": "object",
            "required": ["items"],
            "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
            },
        },
        "Item": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"size": {"type": "integer", "maximum": 3}, "odd key": {"enum": ["a"]}},
        },
    }
    value = {"items": [{"size": 2}, {"size": 4, "odd key": "b", "extra": 1}]}
    assert schema_errors(value, schema, components) == [
        "$.items[1].size: 4 is above the maximum 3",
        '$.items[1]["odd key"]: "b" is not one of ["a"]',
        "$.items[1].extra: field not in the schema",
    ]


# -- requests against the spec ------------------------------------------------------------------


def test_path_and_query_parameters_are_recorded_typed_and_checked() -> None:
    fake = FakeAitronos()
    client = fake.client()
    client.list_connected_connectors(organization_id="org_1")
    client.retrieve_personal_connector("pcon/with slash")
    assert fake.list_connected_connectors.calls == [
        ListConnectedConnectorsCall(organization_id="org_1")
    ]
    assert fake.retrieve_personal_connector.calls == [
        RetrievePersonalConnectorCall(connector_id="pcon/with slash")
    ]
    assert [c.operation for c in fake.calls] == [
        "list_connected_connectors",
        "retrieve_personal_connector",
    ]
    http = fake.http_client()
    with pytest.raises(SpecMismatch, match="query parameter 'organizationId' is required"):
        http.get("https://api.aitronos.com/v1/personal-connectors")
    with pytest.raises(SpecMismatch, match="has no DELETE operation on this path, only GET"):
        http.delete("https://api.aitronos.com/v1/personal-connectors?organizationId=o")
    with pytest.raises(SpecMismatch, match="no operation of the Aitronos spec has this path"):
        http.get("https://api.aitronos.com/v1/nowhere")
    with pytest.raises(SpecMismatch, match="declares no request body"):
        http.request(
            "GET", "https://api.aitronos.com/v1/personal-connectors?organizationId=o", content=b"{}"
        )
    with pytest.raises(SpecMismatch, match="no credentials: the spec asks for ApiKeyAuth"):
        http.get("https://api.aitronos.com/v1/personal-connectors?organizationId=o")
    assert len(fake.mismatches) == 5
    with pytest.raises(SpecMismatch, match="5 request"):
        fake.verify()
    fake.reset()
    fake.verify()
    assert fake.calls == []


def test_a_fake_used_as_a_context_manager_verifies_on_exit() -> None:
    with pytest.raises(SpecMismatch), FakeFeather() as fake, contextlib.suppress(SpecMismatch):
        fake.client().list_connections(extra_query={"x": "1"})


SHELF_PROBE = """
import asyncio, json
from p_shelf import models, UnprocessableEntityError
from p_shelf.testing import FakeClient, SpecMismatch, StubRejected, UpdateItemCall

fake = FakeClient()
client = fake.client()
# No example in the spec: the answer is made from the schema.
item = client.update_item(3, x_mode="final", tags=["a", "b"], body=models.ItemUpdate(name="n", count=2))
assert isinstance(item, models.Item) and item.kind == models.ItemKind.BOOK, item
assert fake.update_item.calls == [
    UpdateItemCall(item_id=3, x_mode="final", body=models.ItemUpdate(name="n", count=2), tags=["a", "b"])
], fake.update_item.calls
assert fake.update_item.requests[0].url.path == "/api/items/3"

def mismatch(*args, **kwargs):
    try:
        client.update_item(*args, **kwargs)
    except SpecMismatch as exc:
        return str(exc)
    raise AssertionError("no mismatch")

assert "path parameter 'item_id': 0 is below the minimum 1" in mismatch(
    0, x_mode="final", body=models.ItemUpdate(name="n", count=2))
text = mismatch(1, x_mode="final", body=models.ItemUpdate.model_construct(name="", count=0))
assert "body.name: shorter than 1 characters" in text and "body.count: 0 is below the minimum 1" in text
assert "body.count: required field missing" in mismatch(
    1, x_mode="final", body=models.ItemUpdate.model_construct(name="x"))
assert "header parameter 'X-Mode'" in mismatch(
    1, x_mode="final", body=models.ItemUpdate(name="n", count=2), extra_headers={"X-Mode": "wip"})

try:
    fake.update_item.returns(models.Item.model_construct(
        id=1, name="x", count=1, created_at="yesterday", kind="car"))
except StubRejected as exc:
    assert '$.created_at: "yesterday" is not a date-time' in str(exc), exc
    assert '$.kind: "car" is not one of ["book", "tool"]' in str(exc), exc
else:
    raise AssertionError("stub accepted")

fake.update_item.fails(422, models.Problem(detail="count too high"))
async def main():
    async with fake.async_client() as aclient:
        try:
            await aclient.update_item(1, x_mode="draft", body=models.ItemUpdate(name="n", count=9))
        except UnprocessableEntityError as exc:
            assert exc.body == models.Problem(detail="count too high"), exc.body
        else:
            raise AssertionError("no error")
asyncio.run(main())
assert len(fake.mismatches) == 4, fake.mismatches
print("ok")
"""


def test_a_generated_fake_checks_bodies_headers_and_typed_path_parameters(tmp_path: Path) -> None:
    spec = ROOT / "tests" / "specs" / "fakes.yaml"
    result = run_module(tmp_path, "generate", str(spec), "--output", "out", "--package", "p_shelf")
    assert result.returncode == 0, result.stderr
    ran = subprocess.run(
        [sys.executable, "-c", SHELF_PROBE],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.strip() == "ok"


def test_the_spec_data_is_the_specs_examples() -> None:
    """The default answer is the spec's own example, byte for byte as JSON."""
    spec = yaml.safe_load((ROOT / "specs" / "feather.yaml").read_text(encoding="utf-8"))
    example = spec["paths"]["/v1/integrations/connections"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["examples"]["connections"]["value"]
    fake = FakeFeather()
    response = fake.http_client().get(
        "https://api-sandbox.featherhq.com/v1/integrations/connections",
        headers={"x-api-key": "k"},
    )
    assert response.status_code == 200
    assert response.json() == example


# -- tests written with the fakes type-check ------------------------------------------------


def test_user_tests_pass_mypy_strict(tmp_path: Path) -> None:
    result = mypy(ROOT, tmp_path / "mypy-cache", str(USER_TESTS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_user_tests_pass_pyright_strict(tmp_path: Path) -> None:
    copied = tmp_path / "user_tests.py"
    copied.write_text(USER_TESTS.read_text(encoding="utf-8"), encoding="utf-8")
    report = pyright(pyright_config(tmp_path, copied))
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert summary["errorCount"] == 0, describe(report)


MISUSE = """
from connector_clients.agentdrop import ConnectionList
from connector_clients.agentdrop.testing import FakeAgentDrop, ListConnectionsCall
from connector_clients.feather import ErrorResponse
from connector_clients.feather.testing import FakeFeather

fake = FakeFeather()
fake.list_connections.returns("not a list")  # line 8
fake.list_connections.fails(400, ErrorResponse(error="e", message="m"))
drop = FakeAgentDrop()
drop.list_connections.returns([])  # line 11
ListConnectionsCall(status="revoked")  # line 12
listing: ConnectionList = drop.list_connections.last_call  # line 13
"""


def test_misused_stubs_are_type_errors(tmp_path: Path) -> None:
    program = tmp_path / "misuse.py"
    program.write_text(textwrap.dedent(MISUSE), encoding="utf-8")
    result = mypy(tmp_path, tmp_path / "mypy-cache", str(program))
    lines = sorted(
        {int(line.split(":")[1]) for line in result.stdout.splitlines() if ": error:" in line}
    )
    assert lines == [8, 11, 12, 13], result.stdout
    assert GENERATED.is_dir()


def test_the_readme_example_passes_under_pytest(tmp_path: Path) -> None:
    """The generated README's fake example, run as a test file with the package's plugin."""
    readme = (GENERATED / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Testing your code: fakes") :]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    (tmp_path / "test_example.py").write_text(code, encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_example.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout[-3000:]
    assert "1 passed" in ran.stdout
