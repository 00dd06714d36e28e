"""Name sanitising: every spec string becomes a valid, readable, unique Python name."""

from __future__ import annotations

import keyword

import pytest

from generator._names import NameScope, class_scope, constant_case, pascal_case, snake_case


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
        ("type", "type"),
        ("l", "l"),
        ("L", "l"),
        ("I", "i"),
    ],
)
def test_snake_case(raw: str, expected: str) -> None:
    assert snake_case(raw) == expected
    assert snake_case(raw).isidentifier()
    assert not keyword.iskeyword(snake_case(raw))


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

    source = Path(__file__).resolve().parents[1] / "templates" / "runtime" / "errors.py"
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
