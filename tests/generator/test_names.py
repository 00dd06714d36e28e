"""Name sanitising: every spec string becomes a valid, readable, unique Python name."""

from __future__ import annotations

import ast
import keyword
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import _names
from generator._names import (
    SOFT_KEYWORDS,
    NameScope,
    class_scope,
    constant_case,
    module_name,
    pascal_case,
    snake_case,
)

from ..conftest import run_cli


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("iconUrl", "icon_url"),
        ("organizationId", "organization_id"),
        ("from", "from_"),
        ("class", "class_"),
        ("meta/root", "meta_root"),
        ("listConnectedConnectors", "list_connected_connectors"),
        ("HTTPResponseCode", "http_response_code"),
        ("2fa-code", "value_2fa_code"),
        ("x-api-key", "x_api_key"),
        ("$filter", "filter"),
        ("naïve café", "naive_cafe"),
        ("🚀", "value"),
        ("", "value"),
        ("type", "type_"),
        ("match", "match_"),
        ("case", "case_"),
        ("_", "value"),
        ("async", "async_"),
        ("await", "await_"),
        ("l", "l"),
        ("L", "l"),
        ("I", "i"),
    ],
)
def test_snake_case(raw: str, expected: str) -> None:
    assert snake_case(raw) == expected
    assert snake_case(raw).isidentifier()
    assert not keyword.iskeyword(snake_case(raw))
    assert snake_case(raw) not in SOFT_KEYWORDS


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ConnectionResponse", "ConnectionResponse"),
        ("connection_response", "ConnectionResponse"),
        ("Response Listconnections", "ResponseListconnections"),
        ("123abc", "Model123abc"),
        ("a.b.c", "ABC"),
        ("", "Model"),
    ],
)
def test_pascal_case(raw: str, expected: str) -> None:
    assert pascal_case(raw) == expected


def test_constant_case() -> None:
    assert constant_case("list_connections") == "LIST_CONNECTIONS"
    assert constant_case("class_") == "CLASS"


def test_scope_treats_case_variants_as_the_same_name() -> None:
    scope = NameScope()
    assert scope.claim("VLAN", "Model") == "VLAN"
    assert scope.claim("Vlan", "Model") == "VlanModel"
    assert scope.claim("vlan", "Model") == "vlanModel2"


def test_class_scope_avoids_our_own_names() -> None:
    scope = class_scope("FeatherClient")
    assert scope.claim("Client", "Model") == "ClientModel"
    assert scope.claim("APIError", "Model") == "APIErrorModel"
    assert scope.claim("FeatherClient", "Model") == "FeatherClientModel"
    assert scope.claim("BaseModel", "Model") == "BaseModelModel"


def test_error_names_are_the_runtime_error_classes() -> None:
    """The generator re-exports ERROR_NAMES from each API subpackage and keeps schemas from
    shadowing them: the list must be exactly the error classes the runtime defines."""
    import ast
    from pathlib import Path

    from generator._names import ERROR_NAMES

    source = Path(__file__).resolve().parents[2] / "templates" / "runtime" / "errors.py"
    tree = ast.parse(source.read_text())
    exported = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    )
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    assert set(ERROR_NAMES) == {name for name in exported if name in classes}
    assert sorted(ERROR_NAMES) == list(ERROR_NAMES)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("async", "async_"),
        ("Async", "async_"),
        ("typing", "typing_"),
        ("json", "json_"),
        ("models", "models_"),
        ("errors", "errors_"),
        ("resources", "resources_"),
        ("match", "match_"),
        ("type", "type_"),
        ("__init__", "init"),
        ("pets", "pets"),
        ("Pet Store", "pet_store"),
    ],
)
def test_module_name(raw: str, expected: str) -> None:
    assert module_name(raw) == expected


RISKY = st.sampled_from(
    [*keyword.kwlist, *SOFT_KEYWORDS, *sorted(sys.stdlib_module_names)[:60], "models", "l"]
)


@given(st.one_of(RISKY, st.text(max_size=12), RISKY.map(str.title), RISKY.map(str.upper)))
def test_every_name_the_sanitiser_gives_is_usable(text: str) -> None:
    """Whatever the spec says, each kind of name is an identifier that is no keyword (hard or
    soft), and a module name hides no standard module and none of the package's own."""
    for name in (snake_case(text), module_name(text), pascal_case(text), constant_case(text)):
        assert name.isidentifier(), name
        assert not keyword.iskeyword(name) and name not in SOFT_KEYWORDS, name
    module = module_name(text)
    assert module not in sys.stdlib_module_names
    assert module not in {"models", "resources", "errors", "loader"}
    assert module == module.lower()


MINIMAL = (
    'openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    get:\n'
    "      operationId: getA\n      responses:\n        '204': {description: done}\n"
)


@pytest.mark.parametrize(("stem", "subpackage"), [("async", "async_"), ("errors", "errors_")])
def test_a_spec_file_named_like_a_keyword_or_our_module_generates(
    stem: str, subpackage: str, tmp_path: Path
) -> None:
    """In a project each spec is a subpackage named after its file."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / f"{stem}.yaml").write_text(MINIMAL)
    (tmp_path / "pyproject.toml").write_text("[tool.clientgen]\npackage = 'p-named'\n")
    result = run_cli(tmp_path, "generate")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "generated" / "p_named" / subpackage / "_client.py").is_file()
    probe = f"import p_named.errors, p_named.{subpackage} as api\nassert api.__all__\n"
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path / "generated",
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]


def test_a_package_named_like_a_standard_module_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(MINIMAL)
    result = run_cli(tmp_path, "generate", str(spec), "--output", "out", "--package", "json")
    assert result.exit_code == 2
    assert "'json' is a standard library module" in result.output
    assert not (tmp_path / "out").exists()


def test_arguments_never_overlap_the_request_options() -> None:
    """A parameter named like a key of `**options` (`timeout`, ...) gets another name: mypy
    refuses a keyword argument that a `**kwargs: Unpack[TypedDict]` also declares."""
    runtime = (Path(__file__).resolve().parents[2] / "templates/runtime/_types.py").read_text()
    tree = ast.parse(runtime)
    [options] = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "RequestOptions"]
    keys = {
        n.target.id
        for n in options.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    }
    assert keys == _names.REQUEST_OPTIONS
    scope = _names.argument_scope()
    for key in sorted(keys):
        assert scope.claim(key) != key
